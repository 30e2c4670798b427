"""One launch of one server in one native window, in the order start-up needs: ``run_in_window``.

The order: preflight, logging, then the loopback port is bound (our server), then (Qt) qtpy's enum
names are put off (:mod:`.qt_enum_names`), then pywebview is imported and the window created, on
the shell's first page (Qt, GTK: the app painted from a state snapshot), on the app's URL (other
backends: its first request waits in the socket's backlog), or on an inline loading page (a
``trame`` server, which binds its own port once started). The server thread starts once the GUI
has started (:class:`~trame_desktop.shell.start_policy.StartPolicy`: with the first page, as the web
view is handed it), so its web stack's import does not compete with the toolkit's.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trame_desktop.launcher.preflight import window_problem
from trame_desktop.process.ending import ProcessEnd
from trame_desktop.process.geometry import Geometry, load_geometry, save_geometry
from trame_desktop.process.logs import LoggingSetup, configure_logging
from trame_desktop.process.paths import AppPaths, app_paths, choose_app_name
from trame_desktop.process.ports import remember_port, saved_port
from trame_desktop.process.script_end import watch_main_script
from trame_desktop.process.signals import dump_threads_on_signal, relay_signals
from trame_desktop.process.startup_gc import hold_collections
from trame_desktop.server.options import env_flag, parse_flag
from trame_desktop.server.secret import new_secret
from trame_desktop.window import CONTEXT_KEY, WINDOWS_KEY, DesktopWindow

from .app_end import QUIT_KWARGS, AppEnd
from .bridge import Bridge
from .first_page import FirstPage, bundle_name, first_page
from .hosts import DesktopServerHost, ServerHost, host_for
from .inspector import QtInspector
from .last_render import LastRender, save_render
from .menus import MENU_KWARGS, NativeMenus
from .one_instance import INSTANCE_KWARGS, OneInstance
from .page_loads import after_first_load
from .pages import loading_page
from .placement import WindowPlacement
from .qt_enum_names import defer_enum_names
from .session_watch import DEFAULT_SESSION_WAIT
from .toolkit import choose_gui
from .trame_first_page import trame_first_page
from .window_options import WINDOW_KWARGS, WindowOptions, options_from_argv
from .windows import Windows

__all__ = ["run_in_window", "window_host"]

log = logging.getLogger(__name__)

#: The switch (on unless set to 0) that opens apps on trame's own Vue 3 client on a first page too
#: (trame_first_page.py).
TRAME_FIRST_PAGE = "TRAME_DESKTOP_TRAME_FIRST_PAGE"
#: The switch (on unless set to 0) that puts off qtpy's unscoped enum names until the first session
#: has opened (qt_enum_names.py).
DEFER_QT_ENUM_NAMES = "TRAME_DESKTOP_DEFER_QT_ENUM_NAMES"
#: Seconds past the server's ready that a first page may take to open its session (session_watch.py).
SESSION_WAIT = "TRAME_DESKTOP_SESSION_WAIT"


def window_host(server: Any, start_kwargs: dict[str, Any]) -> int:
    """The core's window host (``python app.py --app``, ``start(exec_mode="desktop")``): the window
    options on the app's command line (``--title``, ``--size``, ...) apply as with the launcher."""
    return run_in_window(server, start_kwargs, options_from_argv(sys.argv[1:]))


