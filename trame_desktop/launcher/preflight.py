"""Say clearly, before anything is loaded, why a native window cannot open: no display or no GUI backend."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from trame_desktop.shell.toolkit import gtk_available, qt_available

__all__ = ["backend_problem", "display_problem", "window_problem"]

_UNIX_DESKTOPS = ("linux", "freebsd", "openbsd", "netbsd")


def display_problem(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """Return a message if there is no display to open a window on (Linux/BSD only)."""
    env = os.environ if environ is None else environ
    if not platform.startswith(_UNIX_DESKTOPS):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return (
        "trame-desktop: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "Run it inside a desktop session, or serve the app to a browser instead: python app.py --server"
    )


def backend_problem(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    *,
    qt: Callable[[], bool] = qt_available,
    gtk: Callable[[], bool] = gtk_available,
) -> str | None:
    """Return a message if pywebview has no GUI backend to use here (Linux/BSD only).

    Windows (EdgeChromium via pythonnet) and macOS (Cocoa via pyobjc) backends are pywebview's
    own dependencies there, so only the Linux choice between Qt and GTK needs checking. ``qt`` and
    ``gtk`` say whether each backend is installed.
    """
    env = os.environ if environ is None else environ
    if not platform.startswith(_UNIX_DESKTOPS):
        return None
    wanted = (env.get("PYWEBVIEW_GUI") or "").lower()
    if wanted == "qt":
        if qt():
            return None
        return (
            "trame-desktop: PYWEBVIEW_GUI=qt but the Qt backend is not installed.\n"
            'Install it with: pip install "trame-desktop[qt]"'
        )
    if wanted == "gtk":
        if gtk():
            return None
        return (
            "trame-desktop: PYWEBVIEW_GUI=gtk but the GTK backend (PyGObject) is not installed.\n"
            'Install it with: pip install "trame-desktop[gtk]" (and your system\'s WebKit2GTK)'
        )
    if qt() or gtk():
        return None
    return (
        "trame-desktop: no GUI backend for pywebview is installed.\n"
        'Install one with: pip install "trame-desktop[qt]"   (or "trame-desktop[gtk]")'
    )


def window_problem() -> str | None:
    """The first reason a window cannot open here, or None."""
    return display_problem() or backend_problem()
