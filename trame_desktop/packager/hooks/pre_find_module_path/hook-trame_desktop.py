"""PyInstaller pre-find hook: look for ``trame_desktop`` where this Python imports it from.

An editable install (``pip install -e .``) is found through setuptools' import hook, which
PyInstaller's module graph does not consult; pointing it at the package's real parent folder
works for editable and regular installs alike.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def pre_find_module_path(api: Any) -> None:  # PyInstaller's PreFindModulePathAPI
    spec = importlib.util.find_spec("trame_desktop")
    if spec is None or not spec.submodule_search_locations:
        return
    parent = str(Path(next(iter(spec.submodule_search_locations))).resolve().parent)
    api.search_dirs = [parent, *(d for d in api.search_dirs if d != parent)]
