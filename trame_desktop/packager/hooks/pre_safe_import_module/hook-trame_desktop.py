"""PyInstaller pre-import hook: find ``trame_desktop.server`` when it lives outside ``trame_desktop/``.

The source tree keeps the server core in ``server/`` and maps it to ``trame_desktop.server``
(setuptools ``package-dir``). A wheel puts it at ``trame_desktop/server``; an editable install
does not, so the module graph is told about the mapped folder's parent.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def pre_safe_import_module(api: Any) -> None:  # PyInstaller's PreSafeImportModuleAPI
    package = importlib.util.find_spec("trame_desktop")
    server = importlib.util.find_spec("trame_desktop.server")
    if package is None or server is None or not package.submodule_search_locations \
            or not server.submodule_search_locations:
        return
    package_dir = Path(next(iter(package.submodule_search_locations))).resolve()
    server_dir = Path(next(iter(server.submodule_search_locations))).resolve()
    if server_dir != package_dir / "server" and server_dir.name == "server":
        api.append_package_path(str(server_dir.parent))
