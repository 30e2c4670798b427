"""Public app API: ``get_server`` (one server per name) and the ``asynchronous`` helpers."""

from __future__ import annotations

from typing import Any

from trame_desktop.server import Server

_SERVERS: dict[str, Server] = {}  # the per-process registry get_server promises (as trame's)


def get_server(name: str | None = None, **kwargs: Any) -> Server:
    """The server called ``name`` (default "trame"), created with ``kwargs`` on first call."""
    name = name or "trame"
    if name not in _SERVERS:
        _SERVERS[name] = Server(name=name, **kwargs)
    return _SERVERS[name]


def __getattr__(name: str) -> Any:
    # `asynchronous` loads asyncio: imported when first used, not before the window's first paint.
    if name == "asynchronous":
        import importlib

        return importlib.import_module(f"{__name__}.asynchronous")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Server", "asynchronous", "get_server"]
