"""The one thing the shell needs from the GUI toolkit that pywebview does not offer: quitting its loop.

With ``debug`` the Qt backend opens the web inspector as a second top-level window that is not
in ``webview.windows``, so closing the app's window would leave the loop (and the process)
running. Closing the remaining windows through Qt's public API (``closeAllWindows``, a slot, so
it can be queued from any thread) lets the loop end as it normally does; other backends need
nothing.
"""

from __future__ import annotations

import logging
import sys

__all__ = ["quit_gui_loop"]

log = logging.getLogger(__name__)


def quit_gui_loop() -> None:
    """Close the toolkit's remaining windows so its loop returns (thread-safe; no-op where not needed)."""
    if "qtpy" not in sys.modules:
        return
    try:
        from qtpy.QtCore import QCoreApplication, QMetaObject, Qt

        app = QCoreApplication.instance()
        if app is not None and hasattr(app, "closeAllWindows"):
            QMetaObject.invokeMethod(app, "closeAllWindows", Qt.ConnectionType.QueuedConnection)
    except Exception:  # noqa: BLE001 - best effort; the window itself is already gone
        log.debug("could not quit the Qt loop", exc_info=True)

