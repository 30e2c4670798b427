"""Starting and stopping a server: exec modes, the bound socket, hooks, idle timeout, signals."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import inspect
import logging
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import asynchronous
from .hooks import call_hook, fire_hook
from .network_log import NetworkLog
from .protocol import TrameProtocol
from .routes import build_application
from .addresses import LOOPBACK_HOST, is_loopback, is_wildcard
from .secret import DEFAULT_SECRET, new_secret
from .security import own_hosts
from .sockets import bind_socket
from .web_client import built_client_dir
from .web_server import WebServer
from .websocket import WebsocketEndpoint

if TYPE_CHECKING:
    from .server import Server

logger = logging.getLogger(__name__)

EXEC_MODES = ("main", "desktop", "task", "coroutine")
BACKEND_PACKAGES = {"tornado": "tornado", "generic": None}
WS_CLOSE_TIMEOUT = 1.0


def _check_backend(backend: str) -> None:
    if backend == "aiohttp":
        return
    if backend not in BACKEND_PACKAGES:
        msg = f"Unknown backend {backend!r}: use 'aiohttp' (the default)"
        raise ValueError(msg)
    package = BACKEND_PACKAGES[backend]
    if package and importlib.util.find_spec(package) is None:
        msg = f"backend={backend!r} needs the {package!r} package (pip install {package}); the default backend 'aiohttp' needs nothing more"
        raise RuntimeError(msg)
    msg = f"backend={backend!r} is not supported by trame-desktop's server (its websocket checks are aiohttp's); use 'aiohttp'"
    raise RuntimeError(msg)


def _read_secret(options: Any, given: str | None) -> str:
    if given:
        return given
    if options.authKeyFile:
        return Path(options.authKeyFile).read_text(encoding="utf-8").strip()
    return options.authKey


class Runtime:
    """One run of a server: its socket, protocol, websocket endpoint and web application."""

    def __init__(
        self,
        server: Server,
        *,
        host: str,
        port: int,
        secret: str,
        timeout: int,
        settings: dict[str, Any],
        sock: socket.socket | None = None,
    ) -> None:
        self.server = server
        self.timeout = timeout
        self._settings = settings
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._stop_task: asyncio.Future | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._clients = 0
        # bound first (or by the caller, before the web stack loaded): the port is known right away
        self._sock = sock if sock is not None else bind_socket(host, port)
        self.port: int = self._sock.getsockname()[1]
        log_path = settings.get("log_network")
        self.network_log = NetworkLog(log_path) if log_path else None
        self.protocol = TrameProtocol(server, secret)
        for configure in server._protocols_to_configure:
            configure(self.protocol)
        options = server.options
        self.endpoint = WebsocketEndpoint(
            self.protocol,
            stop=self.stop,
            allowed_hosts=lambda: own_hosts(host, self.port),
            max_msg_size=int(options["ws_max_msg_size"]),
            heartbeat=float(options["ws_heart_beat"]) or None,
            compress=settings.get("compress", False),
            network_log=self.network_log,
            on_connected=self._client_connected,
            on_exited=self._client_exited,
            runs_long=self._runs_long,
        )
        www = None if settings.get("no_http") else server._www or (str(settings["client"]) if settings.get("client") else None)
        self.web = WebServer(build_application(self.endpoint, www, {} if settings.get("no_http") else dict(server.serve)), self._sock)

    # -- running ------------------------------------------------------------------------
    async def run(self) -> None:
        server = self.server
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        try:
            fire_hook(server.controller, "on_server_bind", self.web)
            await self.web.start()
            server.state.ready()
            server.context.ready()
            if not server._ready_future.done():
                server._ready_future.set_result(True)
            fire_hook(server.controller, "on_server_ready", **server.state.to_dict())
            self._after_ready()
            self._arm_idle_timer()
            await self._stopped.wait()
            await asyncio.shield(self._stop_task)
            for _ in range(4):  # let whoever awaits stop() (maybe from another thread) resume first
                await asyncio.sleep(0)
        except BaseException as error:
            if not server._ready_future.done():
                if isinstance(error, asyncio.CancelledError):
                    server._ready_future.set_result(False)
                else:
                    server._ready_future.set_exception(error)
            await self._shutdown()
            raise

    def _after_ready(self) -> None:
        settings = self._settings
        url = f"http://{settings['display_host']}:{self.port}/"
        if settings.get("show_connection_info"):
            secret_part = "" if settings["secret"] == DEFAULT_SECRET else f"#secret={settings['secret']}"
            print(f"\nApp running at:\n - Local:   {url}index.html{secret_part}\n", flush=True)  # noqa: T201
        if settings.get("open_browser"):
            import webbrowser

            self._loop.run_in_executor(None, webbrowser.open, url)

    def _runs_long(self, rpc: dict) -> bool:
        """True for calls of async functions: triggers and RPCs of configured protocols."""
        method, args = rpc.get("method"), rpc.get("args") or []
        if method == "trame.trigger":
            func = self.server.controller.trigger_fn(args[0]) if args and isinstance(args[0], str) else None
            return inspect.iscoroutinefunction(func)
        entry = self.endpoint.functionMap.get(method)
        return entry is not None and inspect.iscoroutinefunction(entry[1])

    # -- clients and idle timeout -------------------------------------------------------
    def _client_connected(self, _client_id: str) -> None:
        self._clients += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        fire_hook(self.server.controller, "on_client_connected")

    def _client_exited(self, _client_id: str) -> None:
        self._clients -= 1
        fire_hook(self.server.controller, "on_client_exited")
        if self._clients == 0:
            self._arm_idle_timer()

    def _arm_idle_timer(self) -> None:
        if self.timeout and self.timeout > 0 and self._loop is not None and self._stop_task is None:
            if self._idle is not None:
                self._idle.cancel()
            self._idle = self._loop.call_later(self.timeout, self._idle_stop)

    def _idle_stop(self) -> None:
        logger.info("No client for %s s: stopping", self.timeout)
        asynchronous.create_task(self.stop())

    # -- stopping -----------------------------------------------------------------------
    async def stop(self) -> None:
        """Stop once, whoever asks and from whichever loop; every caller waits for the end."""
        loop = self._loop
        if loop is None:  # bound but never served
            self._sock.close()
            self._detach()
            return
        if asyncio.get_running_loop() is not loop:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(self.stop(), loop))
            return
        if self._stop_task is None:
            self._stop_task = loop.create_task(self._shutdown())
        await asyncio.shield(self._stop_task)

    async def _shutdown(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        if self._stop_task is None:
            self._stop_task = asyncio.get_running_loop().create_future()
            self._stop_task.set_result(None)
        try:
            await self.endpoint.close_all()
            await self.web.stop()
        finally:
            server = self.server
            self._detach()
            try:
                await call_hook(server.controller, "on_server_exited", **server.state.to_dict())
            except Exception:
                logger.exception("on_server_exited raised")
            if self.network_log is not None:
                self.network_log.close()
            if self._stopped is not None:
                self._stopped.set()

    def _detach(self) -> None:
        server = self.server
        if server._runtime is self:
            server._runtime = None
            server._last_port = self.port
            server._ready_future = concurrent.futures.Future()


def start_server(
    server: Server,
    *,
    port: int | None,
    thread: bool,
    open_browser: bool | None,
    show_connection_info: bool,
    disable_logging: bool,
    backend: str | None,
    exec_mode: str,
    timeout: int | None,
    host: str | None,
    **kwargs: Any,
) -> Any:
    """Implementation of ``Server.start`` (see its docstring)."""
    if server._runtime is not None:
        return None
    if exec_mode not in EXEC_MODES:
        msg = f"exec_mode must be one of {', '.join(EXEC_MODES)}; got {exec_mode!r}"
        raise ValueError(msg)
    options, _unknown = server.cli.parse_known_args()

    frozen = bool(getattr(sys, "frozen", False))  # a PyInstaller build is a desktop app
    if not thread and exec_mode in ("main", "desktop") and (exec_mode == "desktop" or options.app or frozen):
        window_host = server.window_host
        if window_host is None:
            msg = "this server has no window host: create it with trame_desktop.app.get_server() to open a window"
            raise RuntimeError(msg)
        start_kwargs = {"port": port, "open_browser": open_browser, "timeout": timeout, "host": host, "backend": backend}
        start_kwargs = {**{k: v for k, v in start_kwargs.items() if v is not None}, **kwargs}
        status = window_host(server, start_kwargs)
        if status:  # `python app.py --app` must exit non-zero when the app ended in error
            raise SystemExit(status)
        return status

    desktop = exec_mode == "desktop"
    _check_backend(backend or os.environ.get("TRAME_BACKEND", "aiohttp"))

    sock = kwargs.pop("sock", None)
    if sock is not None:  # already listening: its address wins over host and port
        if not isinstance(sock, socket.socket):
            msg = f"sock must be a bound, listening socket.socket; got {type(sock).__name__}"
            raise TypeError(msg)
        host, port = sock.getsockname()[:2]
    if host is None:
        host = LOOPBACK_HOST if desktop else options.host
        if host == "localhost":
            host = os.environ.get("TRAME_DEFAULT_HOST", "localhost")
    if port is None:
        port = 0 if desktop else options.port
    if timeout is None:
        timeout = 0 if desktop else options.timeout
    secret = _read_secret(options, kwargs.pop("secret", None))
    if desktop and secret == DEFAULT_SECRET:
        secret = new_secret()
    if open_browser is None:
        open_browser = not os.environ.get("TRAME_SERVER") and not options.server
    if desktop:
        open_browser, show_connection_info = False, False
    if options.debug or server.options.get("desktop_debug"):
        logging.getLogger("trame_desktop").setLevel(logging.DEBUG)
    if disable_logging:
        logging.getLogger("trame_desktop.server").setLevel(logging.CRITICAL)

    options.host, options.port, options.timeout, options.authKey = host, port, timeout, secret
    server._server_options = options
    client_dir = built_client_dir()

    settings = {
        "log_network": options.log_network or server.options.get("log_network") or None,
        "no_http": options.no_http,
        "client": client_dir if client_dir.is_dir() else None,
        "secret": secret,
        "show_connection_info": show_connection_info and exec_mode == "main",
        "open_browser": open_browser and exec_mode == "main",
        "display_host": "localhost" if is_loopback(host) or is_wildcard(host) else host,
        "compress": not is_loopback(host),
    }
    if settings["client"] is None and server._www is None and not options.no_http:
        logger.warning("The web client is not built (no %s): 'pip install .' builds it with npm", client_dir)
    fire_hook(server.controller, "on_server_start", server)

    runtime = Runtime(server, host=host, port=port, secret=secret, timeout=timeout, settings=settings, sock=sock)
    server._runtime = runtime
    options.port = runtime.port

    if exec_mode == "coroutine":
        return runtime.run()
    if exec_mode == "task":
        return asynchronous.create_task(runtime.run())
    return _run_blocking(runtime, handle_signals=not thread and threading.current_thread() is threading.main_thread())


def _run_blocking(runtime: Runtime, handle_signals: bool) -> None:
    loop = asynchronous._event_loop()
    if loop.is_running():
        runtime._sock.close()
        runtime._detach()
        msg = "start(exec_mode='main') cannot block inside a running event loop: use exec_mode='task' or 'coroutine'"
        raise RuntimeError(msg)
    installed = []
    if handle_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(sig, lambda: asynchronous.create_task(runtime.stop(), loop))
                installed.append(sig)
            except (NotImplementedError, RuntimeError, ValueError):  # Windows, or not main thread
                pass
    try:
        loop.run_until_complete(runtime.run())
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