def run_in_window(server: Any, start_kwargs: dict[str, Any] | None = None, cli: dict[str, Any] | None = None) -> int:
    """Start ``server`` in a background thread and show it in a native window.

    Blocks until the window is closed (or the server stops) and returns the exit status: 0 when
    the app ended cleanly, 1 when it ended in error, 2 when no window can open here. The window
    options (:class:`~trame_desktop.shell.window_options.WindowOptions`' fields) are taken out of
    ``start_kwargs``, the rest go to ``server.start``; ``cli``, the command line's window
    options, applies last.
    """
    cli = dict(cli or {})
    start_kwargs = dict(start_kwargs or {})
    window_kwargs = {key: start_kwargs.pop(key) for key in list(start_kwargs) if key in WINDOW_KWARGS}
    requested_gui = cli.get("gui") or window_kwargs.get("gui")
    problem = window_problem(requested_gui)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    hold_collections()  # already held by the launcher or a built app's run-time hook, else from here

    instance_kwargs = {key: start_kwargs.pop(key) for key in list(start_kwargs) if key in INSTANCE_KWARGS}
    menu_kwargs = {key: start_kwargs.pop(key) for key in list(start_kwargs) if key in MENU_KWARGS}
    end_kwargs = {key: start_kwargs.pop(key) for key in list(start_kwargs) if key in QUIT_KWARGS}
    debug = _debug_requested(server, window_kwargs, cli)
    paths = app_paths(_app_name(server, window_kwargs, cli))
    logging_setup = configure_logging(paths.log_file, debug=debug)
    handlers, log_file = logging_setup.handlers, logging_setup.log_file
    _tell_log_problem(logging_setup, paths)
    if debug and log_file is not None:
        print(f"trame-desktop: log file {log_file}", file=sys.stderr)
    log.info("starting %s (pid %s)", paths.app_name, os.getpid())
    instance = OneInstance(paths.app_name, instance_kwargs)
    if not instance.claim():  # another launch runs the app: it got our argv
        return instance.status

    options = WindowOptions().merged(**window_kwargs)
    options = options.with_geometry(load_geometry(paths.geometry_file)).merged(**cli)
    options = options.merged(debug=debug)
    title = options.title or _server_title(server) or paths.app_name
    gui = choose_gui(options.gui)
    log.info("GUI backend: %s (%s)", gui.gui or "pywebview's default", gui.reason)
    # A window that stops answering: `kill -USR1 <pid>` prints where each thread is. Not with
    # WebKitGTK, whose JavaScriptCore takes SIGUSR1 in this process to suspend its threads for GC.
    if debug and gui.gui != "gtk":
        dump_threads_on_signal()

    try:
        host = host_for(server, new_secret(), start_kwargs, saved_port(paths.port_file))
        port = host.bind()
        early_url = host.page_url(port) if port else None
        renders = LastRender(paths.render_file)
        page = _first_page(server, host, early_url, renders)
        bridge = Bridge(host, early_url=early_url, first_page=page,
                        log_file=log_file, app_title=title, session_wait=_session_wait())
        window = DesktopWindow(bridge.request_close)
        window.app_name = paths.app_name
        _offer_window(server, window)
        app_menu = NativeMenus(menu_kwargs.get("app_menu") or [], bridge.server)
        windows = Windows(bridge.server, paths.state_dir, app_menu)
        end = AppEnd(end_kwargs.get("quit_with") or "main", bridge.handshake, windows)
        with contextlib.suppress(Exception):  # a server without a context: open_window() raises
            server.context[WINDOWS_KEY] = windows
        if not options.title:
            _follow_title(server, window)

        if gui.gui == "qt" and parse_flag(os.environ.get(DEFER_QT_ENUM_NAMES, "1")):
            defer_enum_names()  # before pywebview imports qtpy: its start then paints sooner
        import webview

        own_menu = menu_kwargs.get("menu")
        menus = (NativeMenus(own_menu, bridge.server) if own_menu is not None else app_menu).view(window)
        native = webview.create_window(
            title,
            url=None if page is not None else early_url,
            html=None if early_url else loading_page(title),
            menu=menus.pywebview_menus(),
            **options.create_window_kwargs(),
        )
        menus.attach(native)
        if page is not None and page.keep_render and page.snapshot is not None:
            bundle, snapshot = bundle_name(page.bundle_url), page.snapshot
            # Read half a second after the load, so that it does not compete with the server's start.
            after_first_load(native, lambda: save_render(native, renders, bundle, snapshot), delay=0.5)
        window.bind(native, menus)
        end.attach(native)
        _keep_on_screen(native, options)
        bridge.server.ready.add_done_callback(lambda _: _remember_port(paths.port_file, server))
        bridge.attach(native, window, gui.gui)
        if options.debug and gui.gui == "qt":
            _inspect_on_own_profile(native)
        instance.serve(bridge.server, window)
        with relay_signals(bridge.on_signal), _toolkit_signals(gui.gui, bridge.on_signal):
            webview.start(
                bridge.on_gui_started,
                debug=options.debug,
                private_mode=False,
                storage_path=str(paths.storage_dir),
                icon=options.icon,
                gui=gui.gui,  # type: ignore[arg-type]  # pywebview checks the name itself
            )
        log.info("window closed")
        _finish_toolkit_calls(gui.gui)
        status = bridge.shutdown()
        # `python app.py --app` ends through the interpreter's teardown, whose final full
        # collections over everything Qt and the web stack made are slow: freeze them first.
        atexit.register(gc.freeze)
        if getattr(sys, "frozen", False):  # a built app: its run-time hook ends it once the script returns
            watch_main_script()
        _remember_geometry(paths.geometry_file, window, options)
        if options.debug:  # the Qt inspector can hang Qt WebEngine's exit handler
            ProcessEnd().now(status)
        if bridge.crash is not None:
            where = f"see the log file {log_file}" if log_file is not None else "see the log above"
            print(f"trame-desktop: {title} stopped with an error: {bridge.crash!r}\ntrame-desktop: {where}",
                  file=sys.stderr)
        return status
    finally:
        instance.close()
        for handler in handlers:
            handler.flush()


def _tell_log_problem(setup: LoggingSetup, paths: AppPaths) -> None:
    """Say once that the log goes to the terminal, and why: on stderr, and for a packaged app (whose
    user has no terminal) in a message box before the window opens (the one its crash report uses)."""
    notice = setup.notice(paths.log_file)
    if notice is None:
        return
    if sys.stderr is not None:  # a windowed build on Windows has none
        print(notice, file=sys.stderr, flush=True)
    if getattr(sys, "frozen", False):
        from trame_desktop.process.notices import show_message

        show_message(f"{paths.app_name}: no log file",
                     f"{paths.app_name} cannot write its log to\n{paths.log_file}\n({setup.problem}).\n\n"
                     "It starts anyway, without a log file.", critical=False, keep_gui=True)


