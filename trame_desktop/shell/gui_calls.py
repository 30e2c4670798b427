"""Run a function on the GUI thread from any thread, for the Qt calls pywebview does not wrap.

pywebview marshals its own window methods; raising a window without changing its maximized state,
or changing a menu item, are Qt calls it has no method for, and Qt widgets may only be touched on
the GUI thread. A queued signal to an object living on that thread runs the function there.
Without Qt (other backends) :func:`on_gui_thread` returns False and the caller falls back.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["bring_to_front", "on_gui_thread", "queue_on_gui_thread"]

log = logging.getLogger(__name__)

_invoker: Any = None
_lock = threading.Lock()


def _qt_invoker() -> Any:
    """The one invoker object, made on first use and moved to the GUI thread (None without Qt)."""
    global _invoker
    with _lock:
        if _invoker is not None or "qtpy" not in sys.modules:
            return _invoker
        from qtpy.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

        app = QCoreApplication.instance()
        if app is None:
            return None

        class Invoker(QObject):
            call = Signal(object)

            def __init__(self) -> None:
                super().__init__()
                # queued even from the GUI thread itself: the call waits for the loop's next turn
                self.call.connect(self.run, Qt.ConnectionType.QueuedConnection)

            @Slot(object)
            def run(self, function: Callable[[], Any]) -> None:
                try:
                    function()
                except Exception:  # a failed GUI call must not reach Qt's loop
                    log.exception("a call on the GUI thread raised")

        invoker = Invoker()
        invoker.moveToThread(app.thread())  # its slot now runs there, queued from other threads
        _invoker = invoker
        return invoker


def on_gui_thread(function: Callable[[], Any], *, later: bool = False) -> bool:
    """Queue ``function`` to run on the Qt GUI thread (at once when called there, unless ``later``:
    then once the GUI loop turns again); False without Qt."""
    invoker = _qt_invoker()
    if invoker is None:
        return False
    if threading.current_thread() is threading.main_thread() and not later:
        invoker.run(function)
    else:
        invoker.call.emit(function)
    return True


def queue_on_gui_thread(function: Callable[[], Any]) -> bool:
    """Queue ``function``, which touches no toolkit, to run on the GUI thread's next turn, on Qt or on
    pywebview's GTK backend (a GLib idle source); False with neither loaded.

    Calls queued this way run in the order queued, and before a window pywebview is asked to make
    afterwards (it queues that the same way: Qt's queued signals, GLib's default idle priority)."""
    if on_gui_thread(function, later=True):
        return True
    gtk = sys.modules.get("webview.platforms.gtk")
    if gtk is None:
        return False

    def once() -> bool:
        try:
            function()
        except Exception:  # as on Qt: a failed GUI call must not reach the loop
            log.exception("a call on the GUI thread raised")
        return False  # an idle source runs again while it returns True

    gtk.glib.idle_add(once)
    return True


def bring_to_front(native: Any) -> None:
    """Un-minimize the pywebview window ``native``, raise it and give it the focus, keeping it
    maximized or fullscreen if it was (pywebview's ``restore`` would make it normal)."""

    def front() -> None:
        from qtpy.QtCore import Qt

        widget = native.native
        state = widget.windowState()
        if state & Qt.WindowState.WindowMinimized:
            widget.setWindowState(state & ~Qt.WindowState.WindowMinimized)
        widget.show()
        widget.raise_()
        widget.activateWindow()

    if not on_gui_thread(front):
        native.show()
        native.restore()
