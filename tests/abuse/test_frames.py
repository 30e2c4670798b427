"""Malformed, oversized and flooding frames, before and after hello: the server holds within its limits."""

from __future__ import annotations

import asyncio
import os
import random
import struct
import time

import aiohttp

from .conftest import Target, check_rightful, hello

BASELINE_SLACK_KIB = 64 * 1024  # what the server may grow by during an attack (its limit is 1 GiB)


async def _attacker(session: aiohttp.ClientSession, target: Target, authenticate: bool) -> aiohttp.ClientWebSocketResponse:
    ws = await session.ws_connect(target.url, max_msg_size=0)
    if authenticate:
        await ws.send_bytes(hello())
        reply = await asyncio.wait_for(ws.receive(), 10)
        assert reply.type == aiohttp.WSMsgType.BINARY
    return ws


class _Connection:
    """An attacking websocket and whether the server has closed it (a task reads what it sends)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.closed = asyncio.Event()
        self._reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        while True:
            message = await self.ws.receive()
            if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                self.closed.set()
                return

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()


async def _flood(target: Target, frames: object, *, authenticate: bool, count: int, seconds: float) -> dict[str, int]:
    """Send up to ``count`` frames from ``frames()`` (reconnecting when the server closes us) within ``seconds``."""
    outcome = {"sent": 0, "closed": 0, "too_big": 0, "policy": 0}
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as session:
        connection = _Connection(await _attacker(session, target, authenticate))
        while outcome["sent"] < count and time.monotonic() < deadline:
            try:
                await connection.ws.send_bytes(frames())  # type: ignore[operator]
                outcome["sent"] += 1
            except (ConnectionError, RuntimeError):
                pass
            await asyncio.sleep(0)  # let the reader see a close
            if connection.closed.is_set() or connection.ws.closed:
                await asyncio.wait_for(connection.closed.wait(), 10)
                outcome["closed"] += 1
                outcome["too_big"] += connection.ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
                outcome["policy"] += connection.ws.close_code == aiohttp.WSCloseCode.POLICY_VIOLATION
                await connection.close()
                connection = _Connection(await _attacker(session, target, authenticate))
        await connection.close()
    return outcome


def _huge_header() -> bytes:
    # declares (almost) 4 GiB: wslink would allocate it on arrival after hello
    return struct.pack("<III", random.getrandbits(32), 0, 0xFFFF_FFF0) + b"\x00" * 16


async def test_chunk_headers_declaring_gigabytes_after_hello_are_refused(target: Target) -> None:
    baseline = target.rss_kib()
    async with aiohttp.ClientSession() as session:
        for _ in range(50):  # each on its own connection: every one is refused, none is allocated
            connection = _Connection(await _attacker(session, target, authenticate=True))
            await connection.ws.send_bytes(_huge_header())
            await asyncio.wait_for(connection.closed.wait(), 10)
            assert connection.ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
            await connection.close()
    assert target.alive()
    assert target.rss_kib() < baseline + BASELINE_SLACK_KIB
    await check_rightful(target)


async def test_random_frames_after_hello_leave_server_and_rightful_client_working(target: Target) -> None:
    baseline = target.rss_kib()

    def random_frame() -> bytes:
        return os.urandom(random.randint(1, 300))

    outcome = await _flood(target, random_frame, authenticate=True, count=10_000, seconds=45)
    assert outcome["sent"] > 1000
    assert target.alive()
    assert target.rss_kib() < baseline + BASELINE_SLACK_KIB
    await check_rightful(target)
    assert target.log_bytes() < 512 * 1024  # one warning per frame would be megabytes: rate-limited


async def test_chunk_header_flood_without_the_secret_holds_no_memory(target: Target) -> None:
    baseline = target.rss_kib()
    ids = iter(range(1, 1 << 31))

    def new_message_header() -> bytes:
        # a new message id each time, declaring 512 bytes and sending none of them
        return struct.pack("<III", next(ids), 0, 512)

    outcome = await _flood(target, new_message_header, authenticate=False, count=100_000, seconds=45)
    assert outcome["sent"] > 10_000
    assert outcome["policy"] >= 1  # too many unfinished messages: the connection ends
    assert target.alive()
    assert target.rss_kib() < baseline + 32 * 1024  # wslink alone kept ~50 MiB for this
    await check_rightful(target)


async def test_malformed_frames_before_hello_get_no_answer_and_no_memory(target: Target) -> None:
    baseline = target.rss_kib()
    samples = [b"", b"\x01", b"\x00" * 11, b"\x00" * 12 + b"\xc1", struct.pack("<III", 7, 0, 10**6) + b"x", os.urandom(64)]

    def malformed() -> bytes:
        return random.choice(samples)

    outcome = await _flood(target, malformed, authenticate=False, count=5_000, seconds=30)
    assert outcome["sent"] > 500
    assert target.alive()
    assert target.rss_kib() < baseline + 32 * 1024
    await check_rightful(target)
    assert target.log_bytes() < 512 * 1024
