"""Probe a running app's websocket from outside its window: handshake, hello with a secret, one RPC."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import msgpack
from wslink.chunking import UnChunker, generate_chunks

__all__ = ["talk"]


async def talk(port: int, secret: str, origin: str | None) -> dict[str, Any]:
    """Open the websocket, say hello with ``secret``, then ask for the state; report what happened."""
    headers = {"Origin": origin} if origin else {}
    unchunker = UnChunker()
    unchunker.set_max_message_size(100_000_000)
    report: dict[str, Any] = {}
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(f"ws://127.0.0.1:{port}/ws", headers=headers)
        except aiohttp.WSServerHandshakeError as error:
            return {"handshake": error.status}
        report["handshake"] = 101

        async def rpc(ident: str, method: str, args: list[Any]) -> dict[str, Any] | None:
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
