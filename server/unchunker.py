"""Reassembles wslink's chunked messages within a byte budget, a count and an age per connection."""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from typing import Any

from wslink.chunking import UnChunker

__all__ = ["BoundedUnChunker", "ChunkLimitError"]

# wslink's chunk header: message id, offset, total size; three little-endian uint32 (docs/contracts.md)
_HEADER = struct.Struct("<III")


class ChunkLimitError(ValueError):
    """A chunk asks the server to hold more than this connection may; the connection is closed.

    ``too_big``: one message larger than the limit (websocket close 1009), else too many
    unfinished messages at once (1008).
    """

    def __init__(self, message: str, *, too_big: bool) -> None:
        super().__init__(message)
        self.too_big = too_big


class BoundedUnChunker(UnChunker):
    """wslink's ``UnChunker`` that checks a chunk's header before wslink allocates what it declares.

    wslink allocates a new message's declared size on its first chunk, up to 4 GiB after hello,
    and keeps unfinished messages forever. Here a message may declare at most the current
    limit, all unfinished ones together at most ``budget(authenticated)`` bytes and
    ``max_pending`` in number, and an unfinished one is forgotten after ``ttl`` seconds.
    """

    def __init__(
        self,
        *,
        limit: int,
        ceiling: int,
        budget: Callable[[bool], int],
        max_pending: int,
        ttl: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._ceiling = ceiling
        self._budget = budget
        self._max_pending = max_pending
        self._ttl = ttl
        self._clock = clock
        self._started: dict[int, float] = {}
        self.authenticated = False
        self.max_message_size = min(limit, ceiling)

    def set_max_message_size(self, size: int) -> None:
        # wslink raises the limit to 4 GiB after hello: never past this server's message size.
        super().set_max_message_size(min(size, self._ceiling))
        self.authenticated = True

    def release_pending_messages(self) -> None:
        super().release_pending_messages()
        self._started.clear()

    def process_chunk(self, chunk: bytes) -> Any:
        if len(chunk) < _HEADER.size:
            msg = f"chunk of {len(chunk)} bytes is shorter than wslink's {_HEADER.size}-byte header"
            raise ValueError(msg)
        message_id, _offset, total = _HEADER.unpack_from(chunk)
        new = message_id not in self.pending_messages
        if new:
            self._admit(total)
        try:
            return super().process_chunk(chunk)
        finally:
            # only a message left unfinished needs a start time (most arrive in one chunk)
            if message_id in self.pending_messages:
                if new:
                    self._started[message_id] = self._clock()
            elif self._started:
                self._started.pop(message_id, None)

    def _admit(self, total: int) -> None:
        if total > self.max_message_size:
            msg = f"message declares {total} bytes; the limit is {self.max_message_size}"
            raise ChunkLimitError(msg, too_big=True)
        if not self.pending_messages:
            return  # alone, a message within the size limit is within the budget too
        self._expire()
        budget = self._budget(self.authenticated)
        held = sum(len(pending["content"]) for pending in self.pending_messages.values())
        if len(self.pending_messages) >= self._max_pending or held + total > budget:
            msg = f"{len(self.pending_messages)} unfinished messages hold {held} bytes; {total} more exceeds the limit ({budget})"
            raise ChunkLimitError(msg, too_big=False)

    def _expire(self) -> None:
        if not self._started:
            return
        too_old = self._clock() - self._ttl
        for message_id, started in list(self._started.items()):
            if started < too_old:
                del self._started[message_id]
                self.pending_messages.pop(message_id, None)
