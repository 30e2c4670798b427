"""Loopback only, one fresh secret per launch handed only to the window: the websocket refuses
a wrong secret and a foreign Origin (checked against a real app under the shell).

The shell writes the secret into the window's first page (trame_desktop/first_page.py), never
into a URL."""

import asyncio

import aiohttp
import msgpack
import pytest
from wslink.chunking import UnChunker, generate_chunks

from conftest import APPS

pytestmark = pytest.mark.desktop

TITLE = "CounterApp"
BOOT_SECRET = "JSON.parse(document.getElementById('td-boot').textContent).secret"


async def talk(port: int, secret: str, origin: str | None) -> dict:
    """Open the websocket, say hello with ``secret``, then ask for the state; report what happened."""
    headers = {"Origin": origin} if origin else {}
    unchunker = UnChunker()
    unchunker.set_max_message_size(100_000_000)
    report: dict = {}
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws", headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return {"handshake": error.status}
        report["handshake"] = 101

        async def rpc(ident: str, method: str, args: list) -> dict | None:
            message = msgpack.packb({"wslink": "1.0", "id": ident, "method": method, "args": args, "kwargs": {}})
            for chunk in generate_chunks(message, 4096):
                await ws.send_bytes(chunk)
            while True:
                try:
                    frame = await ws.receive(timeout=10)
                except asyncio.TimeoutError:
                    return None
                if frame.type != aiohttp.WSMsgType.BINARY:
                    return None
                full = unchunker.process_chunk(frame.data)
                if full is not None:
                    reply = full  # UnChunker returns the decoded message
                    if reply.get("id") == ident:
                        return reply

        report["hello"] = await rpc("system:c0:0", "wslink.hello", [{"secret": secret}])
        report["state"] = await rpc("rpc:c0:1", "trame.state.get", [])
        await ws.close()
    return report


@pytest.fixture
def running(launch, x):
    app = launch(str(APPS / "counter_app.py"))
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
    port, secret = running
    report = asyncio.run(talk(port, "wslink-secret", origin=None))
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
        app = launch(str(APPS / "counter_app.py"))
        app.wait_line("DRIVER event on_window_shown")
        app.wait_js("!!document.getElementById('inc') && document.body.dataset.connection === 'connected'", "the app's UI")
        secrets_seen.append(app.command("js", BOOT_SECRET))
        port = app.command("port")
        # the page's address is the server's, with nothing in it: the secret never goes over HTTP
        assert app.command("js", "window.location.href") == f"http://127.0.0.1:{port}/index.html"
        assert app.close_window(x, TITLE) == 0, app.output()
    assert secrets_seen[0] != secrets_seen[1]
    assert all(isinstance(s, str) and len(s) > 30 for s in secrets_seen)
