"""One connection's queue of frames to send, bounded in bytes; state pushes merge once it backs up."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["Outbox"]


class _Entry:
    """One message to send: its frames, or (a merged state push) the message still to pack."""

    __slots__ = ("frames", "message", "size")

    def __init__(self, frames: list[bytes] | None, size: int, message: dict[str, Any] | None = None) -> None:
        self.frames = frames
        self.size = size
        self.message = message


class Outbox:
    """Frames waiting for one slow or busy connection, in order, with a high-water mark and a limit.

    Below ``high_water`` queued bytes every message is queued as it is (its frames are shared
    by every client). Above it, a state push that would follow another state push is merged
    into it (later keys win), so a client that reads slower than the app changes state still
    gets the latest state, in order with every other message. Past ``limit`` ``put`` returns
    False: the caller drops the connection.
    """

    def __init__(self, *, high_water: int, limit: int, pack: Callable[[dict[str, Any]], list[bytes]]) -> None:
        self._high_water = high_water
        self._limit = limit
        self._pack = pack
        self._entries: deque[_Entry] = deque()
        self._bytes = 0
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False
        self.merged = 0  # state pushes merged into an earlier one (for tests and logs)

    @property
    def limit(self) -> int:
        return self._limit

    @limit.setter
    def limit(self, value: int) -> None:
        self._limit = value

    @property
    def queued_bytes(self) -> int:
        return self._bytes

    def empty(self) -> bool:
        return not self._entries

    def put(self, frames: list[bytes], size: int, state: dict[str, Any] | None = None) -> bool:
        """Queue ``frames`` (``size`` bytes); ``state`` is the message when it is a state push."""
        if self._closed:
            return True
        entries = self._entries
        # the common case first and cheapest: below the high-water mark, append (this runs per client per message)
        if state is not None and self._bytes > self._high_water and entries and entries[-1].message is not None:
            self._merge(entries[-1], state, size)
        else:
            entries.append(_Entry(frames, size, state))
            self._bytes += size
            if self._waiter is not None:
                self._wake()
        if self._bytes <= self._limit:
            return True
        last = entries[-1]
        if last.frames is None:
            self._repack(last)  # a merged size is an upper bound: measure it before judging
        return self._bytes <= self._limit

    def _merge(self, tail: _Entry, state: dict[str, Any], size: int) -> None:
        assert tail.message is not None
        merged = {**tail.message["result"], **state["result"]}
        tail.message = {**state, "result": merged}  # the newest id, every key's newest value
        tail.frames = None
        tail.size += size
        self._bytes += size
        self.merged += 1

    def _repack(self, entry: _Entry) -> None:
        assert entry.message is not None
        entry.frames = self._pack(entry.message)
        size = sum(len(frame) for frame in entry.frames)
        self._bytes += size - entry.size
        entry.size = size

    async def get(self, batch: int = 64 * 1024) -> list[bytes] | None:
        """The frames of the next messages, in order, up to about ``batch`` bytes (at least one
        message), waiting for one; None once closed. Taking several at once saves the writer a
        wake-up and a lock per message when it is behind a burst."""
        while not self._entries:
            if self._closed:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        entries = self._entries
        frames: list[bytes] = []
        taken = 0
        while entries and (not frames or taken < batch):
            entry = entries.popleft()
            taken += entry.size
            if entry.frames is None:
                assert entry.message is not None
                entry.frames = self._pack(entry.message)
            frames.extend(entry.frames)
        self._bytes -= taken
        return frames

    def close(self) -> None:
        """Drop what is queued and let ``get`` return None."""
        self._closed = True
        self._entries.clear()
        self._bytes = 0
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)
