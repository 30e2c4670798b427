"""PyInstaller hook: everything a frozen trame-desktop app loads that static analysis cannot see.

- the built web client (``trame_desktop/_client/**``) and the other package data
  (``trame_desktop/ui/static``, the server's data files);
- the modules the shell and the server import lazily (``trame_desktop.shell.run`` is only imported
  once ``server.start()`` decides to open a window);
- pywebview's GUI backend for this platform (``webview.platforms.<backend>``) and, for the Qt
  backend, the Qt binding's web engine modules;
- not the build-time parts of trame-desktop itself (``trame_desktop.packager``: the ``package``
  command and these hooks; ``trame_desktop.packaging``: its spec template).

Unused Qt modules are left out by the ``package`` command's ``--exclude-module`` list
(see :data:`trame_desktop.packager.command.EXCLUDED_MODULES`), which a plain ``pyinstaller app.py`` can
pass too; this hook only trims what trame-desktop itself would drag in.
"""

from __future__ import annotations

import sys
from typing import Any

from PyInstaller.utils.hooks import collect_data_files, collect_submodules, get_hook_config

from trame_desktop.packager.command import BUILD_ONLY_MODULES
from trame_desktop.shell.toolkit import gtk_available, qt_available, qt_binding


def _runtime_module(name: str) -> bool:
    return not name.startswith(BUILD_ONLY_MODULES)


def _webview_backends(chosen: str | None = None) -> list[str]:
    """pywebview's backend modules for the platform being built on (what ``webview.guilib`` would load).

    ``chosen`` (the ``package`` command's ``--backend``, through the spec's ``hooksconfig``) limits
    a Linux build to one backend; a plain ``pyinstaller app.py`` carries every one installed.
    """
    if sys.platform == "win32":
        return ["webview.platforms.winforms", "webview.platforms.edgechromium"]
    if sys.platform == "darwin":
        return ["webview.platforms.cocoa"]
    # Linux/BSD: the backend trame-desktop's preflight accepts, Qt first (pywebview's own order).
    backends = []
    if chosen in (None, "auto", "qt") and qt_available():
        backends.append("webview.platforms.qt")
    if chosen in (None, "auto", "gtk") and gtk_available():
        backends.append("webview.platforms.gtk")
    return backends


def _qt_modules() -> list[str]:
    """The Qt binding modules pywebview's Qt backend imports through qtpy (PyQt6 preferred)."""
    binding = qt_binding()
    if binding is None:
        return []
    modules = ["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtWebChannel", "QtWebEngineWidgets"]
    if binding != "PyQt5":
        modules.append("QtWebEngineCore")
    return [f"{binding}.{name}" for name in modules]


datas = collect_data_files("trame_desktop", excludes=["packaging/**", "packager/**", "**/__pycache__/**"])
datas += collect_data_files("trame_desktop.server", excludes=["**/__pycache__/**"])

hiddenimports = collect_submodules("trame_desktop", filter=_runtime_module)
# Listed on its own: in an editable install it is mapped from ``server/``, outside the package folder.
hiddenimports += collect_submodules("trame_desktop.server")
hiddenimports += ["platformdirs", "webview"]


def hook(hook_api: Any) -> None:
    """The GUI backend's modules, once the spec's ``hooksconfig`` (which backend) can be read."""
    backends = _webview_backends(get_hook_config(hook_api, "trame_desktop", "backend"))
    hook_api.add_imports(*backends)
    if "webview.platforms.qt" in backends:
        hook_api.add_imports("qtpy", *_qt_modules())
    if "webview.platforms.gtk" in backends:
        hook_api.add_imports("gi", "gi.repository.Gtk", "gi.repository.Gdk", "gi.repository.GLib",
                             "gi.repository.WebKit2", "gi.repository.Soup")

# The package command (and its PyInstaller dependency) is never needed at run time.
excludedimports = ["PyInstaller", *BUILD_ONLY_MODULES]
