"""Fixtures for the browser tests: headless Debian Chromium (Playwright) and app subprocesses."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, COUNTER, WAIT_MS, AppProcess


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"browser tests need Debian's chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def start_app() -> Iterator[Callable[..., AppProcess]]:
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

