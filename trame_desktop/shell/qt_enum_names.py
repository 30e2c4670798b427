"""Puts qtpy's unscoped enum names for PyQt6 off until an app's code looks in the module: ``defer_enum_names``.

On PyQt6, qtpy's ``QtCore``, ``QtGui``, ``QtWidgets`` and ``QtTest`` copy every member of every enum
of every class onto its class (``Qt.AlignCenter`` besides ``Qt.AlignmentFlag.AlignCenter``), as
PyQt5 had them. PyQt6 makes each enum class on its first use, so that copy makes all of them at
once: on the GUI thread, while pywebview's Qt backend is imported, the largest single part of the
window's start before its first paint, and memory the whole run holds (figures in
benchmarks/README.md).

Once patched, qtpy copies at import only the names of :data:`EAGER_CLASSES`: the classes whose
unscoped names pywebview's Qt backend, qtpy's own wrappers and the shell use
(``tests/unit/test_qt_enum_names.py`` checks that list against their code). The rest of a module's
names waits for the first look-up of one of its public names by code of any other package (an
app's ``from qtpy.QtWidgets import QSizePolicy``, ``QtCore.QTimer``): qtpy's own copy then runs for
that module, on that thread, before the look-up returns, so the app finds every name where qtpy
puts it. An app that never looks never pays. A qtpy module imported before the patch keeps qtpy's
own set-up.
"""

from __future__ import annotations

import logging
import sys
import threading
import types
from collections.abc import Callable
from typing import Any

__all__ = ["EAGER_CLASSES", "TRUSTED_PACKAGES", "defer_enum_names", "deferred_modules"]

log = logging.getLogger(__name__)

#: Per PyQt6 module, the classes whose unscoped enum names are copied at once.
EAGER_CLASSES: dict[str, tuple[str, ...]] = {
    "PyQt6.QtCore": ("QEvent", "QFile", "Qt"),
    "PyQt6.QtGui": ("QTextCursor",),
    "PyQt6.QtWidgets": ("QFileDialog", "QMessageBox"),
}
#: The packages whose code writes only the eager classes' unscoped names: their look-ups set nothing up.
TRUSTED_PACKAGES = frozenset({"qtpy", "webview", "trame_desktop"})

_lock = threading.RLock()
# qtpy's promote_enums while it is patched: it takes any object whose attributes are classes
_original: Callable[[Any], None] | None = None
_deferred: list[types.ModuleType] = []  # the PyQt6 modules whose names are put off, in qtpy's order
# The name of each module that sets names up on first use (qtpy's and PyQt6's) -> the PyQt6 module
_watched: dict[str, types.ModuleType] = {}


class _NamesOnFirstUse(types.ModuleType):
    """A module whose enum names are put off: another package's first look-up of a public name sets them up."""

    def __getattribute__(self, name: str) -> Any:
        # ModuleType's own look-up by name, not super(): the set-up gives the module its class back.
        if name[:1] != "_" and not _trusted():
            _set_up(_watched.get(types.ModuleType.__getattribute__(self, "__name__")))
        return types.ModuleType.__getattribute__(self, name)


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


def _trusted() -> bool:
    """Whether the code looking a name up (two frames up: past ``__getattribute__``) is a trusted package's."""
    try:
        caller = sys._getframe(2)
    except ValueError:  # looked up from C with no Python code on the stack: the binding's own
        return True
    return str(caller.f_globals.get("__name__", "")).partition(".")[0] in TRUSTED_PACKAGES


def _give_class(module: types.ModuleType, kind: type[types.ModuleType]) -> None:
    module.__class__ = kind  # a module's class may be any subclass of ModuleType


def _set_up(module: types.ModuleType | None) -> None:
    """qtpy's own copy for the PyQt6 ``module``, once; a thread that comes meanwhile waits for it."""
    with _lock:
        if module is None or module not in _deferred:  # done already
            return
        _deferred.remove(module)
        try:
            if _original is not None:
                _original(module)
        finally:
            for name in [name for name, owner in _watched.items() if owner is module]:
                watched = sys.modules.get(name)
                if watched is not None and type(watched) is _NamesOnFirstUse:
                    _give_class(watched, types.ModuleType)
                del _watched[name]
    log.debug("qtpy's unscoped enum names of %s are set up", module.__name__)


def _promote_eager_classes(module: types.ModuleType) -> None:
    """qtpy's ``promote_enums`` once patched: the eager classes of the PyQt6 ``module`` now, the rest
    on another package's first look-up in it or in the qtpy module that wraps it (being imported now)."""
    with _lock:
        if _original is None:
            return
        names = EAGER_CLASSES.get(module.__name__, ())
        # qtpy's own function, given a namespace holding the eager classes alone: the same copy for them.
        _original(types.SimpleNamespace(**{name: getattr(module, name) for name in names if hasattr(module, name)}))
        if module in _deferred:
            return
        _deferred.append(module)
        for name in (module.__name__, "qtpy." + module.__name__.rpartition(".")[2]):
            watched = sys.modules.get(name)
            if watched is not None and type(watched) is types.ModuleType:
                _watched[name] = module
                _give_class(watched, _NamesOnFirstUse)
