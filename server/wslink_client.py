"""A low-level Python wslink client: hello, RPC calls, raw frames and topic subscriptions (tests, benchmarks)."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

import aiohttp
import msgpack
from wslink.chunking import UnChunker, generate_chunks

from .secret import DEFAULT_SECRET


class RpcError(Exception):
    """The server answered a call with an error."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(f"{error.get('message')} ({error.get('code')}): {error.get('data')}")
        self.code = error.get("code")
        self.data = error.get("data")


class WslinkClient:
    """One websocket connection speaking wslink.

    >>> async with WslinkClient("ws://127.0.0.1:8080/ws", secret="wslink-secret") as c:  # doctest: +SKIP
    ...     state = await c.call("trame.state.get")
    """

    def __init__(self, url: str, secret: str = DEFAULT_SECRET, headers: dict[str, str] | None = None, max_msg_size: int = 4 * 1024 * 1024) -> None:
        self.url = url
        self.secret = secret
        self.headers = headers or {}
        self.client_id: str | None = None
        self._max_msg_size = max_msg_size
        self._session: aiohttp.ClientSession | None = None
        self._ws_or_none: aiohttp.ClientWebSocketResponse[bool] | None = None
        self._ids = itertools.count(1)
        self._pending: dict[str, asyncio.Future] = {}
        self._topics: dict[str, list[Callable[[Any], None]]] = {}
        self._reader: asyncio.Task | None = None
        self._unchunker = UnChunker()
        self._writes: set[asyncio.Task] = set()  # held so a write in flight is not collected
        self.closed = asyncio.Event()

    @property
    def _ws(self) -> aiohttp.ClientWebSocketResponse[bool]:
        if self._ws_or_none is None:
            msg = "not connected: call connect() first"
            raise RuntimeError(msg)
        return self._ws_or_none

    async def connect(self, authenticate: bool = True) -> WslinkClient:
        self._session = aiohttp.ClientSession()
        try:
            self._ws_or_none = await self._session.ws_connect(self.url, headers=self.headers, max_msg_size=0)
        except BaseException:
            await self._session.close()
            raise
        self._reader = asyncio.get_running_loop().create_task(self._read())
        if authenticate:
            try:
                reply = await self._send("system:c0:0", "wslink.hello", [{"secret": self.secret}])
            except BaseException:
                await self.close()
                raise
            self.client_id = reply["clientID"]
            self._unchunker.set_max_message_size(4 * 1024 * 1024 * 1024)
        return self

    async def __aenter__(self) -> WslinkClient:
        return await self.connect()

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    def subscribe(self, topic: str, callback: Callable[[Any], None]) -> None:
        self._topics.setdefault(topic, []).append(callback)

    async def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return await self._send(f"rpc:{self.client_id}:{next(self._ids)}", method, list(args), kwargs)

    async def send_raw(self, data: bytes) -> None:
        """Send bytes as they are (for tests of malformed input)."""
        await self._ws.send_bytes(data)

    def send_packed(self, message: dict) -> asyncio.Future:
        """Send a message dict as is; return the future of its reply (if it has an id)."""
        future = asyncio.get_running_loop().create_future()
        if "id" in message:
            self._pending[message["id"]] = future
        write = asyncio.get_running_loop().create_task(self._write(message))
        self._writes.add(write)
        write.add_done_callback(self._writes.discard)
        return future

    async def _write(self, message: dict) -> None:
        for chunk in generate_chunks(msgpack.packb(message), self._max_msg_size):
            await self._ws.send_bytes(chunk)

    async def _send(self, rpc_id: str, method: str, args: list, kwargs: dict | None = None) -> Any:
        future = asyncio.get_running_loop().create_future()
        self._pending[rpc_id] = future
        await self._write({"wslink": "1.0", "id": rpc_id, "method": method, "args": args, "kwargs": kwargs or {}})
        return await future

    async def _read(self) -> None:
        try:
            async for msg in self._ws:
                if msg.type != aiohttp.WSMsgType.BINARY:
                    continue
                message = self._unchunker.process_chunk(msg.data)
                if message is not None:
                    self._dispatch(message)
        finally:
            error = ConnectionError(f"websocket closed ({self._ws.close_code})")
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(error)
            self._pending.clear()
            self.closed.set()

    def _dispatch(self, message: dict) -> None:
        rpc_id = message.get("id", "")
        if rpc_id.startswith("publish:"):
            topic = rpc_id.split(":")[1]
            for callback in self._topics.get(topic, ()):
                callback(message.get("result"))
            return
        future = self._pending.pop(rpc_id, None)
        if future is None or future.done():
            return
        if "error" in message:
            future.set_exception(RpcError(message["error"]))
        else:
            future.set_result(message.get("result"))

    @property
    def close_code(self) -> int | None:
        return self._ws_or_none.close_code if self._ws_or_none is not None else None

    async def close(self) -> None:
        if self._ws_or_none is not None:
            await self._ws_or_none.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
