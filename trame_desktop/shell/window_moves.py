"""A window's moves as ``move()`` takes them: the corner of the window manager's frame, on each backend.

Qt's ``moved`` event gives the frame's corner (``QWidget.x()``, ``y()``), which is where
pywebview's ``move`` puts a window, so a position saved from it reopens the window in the same
place. pywebview's GTK backend gives the ``configure-event``'s x and y instead, the corner of the
window's content inside that frame: saved, it would reopen the window lower and to the right by
the frame's size. On GTK the window's own ``Gtk.Window.get_position``, documented as the inverse
of ``Gtk.Window.move``, is read in each ``configure-event`` (GUI thread, the same event).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["follow_moves"]

Moved = Callable[[int, int], None]


def follow_moves(native: Any, on_moved: Moved, gui: str | None) -> None:
    """Call ``on_moved(x, y)`` each time the pywebview window ``native`` (on backend ``gui``) moves,
    with the position its ``move`` takes (call before the window is shown)."""
    if gui == "gtk":
        native.events.before_show += _GtkMoves(on_moved).before_show
    else:
        native.events.moved += on_moved


class _GtkMoves:
    """Reports the GTK window's position each time it changes."""

    def __init__(self, on_moved: Moved) -> None:
        self._on_moved = on_moved
        self._last: tuple[int, int] | None = None

    def before_show(self, window: Any) -> None:
        """pywebview's ``before_show`` (GUI thread; pywebview passes its window to ``window``)."""
        window.native.connect("configure-event", self._configured)

    def _configured(self, gtk_window: Any, event: Any) -> bool:
        x, y = gtk_window.get_position()
        if (x, y) != self._last:  # a resize is a configure-event too; pywebview reports it as a move
            self._last = (x, y)
            self._on_moved(x, y)
        return False  # the window's other handlers (pywebview's) still get the event
