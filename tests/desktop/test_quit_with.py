"""Which close ends the app: the main window's (the default) or, with ``quit_with="last"``, the last
window's; either way through the app's veto (``on_window_closing``) and the server's stop."""

import signal

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "windows_app.py")
MAIN, SECOND = "WindowsApp", "Inspector"


def open_inspector(app, x):
    assert app.command("call", "open_inspector") == "inspector"
    wait_for(lambda: x.has_window(SECOND), "the second window")
    wait_for(lambda: app.command("call", "inspector_text") == "Inspector sees 0", "its page")


def count(app, text):
    return app.output().split("--- stderr ---")[0].count(text)


def test_by_default_closing_the_main_window_ends_the_app(launch, x):
    app = launch(APP).wait_shown()
    open_inspector(app, x)
    app.command("set", "keep_open true")
    x.close(MAIN)
    app.wait_line("APP closing asked")
    wait_for(lambda: app.command("state", "count") == 0, "the app answering after its veto")
    assert x.has_window(MAIN) and x.has_window(SECOND)

    app.command("set", "keep_open false")
    assert app.close_window(x, MAIN) == 0, app.output()
    assert app.has_line("DRIVER event on_window_closed")  # the hook the stop path calls
    assert not x.has_window(SECOND)


def test_with_quit_with_last_the_main_window_hides_and_the_last_window_ends_the_app(launch, x):
    app = launch(APP, "--last").wait_shown()
    open_inspector(app, x)
    x.close(MAIN)  # others are open: the main window only hides, and the app is not asked
    wait_for(lambda: not x.has_window(MAIN), "the main window hidden")
    assert app.process.poll() is None and x.has_window(SECOND)
    assert not app.has_line("APP closing asked")
    app.command("js", "document.getElementById('inc').click(); 1")  # the hidden page still works
    wait_for(lambda: app.command("call", "inspector_text") == "Inspector sees 1", "the shared state")

    app.command("set", "keep_open true")
    x.close(SECOND)  # the last window: the app is asked, and keeps it
    app.wait_line("APP closing asked")
    assert app.command("call", "inspector_text") == "Inspector sees 1"  # still open, still answering
    assert app.process.poll() is None

    app.command("set", "keep_open false")
    x.close(SECOND)
    assert app.wait_exit() == 0, app.output()
    assert count(app, "APP closing asked") == 2  # asked for the last window's close, not again for the main's
    assert count(app, "APP window inspector closed") == 1
    assert app.has_line("DRIVER event on_window_closed")


def test_with_quit_with_last_a_signal_still_ends_the_app_at_once(launch, x):
    app = launch(APP, "--last").wait_shown()
    open_inspector(app, x)
    x.close(MAIN)
    wait_for(lambda: not x.has_window(MAIN), "the main window hidden")
    app.command("set", "keep_open true")  # a forced close does not ask the app
    app.process.send_signal(signal.SIGTERM)
    assert app.wait_exit() == 0, app.output()
    assert not app.has_line("APP closing asked")
    assert app.has_line("DRIVER event on_window_closed")
    assert not x.has_window(SECOND)
