"""Built apps for the packaging tests: build one, start it, see its UI rendered, click it as a user does, close it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .display import X
from .processes import process_tree, survivors
from .waits import WAIT, wait_for

__all__ = ["build", "click_increment", "close", "executable_ok", "messages", "package", "start", "stop", "use_counter",
           "wait_rendered"]


def build(command: list[str], cwd: Path) -> str:
    """Run a build command; its output (the assertion shows its end when it fails)."""
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def package(app: Path, work: Path, *options: str) -> str:
    """``python -m trame_desktop package app --distpath work/dist --workpath work/build *options``."""
    return build([sys.executable, "-m", "trame_desktop", "package", str(app), "--distpath", str(work / "dist"),
                  "--workpath", str(work / "build"), *options], work)


def messages(log: Path) -> list[dict[str, Any]]:
    """The websocket messages a ``TRAME_LOG_NETWORK`` file recorded."""
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def start(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    # PYTHONPATH="": the build must carry everything itself
    return subprocess.Popen(command, env={**env, "PYTHONPATH": ""}, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(10)


def wait_rendered(x: X, wire_log: Path, title: str, shot: Path) -> None:
    """The window is up, the page asked the server for its state, and the screenshot is not blank."""
    wait_for(lambda: x.has_window(title), f"the {title} window")
    wait_for(lambda: any(m["dir"] == "c2s" and m["msg"].get("method") == "trame.state.get" for m in messages(wire_log)),
             "the page asking for its state")

    def rendered() -> bool:
        x.screenshot(shot)
        return x.unique_colors(shot) > 20  # text, buttons and toolbar, not a blank window

    wait_for(rendered, "a rendered UI in the screenshot")


def click_increment(x: X, wire_log: Path, title: str = "Counter") -> None:
    """A click, the way a user makes one, on the counter's "Increment" (the first item of the
    content area, at a fixed place below the toolbar in the layout's own stylesheet); waits for
    the server's answer (count = 1) on the wire."""
    window = wait_for(lambda: x.run("xdotool", "search", "--onlyvisible", "--name", f"^{title}$", check=False).split()[:1],
                      f"the visible {title} window")[0]
    x.run("xdotool", "windowactivate", "--sync", window, check=False)
    geometry = dict(line.split("=") for line in x.run("xdotool", "getwindowgeometry", "--shell", window).split())
    x.run("xdotool", "mousemove", "--sync", str(int(geometry["X"]) + 70), str(int(geometry["Y"]) + 63), "click", "1")

    def incremented() -> bool:
        return any(m["dir"] == "s2c" and (m["msg"].get("result") or {}).get("count") == 1
                   for m in messages(wire_log) if isinstance(m["msg"].get("result"), dict))

    wait_for(incremented, "count = 1 pushed after the click")
    assert any(m["dir"] == "c2s" and m["msg"].get("method") == "trame.trigger" for m in messages(wire_log))


def close(x: X, process: subprocess.Popen[str], title: str) -> int:
    """Close the window as a user does (re-sent if the window manager dropped it); the exit status,
    once every process the app started is gone too."""
    tree = process_tree(process.pid)
    deadline = time.monotonic() + WAIT
    while True:
        if x.has_window(title):
            x.close(title)
        try:
            status = process.wait(5)
            break
        except subprocess.TimeoutExpired:
            assert time.monotonic() < deadline, "the app did not exit"
    assert survivors(tree) == [], "helper processes outlived the app"
    return status


def executable_ok(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def use_counter(command: list[str], env: dict[str, str], x: X, tmp_path: Path, shot: str = "counter.png") -> None:
    """Start a built or installed counter, see its UI rendered, click "Increment" as a user does
    (answered by the server), close its window and check it exited 0."""
    wire_log = tmp_path / "wire.jsonl"
    process = start(command, {**env, "TRAME_LOG_NETWORK": str(wire_log)}, tmp_path)
    try:
        wait_rendered(x, wire_log, "Counter", tmp_path / shot)
        click_increment(x, wire_log)
        assert close(x, process, "Counter") == 0, process.stdout.read() if process.stdout else ""
    finally:
        stop(process)
