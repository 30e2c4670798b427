"""App processes for the desktop tests and benchmarks: an isolated environment, one launched app
(its output, its stdin driver, its log file), and the process tree it leaves behind."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .display import X
from .waits import WAIT, wait_for

__all__ = ["DESKTOP_APPS", "REPO", "App", "isolated_env", "process_tree", "survivors"]

REPO = Path(__file__).resolve().parents[2]
#: The small apps the desktop tests launch (most answer commands on stdin: apps/_driver.py).
DESKTOP_APPS = REPO / "tests" / "desktop" / "apps"


def isolated_env(display: str, home: Path, **extra: str) -> dict[str, str]:
    """This process's environment for an app on ``display`` whose per-user folders (HOME, XDG_*) are
    under ``home``, with Chromium's sandbox off (the tests run as root) and the backend this process
    was given in ``PYWEBVIEW_GUI`` (Qt if none; the desktop tests' ``launch`` sets its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "PYTEST_", "TRAME_"))}
    env.update(
        DISPLAY=display,
        HOME=str(home),
        XDG_STATE_HOME=str(home / "state"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_CONFIG_HOME=str(home / "config"),
        QTWEBENGINE_CHROMIUM_FLAGS=os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox"),
        PYWEBVIEW_GUI=os.environ.get("PYWEBVIEW_GUI", "qt"),
        **extra,
    )
    env.pop("WAYLAND_DISPLAY", None)
    return env


def process_tree(pid: int) -> set[int]:
    """The pids of every process ``pid`` started (its descendants), now."""
    import psutil

    try:
        return {p.pid for p in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def survivors(pids: set[int], grace: float = 10.0) -> list[str]:
    """Those of ``pids`` still running after up to ``grace`` seconds ("pid name" each); zombies
    awaiting their reaper do not count."""
    import psutil

    def alive() -> list[str]:
        found = []
        for pid in pids:
            try:
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    found.append(f"{pid} {process.name()}")
            except psutil.NoSuchProcess:
                pass
        return found

    deadline = time.monotonic() + grace
    while True:
        running = alive()
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


class App:
    """One ``python -m trame_desktop ...`` subprocess: its output, its driver, its process tree."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path = REPO, shell: bool = True) -> None:
        """``python -m trame_desktop *args`` (``shell=False``: ``python *args``) in ``cwd`` with ``env``."""
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
        self._pumps = [threading.Thread(target=self._pump, args=(stream, sink), daemon=True)
                       for stream, sink in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))]
        for pump in self._pumps:
            pump.start()

    def _pump(self, stream: Any, sink: list[str]) -> None:
        for line in stream:
            with self._lock:
                sink.append(line.rstrip("\n"))

    def output(self) -> str:
        with self._lock:
            return "\n".join(self.stdout) + "\n--- stderr ---\n" + "\n".join(self.stderr)

    def has_line(self, text: str, stream: str = "stdout") -> bool:
        return self.line_count(text, stream) > 0

    def line_count(self, text: str, stream: str = "stdout") -> int:
        with self._lock:
            return sum(text in line for line in (self.stdout if stream == "stdout" else self.stderr))

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

        wait_for(seen, lambda: f"{text!r} in {stream}\n{self.output()}", timeout)

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

    def element_center(self, selector: str) -> tuple[float, float]:
        """The centre of the page's element ``selector``, in the window's own coordinates (for ``X.click``)."""
        x, y = self.command("js", f"(r => [r.x + r.width / 2, r.y + r.height / 2])"
                                  f"(document.querySelector({json.dumps(selector)}).getBoundingClientRect())")
        return x, y

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
        self.tree = process_tree(self.process.pid)
        return self.tree

    def survivors(self, grace: float = 10.0) -> list[str]:
        """Processes from the remembered tree still running ``grace`` seconds after the app exited.

        The web engine's helpers notice their parent is gone and exit on their own a moment
        later; zombies awaiting their reaper do not count.
        """
        return survivors(self.tree | {self.process.pid}, grace)

    def wait_exit(self, timeout: float = WAIT) -> int:
        """Wait for the app's exit and return its status, with its output all read."""
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"app did not exit:\n{self.output()}\n{self.stacks()}") from None
        self._drain()
        return status

    def _drain(self) -> None:
        """Let the pumps read what the exited app wrote last (a web engine helper that outlives it by
        a moment keeps the pipes open: not waited for beyond a few seconds)."""
        for pump in self._pumps:
            pump.join(5)

    def stacks(self) -> str:
        """Where each thread of the still-running app is, Python and C frames (py-spy, from outside:
        a hung main loop runs no signal handler of its own, and WebKitGTK takes SIGUSR1)."""
        spy = Path(sys.executable).with_name("py-spy")
        if not spy.exists() or self.process.poll() is not None:
            return "--- stacks: none (no py-spy, or the app has exited) ---"
        try:
            dump = subprocess.run([str(spy), "dump", "--native", "--pid", str(self.process.pid)],
                                  capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            return "--- stacks: py-spy took over 30 s ---"
        return f"--- stacks ---\n{dump.stdout}{dump.stderr}"

    def close_window(self, x: X, title: str) -> int:
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
                status = self.process.wait(5)
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    raise AssertionError(f"app did not exit:\n{self.output()}\n{self.stacks()}") from None
            else:
                self._drain()
                return status

    def debug_log_file(self) -> Path:
        """The log file a ``--debug`` launch printed on stderr."""
        marker = "trame-desktop: log file "
        self.wait_line(marker, stream="stderr")
        with self._lock:
            line = next(line for line in self.stderr if marker in line)
        return Path(line.split(marker, 1)[1])

    def kill(self) -> None:
        import psutil

        if self.process.poll() is None:
            try:
                children = psutil.Process(self.process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                children = []
            self.process.kill()
            for child in children:
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()
            self.process.wait(10)
