"""Helpers for server tests: a real server on loopback and real wslink clients."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from trame_desktop.server import Server
from trame_desktop.server.wslink_client import WslinkClient


@contextlib.asynccontextmanager
async def serving(server: Server, **start: Any) -> AsyncIterator[Server]:
    """Run ``server`` as a task on this loop (port 0, no browser) for the block."""
    start = {"port": 0, "exec_mode": "task", "open_browser": False, "show_connection_info": False, "timeout": 0, **start}
    task = server.start(**start)
    await server.ready
    try:
        yield server
    finally:
        await server.stop()
        await asyncio.wait_for(task, 5)


def ws_url(server: Server) -> str:
    return f"ws://127.0.0.1:{server.port}/ws"


async def connect(server: Server, secret: str = "wslink-secret", **kwargs: Any) -> WslinkClient:
    return await WslinkClient(ws_url(server), secret=secret, **kwargs).connect()


async def until(predicate: Callable[[], Any], timeout: float = 5.0) -> None:
    """Wait (bounded) until ``predicate()`` is true; fail the test otherwise."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            pytest.fail(f"condition not met within {timeout}s")
        await asyncio.sleep(0.005)


class Topic:
    """Collects what a client receives on a topic."""

    def __init__(self, client: WslinkClient, topic: str = "trame.state.topic") -> None:
        self.messages: list[Any] = []
        client.subscribe(topic, self.messages.append)

    def merged(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for message in self.messages:
            result.update(message)
        return result
