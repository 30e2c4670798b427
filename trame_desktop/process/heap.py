"""Gives the C heap's free memory back to the system once start-up is over (glibc's ``malloc_trim``)."""

from __future__ import annotations

import logging
import time

__all__ = ["trim_heap"]

log = logging.getLogger(__name__)


def trim_heap() -> bool:
    """Return the free pages of the C heap to the system; False where the C library cannot (not glibc).

    Start-up frees much of what it allocates (imports, the toolkit's and the web engine's set-up),
    but glibc keeps freed memory in its arenas, where it counts as the process's own until reused.
    """
    import ctypes  # at the call: start-up, before the window, does not need it

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # macOS, Windows, musl
        return False
    started = time.perf_counter()
    trim(0)  # ctypes lets go of the GIL for the call: only threads that allocate meanwhile wait
    log.debug("C heap trimmed in %.1f ms", (time.perf_counter() - started) * 1000)
    return True
