"""Fixtures for the desktop tests: a real X server (Xvfb) with a window manager, and app processes.

Every app runs as a subprocess ``python -m trame_desktop ...`` with HOME and XDG_* pointing into
the test's tmp_path (so platformdirs writes there), the Qt backend, and Chromium's sandbox off
(the tests run as root). Apps built on ``apps/_driver.py`` answer commands on stdin.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
APPS = HERE / "apps"
REPO = HERE.parents[1]
WAIT = 60.0  # upper bound for anything to happen; never a performance threshold

TOOLS = ("Xvfb", "openbox", "wmctrl", "xdotool", "import", "identify")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    try:
        import PyQt6.QtWebEngineWidgets  # noqa: F401
    except ImportError:
        missing.append("PyQt6-WebEngine")
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"desktop tests need {', '.join(missing)}")
    for item in items:
        if "desktop" in item.keywords:
            item.add_marker(skip)


def wait_for(predicate, what: str, timeout: float = WAIT, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def xdisplay() -> str:
    """A private X display with openbox running on it; yields ':N'."""
    number = next(n for n in itertools.count(90) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": display}
    wm = None
    try:
        # the socket appears before the server accepts clients: wait until a client gets in
        wait_for(lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=env,
                                        capture_output=True).returncode == 0, "Xvfb")

        def wm_running() -> bool:
            nonlocal wm
            if wm is None or wm.poll() is not None:  # not started, or it gave up: (re)start it
                wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode == 0

        wait_for(wm_running, "openbox")
        yield display
    finally:
        for process in (wm, xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def desktop_env(xdisplay: str, tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PYTEST_", "TRAME_"))}
    env.update(
        DISPLAY=xdisplay,
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_RUNTIME_DIR=str(tmp_path / "runtime"),
        QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox",
        PYWEBVIEW_GUI="qt",
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(APPS),
    )
    env.pop("WAYLAND_DISPLAY", None)
    (tmp_path / "runtime").mkdir(mode=0o700)
    return env


class X:
    """The few X operations the tests need, on one display."""

    def __init__(self, display: str) -> None:
        self.env = {**os.environ, "DISPLAY": display}

    def run(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(list(args), env=self.env, capture_output=True, text=True, timeout=WAIT)
        if check and done.returncode != 0:
            raise AssertionError(f"{args} failed: {done.stderr}")
        return done.stdout

    def titles(self) -> list[str]:
        lines = self.run("wmctrl", "-l", check=False).splitlines()
        return [line.split(None, 3)[3] if len(line.split(None, 3)) > 3 else "" for line in lines]

    def has_window(self, title: str) -> bool:
        return title in self.titles()

    def close(self, title: str) -> None:
        """Close a window the way a user does: the window manager asks it to close."""
        self.run("wmctrl", "-c", title)

    def window_id(self, title: str) -> str:
        return wait_for(lambda: self.run("xdotool", "search", "--name", f"^{title}$", check=False).split()[:1],
                        f"window {title!r}")[0]

    def click(self, title: str, x: float, y: float) -> None:
        wid = self.window_id(title)
        self.run("xdotool", "mousemove", "--window", wid, str(int(x)), str(int(y)), "click", "1")

    def key(self, *keys: str) -> None:
        self.run("xdotool", "key", *keys)

    def type(self, text: str) -> None:
        self.run("xdotool", "type", "--delay", "20", text)

    def geometry(self, title: str) -> tuple[int, int]:
        out = self.run("xdotool", "getwindowgeometry", self.window_id(title))
        size = next(line for line in out.splitlines() if "Geometry:" in line).split()[-1]
        width, height = size.split("x")
        return int(width), int(height)

    def screenshot(self, path: Path) -> Path:
        self.run("import", "-window", "root", str(path))
        return path

    def unique_colors(self, path: Path) -> int:
        return int(self.run("identify", "-format", "%k", str(path)))


@pytest.fixture
def x(xdisplay: str) -> X:
    return X(xdisplay)


class App:
    """One ``python -m trame_desktop ...`` subprocess: its output, its driver, its process tree."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path = REPO, shell: bool = True) -> None:
        self.args = args
        self.process = subprocess.Popen(
            [sys.executable, *(["-m", "trame_desktop"] if shell else []), *args],
            cwd=cwd, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._answers: queue.Queue[str] = queue.Queue()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.tree: set[int] = set()
        for stream, sink in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._pump, args=(stream, sink), daemon=True).start()

    def _pump(self, stream: Any, sink: list[str]) -> None:
        for line in stream:
            with self._lock:
                sink.append(line.rstrip("\n"))

    def output(self) -> str:
        with self._lock:
            return "\n".join(self.stdout) + "\n--- stderr ---\n" + "\n".join(self.stderr)

    def has_line(self, text: str, stream: str = "stdout") -> bool:
        with self._lock:
            return any(text in line for line in (self.stdout if stream == "stdout" else self.stderr))

    def wait_line(self, text: str, stream: str = "stdout", timeout: float = WAIT) -> None:
        def seen() -> bool:
            if self.has_line(text, stream):
                return True
            if self.process.poll() is not None:
                time.sleep(0.2)  # let the pumps drain
                if self.has_line(text, stream):
                    return True
                raise AssertionError(f"app exited ({self.process.returncode}) before {text!r}:\n{self.output()}")
            return False

        wait_for(seen, f"{text!r} in {stream}\n{self.output()}", timeout)

    def send(self, command: str, args: str = "") -> str:
        """Send a driver command without waiting for its answer; returns its id (answers are
        ``DRIVER <id> <json>`` lines)."""
        ident = str(next(self._ids))
        self.process.stdin.write(f"{ident} {command} {args}\n")
        self.process.stdin.flush()
        return ident

    def command(self, command: str, args: str = "", timeout: float = WAIT) -> Any:
        prefix = f"DRIVER {self.send(command, args)} "

        def answer() -> str | None:
            with self._lock:
                for line in self.stdout:
                    if line.startswith(prefix):
                        return line[len(prefix):]
            if self.process.poll() is not None:
                raise AssertionError(f"app exited while running {command}:\n{self.output()}")
            return None

        text = wait_for(answer, f"answer to {command} {args}", timeout)
        if text.startswith("ERROR"):
            raise AssertionError(f"{command} {args} failed in the app: {text}")
        return json.loads(text)

    def wait_js(self, script: str, what: str) -> Any:
        try:
            return wait_for(lambda: self.command("js", script), what)
        except AssertionError as error:
            try:
                page = self.command("js", "location.href + ' | ' + document.title + ' | ' + document.body.innerText",
                                    timeout=10)
            except AssertionError as inner:
                page = f"(page unreadable: {inner})"
            raise AssertionError(f"{error}\npage: {page}\n{self.output()}") from None

    def wait_shown(self, what: str = "the app's UI") -> App:
        """Wait until the window is shown and the page has rendered the app (its #inc button),
        live: its session is open, so it takes clicks."""
        self.wait_line("DRIVER event on_window_shown")
        # Our client paints the app from a snapshot before its session opens (inert until then)
        # and marks the body "connected" once live; trame's client renders only once connected.
        self.wait_js("!!document.getElementById('inc') && (document.body.dataset.connection || 'connected') === 'connected'",
                     what)
        self.remember_tree()
        return self

    def remember_tree(self) -> set[int]:
        import psutil

        self.tree = {p.pid for p in psutil.Process(self.process.pid).children(recursive=True)}
        return self.tree

    def survivors(self, grace: float = 10.0) -> list[str]:
        """Processes from the remembered tree still running ``grace`` seconds after the app exited.

        The web engine's helpers notice their parent is gone and exit on their own a moment
        later; zombies awaiting their reaper do not count.
        """
        deadline = time.monotonic() + grace
        while True:
            alive = self._alive()
            if not alive or time.monotonic() > deadline:
                return alive
            time.sleep(0.05)

    def _alive(self) -> list[str]:
        import psutil

        alive = []
        for pid in self.tree | {self.process.pid}:
            try:
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"{pid} {process.name()}")
            except psutil.NoSuchProcess:
                pass
        return alive

    def wait_exit(self, timeout: float = WAIT) -> int:
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"app did not exit:\n{self.output()}") from None

    def close_window(self, x: "X", title: str) -> int:
        """Close the window as a user does and return the exit status.

        A close sent while the window manager is still taking over a just-mapped window can be
        dropped (seen with openbox for trame's own --app window too), so it is re-sent every
        few seconds until the app exits.
        """
        deadline = time.monotonic() + WAIT
        while True:
            if x.has_window(title):
                x.close(title)
            try:
                return self.process.wait(5)
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    raise AssertionError(f"app did not exit:\n{self.output()}") from None

    def kill(self) -> None:
        import psutil

        if self.process.poll() is None:
            try:
                children = psutil.Process(self.process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            self.process.kill()
            for child in children:
                try:
                    child.kill()
                except psutil.NoSuchProcess:
                    pass
            self.process.wait(10)


@pytest.fixture
def launch(desktop_env: dict[str, str]):
    """launch(*args, env=None, cwd=REPO, shell=True) -> App; every app is killed at the end of the test.

    With ``shell=False`` the args are run as ``python *args`` (e.g. ``app.py --app``).
    """
    apps: list[App] = []

    def start(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO, shell: bool = True) -> App:
        app = App(list(args), {**desktop_env, **(env or {})}, cwd, shell)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.kill()
