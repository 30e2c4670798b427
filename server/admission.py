"""Caps the connections that have not authenticated: past the cap, the one that got least far goes first."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

__all__ = ["Admission", "fd_share"]

logger = logging.getLogger(__name__)


def fd_share(fraction: float = 0.5) -> int | None:
    """``fraction`` of this process's file-descriptor limit, or None where it cannot be read."""
    try:
        import resource
    except ImportError:  # Windows: no fd limit of this kind
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    return max(8, int(soft * fraction))


class _Record:
    __slots__ = ("progress", "seen_live", "since", "trusted")

    def __init__(self, since: float) -> None:
        self.since = since
        self.progress = 0  # 0: no complete request yet; 1: sent a request (or upgraded, no hello yet)
        self.trusted = False
        self.seen_live = False


class Admission:
    """Which connections the server holds for clients that have not proved they know the secret.

    Without a cap, a few hundred connections that send half a request line use up the process's
    file descriptors (256 for a macOS GUI app) and the rightful window cannot connect. Here, when
    a connection is accepted beyond ``cap`` untrusted ones, the oldest that has not completed a
    request is closed, else the oldest untrusted one: a client that authenticates promptly keeps
    its place while a flood only displaces itself. The request and hello deadlines (see
    ``Limits``) close the rest in time.
    """

    def __init__(self, cap: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.cap = cap
        self._clock = clock
        self._records: dict[Any, _Record] = {}
        self._server: web.Server | None = None
        self.evicted = 0

    def protocol_factory(self, server: web.Server) -> Callable[[], Any]:
        """The protocol factory to serve ``server`` with: each accept is counted, and may evict."""
        self._server = server

        def factory() -> Any:
            self._make_room()
            handler = server()
            self._records[handler] = _Record(self._clock())
            return handler

        return factory

    def served(self, request: web.BaseRequest) -> None:
        """A complete request arrived on ``request``'s connection."""
        record = self._records.get(request.protocol)
        if record is not None and record.progress < 1:
            record.progress = 1

    def trust(self, request: web.BaseRequest) -> None:
        """An authenticated websocket runs on ``request``'s connection: it no longer counts."""
        record = self._records.get(request.protocol)
        if record is not None:
            record.trusted = True

    def untrusted_count(self) -> int:
        return sum(1 for handler in self._live() if not self._records.get(handler, _UNKNOWN).trusted)

    def _live(self) -> list[Any]:
        live = self._server.connections if self._server is not None else []
        # forget connections that have gone (a fresh one may not have been made live yet)
        live_set = set(live)
        now = self._clock()
        for handler, record in list(self._records.items()):
            if handler in live_set:
                record.seen_live = True
            elif record.seen_live or now - record.since > 60.0:
                del self._records[handler]
        return [handler for handler in live if handler.transport is not None]  # not those closing already

    def _make_room(self) -> None:
        untrusted = [h for h in self._live() if not self._records.get(h, _UNKNOWN).trusted]
        excess = len(untrusted) + 1 - self.cap
        if excess <= 0:
            return
        untrusted.sort(key=lambda h: (self._records.get(h, _UNKNOWN).progress, self._records.get(h, _UNKNOWN).since))
        for handler in untrusted[:excess]:
            self._records.pop(handler, None)
            handler.force_close()
            self.evicted += 1
        logger.warning("More than %d connections have not authenticated: closed the oldest %d", self.cap, excess)


_UNKNOWN = _Record(0.0)
