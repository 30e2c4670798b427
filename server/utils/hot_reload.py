"""Re-reads a function's definition from its source file, so that callbacks follow edits to the app (``hot_reload``).

As trame-server's: :func:`reload` returns the function as its file defines it now, and
:func:`hot_reload` wraps a function so that every call runs the current definition. A server
started with ``--hot-reload`` (or ``TRAME_HOT_RELOAD``, or ``hot_reload=True``) reloads its
``@state.change`` callbacks and controller functions this way before each call.

Only the ``def`` is run again, in the module's own globals, so module-level state, imports and
other functions stay as they are. Module-level functions, methods (``super()`` included) and
nested functions whose free variables are unchanged can be reloaded; lambdas, coroutine
functions' running calls, the standard library and code under site-packages are left as they are. A definition that
no longer parses, or is gone, is reported in the log and the function last loaded runs instead:
the next save that fixes it takes effect at the next call.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import logging
import site
import sysconfig
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "EMPTY_FILE_RETRIES",
    "EMPTY_FILE_RETRY_DELAY",
    "SKIP_CLASSES",
    "SKIP_LAMBDA_FUNCS",
    "SKIP_SITE_PACKAGES",
    "STRIP_DECORATORS",
    "hot_reload",
    "reload",
]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

#: Decorators left out when a definition is run again: they register the function (with the
#: state, the controller or a life-cycle hook) or are this module's, and must not run twice.
STRIP_DECORATORS: tuple[str, ...] = ("hot_reload", "ctrl", "controller", "state", "life_cycle", "change", "trigger")

# trame's switches, read at each reload (an app may change them):
#: methods of objects of these classes are never reloaded (trame's widget and layout classes)
SKIP_CLASSES: list[type] = []
#: lambdas cannot be found again in their source: they run as first defined
SKIP_LAMBDA_FUNCS = True
#: functions of installed packages (and of the standard library) are not the app's: left alone
SKIP_SITE_PACKAGES = True
#: an editor may truncate the file before writing it: an empty read is retried this many times,
#: this many seconds apart
EMPTY_FILE_RETRIES = 20
EMPTY_FILE_RETRY_DELAY = 0.05

try:  # trame's own widgets, when an app uses them, as trame-server skips them
    from trame_client.ui.core import AbstractLayout
    from trame_client.widgets.core import AbstractElement

    SKIP_CLASSES.extend((AbstractElement, AbstractLayout))
except ImportError:
    pass

_cache_lock = threading.Lock()
# (file, qualified name) -> (digest of the file's text, what the definition compiled to):
# a file is parsed again only when its text changed
_compiled: dict[tuple[str, str], tuple[str, types.CodeType | None]] = {}


@functools.cache
def _site_folders() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    folders = {paths["purelib"], paths["platlib"], paths["stdlib"], paths["platstdlib"], *site.getsitepackages()}
    user = site.getusersitepackages()
    if user:
        folders.add(user)
    return tuple(str(Path(folder).resolve()) for folder in folders if folder)


def _read(path: str) -> str | None:
    for _ in range(max(1, EMPTY_FILE_RETRIES)):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError:
            return None
        if text.strip():
            return text
        time.sleep(EMPTY_FILE_RETRY_DELAY)
    return None


def _decorator_names(node: ast.expr) -> set[str]:
    """Every name in a decorator's expression: ``{"state", "change"}`` for ``@state.change("x")``."""
    names: set[str] = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.add(node.id)
            return names


