"""Run an app written for the ``trame`` package on this package's server core, its code unchanged.

While the launcher runs the app, ``trame_server.Server`` (what ``trame.app.get_server`` makes) is
this package's ``Server``, so the app gets our core's first paint, security and speed with its
trame layouts and widgets as they are. ``--core trame`` keeps trame's own server instead.
"""

from __future__ import annotations

import logging
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .after_import import AfterImport

__all__ = ["CORES", "DEFAULT_CORE", "chosen_core", "trame_apps_on_our_core"]

log = logging.getLogger(__name__)

CORES = ("ours", "trame")
DEFAULT_CORE = "ours"
# Where trame's server class is looked up by apps and by trame itself (trame.app imports it).
_TRAME_SERVER_NAMES = ("trame_server", "trame_server.core")


def chosen_core(option: str | None, environ: Any = None) -> str:
    """The core to run trame apps on: the option, else ``TRAME_DESKTOP_CORE``, else ours."""
    environ = os.environ if environ is None else environ
    core = option or environ.get("TRAME_DESKTOP_CORE") or DEFAULT_CORE
    if core not in CORES:
        msg = f"unknown core {core!r}: choose one of {', '.join(CORES)}"
        raise ValueError(msg)
    return core


def _our_server_class() -> type:
    from trame_desktop.app import _window_host
    from trame_desktop.server import Server

    class TrameAppServer(Server):
        """Our Server under the name trame's apps know; it can open its own window like ours."""

        def __init__(self, *args: Any, **options: Any) -> None:
            options.setdefault("window_host", _window_host)
            super().__init__(*args, **options)

    TrameAppServer.__qualname__ = TrameAppServer.__name__ = "Server"
    return TrameAppServer


@contextmanager
def trame_apps_on_our_core() -> Iterator[None]:
    """Within the block, ``trame_server``'s ``Server`` is ours (once trame_server is imported)."""
    replaced: list[tuple[types.ModuleType, Any]] = []
    ours: list[type] = []

    def swap(package: types.ModuleType) -> None:
        if not ours:
            ours.append(_our_server_class())
        for name in _TRAME_SERVER_NAMES:
            module = sys.modules.get(name)
            if module is not None and getattr(module, "Server", None) is not ours[0]:
                replaced.append((module, module.Server))
                vars(module)["Server"] = ours[0]
        log.info("trame apps run on trame-desktop's server core (--core trame for trame's own)")

    finder = AfterImport({"trame_server": swap})
    if "trame_server" in sys.modules:
        swap(sys.modules["trame_server"])
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        for module, original in reversed(replaced):
            module.Server = original
