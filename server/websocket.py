"""The websocket endpoint: admits connections, runs wslink on them within limits, and writes in order.

wslink's ``WslinkHandler`` does the protocol (hello and secret, RPC dispatch, errors, chunking);
this class adds what a desktop server needs around it: the Origin/Host check before the
upgrade, per-connection bounds (``Limits``: message and chunk sizes, a deadline for hello,
a bounded outbox per connection that merges state pushes when it backs up), one ordered
outbox per connection (a message is packed once, whatever the number of clients), client
lifecycle hooks, cancellation of a gone client's calls, and the network log.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

import msgpack
from aiohttp import web
from aiohttp.http import WSCloseCode, WSMessage, WSMsgType
from wslink.chunking import generate_chunks
from wslink.protocol import WslinkHandler

from .admission import Admission, fd_share
from .limits import Limits
from .network_log import NetworkLog
from .outbox import Outbox
from .security import handshake_allowed
from .unchunker import BoundedUnChunker, ChunkLimitError

logger = logging.getLogger(__name__)

INVALID_REQUEST = -32600
STATE_TOPIC = "trame.state.topic"


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
        limits: Limits | None = None,
    ) -> None:
        super().__init__(protocol, _Lifecycle(stop))
        self.limits = (limits or Limits()).for_message_size(max_msg_size)
        fd_cap = fd_share()
        self.admission = Admission(min(self.limits.max_unauthenticated, fd_cap or self.limits.max_unauthenticated))
        self._allowed_hosts = allowed_hosts
        self._max_msg_size = self.limits.max_msg_size
        self._heartbeat = heartbeat
        self._compress = compress
        self._network_log = network_log
        self._on_connected = on_connected
        self._on_exited = on_exited
        self._runs_long = runs_long
        self._long_calls: dict[str, set[asyncio.Task]] = {}
        self._outboxes: dict[str, Outbox] = {}
        self._writers: dict[str, asyncio.Task] = {}
        self._send_locks: dict[str, asyncio.Lock] = {}
        self._transports: dict[str, asyncio.Transport] = {}
        self._requests: dict[str, web.BaseRequest] = {}
        self._hello_deadlines: dict[str, asyncio.TimerHandle] = {}
        self._publish_count = 0

    # -- connections --------------------------------------------------------------------
    @property
    def client_count(self) -> int:
        return len(self.connections)

    def allowed_hosts(self) -> set[str]:
        """The Host values this server answers to (empty: any, when listening everywhere)."""
        return self._allowed_hosts()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """aiohttp handler for the websocket route."""
        refusal = handshake_allowed(request, self._allowed_hosts())
        if refusal:
            logger.warning("Refused websocket from %s: %s", request.remote, refusal)
            raise web.HTTPForbidden(text=refusal)

        limits = self.limits
        ws = web.WebSocketResponse(
            max_msg_size=limits.max_msg_size,
            heartbeat=self._heartbeat,
            compress=self._compress,
            timeout=limits.close_grace,  # how long close() waits for the peer's reply
        )
        await ws.prepare(request)
        client_id = uuid.uuid4().hex
        outbox = Outbox(high_water=limits.outbox_high_water, limit=limits.hello_outbox_limit, pack=self._pack)
        self.connections[client_id] = ws
        self._outboxes[client_id] = outbox
        self._requests[client_id] = request
        if request.transport is not None:
            self._transports[client_id] = request.transport
        lock = self._send_locks[client_id] = asyncio.Lock()
        loop = asyncio.get_running_loop()
        self._writers[client_id] = loop.create_task(self._write(ws, outbox, lock))
        self._hello_deadlines[client_id] = loop.call_later(limits.hello_timeout, self._hello_expired, client_id)
        await self.onConnect(request, client_id)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.BINARY:
                    if not await self._receive(msg, client_id):
                        break
                elif msg.type == WSMsgType.TEXT:
                    logger.warning("Client %s sent a text frame; wslink speaks binary msgpack", client_id)
                elif msg.type == WSMsgType.ERROR:
                    logger.warning("Client %s: websocket error, closing: %s", client_id, ws.exception())
        finally:
            await self._drop(client_id)
        return ws

    async def onConnect(self, request: Any, client_id: str) -> None:
        await super().onConnect(request, client_id)
        limits = self.limits
        self.unchunkers[client_id] = BoundedUnChunker(
            limit=limits.hello_msg_size,
            ceiling=limits.max_msg_size,
            budget=limits.pending_bytes,
            max_pending=limits.max_pending_messages,
            ttl=limits.pending_message_ttl,
        )

    async def _receive(self, msg: WSMessage, client_id: str) -> bool:
        """Handle one frame; False when the connection must close."""
        was_authenticated = self.isClientAuthenticated(client_id)
        try:
            await self.onMessage(True, msg, client_id)
        except ChunkLimitError as refused:  # it asks us to hold too much: this connection ends
            logger.warning("Closing client %s: %s", client_id, refused)
            if refused.too_big:
                await self._close(client_id, WSCloseCode.MESSAGE_TOO_BIG, b"message too big")
            else:
                await self._close(client_id, WSCloseCode.POLICY_VIOLATION, b"too many unfinished messages")
            return False
        except Exception as error:
            logger.warning("Client %s sent a malformed message (%s: %s)", client_id, type(error).__name__, error)
        if not was_authenticated and self.isClientAuthenticated(client_id):
            self._authenticated(client_id)
        return True

    def _authenticated(self, client_id: str) -> None:
        deadline = self._hello_deadlines.pop(client_id, None)
        if deadline is not None:
            deadline.cancel()
        outbox, request = self._outboxes.get(client_id), self._requests.get(client_id)
        if outbox is not None:
            outbox.limit = self.limits.outbox_limit
        if request is not None:
            self.admission.trust(request)
        self._on_connected(client_id)

    def _hello_expired(self, client_id: str) -> None:
        self._hello_deadlines.pop(client_id, None)
        ws = self.connections.get(client_id)
        if ws is None or self.isClientAuthenticated(client_id):
            return
        logger.warning("Closing client %s: no successful hello within %s s", client_id, self.limits.hello_timeout)
        asyncio.get_running_loop().create_task(self._close(client_id, WSCloseCode.POLICY_VIOLATION, b"hello timeout"))

    async def _close(self, client_id: str, code: int, message: bytes) -> None:
        """Close with ``code``, bounded in time; a peer that does not take the close frame is cut off."""
        ws, transport = self.connections.get(client_id), self._transports.get(client_id)
        if ws is not None:
            with contextlib.suppress(asyncio.TimeoutError, ConnectionError, RuntimeError):
                await asyncio.wait_for(ws.close(code=code, message=message), self.limits.close_grace)
        if transport is not None and not transport.is_closing():
            transport.abort()

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
            # It belongs to this client: when the client goes, the call is cancelled.
            task = asyncio.get_running_loop().create_task(self._call_beside(rpc, client_id))
            calls = self._long_calls.setdefault(client_id, set())
            calls.add(task)
            task.add_done_callback(calls.discard)
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
        deadline = self._hello_deadlines.pop(client_id, None)
        if deadline is not None:
            deadline.cancel()
        outbox = self._outboxes.pop(client_id, None)
        if outbox is not None:
            outbox.close()
        self._send_locks.pop(client_id, None)
        # The peer is gone or going: what is queued for it is moot, and a writer blocked on a
        # full socket buffer (a client that stopped reading) would never return by itself.
        writer = self._writers.pop(client_id, None)
        calls = self._long_calls.pop(client_id, set())
        for task in (writer, *calls):
            if task is not None:
                task.cancel()
        pending = [task for task in (writer, *calls) if task is not None]
        if pending:
            await asyncio.wait(pending, timeout=self.limits.close_grace)
        await self.onClose(client_id)
        self.connections.pop(client_id, None)
        self._requests.pop(client_id, None)
        self.authentified_client_ids.discard(client_id)
        transport = self._transports.pop(client_id, None)
        if transport is not None:
            # aiohttp's close waits to flush what is buffered first, forever for a peer that
            # never reads: past the grace, cut it (a no-op once closed).
            asyncio.get_running_loop().call_later(self.limits.close_grace, transport.abort)
        if authenticated:
            self._on_exited(client_id)

    async def close_all(self) -> None:
        """Close every connection (going away) and wait, bounded, until each is gone."""
        await asyncio.gather(
            *(self._close(client_id, WSCloseCode.GOING_AWAY, b"Server shutdown") for client_id in list(self.connections)),
            return_exceptions=True,
        )

    # -- writing ------------------------------------------------------------------------
    @staticmethod
    async def _write(ws: web.WebSocketResponse, outbox: Outbox, lock: asyncio.Lock) -> None:
        while True:
            frames = await outbox.get()
            if frames is None or ws.closed:
                return
            try:
                async with lock:
                    for frame in frames:
                        await ws.send_bytes(frame)
            except (ConnectionError, RuntimeError):
                return

    def _pack(self, message: dict) -> list[bytes]:
        return list(generate_chunks(msgpack.packb(message), self._max_msg_size))

    def _overflowed(self, client_id: str, outbox: Outbox) -> None:
        """Drop a client whose queued output passed its limit: it reads slower than we write."""
        logger.warning(
            "Dropping client %s: %d bytes queued for it (limit %d); it does not read fast enough",
            client_id,
            outbox.queued_bytes,
            outbox.limit,
        )
        outbox.close()
        transport = self._transports.get(client_id)
        if transport is not None:
            transport.abort()  # a close frame would queue behind what it does not read

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

    def _enqueue(self, message: dict, targets: list[str], client_for_log: str | None = None, state: bool = False) -> None:
        frames = self._pack(message)
        size = sum(len(frame) for frame in frames)
        for target in targets:
            outbox = self._outboxes.get(target)
            if outbox is not None and not outbox.put(frames, size, message if state else None):
                self._overflowed(target, outbox)
        if self._network_log:
            self._network_log.outgoing(client_for_log or ",".join(targets) or "-", message)

    async def sendWrappedMessage(
        self, rpcid: str, content: Any, method: str = "", client_id: str | None = None, skip_last_active_client: bool = False
    ) -> None:
        if rpcid.startswith("system:") and isinstance(content, dict) and isinstance(content.get("maxMsgSize"), int):
            # wslink's hello reply tells the client how to chunk: never in frames we would refuse.
            content = {**content, "maxMsgSize": min(content["maxMsgSize"], self._max_msg_size)}
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
        # state pushes may be merged for a client that falls behind (later keys win)
        self._enqueue(message, targets, state=topic == STATE_TOPIC and isinstance(data, dict))
