"""PyInstaller hook: everything a frozen trame-desktop app loads that static analysis cannot see.

- the built web client (``trame_desktop/_client/**``) and the other package data
  (``trame_desktop/ui/static``, the server's data files);
- the modules the shell and the server import lazily (``trame_desktop.shell`` is only imported
  once ``server.start()`` decides to open a window);
- pywebview's GUI backend for this platform (``webview.platforms.<backend>``) and, for the Qt
  backend, the Qt binding's web engine modules;
- not the build-time parts of trame-desktop itself (this hook folder, the ``package`` command and
  its spec template, ``trame_desktop.packaging``).

Unused Qt modules are left out by the ``package`` command's ``--exclude-module`` list
(see :data:`trame_desktop.package.EXCLUDED_MODULES`), which a plain ``pyinstaller app.py`` can
pass too; this hook only trims what trame-desktop itself would drag in.
"""

from __future__ import annotations

import importlib.util
import sys

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

_BUILD_ONLY = ("trame_desktop.package", "trame_desktop.packaging", "trame_desktop.packaging_hooks")


def _runtime_module(name: str) -> bool:
    return not name.startswith(_BUILD_ONLY)


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _webview_backends() -> list[str]:
    """pywebview's backend modules for the platform being built on (what ``webview.guilib`` would load)."""
    if sys.platform == "win32":
        return ["webview.platforms.winforms", "webview.platforms.edgechromium"]
    if sys.platform == "darwin":
        return ["webview.platforms.cocoa"]
    # Linux/BSD: the backend trame-desktop's preflight accepts, Qt first (pywebview's own order).
    backends = []
    if _importable("qtpy") and any(
        _importable(f"{binding}.QtWebEngineWidgets") for binding in ("PyQt6", "PySide6", "PyQt5")
    ):
        backends.append("webview.platforms.qt")
    if _importable("gi"):
        backends.append("webview.platforms.gtk")
    return backends


def _qt_modules() -> list[str]:
    """The Qt binding modules pywebview's Qt backend imports through qtpy (PyQt6 preferred)."""
    for binding in ("PyQt6", "PySide6", "PyQt5"):
        if _importable(f"{binding}.QtWebEngineWidgets"):
            modules = ["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtWebChannel", "QtWebEngineWidgets"]
            if binding != "PyQt5":
                modules.append("QtWebEngineCore")
            return [f"{binding}.{name}" for name in modules]
    return []


datas = collect_data_files("trame_desktop", excludes=["packaging/**", "packaging_hooks/**", "**/__pycache__/**"])
datas += collect_data_files("trame_desktop.server", excludes=["**/__pycache__/**"])

hiddenimports = collect_submodules("trame_desktop", filter=_runtime_module)
# Listed on its own: in an editable install it is mapped from ``server/``, outside the package folder.
hiddenimports += collect_submodules("trame_desktop.server")
hiddenimports += ["platformdirs", "webview", *_webview_backends()]
if "webview.platforms.qt" in hiddenimports:
    hiddenimports += ["qtpy", *_qt_modules()]

# The package command (and its PyInstaller dependency) is never needed at run time.
excludedimports = ["PyInstaller", *_BUILD_ONLY]
