"""What the shell knows of GUI toolkits: which backend to use, the Qt bindings pywebview can use, and quitting the loop.

The shell chooses the backend itself (:func:`choose_gui`) and hands it to ``webview.start(gui=...)``:
left to itself, pywebview on Linux tries GTK first and logs an ERROR with a traceback when PyGObject
is missing, before it falls back to Qt. Quitting the toolkit's loop is the other thing the shell
needs that pywebview does not offer.

Light on purpose (no toolkit is imported to answer): the launcher's preflight, the build's
PyInstaller hook and the frozen app's run-time hook read it before any window exists.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["GUI_BACKENDS", "QT_BINDINGS", "GuiChoice", "backend_of", "choose_gui", "gtk_available", "importable",
           "qt_available", "qt_binding", "quit_gui_loop"]

log = logging.getLogger(__name__)

#: The Qt bindings pywebview's Qt backend can use through qtpy, in qtpy's order of preference.
QT_BINDINGS = ("PyQt6", "PySide6", "PyQt5")


def importable(name: str) -> bool:
    """True when ``name`` can be imported here (it is not imported)."""
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def qt_binding() -> str | None:
    """The first Qt binding with a web engine installed here, or None."""
    return next((binding for binding in QT_BINDINGS if importable(f"{binding}.QtWebEngineWidgets")), None)


def qt_available() -> bool:
    """pywebview's Qt backend can run: qtpy and a binding with its web engine."""
    return importable("qtpy") and qt_binding() is not None


def gtk_available() -> bool:
    """pywebview's GTK backend can run (PyGObject; WebKit2GTK is the system's)."""
    return importable("gi")


#: The backends the shell chooses between on Linux and the BSDs, in its order of preference (Qt first:
#: it carries its own web engine, where GTK's is the system's).
GUI_BACKENDS = ("qt", "gtk")

_UNIX_DESKTOPS = ("linux", "freebsd", "openbsd", "netbsd")
#: Where a backend can be asked for, in order: the command line, then the environment.
_ASKED_BY = ("TRAME_DESKTOP_GUI", "PYWEBVIEW_GUI")


@dataclass(frozen=True)
class GuiChoice:
    """The backend for ``webview.start(gui=...)`` (None: pywebview's platform default) and why."""

    gui: str | None
    reason: str
    installed: bool  # False: it was asked for (or it is the only choice) but is not installed here


def choose_gui(requested: str | None = None, environ: Mapping[str, str] | None = None, platform: str = sys.platform,
               *, qt: Callable[[], bool] = qt_available, gtk: Callable[[], bool] = gtk_available) -> GuiChoice:
    """The GUI backend: ``requested`` (``--gui``), else ``TRAME_DESKTOP_GUI``, else ``PYWEBVIEW_GUI``, else
    (Linux, BSD) the first of :data:`GUI_BACKENDS` installed. Only cheap ``find_spec`` checks: nothing is imported."""
    env = os.environ if environ is None else environ
    checks = {"qt": qt, "gtk": gtk}
    asked = [("--gui", requested)] + [(name, env.get(name)) for name in _ASKED_BY]
    for source, value in asked:
        if value:
            gui = value.strip().lower()
            check = checks.get(gui)
            if check is not None:
                return GuiChoice(gui, f"asked for with {source}", installed=check())
            # Elsewhere pywebview has backends of its own (edgechromium, cef, ...): its to judge.
            return GuiChoice(gui, f"asked for with {source}", installed=not platform.startswith(_UNIX_DESKTOPS))
    if not platform.startswith(_UNIX_DESKTOPS):
        return GuiChoice(None, "the platform's own", installed=True)  # pywebview's dependency there
    for gui in GUI_BACKENDS:
        if checks[gui]():
            return GuiChoice(gui, "the first one installed", installed=True)
    return GuiChoice(None, "none is installed", installed=False)


def backend_of(window: Any) -> str:
    """The name of the pywebview backend ``window`` runs on (``qt``, ``gtk``, ...), once the GUI has
    started (pywebview sets the window's ``gui``, its platform module, then); "" before."""
    gui = getattr(window, "gui", None)
    return gui.__name__.rsplit(".", 1)[-1] if gui is not None else ""


def quit_gui_loop() -> None:
    """Close the toolkit's remaining windows so its loop returns (thread-safe; no-op where not needed).

    With ``debug`` the Qt backend opens the web inspector as a second top-level window that is not
    in ``webview.windows``, so closing the app's window would leave the loop (and the process)
    running. Qt's public ``closeAllWindows`` (a slot, so it can be queued from any thread) lets the
    loop end as it normally does. GTK's loop (``Gtk.Application.run``) runs while any of the
    app's windows is open: the app's other windows are closed through pywebview (``destroy``
    queues the close on the GUI thread), each with its own ``closing`` and ``closed`` events, as
    Qt's ``closeAllWindows`` closes them. Other backends need nothing.
    """
    if "webview.platforms.gtk" in sys.modules:
        import webview

        for window in list(webview.windows):
            window.destroy()
        return
    if "qtpy" not in sys.modules:
        return
    try:
        from qtpy.QtCore import QCoreApplication, QMetaObject, Qt

        app = QCoreApplication.instance()
        if app is not None and hasattr(app, "closeAllWindows"):
            QMetaObject.invokeMethod(app, "closeAllWindows", Qt.ConnectionType.QueuedConnection)
    except Exception:  # best effort: the app's window itself is already gone
        log.debug("could not quit the Qt loop", exc_info=True)
