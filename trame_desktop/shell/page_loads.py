"""Which pages are loading in the window, and what runs once after the first: pywebview's set-up of a page
runs from ``before_load`` to ``loaded``.

pywebview finishes each page load in a non-daemon thread that waits for the page; closing the
window or replacing its page before that is done leaves the thread (and so the process) waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .timers import call_later

__all__ = ["PageLoads", "after_first_load"]


def after_first_load(native: Any, callback: Callable[[], None], delay: float = 0.0) -> None:
    """Call ``callback()`` once, after the pywebview window ``native``'s first ``loaded`` event: on
    pywebview's thread, or ``delay`` seconds later on a timer's (out of the way of start-up)."""
    lock = threading.Lock()
    fired = False

    def on_loaded() -> None:
        nonlocal fired
        with lock:  # pywebview fires each load's event on a thread of its own
            if fired:
                return
            fired = True
        if delay <= 0:
            callback()
        else:
            call_later(delay, callback)

    native.events.loaded += on_loaded


class PageLoads:
    """Counts the page loads under way (thread-safe); lets a caller wait until there are none."""

    def __init__(self) -> None:
        self._in_flight = 0
        self._changed = threading.Condition()

    def started(self) -> None:
        """pywebview's ``before_load``."""
        with self._changed:
            self._in_flight += 1

    def finished(self) -> None:
        """pywebview's ``loaded``."""
        with self._changed:
            self._in_flight = max(0, self._in_flight - 1)
            self._changed.notify_all()

    @property
    def busy(self) -> bool:
        with self._changed:
            return self._in_flight > 0

    def wait_idle(self, timeout: float) -> bool:
        """Block until no load is under way (True) or ``timeout`` seconds passed (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._in_flight == 0, timeout)
