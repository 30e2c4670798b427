"""Helpers for the abuse tests: the attacked server in a subprocess under limits, a rightful client, raw sockets."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgpack
import pytest

from trame_desktop.server.wslink_client import WslinkClient

APP = Path(__file__).parent / "apps" / "target.py"
SECRET = "abuse-secret"
START_TIMEOUT = 30.0


class Target:
    """The attacked server: its process, port and the log it writes (stderr, in a file)."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_bytes(self) -> int:
        return self.log.stat().st_size


def start_target(env: dict[str, str] | None = None) -> Target:
    log = Path(tempfile.mkstemp(prefix="abuse-", suffix=".log")[1])
    environment = {**os.environ, "ABUSE_SECRET": SECRET, "PYTHONUNBUFFERED": "1", **(env or {})}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(APP)], stdout=subprocess.PIPE, stderr=stderr, env=environment
        )
    deadline = time.monotonic() + START_TIMEOUT
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    buffer = ""
    while time.monotonic() < deadline:
        with contextlib.suppress(BlockingIOError):
            buffer += os.read(process.stdout.fileno(), 4096).decode()
        for line in buffer.splitlines():
            if line.startswith("PORT "):
                return Target(process, int(line.split()[1]), log)
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"target did not start: {log.read_text()[-2000:]}")


@contextlib.contextmanager
def target_running(env: dict[str, str] | None = None) -> Iterator[Target]:
    target = start_target(env)
    try:
        yield target
    finally:
        target.process.kill()
        target.process.wait(10)
        if target.process.stdout is not None:
            target.process.stdout.close()
        target.log.unlink(missing_ok=True)


@pytest.fixture
def target() -> Iterator[Target]:
    with target_running() as running:
        yield running


@contextlib.asynccontextmanager
async def rightful(target: Target) -> AsyncIterator[WslinkClient]:
    client = await asyncio.wait_for(WslinkClient(target.url, secret=SECRET).connect(), 10)
    try:
        yield client
    finally:
        await client.close()


async def check_rightful(target: Target, attempts: int = 1) -> dict[str, Any]:
    """A client with the secret gets correct answers: a trigger, a state round trip; returns the server's stats."""
    error: BaseException | None = None
    for _ in range(attempts):
        try:
            async with rightful(target) as client:
                before = (await asyncio.wait_for(client.call("trame.state.get"), 10))["state"]["count"]
                assert await asyncio.wait_for(client.call("trame.trigger", "add", [2], {}), 10) == before + 2
                probe = uuid.uuid4().hex
                await asyncio.wait_for(client.call("trame.state.update", [{"key": "probe", "value": probe}]), 10)
                state = (await asyncio.wait_for(client.call("trame.state.get"), 10))["state"]
                assert state["probe"] == probe
                assert state["count"] == before + 2
                return await asyncio.wait_for(client.call("trame.trigger", "stats", [], {}), 10)
        except (OSError, asyncio.TimeoutError, ConnectionError) as failure:  # e.g. evicted while connecting
            error = failure
            await asyncio.sleep(0.2)
    raise AssertionError(f"the rightful client did not get through in {attempts} attempts: {error!r}")


async def stats(target: Target) -> dict[str, Any]:
    async with rightful(target) as client:
        return await asyncio.wait_for(client.call("trame.trigger", "stats", [], {}), 10)


async def until_stats(target: Target, predicate: Any, timeout: float) -> dict[str, Any]:
    """Poll the server's stats (bounded) until ``predicate(stats)``; fail with the last stats otherwise."""
    deadline = time.monotonic() + timeout
    last: dict[str, Any] = {}
    while time.monotonic() < deadline:
        last = await stats(target)
        if predicate(last):
            return last
        await asyncio.sleep(0.2)
    pytest.fail(f"condition not met within {timeout} s; last stats: {last}")


# -- a raw websocket client: it can stop reading, which aiohttp's client cannot -----------
def chunk(message: dict, message_id: int = 1) -> bytes:
    packed = msgpack.packb(message)
    return struct.pack("<III", message_id, 0, len(packed)) + packed


def hello(secret: str = SECRET) -> bytes:
    return chunk({"wslink": "1.0", "id": "system:c0:0", "method": "wslink.hello", "args": [{"secret": secret}], "kwargs": {}})


def masked_frame(payload: bytes, opcode: int = 0x2) -> bytes:
    """One client-to-server websocket frame (clients must mask)."""
    mask = os.urandom(4)
    length = len(payload)
    if length < 126:
        header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
    elif length < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return header + mask + body


def raw_websocket(port: int, receive_buffer: int | None = None) -> socket.socket:
    """A websocket upgraded by hand, on a blocking socket (set ``receive_buffer`` small to stall us fast)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall(
        (
            f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        ).encode()
    )
    response = b""
    while b"\r\n\r\n" not in response:
        data = sock.recv(1)
        if not data:
            raise ConnectionError("closed during the upgrade")
        response += data
    assert response.startswith(b"HTTP/1.1 101"), response
    return sock
