"""trame_desktop.shell.toolkit.choose_gui: the shell picks the GUI backend itself, so pywebview never probes."""

from __future__ import annotations

import argparse

import pytest

from trame_desktop.launcher.preflight import backend_problem
from trame_desktop.shell.toolkit import choose_gui
from trame_desktop.shell.window_options import add_window_arguments, options_from_cli


def yes() -> bool:
    return True


def no() -> bool:
    return False


def test_the_command_line_wins_then_our_variable_then_pywebviews():
    env = {"TRAME_DESKTOP_GUI": "gtk", "PYWEBVIEW_GUI": "qt"}
    assert choose_gui("qt", env, "linux", qt=yes, gtk=yes).gui == "qt"
    assert choose_gui("qt", env, "linux", qt=yes, gtk=yes).reason == "asked for with --gui"
    assert choose_gui(None, env, "linux", qt=yes, gtk=yes).gui == "gtk"
    assert choose_gui(None, {"PYWEBVIEW_GUI": "QT"}, "linux", qt=yes, gtk=yes).gui == "qt"


def test_otherwise_the_first_installed_qt_before_gtk():
    assert choose_gui(None, {}, "linux", qt=yes, gtk=yes).gui == "qt"
    choice = choose_gui(None, {}, "linux", qt=no, gtk=yes)
    assert (choice.gui, choice.reason, choice.installed) == ("gtk", "the first one installed", True)
    assert choose_gui(None, {}, "linux", qt=no, gtk=no).installed is False
    assert choose_gui(None, {}, "win32", qt=no, gtk=no).gui is None  # the platform's own backend


def test_a_backend_asked_for_and_missing_is_a_clear_preflight_message():
    assert choose_gui(None, {"TRAME_DESKTOP_GUI": "gtk"}, "linux", qt=yes, gtk=no).installed is False
    message = backend_problem({"TRAME_DESKTOP_GUI": "gtk"}, "linux", qt=yes, gtk=no) or ""
    assert "TRAME_DESKTOP_GUI" in message and 'trame-desktop[gtk]' in message
    message = backend_problem({}, "linux", requested="qt", qt=no, gtk=yes) or ""
    assert "--gui" in message and 'trame-desktop[qt]' in message
    assert "use qt or gtk" in (backend_problem({"TRAME_DESKTOP_GUI": "tk"}, "linux", qt=yes, gtk=yes) or "")
    assert "no GUI backend" in (backend_problem({}, "linux", qt=no, gtk=no) or "")


def test_gui_is_a_window_option_on_the_command_line():
    parser = argparse.ArgumentParser()
    add_window_arguments(parser)
    assert options_from_cli(parser.parse_args(["--gui", "GTK"])) == {"gui": "gtk"}
    with pytest.raises(SystemExit):
        parser.parse_args(["--gui", "tk"])
