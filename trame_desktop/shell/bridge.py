"""The bridge: ties one hosted server's life to one window, and wires the window's events to the parts.

Each part keeps one invariant: :class:`ServerThread` (the server runs once, stops once ready if the
stop came first), :class:`StartPolicy` (when it starts around the first page), :class:`PageLoads`
(which pages are loading), :class:`CloseHandshake` (when the window may close),
:class:`SessionWatch` (a first page that opens no session gives way to the server's) and
:class:`WindowEventHooks` (window events as the app's hooks). The bridge adds what spans them: the
window closes when the server stops on its own, shows the error page when it crashes, and the
process's exit status, and the end of start-up (the first session open), when what start-up put
off runs and the C heap's free memory goes back to the system.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from trame_desktop.process.heap import trim_heap
from trame_desktop.process.startup_gc import release_collections
from trame_desktop.server.hooks import hook_exists
from trame_desktop.window import DesktopWindow

from .close_handshake import CloseHandshake
from .drops import FileDrops
from .first_page import FirstPage
from .hosts import ServerHost
from .page_loads import PageLoads
from .pages import error_page
from .server_thread import ServerThread
from .session_watch import DEFAULT_SESSION_WAIT, SessionWatch
from .start_policy import StartPolicy
from .timers import call_later
from .toolkit import quit_gui_loop
from .window_events import WindowEventHooks
from .window_moves import follow_moves

__all__ = ["Bridge"]

log = logging.getLogger(__name__)

#: Seconds from the first session's opening to the collector's return and the heap's trim: its first
#: exchange is over by then.
TRIM_DELAY = 0.5


def _after_start_up() -> None:
    release_collections()
    trim_heap()


class Bridge:
    """Runs one hosted server in a background thread and ties its life to one window."""

    def __init__(self, host: ServerHost, *, early_url: str | None, first_page: FirstPage | None = None,
                 log_file: Path | None = None, app_title: str = "App",
                 stop_timeout: float = 5.0, load_wait: float = 10.0,
                 session_wait: float = DEFAULT_SESSION_WAIT) -> None:
        """``early_url``: the app's URL when the host bound its port already (else None);
        ``first_page``: the page the window opens on (Qt, GTK);
        ``session_wait``: how long past the server's ready that page may take to open its session."""
        self.log_file = log_file
        self.app_title = app_title
        self.stop_timeout = stop_timeout
        self.load_wait = load_wait
        self.server = ServerThread(host, on_exit=self._after_server_exit)
        self.loads = PageLoads()
        self.handshake = CloseHandshake(self.server, self.loads, load_wait=load_wait)
        self.start = StartPolicy(self.server, early_url=early_url, first_page=first_page)
        self.first_session = threading.Event()
        self.watch = (SessionWatch(self.server, early_url, opened=self.first_session, closing=self.handshake.accepted,
                                   wait=session_wait)
                      if first_page is not None and early_url is not None else None)
        self._native: Any = None

    def attach(self, native: Any, window: DesktopWindow, gui: str | None = None) -> None:
        """Wire pywebview's window events to the parts (call before ``webview.start`` on backend ``gui``)."""
        self._native = native
        self.handshake.attach(native)
        self.server.controller.on_client_connected.add(self._session_opened)
        if self.watch is not None:
            self.watch.attach(native, gui)
        hooks = WindowEventHooks(self.server, window)
        events = native.events
        events.before_show += self.start.before_show
        events.before_load += self.loads.started
        events.loaded += self._log_load
        events.loaded += self.loads.finished
        events.closing += self.handshake.on_closing
        events.closed += quit_gui_loop  # helper windows (the Qt web inspector) must not keep the loop alive
        events.shown += hooks.shown
        events.resized += hooks.resized
        follow_moves(native, hooks.moved, gui)
        events.minimized += hooks.minimized
        events.maximized += hooks.maximized
        events.restored += hooks.restored
        if hook_exists(self.server.controller, "on_window_files_dropped"):  # a Qt event filter costs every
            drops = FileDrops(native, hooks.files_dropped)  # event of the view a GIL round trip: only if asked
            events.before_show += drops.before_show
            events.loaded += drops.page_loaded
        if self.server.exited.is_set():  # the server ended while the window was being made
            self._after_server_exit()

    def on_gui_started(self) -> None:
        """pywebview's start callback (see :class:`StartPolicy`)."""
        self.start.on_gui_started(self._native)

    def _session_opened(self, *_: Any, **__: Any) -> None:
        if self.first_session.is_set():
            return
        self.first_session.set()
        # Start-up is over once the first session's opening exchange is done: the garbage collector
        # comes back on, then what start-up freed goes back to the system.
        call_later(TRIM_DELAY, _after_start_up)

    @staticmethod
    def _log_load() -> None:
        log.info("page loaded")

    def request_close(self, force: bool = False) -> None:
        """Close the window from any thread; ``force`` skips asking the app."""
        self.handshake.request(force)

    def on_signal(self, signum: int) -> None:
        """SIGINT/SIGTERM (from the relay thread): close the window without asking, then stop."""
        log.info("signal %s: closing", signum)
        self.server.cancel_ready()
        self.handshake.request(force=True)

    # -- the server ended -----------------------------------------------------------------------------

    def _after_server_exit(self) -> None:
        if self.handshake.accepted.is_set():
            return  # the window side started the shutdown: the server's end is expected
        self.handshake.allow()
        native = self._native
        if native is None:
            return  # the GUI side has not started; attach() sees the server gone
        if self.server.crash is not None:
            threading.Thread(target=self._show_error_page, args=(native,), name="error-page", daemon=True).start()
        else:
            log.info("the server stopped on its own: closing the window")
            native.destroy()

    def _show_error_page(self, native: Any) -> None:
        # The window may still be loading the app's URL (a server that failed early never served
        # it); that load ends first, or it would replace the error page.
        if not native.events.loaded.wait(self.load_wait):
            log.warning("the page did not finish loading within %.1f s", self.load_wait)
        self.loads.wait_idle(self.load_wait)
        log.info("showing the error page")
        message = self.server.crash_text or repr(self.server.crash)
        native.load_html(error_page(self.app_title, message, str(self.log_file) if self.log_file else None))

    # -- shutdown (main thread, after the window closed) ----------------------------------------------

    @property
    def crash(self) -> BaseException | None:
        return self.server.crash

    def shutdown(self) -> int:
        """Stop the server (bounded wait) and return the exit status: 0 clean, 1 error."""
        self.handshake.accept()
        started = time.perf_counter()
        stopped = self.server.stop(self.stop_timeout, closing_hook="on_window_closed")
        status = 1 if (self.server.crash is not None or not stopped) else 0
        log.info("server stopped in %.3f s; exit status %s", time.perf_counter() - started, status)
        return status
