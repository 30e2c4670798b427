"""The window's own events as the app's controller hooks, and its last normal size and position.

The hooks are listed in :mod:`trame_desktop.window`; the size and position are kept for the next launch.
"""

from __future__ import annotations

import logging

from trame_desktop.window import DesktopWindow

from .server_thread import ServerThread

__all__ = ["WindowEventHooks"]

log = logging.getLogger(__name__)


class WindowEventHooks:
    """One method per pywebview event; each calls its hook on the server's loop (queued until it is ready)."""

    def __init__(self, server: ServerThread, window: DesktopWindow) -> None:
        self.server = server
        self.window = window
        self._maximized = False  # a maximized window's size is not the one to restore

    def shown(self) -> None:
        log.info("window shown")
        self.server.send_hook("on_window_shown")

    def resized(self, width: int, height: int) -> None:
        if not self._maximized:
            self.window.size = (width, height)
        self.server.send_hook("on_window_resized", width, height)

    def moved(self, x: int, y: int) -> None:
        if not self._maximized:
            self.window.position = (x, y)
        self.server.send_hook("on_window_moved", x, y)

    def minimized(self) -> None:
        self.server.send_hook("on_window_minimized")

    def maximized(self) -> None:
        self._maximized = True
        self.server.send_hook("on_window_maximized")

    def restored(self) -> None:
        self._maximized = False
        self.server.send_hook("on_window_restored")

    def files_dropped(self, paths: list[str]) -> None:
        self.server.send_hook("on_window_files_dropped", paths)
