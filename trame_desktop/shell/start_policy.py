"""When the server starts around the window's first page, so that its import does not slow the first paint.

With a first page (:mod:`trame_desktop.shell.first_page`; Qt and GTK), the page paints the app from its
snapshot without the server. If its client bundle is in the web view's disk cache (the last launch
loaded the same one) and the page's other files come from there too (``FirstPage.start_on_load``:
not trame's client, whose unhashed files may need the server), the server starts once the page has loaded, or when the page first asks it for something
(:mod:`.first_request`), whichever comes first: its web stack's import would otherwise compete
with the first paint for the same cores (figures in benchmarks/README.md). Otherwise the page
needs the server for its bundle, and the server starts at once. Either way it starts at the latest
``first_paint_wait`` seconds after the GUI started. Without a first page the server starts with the
GUI (not before: its web stack and the toolkit's import would share one GIL) and, for a host that
binds its own port (trame's), the window's loading page is swapped for the app once it is up.
"""

from __future__ import annotations

import concurrent.futures
import logging
from typing import Any
from urllib.parse import urlsplit

from .first_page import BundleRecord, FirstPage
from .first_request import start_when_requested
from .server_thread import ServerThread
from .timers import call_later
from .toolkit import backend_of

__all__ = ["FIRST_PAGE_BACKENDS", "StartPolicy"]

log = logging.getLogger(__name__)

#: The backends whose ``load_html(html, base_url)`` gives the page ``base_url``'s origin, so that its
#: bundle, websocket and storage are the server's: Qt WebEngine's (``setHtml``) and WebKitGTK's
#: (``webkit_web_view_load_html``). Elsewhere the window loads the app's URL from the server.
FIRST_PAGE_BACKENDS = ("qt", "gtk")


class StartPolicy:
    """Starts ``server`` at the right moment of the window's start-up (see the module's docstring)."""

    def __init__(self, server: ServerThread, *, early_url: str | None, first_page: FirstPage | None = None,
                 record: BundleRecord | None = None, first_paint_wait: float = 2.0) -> None:
        if first_page is not None and (record is None or early_url is None):
            raise ValueError("a first page needs the bundle record and the app's URL")
        self.server = server
        self.early_url = early_url
        self.first_page = first_page
        self.record = record
        self.first_paint_wait = first_paint_wait
        self._start_on_load = False

    def on_gui_started(self, native: Any) -> None:
        """pywebview's start callback (a pywebview thread, once the toolkit is loaded, as the window is made)."""
        if self.first_page is not None:  # before_show decides; this only bounds the wait
            call_later(self.first_paint_wait, self._start_late)
            return
        self.server.start()
        if self.early_url is None:
            self._load_app_when_ready(native)

    def _start_late(self) -> None:
        if not self.server.started:
            log.info("the first page has not loaded within %.1f s: starting the server", self.first_paint_wait)
        self.server.start()

    def _load_app_when_ready(self, native: Any) -> None:
        try:
            url = self.server.ready.result()
        except (concurrent.futures.CancelledError, Exception):
            return  # the window closed first, or the server failed (the bridge shows its error)
        native.load_url(url)

    def before_show(self, window: Any) -> None:
        """pywebview's ``before_show`` (GUI thread: the web view exists, nothing is loaded yet); pywebview
        passes its window to a handler's parameter named ``window``."""
        native = window
        page, record = self.first_page, self.record
        if page is None or record is None:
            return
        # pywebview's own load_html waits for the window to show; before_show is the GUI thread
        # before that, so the backend's function is called directly.
        if backend_of(native) not in FIRST_PAGE_BACKENDS:
            native.gui.load_url(self.early_url, native.uid)
            self.server.start()
            return
        cached = record.holds(page.bundle_url)
        self._start_on_load = page.start_on_load and cached
        log.info("window opens on the shell's first page; server starts %s",
                 "once it has loaded" if self._start_on_load
                 else "now (its client bundle is not cached yet)" if not cached
                 else "now (the page's other files may need it)")
        native.gui.load_html(page.html, page.base_url, native.uid)
        if not self._start_on_load:
            self.server.start()
            return
        sock = getattr(self.server.host, "sock", None)
        if sock is not None:  # a file of the page that the app serves would otherwise hold its load
            start_when_requested(sock, lambda: self.server.started, self.server.start, self.first_paint_wait)
        if backend_of(native) == "gtk":  # the record may be ahead of WebKit's disk cache (gtk_cache.py)
            from .gtk_cache import when_not_cached

            when_not_cached(native.native, urlsplit(page.base_url).hostname or "", self._start_uncached)

    def _start_uncached(self) -> None:
        if not self.server.started:
            log.info("the client bundle is not in WebKit's disk cache (the last launch ended before it was "
                     "written): starting the server now")
        self.server.start()

    def before_load(self) -> None:
        """pywebview's ``before_load``: the first page is up (its paint under way), now the server."""
        if self._start_on_load:
            self.server.start()

    def first_loaded(self) -> None:
        """After the first page's load (``page_loads.after_first_load``): its bundle is in the web view's
        cache now, for the next launch."""
        if self.first_page is not None and self.record is not None:
            self.record.remember(self.first_page.bundle_url)
