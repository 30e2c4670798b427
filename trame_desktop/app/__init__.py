"""Public app API: ``get_server`` (one server per name) and the ``asynchronous`` helpers."""

from __future__ import annotations

from typing import Any

from trame_desktop.server import Server
from trame_desktop.ui.virtual_node import VirtualNode

_SERVERS: dict[str, Server] = {}  # the per-process registry get_server promises (as trame's)


def get_server(name: str | None = None, **kwargs: Any) -> Server:
    """The server called ``name`` (default "trame"), created with ``kwargs`` on first call."""
    name = name or "trame"
    if name not in _SERVERS:
        kwargs.setdefault("vn_constructor", VirtualNode)
        kwargs.setdefault("window_host", _window_host)
        _SERVERS[name] = Server(name=name, **kwargs)
    return _SERVERS[name]


def _window_host(server: Server, start_kwargs: dict[str, Any]) -> int:
    # The shell (pywebview and all) loads only when a window is really asked for.
    from trame_desktop.shell.run import window_host

    return window_host(server, start_kwargs)


def __getattr__(name: str) -> Any:
    # `asynchronous` loads asyncio: imported when first used, not before the window's first paint.
    if name == "asynchronous":
        import importlib

        return importlib.import_module(f"{__name__}.asynchronous")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Server", "asynchronous", "get_server"]
