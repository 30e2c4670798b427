"""One instance per app and user: a second launch hands its argv to the running one and exits 0,
a killed instance's leftovers do not block the next launch, and what a launch names is opened."""

import json
import os
import signal
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "open_with_app.py")
TITLE = "OpenWithApp"


def event(name, *args):
    return f"DRIVER event {name} {json.dumps(args)}"


def runtime_folder(desktop_env):
    return Path(desktop_env["XDG_RUNTIME_DIR"]) / "open_with_app"


def active_window(x):
    return int(x.run("xprop", "-root", "_NET_ACTIVE_WINDOW").split()[-1], 16)


def is_minimized(x, wid):
    return "_NET_WM_STATE_HIDDEN" in x.run("xprop", "-id", wid, "_NET_WM_STATE")


def test_paths_on_the_command_line_reach_on_open_files(launch, x, tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "data").mkdir()
    app = launch(APP, "notes.txt", "--verbose", "data", "missing.txt", "myapp://open/42", cwd=tmp_path).wait_shown()
    app.wait_line(event("on_open_files", [str(tmp_path / "notes.txt"), str(tmp_path / "data")]))
    app.wait_line(event("on_open_url", "myapp://open/42"))
    assert app.command("state", "opened") == [str(tmp_path / "notes.txt"), str(tmp_path / "data")]
    app.wait_js("document.getElementById('opened').innerText.includes('notes.txt')", "the page showing it")
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_second_launch_hands_over_its_argv_and_exits_0(launch, x, tmp_path):
    first = launch(APP, cwd=tmp_path).wait_shown()
    wid = x.window_id(TITLE)
    x.run("xdotool", "windowminimize", "--sync", wid)
    wait_for(lambda: is_minimized(x, wid), "the window minimized")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.csv").write_text("a,b")
    second = launch(APP, "report.csv", "myapp://show/7", cwd=elsewhere)
    assert second.wait_exit() == 0, second.output()
    assert not second.has_line("DRIVER ready"), second.output()  # it never started a server
    assert second.has_line("is already running", stream="stderr")

    first.wait_line(event("on_second_instance", [APP, "report.csv", "myapp://show/7"], str(elsewhere)))
    first.wait_line(event("on_open_files", [str(elsewhere / "report.csv")]))
    first.wait_line(event("on_open_url", "myapp://show/7"))
    wait_for(lambda: not is_minimized(x, wid) and active_window(x) == int(wid), "the window in front")
    assert first.process.poll() is None  # the first one stays up
    assert first.close_window(x, TITLE) == 0, first.output()


def test_a_killed_instance_does_not_block_the_next_launch(launch, x, desktop_env, tmp_path):
    first = launch(APP, cwd=tmp_path).wait_shown()
    folder = runtime_folder(desktop_env)
    assert (folder / "instance.sock").exists()
    os.kill(first.process.pid, signal.SIGKILL)  # no clean-up of any kind
    first.wait_exit()
    assert (folder / "instance.sock").exists()  # its socket is left behind, and its lock file
    assert (folder / "instance.lock").read_text().strip() == str(first.process.pid)
    first.kill()  # its web engine's helpers
    wait_for(lambda: not x.has_window(TITLE), "the killed window gone")

    (tmp_path / "after.txt").write_text("x")
    second = launch(APP, "after.txt", cwd=tmp_path).wait_shown()
    second.wait_line(event("on_open_files", [str(tmp_path / "after.txt")]))
    assert (folder / "instance.lock").read_text().strip() == str(second.process.pid)
    assert second.close_window(x, TITLE) == 0, second.output()
    assert not (folder / "instance.sock").exists()  # a clean end removes the socket


def test_single_instance_false_lets_each_launch_run(launch, x, tmp_path):
    env = {"APP_START_KWARGS": json.dumps({"single_instance": False})}
    first = launch(APP, cwd=tmp_path, env=env).wait_shown()
    second = launch(APP, cwd=tmp_path, env=env).wait_shown()
    assert first.command("port") != second.command("port")  # two servers
    assert not first.has_line("on_second_instance")
    for app in (first, second):
        app.command("close", "force")
        assert app.wait_exit() == 0, app.output()
