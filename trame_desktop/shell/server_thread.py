"""The hosted server's background thread: started at most once, and stopped once ready if the stop came first.

One way, GUI -> server: ``asyncio.run_coroutine_threadsafe`` on the loop the server reported in
``on_server_ready``. asyncio is imported only there and on the server thread, never with this
module: it loads after the window's first paint.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import logging
import threading
import traceback
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from trame_desktop.server.hooks import call_hook

from .hosts import ServerHost

if TYPE_CHECKING:
    import asyncio

__all__ = ["ServerThread"]

log = logging.getLogger(__name__)


class ServerThread:
    """Runs ``host`` in one daemon thread; ``on_exit`` is called (on that thread) once it has ended."""

    def __init__(self, host: ServerHost, on_exit: Callable[[], None]) -> None:
        self.host = host
        self.controller = host.server.controller
        self.ready: concurrent.futures.Future[str] = concurrent.futures.Future()  # the page URL, once served
        self.exited = threading.Event()
        self.crash: BaseException | None = None
        self.crash_text: str | None = None
        self._on_exit = on_exit
        self._lock = threading.Lock()  # orders start, ready and stop against each other
        self._loop: asyncio.AbstractEventLoop | None = None
        self._start_refused = False
        self._stop_hook: str | None = None  # set by stop(): the hook the app hears before the server stops
        self._late_stop: asyncio.Task[None] | None = None  # kept referenced until it is done
        self._thread = threading.Thread(target=self._run, name="trame-server", daemon=True)

    @property
    def started(self) -> bool:
        return self._thread.ident is not None

    @property
    def serving(self) -> bool:
        """The server is ready and has not ended: the GUI can talk to it."""
        loop = self._loop
        return loop is not None and not loop.is_closed() and not self.exited.is_set()

    def start(self) -> None:
        """Start the thread, once, unless a stop was asked (or :meth:`refuse_start`) before."""
        with self._lock:
            if self._start_refused or self.started:
                return
            self.controller.on_server_ready.add(self._on_ready)
            self._thread.start()

    def refuse_start(self) -> None:
        """The window is going: a server not yet started never starts."""
        with self._lock:
            self._start_refused = True

    def _on_ready(self, *_: Any, **__: Any) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        with self._lock:
            self._loop = loop
            stop_now = self._stop_hook is not None
        if stop_now:  # the window closed while the server was starting
            log.info("server ready after the window closed: stopping it")
            self._late_stop = loop.create_task(self._stop_server())
            return
        log.info("server ready on port %s", self.host.server.port)
        if not self.ready.done():
            self.ready.set_result(self.host.page_url(self.host.server.port))

    def _run(self) -> None:
        try:
            from .web_stack import import_web_stack

            import_web_stack()  # the server's first import, without the HTTP client (see its module)
            self.host.run()
        except BaseException as error:  # any end of the server is reported, not raised
            self.crash = error
            self.crash_text = "".join(traceback.format_exception(error))
            log.error("the server stopped with an error:\n%s", self.crash_text)
        finally:
            self.exited.set()
            if not self.ready.done():
                self.ready.set_exception(self.crash or RuntimeError("the server stopped before it was ready"))
            self._on_exit()

    def cancel_ready(self) -> None:
        """Nobody waits for the server any more (the window is closing)."""
        if not self.ready.done():
            self.ready.cancel()

    # -- talking to the server's loop ---------------------------------------------------------------

    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any] | None:
        loop = self._loop
        if loop is None or self.exited.is_set() or loop.is_closed():
            coroutine.close()
            return None
        import asyncio

        try:
            return asyncio.run_coroutine_threadsafe(coroutine, loop)
        except RuntimeError:  # the loop closed meanwhile
            coroutine.close()
            return None

    def send_hook(self, name: str, *args: Any) -> None:
        """Call the app's hook ``name`` on the server's loop, once it is ready; errors are logged."""
        self._send(lambda: call_hook(self.controller, name, *args), name)

    def send_call(self, function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
        """Call ``function(*args, **kwargs)`` on the server's loop (awaiting what it returns), once it
        is ready; errors are logged."""

        async def call() -> None:
            result = function(*args, **kwargs)
            if inspect.isawaitable(result):
                await result

        self._send(call, getattr(function, "__name__", repr(function)))

    def _send(self, coroutine: Callable[[], Coroutine[Any, Any, Any]], name: str) -> None:
        async def call_then_flush() -> Any:
            try:
                return await coroutine()
            finally:  # what the app changed reaches the page now, as after a trigger
                flush = getattr(getattr(self.host.server, "state", None), "flush", None)
                if callable(flush):
                    flush()

        def send(_: Any = None) -> None:
            future = self._submit(call_then_flush())
            if future is not None:
                future.add_done_callback(_log_hook_error(name))

        if self._loop is not None:
            send()
        else:
            self.ready.add_done_callback(send)

    def ask_hook(self, name: str, timeout: float) -> list[Any]:
        """Call the hook ``name`` on the server's loop and wait up to ``timeout`` s for its results;
        [] when the server is not serving, the hook raised or did not answer in time."""
        future = self._submit(call_hook(self.controller, name))
        if future is None:
            return []
        try:
            return future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            log.warning("%s did not answer within %.1f s", name, timeout)
        except Exception:  # a broken hook must not trap the user in the window
            log.exception("%s raised", name)
        return []

    # -- stopping ------------------------------------------------------------------------------------

    def stop(self, timeout: float, *, closing_hook: str) -> bool:
        """Call the app's ``closing_hook``, stop the server and wait for the thread (each bounded by
        ``timeout``); a server still starting does the same once ready. False if the thread is still running."""
        with self._lock:
            self._start_refused = True
            self._stop_hook = closing_hook
            loop = self._loop  # None: the server is still starting, and stops once ready
        self.cancel_ready()
        if self._thread.is_alive() and loop is not None and not loop.is_closed():
            import asyncio

            future = asyncio.run_coroutine_threadsafe(self._stop_server(), loop)
            try:
                future.result(timeout=timeout)
            except concurrent.futures.TimeoutError:
                log.error("the server did not stop within %.1f s", timeout)
            except Exception:
                log.exception("stopping the server raised")
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("the server thread is still running; exiting anyway")
            return False
        return True

    async def _stop_server(self) -> None:
        if self._stop_hook is not None:
            try:
                await call_hook(self.controller, self._stop_hook)
            except Exception:  # the server still has to stop
                log.exception("%s raised", self._stop_hook)
        await self.host.server.stop()


def _log_hook_error(name: str) -> Callable[[concurrent.futures.Future[Any]], None]:
    def check(future: concurrent.futures.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.error("%s raised", name, exc_info=future.exception())

    return check
