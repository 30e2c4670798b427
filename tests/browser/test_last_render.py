"""The last launch's render in the first page (trame_desktop/shell/last_render.py), in real Chromium:
the page shows it before the client bundle has run, what the user does on it reaches the server
once the bundle has mounted and the session opens, and nothing in a saved render runs.

As in test_outbox.py, Playwright routes serve the shell's first page at the address the outbox
app's server will have; here the bundle's answer is held back, so the page has only its HTML."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from tests.browser.test_outbox import APP, CONNECTED, browser, calls, free_port  # noqa: F401 - browser is a fixture
from tests.support.browser import SECRET
from trame_desktop.server.web_client import built_client_dir
from trame_desktop.shell.first_page import bundle_name, first_page
from trame_desktop.shell.last_render import LastRender

pytestmark = pytest.mark.browser


def build(port: int, renders: LastRender):
    server = runpy.run_path(str(APP))["server"]
    server.state.count = 41  # the live server starts at 0: the snapshot differs from it
    server.state.text = "draft"
    page = first_page(server, SECRET, f"http://127.0.0.1:{port}/index.html", built_client_dir(), renders)
    assert page is not None
    return page


def open_page(new_page, first, port: int, hold_bundle: bool = False):
    """A page on ``first``; with ``hold_bundle`` its bundle's answer waits for the returned release()."""
    client = built_client_dir()
    held: list = []
    page = new_page()

    def answer(route):
        path = client / route.request.url.split(f":{port}/", 1)[1]
        route.fulfill(body=Path(path).read_bytes(), content_type="text/javascript")

    def bundle(route):
        if hold_bundle:
            held.append(route)
        else:
            answer(route)

    def release():
        for route in held:
            answer(route)

    page.route(f"http://127.0.0.1:{port}/__trame_desktop/**", bundle)
    page.route(f"http://127.0.0.1:{port}/index.html*", lambda route: route.fulfill(body=first.html,
                                                                                     content_type="text/html"))
    page.goto(first.base_url, wait_until="commit")
    return page, release


def saved_render(new_page, port: int, renders: LastRender) -> None:
    """One launch that paints from the snapshot, and the shell's save of its render."""
    first = build(port, renders)
    assert first.keep_render
    page, _ = open_page(new_page, first, port)
    page.wait_for_function("document.body.dataset.painted === 'snapshot'")
    html = page.evaluate("window.__tdSnapshotRender")
    assert "Count: 41" in html and 'value="draft"' in html  # the field shows its value in the markup
    assert renders.remember(bundle_name(first.bundle_url), first.snapshot, html)
    page.close()


def test_the_saved_render_shows_before_the_bundle_and_input_on_it_reaches_the_server_once(new_page, start_app,
                                                                                          tmp_path):
    port = free_port()
    renders = LastRender(tmp_path / "render.json")
    saved_render(new_page, port, renders)

    first = build(port, renders)
    assert first.rendered
    page, release = open_page(new_page, first, port, hold_bundle=True)
    page.wait_for_selector("#count:text-is('Count: 41')")  # the saved render: no script of the client ran
    assert page.evaluate("document.body.dataset.painted") == "render"
    assert page.evaluate("typeof window.Vue") == "undefined"
    assert page.input_value("#text") == "draft"
    assert page.is_visible("#td-connecting")  # it says it is not ready

    page.click("#inc")  # kept by the page's keeper: nothing changes yet
    page.fill("#text", "typed on the render")
    page.click("#report")
    assert page.inner_text("#count") == "Count: 41"

    release()  # the bundle runs, mounts the snapshot and makes the kept input again
    page.wait_for_function("document.body.dataset.painted === 'snapshot'")
    page.wait_for_selector("#count:text-is('Count: 42')")
    assert page.input_value("#text") == "typed on the render"

    app = start_app(APP, port=port)
    page.wait_for_function(CONNECTED)
    page.wait_for_selector("#answer:text-is('answered 42')")
    assert page.input_value("#text") == "typed on the render"  # the user's edit won over the live ''
    app.wait_for_output("CALL report")
    page.goto("about:blank")
    app.stop()
    sent = calls(app)
    assert sent[0] == "mounted", app.output
    # the click and the typing, in the order made, before the trigger that followed them; each once
    assert sent[1:] == ["count=42", "text='typed on the render'",
                        "report count=42 state.count=42 text='typed on the render'"], app.output


def test_a_script_in_a_saved_render_does_not_run(new_page, tmp_path):
    port = free_port()
    renders = LastRender(tmp_path / "render.json")
    first = build(port, renders)
    evil = ('<div><div id="count">Count: 41</div><script>window.pwned = 1</script>'
            '<img src="data:," onload="window.handled = 1"></div>')
    assert renders.remember(bundle_name(first.bundle_url), first.snapshot, evil)
    first = build(port, renders)
    assert first.rendered
    page = new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page, _ = open_page(lambda: page, first, port)
    page.wait_for_function("document.body.dataset.painted === 'snapshot'")  # the page's own scripts ran
    assert page.evaluate("[window.pwned, window.handled]") == [None, None]
    assert len(refused) == 2, refused  # the render's inline script and its inline handler