def _debug_requested(server: Any, window_kwargs: dict[str, Any], cli: dict[str, Any]) -> bool:
    options = getattr(server, "options", None) or {}
    return bool(cli.get("debug") or window_kwargs.get("debug") or options.get("desktop_debug")
                or env_flag("TRAME_DESKTOP_DEBUG"))


def _app_name(server: Any, window_kwargs: dict[str, Any], cli: dict[str, Any]) -> str:
    main_file = getattr(sys.modules.get("__main__"), "__file__", None) or (sys.argv[0] if sys.argv else None)
    return choose_app_name(
        given=cli.get("app_name") or window_kwargs.get("app_name"),
        frozen_executable=sys.executable if getattr(sys, "frozen", False) else None,
        server_name=str(getattr(server, "name", "") or ""),
        main_file=main_file,
    )


def _server_title(server: Any) -> str | None:
    try:
        title = server.state.trame__title
    except Exception:  # a state without the key (trame's raises KeyError, others AttributeError)
        return None
    return str(title) if title else None


def _offer_window(server: Any, window: DesktopWindow) -> None:
    """Let the app find its window with ``get_window(server)``."""
    try:
        server.context[CONTEXT_KEY] = window
    except Exception:  # a server without a context: get_window() returns None
        log.warning("this server has no context: get_window(server) will return None")


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
    except Exception:  # a state API without change(): the title stays as created
        log.debug("cannot follow trame__title", exc_info=True)


def _first_page(server: Any, host: ServerHost, early_url: str | None, renders: LastRender) -> FirstPage | None:
    """The page the window opens on for this package's server (None for a trame host, or when this
    server serves neither the built client nor trame's Vue 3 one): see
    :mod:`trame_desktop.shell.first_page` and :mod:`trame_desktop.shell.trame_first_page`."""
    if not isinstance(host, DesktopServerHost) or early_url is None:
        return None
    from trame_desktop.server.web_client import built_client_dir

    client_dir = built_client_dir()
    page = first_page(server, host.secret, early_url, client_dir, renders)
    # Off, trame's client loads its page from the server. A page of either kind that never opens its
    # session is replaced by the server's (session_watch.py).
    if page is None and parse_flag(os.environ.get(TRAME_FIRST_PAGE, "1")):
        page = trame_first_page(server, host.secret, early_url, client_dir)
    return page


def _session_wait() -> float:
    raw = os.environ.get(SESSION_WAIT, "")
    if not raw:
        return DEFAULT_SESSION_WAIT
    try:
        wait = float(raw)
    except ValueError:
        wait = -1.0
    if wait > 0:
        return wait
    log.warning("%s=%r is not a number of seconds above 0: waiting %.1f s", SESSION_WAIT, raw, DEFAULT_SESSION_WAIT)
    return DEFAULT_SESSION_WAIT


def _toolkit_signals(gui: str | None, on_signal: Callable[[int], None]) -> contextlib.AbstractContextManager[None]:
    """What a toolkit's loop needs besides the signal relay to hear SIGINT/SIGTERM (GTK's: see gtk_signals.py)."""
    if gui != "gtk":
        return contextlib.nullcontext()
    from .gtk_signals import glib_signal_sources

    return glib_signal_sources(on_signal)


def _finish_toolkit_calls(gui: str | None) -> None:
    """Let pywebview's calls that the ended loop left waiting finish (GTK's: see gtk_pending_calls.py)."""
    if gui != "gtk":
        return
    from .gtk_pending_calls import finish_pending_calls

    done = finish_pending_calls()
    if done.ended_web_processes:
        log.info("ended %d closed window(s)' web process: pywebview calls were waiting on a busy page",
                 done.ended_web_processes)
    if done.still_waiting:
        log.warning("pywebview calls still wait for the closed window (threads %s): the app may not exit",
                    ", ".join(done.still_waiting))


def _keep_on_screen(native: Any, options: WindowOptions) -> None:
    """Registered first among the ``before_show`` handlers: placing the window needs nothing else."""
    placement = WindowPlacement(options.width, options.height, options.x, options.y,
                                maximized=options.maximized, fullscreen=options.fullscreen)
    native.events.before_show += placement.before_show


def _inspect_on_own_profile(native: Any) -> None:
    """``--debug`` on Qt: the web inspector opens once the first page has loaded, on a profile of
    its own, not pywebview's at each load on the page's storage folder (see inspector.py)."""
    after_first_load(native, QtInspector(native).open)


def _remember_port(path: Path, server: Any) -> None:
    if server.port:
        remember_port(path, server.port)


def _remember_geometry(path: Path, window: DesktopWindow, options: WindowOptions) -> None:
    if (window.size is None and window.position is None) or options.fullscreen:
        return  # never shown: nothing learnt about where the user wants it
    # No resize event: the window kept the size it opened with. Saved all the same, so that a position
    # moved back on screen (see placement.py) replaces the one saved off screen.
    width, height = window.size or (options.width, options.height)
    x, y = window.position if window.position is not None else (None, None)
    try:
        save_geometry(path, Geometry(width=width, height=height, x=x, y=y))
    except OSError:
        log.warning("could not save the window geometry to %s", path, exc_info=True)
