"""The WebKit view inside a pywebview GTK window, found through GTK's widget tree."""

from __future__ import annotations

from typing import Any

__all__ = ["web_view_of"]


def web_view_of(native: Any) -> Any:
    """The ``WebKit2.WebView`` in the GTK window ``native`` (pywebview's ``window.native``); LookupError if none."""
    from gi.repository import Gtk, WebKit2  # the versions pywebview required

    found = _find(native, WebKit2.WebView, Gtk.Container)
    if found is None:
        raise LookupError("no WebKit2.WebView in the window")
    return found


def _find(widget: Any, kind: Any, container: Any) -> Any:
    if isinstance(widget, kind):
        return widget
    for child in widget.get_children() if isinstance(widget, container) else []:
        found = _find(child, kind, container)
        if found is not None:
            return found
    return None
