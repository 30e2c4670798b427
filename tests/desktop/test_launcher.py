"""python -m trame_desktop: clear failures before any window, module mode, apps that never call start()."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS, REPO

pytestmark = pytest.mark.desktop


def run_cli(*args, env):
    return subprocess.run([sys.executable, "-m", "trame_desktop", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


def test_missing_app_file_is_a_clear_error(desktop_env):
    done = run_cli("no/such/app.py", env=desktop_env)
    assert done.returncode != 0
    assert "no such app file: no/such/app.py" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_console_script_is_the_same_launcher(desktop_env):
    script = Path(sys.executable).with_name("trame-desktop")
    if not script.exists():
        pytest.skip("the trame-desktop script is not installed next to this Python")
    done = subprocess.run([str(script), "no/such/app.py"], cwd=REPO, env=desktop_env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "no such app file: no/such/app.py" in done.stderr


def test_no_display_is_a_clear_error(desktop_env):
    env = {k: v for k, v in desktop_env.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = run_cli(str(DESKTOP_APPS / "counter_app.py"), env=env)
    assert done.returncode != 0
    assert "no display" in done.stderr and "DISPLAY" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_gui_backend_names_the_extra(desktop_env):
    # The launcher as on a machine without PyGObject (blocked in this process: an import of it
    # fails as for a package never installed), asked for GTK.
    without_gi = ("import runpy, sys; sys.modules['gi'] = None; sys.argv = ['trame-desktop', sys.argv[1]]; "
                  "runpy.run_module('trame_desktop', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", without_gi, str(DESKTOP_APPS / "counter_app.py")], cwd=REPO,
                          env={**desktop_env, "PYWEBVIEW_GUI": "gtk"}, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert 'pip install "trame-desktop[gtk]"' in done.stderr


def test_app_raising_on_import_prints_its_traceback_and_exits_1(desktop_env):
    done = run_cli(str(DESKTOP_APPS / "raises_on_import.py"), env=desktop_env)
    assert done.returncode == 1
    assert "Traceback" in done.stderr
    assert "RuntimeError: this app is broken on purpose" in done.stderr
    assert "raises_on_import.py" in done.stderr


def test_app_that_never_calls_start_is_started_by_the_shell(launch, x):
    app = launch(str(DESKTOP_APPS / "nostart_app.py"))
    app.wait_line("DRIVER event on_window_shown")
    assert app.wait_js("document.getElementById('hello') ? document.getElementById('hello').textContent.trim() : null",
                       "the page") == "Started by the shell"
    assert app.close_window(x, "NoStartApp") == 0, app.output()


def test_module_mode_passes_app_arguments(launch, x):
    app = launch("-m", "counter_app", "--some-app-flag", "value", cwd=DESKTOP_APPS)
    app.wait_line("DRIVER event on_window_shown")
    argv = app.command("argv")
    assert argv[0].endswith("counter_app.py")
    assert argv[1:] == ["--some-app-flag", "value"]
    assert app.close_window(x, "CounterApp") == 0, app.output()


@pytest.mark.parametrize("how", ["--app", "exec_mode"])
def test_the_app_itself_opens_the_window(launch, x, how):
    """`python app.py --app` and `server.start(exec_mode="desktop")` take the shell's path."""
    if how == "--app":
        app = launch(str(DESKTOP_APPS / "counter_app.py"), "--app", shell=False)
    else:
        app = launch(str(DESKTOP_APPS / "counter_app.py"), shell=False, env={"APP_START_KWARGS": '{"exec_mode": "desktop"}'})
    app.wait_line("DRIVER event on_window_shown")
    assert app.wait_js("!!document.getElementById('inc') && document.body.dataset.connection === 'connected'", "the app's UI")
    port = app.command("port")
    assert app.close_window(x, "CounterApp") == 0, app.output()
    assert app.has_line("DRIVER event on_window_closed")
    import socket

    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_window_options_among_the_app_arguments_apply_with_app_flag(launch, x):
    """`python app.py --app --title T --size WxH` (and so a packaged app's command line)."""
    app = launch(str(DESKTOP_APPS / "counter_app.py"), "--app", "--title", "Titled By Argv", "--size", "700x500",
                 "--no-restore", "--some-app-flag", "value", shell=False)
    app.wait_line("DRIVER event on_window_shown")
    assert x.has_window("Titled By Argv")
    assert x.geometry("Titled By Argv") == (700, 500)
    assert "--some-app-flag" in app.command("argv")  # the app's own arguments are still there
    assert app.close_window(x, "Titled By Argv") == 0, app.output()


def test_an_app_on_our_server_never_imports_trame(launch, x):
    app = launch(str(DESKTOP_APPS / "counter_app.py"))
    app.wait_line("DRIVER event on_window_shown")
    assert app.command("imported", "trame") == []
    assert app.command("imported", "trame_server") == []
    assert app.command("imported", "webview") != []  # the check itself can see imports
    assert app.close_window(x, "CounterApp") == 0, app.output()
