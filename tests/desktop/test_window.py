"""The window from Python: its API on the server's loop, native dialogs, geometry kept across
launches, and the per-user files (log, state) where platformdirs puts them."""

import json
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"


@pytest.fixture
def user_dirs(desktop_env, monkeypatch):
    """platformdirs, answering for the app's environment (HOME and XDG_* in tmp_path)."""
    import platformdirs

    for key, value in desktop_env.items():
        if key == "HOME" or key.startswith("XDG_"):
            monkeypatch.setenv(key, value)
    return platformdirs


def shown(app):
    app.wait_line("DRIVER event on_window_shown")
    app.wait_js("!!document.getElementById('inc') && document.body.dataset.connection === 'connected'", "the app's UI")
    return app


def test_geometry_is_restored_on_the_next_launch(launch, x, user_dirs):
    state_file = Path(user_dirs.user_state_dir("counter_app", appauthor=False)) / "window.json"
    first = shown(launch(COUNTER))
    assert x.geometry(TITLE) != (640, 480)
    first.command("resize", "640 480")
    first.command("move", "150 120")
    wait_for(lambda: first.command("geometry")["size"] == [640, 480], "the resize")
    wait_for(lambda: first.command("geometry")["position"] == [150, 120], "the move")
    saved_position = [150, 120]
    first.wait_line("DRIVER event on_window_resized [640, 480]")  # the app's hooks heard both
    first.wait_line("DRIVER event on_window_moved [150, 120]")
    assert first.close_window(x, TITLE) == 0, first.output()
    saved = json.loads(state_file.read_text())
    assert (saved["width"], saved["height"]) == (640, 480)
    assert [saved["x"], saved["y"]] == saved_position

    second = shown(launch(COUNTER))
    assert x.geometry(TITLE) == (640, 480)
    wait_for(lambda: second.command("geometry")["position"] == saved_position, "the same position")
    assert second.close_window(x, TITLE) == 0, second.output()


def test_command_line_size_wins_over_the_saved_one(launch, x):
    first = shown(launch(COUNTER))
    first.command("resize", "640 480")
    wait_for(lambda: first.command("geometry")["size"] == [640, 480], "the resize")
    assert first.close_window(x, TITLE) == 0, first.output()
    second = shown(launch("--size", "800x600", COUNTER))
    assert x.geometry(TITLE) == (800, 600)
    assert second.close_window(x, TITLE) == 0, second.output()


def test_title_can_be_set_from_python(launch, x):
    app = shown(launch(COUNTER))
    app.command("title", "Renamed by the app")
    wait_for(lambda: x.has_window("Renamed by the app"), "the new title")
    assert app.close_window(x, "Renamed by the app") == 0, app.output()


def dialog_window(x):
    return wait_for(lambda: [t for t in x.titles() if t and t != TITLE], "a dialog window")[0]


def test_file_dialog_is_driven_from_python(launch, x, tmp_path):
    chosen = tmp_path / "chosen.txt"
    chosen.write_text("hello")
    app = shown(launch(COUNTER))

    cancelled = app.send("dialog", "open")
    title = dialog_window(x)
    x.run("xdotool", "search", "--name", f"^{title}$", "windowactivate", "--sync")
    x.key("Escape")
    app.wait_line(f"DRIVER {cancelled} null")  # cancelled -> None, back on the server's loop

    chose = app.send("dialog", "open")
    title = dialog_window(x)
    x.run("xdotool", "search", "--name", f"^{title}$", "windowactivate", "--sync")
    # GTK's chooser opens its location entry on the first "/" and can lose the key after it while
    # it does: typed again over the whole entry (ctrl+a), the path is exact on either backend.
    x.type(str(chosen))
    x.key("ctrl+a")
    x.type(str(chosen))
    x.key("Return")
    app.wait_line(f"DRIVER {chose} {json.dumps([str(chosen)])}")

    assert app.command("state", "count") == 0  # the loop was never blocked
    assert app.close_window(x, TITLE) == 0, app.output()


