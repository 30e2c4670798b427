"""trame_desktop.shell.window_options: one table gives the start() keywords, the flags and the merge order."""

from __future__ import annotations

import argparse
from dataclasses import fields

import pytest

from trame_desktop.process.geometry import Geometry
from trame_desktop.shell.window_options import (
    WINDOW_KWARGS,
    WindowOptions,
    add_window_arguments,
    options_from_argv,
    options_from_cli,
)


def parse(*argv: str) -> dict:
    parser = argparse.ArgumentParser()
    add_window_arguments(parser)
    return options_from_cli(parser.parse_args(list(argv)))


def test_every_field_is_a_start_keyword():
    assert {f.name for f in fields(WindowOptions)} == WINDOW_KWARGS
    assert "width" in WINDOW_KWARGS and "restore_geometry" in WINDOW_KWARGS and "port" not in WINDOW_KWARGS


def test_the_window_keywords_are_create_windows():
    assert WindowOptions(width=700, on_top=True).create_window_kwargs() == {
        "width": 700, "height": 768, "x": None, "y": None, "min_size": (200, 100), "resizable": True,
        "frameless": False, "on_top": True, "fullscreen": False, "maximized": False, "background_color": "#FFFFFF",
    }


def test_nothing_given_is_nothing_set():
    assert parse() == {}


def test_flags_give_field_values():
    assert parse("--title", "T", "--size", "700x500", "--position", "10x20", "--min-size", "300X200",
                 "--fixed-size", "--frameless", "--on-top", "--fullscreen", "--maximized",
                 "--background-color", "#000000", "--icon", "i.png", "--app-name", "A", "--no-restore",
                 "--debug") == {
        "title": "T", "width": 700, "height": 500, "x": 10, "y": 20, "min_size": (300, 200),
        "resizable": False, "frameless": True, "on_top": True, "fullscreen": True, "maximized": True,
        "background_color": "#000000", "icon": "i.png", "app_name": "A", "restore_geometry": False,
        "debug": True,
    }


def test_a_bad_size_is_a_usage_error():
    with pytest.raises(SystemExit):
        parse("--size", "big")


def test_window_options_among_app_arguments_leave_the_rest():
    assert options_from_argv(["--app", "--title", "T", "--size", "640x480", "--port", "0", "--mine"]) == {
        "title": "T", "width": 640, "height": 480,
    }


def test_merge_order_keywords_then_geometry_then_command_line():
    options = WindowOptions().merged(width=900, title=None)
    assert options.width == 900 and options.title is None  # None is "not given"
    restored = options.with_geometry(Geometry(width=640, height=480, x=5, y=6))
    assert (restored.width, restored.height, restored.x, restored.y) == (640, 480, 5, 6)
    assert restored.merged(**parse("--size", "800x600")).width == 800


def test_no_restore_ignores_the_saved_geometry():
    options = WindowOptions(restore_geometry=False)
    assert options.with_geometry(Geometry(width=640, height=480)) == options
