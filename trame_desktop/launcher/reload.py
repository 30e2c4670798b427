"""Live reload (``--reload``): re-run the app in the same process, server and window when one of its files is saved.

watchfiles reports saves of the app file (and of modules imported from its folder). The re-run
happens on the server's loop, where app code lives: the callbacks the last run registered
(``@state.change``, controller functions, triggers: whatever was defined in those files) are
forgotten, those modules are imported afresh, and the app file runs again as ``__main__``; its
``server.start()`` is a no-op then. State keys the new run sets again keep the values they had,
its layouts replace the old ones in the open page (one state message, no page load). When the
run raises, its traceback replaces the layout and the last good state is kept; the next save
tries again.
"""

from __future__ import annotations

import html
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["ERROR_ELEMENT_ID", "LiveReload"]

log = logging.getLogger(__name__)

#: The id of the element that shows a failed reload's traceback in the window.
ERROR_ELEMENT_ID = "trame-desktop-reload-error"


def _code_file(func: Any) -> str | None:
    """The source file a callback was defined in (through bound methods, partials, weak methods)."""
    import functools
    import weakref

    for _ in range(8):
        if isinstance(func, weakref.WeakMethod):
            func = func()
        elif isinstance(func, functools.partial):
            func = func.func
        elif hasattr(func, "__wrapped__"):
            func = func.__wrapped__
        elif hasattr(func, "__func__"):
            func = func.__func__
        else:
            break
    code = getattr(func, "__code__", None)
    return code.co_filename if code is not None else None


class LiveReload:
    """Watches one app's files and re-runs it on its hosted server (see the module's docstring)."""

    def __init__(self, run: Callable[[], Any], app_file: Path) -> None:
        """``run``: runs the app as ``__main__`` again (what the launcher did the first time)."""
        self.run = run
        self.app_file = app_file.resolve()
        self.folder = self.app_file.parent
        self.reloads = 0
        self._server: Any = None
        self._loop: Any = None
        self._stop = threading.Event()

    # -- setup (the launcher, once the app handed over its server) ---------------------------------

    def watch(self, server: Any) -> None:
        """Start watching for ``server``, the app's (call before it starts: its loop is taken when ready)."""
        if self._server is not None:
            return
        self._server = server

        def on_ready(*_: Any, **__: Any) -> None:
            import asyncio

            self._loop = asyncio.get_running_loop()

        server.controller.on_server_ready.add(on_ready)
        threading.Thread(target=self._watch, name="live-reload", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _watched_files(self) -> set[str]:
        """The app file and every loaded module's file under the app's folder."""
        files = {str(self.app_file)}
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if path and Path(path).resolve().is_relative_to(self.folder):
                files.add(str(Path(path).resolve()))
        return files

    def _watch(self) -> None:
        from watchfiles import PythonFilter, watch

        # step: yield once no further change came for 30 ms (editors write a file in bursts)
        for changes in watch(self.folder, watch_filter=PythonFilter(), stop_event=self._stop, step=30,
                             debounce=400, raise_interrupt=False):
            saved = {str(Path(path).resolve()) for _, path in changes} & self._watched_files()
            if saved:
                self._schedule(sorted(saved))

    def _schedule(self, saved: list[str]) -> None:
        import asyncio

        loop = self._loop
        if loop is None or loop.is_closed():
            log.info("saved %s before the server was ready: not reloaded", saved)
            return
        log.info("reloading after a save of %s", ", ".join(saved))
        asyncio.run_coroutine_threadsafe(self._reload(), loop)

    # -- the reload (server loop) ------------------------------------------------------------------

    async def _reload(self) -> None:
        started = time.perf_counter()
        server = self._server
        state = server.state
        kept = {key: value for key, value in state.to_dict().items() if not key.startswith("trame__")}
        files = self._watched_files()
        self._forget_callbacks(server, files)
        self._forget_modules(files)
        with state:  # one flush: the page gets the new layout and the kept values in one message
            error = self._run_again(server)
            for key, value in kept.items():
                if error is not None or state.is_dirty(key):  # the new run set it: its old value stays
                    state[key] = value
            if error is not None:
                self._show_error(state, error)
        self.reloads += 1
        log.info("reload %s %s in %.3f s", self.reloads, "failed" if error else "done",
                 time.perf_counter() - started)
        print(f"trame-desktop: reload {self.reloads} {'failed' if error else 'done'}", file=sys.stderr, flush=True)

    def _run_again(self, server: Any) -> str | None:
        """Run the app again with ``server.start`` a no-op; its traceback text if it raised."""
        server.start = lambda *args, **kwargs: None  # an instance attribute shadows the method
        try:
            self.run()
        except (Exception, SystemExit):
            text = traceback.format_exc()
            log.error("the app raised while reloading:\n%s", text)
            return text
        finally:
            del server.start
        return None

    @staticmethod
    def _show_error(state: Any, text: str) -> None:
        page = (f'<pre v-pre id="{ERROR_ELEMENT_ID}" style="margin: 0; padding: 16px; color: #b00020; '
                f'white-space: pre-wrap; font: 13px monospace;">Reload failed: fix the app and save again.\n\n'
                f"{html.escape(text)}</pre>")
        for key in [key for key in state.to_dict() if key.startswith("trame__template_")] or ["trame__template_main"]:
            state[key] = page

    def _forget_callbacks(self, server: Any, files: set[str]) -> None:
        """Drop what the app's files registered on the server, so the new run's callbacks are the only ones.

        The core has no public way to list registrations, so this reads its registries (this
        package's server only; a ``trame`` server keeps the old callbacks beside the new ones).
        """

        def ours(func: Any) -> bool:
            path = _code_file(func)
            return path is not None and str(Path(path).resolve()) in files

        store = getattr(server.state, "_store", None)
        registry = getattr(server.controller, "_registry", None)
        if store is None or registry is None:
            log.warning("this server's callbacks cannot be forgotten: they add up at each reload")
            return
        for key, callbacks in list(store.callbacks.items()):
            store.callbacks[key] = [entry for entry in callbacks if not ours(entry[0])]
        for function in registry.functions.values():
            if function.func is not None and ours(function.func):
                function.func = None
            for bound in (function.funcs, function.funcs_once, function.task_funcs):
                bound[:] = [f for f in bound if not ours(f)]
        for name, func in list(registry.triggers.items()):
            if ours(func):
                server.controller.trigger_unregister(name)

    def _forget_modules(self, files: set[str]) -> None:
        """The app's own modules are imported afresh by the new run (the app file itself is run)."""
        for name, module in list(sys.modules.items()):
            path = getattr(module, "__file__", None)
            if name != "__main__" and path and str(Path(path).resolve()) in files - {str(self.app_file)}:
                del sys.modules[name]