def _find(body: list[ast.stmt], path: list[str]) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The definition at ``path`` (a ``__qualname__`` split on dots, ``<locals>`` steps included)."""
    name, rest = path[0], path[1:]
    if rest and rest[0] == "<locals>":
        rest = rest[1:]
    found = None
    for node in body:  # the last definition of a name wins, as when the module ran
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            found = node
    if found is None:
        return None
    if not rest:
        return found if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef) else None
    return _find(found.body, rest)


def _compile(path: str, qualname: str, source: str, freevars: tuple[str, ...]) -> types.CodeType | None:
    """The code object of the definition of ``qualname`` in ``source``, compiled with the same free variables."""
    tree = ast.parse(source, filename=path)
    node = _find(tree.body, qualname.split("."))
    if node is None:
        raise LookupError(f"{qualname} is no longer defined in {path}")
    node.decorator_list = [d for d in node.decorator_list if not _decorator_names(d) & set(STRIP_DECORATORS)]
    # Compiled inside a function that owns the free variables (and inside a class when the
    # function uses ``__class__``, as zero-argument super() does), so that the new code refers
    # to them as closure cells, which the reloaded function then takes from the old one.
    holder_names = [name for name in freevars if name != "__class__"]
    module = ast.parse("def _reload_holder():\n" + "".join(f"    {name} = None\n" for name in holder_names) + "    pass\n")
    outer = module.body[0]
    assert isinstance(outer, ast.FunctionDef)
    if "__class__" in freevars:
        holder_class = ast.parse("class _Reloaded:\n    pass\n").body[0]
        assert isinstance(holder_class, ast.ClassDef)
        holder_class.body = [node]
        outer.body.append(holder_class)
    else:
        outer.body.append(node)
    ast.fix_missing_locations(module)
    code = compile(module, path, "exec")
    holder = next(c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == "_reload_holder")
    return _code_named(holder, node.name)


def _code_named(code: types.CodeType, name: str) -> types.CodeType | None:
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_name == name:
                return const
            found = _code_named(const, name)
            if found is not None:
                return found
    return None


def _rebuilt(old: types.FunctionType, code: types.CodeType) -> types.FunctionType | None:
    """A function with the new ``code`` and everything else (globals, defaults, closure cells) from ``old``."""
    if not set(code.co_freevars) <= set(old.__code__.co_freevars):
        return None  # it now uses a variable of its outer function that the old one did not capture
    cells = dict(zip(old.__code__.co_freevars, old.__closure__ or (), strict=True))
    closure = tuple(cells[name] for name in code.co_freevars) or None
    new = types.FunctionType(code, old.__globals__, old.__name__, old.__defaults__, closure)
    new.__kwdefaults__ = old.__kwdefaults__
    new.__qualname__ = old.__qualname__
    new.__module__ = old.__module__
    new.__dict__.update(old.__dict__)
    return new


def _skipped(function: types.FunctionType, bound: object) -> bool:
    if bound is not None and SKIP_CLASSES and isinstance(bound, tuple(SKIP_CLASSES)):
        return True
    if function.__name__ == "<lambda>":
        return True  # even with SKIP_LAMBDA_FUNCS off: a lambda has no name to find it by
    filename = function.__code__.co_filename
    if filename.startswith("<"):
        return True
    if not SKIP_SITE_PACKAGES:
        return False
    try:
        resolved = str(Path(filename).resolve())
    except OSError:
        return True
    return resolved.startswith(_site_folders())


def reload(func: Any, perform_checks: bool = True) -> Any:
    """``func`` as its source file defines it now (a bound method stays bound to its object).

    With ``perform_checks``, only plain functions and methods outside site-packages and the
    standard library are reloaded; anything else comes back unchanged. A definition that cannot be loaded again is
    logged and ``func`` itself is returned.
    """
    bound = func.__self__ if isinstance(func, types.MethodType) else None
    function = func.__func__ if isinstance(func, types.MethodType) else func
    if not isinstance(function, types.FunctionType):
        return func
    wrapped = getattr(function, "__wrapped__", None)
    if isinstance(wrapped, types.FunctionType) and getattr(function, "__is_hot_reload_func", False):
        function = wrapped  # reloading the wrapper would find the decorated definition: reload what it wraps
    if perform_checks and _skipped(function, bound):
        return func
    path = function.__code__.co_filename
    source = _read(path)
    if source is None:
        logger.warning("hot reload: cannot read %s; %s runs as last loaded", path, function.__qualname__)
        return func
    key = (path, function.__qualname__)
    digest = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()
    with _cache_lock:
        last = _compiled.get(key)
    if last is not None and last[0] == digest:
        code = last[1]
    else:
        try:
            code = _compile(path, function.__qualname__, source, function.__code__.co_freevars)
        except (SyntaxError, LookupError, ValueError) as error:
            logger.error("hot reload of %s failed; it runs as last loaded:\n%s", function.__qualname__, error)
            code = last[1] if last is not None else None
        with _cache_lock:
            _compiled[key] = (digest, code)
    if code is None:
        return func
    new = _rebuilt(function, code)
    if new is None:
        logger.error("hot reload of %s failed: it captures variables its first definition did not; it runs as "
                     "last loaded", function.__qualname__)
        return func
    return new.__get__(bound) if bound is not None else new


def hot_reload(func: F) -> F:
    """Run ``func`` as its file defines it at each call (decorators above this one are not re-run)."""
    if getattr(func, "__is_hot_reload_func", False):
        return func

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return reload(func, perform_checks=False)(*args, **kwargs)

    wrapped.__is_hot_reload_func = True  # type: ignore[attr-defined]
    return wrapped  # type: ignore[return-value]

