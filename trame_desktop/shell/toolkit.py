"""What the shell knows of GUI toolkits: the backends and Qt bindings pywebview can use, and quitting the loop.

Quitting the toolkit's loop is the one thing the shell needs that pywebview does not offer.

Light on purpose (no toolkit is imported to answer): the launcher's preflight, the build's
PyInstaller hook and the frozen app's run-time hook read it before any window exists.
"""

from __future__ import annotations

import importlib.util
import logging
import sys

__all__ = ["QT_BINDINGS", "gtk_available", "importable", "qt_available", "qt_binding", "quit_gui_loop"]

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


def quit_gui_loop() -> None:
    """Close the toolkit's remaining windows so its loop returns (thread-safe; no-op where not needed).

    With ``debug`` the Qt backend opens the web inspector as a second top-level window that is not
    in ``webview.windows``, so closing the app's window would leave the loop (and the process)
    running. Qt's public ``closeAllWindows`` (a slot, so it can be queued from any thread) lets the
    loop end as it normally does; other backends need nothing.
    """
    if "qtpy" not in sys.modules:
        return
    try:
        from qtpy.QtCore import QCoreApplication, QMetaObject, Qt

        app = QCoreApplication.instance()
        if app is not None and hasattr(app, "closeAllWindows"):
            QMetaObject.invokeMethod(app, "closeAllWindows", Qt.ConnectionType.QueuedConnection)
    except Exception:  # best effort: the app's window itself is already gone
        log.debug("could not quit the Qt loop", exc_info=True)
