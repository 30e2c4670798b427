"""The bridge between the server thread (its own asyncio loop) and the GUI thread (pywebview).

One way, GUI -> server: ``asyncio.run_coroutine_threadsafe`` on the loop the server reported
in ``on_server_ready``. The other way, server -> GUI: pywebview's thread-safe window calls.
Nothing polls. The bridge owns the close handshake (ask the app, then stop the server within a
bounded wait), closes the window when the server stops on its own, shows the crash page, and
turns window events into controller hooks (see :mod:`trame_desktop.window`).
"""

from __future__ import annotations

import concurrent.futures
import inspect
import logging
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .drops import FileDrops
from .first_page import BundleRecord, FirstPage
from .hosting import ServerHost
from .pages import error_page
from .window import DesktopWindow

if TYPE_CHECKING:
    import asyncio

__all__ = ["Bridge", "call_hook"]

log = logging.getLogger("trame_desktop.bridge")


async def call_hook(controller: Any, name: str, *args: Any) -> list[Any]:
    """Call ``controller.<name>(*args)`` if the app set it; await what it returns; return the results."""
    try:
        fn = getattr(controller, name)
    except AttributeError:
        return []
    exists = getattr(fn, "exists", None)
    if fn is None or (callable(exists) and not exists()):
        return []
    result = fn(*args)
    results = list(result) if isinstance(result, (list, tuple)) else [result]
    return [await r if inspect.isawaitable(r) else r for r in results]


def _submit(coroutine: Any, loop: asyncio.AbstractEventLoop) -> concurrent.futures.Future[Any]:
    """Run ``coroutine`` on the server's loop from another thread. asyncio is imported here,
    not with this module: it is loaded by the server thread, after the window's first paint."""
    import asyncio

    return asyncio.run_coroutine_threadsafe(coroutine, loop)


def hook_exists(controller: Any, name: str) -> bool:
    fn = getattr(controller, name, None)
    exists = getattr(fn, "exists", None)
    return fn is not None and (not callable(exists) or bool(exists()))


