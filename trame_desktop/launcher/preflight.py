"""Say clearly, before anything is loaded, why a native window cannot open: no display or no GUI backend."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from trame_desktop.shell.toolkit import choose_gui, gtk_available, qt_available

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
    requested: str | None = None,
    qt: Callable[[], bool] = qt_available,
    gtk: Callable[[], bool] = gtk_available,
) -> str | None:
    """Return a message if the GUI backend the shell would use is not installed here.

    The choice is :func:`~trame_desktop.shell.toolkit.choose_gui`'s (``requested`` is ``--gui``).
    Windows (EdgeChromium via pythonnet) and macOS (Cocoa via pyobjc) backends are pywebview's
    own dependencies there, so only the Linux choice between Qt and GTK needs checking. ``qt`` and
    ``gtk`` say whether each backend is installed.
    """
    env = os.environ if environ is None else environ
    choice = choose_gui(requested, env, platform, qt=qt, gtk=gtk)
    if choice.installed:
        return None
    if choice.gui == "qt":
        return (
            f"trame-desktop: the Qt backend was {choice.reason} but it is not installed.\n"
            'Install it with: pip install "trame-desktop[qt]"'
        )
    if choice.gui == "gtk":
        return (
            f"trame-desktop: the GTK backend was {choice.reason} but it (PyGObject) is not installed.\n"
            'Install it with: pip install "trame-desktop[gtk]" (and your system\'s WebKit2GTK)'
        )
    if choice.gui is not None:
        return f"trame-desktop: {choice.gui!r} ({choice.reason}) is not a GUI backend: use qt or gtk"
    return (
        "trame-desktop: no GUI backend for pywebview is installed.\n"
        'Install one with: pip install "trame-desktop[qt]"   (or "trame-desktop[gtk]")'
    )


def window_problem(requested_gui: str | None = None) -> str | None:
    """The first reason a window cannot open here, or None (``requested_gui``: ``--gui``)."""
    return display_problem() or backend_problem(requested=requested_gui)
