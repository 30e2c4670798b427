"""When the server starts around the window's first page: as the web view is handed that page.

With a first page (:mod:`trame_desktop.shell.first_page`; Qt and GTK), the page paints the app from
its snapshot without the server, and the server thread starts as the page is handed to the web
view (pywebview's ``before_show``): its web stack's import then runs beside the page's load and
first paint, and the first answer comes sooner than when it waited for the page's load (figures in
benchmarks/README.md). Without a first page the server starts with the GUI (not before: its web
stack and the toolkit's import would share one GIL) and, for a host that binds its own port
(trame's), the window's loading page is swapped for the app once it is up.
"""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any

from .first_page import FirstPage
from .server_thread import ServerThread
from .toolkit import backend_of

__all__ = ["FIRST_PAGE_BACKENDS", "StartPolicy"]

log = logging.getLogger(__name__)

#: The backends whose ``load_html(html, base_url)`` gives the page ``base_url``'s origin, so that its
#: bundle, websocket and storage are the server's: Qt WebEngine's (``setHtml``) and WebKitGTK's
#: (``webkit_web_view_load_html``). Elsewhere the window loads the app's URL from the server.
FIRST_PAGE_BACKENDS = ("qt", "gtk")


class StartPolicy:
    """Starts ``server`` at the right moment of the window's start-up (see the module's docstring)."""

    def __init__(self, server: ServerThread, *, early_url: str | None, first_page: FirstPage | None = None) -> None:
        if first_page is not None and early_url is None:
            raise ValueError("a first page needs the app's URL")
        self.server = server
        self.early_url = early_url
        self.first_page = first_page

    def on_gui_started(self, native: Any) -> None:
        """pywebview's start callback (a pywebview thread, once the toolkit is loaded, as the window is made)."""
        if self.first_page is not None:  # before_show starts it, with the page
            return
        self.server.start()
        if self.early_url is None:
            self._load_app_when_ready(native)

    def _load_app_when_ready(self, native: Any) -> None:
        try:
            url = self.server.ready.result()
        except (concurrent.futures.CancelledError, Exception):
            return  # the window closed first, or the server failed (the bridge shows its error)
        native.load_url(url)

    def before_show(self, window: Any) -> None:
        """pywebview's ``before_show`` (GUI thread: the web view exists, nothing is loaded yet); pywebview
        passes its window to a handler's parameter named ``window``."""
        native, page = window, self.first_page
        if page is None:
            return
        # pywebview's own load_html waits for the window to show; before_show is the GUI thread
        # before that, so the backend's function is called directly.
        if backend_of(native) in FIRST_PAGE_BACKENDS:
            log.info("window opens on the shell's first page")
            native.gui.load_html(page.html, page.base_url, native.uid)
        else:
            native.gui.load_url(self.early_url, native.uid)
        self.server.start()
