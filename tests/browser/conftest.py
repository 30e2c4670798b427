"""Fixtures for the browser tests: headless Debian Chromium (Playwright) and app subprocesses.

Each app runs as ``python <app> --server --port 0 --host 127.0.0.1`` on trame-desktop's own
server; the fixture reads the URL the server prints, so the port is the one it really bound.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
APPS = HERE / "apps"
COUNTER = REPO / "examples" / "counter.py"
CHROMIUM = "/usr/bin/chromium"
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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"browser tests need Debian's chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


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


@pytest.fixture
def start_app() -> Iterator:
    """``start_app(script, port=0, env=None)`` -> a running AppProcess (stopped after the test)."""
    started: list[AppProcess] = []

    def start(script: Path, port: int = 0, env: dict[str, str] | None = None) -> AppProcess:
        app = AppProcess(script, port=port, env=env)
        started.append(app)
        return app

    yield start
    for app in started:
        app.stop()


@pytest.fixture(scope="module")  # not session: a live sync Playwright keeps an event loop running in the main thread
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser) -> Iterator:
    """``new_page()`` -> a page in its own browser context, with a default timeout of WAIT."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 800, "height": 600})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def counter(start_app) -> AppProcess:
    return start_app(COUNTER)

