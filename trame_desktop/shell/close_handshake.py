"""The close handshake: when the window may close.

Only once no page is loading, and then, unless the close is forced or the server is not serving,
only if the app's ``on_window_closing`` did not answer False. A close that does not end the app
(see :mod:`trame_desktop.shell.app_end`) is answered by ``instead`` and never reaches the app.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from .page_loads import PageLoads
from .server_thread import ServerThread

__all__ = ["CloseHandshake"]

log = logging.getLogger(__name__)


class CloseHandshake:
    """Answers pywebview's ``closing`` event (GUI thread) and closes the window on request (any thread)."""

    def __init__(self, server: ServerThread, loads: PageLoads, *, veto_timeout: float = 3.0,
                 load_wait: float = 10.0) -> None:
        self.server = server
        self.loads = loads
        self.veto_timeout = veto_timeout
        self.load_wait = load_wait
        self.accepted = threading.Event()  # the window is closing: the shutdown has begun
        self._forced = threading.Event()  # close without asking the app
        self._deferred = threading.Event()  # a close waits for the page to finish loading
        self._native: Any = None
        #: Called (GUI thread) for an unforced close before the app is asked: True when it dealt
        #: with the close otherwise (the window hides, the app goes on), which keeps the window.
        self.instead: Callable[[], bool] = lambda: False

    def attach(self, native: Any) -> None:
        self._native = native

    def allow(self) -> None:
        """From now on a close does not ask the app (it is forced, or the server is gone)."""
        self._forced.set()

    def on_closing(self) -> bool:
        """pywebview's ``closing`` (GUI thread, before the window closes); False keeps it open."""
        log.info("close requested")
        if self.loads.busy:
            if not self._deferred.is_set():
                self._deferred.set()
                threading.Thread(target=self._close_after_load, name="close-after-load", daemon=True).start()
            log.info("close deferred until the page has loaded")
            return False
        if not self._forced.is_set() and self.instead():
            return False
        if not self._forced.is_set() and not self.app_allows_close():
            log.info("the app kept the window open")
            return False
        self.accept()
        return True

    def app_allows_close(self) -> bool:
        """Ask the app's ``on_window_closing`` (GUI thread, bounded wait): False if it answered False.
        A server that is not serving cannot object."""
        if not self.server.serving:
            return True
        results = self.server.ask_hook("on_window_closing", self.veto_timeout)
        return not any(result is False for result in results)

    def accept(self) -> None:
        """The window goes: a server not started yet never starts."""
        self.accepted.set()
        self.server.refuse_start()

    def _close_after_load(self) -> None:
        if not self.loads.wait_idle(self.load_wait):
            log.warning("the page did not finish loading within %.1f s: closing anyway", self.load_wait)
        self._deferred.clear()
        self._native.destroy()

    def request(self, force: bool = False) -> None:
        """Close the window from any thread; ``force`` skips asking the app."""
        if force:
            self._forced.set()
        native = self._native
        if native is None:
            return
        if native.events.shown.is_set():
            native.destroy()
        else:  # pywebview's destroy waits for the window to be shown: never block the caller on it
            threading.Thread(target=native.destroy, name="window-close", daemon=True).start()
