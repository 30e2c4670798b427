"""Host one server in one native window: ``run_in_window(server, **start_kwargs)`` returns the exit status.

Order matters for start-up: logging, then the loopback port is bound and the server thread
started (it loads its web stack while the GUI toolkit loads), then pywebview is imported and the
window created on the app's URL at once: the page's first request waits in the socket's backlog
until the server serves. A ``trame``-package server binds its own port, so its window opens on
a small inline page that is swapped for the app once the server is up.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from .bridge import Bridge
from .ending import ProcessEnd
from .geometry import Geometry, load_geometry, save_geometry
from .first_page import BundleRecord, FirstPage, first_page
from .hosting import DesktopServerHost, host_for
from .logs import configure_logging
from .options import WINDOW_KWARGS, WindowOptions, env_debug
from .pages import loading_page
from .paths import app_paths
from .ports import remember_port, saved_port
from .preflight import window_problem
from .signals import relay_signals
from .window import CONTEXT_KEY, DesktopWindow

__all__ = ["run_in_window", "host_in_window"]

log = logging.getLogger("trame_desktop.shell")

_DEFAULT_SERVER_NAMES = {"trame", ""}


def run_in_window(server: Any, **start_kwargs: Any) -> int:
    """Start ``server`` in a background thread and show it in a native window.

    Blocks until the window is closed (or the server stops) and returns the exit status:
    0 when the app ended cleanly, 1 when it ended in error, 2 when no window can open here.
    Window options (``title``, ``width``, ``height``, ``x``, ``y``, ``min_size``, ``resizable``,
    ``frameless``, ``on_top``, ``fullscreen``, ``maximized``, ``background_color``, ``icon``,
    ``debug``, ``app_name``, ``restore_geometry``) are taken out of ``start_kwargs``; the rest
    go to ``server.start``.
    """
    return host_in_window(server, start_kwargs)


def window_host(server: Any, start_kwargs: dict[str, Any]) -> int:
    """The core's window host (``python app.py --app``, ``start(exec_mode="desktop")``): the window
    options on the command line (``--title``, ``--size``, ...) apply as with the launcher."""
    from .options import options_from_argv

    return host_in_window(server, start_kwargs, options_from_argv(sys.argv[1:]))


def _debug_requested(server: Any, window_kwargs: dict[str, Any], cli: dict[str, Any]) -> bool:
    options = getattr(server, "options", None) or {}
    return bool(cli.get("debug") or window_kwargs.get("debug") or options.get("desktop_debug") or env_debug())


def _app_name(server: Any, window_kwargs: dict[str, Any], cli: dict[str, Any]) -> str:
    for name in (cli.get("app_name"), window_kwargs.get("app_name")):
        if name:
            return str(name)
    if getattr(sys, "frozen", False):  # a packaged app is named by its build (--name)
        return Path(sys.executable).stem
    server_name = str(getattr(server, "name", "") or "")
    if server_name not in _DEFAULT_SERVER_NAMES:
        return server_name
    main_file = getattr(sys.modules.get("__main__"), "__file__", None) or (sys.argv[0] if sys.argv else "")
    stem = Path(main_file).stem if main_file else ""
    return stem if stem and stem not in ("__main__", "-c") else "trame-desktop"


def _server_title(server: Any) -> str | None:
    try:
        title = server.state.trame__title
    except Exception:  # noqa: BLE001 - a state without the key
        return None
    return str(title) if title else None


def _follow_title(server: Any, window: DesktopWindow) -> None:
    """Keep the window title equal to ``state.trame__title`` when the app changes it."""
    try:
        change = server.state.change
    except AttributeError:
        return

    def on_title(trame__title: Any = None, **_: Any) -> None:
        if trame__title:
            window.set_title(str(trame__title))

    try:
        change("trame__title")(on_title)
    except Exception:  # noqa: BLE001 - a state API without change(); the title stays as created
        log.debug("cannot follow trame__title", exc_info=True)


def host_in_window(server: Any, start_kwargs: dict[str, Any], cli: dict[str, Any] | None = None) -> int:
    """:func:`run_in_window` with the command line's window options (``cli``) applied last."""
    cli = dict(cli or {})
    problem = window_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2

    start_kwargs = dict(start_kwargs)
    window_kwargs = {key: start_kwargs.pop(key) for key in list(start_kwargs) if key in WINDOW_KWARGS}
    debug = _debug_requested(server, window_kwargs, cli)
    paths = app_paths(_app_name(server, window_kwargs, cli))
    handlers = configure_logging(paths.log_file, debug=debug)
    if debug:
        print(f"trame-desktop: log file {paths.log_file}", file=sys.stderr)
    log.info("starting %s (pid %s)", paths.app_name, os.getpid())

    options = WindowOptions().merged(**window_kwargs)
    options = options.with_geometry(load_geometry(paths.geometry_file)).merged(**cli)
    options = options.merged(debug=debug)
    title = options.title or _server_title(server) or paths.app_name

    bridge = Bridge(
        host_for(server, secrets.token_urlsafe(32), start_kwargs, saved_port(paths.port_file)),
        log_file=paths.log_file,
        app_title=title,
    )
    window = DesktopWindow(bridge.request_close)
    try:
        server.context[CONTEXT_KEY] = window
    except Exception:  # noqa: BLE001 - a server without a context: get_window() returns None
        log.warning("this server has no context: get_window(server) will return None")
    if not options.title:
        _follow_title(server, window)

    try:
        bridge.bind()

        import webview

        # Our server's port is bound already, so the window can open on the app at once: on the
        # shell's first page, which paints the app from a state snapshot (Qt; the bridge decides
        # when the server starts, see Bridge._show_first_page), else on the app's URL (its first
        # request waits in the socket's backlog until the server serves). A server that binds
        # its own port (trame's) is not ready yet: the window opens on an inline loading page,
        # the server starts once the GUI has started (Bridge.on_gui_started) and the window
        # loads the app once it is ready.
        url = bridge.early_url
        page = _first_page(server, bridge)
        if page is not None:
            bridge.use_first_page(page, BundleRecord(paths.client_record_file))
        native = webview.create_window(
            title,
            url=None if page is not None else url,
            html=None if url else loading_page(title),
            width=options.width,
            height=options.height,
            x=options.x,
            y=options.y,
            min_size=options.min_size,
            resizable=options.resizable,
            fullscreen=options.fullscreen,
            maximized=options.maximized,
            frameless=options.frameless,
            on_top=options.on_top,
            background_color=options.background_color,
        )
        window.bind(native)
        bridge.ready.add_done_callback(lambda _: server.port and remember_port(paths.port_file, server.port))
        bridge.attach(native, window)
        with relay_signals(bridge.on_signal):
            webview.start(
                bridge.on_gui_started,
                debug=options.debug,
                private_mode=False,
                storage_path=str(paths.storage_dir),
                icon=options.icon,
            )
        log.info("window closed")
        status = bridge.shutdown()
        # `python app.py --app` ends through the interpreter's teardown, whose final full
        # collections over everything Qt and the web stack made take ~0.15 s: freeze them first.
        atexit.register(gc.freeze)
        _remember_geometry(paths.geometry_file, window, options)
        if options.debug:  # the Qt inspector can hang Qt WebEngine's exit handler
            ProcessEnd().now(status)
        if bridge.crash is not None:
            print(
                f"trame-desktop: {title} stopped with an error: {bridge.crash!r}\n"
                f"trame-desktop: see the log file {paths.log_file}",
                file=sys.stderr,
            )
        return status
    finally:
        for handler in handlers:
            handler.flush()


def _first_page(server: Any, bridge: Bridge) -> FirstPage | None:
    """The page the window opens on for this package's server (None for a trame host, or when
    this server does not serve the built client): see :mod:`trame_desktop.first_page`."""
    host = bridge.host
    if not isinstance(host, DesktopServerHost) or bridge.early_url is None:
        return None
    from trame_desktop.server.web_client import built_client_dir

    return first_page(server, host.secret, bridge.early_url, built_client_dir())


def _remember_geometry(path: Path, window: DesktopWindow, options: WindowOptions) -> None:
    if window.size is None or options.fullscreen:
        return
    width, height = window.size
    x, y = window.position if window.position is not None else (None, None)
    try:
        save_geometry(path, Geometry(width=width, height=height, x=x, y=y))
    except OSError:
        log.warning("could not save the window geometry to %s", path, exc_info=True)
