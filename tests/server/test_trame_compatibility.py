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
