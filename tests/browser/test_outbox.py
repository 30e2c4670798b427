"""What the page does before its session opens, or while it is lost, reaches the server once it opens:
in order, exactly once, on the state the user saw (assets/src/outbox.js).

The page is the desktop shell's first page (``trame_desktop.shell.first_page``, with the app's state
snapshot), served by Playwright routes at the address the app's server will have, bundle included:
the page paints and takes input with no server, and the server starts afterwards on that port.
"""

from __future__ import annotations

import runpy
import socket
from pathlib import Path

import pytest

from tests.support.browser import BROWSER_APPS, CHROMIUM, CHROMIUM_ARGS, SECRET
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import first_page

pytestmark = pytest.mark.browser

APP = BROWSER_APPS / "outbox_app.py"
CONNECTED = "document.body.dataset.connection === 'connected'"


@pytest.fixture(scope="module")
def browser():
    """A document fulfilled by a Playwright route has no IP address space, so Chromium's Local Network
    Access checks would block its websocket to 127.0.0.1 (the desktop window has no such check)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield chromium
        chromium.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def open_before_server(new_page, port: int, layout: str = "main", snapshot_count: int = 41):
    """The shell's first page for the outbox app, its server not started: returns the page."""
    server = runpy.run_path(str(APP))["server"]
    server.state.count = snapshot_count  # the live server starts at 0: the snapshot differs from it
    first = first_page(server, SECRET, f"http://127.0.0.1:{port}/index.html", built_client_dir())
    assert first is not None
    client = built_client_dir()
    page = new_page()

    def bundle(route):
        path = client / route.request.url.split(f":{port}/", 1)[1]
        route.fulfill(body=Path(path).read_bytes(), content_type="text/javascript")

    page.route(f"http://127.0.0.1:{port}/__trame_desktop/**", bundle)
    page.route(f"http://127.0.0.1:{port}/index.html*", lambda route: route.fulfill(body=first.html,
                                                                                     content_type="text/html"))
    page.goto(first.base_url + ("" if layout == "main" else f"?ui={layout}"))
    page.wait_for_function("document.body.dataset.painted === 'snapshot'")
    return page


def calls(app) -> list[str]:
    """The server's CALL lines since it started serving (its start runs each @state.change once)."""
    served = app.output.split("App running at:", 1)[-1]
    return [line.split("CALL ", 1)[1].strip() for line in served.splitlines() if line.startswith("CALL ")]


def test_a_render_time_and_a_mount_time_trigger_on_the_snapshot_reach_the_late_server_once(new_page, start_app):
    port = free_port()
    page = open_before_server(new_page, port, layout="render")
    assert page.inner_text("#rendered") == "Count: 41"  # painted from the snapshot, no server yet
    app = start_app(APP, port=port)
    page.wait_for_function(CONNECTED)
    page.wait_for_selector("#rendered:text-is('Count: 0')")  # the live state re-rendered the layout
    app.wait_for_output("CALL mounted")
    app.wait_for_output("CALL ready")
    # The re-render with the live state called `ready` again: the same call, made once.
    fence_after = page.evaluate("new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(1))))")
    assert fence_after == 1
    page.goto("about:blank")  # the page is gone: nothing more can come from it
    app.stop()
    assert sorted(calls(app)) == ["mounted", "ready"], app.output


def test_clicks_and_typing_on_the_snapshot_are_kept_and_sent_in_order_once_connected(new_page, start_app):
    port = free_port()
    page = open_before_server(new_page, port)
    assert page.is_visible("#td-connecting")  # the page says it is not connected yet
    assert page.evaluate("document.getElementById('app').inert") is False
    page.click("#inc")  # a local edit: 41 -> 42 on the page
    page.wait_for_selector("#count:text-is('Count: 42')")
    page.click("#report")  # a trigger after that edit: the server must see count 42
    page.fill("#text", "typed early")  # an edit after the trigger
    page.click("#inc")
    page.click("#inc")  # coalesced: only the last value of count goes after the trigger
    app = start_app(APP, port=port)
    page.wait_for_function(CONNECTED)
    page.wait_for_selector("#answer:text-is('answered 42')")  # the trigger's promise got the server's answer
    assert not page.is_visible("#td-connecting")
    # The user's edits won over the live state (count 0 on the server): the page kept them.
    page.wait_for_selector("#count:text-is('Count: 44')")
    assert page.input_value("#text") == "typed early"
    app.wait_for_output("CALL text='typed early'")
    app.wait_for_output("CALL count=44")
    # mounted first (the snapshot's tree mounted before any click); the edits after the trigger
    # went as one update, whose @state.change callbacks the server runs in its own order
    sent = calls(app)
    assert sent[:3] == ["mounted", "count=42", "report count=42 state.count=42 text=''"], app.output
    assert sorted(sent[3:]) == ["count=44", "text='typed early'"], app.output


def test_edits_while_disconnected_arrive_after_the_reconnect_and_a_non_replayable_call_is_refused(new_page, start_app):
    first = start_app(APP)
    page = new_page()
    page.goto(f"http://127.0.0.1:{first.port}/index.html#secret={SECRET}")
    page.wait_for_function(CONNECTED)
    page.click("#inc")
    first.wait_for_output("CALL count=1")
    first.stop()
    page.wait_for_selector("#td-connection:text-is('Connection lost, reconnecting…')", state="visible")

    page.fill("#text", "while away")  # the page still takes input
    page.click("#inc")
    page.click("#report")
    page.click("#once")  # marked not replayable: refused now, visibly
    page.wait_for_selector("#refused:text-is('refused')")
    assert page.is_visible("#td-notice")
    assert "not sent" in page.inner_text("#td-notice")

    second = start_app(APP, port=first.port)  # a fresh server: count 0, text ''
    page.wait_for_selector("#td-connection", state="hidden")
    page.wait_for_selector("#answer:text-is('answered 2')")
    second.wait_for_output("CALL count=2")
    sent = calls(second)  # the tree stayed mounted: its mount-time trigger is not made again
    assert sorted(sent[:2]) == ["count=2", "text='while away'"], second.output  # one update, then the trigger
    assert sent[2:] == ["report count=2 state.count=2 text='while away'"], second.output
    assert page.inner_text("#count") == "Count: 2"


def test_past_the_limit_calls_made_while_disconnected_are_refused_visibly(new_page, start_app):
    first = start_app(APP)
    page = new_page()
    page.goto(f"http://127.0.0.1:{first.port}/index.html#secret={SECRET}")
    page.wait_for_function(CONNECTED)
    first.stop()
    page.wait_for_selector("#td-connection", state="visible")
    page.evaluate("for (let i = 0; i < 201; i += 1) document.getElementById('report').click()")
    page.wait_for_selector("#td-notice:has-text('too much is waiting')", state="visible")

    second = start_app(APP, port=first.port)
    page.wait_for_function(CONNECTED)
    page.wait_for_selector("#answer:text-is('answered 0')")
    second.wait_for_output("CALL count=")  # not sent at all: nothing edited count
    page.click("#inc")  # after the 200 kept calls
    second.wait_for_output("CALL count=1")
    assert sum(line.startswith("report ") for line in calls(second)) == 200, second.output
