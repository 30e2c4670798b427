"""Take over an app's own ``server.start()`` call while ``python -m trame_desktop app.py`` runs it.

The known server classes are patched when their module is first imported (or at once when it
already is), so nothing is imported eagerly; the original methods are put back on exit.
"""

from __future__ import annotations

import functools
import sys
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .after_import import AfterImport

__all__ = ["SERVER_CLASSES", "StartInterceptor"]

# (module, class) pairs whose ``start`` the launcher takes over while it runs an app.
SERVER_CLASSES: tuple[tuple[str, str], ...] = (
    ("trame_server.core", "Server"),
    ("trame_desktop.server", "Server"),
)

OnStart = Callable[[Any, dict[str, Any]], Any]


class StartInterceptor:
    """While active, a main-thread ``server.start()`` of a known server class calls ``on_start``.

    Calls with ``thread=True`` or an async exec mode go through unchanged (that is how the
    shell itself starts the server). The original methods are put back on exit.
    """

    def __init__(self, on_start: OnStart, classes: tuple[tuple[str, str], ...] = SERVER_CLASSES) -> None:
        self.on_start = on_start
        self.classes = classes
        self._originals: list[tuple[Any, Any]] = []
        self._lock = threading.Lock()

    def _patch_module(self, class_name: str) -> Callable[[types.ModuleType], None]:
        def patch(module: types.ModuleType) -> None:
            cls = getattr(module, class_name, None)
            if isinstance(cls, type):
                self._patch_class(cls)

        return patch

    def _patch_class(self, cls: Any) -> None:
        with self._lock:
            if any(patched is cls for patched, _ in self._originals):
                return
            original = cls.__dict__.get("start")
            if original is None:
                return
            on_start = self.on_start

            def start(server: Any, *args: Any, **kwargs: Any) -> Any:
                takes_over = (
                    not args
                    and not kwargs.get("thread")
                    and kwargs.get("exec_mode", "main") in ("main", "desktop")
                    and threading.current_thread() is threading.main_thread()
                )
                if not takes_over:
                    return original(server, *args, **kwargs)
                return on_start(server, kwargs)

            cls.start = functools.wraps(original)(start)
            self._originals.append((cls, original))

    @contextmanager
    def active(self) -> Iterator[StartInterceptor]:
        callbacks = {module: self._patch_module(name) for module, name in self.classes}
        finder = AfterImport(callbacks)
        for module_name, _ in self.classes:
            if module_name in sys.modules:
                callbacks[module_name](sys.modules[module_name])
        sys.meta_path.insert(0, finder)
        try:
            yield self
        finally:
            sys.meta_path.remove(finder)
            with self._lock:
                for cls, original in reversed(self._originals):
                    cls.start = original
                self._originals.clear()
