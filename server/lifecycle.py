"""One server's run state across its starts: the running runtime, readiness, the last port, protocol set-up."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, Protocol

__all__ = ["Lifecycle", "Running"]


class Running(Protocol):
    """What the lifecycle needs of a run (:class:`.runtime.Runtime`)."""

    port: int
    protocol: Any
    endpoint: Any

    async def stop(self) -> None: ...


class Lifecycle:
    """Shared by a ``Server`` and each ``Runtime`` it starts; the package-internal seam between them.

    ``ready`` is a thread-safe future: the shell waits on it from the GUI thread, the app awaits it
    on the server's loop (``Server.ready`` wraps it for the caller's loop).
    """

    def __init__(self) -> None:
        self.running: Running | None = None
        self.last_port: int | None = None
        self.ready: concurrent.futures.Future[bool] = concurrent.futures.Future()
        self.protocol_setups: list[Callable[[Any], None]] = []

    # -- the run --------------------------------------------------------------------------
    def begin(self) -> concurrent.futures.Future[bool]:
        """A start begins: its readiness, pending (a fresh future once the last run's is settled).

        Each run settles only its own future, so a run that ends late (cancelled by a closing
        loop, say) cannot touch the next run's readiness.
        """
        if self.ready.done():
            self.ready = concurrent.futures.Future()
        return self.ready

    def attach(self, running: Running) -> None:
        self.running = running

    def detach(self, running: Running) -> None:
        """The run ended: forget it and keep its port."""
        if self.running is running:
            self.running = None
            self.last_port = running.port

    @property
    def port(self) -> int | None:
        return self.running.port if self.running is not None else self.last_port

    @property
    def endpoint(self) -> Any:
        """The websocket endpoint of the run, or None when not serving."""
        return self.running.endpoint if self.running is not None else None

    @property
    def protocol(self) -> Any:
        return self.running.protocol if self.running is not None else None

    # -- readiness ------------------------------------------------------------------------
    @staticmethod
    def settle(ready: concurrent.futures.Future[bool], error: BaseException | None = None,
               cancelled: bool = False) -> None:
        """Settle one run's readiness: True, False when cancelled, or ``error`` (once only)."""
        if ready.done():
            return
        if error is not None:
            ready.set_exception(error)
        else:
            ready.set_result(not cancelled)

    # -- protocol set-up ------------------------------------------------------------------
    def add_protocol_setup(self, setup: Callable[[Any], None]) -> None:
        """Call ``setup(protocol)`` for every run, and now if one is under way."""
        self.protocol_setups.append(setup)
        if self.protocol is not None:
            setup(self.protocol)
