"""Turn SIGINT/SIGTERM into a clean window close while the GUI toolkit owns the main thread; SIGUSR1 dumps every thread's stack.

A Python signal handler only runs when the main thread executes Python code, which it does
not while it sits in the toolkit's event loop. ``signal.set_wakeup_fd`` makes the C-level
handler write the signal number to a pipe; a relay thread blocked on that pipe calls back.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TextIO

__all__ = ["dump_threads_on_signal", "relay_signals"]

_SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


@contextmanager
def relay_signals(on_signal: Callable[[int], None]) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM call ``on_signal(signum)`` from a relay thread.

    Must be entered on the main thread. The previous handlers and wakeup fd are restored on exit.
    """
    read_fd, write_fd = os.pipe()
    os.set_blocking(write_fd, False)
    received: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:  # runs whenever Python gets to it
        received.append(signum)

    previous = {s: signal.signal(s, note) for s in _SIGNALS}
    previous_fd = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)

    def relay() -> None:
        while True:
            try:
                data = os.read(read_fd, 64)
            except OSError:
                return
            if not data:
                return
            for signum in data:
                if signum == 0xFF:  # our own stop byte
                    return
                if signum in _SIGNALS:
                    on_signal(signum)

    thread = threading.Thread(target=relay, name="signal-relay", daemon=True)
    thread.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        for s, handler in previous.items():
            signal.signal(s, handler)
        with contextlib.suppress(OSError):  # the relay already ended
            os.write(write_fd, b"\xff")
        thread.join(1.0)
        os.close(write_fd)
        os.close(read_fd)


def dump_threads_on_signal(stream: TextIO | None = None) -> bool:
    """``kill -USR1 <pid>`` writes every Python thread's stack to ``stream`` (stderr by default).

    For a window that stops answering (``--debug``): faulthandler writes from the C-level signal
    handler, so the dump comes even while the main thread is blocked in the toolkit's loop or in
    a lock, where no Python signal handler would run. False where there is no SIGUSR1 (Windows)
    or no stream with a file descriptor (a windowed build's missing stderr).
    """
    stream = sys.stderr if stream is None else stream
    signum = getattr(signal, "SIGUSR1", None)
    if signum is None or stream is None:
        return False
    try:
        faulthandler.register(signum, file=stream, all_threads=True)
    except (AttributeError, OSError, ValueError):  # no fileno() (io.UnsupportedOperation is both)
        return False
    return True
