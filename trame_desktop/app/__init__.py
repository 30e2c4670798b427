"""Public app API: ``get_server`` (one server per name), ``TrameApp``/``TrameComponent`` and the ``asynchronous`` helpers."""

from __future__ import annotations

from typing import Any, Literal, overload

from trame_desktop.server import Server
from trame_desktop.ui.virtual_node import VirtualNode

DEFAULT_NAME = "trame"
_SERVERS: dict[str, Server] = {}  # the per-process registry get_server promises (as trame's)


@overload
def get_server(name: str | Server | None = None, create_if_missing: Literal[True] = True,
               client_type: Literal["vue2", "vue3"] | None = None, **kwargs: Any) -> Server: ...
@overload
def get_server(name: str | Server | None = None, create_if_missing: bool = True,
               client_type: Literal["vue2", "vue3"] | None = None, **kwargs: Any) -> Server | None: ...


def get_server(
    name: str | Server | None = None,
    create_if_missing: bool = True,
    client_type: Literal["vue2", "vue3"] | None = None,
    **kwargs: Any,
) -> Server | None:
    """The server called ``name`` (default "trame"), created with ``kwargs`` on first call, as
    ``trame.app.get_server``: a server given as ``name`` is returned as is, ``client_type`` is
    applied when given, and with ``create_if_missing=False`` a missing server is None."""
    if isinstance(name, Server):
        server: Server | None = name
    else:
        name = name or DEFAULT_NAME
        server = _SERVERS.get(name)
        if server is None and create_if_missing:
            kwargs.setdefault("vn_constructor", VirtualNode)
            kwargs.setdefault("window_host", _window_host)
            server = _SERVERS[name] = Server(name=name, **kwargs)
    if server is not None and client_type is not None:
        server.client_type = client_type
    return server


_CLIENTS: dict[str, Any] = {}


def get_client(url: str | None = None, hot_reload: bool = False, **kwargs: Any) -> Any:
    """A client driving the remote trame app at ``url`` (one per URL), as ``trame.app.get_client``;
    ``kwargs`` are its connection settings (``secret=...``). Call ``await client.connect()``."""
    from trame_desktop.server.client import Client

    if url is not None and url in _CLIENTS:
        return _CLIENTS[url]
    client = Client(url=url, config=kwargs, hot_reload=hot_reload)
    if url is not None:
        _CLIENTS[url] = client
    return client


def _window_host(server: Server, start_kwargs: dict[str, Any]) -> int:
    # The shell (pywebview and all) loads only when a window is really asked for.
    from trame_desktop.shell.run import window_host

    return window_host(server, start_kwargs)


def __getattr__(name: str) -> Any:
    # `asynchronous` loads asyncio: imported when first used, not before the window's first paint;
    # so are the class-based app helpers.
    if name == "asynchronous":
        import importlib

        return importlib.import_module(f"{__name__}.asynchronous")
    if name in ("TrameApp", "TrameComponent"):
        from . import component

        return getattr(component, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Server", "TrameApp", "TrameComponent", "asynchronous", "get_client", "get_server"]