@pytest.mark.parametrize("how", ["--debug", "TRAME_DESKTOP_DEBUG"])
def test_log_file_is_where_platformdirs_says(launch, x, user_dirs, how):
    expected = Path(user_dirs.user_log_dir("counter_app", appauthor=False)) / "counter_app.log"
    app = launch("--debug", COUNTER) if how == "--debug" else launch(COUNTER, env={"TRAME_DESKTOP_DEBUG": "1"})
    shown(app)
    app.wait_line(f"trame-desktop: log file {expected}", stream="stderr")
    assert app.close_window(x, TITLE) == 0, app.output()
    text = expected.read_text()
    assert "server ready on port" in text
    assert "DEBUG" in text  # debug logging is on
    assert "secret=" not in text.replace("secret=***", "")  # the secret never reaches the log


def test_log_file_without_debug(launch, x, user_dirs):
    expected = Path(user_dirs.user_log_dir("counter_app", appauthor=False)) / "counter_app.log"
    app = shown(launch(COUNTER))
    assert app.close_window(x, TITLE) == 0, app.output()
    assert not app.has_line("log file", stream="stderr")
    assert "server ready on port" in expected.read_text()
    assert " DEBUG " not in expected.read_text()


def test_web_storage_survives_a_restart(launch, x, user_dirs):
    first = shown(launch(COUNTER))
    first.command("js", "localStorage.setItem('kept', 'yes'); 1")
    assert first.close_window(x, TITLE) == 0, first.output()
    assert (Path(user_dirs.user_data_dir("counter_app", appauthor=False)) / "webview").is_dir()
    second = shown(launch(COUNTER))
    assert second.command("js", "localStorage.getItem('kept')") == "yes"
    assert second.close_window(x, TITLE) == 0, second.output()


def test_a_taken_port_from_the_last_launch_falls_back_to_a_new_one(launch, x, user_dirs):
    import socket

    first = shown(launch(COUNTER))
    port = first.command("port")
    assert first.close_window(x, TITLE) == 0, first.output()
    with socket.create_server(("127.0.0.1", port)):  # something else holds it now
        second = shown(launch(COUNTER))
        assert second.command("port") not in (port, 0)
        assert second.close_window(x, TITLE) == 0, second.output()
    log_file = Path(user_dirs.user_log_dir("counter_app", appauthor=False)) / "counter_app.log"
    assert f"last launch's port {port} is taken" in log_file.read_text()


def test_window_options_come_from_start_keywords(launch, x):
    app = shown(launch(COUNTER, env={"APP_START_KWARGS": '{"width": 700, "height": 400, "title": "Sized by start"}'}))
    assert x.geometry("Sized by start") == (700, 400)
    assert app.close_window(x, "Sized by start") == 0, app.output()


def test_window_options_from_the_command_line(launch, x, tmp_path, gui):
    icon = tmp_path / "icon.png"
    x.run("convert", "-size", "32x32", "xc:#12c84d", str(icon))
    app = shown(launch("--title", "Optioned", "--size", "720x450", "--min-size", "400x300",
                       "--fixed-size", "--on-top", "--icon", str(icon), COUNTER))
    assert x.geometry("Optioned") == (720, 450)
    wid = x.window_id("Optioned")
    state = x.run("xprop", "-id", wid, "_NET_WM_STATE")
    assert "_NET_WM_STATE_ABOVE" in state  # --on-top
    hints = x.run("xprop", "-id", wid, "WM_NORMAL_HINTS")
    # --min-size; pywebview's GTK backend gives a fixed-size window its size as the minimum as well
    minimum = "400 by 300" if gui == "qt" else "720 by 450"
    assert f"program specified minimum size: {minimum}" in hints
    assert "program specified maximum size: 720 by 450" in hints  # --fixed-size
    assert "Icon (32 x 32)" in x.run("xprop", "-id", wid, "_NET_WM_ICON")  # our 32x32 icon
    assert app.close_window(x, "Optioned") == 0, app.output()
