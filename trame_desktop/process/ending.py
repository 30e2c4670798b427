"""End the process promptly once the window has closed and the server has stopped.

After the app's own ``atexit`` handlers have run, the process exits without the interpreter's
final teardown of modules and the GUI toolkit. Standard streams and logging are flushed first;
the web engine's helper processes exit on their own when their parent is gone.

With the debug inspector open, Qt WebEngine's own exit handler (registered when Qt loads, so it
runs before ours) can hang; :meth:`ProcessEnd.now` then ends the process before any exit handler.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys

__all__ = ["ProcessEnd", "exit_now"]


class ProcessEnd:
    """Registers an ``atexit`` handler that, once :meth:`set` was called, exits with that status.

    Create it as early as possible: ``atexit`` runs handlers last-registered-first, so the app's
    handlers registered later still run before this one.
    """

    def __init__(self) -> None:
        self.status: int | None = None
        atexit.register(self._end)

    def set(self, status: int) -> None:
        self.status = status

    def now(self, status: int) -> None:
        """Make the process end with ``status`` as soon as the interpreter starts exiting."""
        self.status = status
        atexit.register(self._end)  # registered last, so it runs first

    def _end(self) -> None:
        if self.status is not None:
            exit_now(self.status)


def exit_now(status: int) -> None:
    """Flush the standard streams and logging, then end the process with ``status`` at once."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # None (windowed build), closed or broken
            stream.flush()
    logging.shutdown()
    os._exit(status)
