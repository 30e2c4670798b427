"""How much one connection may make the server hold: sizes, counts, queues and deadlines, in one frozen object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

__all__ = ["Limits"]

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True)
class Limits:
    """Bounds per connection; the defaults fit a desktop window and cost nothing on the normal path.

    Every size is in bytes and every duration in seconds. ``max_msg_size`` is the server's
    ``ws_max_msg_size`` option: ``WebsocketEndpoint`` sets it from that, with ``for_message_size``.
    """

    #: largest websocket frame and largest reassembled wslink message, after hello
    max_msg_size: int = 10_000_000
    #: largest wslink message before hello (wslink's own default is 512; a long secret needs more)
    hello_msg_size: int = 4 * KiB
    #: unfinished chunked messages one connection may have at once (wslink's client sends one at a time)
    max_pending_messages: int = 16
    #: an unfinished chunked message older than this is dropped
    pending_message_ttl: float = 30.0
    #: queued output past which a connection that has not said hello is dropped (it is sent errors only)
    hello_outbox_limit: int = 256 * KiB
    #: queued output per connection past which state pushes are merged instead of queued
    outbox_high_water: int = 1 * MiB
    #: queued output per connection past which the connection is dropped (at least twice ``max_msg_size``)
    outbox_limit: int = 32 * MiB
    #: time from accept to a complete request, and idle time between requests (aiohttp's keep-alive timeout)
    request_timeout: float = 10.0
    #: time from the websocket upgrade to a successful ``wslink.hello``
    hello_timeout: float = 10.0
    #: connections not (yet) carrying an authenticated websocket (at most half the fd limit); past it one is closed
    max_unauthenticated: int = 512
    #: time a closing connection gets to say goodbye before its socket is aborted
    close_grace: float = 1.0
    #: log records of one kind let through per ``log_window`` (then counted, and the count logged)
    log_burst: int = 10
    log_window: float = 10.0
    #: longest request line and header field (aiohttp's defaults are 8190)
    max_line_size: int = 8190
    max_field_size: int = 8190

    def for_message_size(self, max_msg_size: int) -> Limits:
        """These limits for a server whose ``ws_max_msg_size`` is ``max_msg_size``."""
        return dataclasses.replace(
            self,
            max_msg_size=max_msg_size,
            hello_msg_size=min(self.hello_msg_size, max_msg_size),
            outbox_limit=max(self.outbox_limit, 2 * max_msg_size),
        )

    def pending_bytes(self, authenticated: bool) -> int:
        """Bytes of unfinished chunked messages one connection may make the server hold."""
        return self.max_msg_size if authenticated else self.hello_msg_size
