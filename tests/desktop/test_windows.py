"""Several windows: a second window on another layout of the same server reports its own events,
remembers its geometry under its name, and goes when the main window closes the app; a window on a
child server shows the child's layout and talks to the child's state and controller."""

import json
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "windows_app.py")
MAIN, SECOND = "WindowsApp", "Inspector"


def test_a_second_window_reports_its_events_and_is_remembered(launch, x, desktop_env):
    app = launch(APP).wait_shown()
    assert app.command("call", "open_inspector") == "inspector"
    wait_for(lambda: x.has_window(SECOND), "the second window")
    app.wait_line('APP window inspector shown []')
    wait_for(lambda: app.command("call", "inspector_text") == "Inspector sees 0", "its own layout")
    assert x.geometry(SECOND) == (500, 350)

    app.command("js", "document.getElementById('inc').click(); 1")  # one server: both windows follow
    wait_for(lambda: app.command("call", "inspector_text") == "Inspector sees 1", "the shared state")

    app.command("call", "resize_inspector")
    app.wait_line('APP window inspector resized [420, 300]')
    assert not app.has_line("APP window main")  # the main window's events keep their own hooks
    x.close(SECOND)
    app.wait_line("APP window inspector closed []")
    assert x.has_window(MAIN) and app.process.poll() is None  # the app goes on
    saved = json.loads((Path(desktop_env["XDG_STATE_HOME"]) / "windows_app" / "window-inspector.json").read_text())
    assert (saved["width"], saved["height"]) == (420, 300)

    app.command("call", "open_inspector")  # opened again: where it was left
    wait_for(lambda: x.has_window(SECOND), "the second window again")
    wait_for(lambda: x.geometry(SECOND) == (420, 300), "the remembered size")

    assert app.close_window(x, MAIN) == 0, app.output()  # the main window ends the app, the others go too
    assert not x.has_window(SECOND)


def test_a_window_on_a_child_server_shows_its_layout_and_reaches_its_state_and_controller(launch, x):
    app = launch(APP).wait_shown()
    assert app.command("call", "open_child") == "child"
    wait_for(lambda: x.has_window("Child"), "the child server's window")
    app.wait_line("APP child-server window child shown []")  # the child's own on_window_event hook
    wait_for(lambda: app.command("call", "child_text") == "Child value 41", "the child's layout")

    x.run("xdotool", "windowactivate", "--sync", x.window_id("Child"))
    x.click("Child", *app.command("call", "child_button"))  # a click through the X server: the child's trigger
    wait_for(lambda: app.command("call", "child_text") == "Child value 42", "the child's state on screen")
    assert app.command("call", "child_value") == [42, 42]  # the child's name, prefixed in the one state

    x.close("Child")
    app.wait_line("APP child-server window child closed []")
    assert not app.has_line("APP window child")  # the root server's hook hears its own windows only
    assert app.close_window(x, MAIN) == 0, app.output()
