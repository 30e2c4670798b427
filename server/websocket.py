"""The websocket endpoint: admits connections, runs wslink on them, and writes in order.

wslink's ``WslinkHandler`` does the protocol (hello and secret, RPC dispatch, errors, chunking);
this class adds what a desktop server needs around it: the Origin/Host check before the
upgrade, per-server message limits, one ordered outbox per connection (a message is packed
once, whatever the number of clients), client lifecycle hooks and the network log.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from typing import Any

import aiohttp
import msgpack
from aiohttp import web
from wslink.chunking import generate_chunks
from wslink.protocol import WslinkHandler

from .network_log import NetworkLog
from .security import handshake_allowed

logger = logging.getLogger(__name__)

INVALID_REQUEST = -32600
_CLOSE = object()


class _Lifecycle:
    """What ``WslinkHandler`` expects of its web app: who spoke last, and how to stop."""

    def __init__(self, stop: Callable[[], Any]) -> None:
        self.last_active_client_id: str | None = None
        self._stop = stop

    async def stop(self) -> None:
        await self._stop()


class WebsocketEndpoint(WslinkHandler):
    """One server's websocket route (``/ws``) and every connection on it."""

    def __init__(
        self,
        protocol: Any,
        *,
        stop: Callable[[], Any],
        allowed_hosts: Callable[[], set[str]],
        max_msg_size: int,
        heartbeat: float | None,
        compress: bool,
        network_log: NetworkLog | None,
        on_connected: Callable[[str], None],
        on_exited: Callable[[str], None],
        runs_long: Callable[[dict], bool] = lambda _rpc: False,
    ) -> None:
        super().__init__(protocol, _Lifecycle(stop))
        self._allowed_hosts = allowed_hosts
        self._max_msg_size = max_msg_size
        self._heartbeat = heartbeat
        self._compress = compress
        self._network_log = network_log
        self._on_connected = on_connected
        self._on_exited = on_exited
        self._runs_long = runs_long
        self._long_calls: set[asyncio.Task] = set()
        self._outboxes: dict[str, asyncio.Queue] = {}
        self._writers: dict[str, asyncio.Task] = {}
        self._send_locks: dict[str, asyncio.Lock] = {}
        self._publish_count = 0

    # -- connections --------------------------------------------------------------------
    @property
    def client_count(self) -> int:
        return len(self.connections)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for the websocket route."""
        refusal = handshake_allowed(request, self._allowed_hosts())
        if refusal:
            logger.warning("Refused websocket from %s: %s", request.remote, refusal)
            raise web.HTTPForbidden(text=refusal)

        ws = web.WebSocketResponse(
            max_msg_size=self._max_msg_size,
            heartbeat=self._heartbeat,
            compress=self._compress,
        )
        await ws.prepare(request)
        client_id = uuid.uuid4().hex
        outbox: asyncio.Queue = asyncio.Queue()
        self.connections[client_id] = ws
        self._outboxes[client_id] = outbox
        lock = self._send_locks[client_id] = asyncio.Lock()
        self._writers[client_id] = asyncio.get_running_loop().create_task(self._write(ws, outbox, lock))
        await self.onConnect(request, client_id)
        try:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.BINARY:
                    await self._receive(msg, client_id)
                elif msg.type == aiohttp.WSMsgType.TEXT:
                    logger.warning("Client %s sent a text frame; wslink speaks binary msgpack", client_id)
                elif msg.type == aiohttp.WSMsgType.ERROR:
                    logger.warning("Client %s: websocket error, closing: %s", client_id, ws.exception())
        finally:
            await self._drop(client_id)
        return ws

    async def _receive(self, msg: aiohttp.WSMessage, client_id: str) -> None:
        was_authenticated = self.isClientAuthenticated(client_id)
        try:
            await self.onMessage(True, msg, client_id)
        except Exception as error:  # malformed frame: report, keep the connection and the server
            logger.warning("Client %s sent a malformed message (%s: %s)", client_id, type(error).__name__, error)
        if not was_authenticated and self.isClientAuthenticated(client_id):
            self._on_connected(client_id)

    async def onCompleteMessage(self, rpc: Any, client_id: str) -> None:
        if self._network_log:
            self._network_log.incoming(client_id, self.payloadWithSecretStripped(rpc) if isinstance(rpc, dict) else rpc)
        if not isinstance(rpc, dict):
            logger.warning("Client %s sent %s instead of a request object", client_id, type(rpc).__name__)
            return
        rpc_id, method = rpc.get("id"), rpc.get("method")
        if rpc_id is not None and (not isinstance(rpc_id, str) or not isinstance(method, str)):
            logger.warning("Client %s sent an invalid request (id=%r, method=%r)", client_id, rpc_id, method)
            if isinstance(rpc_id, str):
                await self.sendWrappedError(rpc_id, INVALID_REQUEST, "Invalid request: 'method' must be a string", client_id=client_id)
            return
        if rpc_id is not None and self.isClientAuthenticated(client_id) and self._runs_long(rpc):
            # An async call may take long: run it beside the read loop so this client's
            # next messages are not stuck behind it. Sync calls stay inline, in order.
            task = asyncio.get_running_loop().create_task(self._call_beside(rpc, client_id))
            self._long_calls.add(task)
            task.add_done_callback(self._long_calls.discard)
            return
        await super().onCompleteMessage(rpc, client_id)

    async def _call_beside(self, rpc: dict, client_id: str) -> None:
        try:
            await super().onCompleteMessage(rpc, client_id)
        except KeyError:
            if client_id in self.connections:
                raise  # a real error; a vanished client just lost its reply

    async def _drop(self, client_id: str) -> None:
        authenticated = self.isClientAuthenticated(client_id)
        outbox = self._outboxes.pop(client_id, None)
        if outbox is not None:
            outbox.put_nowait(_CLOSE)
        self._send_locks.pop(client_id, None)
        writer = self._writers.pop(client_id, None)
        if writer is not None:
            await asyncio.gather(writer, return_exceptions=True)
        await self.onClose(client_id)
        self.connections.pop(client_id, None)
        self.authentified_client_ids.discard(client_id)
        if authenticated:
            self._on_exited(client_id)

    async def close_all(self) -> None:
        """Close every connection (going away) and wait until each is gone."""
        sockets = list(self.connections.values())
        await asyncio.gather(
            *(ws.close(code=aiohttp.WSCloseCode.GOING_AWAY, message=b"Server shutdown") for ws in sockets),
            return_exceptions=True,
        )

    # -- writing ------------------------------------------------------------------------
    @staticmethod
    async def _write(ws: web.WebSocketResponse, outbox: asyncio.Queue, lock: asyncio.Lock) -> None:
        while True:
            frame = await outbox.get()
            if frame is _CLOSE or ws.closed:
                return
            try:
                async with lock:
                    await ws.send_bytes(frame)
            except (ConnectionError, RuntimeError):
                return

    async def _reply(self, client_id: str, message: dict) -> bool:
        """Send a one-frame reply at once when nothing waits before it; False if queued instead."""
        outbox, lock, ws = self._outboxes.get(client_id), self._send_locks.get(client_id), self.connections.get(client_id)
        if outbox is None or lock is None or ws is None or not outbox.empty() or lock.locked():
            return False
        packed = msgpack.packb(message)
        if len(packed) + 12 > self._max_msg_size:
            return False
        frame = next(generate_chunks(packed, self._max_msg_size))
        if self._network_log:
            self._network_log.outgoing(client_id, message)
        try:
            async with lock:  # free, so taken without a loop turn; the writer waits behind it
                await ws.send_bytes(frame)
        except (ConnectionError, RuntimeError):
            pass
        return True

    def payloadWithSecretStripped(self, payload: Any) -> Any:
        # wslink deep-copies every message for this; only the hello carries a secret.
        if isinstance(payload, dict) and payload.get("method") == "wslink.hello":
            return super().payloadWithSecretStripped(payload)
        return payload

    def _targets(self, client_id: str | None, skip_last_active_client: bool) -> list[str]:
        if client_id is not None:
            return [client_id] if client_id in self._outboxes else []
        skip = self.web_app.last_active_client_id if skip_last_active_client else None
        return [c for c in self._outboxes if c != skip and c in self.authentified_client_ids]

    def _enqueue(self, message: dict, targets: list[str], client_for_log: str | None = None) -> None:
        packed = msgpack.packb(message)
        frames = list(generate_chunks(packed, self._max_msg_size))
        for target in targets:
            outbox = self._outboxes.get(target)
            if outbox is not None:
                for frame in frames:
                    outbox.put_nowait(frame)
        if self._network_log:
            self._network_log.outgoing(client_for_log or ",".join(targets) or "-", message)

    async def sendWrappedMessage(
        self, rpcid: str, content: Any, method: str = "", client_id: str | None = None, skip_last_active_client: bool = False
    ) -> None:
        message = {"wslink": "1.0", "id": rpcid, "result": content}
        targets = self._targets(client_id, skip_last_active_client)
        if client_id is not None and not self.isClientAuthenticated(client_id):
            targets = []
        try:
            if client_id is not None and targets == [client_id] and await self._reply(client_id, message):
                return
            self._enqueue(message, targets, client_id)
        except (TypeError, ValueError, OverflowError) as error:
            logger.error("Result of %s cannot be serialized (%s); sending an error instead", method or rpcid, error)
            await self.sendWrappedError(rpcid, -32002, "Method result cannot be serialized", method, client_id=client_id)

    async def sendWrappedError(
        self, rpcid: str, code: int, message: str, data: Any = None, client_id: str | None = None
    ) -> None:
        error: dict[str, Any] = {"code": code, "message": message}
        if data:
            error["data"] = data
        wrapper = {"wslink": "1.0", "id": rpcid, "error": error}
        targets = [client_id] if client_id else list(self._outboxes)
        try:
            self._enqueue(wrapper, targets, client_id)
        except (TypeError, ValueError, OverflowError):
            error.pop("data", None)
            self._enqueue(wrapper, targets, client_id)

    def publish(self, topic: str, data: Any, client_id: str | None = None, skip_last_active_client: bool = False) -> None:
        """Send ``data`` on ``topic`` to every authenticated client (packed once)."""
        targets = self._targets(client_id, skip_last_active_client)
        if not targets:
            return  # nobody to tell: skip packing
        self._publish_count += 1
        message = {"wslink": "1.0", "id": f"publish:{topic}:{self._publish_count}", "result": data}
        self._enqueue(message, targets)
