"""How to start a seed-API server in the shell's background thread: ours as the contract says, a `trame` one through an adapter.

The shell knows a server only through the seed API (``start``, ``stop``, ``port``,
``controller.on_server_ready``). Our server takes ``secret=`` and ``exec_mode="desktop"`` with
``thread=True``; a ``trame_server.core.Server`` takes neither, so :class:`TrameHost` sets its
wslink secret through its CLI parser's defaults and serves the page with ``?secret=`` (where
trame's client reads it). :class:`StartInterceptor` lets ``python -m trame_desktop app.py``
take over an app's own ``server.start()`` call.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import socket
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from .ports import is_free

log = logging.getLogger("trame_desktop.hosting")

__all__ = [
    "ServerHost",
    "DesktopServerHost",
    "TrameHost",
    "host_for",
    "is_trame_server",
    "StartInterceptor",
    "LOOPBACK",
]

LOOPBACK = "127.0.0.1"

# Keyword arguments the shell decides; an app's own start() values for these are ignored.
_SHELL_OWNED = {"thread", "exec_mode", "port", "host", "open_browser", "show_connection_info", "secret", "sock"}


class ServerHost(Protocol):
    """One way of running one server object inside the calling (background) thread."""

    server: Any
    port: int  # 0: any free port

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
    """Hosts this package's server: it takes the secret, the desktop exec mode and a socket
    bound before the server thread loads its web stack (so the window can load the app's URL
    at once: the page's first request waits in the socket's backlog)."""

    def __init__(self, server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> None:
        self.server = server
        self.secret = secret
        self.port = port
        self.start_kwargs = _app_kwargs(start_kwargs)
        self.sock: socket.socket | None = None

    def bind(self) -> int | None:
        from trame_desktop.server.sockets import bind_socket  # light: no aiohttp

        try:
            self.sock = bind_socket(LOOPBACK, self.port)
        except OSError:
            log.info("last launch's port %s is taken: using a new one (web storage starts empty)", self.port)
            self.sock = bind_socket(LOOPBACK, 0)
        self.port = self.sock.getsockname()[1]
        return self.port

    def run(self) -> None:
        try:
            self.server.start(
                **self.start_kwargs,
                **({"sock": self.sock} if self.sock is not None else {}),
                thread=True,
                exec_mode="desktop",
                port=self.port,
                host=LOOPBACK,
                open_browser=False,
                show_connection_info=False,
                secret=self.secret,
            )
        finally:
            if self.sock is not None:  # a start() that failed early never served (nor closed) it:
                self.sock.close()  # the page's waiting request fails now instead of hanging

    def page_url(self, port: int) -> str:
        # The fragment never goes over HTTP; the client reads it (docs/contracts.md).
        return f"http://{LOOPBACK}:{port}/index.html#secret={self.secret}"


class TrameHost:
    """Hosts a ``trame`` package server: same thread/loop shape, secret set through its CLI defaults."""

    def __init__(self, server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> None:
        self.server = server
        self.secret = secret
        self.port = port if is_free(port, LOOPBACK) else 0  # trame's server cannot fall back itself
        self.start_kwargs = _app_kwargs(start_kwargs)
        self.start_kwargs.setdefault("timeout", 0)  # no idle auto-shutdown: the window owns the lifetime

    def bind(self) -> int | None:
        return None  # trame's server binds its own port, once its web stack is loaded

    def run(self) -> None:
        # trame's CoreServer reads the token from --authKey (wslink's option); making our secret
        # the parser's default keeps the app's own arguments untouched.
        self.server.cli.set_defaults(authKey=self.secret, authKeyFile=None, host=LOOPBACK)
        import asyncio  # on the server thread: asyncio loads after the window's first paint

        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            self.server.start(
                **self.start_kwargs,
                thread=True,
                exec_mode="main",  # trame's "desktop" would spawn its own browser process
                port=self.port,
                host=LOOPBACK,
                open_browser=False,
                show_connection_info=False,
            )
        finally:
            loop = asyncio.get_event_loop()
            if not loop.is_closed():
                loop.close()

    def page_url(self, port: int) -> str:
        # trame's client reads `secret` from the query string, then removes it from the address bar.
        return f"http://{LOOPBACK}:{port}/index.html?secret={self.secret}"


def host_for(server: Any, secret: str, start_kwargs: dict[str, Any], port: int = 0) -> ServerHost:
    """Pick the host that knows how to start ``server`` with ``secret`` on loopback ``port`` (0: any)."""
    if is_trame_server(server):
        return TrameHost(server, secret, start_kwargs, port)
    return DesktopServerHost(server, secret, start_kwargs, port)


# ---------------------------------------------------------------------------------------------
# Taking over an app's own server.start() call
# ---------------------------------------------------------------------------------------------

# (module, class) pairs whose ``start`` the launcher takes over while it runs an app.
SERVER_CLASSES: tuple[tuple[str, str], ...] = (
    ("trame_server.core", "Server"),
    ("trame_desktop.server", "Server"),
)

OnStart = Callable[[Any, dict[str, Any]], Any]


class _PatchAfterImport(importlib.abc.MetaPathFinder):
    """Runs a callback on a module right after it is first imported (nothing imported eagerly)."""

    def __init__(self, callbacks: dict[str, Callable[[types.ModuleType], None]]) -> None:
        self.callbacks = callbacks

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        callback = self.callbacks.get(fullname)
        if callback is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                break
        else:
            return None
        if spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _CallbackLoader(spec.loader, callback)
        return spec


class _CallbackLoader(importlib.abc.Loader):
    def __init__(self, loader: Any, callback: Callable[[types.ModuleType], None]) -> None:
        self._loader = loader
        self._callback = callback

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__spec__.loader = self._loader  # later lookups (resources, reload) see the real loader
        module.__loader__ = self._loader
        self._loader.exec_module(module)
        self._callback(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class StartInterceptor:
    """While active, a main-thread ``server.start()`` of a known server class calls ``on_start``.

    Calls with ``thread=True`` or an async exec mode go through unchanged (that is how the
    shell itself starts the server). The original methods are put back on exit.
    """

    def __init__(self, on_start: OnStart, classes: tuple[tuple[str, str], ...] = SERVER_CLASSES) -> None:
        self.on_start = on_start
        self.classes = classes
        self._originals: list[tuple[type, Any]] = []
        self._lock = threading.Lock()

    def _patch_module(self, class_name: str) -> Callable[[types.ModuleType], None]:
        def patch(module: types.ModuleType) -> None:
            cls = getattr(module, class_name, None)
            if isinstance(cls, type):
                self._patch_class(cls)

        return patch

    def _patch_class(self, cls: type) -> None:
        with self._lock:
            if any(patched is cls for patched, _ in self._originals):
                return
            original = cls.__dict__.get("start")
            if original is None:
                return
            on_start = self.on_start

            def start(server: Any, *args: Any, **kwargs: Any) -> Any:
                takes_over = (
                    not args
                    and not kwargs.get("thread")
                    and kwargs.get("exec_mode", "main") in ("main", "desktop")
                    and threading.current_thread() is threading.main_thread()
                )
                if not takes_over:
                    return original(server, *args, **kwargs)
                return on_start(server, kwargs)

            start.__wrapped__ = original  # type: ignore[attr-defined]
            start.__doc__ = original.__doc__
            cls.start = start  # type: ignore[attr-defined]
            self._originals.append((cls, original))

    @contextmanager
    def active(self) -> Iterator[StartInterceptor]:
        callbacks = {module: self._patch_module(name) for module, name in self.classes}
        finder = _PatchAfterImport(callbacks)
        for module_name, _ in self.classes:
            if module_name in sys.modules:
                callbacks[module_name](sys.modules[module_name])
        sys.meta_path.insert(0, finder)
        try:
            yield self
        finally:
            sys.meta_path.remove(finder)
            with self._lock:
                for cls, original in reversed(self._originals):
                    cls.start = original  # type: ignore[attr-defined]
                self._originals.clear()
