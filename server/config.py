"""The start settings of one run, resolved once from ``start()`` keywords, the command line and the environment."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .addresses import LOOPBACK_HOST, is_loopback, is_wildcard
from .options import env_flag
from .secret import DEFAULT_SECRET, new_secret
from .web_client import built_client_dir

__all__ = ["EXEC_MODES", "ExecMode", "StartConfig", "check_backend", "resolve_start_config"]

ExecMode = Literal["main", "desktop", "task", "coroutine"]
EXEC_MODES: tuple[str, ...] = ("main", "desktop", "task", "coroutine")
_BACKEND_PACKAGES = {"tornado": "tornado", "generic": None}


@dataclass(frozen=True, kw_only=True, slots=True)
class StartConfig:
    """Everything one run of a server needs to know, decided before anything is bound or served."""

    exec_mode: str
    thread: bool
    in_window: bool  # the run is a native window's (the server's window host takes over)
    host: str
    port: int
    sock: socket.socket | None  # already bound and listening: served as is
    secret: str
    timeout: int  # idle seconds without a client before stopping (0: never)
    open_browser: bool
    show_connection_info: bool
    debug: bool
    quiet: bool  # ``disable_logging``
    log_network: str | None
    no_http: bool
    client_dir: Path | None  # the built web client, when installed
    ws_max_msg_size: int
    ws_heart_beat: float | None
    args: argparse.Namespace  # the command line, with the resolved host, port, timeout and secret

    @property
    def display_host(self) -> str:
        """The host name printed in the app's URL."""
        return "localhost" if is_loopback(self.host) or is_wildcard(self.host) else self.host

    @property
    def compress(self) -> bool:
        """Compress websocket frames only where they leave the machine."""
        return not is_loopback(self.host)


def check_backend(backend: str) -> None:
    """Refuse a backend other than aiohttp, saying why."""
    if backend == "aiohttp":
        return
    if backend not in _BACKEND_PACKAGES:
        msg = f"Unknown backend {backend!r}: use 'aiohttp' (the default)"
        raise ValueError(msg)
    package = _BACKEND_PACKAGES[backend]
    import importlib.util

    if package and importlib.util.find_spec(package) is None:
        msg = (f"backend={backend!r} needs the {package!r} package (pip install {package}); "
               "the default backend 'aiohttp' needs nothing more")
        raise RuntimeError(msg)
    msg = f"backend={backend!r} is not supported by trame-desktop's server (its websocket checks are aiohttp's); use 'aiohttp'"
    raise RuntimeError(msg)


def _secret(args: argparse.Namespace, given: str | None, desktop: bool) -> str:
    if given:
        return given
    secret = Path(args.authKeyFile).read_text(encoding="utf-8").strip() if args.authKeyFile else args.authKey
    return new_secret() if desktop and secret == DEFAULT_SECRET else secret


def resolve_start_config(
    *,
    parser: argparse.ArgumentParser,
    options: Mapping[str, Any],
    start: Mapping[str, Any],
    argv: list[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> StartConfig:
    """Resolve ``start()``'s keywords (``start``) over the command line (``parser`` reading ``argv``)
    over the server's ``options`` and the environment. Raises ValueError/TypeError on bad values."""
    environ = os.environ if environ is None else environ
    exec_mode = start.get("exec_mode") or "main"
    if exec_mode not in EXEC_MODES:
        msg = f"exec_mode must be one of {', '.join(EXEC_MODES)}; got {exec_mode!r}"
        raise ValueError(msg)
    thread = bool(start.get("thread"))
    args, _unknown = parser.parse_known_args(argv)  # None: the app's command line (cli.app_argv)
    frozen = bool(getattr(sys, "frozen", False))  # a PyInstaller build is a desktop app
    in_window = not thread and exec_mode in ("main", "desktop") and (exec_mode == "desktop" or args.app or frozen)
    desktop = exec_mode == "desktop"

    sock = start.get("sock")
    host, port = start.get("host"), start.get("port")
    if sock is not None:  # already listening: its address wins over host and port
        if not isinstance(sock, socket.socket):
            msg = f"sock must be a bound, listening socket.socket; got {type(sock).__name__}"
            raise TypeError(msg)
        host, port = sock.getsockname()[:2]
    if host is None:
        host = LOOPBACK_HOST if desktop else args.host
        if host == "localhost":
            host = environ.get("TRAME_DEFAULT_HOST", "localhost")
    if port is None:
        port = 0 if desktop else args.port
    timeout = start.get("timeout")
    if timeout is None:
        timeout = 0 if desktop else args.timeout
    secret = _secret(args, start.get("secret"), desktop)
    open_browser = start.get("open_browser")
    if open_browser is None:
        open_browser = not env_flag("TRAME_SERVER", environ) and not args.server
    show_connection_info = start.get("show_connection_info", True)
    main = exec_mode == "main"

    args.host, args.port, args.timeout, args.authKey = host, port, timeout, secret
    client_dir = built_client_dir()
    heart_beat = float(options["ws_heart_beat"])
    return StartConfig(
        exec_mode=exec_mode,
        thread=thread,
        in_window=in_window,
        host=host,
        port=int(port),
        sock=sock,
        secret=secret,
        timeout=int(timeout),
        open_browser=bool(open_browser) and main,
        show_connection_info=bool(show_connection_info) and main,
        debug=bool(args.debug or options.get("desktop_debug")),
        quiet=bool(start.get("disable_logging")),
        log_network=args.log_network or options.get("log_network") or None,
        no_http=bool(args.no_http),
        client_dir=client_dir if client_dir.is_dir() else None,
        ws_max_msg_size=int(options["ws_max_msg_size"]),
        ws_heart_beat=heart_beat or None,
        args=args,
    )
