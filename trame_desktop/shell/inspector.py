"""The Qt web inspector of a ``--debug`` window: opened once, on a profile of its own.

Left to itself, pywebview's Qt backend opens an inspector window at every page load, and makes it
the way it makes any window: a new disk-based ``QWebEngineProfile("pywebview")`` on the storage
folder of the app's window. Qt WebEngine requires a disk-based profile's storage location to be
unique for the application's life time, so the inspector and the app's page then share one cookie
database, HTTP disk cache and web storage between two profiles, on the first launch while the
app's profile is still creating them. A rare freeze was seen just there, on a first launch with
``--debug``: the page stopped running scripts right after its load, when the inspector opened
(trame's client on a first page, see :mod:`trame_desktop.shell.trame_first_page`).

So the shell turns pywebview's own inspector off and opens it itself, once the first page has
loaded, with pywebview's private mode set for that window's construction only (as
:mod:`trame_desktop.shell.windows` does for the app's other windows): its profile is off the
record and shares nothing with the page's. The remote debugging port pywebview opens in debug
mode stays as it is.
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["QtInspector"]

log = logging.getLogger(__name__)

#: pywebview's setting that opens the inspector at each page load in debug mode (its Qt backend).
OPEN_AT_LOAD = "OPEN_DEVTOOLS_IN_DEBUG"


class QtInspector:
    """Opens the web inspector of the window ``native`` once, after its first load (Qt, ``--debug``)."""

    def __init__(self, native: Any) -> None:
        import webview

        webview.settings[OPEN_AT_LOAD] = False
        self._native = native

    def open(self) -> None:
        """Open the inspector (from any thread; after the first load: ``page_loads.after_first_load``)."""
        from .gui_calls import on_gui_thread

        on_gui_thread(self._open, later=True)

    def _open(self) -> None:
        import webview

        view = getattr(self._native, "native", None)
        web_view = getattr(view, "webview", None)
        show = getattr(web_view, "show_inspector", None)
        if show is None:  # not pywebview's Qt view (another pywebview release)
            log.warning("cannot open the web inspector: pywebview's Qt window has no show_inspector")
            return
        flags = webview._state  # read by pywebview's Qt windows when they are made
        previous = flags.get("private_mode")
        flags["private_mode"] = True
        try:
            show()
        finally:
            flags["private_mode"] = previous
        log.info("web inspector opened (a profile of its own)")
