"""SIGINT/SIGTERM on the GTK backend: GLib's own signal sources, which its main loop dispatches.

:func:`~trame_desktop.process.signals.relay_signals` hears signals through Python's wakeup fd.
PyGObject's ``Gio.Application.run`` (pywebview's GTK loop) swaps that fd for its own while the
loop runs (PyGObject 3.50's ``_ossighelper.wakeup_on_signal``), so the relay hears nothing and the
window stays open. ``GLib.unix_signal_add`` is how a GLib program takes a signal: its handler
replaces Python's for the signals given, and the loop calls back on the GUI thread.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["glib_signal_sources"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def glib_signal_sources(on_signal: Callable[[int], None]) -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM call ``on_signal(signum)`` from a new thread, as the relay does.

    Enter it inside :func:`~trame_desktop.process.signals.relay_signals`: on leaving, GLib puts
    the default action back on the signals, and the relay then restores the handlers it found.
    """
    from gi.repository import GLib

    def dispatch(signum: int) -> bool:
        # Off the GUI thread: closing the window waits on calls that this thread would run.
        threading.Thread(target=on_signal, args=(signum,), name="signal-relay", daemon=True).start()
        return GLib.SOURCE_CONTINUE  # a second Ctrl-C is heard too

    sources = [GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, dispatch, signum) for signum in _SIGNALS]
    try:
        yield
    finally:
        for source in sources:
            GLib.source_remove(source)
