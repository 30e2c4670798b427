"""A PyInstaller build of examples/counter.py starts in a window, works, closes cleanly and logs.

Slow (a real build, about a minute here): skipped unless TRAME_DESKTOP_TEST_PACKAGING=1,
which .ci/run sets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, WAIT, X, wait_for

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.desktop,
    pytest.mark.skipif(os.environ.get("TRAME_DESKTOP_TEST_PACKAGING") != "1", reason="set TRAME_DESKTOP_TEST_PACKAGING=1"),
]

NAME = "CounterApp"


@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("package")
    result = subprocess.run(
        [sys.executable, "-m", "trame_desktop", "package", str(REPO / "examples" / "counter.py"), "--name", NAME,
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=work, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    executable = work / "dist" / NAME / NAME
    assert executable.is_file() and os.access(executable, os.X_OK)
    return executable


def _messages(log: Path) -> list[dict]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


def test_built_counter_shows_ui_clicks_closes_and_logs(built_app: Path, desktop_env: dict[str, str], x: X, tmp_path: Path) -> None:
    import psutil

    wire_log = tmp_path / "wire.jsonl"
    env = {**desktop_env, "TRAME_LOG_NETWORK": str(wire_log), "PYTHONPATH": ""}
    process = subprocess.Popen([str(built_app)], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: x.has_window("Counter"), "the Counter window")
        # the client connected and received the UI (template) from the server
        wait_for(lambda: any(m["dir"] == "c2s" and m["msg"].get("method") == "trame.state.get" for m in _messages(wire_log)),
                 "the page asking for its state")
        shot = tmp_path / "built.png"

        def rendered() -> bool:
            x.screenshot(shot)
            return x.unique_colors(shot) > 20  # text, buttons and toolbar, not a blank window

        wait_for(rendered, "a rendered UI in the screenshot")

        # A click, the way a user makes one, on "Increment": the first item of the content area,
        # at a fixed place below the toolbar in the layout's own stylesheet.
        window = wait_for(lambda: x.run("xdotool", "search", "--onlyvisible", "--name", "^Counter$", check=False).split()[:1],
                          "the visible Counter window")[0]
        x.run("xdotool", "windowactivate", "--sync", window, check=False)
        geometry = dict(line.split("=") for line in x.run("xdotool", "getwindowgeometry", "--shell", window).split())
        x.run("xdotool", "mousemove", "--sync", str(int(geometry["X"]) + 70), str(int(geometry["Y"]) + 63), "click", "1")

        def incremented() -> bool:
            return any(m["dir"] == "s2c" and (m["msg"].get("result") or {}).get("count") == 1
                       for m in _messages(wire_log) if isinstance(m["msg"].get("result"), dict))

        wait_for(incremented, "count = 1 pushed after the click")
        assert any(m["dir"] == "c2s" and m["msg"].get("method") == "trame.trigger" for m in _messages(wire_log))

        tree = {p.pid for p in psutil.Process(process.pid).children(recursive=True)}
        x.close("Counter")
        assert process.wait(WAIT) == 0, process.stdout.read()
        deadline = time.monotonic() + 10
        while any(psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE for p in tree):
            assert time.monotonic() < deadline, "helper processes outlived the app"
            time.sleep(0.1)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)

    logs = list((Path(desktop_env["XDG_STATE_HOME"]) / NAME).rglob("*.log"))
    assert logs, f"no log file under {desktop_env['XDG_STATE_HOME']}/{NAME}: {list(Path(desktop_env['XDG_STATE_HOME']).rglob('*'))}"
    assert logs[0].stat().st_size > 0
