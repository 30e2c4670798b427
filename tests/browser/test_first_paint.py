"""The desktop shell's first page in a real browser: the client paints the app from the state
snapshot in the page, taking input (kept until then) while it says it is connecting, then swaps in
the live state.

The page is built here by ``trame_desktop.shell.first_page`` from the counter example's server (imported,
not started, its count set to 41), and served at the running counter server's address (a
Playwright route), as the desktop window takes it: the server's origin, no secret in the URL.
"""

from __future__ import annotations

import runpy

import pytest

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, COUNTER, SECRET
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import first_page

pytestmark = pytest.mark.browser

EVIL = "</script><script>window.pwned = 1</script><!--"


@pytest.fixture(scope="module")
def browser():
    """A document that a Playwright route fulfils has no IP address space, so Chromium's Local
    Network Access checks would block its websocket to 127.0.0.1; the desktop window's page has the
    server's loopback origin and no such check (tests/desktop cover that path)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


def shell_page(counter):
    server = runpy.run_path(str(COUNTER))["server"]
    server.state.count = 41
    server.state.evil = EVIL
    page = first_page(server, SECRET, f"http://127.0.0.1:{counter.port}/index.html", built_client_dir())
    assert page is not None
    return page


def open_shell_page(new_page, counter, session_opens: bool):
    first = shell_page(counter)
    page = new_page()
    if not session_opens:
        page.route_web_socket("**/ws", lambda ws: None)  # an open socket nobody answers
    page.route(first.base_url, lambda route: route.fulfill(body=first.html, content_type="text/html"))
    page.goto(first.base_url)
    return page


def test_the_snapshot_is_painted_before_the_session_opens_and_says_it_is_connecting(new_page, counter):
    page = open_shell_page(new_page, counter, session_opens=False)
    page.wait_for_selector(".count:text-is('Count: 41')")
    assert page.inner_text(".td-spa-title") == "Counter"  # the layout came from the snapshot too
    assert page.evaluate("document.getElementById('app').inert") is False  # it takes input (src/outbox.js)
    assert page.evaluate("document.body.dataset.connection") == "connecting"
    assert page.is_visible("#td-connecting")
    # the boot data cannot end its script element: the state's text stayed text
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("JSON.parse(document.getElementById('td-boot').textContent).secret") == SECRET


def test_the_live_state_replaces_the_snapshot_and_the_page_takes_clicks(new_page, counter):
    page = open_shell_page(new_page, counter, session_opens=True)
    # the session opened with the secret from the page (the URL has none): the server's count is 0
    page.wait_for_selector(".count:text-is('Count: 0')")
    page.wait_for_function("document.body.dataset.connection === 'connected'")
    assert not page.is_visible("#td-connecting")
    assert page.evaluate("location.hash") == ""
    page.click("button.increment")
    page.wait_for_selector(".count:text-is('Count: 1')")


def test_the_first_page_carries_the_servers_policy_which_blocks_injected_scripts(new_page, counter):
    page = new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    first = shell_page(counter)
    page.route(first.base_url, lambda route: route.fulfill(body=first.html, content_type="text/html"))
    page.goto(first.base_url)
    page.wait_for_function("document.body.dataset.connection === 'connected'")  # bundle, session: all allowed
    page.click("button.increment")
    page.wait_for_selector(".count:text-is('Count: 1')")
    assert violations == []
    policy = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert f"connect-src 'self' ws://127.0.0.1:{counter.port}" in policy
    # what an injected value would try: an inline script, an inline handler; neither runs
    page.evaluate("""() => {
        window.refused = 0;
        document.addEventListener('securitypolicyviolation', () => { window.refused += 1; });
        const script = document.createElement('script');
        script.textContent = 'window.injected = 1';
        document.body.appendChild(script);
        document.body.insertAdjacentHTML('beforeend', '<img src="data:," onload="window.handled = 1">');
    }""")
    page.wait_for_function("window.refused >= 2")  # both refused by the policy
    assert page.evaluate("[window.injected, window.handled]") == [None, None]
