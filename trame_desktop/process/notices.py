"""Tell the user of an app without a terminal (a packaged, windowed app) something, in a native message box.

Used before the app's window exists: by the packaged app's crash report
(``packager/hooks/rthooks/pyi_rth_trame_desktop.py``) and when the log folder cannot be used. The box
is the platform's own (Windows' ``MessageBoxW``, macOS' ``osascript`` alert) or, on Linux, Qt's, which
a build carries for pywebview's Qt backend; its text can be selected and copied. It blocks until the
user dismisses it. ``TRAME_DESKTOP_NO_CRASH_DIALOG=1`` turns every such box off (tests, kiosks).
"""

from __future__ import annotations

import os
import sys
from typing import Any

__all__ = ["NO_DIALOG_ENV", "show_message"]

#: The environment switch that turns the message boxes off (named for the first of them, the crash report).
NO_DIALOG_ENV = "TRAME_DESKTOP_NO_CRASH_DIALOG"

# The QApplication a box made with keep_gui: Python owns it, so it lives as long as a reference does.
_kept_gui: list[Any] = []


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def show_message(title: str, message: str, *, critical: bool = True, keep_gui: bool = False) -> bool:
    """Show ``message`` in a box titled ``title`` and wait until it is dismissed; False when no box
    could be shown (switched off, no display, no GUI toolkit). ``critical``: an error's icon, else a
    warning's. ``keep_gui`` (Qt): leave the ``QApplication`` made for the box alive, for the app's
    window to use next; a second one made after the first is gone does not always start cleanly."""
    if os.environ.get(NO_DIALOG_ENV):
        return False
    try:
        if sys.platform == "win32":
            import ctypes

            icon = 0x10 if critical else 0x30  # MB_ICONERROR, MB_ICONWARNING
            ctypes.windll.user32.MessageBoxW(None, message, title, icon)  # type: ignore[attr-defined]
            return True
        if sys.platform == "darwin":
            import subprocess

            level = "critical" if critical else "warning"
            script = f"display alert {_quote(title)} message {_quote(message)} as {level}"
            subprocess.run(["osascript", "-e", script], check=False, timeout=600)
            return True
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            return False
        return _show_with_qt(title, message, critical=critical, keep_gui=keep_gui)
    except Exception:  # no GUI to show it: what the caller wrote to stderr and the log remains
        return False


def _show_with_qt(title: str, message: str, *, critical: bool, keep_gui: bool) -> bool:
    if keep_gui:
        # Qt WebEngine must be loaded before the QApplication the window will share is made.
        import qtpy.QtWebEngineWidgets  # noqa: F401
    from qtpy.QtCore import Qt
    from qtpy.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(list(sys.argv) if keep_gui else [sys.argv[0]])
    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
    box = QMessageBox(icon, title, message)
    # the user can select the text (a file's path) and copy it
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
    del box
    if keep_gui:
        _kept_gui.append(app)
    return True