class Bridge:
    """Runs one hosted server in a background thread and ties its life to one window."""

    def __init__(
        self,
        host: ServerHost,
        *,
        log_file: Path | None = None,
        app_title: str = "App",
        stop_timeout: float = 5.0,
        veto_timeout: float = 3.0,
        load_wait: float = 10.0,
        first_paint_wait: float = 2.0,
    ) -> None:
        self.host = host
        self.server = host.server
        self.log_file = log_file
        self.app_title = app_title
        self.stop_timeout = stop_timeout
        self.veto_timeout = veto_timeout
        self.load_wait = load_wait
        self.first_paint_wait = first_paint_wait

        self.ready: concurrent.futures.Future[str] = concurrent.futures.Future()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.crash: BaseException | None = None
        self.crash_text: str | None = None
        self.server_exited = threading.Event()
        self.stop_failed = False
        self.signalled: int | None = None

        self._native: Any = None
        self._window: DesktopWindow | None = None
        self._allow_close = threading.Event()  # close without asking the app
        self._close_deferred = threading.Event()  # a close waits for the page to finish loading
        self._loads_in_flight = 0  # pages whose pywebview set-up (before_load -> loaded) is running
        self._loads_changed = threading.Condition()
        self._shutting_down = threading.Event()  # the window side started the shutdown
        self._stop_lock = threading.Lock()  # orders the stop request against the server's start
        self._stop_requested = False  # shutdown() ran: a server that becomes ready stops at once
        self._late_stop: asyncio.Task[None] | None = None
        self._thread = threading.Thread(target=self._run_server, name="trame-server", daemon=True)
        self._start_lock = threading.Lock()
        self._first_page: FirstPage | None = None
        self._bundle_record: BundleRecord | None = None
        self._start_on_load = False  # the server starts once the first page has loaded
        self._first_load_seen = False
        self._maximized = False
        self.early_url: str | None = None  # the app's URL, known before the server is ready

    # -- server thread ----------------------------------------------------------------------------

    def bind(self) -> None:
        """Bind the port now (if the host can), before the GUI starts, so that the window can
        open on the app's URL at once. See :attr:`early_url`."""
        port = self.host.bind()
        self.early_url = self.host.page_url(port) if port else None

    def use_first_page(self, page: FirstPage, record: BundleRecord) -> None:
        """Open the window on ``page`` (see :mod:`trame_desktop.first_page`) where the web view can
        take it with the server's origin (Qt); ``record`` says whether its bundle is cached."""
        self._first_page = page
        self._bundle_record = record

    def start_server(self) -> None:
        """Start the server thread once, unless the window already closed."""
        with self._start_lock:
            if self._shutting_down.is_set() or self._thread.ident is not None:
                return
            self.server.controller.on_server_ready.add(self._on_server_ready)
            self._thread.start()

    def on_gui_started(self) -> None:
        """pywebview's start callback: it runs on a thread of pywebview's once the GUI toolkit
        is loaded and as the window is being created. The server starts here, not before the
        GUI: its web stack (aiohttp) is a few hundred ms of Python, and the two threads share
        one GIL. Loaded while the GUI thread imports its own toolkit, it delays the window; loaded
        while Qt WebEngine starts its processes, it takes time the GUI thread leaves idle. Then,
        for a host that binds its own port, swap the loading page for the app once it is up.

        With a first page, the window's ``before_show`` decides instead (:meth:`_show_first_page`);
        this only makes sure the server starts even if the page never finishes loading."""
        if self._first_page is not None:
            timer = threading.Timer(self.first_paint_wait, self._start_late)
            timer.daemon = True
            timer.start()
            return
        self.start_server()
        if self.early_url is None:
            self.load_when_ready()

    def _start_late(self) -> None:
        if self._thread.ident is None and not self._shutting_down.is_set():
            log.info("the first page has not loaded within %.1f s: starting the server", self.first_paint_wait)
        self.start_server()

    def _on_server_ready(self, *_: Any, **__: Any) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        with self._stop_lock:
            self.loop = loop
            stop_now = self._stop_requested
        if stop_now:  # the window closed while the server was starting
            log.info("server ready after the window closed: stopping it")
            self._late_stop = loop.create_task(self._stop_server())
            return
        url = self.host.page_url(self.server.port)
        log.info("server ready on port %s", self.server.port)
        if not self.ready.done():
            self.ready.set_result(url)

    def _run_server(self) -> None:
        try:
            self.host.run()
        except BaseException as error:  # noqa: BLE001 - any end of the server is reported, not raised
            self.crash = error
            self.crash_text = "".join(traceback.format_exception(error))
            log.error("the server stopped with an error:\n%s", self.crash_text)
        finally:
            self.server_exited.set()
            if not self.ready.done():
                self.ready.set_exception(self.crash or RuntimeError("the server stopped before it was ready"))
            self._after_server_exit()

    def _after_server_exit(self) -> None:
        if self._shutting_down.is_set():
            return
        self._allow_close.set()
        native = self._native
        if native is None:
            return  # the GUI side has not started; it will see `ready` failed or the server gone
        if self.crash is not None:
            threading.Thread(target=self._show_error_page, args=(native,), name="error-page", daemon=True).start()
        else:
            log.info("the server stopped on its own: closing the window")
            native.destroy()

    def _show_error_page(self, native: Any) -> None:
        # The window may still be loading the app's URL (a server that failed early never served
        # it); that load ends first, or it would replace the error page.
        if not native.events.loaded.wait(self.load_wait):
            log.warning("the page did not finish loading within %.1f s", self.load_wait)
        with self._loads_changed:
            self._loads_changed.wait_for(lambda: self._loads_in_flight == 0, self.load_wait)
        log.info("showing the error page")
        native.load_html(self._error_html())

    def _error_html(self) -> str:
        message = self.crash_text or repr(self.crash)
        return error_page(self.app_title, message, str(self.log_file) if self.log_file else None)

    # -- GUI side ---------------------------------------------------------------------------------

    def attach(self, native: Any, window: DesktopWindow) -> None:
        """Connect pywebview's window events (call before ``webview.start``)."""
        self._native = native
        self._window = window
        self._drops = FileDrops(native, lambda paths: self._hook("on_window_files_dropped", paths))
        events = native.events
        if self._first_page is not None:
            events.before_show += self._show_first_page
        if hook_exists(self.server.controller, "on_window_files_dropped"):  # a Qt event filter costs
            events.before_show += self._drops.before_show  # every event of the view a GIL round trip
        events.closing += self._on_closing
        events.shown += self._on_shown
        events.resized += self._on_resized
        events.moved += self._on_moved
        events.minimized += self._on_minimized
        events.maximized += self._on_maximized
        events.restored += self._on_restored
        events.before_load += self._on_before_load
        events.loaded += self._on_loaded
        events.closed += self._on_closed
        if self.server_exited.is_set():  # the server ended while the window was being made
            self._after_server_exit()

    def _show_first_page(self) -> None:
        """pywebview's ``before_show`` (GUI thread, the web view exists, nothing loaded yet).

        Qt takes the first page with the server's origin as its base, so the page paints the
        app from its snapshot without waiting for the server. If its bundle is in the disk cache
        (the last launch loaded the same one), the server starts once the page has loaded:
        aiohttp's import is a few hundred ms of CPU that would otherwise compete with the
        page's first paint on the same cores. Otherwise the page needs the server for its
        bundle, and the server starts now. Other backends load the app's URL from the server."""
        native, page, record = self._native, self._first_page, self._bundle_record
        assert native is not None and page is not None and record is not None
        if native.gui.__name__.rsplit(".", 1)[-1] != "qt":
            native.gui.load_url(self.early_url, native.uid)
            self.start_server()
            return
        self._start_on_load = record.holds(page.bundle_url)
        log.info("window opens on the shell's first page; server starts %s",
                 "once it has loaded" if self._start_on_load else "now (its client bundle is not cached yet)")
        native.gui.load_html(page.html, page.base_url, native.uid)
        if not self._start_on_load:
            self.start_server()

    def load_when_ready(self) -> None:
        """Runs on pywebview's start thread: swap the loading page for the app once the server is up."""
        try:
            url = self.ready.result()
        except concurrent.futures.CancelledError:
            return
        except BaseException:  # noqa: BLE001 - the server's exit shows the crash (_after_server_exit)
            return
        self._native.load_url(url)

    def _on_closing(self) -> bool:
        """pywebview runs this on the GUI thread before the window closes; False keeps it open."""
        log.info("close requested")
        with self._loads_changed:
            loading = self._loads_in_flight > 0
        if loading:
            # pywebview finishes each page load in a non-daemon thread that waits for the page;
            # closing before it is done leaves that thread (and so the process) waiting forever.
            if not self._close_deferred.is_set():
                self._close_deferred.set()
                threading.Thread(target=self._close_after_load, name="close-after-load", daemon=True).start()
            log.info("close deferred until the page has loaded")
            return False
        if self._allow_close.is_set() or self.server_exited.is_set() or self.loop is None:
            self._shutting_down.set()
            return True
        future = _submit(call_hook(self.server.controller, "on_window_closing"), self.loop)
        try:
            results = future.result(timeout=self.veto_timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            log.warning("on_window_closing did not answer within %.1f s: closing", self.veto_timeout)
            results = []
        except Exception:  # noqa: BLE001 - a broken hook must not trap the user in the window
            log.exception("on_window_closing raised: closing")
            results = []
        if any(result is False for result in results):
            log.info("the app kept the window open")
            return False
        self._shutting_down.set()
        return True

    def _close_after_load(self) -> None:
        with self._loads_changed:
            loaded = self._loads_changed.wait_for(lambda: self._loads_in_flight == 0, self.load_wait)
        if not loaded:
            log.warning("the page did not finish loading within %.1f s: closing anyway", self.load_wait)
        self._close_deferred.clear()
        self._native.destroy()

    def request_close(self, force: bool = False) -> None:
        """Close the window from any thread; ``force`` skips asking the app."""
        if force:
            self._allow_close.set()
        native = self._native
        if native is None:
            return
        if native.events.shown.is_set():
            native.destroy()
        else:
            threading.Thread(target=native.destroy, name="window-close", daemon=True).start()

    def on_signal(self, signum: int) -> None:
        """SIGINT/SIGTERM (from the relay thread): close the window without asking, then stop."""
        log.info("signal %s: closing", signum)
        self.signalled = signum
        if not self.ready.done():
            self.ready.cancel()
        self.request_close(force=True)

    # -- window events -> controller hooks --------------------------------------------------------

    def _hook(self, name: str, *args: Any) -> None:
        def send(_: Any = None) -> None:
            loop = self.loop
            if loop is None or self.server_exited.is_set() or loop.is_closed():
                return
            try:
                future = _submit(call_hook(self.server.controller, name, *args), loop)
            except RuntimeError:  # the loop closed meanwhile
                return
            future.add_done_callback(_log_hook_error(name))

        if self.loop is not None:
            send()
        else:
            self.ready.add_done_callback(send)

    def _on_shown(self) -> None:
        log.info("window shown")
        self._hook("on_window_shown")

    def _on_resized(self, width: int, height: int) -> None:
        if self._window is not None and not self._maximized:
            self._window.size = (width, height)
        self._hook("on_window_resized", width, height)

    def _on_moved(self, x: int, y: int) -> None:
        if self._window is not None and not self._maximized:
            self._window.position = (x, y)
        self._hook("on_window_moved", x, y)

    def _on_closed(self) -> None:
        # Helper windows (the Qt web inspector) must not keep the GUI loop alive.
        from .toolkit import quit_gui_loop

        quit_gui_loop()

    def _on_minimized(self) -> None:
        self._hook("on_window_minimized")

    def _on_maximized(self) -> None:
        self._maximized = True
        self._hook("on_window_maximized")

    def _on_restored(self) -> None:
        self._maximized = False
        self._hook("on_window_restored")

    def _on_before_load(self) -> None:
        with self._loads_changed:
            self._loads_in_flight += 1
        if self._start_on_load:  # the first page is up (its paint under way): now the server
            self.start_server()

    def _on_loaded(self) -> None:
        log.info("page loaded")
        if self._first_page is not None and not self._first_load_seen:
            self._first_load_seen = True
            assert self._bundle_record is not None
            self._bundle_record.remember(self._first_page.bundle_url)
        with self._loads_changed:
            self._loads_in_flight = max(0, self._loads_in_flight - 1)
            self._loads_changed.notify_all()
        if hook_exists(self.server.controller, "on_window_files_dropped"):
            self._drops.page_loaded()

    # -- shutdown (main thread, after the window closed) ------------------------------------------

    def shutdown(self) -> int:
        """Stop the server (bounded wait) and return the exit status: 0 clean, 1 error."""
        self._shutting_down.set()
        if not self.ready.done():
            self.ready.cancel()
        with self._stop_lock:
            self._stop_requested = True
            loop = self.loop  # None: the server is still starting, and stops once ready
        started = time.perf_counter()
        if self._thread.is_alive() and loop is not None and not loop.is_closed():
            future = _submit(self._stop_server(), loop)
            try:
                future.result(timeout=self.stop_timeout)
            except concurrent.futures.TimeoutError:
                log.error("the server did not stop within %.1f s", self.stop_timeout)
            except Exception:  # noqa: BLE001
                log.exception("stopping the server raised")
        if self._thread.is_alive():
            self._thread.join(self.stop_timeout)
        if self._thread.is_alive():
            self.stop_failed = True
            log.error("the server thread is still running; exiting anyway")
        status = 1 if (self.crash is not None or self.stop_failed) else 0
        log.info("server stopped in %.3f s; exit status %s", time.perf_counter() - started, status)
        return status

    async def _stop_server(self) -> None:
        try:
            await call_hook(self.server.controller, "on_window_closed")
        except Exception:  # noqa: BLE001 - the server still has to stop
            log.exception("on_window_closed raised")
        await self.server.stop()


def _log_hook_error(name: str) -> Any:
    def check(future: concurrent.futures.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error("%s raised", name, exc_info=future.exception())

    return check
