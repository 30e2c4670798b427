"""Which close ends the app: the main window's (``quit_with="main"``, the default) or the last window's (``"last"``).

With ``"main"``, closing the main window closes the others and ends the app (the close handshake
asks the app's ``on_window_closing``, then the server stops). With ``"last"``, a user's close of
the main window while other windows are open only hides it, and the close of the last window open
once the main window is hidden is the one that ends the app: the app's ``on_window_closing`` is
asked then (False keeps that window open), and the main window is closed without asking again,
through the same stop. A forced close of the main window (``close(force=True)``, Ctrl-C, SIGTERM)
ends the app either way.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

from .close_handshake import CloseHandshake
from .windows import Windows

__all__ = ["QUIT_CHOICES", "QUIT_KWARGS", "AppEnd"]

log = logging.getLogger(__name__)

#: The ``start()`` keyword this module takes.
QUIT_KWARGS = frozenset({"quit_with"})
QUIT_CHOICES = ("main", "last")


class AppEnd:
    """Tells the main window's close handshake and the other windows when a close ends the app."""

    def __init__(self, quit_with: str, handshake: CloseHandshake, windows: Windows) -> None:
        if quit_with not in QUIT_CHOICES:
            raise ValueError(f"quit_with must be one of {', '.join(QUIT_CHOICES)}, not {quit_with!r}")
        self.quit_with = quit_with
        self.handshake = handshake
        self.windows = windows
        self._native: Any = None
        self._main_hidden = False
        self._ending = False  # the window closing now is the last: its close ends the app
        if quit_with == "last":
            handshake.instead = self._hide_main
            windows.may_close = self._may_close
            windows.after_close = self._closed

    def attach(self, native: Any) -> None:
        """The main pywebview window."""
        self._native = native

    def _hide_main(self) -> bool:
        """The user closes the main window (GUI thread): with others open it only hides."""
        if self._native is None or not self.windows.names():
            return False
        log.info("other windows are open: the main window hides, the app goes on")
        self._main_hidden = True
        # pywebview's hide waits for the window's own signal: not from inside its close event
        threading.Thread(target=self._native.hide, name="window-hide", daemon=True).start()
        return True

    def _main_gone(self) -> bool:
        """The main window was closed by the user and not shown again since (GUI thread)."""
        if not self._main_hidden:
            return False
        if "qtpy" in sys.modules:  # the app may have shown it again (show(), a second launch)
            return not self._native.native.isVisible()
        return True

    def _may_close(self, name: str) -> bool:
        """Window ``name`` is closing (GUI thread): the last one asks the app first."""
        self._ending = False
        if self.handshake.accepted.is_set():  # the app is ending already (a forced close, a signal)
            return True
        if not self._main_gone() or self.windows.names() != [name]:
            return True
        if not self.handshake.app_allows_close():
            return False
        self._ending = True
        return True

    def _closed(self, name: str) -> None:
        if self._ending:
            log.info("the last window (%r) closed: ending the app", name)
            self.handshake.request(force=True)
