"""Puts off qtpy's unscoped enum names for PyQt6 until start-up is over: ``defer_enum_names``, ``finish_enum_names``.

On PyQt6, qtpy's ``QtCore``, ``QtGui`` and ``QtWidgets`` copy every member of every enum of every
class onto its class (``Qt.AlignCenter`` besides ``Qt.AlignmentFlag.AlignCenter``), as PyQt5 had
them. PyQt6 makes each enum class on its first use, so that copy makes all of them at once, on the
GUI thread, while pywebview's Qt backend is imported: the largest single part of the window's start
before its first paint (figures in benchmarks/README.md).

While the window starts, the shell lets qtpy copy the names of :data:`EAGER_CLASSES` only: the
classes whose unscoped names pywebview's Qt backend and qtpy's own wrappers use
(``tests/unit/test_qt_enum_names.py`` checks that list against their code). Once the first session
has opened, or :data:`FINISH_BOUND` seconds after the GUI started, qtpy's own copy runs on the GUI
thread for each module it was put off for, in qtpy's order: every name is then where qtpy puts it.
A module of qtpy's imported before the window starts, or after, is not affected.
"""

from __future__ import annotations

import functools
import logging
import threading
import types
from collections.abc import Callable
from typing import Any

from .gui_calls import queue_on_gui_thread
from .timers import call_later

__all__ = ["EAGER_CLASSES", "FINISH_BOUND", "defer_enum_names", "deferred_modules", "finish_enum_names",
           "schedule_finish"]

log = logging.getLogger(__name__)

#: Per PyQt6 module, the classes whose unscoped enum names are copied at once.
EAGER_CLASSES: dict[str, tuple[str, ...]] = {
    "PyQt6.QtCore": ("QEvent", "QFile", "Qt"),
    "PyQt6.QtGui": ("QTextCursor",),
    "PyQt6.QtWidgets": ("QFileDialog", "QMessageBox"),
}
#: Seconds after the GUI started by which the names are complete even if no session opened.
FINISH_BOUND = 5.0

_lock = threading.RLock()
# qtpy's promote_enums while it is patched: it takes any object whose attributes are classes
_original: Callable[[Any], None] | None = None
_deferred: list[types.ModuleType] = []


def defer_enum_names() -> bool:
    """Patch qtpy (PyQt6 only) so that the enum names of the qtpy modules imported from now on are
    put off; False when there is nothing to put off (no qtpy, another binding, already patched)."""
    global _original
    try:
        import qtpy
        import qtpy.enums_compat as compat
    except Exception:  # qtpy missing or finding no binding: pywebview says so when it starts
        return False
    promote = getattr(compat, "promote_enums", None)
    if not getattr(qtpy, "PYQT6", False) or promote is None:
        return False
    with _lock:
        if _original is not None:
            return False
        _original = promote
        compat.promote_enums = _promote_eager_classes
    return True


def deferred_modules() -> list[str]:
    """The modules whose enum names are still put off, in the order qtpy set them up."""
    with _lock:
        return [module.__name__ for module in _deferred]


def finish_enum_names(*, on_gui_thread: bool = True, then: Callable[[], Any] | None = None) -> None:
    """Give back qtpy's own function and run it for each module put off, in order, then call ``then``
    (on a timer's thread): on the GUI thread, one module a turn, unless ``on_gui_thread`` is False (or
    no GUI loop runs). Once finished, only calls ``then``, at once."""
    global _original
    steps: list[Callable[[], Any]] = []
    with _lock:
        original = _original
        if original is not None:
            import qtpy.enums_compat as compat

            compat.promote_enums = original
            _original = None
            steps = [functools.partial(_promote, original, module) for module in _deferred]
    if not steps:
        if then is not None:
            then()
        return
    if then is not None:  # back on a timer's thread once the names are set up
        steps.append(lambda: call_later(0.0, then))
    if on_gui_thread and queue_on_gui_thread(lambda: _run_steps(steps)):
        return
    while steps:
        steps.pop(0)()


def schedule_finish(bound: float = FINISH_BOUND) -> None:
    """Finish at the latest ``bound`` seconds from now (the GUI has started); nothing when nothing is put off."""
    with _lock:
        if _original is None:
            return
    call_later(bound, finish_enum_names)


def _run_steps(steps: list[Callable[[], Any]]) -> None:
    steps.pop(0)()
    if steps:  # one step a turn of the GUI loop: input and paints run in between
        queue_on_gui_thread(lambda: _run_steps(steps))


def _promote(original: Callable[[Any], None], module: types.ModuleType) -> None:
    with _lock:
        original(module)
        _deferred.remove(module)
    log.debug("qtpy's unscoped enum names of %s are set up", module.__name__)


def _promote_eager_classes(module: types.ModuleType) -> None:
    """qtpy's ``promote_enums`` while the window starts: only the eager classes of ``module`` now."""
    with _lock:
        original = _original
        if original is None:  # finished meanwhile: a module imported from now on gets all its names
            import qtpy.enums_compat as compat

            compat.promote_enums(module)
            return
        names = EAGER_CLASSES.get(module.__name__, ())
        # qtpy's own function, given a namespace holding the eager classes alone: the same copy for them.
        original(types.SimpleNamespace(**{name: getattr(module, name) for name in names if hasattr(module, name)}))
        if module not in _deferred:
            _deferred.append(module)
