"""A private X display for the tests and benchmarks (Xvfb with openbox), and the X operations they use."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .waits import WAIT, wait_for

__all__ = ["TOOLS", "X", "missing_tools", "x_display"]

#: The programs the desktop tests drive X with.
TOOLS = ("Xvfb", "openbox", "wmctrl", "xdotool", "import", "identify")


def missing_tools(tools: tuple[str, ...] = TOOLS) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


def _free_display(first: int) -> str:
    number = next(n for n in itertools.count(first) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    return f":{number}"


@contextmanager
def x_display(first: int = 90, size: str = "1280x1024x24") -> Iterator[str]:
    """Xvfb on the first free display from ``:first`` on, with openbox managing its windows; yields ':N'."""
    display = _free_display(first)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", size, "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {**os.environ, "DISPLAY": display}
    wm: subprocess.Popen[bytes] | None = None
    try:
        # the socket appears before the server accepts clients: wait until a client gets in
        wait_for(lambda: subprocess.run(["xdotool", "getdisplaygeometry"], env=env,
                                        capture_output=True).returncode == 0, "Xvfb", interval=0.05)

        def wm_running() -> bool:
            nonlocal wm
            if wm is None or wm.poll() is not None:  # not started, or it gave up: (re)start it
                wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            return subprocess.run(["wmctrl", "-m"], env=env, capture_output=True).returncode == 0

        wait_for(wm_running, "openbox", interval=0.05)
        yield display
    finally:
        for process in (wm, xvfb):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


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
