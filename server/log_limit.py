"""A logging filter that lets a burst of each kind of record through per window, then counts the rest."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

__all__ = ["RateLimitFilter"]

_MAX_KINDS = 256  # kinds tracked at once: the filter must not become the leak it prevents


class RateLimitFilter(logging.Filter):
    """Lets ``burst`` records of one kind (logger and message template) through per ``window`` seconds.

    A flood (one warning per malformed frame, one traceback per failed ``accept()``) then costs
    a few lines per window; the first record let through after a quiet spell says how many
    were suppressed.
    """

    def __init__(self, burst: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._burst = burst
        self._window = window
        self._clock = clock
        self._kinds: OrderedDict[tuple[str, str], list[float]] = OrderedDict()  # kind -> [start, passed, dropped]

    def filter(self, record: logging.LogRecord) -> bool:
        kind = (record.name, str(record.msg))
        now = self._clock()
        counts = self._kinds.get(kind)
        if counts is None or now - counts[0] >= self._window:
            dropped = int(counts[2]) if counts is not None else 0
            self._kinds[kind] = counts = [now, 0, 0]
            self._kinds.move_to_end(kind)
            while len(self._kinds) > _MAX_KINDS:
                self._kinds.popitem(last=False)
            if dropped:
                record.msg = f"{record.msg} [{dropped} similar messages suppressed]"
        if counts[1] >= self._burst:
            counts[2] += 1
            return False
        counts[1] += 1
        return True

    def attach(self, names: Iterable[str]) -> Callable[[], None]:
        """Add this filter to the loggers ``names``; return the function that removes it again."""
        loggers = [logging.getLogger(name) for name in names]
        for each in loggers:
            each.addFilter(self)

        def detach() -> None:
            for each in loggers:
                each.removeFilter(self)

        return detach
