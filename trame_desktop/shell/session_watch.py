"""Loads the app from its server when the window's first page opens no session in time after the server is ready.

A first page paints from its snapshot and opens its websocket session once the server is up. A page
that never does (a web view that stopped running the page's scripts was seen once on Qt, cause not
found) would leave a window that looks alive and answers nothing. Its server is serving by then, so
the window loads the app's URL from it instead: a new page, with the live state, and a warning in
the log. What the stuck page kept of the user's input is lost with it; nothing else can reach it.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from .server_thread import ServerThread

__all__ = ["DEFAULT_SESSION_WAIT", "SessionWatch"]

log = logging.getLogger(__name__)

#: Seconds from the server's ready to a first session before the first page counts as stuck. A page
#: whose bundle the server serves opens its session well within a second of it, loaded or not.
DEFAULT_SESSION_WAIT = 15.0


class SessionWatch:
    """Waits ``wait`` seconds past the server's ready for a page to open a session; if none has, and the
    window is not closing, loads ``url`` (the app from its server) in the window."""

    def __init__(self, server: ServerThread, url: str, *, opened: threading.Event, closing: threading.Event,
                 wait: float = DEFAULT_SESSION_WAIT) -> None:
        """``opened`` is set once a page's session opens, ``closing`` once the window is going."""
        self.server = server
        self.url = url
        self.opened = opened
        self.closing = closing
        self.wait = wait
        self._native: Any = None
        self._gui: str | None = None

    def attach(self, native: Any, gui: str | None) -> None:
        """Watch ``native`` (pywebview's window, on backend ``gui``); call before the server starts."""
        self._native, self._gui = native, gui
        self.server.ready.add_done_callback(self._server_ready)

    def _server_ready(self, ready: concurrent.futures.Future[str]) -> None:
        if ready.cancelled() or ready.exception() is not None:
            return  # the window is closing, or the server failed (the bridge shows its error)
        threading.Thread(target=self._watch, name="session-watch", daemon=True).start()

    def _watch(self) -> None:
        if self.opened.wait(self.wait) or self.closing.is_set():
            return
        log.warning("the first page has opened no session %.1f s after the server was ready: "
                    "loading the app from the server", self.wait)
        native, url = self._native, self.url

        def load() -> None:
            try:
                native.load_url(url)
            except Exception:  # the window went meanwhile
                log.warning("could not load the app from the server", exc_info=True)

        # Both web views keep a page's process for the next page of the same site (the first page's
        # base URL is the server's): a process that runs no script would not load that one either.
        if self._gui == "qt":
            _end_qt_renderer(native, then=load)
        elif self._gui == "gtk":
            _end_gtk_web_process(native)
            load()
        else:
            load()


def _end_qt_renderer(native: Any, then: Callable[[], None]) -> None:
    """End the page's render process (Qt WebEngine has no call for it: its pid is killed), then ``then()``
    once Qt has seen it gone, so that the load gets a new process."""
    from .gui_calls import on_gui_thread

    def end() -> None:
        page = native.native.webview.page()
        pid = page.renderProcessPid()
        if not pid:
            then()
            return
        done = threading.Event()

        def ended(*_: Any) -> None:
            if not done.is_set():  # a later page's process is none of this
                done.set()
                then()

        page.renderProcessTerminated.connect(ended)
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))

    if not on_gui_thread(end):
        then()


def _end_gtk_web_process(native: Any) -> None:
    """End the page's web process, on the GTK thread, queued before pywebview's load."""
    from gi.repository import GLib

    from .gtk_widgets import web_view_of

    def end() -> bool:
        web_view_of(native.native).terminate_web_process()
        return False  # once

    GLib.idle_add(end)
