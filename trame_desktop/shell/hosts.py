"""How a seed-API server runs in the shell's background thread: ours, or a ``trame`` one through an adapter.

The shell knows a server only through the seed API (``start``, ``stop``, ``port``,
``controller.on_server_ready``). Our server takes ``secret=``, ``sock=`` and ``exec_mode="desktop"``
with ``thread=True``; a ``trame_server.core.Server`` takes none of them, so :class:`TrameHost` sets
its wslink secret through its CLI parser's defaults and serves the page with ``?secret=`` (where
trame's client reads it).
"""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any, Protocol

from trame_desktop.process.ports import is_free
from trame_desktop.server.addresses import LOOPBACK_HOST
from trame_desktop.server.web_client import built_client_dir

__all__ = ["DesktopServerHost", "ServerHost", "TrameHost", "host_for", "is_trame_server"]

log = logging.getLogger(__name__)

# Keyword arguments the shell decides; an app's own start() values for these are ignored.
_SHELL_OWNED = frozenset({"thread", "exec_mode", "port", "host", "open_browser", "show_connection_info", "secret",
                          "sock"})


class ServerHost(Protocol):
    """One way of running one server object inside the calling (background) thread."""

    server: Any
    secret: str

    def bind(self) -> int | None:
        """Bind the loopback port now, in the calling thread, if this host can; returns it or None."""

    def run(self) -> None:
        """Start the server and block until it stops."""

    def page_url(self, port: int) -> str:
        """The URL the window loads, secret included."""


def is_trame_server(server: Any) -> bool:
    """True for a server from the ``trame`` package (``trame_server``), which needs the adapter."""
    return any(cls.__module__.split(".")[0] == "trame_server" for cls in type(server).__mro__)


def _app_kwargs(start_kwargs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in start_kwargs.items() if k not in _SHELL_OWNED}


class DesktopServerHost:
    """Hosts this package's server on a socket bound before the server thread loads its web stack,
    so the window can load the app at once (its first request waits in the socket's backlog)."""

    def __init__(self, server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> None:
        self.server = server
        self.secret = secret
        self.port = port
        self.start_kwargs = _app_kwargs(start_kwargs)
        self.sock: socket.socket | None = None

    def bind(self) -> int | None:
        from trame_desktop.server.sockets import bind_socket  # light: no aiohttp

        try:
            self.sock = bind_socket(LOOPBACK_HOST, self.port)
        except OSError:
            log.info("last launch's port %s is taken: using a new one (web storage starts empty)", self.port)
            self.sock = bind_socket(LOOPBACK_HOST, 0)
        self.port = self.sock.getsockname()[1]
        return self.port

    def run(self) -> None:
        where: dict[str, Any] = {"sock": self.sock} if self.sock is not None else {"port": self.port,
                                                                                   "host": LOOPBACK_HOST}
        try:
            self.server.start(
                **self.start_kwargs,
                **where,
                thread=True,
                exec_mode="desktop",
                open_browser=False,
                show_connection_info=False,
                secret=self.secret,
            )
        finally:
            if self.sock is not None:  # a start() that failed early never served (nor closed) it:
                self.sock.close()  # the page's waiting request fails now instead of hanging

    def page_url(self, port: int) -> str:
        # Our client reads the secret from the fragment, which never goes over HTTP
        # (docs/contracts.md); trame's own client, served when a trame layout or widget enabled
        # it (a module's www), reads it from the query only.
        www = getattr(self.server, "www", None)
        if www and Path(www).resolve() != built_client_dir().resolve():
            return f"http://{LOOPBACK_HOST}:{port}/index.html?secret={self.secret}"
        return f"http://{LOOPBACK_HOST}:{port}/index.html#secret={self.secret}"


class TrameHost:
    """Hosts a ``trame`` package server: same thread/loop shape, secret set through its CLI defaults."""

    def __init__(self, server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> None:
        self.server = server
        self.secret = secret
        self.port = port if is_free(port, LOOPBACK_HOST) else 0  # trame's server cannot fall back itself
        self.start_kwargs = _app_kwargs(start_kwargs)
        self.start_kwargs.setdefault("timeout", 0)  # no idle auto-shutdown: the window owns the lifetime

    def bind(self) -> int | None:
        return None  # trame's server binds its own port, once its web stack is loaded

    def run(self) -> None:
        # trame's CoreServer reads the token from --authKey (wslink's option); making our secret
        # the parser's default keeps the app's own arguments untouched.
        self.server.cli.set_defaults(authKey=self.secret, authKeyFile=None, host=LOOPBACK_HOST)
        import asyncio  # on the server thread: asyncio loads after the window's first paint

        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            self.server.start(
                **self.start_kwargs,
                thread=True,
                exec_mode="main",  # trame's "desktop" would spawn its own browser process
                port=self.port,
                host=LOOPBACK_HOST,
                open_browser=False,
                show_connection_info=False,
            )
        finally:
            loop = asyncio.get_event_loop()  # the one trame's start() left current
            if not loop.is_closed():
                loop.close()

    def page_url(self, port: int) -> str:
        # trame's client reads `secret` from the query string, then removes it from the address bar.
        return f"http://{LOOPBACK_HOST}:{port}/index.html?secret={self.secret}"


def host_for(server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> ServerHost:
    """Pick the host that knows how to start ``server`` with ``secret`` on loopback ``port`` (0: any)."""
    if is_trame_server(server):
        return TrameHost(server, secret, start_kwargs, port)
    return DesktopServerHost(server, secret, start_kwargs, port)
