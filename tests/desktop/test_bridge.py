"""The bridge (trame_desktop/shell/): closing asks the app and stops the server; the server ending closes the window;
crashes, signals and raising triggers; nothing is left running."""

import signal
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"


def started(app):
    app.wait_shown()
    assert app.tree, "the web engine's helper processes should be children of the app"
    return app


def test_closing_the_window_stops_the_server_and_exits_0(launch, x):
    app = started(launch(COUNTER))
    port = app.command("port")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.has_line("DRIVER event on_window_closed")  # the app heard it before the server stopped
    assert not x.has_window(TITLE)
    assert app.survivors() == []
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_closing_the_window_while_the_server_starts_stops_it_once_ready(launch, x):
    app = launch("--debug", COUNTER, env={"APP_SLOW_READY": "2"})
    wait_for(lambda: x.has_window(TITLE), "the window")
    app.remember_tree()
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.has_line("server ready after the window closed: stopping it", stream="stderr"), app.output()
    assert app.has_line("DRIVER event on_window_closed")  # the app still heard the close
    assert app.survivors() == []


def test_a_veto_keeps_the_window_open(launch, x):
    app = started(launch(COUNTER, env={"APP_VETO": "1"}))
    x.close(TITLE)
    app.wait_line("APP: veto close")
    assert app.process.poll() is None
    assert x.has_window(TITLE)
    assert app.command("state", "count") == 0  # the server still serves
    app.command("set", "allow_close true")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []


def test_the_server_stopping_closes_the_window(launch, x):
    app = started(launch(COUNTER))
    app.send("call", "stop_server")  # no answer: the process ends
    assert app.wait_exit() == 0, app.output()
    assert not x.has_window(TITLE)
    assert app.survivors() == []


def test_a_raising_trigger_is_logged_and_the_app_keeps_running(launch, x):
    app = started(launch("--debug", COUNTER))
    log_file = app.debug_log_file()
    x.click(TITLE, *app.element_center("#boom"))
    wait_for(lambda: "boom trigger raised on purpose" in log_file.read_text(), "the error in the log file")
    x.click(TITLE, *app.element_center("#inc"))
    wait_for(lambda: app.command("state", "count") == 1, "a click after the error")
    assert x.has_window(TITLE)
    assert app.close_window(x, TITLE) == 0, app.output()


def test_an_exception_in_an_app_thread_is_logged_and_the_app_keeps_running(launch, x):
    app = started(launch("--debug", COUNTER))
    log_file = app.debug_log_file()
    assert app.command("call", "thread_boom") is True
    wait_for(lambda: "RuntimeError: app thread raised on purpose" in log_file.read_text(), "the traceback in the log file")
    text = log_file.read_text()
    assert "uncaught exception in thread app-worker" in text
    assert 'in fail\n    raise RuntimeError("app thread raised on purpose")' in text  # the whole traceback
    assert app.command("state", "count") == 0  # the server still serves
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_server_crash_shows_the_error_page_with_the_log_path(launch, x, desktop_env, monkeypatch):
    import platformdirs

    for key in ("HOME", "XDG_STATE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(key, desktop_env[key])
    expected_log = Path(platformdirs.user_log_dir("counter_app", appauthor=False)) / "counter_app.log"

    app = started(launch(COUNTER))
    app.send("crash")
    app.wait_line("the server stopped with an error", stream="stderr")
    shown = app.wait_js("document.getElementById('log-path') && document.getElementById('log-path').textContent",
                        "the error page")
    assert shown == str(expected_log)
    assert "driver crash" in app.command("js", "document.body.textContent")
    assert app.process.poll() is None  # the window stays up to show what happened
    assert app.close_window(x, TITLE) == 1, app.output()
    assert app.has_line(f"see the log file {expected_log}", stream="stderr")
    assert app.survivors() == []
    # the traceback is in the log file too: a windowed (packaged) app has no stderr to read
    logged = expected_log.read_text()
    assert "the server stopped with an error" in logged
    assert "Traceback (most recent call last)" in logged and "KeyboardInterrupt: driver crash" in logged


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_and_stops_the_server_cleanly(launch, x, signum):
    app = started(launch(COUNTER))
    app.process.send_signal(signum)
    assert app.wait_exit() == 0, app.output()
    assert app.has_line("DRIVER event on_window_closed")
    assert not x.has_window(TITLE)
    assert app.survivors() == []


def test_a_server_that_fails_to_start_shows_the_error_page(launch, x):
    # an unsupported backend makes our server's start() raise in the server thread
    app = launch(COUNTER, env={"APP_START_KWARGS": '{"backend": "tornado"}'})
    app.wait_line("the server stopped with an error", stream="stderr")
    text = app.wait_js("document.getElementById('trame-desktop-error') && document.body.innerText", "the error page")
    assert "tornado" in text and "log" in text
    assert app.close_window(x, TITLE) == 1, app.output()
    assert app.has_line("see the log file", stream="stderr")
