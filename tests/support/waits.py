"""Bounded waits for the tests and benchmarks: poll a predicate until it holds or a deadline passes."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["WAIT", "wait_for"]

T = TypeVar("T")

#: Upper bound for anything to happen; never a performance threshold.
WAIT = 60.0


def wait_for(predicate: Callable[[], T], what: str | Callable[[], str], timeout: float = WAIT,
             interval: float = 0.1) -> T:
    """The first truthy value ``predicate()`` returns; AssertionError naming ``what`` after ``timeout`` s
    (a callable is asked then, so that a message showing an app's output shows it as it is at the end)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what() if callable(what) else what}")
        time.sleep(interval)
