"""Calling a function a few seconds from now on a daemon thread, which never holds up the process's exit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

__all__ = ["call_later"]


def call_later(delay: float, function: Callable[[], Any]) -> threading.Timer:
    """Call ``function()`` ``delay`` seconds from now on a daemon timer thread (``cancel()`` stops it)."""
    timer = threading.Timer(delay, function)
    timer.daemon = True
    timer.start()
    return timer
