"""Broken state files and off-screen positions: the app still opens its window, with defaults, on screen.

Each launch is the counter app in a real window under Xvfb (1280x1024, from ``tests/support/display.py``),
with its state folder (window.json, server.json, render.json) written beforehand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
SCREEN = (1280, 1024)  # x_display()'s default size


def _state_dir(env: dict[str, str]) -> Path:
    # platformdirs' user_state_dir on Linux, for the app named after the server ("counter_app")
    folder = Path(env["XDG_STATE_HOME"]) / "counter_app"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _saved_render(path: Path) -> bool:
    try:
        return json.loads(path.read_text())["bundle"].endswith(".js")
    except (OSError, ValueError, KeyError):
        return False


def _frame(x, title: str) -> tuple[int, int, int, int]:
    """The window's place on the screen (x, y, width, height) as X reports it."""
    out = x.run("xdotool", "getwindowgeometry", "--shell", x.window_id(title))
    values = dict(line.split("=", 1) for line in out.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def _on_screen(frame: tuple[int, int, int, int]) -> bool:
    left, top, width, height = frame
    return left >= 0 and left + width <= SCREEN[0] and top >= 0 and top + height <= SCREEN[1]


HOSTILE = {
    "window.json": {
        "infinity": b'{"width": Infinity, "height": 480, "x": 10, "y": 10}',
        "1e30": b'{"width": 1e30, "height": 480}',
        "nested": b"[" * 100_000,
    },
    "server.json": {
        "infinity": b'{"port": Infinity}',
        "nested": b"[" * 30_000 + b"]" * 30_000,
        "not-utf-8": b'{"port": "\xff"}',
    },
    "render.json": {
        "nested": b'{"bundle": ' + b"[" * 60_000 + b"}",
        "10-MB": b'{"bundle": "' + b"x" * 10_000_000 + b'"}',
        "wrong-type": b'{"bundle": 42, "snapshot": "", "html": ""}',
    },
}


# Which of HOSTILE each launch writes, per file.
VARIANTS = {
    "infinity": {"window.json": "infinity", "server.json": "infinity", "render.json": "wrong-type"},
    "nested": {"window.json": "nested", "server.json": "nested", "render.json": "nested"},
    "huge": {"window.json": "1e30", "server.json": "not-utf-8", "render.json": "10-MB"},
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_broken_state_files_are_set_aside_and_the_app_opens_with_defaults(variant, launch, x, desktop_env):
    folder = _state_dir(desktop_env)
    written = {}
    for name, which in VARIANTS[variant].items():
        written[name] = HOSTILE[name][which]
        (folder / name).write_bytes(written[name])

    app = launch(COUNTER).wait_shown()
    assert x.geometry(TITLE) == (1024, 768)  # the default size, not the broken file's
    for name, raw in written.items():
        stem = Path(name).stem
        aside = list(folder.glob(f"{stem}.broken-*.json"))
        assert len(aside) == 1 and aside[0].read_bytes() == raw, (name, sorted(p.name for p in folder.iterdir()))
        assert app.has_line("ignoring the saved", "stderr") and app.has_line(str(folder / name), "stderr"), \
            app.output()
    # the launch writes good files again (window.json only once the window is resized or moved; its
    # render half a second after the page's load): the next one reads them without a word
    wait_for(lambda: _saved_render(folder / "render.json"), "the launch's first render saved")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert isinstance(json.loads((folder / "server.json").read_text())["port"], int)
    second = launch(COUNTER).wait_shown()
    assert second.close_window(x, TITLE) == 0, second.output()
    assert not any("ignoring the saved" in line for line in second.stderr), second.output()
    assert len(list(folder.glob("*.broken-*.json"))) == 3


@pytest.mark.parametrize(("saved_x", "saved_y"), [(5000, 100), (100, 3000), (-4000, -4000), (1260, 1000)])
def test_a_window_saved_off_screen_opens_on_screen(saved_x, saved_y, launch, x, desktop_env):
    folder = _state_dir(desktop_env)
    (folder / "window.json").write_text(json.dumps({"width": 640, "height": 480, "x": saved_x, "y": saved_y}))
    app = launch(COUNTER).wait_shown()
    wait_for(lambda: _on_screen(_frame(x, TITLE)), f"the window on the {SCREEN} screen, not at {saved_x},{saved_y}")
    left, top, width, height = _frame(x, TITLE)
    assert (width, height) == (640, 480), (left, top, width, height)
    # centred (the window manager's frame may shift it by a few pixels)
    assert abs(left + width // 2 - SCREEN[0] // 2) < 40 and abs(top + height // 2 - SCREEN[1] // 2) < 60, \
        (left, top, width, height)
    assert app.has_line("would be off every screen or larger", "stderr"), app.output()
    assert app.close_window(x, TITLE) == 0, app.output()
    saved = json.loads((folder / "window.json").read_text())
    assert 0 <= saved["x"] < SCREEN[0] and 0 <= saved["y"] < SCREEN[1], (saved, app.output())  # where it was, not where it was saved


def test_a_window_saved_on_screen_stays_where_it_was(launch, x, desktop_env):
    folder = _state_dir(desktop_env)
    (folder / "window.json").write_text(json.dumps({"width": 640, "height": 480, "x": 600, "y": 500}))
    app = launch(COUNTER).wait_shown()
    wait_for(lambda: app.command("geometry")["position"] == [600, 500], "the saved position")
    assert not app.has_line("would be off every screen or larger", "stderr"), app.output()
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_window_larger_than_the_screen_is_shrunk_onto_it(launch, x, desktop_env):
    folder = _state_dir(desktop_env)
    (folder / "window.json").write_text(json.dumps({"width": 4000, "height": 3000, "x": 0, "y": 0}))
    app = launch(COUNTER).wait_shown()
    wait_for(lambda: _on_screen(_frame(x, TITLE)), lambda: f"the window within the screen: {_frame(x, TITLE)}\n{app.output()}")
    assert app.close_window(x, TITLE) == 0, app.output()
