"""Stop a server blocking the main thread on SIGINT/SIGTERM: handlers installed for the run, then restored."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["capture_signals"]

_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


@contextmanager
def capture_signals(loop: asyncio.AbstractEventLoop, on_signal: Callable[[], None], enabled: bool = True) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM call ``on_signal()`` on ``loop``; the loop's handlers are
    removed on exit. Where the loop cannot take signal handlers (Windows, not the main thread),
    nothing is installed."""
    installed: list[int] = []
    if enabled:
        for sig in _SIGNALS:
            try:
                loop.add_signal_handler(sig, on_signal)
                installed.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):
                pass
    try:
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
