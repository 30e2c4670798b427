"""Automatic garbage collection held off while an app starts, then start-up's survivors frozen out of later collections."""

from __future__ import annotations

import gc
import logging
import os
import threading
import time

__all__ = ["HOLD_LIMIT", "HOLD_SWITCH", "collections_held", "hold_collections", "release_collections"]

log = logging.getLogger(__name__)

#: Seconds after which the collector comes back on by itself, should start-up never report its end.
HOLD_LIMIT = 20.0
#: The switch (on unless set to 0) for the hold: off, collections run from the start as usual.
HOLD_SWITCH = "TRAME_DESKTOP_HOLD_GC"

_lock = threading.Lock()
_held = False
_limit_timer: threading.Timer | None = None
_collections_at_hold = 0


def hold_collections(limit: float = HOLD_LIMIT) -> bool:
    """Turn automatic collection off until :func:`release_collections`, or for ``limit`` seconds at most.

    What a start-up makes (modules, classes, functions, the toolkit's wrappers) lives as long as the
    app: the collections its allocations set off, a full one among them once the heap has grown,
    find next to nothing to free and hold the GIL while they look (tens of milliseconds, on the
    thread that was importing, while the window waits for its first paint). Returns False, doing
    nothing, when collection is off already (held, or the app's own choice) or ``TRAME_DESKTOP_HOLD_GC=0``.
    """
    global _held, _limit_timer, _collections_at_hold
    switch = os.environ.get(HOLD_SWITCH)
    if switch is not None:  # the core's rule for switches; its import (the whole core) only then
        from trame_desktop.server.options import parse_flag

        if not parse_flag(switch):
            return False
    with _lock:
        if _held or not gc.isenabled():
            return False
        gc.disable()
        _held = True
        _collections_at_hold = _collections()
        _limit_timer = threading.Timer(limit, release_collections)
        _limit_timer.daemon = True
        _limit_timer.start()
        return True


def release_collections() -> bool:
    """End the hold: one full collection (the cycles start-up left), then ``gc.freeze`` of what
    survived, so that later collections skip it, then automatic collection on. False if not held."""
    global _held, _limit_timer
    with _lock:
        if not _held:
            return False
        _held = False
        timer, _limit_timer = _limit_timer, None
    if timer is not None:
        timer.cancel()
    during = _collections() - _collections_at_hold  # an explicit gc.collect() of the app's, if any
    started = time.perf_counter()
    freed = gc.collect()
    gc.freeze()
    gc.enable()
    log.debug("garbage collector on after start-up (%d collections before the hold, %d during it): "
              "%d objects freed, %d frozen, in %.1f ms", _collections_at_hold, during, freed,
              gc.get_freeze_count(), (time.perf_counter() - started) * 1000)
    return True


def _collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())


def collections_held() -> bool:
    """Whether a hold is in place."""
    return _held
