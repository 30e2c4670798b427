"""The shell's first page for trame's own client, in a real browser, with a real trame-vuetify app.

The page is built by ``trame_desktop.shell.trame_first_page`` from the app's server (imported, not
started, its click count set to 41) for an address where no server listens yet. Playwright hands
the page to the browser and answers its file requests from a second, running copy of the app,
standing in for the desktop window's disk cache; the page's websocket goes to the empty address
until the test starts the app there.
"""

from __future__ import annotations

import runpy
import socket
from collections.abc import Iterator

import pytest

from tests.support.browser import BROWSER_APPS, CHROMIUM, CHROMIUM_ARGS, SECRET, AppProcess
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import FirstPage
from trame_desktop.shell.trame_first_page import trame_first_page

pytestmark = pytest.mark.browser

APP = BROWSER_APPS / "trame_paint_app.py"


@pytest.fixture(scope="module")
def browser():
    """As in test_first_paint.py: a document a Playwright route fulfils has no IP address space, so
    Chromium's Local Network Access checks would block its websocket to 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def files() -> Iterator[AppProcess]:
    """A running copy of the app: it serves the page's files (the window's disk cache, here)."""
    app = AppProcess(APP)
    yield app
    app.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_server():
    """The app's server, imported once: get_server() hands a second import the same server, whose
    layout would then name its triggers anew (trigger__2), unlike the running copies'."""
    server = runpy.run_path(str(APP))["server"]
    server.state.clicks = 41
    server.state.name = "bob"  # the live state's is "": a value the page's own edit must win over
    return server


def shell_page(server, port: int) -> FirstPage:
    page = trame_first_page(server, SECRET, f"http://127.0.0.1:{port}/index.html?secret={SECRET}", built_client_dir())
    assert page is not None
    return page


def open_shell_page(new_page, server, files: AppProcess, port: int):
    first = shell_page(server, port)
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script("window.violations = []; document.addEventListener('securitypolicyviolation',"
                         " (event) => window.violations.push(event.violatedDirective + ' ' + event.blockedURI))")

    def answer(route) -> None:
        if route.request.url == first.base_url:
            route.fulfill(body=first.html, content_type="text/html")
        else:
            url = route.request.url.replace(f":{port}/", f":{files.port}/", 1)
            route.fulfill(response=route.fetch(url=url))

    page.route(f"http://127.0.0.1:{port}/**", answer)
    page.goto(first.base_url)
    return page, errors


def test_the_snapshot_paints_without_a_server_and_the_secret_is_in_no_url(new_page, app_server, files):
    page, errors = open_shell_page(new_page, app_server, files, free_port())
    page.wait_for_selector("#clicks:text-is('Clicks: 41')")
    assert page.is_visible("#add")  # a vuetify button: vuetify's files loaded, its plugin used
    assert page.evaluate("document.querySelector('.v-application') !== null")
    assert page.evaluate("document.getElementById('td-boot')") is None  # the secret left the document
    assert SECRET not in page.url
    # the server's policy for trame's client holds in the page, which no HTTP response carries
    policy = page.evaluate("document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert page.evaluate("window.violations") == []
    assert errors == []


def test_a_click_and_typing_on_the_snapshot_reach_the_server_once_it_starts_exactly_once(new_page, app_server, files,
                                                                                        start_app):
    port = free_port()
    page, errors = open_shell_page(new_page, app_server, files, port)
    page.wait_for_selector("#clicks:text-is('Clicks: 41')")
    assert page.input_value("#name") == "bob"
    page.click("#add")
    page.fill("#name", "ada")
    page.wait_for_timeout(300)  # the page tries the empty address meanwhile: nothing may be lost
    assert page.inner_text("#clicks") == "Clicks: 41"

    live = start_app(APP, port=port)
    # the live state (0 clicks) replaced the snapshot's 41, then the kept click made it 1
    page.wait_for_selector("#clicks:text-is('Clicks: 1')")
    page.wait_for_selector("#echo:text-is('Echo: ADA')")  # the typing reached the server
    assert page.input_value("#name") == "ada"  # and the live state did not overwrite it
    page.wait_for_timeout(500)
    assert live.output.count("APP: click") == 1, live.output
    page.click("#add")
    page.wait_for_selector("#clicks:text-is('Clicks: 2')")
    assert live.output.count("APP: click") == 2, live.output
    assert errors == []


def test_the_live_state_replaces_the_snapshot(new_page, app_server, files, start_app):
    port = free_port()
    page, errors = open_shell_page(new_page, app_server, files, port)
    page.wait_for_selector("#clicks:text-is('Clicks: 41')")
    start_app(APP, port=port)
    page.wait_for_selector("#clicks:text-is('Clicks: 0')")  # the server's count, not the snapshot's
    assert page.input_value("#name") == ""
    assert errors == []
