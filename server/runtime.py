"""One run of a server: serve its bound socket, count clients for the idle timeout, stop once."""

from __future__ import annotations

import asyncio
import inspect
import logging
import socket
import sys
from typing import Any, Protocol

from . import asynchronous
from .config import StartConfig
from .hooks import call_hook, fire_hook
from .lifecycle import Lifecycle
from .network_log import NetworkLog
from .protocol import TrameProtocol
from .routes import build_application
from .secret import DEFAULT_SECRET
from .security import own_hosts
from .signals import capture_signals
from .sockets import bind_socket
from .state_channel import StateChannel
from .web_server import WebServer
from .websocket import WebsocketEndpoint

__all__ = ["Runtime", "ServedApp"]

logger = logging.getLogger(__name__)


class ServedApp(Protocol):
    """What a run needs of the server it serves: its public API (``trame_desktop.server.Server``)."""

    @property
    def name(self) -> str: ...
    @property
    def state(self) -> Any: ...
    @property
    def context(self) -> Any: ...
    @property
    def controller(self) -> Any: ...
    @property
    def serve(self) -> dict[str, str]: ...
    @property
    def www(self) -> str | None: ...
    @property
    def http_headers(self) -> Any: ...
    def get_server_state(self) -> dict[str, Any]: ...


def _served_directory(path: Any) -> str:
    """A ``serve`` value as trame takes it: a path, or ``(path, mode)``."""
    return str(path[0] if isinstance(path, (list, tuple)) else path)


class Runtime:
    """One run of a server: its socket, protocol, websocket endpoint and web application."""

    def __init__(self, app: ServedApp, config: StartConfig, lifecycle: Lifecycle, channel: StateChannel) -> None:
        self.app = app
        self.config = config
        self._lifecycle = lifecycle
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopped: asyncio.Event | None = None
        self._stop_task: asyncio.Future[None] | None = None
        self._idle: asyncio.TimerHandle | None = None
        self._clients = 0
        self._ready = lifecycle.begin()
        # bound first (or by the caller, before the web stack loaded): the port is known right away
        self._sock: socket.socket = config.sock if config.sock is not None else bind_socket(config.host, config.port)
        self.port: int = self._sock.getsockname()[1]
        self.network_log = NetworkLog(config.log_network) if config.log_network else None
        self.protocol = TrameProtocol(app, channel, config.secret)
        for setup in lifecycle.protocol_setups:
            setup(self.protocol)
        self.endpoint = WebsocketEndpoint(
            self.protocol,
            stop=self.stop,
            allowed_hosts=lambda: own_hosts(config.host, self.port),
            max_msg_size=config.ws_max_msg_size,
            heartbeat=config.ws_heart_beat,
            compress=config.compress,
            network_log=self.network_log,
            on_connected=self._client_connected,
            on_exited=self._client_exited,
            runs_long=self._runs_long,
        )
        www = None if config.no_http else app.www or (str(config.client_dir) if config.client_dir else None)
        serve = {} if config.no_http else {name: _served_directory(path) for name, path in app.serve.items()}
        headers = app.http_headers.headers  # the app's own (server.http_headers), set before start
        self.web = WebServer(build_application(self.endpoint, www, serve, headers=headers), self._sock)
        lifecycle.attach(self)

    # -- running ------------------------------------------------------------------------
    async def run(self) -> None:
        """Serve until stopped; ``on_server_ready`` once listening, ``on_server_exited`` at the end."""
        app = self.app
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        try:
            fire_hook(app.controller, "on_server_bind", self.web)
            await self.web.start()
            app.state.ready()
            app.context.ready()
            Lifecycle.settle(self._ready)
            fire_hook(app.controller, "on_server_ready", **app.state.to_dict())
            self._announce()
            self._arm_idle_timer()
            await self._stopped.wait()
            assert self._stop_task is not None
            await asyncio.shield(self._stop_task)
            for _ in range(4):  # let whoever awaits stop() (maybe from another thread) resume first
                await asyncio.sleep(0)
        except BaseException as error:
            cancelled = isinstance(error, asyncio.CancelledError)
            Lifecycle.settle(self._ready, None if cancelled else error, cancelled=cancelled)
            await self._shutdown()
            raise

    def abandon(self) -> None:
        """The run will never start (its task was cancelled before its first step): release the
        socket and settle readiness as cancelled."""
        Lifecycle.settle(self._ready, cancelled=True)
        if self._loop is None:
            self._sock.close()
            self._lifecycle.detach(self)

    def run_blocking(self, handle_signals: bool) -> None:
        """Run on this thread's event loop until stopped (``exec_mode="main"``)."""
        loop = asynchronous.get_event_loop()
        if loop.is_running():
            self._sock.close()
            self._lifecycle.detach(self)
            msg = "start(exec_mode='main') cannot block inside a running event loop: use exec_mode='task' or 'coroutine'"
            raise RuntimeError(msg)
        def on_signal() -> None:
            asynchronous.create_task(self.stop(), loop)

        with capture_signals(loop, on_signal, enabled=handle_signals):
            loop.run_until_complete(self.run())

    def _announce(self) -> None:
        config = self.config
        url = f"http://{config.display_host}:{self.port}/"
        if config.show_connection_info:
            secret_part = "" if config.secret == DEFAULT_SECRET else f"#secret={config.secret}"
            sys.stdout.write(f"\nApp running at:\n - Local:   {url}index.html{secret_part}\n\n")
            sys.stdout.flush()
        if config.open_browser and self._loop is not None:
            import webbrowser

            self._loop.run_in_executor(None, webbrowser.open, url)

    def _runs_long(self, rpc: dict[str, Any]) -> bool:
        """True for calls of async functions: triggers and RPCs of configured protocols."""
        method, args = rpc.get("method"), rpc.get("args") or []
        if method == "trame.trigger":
            func = self.app.controller.trigger_fn(args[0]) if args and isinstance(args[0], str) else None
            return inspect.iscoroutinefunction(func)
        entry = self.endpoint.functionMap.get(method)
        return entry is not None and inspect.iscoroutinefunction(entry[1])

    # -- clients and idle timeout -------------------------------------------------------
    def _client_connected(self, _client_id: str) -> None:
        self._clients += 1
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
        fire_hook(self.app.controller, "on_client_connected")

    def _client_exited(self, _client_id: str) -> None:
        self._clients -= 1
        fire_hook(self.app.controller, "on_client_exited")
        if self._clients == 0:
            self._arm_idle_timer()

    def _arm_idle_timer(self) -> None:
        timeout = self.config.timeout
        if timeout > 0 and self._loop is not None and self._stop_task is None:
            if self._idle is not None:
                self._idle.cancel()
            self._idle = self._loop.call_later(timeout, self._idle_stop)

    def _idle_stop(self) -> None:
        logger.info("No client for %s s: stopping", self.config.timeout)
        asynchronous.create_task(self.stop())

    # -- stopping -----------------------------------------------------------------------
    async def stop(self) -> None:
        """Stop once, whoever asks and from whichever loop; every caller waits for the end."""
        loop = self._loop
        if loop is None:  # bound but never served
            self._sock.close()
            self._lifecycle.detach(self)
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
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            self._stop_task = done
        try:
            await self.endpoint.close_all()
            await self.web.stop()
        finally:
            app = self.app
            self._lifecycle.detach(self)
            try:
                await call_hook(app.controller, "on_server_exited", **app.state.to_dict())
            except Exception:
                logger.exception("on_server_exited raised")
            if self.network_log is not None:
                self.network_log.close()
            if self._stopped is not None:
                self._stopped.set()
