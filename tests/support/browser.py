"""Browser-test helpers: Debian's Chromium for Playwright, and app servers run as subprocesses.

Each app runs as ``python <app> --server --port 0 --host 127.0.0.1`` on trame-desktop's own
server; :class:`AppProcess` reads the URL the server prints, so the port is the one it really bound.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BROWSER_APPS = REPO / "tests" / "browser" / "apps"
COUNTER = REPO / "examples" / "counter.py"
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of a machine with no network.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 30.0  # upper bound for anything to happen; never a performance threshold
WAIT_MS = int(WAIT * 1000)
SECRET = "browser-test-secret"
URL_LINE = re.compile(r"https?://[^\s:/]+:(\d+)/")


class AppProcess:
    """An app subprocess; ``output`` collects its stdout and stderr lines."""

    def __init__(self, script: Path, port: int = 0, env: dict[str, str] | None = None) -> None:
        self.script = script
        self.lines: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        command = [
            sys.executable, "-u", str(script),
            "--server", "--host", "127.0.0.1", "--port", str(port),
            "--authKey", SECRET, "--timeout", "0",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.port = self._wait_for_port()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _wait_for_port(self) -> int:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
            match = URL_LINE.search(line)
            if match:
                return int(match.group(1))
        self.stop()
        raise RuntimeError(f"{self.script.name} did not start:\n{self.output}")

    @property
    def output(self) -> str:
        while True:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        return "".join(self.lines)

    def url(self, query: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/index.html{query}#secret={SECRET}"

    def wait_for_output(self, text: str) -> str:
        deadline = time.monotonic() + WAIT
        while text not in self.output:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared in the server output:\n{self.output}")
            time.sleep(0.05)
        return self.output

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
