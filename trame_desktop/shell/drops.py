"""Files dropped on the window, as the exact paths the drag source gave, in its order.

Where the drop arrives, the web view's toolkit gives its paths, and the drop goes on to the page,
so page elements with drop handling of their own still get it. Qt: an event filter on the web view
reads its MIME data (``QUrl.toLocalFile``). GTK: the WebKit view's own ``drag-data-received``
(WebKit fetches the data while the drag hovers, to tell the page its types) and ``drag-drop``
signals, the ``text/uri-list`` turned into paths by ``GLib.filename_from_uri``; WebKitGTK drops
a drag the page does not take, so the page is told to take files (:data:`ACCEPT_FILE_DRAGS`).
pywebview's own route (a DOM ``drop`` listener and ``pywebviewFullPath``) is kept for other
backends only: it matches files by base name, which loses repeated names (see
benchmarks/README.md, "Shell history"), and needs :data:`ACCEPT_FILE_DRAGS` too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .toolkit import backend_of

__all__ = ["ACCEPT_FILE_DRAGS", "FileDrops"]

log = logging.getLogger(__name__)

# WebKitGTK lists a file manager's drag as "text/uri-list" only (no "Files"); taking it also keeps
# WebKit from opening the dropped file in place of the app, which it does with a drop left to it.
ACCEPT_FILE_DRAGS = """
(() => {
  if (window.__trameDesktopAcceptsFiles) return;
  window.__trameDesktopAcceptsFiles = true;
  const take = (event) => {
    const types = event.dataTransfer ? Array.from(event.dataTransfer.types) : [];
    if (types.includes("Files") || types.includes("text/uri-list")) event.preventDefault();
  };
  document.addEventListener("dragover", take);
  document.addEventListener("drop", take);
})();
"""


class FileDrops:
    """Calls ``on_paths(paths)`` (from the GUI thread) for each drop of files on one window."""

    def __init__(self, window: Any, on_paths: Callable[[list[str]], None]) -> None:
        self._window = window  # the pywebview window
        self._on_paths = on_paths
        self._watch: Any = None  # the toolkit's watcher (Qt event filter, GTK signal handlers), kept alive here
        self._in_page = False  # the page must be told to take file drags

    def before_show(self) -> None:
        """pywebview's ``before_show`` (GUI thread, the native window exists): watch its drops."""
        watchers = {"qt": _watch_qt_drops, "gtk": _watch_gtk_drops}
        backend = backend_of(self._window)
        watch = watchers.get(backend)
        self._in_page = backend != "qt"
        if watch is None:
            return
        try:
            self._watch = watch(self._window.native, self._on_paths)
        except Exception:  # no web view to watch: drops fall back to pywebview's route
            log.debug("could not watch the %s web view for drops", backend, exc_info=True)

    def page_loaded(self) -> None:
        """After each page load: let the page take file drags, and without a toolkit watcher, listen in it."""
        try:
            if self._in_page or self._watch is None:
                self._window.run_js(ACCEPT_FILE_DRAGS)
            if self._watch is None:
                self._listen_in_page()
        except Exception:  # e.g. the page went away meanwhile
            log.debug("could not listen for dropped files", exc_info=True)

    def _listen_in_page(self) -> None:
        from webview.dom import DOMEventHandler

        def dropped(event: dict[str, Any]) -> None:
            files = (event.get("dataTransfer") or {}).get("files") or []
            paths = [f["pywebviewFullPath"] for f in files if f.get("pywebviewFullPath")]
            if paths:
                self._on_paths(paths)

        self._window.dom.document.events.drop += DOMEventHandler(dropped, True, True)


def _watch_qt_drops(native: Any, on_paths: Callable[[list[str]], None]) -> Any:
    """Install (and return) an event filter on the Qt web view inside ``native`` that reports drops."""
    from qtpy.QtCore import QEvent, QObject
    from qtpy.QtWebEngineWidgets import QWebEngineView

    view = native.findChild(QWebEngineView)
    if view is None:
        raise LookupError("no QWebEngineView in the window")

    class DropFilter(QObject):
        def eventFilter(self, watched: Any, event: Any) -> bool:  # Qt's name for it
            if event.type() == QEvent.Type.Drop:
                mime = event.mimeData()
                urls = mime.urls() if mime is not None and mime.hasUrls() else []
                paths = [url.toLocalFile() for url in urls if url.isLocalFile()]
                if paths:
                    on_paths(paths)
            return False  # the view and the page still get the drop

    watcher = DropFilter(view)
    view.installEventFilter(watcher)
    return watcher


class _GtkDropWatch:
    """The URIs of the drag over the WebKit view, reported when it is dropped there."""

    def __init__(self, on_paths: Callable[[list[str]], None]) -> None:
        self._on_paths = on_paths
        self._drag: Any = None  # the Gdk.DragContext the URIs below belong to
        self._uris: list[str] = []
        self._dropped: Any = None  # a drop whose data had not arrived yet

    def received(self, view: Any, drag: Any, x: int, y: int, data: Any, info: int, time: int) -> None:
        uris = data.get_uris() or []
        if not uris:
            return  # another of the drag's types
        self._drag, self._uris = drag, list(uris)
        if self._dropped == drag:
            self._dropped = None
            self._report(self._uris)

    def dropped(self, view: Any, drag: Any, x: int, y: int, time: int) -> bool:
        if self._drag == drag:
            self._report(self._uris)
        else:  # dropped before WebKit had the data: report it when it comes
            self._dropped = drag
        return False  # not handled here: WebKit's own handler hands the drop to the page

    def _report(self, uris: list[str]) -> None:
        from gi.repository import GLib

        paths = []
        for uri in uris:
            try:
                paths.append(GLib.filename_from_uri(uri)[0])
            except GLib.Error:  # not a local file (e.g. an http: link)
                continue
        self._drag, self._uris = None, []
        if paths:
            self._on_paths(paths)


def _watch_gtk_drops(native: Any, on_paths: Callable[[list[str]], None]) -> Any:
    """Connect (and return) a watcher of drops to the WebKit view inside the GTK window ``native``."""
    from .gtk_widgets import web_view_of

    view = web_view_of(native)
    watch = _GtkDropWatch(on_paths)
    view.connect("drag-data-received", watch.received)
    view.connect("drag-drop", watch.dropped)
    return watch
