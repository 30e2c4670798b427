"""Where the built web client lives: package data of ``trame_desktop``, found without importing the shell."""

from __future__ import annotations

import importlib.util
from pathlib import Path

__all__ = ["built_client_dir"]


def built_client_dir() -> Path:
    """The folder ``pip install`` builds the web client into (``trame_desktop/_client``).

    Found through the package's import spec, so no module of the shell is imported.
    """
    spec = importlib.util.find_spec("trame_desktop")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        msg = "the trame_desktop package cannot be found: is trame-desktop installed?"
        raise RuntimeError(msg)
    return Path(locations[0]).resolve() / "_client"
