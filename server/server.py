"""The ``Server``: state, controller, UI and modules of one app, and its network when started."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

import msgpack

if TYPE_CHECKING:
    import asyncio

from .cli import create_parser
from .config import ExecMode
from .controller import Controller
from .hooks import fire_hook
from .http_headers import HttpHeaders
from .lifecycle import Lifecycle
from .log_config import apply_logging
from .modules import ModuleResources
from .options import resolve_options
from .state import State
from .state_channel import StateChannel, unserializable_keys
from .translator import Translator
from .ui import VirtualNodeManager

logger = logging.getLogger(__name__)

ClientType = Literal["vue2", "vue3"]
#: ``window_host(server, start_kwargs) -> exit status``: shows a server in a native window.
WindowHost = Callable[["Server", dict[str, Any]], int]
RESERVED_STATE = {
    "trame__title": "trame-desktop",
    "trame__favicon": None,
    "trame__busy": 1,
    "trame__client_only": ["trame__busy"],
    "trame__scripts": [],
    "trame__module_scripts": [],
    "trame__styles": [],
    "trame__vue_use": [],
}

class Server:
    """A trame-compatible web-app server.

    Known options (keyword arguments; each also read from the environment):
    ``log_network`` (False or a file path; ``TRAME_LOG_NETWORK``), ``ws_max_msg_size``
    (10000000 bytes; ``TRAME_WS_MAX_MSG_SIZE``), ``ws_heart_beat`` (30 s;
    ``TRAME_WS_HEART_BEAT``), ``desktop_debug`` (False; ``TRAME_DESKTOP_DEBUG``).
    """

    def __init__(
        self,
        name: str = "trame",
        vn_constructor: Callable[..., Any] | None = None,
        translator: Translator | None = None,
        parent_server: Server | None = None,
        *,
        window_host: WindowHost | None = None,
        **options: Any,
    ) -> None:
        self._name = name
        # What runs the server in a native window (``exec_mode="desktop"``, ``--app``): given by
        # the shell (``trame_desktop.app.get_server``); the core knows no GUI of its own.
        self._window_host: WindowHost | None = window_host if parent_server is None else parent_server._window_host
        self._translator = translator or Translator()
        self._parent = parent_server
        self._options = resolve_options(options) if parent_server is None else parent_server.options
        self._cli: argparse.ArgumentParser | None = None
        self._client_type: ClientType | None = None
        # trame's switches: callbacks and controller functions are re-read from their files at each call
        self.hot_reload: bool = parent_server.hot_reload if parent_server is not None else bool(
            options.get("hot_reload") or "--hot-reload" in sys.argv or os.environ.get("TRAME_HOT_RELOAD"))
        if parent_server is None:
            self._lifecycle = Lifecycle()
            self._channel = StateChannel(self._lifecycle)
            self._modules = ModuleResources()
            self._state = State(self._translator, commit_fn=self._channel.publish, hot_reload=self.hot_reload)
            self._state.update(RESERVED_STATE)
            self._context = State(self._translator, hot_reload=self.hot_reload)
            self._controller = Controller(self._translator, hot_reload=self.hot_reload)
            self._ui = VirtualNodeManager(self, vn_constructor)
        else:
            self._lifecycle = parent_server._lifecycle
            self._channel = parent_server._channel
            self._modules = parent_server._modules
            self._state = State(self._translator, internal=parent_server._state, hot_reload=self.hot_reload)
            self._context = State(self._translator, internal=parent_server._context, hot_reload=self.hot_reload)
            self._controller = Controller(self._translator, internal=parent_server._controller,
                                          hot_reload=self.hot_reload)
            self._ui = parent_server._ui
        self._server_options: argparse.Namespace | None = None
        self._http_headers: HttpHeaders = HttpHeaders() if parent_server is None else parent_server._http_headers

    # -- identity -----------------------------------------------------------------------
    @property
    def name(self) -> str:
        """Name of the server."""
        return self._name

    @property
    def root_server(self) -> Server:
        """The server that owns the network (itself unless it is a child)."""
        return self._parent.root_server if self._parent is not None else self

    @property
    def translator(self) -> Translator:
        return self._translator

    @property
    def window_host(self) -> WindowHost | None:
        """What ``start(exec_mode="desktop")`` runs the server in a window with (None: no window)."""
        return self.root_server._window_host

    @property
    def www(self) -> str | None:
        """The web root a module set with ``www`` (served at ``/``), or None for the built client."""
        return self._modules.www

    @property
    def serve(self) -> dict[str, str]:
        """Static endpoints: URL prefix -> directory (``enable_module(serve=...)`` adds to it)."""
        return self._modules.serve

    @property
    def options(self) -> dict[str, Any]:
        """Options given at creation, merged over defaults and the environment."""
        return self._options

    @property
    def client_type(self) -> ClientType:
        """'vue3' unless set otherwise; it can be set once."""
        root = self.root_server
        return root._client_type or "vue3"

    @client_type.setter
    def client_type(self, value: ClientType) -> None:
        if value not in ("vue2", "vue3"):
            msg = f"client_type must be 'vue2' or 'vue3', not {value!r}"
            raise ValueError(msg)
        root = self.root_server
        if root._client_type is not None and root._client_type != value:
            msg = f"client_type is {root._client_type!r} already; it can only be set once"
            raise TypeError(msg)
        root._client_type = value

    @property
    def cli(self) -> argparse.ArgumentParser:
        """The argparse parser; apps add their own flags to it."""
        root = self.root_server
        if root._cli is None:
            root._cli = create_parser()
        return root._cli

    # -- shared objects -----------------------------------------------------------------
    @property
    def state(self) -> State:
        """The state shared with the clients."""
        return self._state

    @property
    def context(self) -> State:
        """Server-only state: never sent to a client."""
        return self._context

    @property
    def controller(self) -> Controller:
        return self._controller

    @property
    def ui(self) -> VirtualNodeManager:
        """Layouts by name: ``with server.ui.main: ...``."""
        return self._ui

    @property
    def change(self) -> Callable[..., Callable]:
        """``@server.change(*keys)``: same as ``@server.state.change(*keys)``."""
        return self._state.change

    @property
    def trigger(self) -> Callable[[str], Callable]:
        """``@server.trigger(name)``: make a function callable from the client."""
        return self._controller.trigger

    @property
    def trigger_name(self) -> Callable[[Callable], str]:
        """Register a function as a trigger (if needed) and return its name."""
        return self._controller.trigger_name

    def create_child_server(self, translator: Translator | None = None, prefix: str | None = None) -> Server:
        """A server sharing this one's network, with its names translated (e.g. prefixed)."""
        return Server(name=self._name, translator=translator or Translator(prefix=prefix), parent_server=self)

    # -- modules and client calls -------------------------------------------------------
    def enable_module(self, module: ModuleType | dict, **kwargs: Any) -> bool:
        """Apply a module (or dict): setup, scripts, styles, vue_use, state, serve, www."""
        return self._modules.enable(self.root_server, module, **kwargs)

    def js_call(self, ref: str | None = None, method: str | None = None, *args: Any) -> None:
        """Call ``method(*args)`` on the client element with ``ref`` (after pending state)."""
        endpoint = self._lifecycle.endpoint
        if endpoint is None:
            logger.warning("js_call(%r, %r) ignored: the server is not running", ref, method)
            return
        self.root_server.state.flush()
        endpoint.publish("trame.actions.topic", [{"type": "method", "ref": ref, "method": method, "args": list(args)}])

    def get_server_state(self) -> dict[str, Any]:
        """What a client receives on connect: ``{"name", "state"}`` (serializable values)."""
        values = dict(self.root_server.state.initial)
        try:
            msgpack.packb(values)
            bad: dict[str, str] = {}
        except Exception:  # find which values, to name them
            bad = unserializable_keys(values)
        for key, why in bad.items():
            logger.error("State value %r cannot be serialized (%s); not sent", key, why)
            values.pop(key)
        return {"name": self.root_server.name, "state": values}

    def add_protocol_to_configure(self, configure_protocol_fn: Callable[[Any], None]) -> None:
        """Call ``fn(protocol)`` with the wslink ServerProtocol when the server starts."""
        self._lifecycle.add_protocol_setup(configure_protocol_fn)

    @property
    def http_headers(self) -> HttpHeaders:
        """Headers added to every HTTP response (``set_header``, ``shared_array_buffer``); set
        them before ``start()``."""
        return self._http_headers

    @property
    def network_completion(self) -> asyncio.Future[Any]:
        """A future done once no RPC of any client is in progress (await it before locking the
        server in a long computation, so pending calls go out first)."""
        import asyncio

        protocol = self.protocol
        if protocol is None:
            done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            done.set_result(None)
            return done
        return asyncio.ensure_future(protocol.network_monitor.completion())

    def clear_state_client_cache(self, *state_names: str) -> None:
        """Send the next value of each of ``state_names`` even if it equals the last one sent."""
        self.state.forget_sent(*state_names)

    @property
    def protocol(self) -> Any:
        """The root wslink ServerProtocol (None before start)."""
        return self._lifecycle.protocol

    def protocol_call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call an RPC registered on the protocol (or its link protocols) by name."""
        protocol = self.protocol
        if protocol is None:
            msg = f"protocol_call({method!r}): the server has no protocol until start() (await server.ready)"
            raise RuntimeError(msg)
        for candidate in [protocol, *protocol.getLinkProtocols()]:
            for attr in dir(type(candidate)):
                func = getattr(type(candidate), attr, None)
                uris = getattr(func, "_wslinkuris", None)
                if callable(func) and uris and any(u.get("uri") == method for u in uris):
                    return func(candidate, *args, **kwargs)
        msg = f"protocol_call: no RPC named {method!r}"
        raise LookupError(msg)

    def force_state_push(self, *key_names: str) -> None:
        """Send these keys again, changed or not (for a client that lost them)."""
        state = self.state
        self._channel.publish({self._translator.translate_key(k): state[k] for k in key_names})

    # -- life cycle ---------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while the server is starting or running."""
        return self._lifecycle.running is not None

    @property
    def ready(self) -> asyncio.Future[bool]:
        """An awaitable future, done once the server listens and its state is live."""
        import asyncio  # here, not at import: asyncio loads after the window's first paint

        from . import asynchronous

        source = self._lifecycle.ready
        loop = asynchronous.get_event_loop()
        if not source.done():
            return asyncio.wrap_future(source, loop=loop)
        future = loop.create_future()  # done already: a future that is done now, not a tick later
        error = source.exception()
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(source.result())
        return future

    @property
    def port(self) -> int | None:
        """The port listened on (known as soon as ``start`` has bound it)."""
        return self._lifecycle.port

    @property
    def server_options(self) -> argparse.Namespace | None:
        """The options the server was started with (CLI merged with ``start`` arguments)."""
        return self.root_server._server_options

    def start(
        self,
        port: int | None = None,
        thread: bool = False,
        open_browser: bool | None = None,
        show_connection_info: bool = True,
        disable_logging: bool = False,
        backend: str | None = None,
        exec_mode: ExecMode = "main",
        timeout: int | None = None,
        host: str | None = None,
        **kwargs: Any,
    ) -> Any:
        """Start serving; see the README for each exec mode. A second call while running is a no-op.

        ``main`` and ``desktop`` block (``desktop`` opens a native window unless ``thread``);
        ``task`` returns a scheduled task; ``coroutine`` returns a coroutine to schedule.
        Extra keyword arguments: ``secret`` (the websocket secret), ``sock`` (a socket the
        caller already bound and listens on: served as is, ``host`` and ``port`` ignored) and,
        for the desktop window, the shell's window options.
        """
        if self._lifecycle.running is not None:
            return None
        from .config import check_backend, resolve_start_config

        start = {
            "port": port, "thread": thread, "open_browser": open_browser, "show_connection_info": show_connection_info,
            "disable_logging": disable_logging, "exec_mode": exec_mode, "timeout": timeout, "host": host, **kwargs,
        }
        config = resolve_start_config(parser=self.cli, options=self.options, start=start)
        if config.in_window:
            return self._run_in_window(port, open_browser, timeout, host, backend, kwargs)
        check_backend(backend or os.environ.get("TRAME_BACKEND", "aiohttp"))
        root = self.root_server
        root._server_options = config.args
        main_thread = threading.current_thread() is threading.main_thread()
        apply_logging(debug=config.debug, quiet=config.quiet,
                      owns_process=exec_mode == "main" and not thread and main_thread)
        if config.client_dir is None and self.www is None and not config.no_http:
            logger.warning("The web client is not built: 'pip install .' builds it with npm")
        if self.client_type == "vue2" and self.www is None and not config.no_http:
            logger.warning("client_type 'vue2' but no module serves a Vue 2 client (trame's widgets do): "
                           "the built-in Vue 3 client is served")
        fire_hook(self.controller, "on_server_start", root)

        from .runtime import Runtime

        try:
            runtime = Runtime(root, config, self._lifecycle, self._channel)
        except OSError as error:
            if exec_mode not in ("task", "coroutine"):
                raise
            return self._failed_start(exec_mode, error)  # as trame: the error comes through ready
        config.args.port = runtime.port
        if exec_mode == "coroutine":
            return runtime.run()
        if exec_mode == "task":
            from . import asynchronous

            task = asynchronous.create_task(runtime.run())
            def abandon_if_cancelled(done: asyncio.Task[None]) -> None:
                if done.cancelled():
                    runtime.abandon()

            task.add_done_callback(abandon_if_cancelled)
            return task
        return runtime.run_blocking(handle_signals=not thread and main_thread)

    def _failed_start(self, exec_mode: str, error: OSError) -> Any:
        Lifecycle.settle(self._lifecycle.begin(), error)

        async def fail() -> None:
            raise error

        if exec_mode == "coroutine":
            return fail()
        from . import asynchronous

        return asynchronous.get_event_loop().create_task(fail())

    def _run_in_window(self, port: int | None, open_browser: bool | None, timeout: int | None, host: str | None,
                       backend: str | None, kwargs: dict[str, Any]) -> int:
        window_host = self.window_host
        if window_host is None:
            msg = "this server has no window host: create it with trame_desktop.app.get_server() to open a window"
            raise RuntimeError(msg)
        given = {"port": port, "open_browser": open_browser, "timeout": timeout, "host": host, "backend": backend}
        status = window_host(self.root_server, {**{k: v for k, v in given.items() if v is not None}, **kwargs})
        if status:  # `python app.py --app` must exit non-zero when the app ended in error
            raise SystemExit(status)
        return status

    async def stop(self) -> None:
        """Stop serving: returns once the listening socket and every websocket are closed."""
        running = self._lifecycle.running
        if running is not None:
            await running.stop()
