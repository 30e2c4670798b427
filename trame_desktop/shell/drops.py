"""Files dropped on the window, as the exact paths the drag source gave, in its order.

With the Qt backend an event filter on the web view reads the paths where the drop arrives, from
its MIME data (``QUrl.toLocalFile``), and lets the drop go on to the page, so page elements with
drop handling of their own still get it. pywebview's own route (a DOM ``drop`` listener and
``pywebviewFullPath``) is kept for other backends only: it matches files by base name, which loses
repeated names (see benchmarks/README.md, "Shell history"), and needs the page to cancel
``dragover`` for files (:data:`ACCEPT_FILE_DRAGS`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["ACCEPT_FILE_DRAGS", "FileDrops"]

log = logging.getLogger(__name__)

ACCEPT_FILE_DRAGS = """
(() => {
  if (window.__trameDesktopAcceptsFiles) return;
  window.__trameDesktopAcceptsFiles = true;
  const take = (event) => {
    const types = event.dataTransfer ? Array.from(event.dataTransfer.types) : [];
    if (types.includes("Files")) event.preventDefault();
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
        self._filter: Any = None  # the Qt event filter, kept alive here

    def before_show(self) -> None:
        """pywebview's ``before_show`` (GUI thread, the native window exists): watch its drops."""
        if "qtpy" not in sys.modules:
            return
        try:
            self._filter = _watch_qt_drops(self._window.native, self._on_paths)
        except Exception:  # no Qt web view to watch: drops fall back to pywebview's route
            log.debug("could not watch the Qt web view for drops", exc_info=True)

    def page_loaded(self) -> None:
        """After each page load: without the Qt filter, listen for drops in the page."""
        if self._filter is not None:
            return
        try:
            self._window.run_js(ACCEPT_FILE_DRAGS)
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
