"""Loopback only, one fresh secret per launch handed only to the window: the websocket refuses
a wrong secret and a foreign Origin (checked against a real app under the shell).

The shell writes the secret into the window's first page (trame_desktop/shell/first_page.py), never
into a URL."""

import asyncio

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.websocket_probe import talk
from trame_desktop.server.secret import DEFAULT_SECRET

pytestmark = pytest.mark.desktop

TITLE = "CounterApp"
BOOT_SECRET = "JSON.parse(document.getElementById('td-boot').textContent).secret"


@pytest.fixture
def running(launch, x):
    app = launch(str(DESKTOP_APPS / "counter_app.py"))
    app.wait_line("DRIVER event on_window_shown")
    app.wait_js("!!document.getElementById('inc') && document.body.dataset.connection === 'connected'", "the app's UI")
    port = app.command("port")
    yield port, app.command("js", BOOT_SECRET)
    assert app.close_window(x, TITLE) == 0, app.output()


def test_the_right_secret_is_served(running):
    port, secret = running
    report = asyncio.run(talk(port, secret, origin=f"http://127.0.0.1:{port}"))
    assert "error" not in report["hello"]
    assert report["state"]["result"]["state"]["count"] == 0


def test_a_wrong_secret_gets_no_rpc(running):
    port, _secret = running
    report = asyncio.run(talk(port, DEFAULT_SECRET, origin=None))
    assert report["handshake"] == 101
    assert "error" in report["hello"]
    assert report["state"] is None or "error" in report["state"]


def test_a_foreign_origin_is_refused_before_the_upgrade(running):
    port, secret = running
    report = asyncio.run(talk(port, secret, origin="http://evil.example"))
    assert report == {"handshake": 403}


def test_the_secret_is_fresh_each_launch_and_not_in_the_page_address(launch, x):
    secrets_seen = []
    for _ in range(2):
        app = launch(str(DESKTOP_APPS / "counter_app.py"))
        app.wait_line("DRIVER event on_window_shown")
        app.wait_js("!!document.getElementById('inc') && document.body.dataset.connection === 'connected'", "the app's UI")
        secrets_seen.append(app.command("js", BOOT_SECRET))
        port = app.command("port")
        # the page's address is the server's, with nothing in it: the secret never goes over HTTP
        assert app.command("js", "window.location.href") == f"http://127.0.0.1:{port}/index.html"
        assert app.close_window(x, TITLE) == 0, app.output()
    assert secrets_seen[0] != secrets_seen[1]
    assert all(isinstance(s, str) and len(s) > 30 for s in secrets_seen)
