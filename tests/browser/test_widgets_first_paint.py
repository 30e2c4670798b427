"""A mount hook written with ``raw_attrs`` in the desktop shell's first page: the page mounts the
layout from the state snapshot before its session opens, and the hook's trigger must still reach
the server, once.

The page is built by ``trame_desktop.shell.first_page`` from examples/html_widgets.py (imported, not
started) and served at the running app's address through a Playwright route, as
tests/browser/test_first_paint.py does for the counter.
"""

from __future__ import annotations

import runpy

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, REPO, SECRET
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import first_page

pytestmark = pytest.mark.browser

APP = REPO / "examples" / "html_widgets.py"


@pytest.fixture(scope="module")
def browser():
    """Without Local Network Access checks: a routed document has no address space (see
    tests/browser/test_first_paint.py)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


def test_a_mount_trigger_from_the_snapshot_reaches_the_server_once(new_page, start_app):
    app = start_app(APP)
    server = runpy.run_path(str(APP))["server"]
    first = first_page(server, SECRET, f"http://127.0.0.1:{app.port}/index.html", built_client_dir())
    assert first is not None
    page = new_page()
    page.route(first.base_url, lambda route: route.fulfill(body=first.html, content_type="text/html"))
    page.goto(first.base_url)
    # painted from the snapshot (loads 0), then the hook's trigger arrives once the session opens
    page.wait_for_selector(".loads:text-is('Loaded 1 time(s)')")
    page.fill(".draft", "jam")  # a round trip later, still one load
    page.wait_for_selector(".length:text-is('3 characters')")
    assert page.inner_text(".loads") == "Loaded 1 time(s)"
