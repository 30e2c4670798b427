"""An existing trame client (the trame package's own Python client) drives this server unchanged."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.wire import serving, until
from trame_desktop.server import Server

trame_client = pytest.importorskip("trame_server.client")


async def test_trame_python_client_gets_state_triggers_and_pushes() -> None:
    server = Server()
    server.state.count = 1

    @server.trigger("increment")
    def increment(step=1):
        server.state.count += step
        return server.state.count

    connected: list[int] = []
    server.controller.on_client_connected.add(lambda: connected.append(1))
    async with serving(server):
        client = trame_client.Client(url=f"ws://127.0.0.1:{server.port}/ws", config={"secret": "wslink-secret"})
        connection = asyncio.ensure_future(client.connect())
        await until(lambda: connected and int(client.connected) == 2, timeout=10)  # CONNECTED
        with client.state:
            client.state.count = 5
        await until(lambda: server.state.count == 5)
        assert await client.call_trigger("increment", [2]) == 7
        await until(lambda: client.state.count == 7)
        await client.disconnect()
        await asyncio.wait_for(connection, 10)


async def test_our_python_client_is_trames_twin() -> None:
    """``trame_desktop.app.get_client``: the same scenario as trame's client above, on ours."""
    from trame_desktop.app import get_client
    from trame_desktop.server.client import ConnectionStatus

    server = Server()
    server.state.count = 1

    @server.trigger("increment")
    def increment(step=1):
        server.state.count += step
        return server.state.count

    async with serving(server):
        url = f"ws://127.0.0.1:{server.port}/ws"
        client = get_client(url, secret="wslink-secret")
        assert get_client(url) is client
        seen: list[int] = []
        client.change("count")(lambda count, **_: seen.append(count))
        connection = asyncio.ensure_future(client.connect())
        await until(lambda: client.connected == ConnectionStatus.CONNECTED, timeout=10)
        with client.state:
            client.state.count = 5
        await until(lambda: server.state.count == 5)
        assert await client.call_trigger("increment", [2]) == 7
        await until(lambda: client.state.count == 7 and seen[-1] == 7)
        await client.disconnect()
        await asyncio.wait_for(connection, 10)
        assert client.connected == ConnectionStatus.DISCONNECTED
        with pytest.raises(ConnectionError):
            await client.call_trigger("increment")


async def test_our_python_client_refused_without_the_secret() -> None:
    from trame_desktop.server.client import Client
    from trame_desktop.server.wslink_client import RpcError

    server = Server()
    async with serving(server, secret="right"):
        client = Client(url=f"ws://127.0.0.1:{server.port}/ws", config={"secret": "wrong"})
        with pytest.raises(RpcError):
            await asyncio.wait_for(client.connect(), 10)
        assert int(client.connected) == 0
