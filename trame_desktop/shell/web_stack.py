"""Loads the server's web stack (aiohttp) on the server thread without paying, at import, for a client it may never use.

``import aiohttp.web`` runs aiohttp's package ``__init__`` first, which imports the whole HTTP client
(session, connector, cookie jar, multipart, tracing): about half of the web stack's import, on the
path from the first paint to the first answered click (figures in benchmarks/README.md). A desktop
server needs ``aiohttp.web`` and the modules it imports itself. So the package's ``__init__`` is
deferred: ``aiohttp`` is put in ``sys.modules`` as the package module with nothing run in it yet
(:class:`_DeferredAiohttpInit`), its submodules import as usual, and the first use of a name only
``__init__`` defines (``aiohttp.ClientSession``, ``from aiohttp import ClientSession``, ``dir(aiohttp)``),
from whatever thread, runs ``__init__`` in that very module, once: everything is there from then on.

aiohttp's client also makes two ``ssl`` contexts when its ``connector`` module is imported, and each
loads the system's trust store (the CA bundle). While aiohttp is imported, a context's default trust
store (``set_default_verify_paths``, which ``load_default_certs`` and ``create_default_context``
call) is loaded just before the context's first TLS connection instead: the same store, loaded
later, once, by whoever first needs it.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import logging
import pkgutil
import re
import ssl
import sys
import threading
import types
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["deferred_trust_store", "import_web_stack", "package_init_pending"]

log = logging.getLogger(__name__)

_patch_lock = threading.RLock()  # re-entered when a deferred __init__ runs during an import
# Where a context's first use starts: asyncio's TLS goes through wrap_bio, blocking sockets through
# wrap_socket; the two readers of the store are there so that they see it loaded.
_FIRST_USES = ("wrap_bio", "wrap_socket", "get_ca_certs", "cert_store_stats")


def _defer(context: ssl.SSLContext) -> None:
    """Load ``context``'s default trust store on its first use (instance attributes shadow the
    class's methods; the class itself is left alone)."""
    lock = threading.Lock()
    loaded = False

    def load() -> None:
        nonlocal loaded
        with lock:
            if not loaded:
                ssl.SSLContext.set_default_verify_paths(context)
                loaded = True

    def first_use(name: str) -> Callable[..., Any]:
        method = getattr(ssl.SSLContext, name)

        def use(*args: Any, **kwargs: Any) -> Any:
            load()
            return method(context, *args, **kwargs)

        return use

    for name in _FIRST_USES:
        setattr(context, name, first_use(name))


@contextlib.contextmanager
def deferred_trust_store() -> Iterator[None]:
    """While inside, ``SSLContext.set_default_verify_paths`` only marks the context to load its store
    at first use (Linux and the BSDs, where that store is a file; Windows and macOS are left as they are)."""
    if sys.platform.startswith(("win", "darwin")):
        yield
        return
    with _patch_lock:
        if "set_default_verify_paths" in vars(ssl.SSLContext):  # inside an outer one, on this thread
            yield
            return

        def set_default_verify_paths(context: ssl.SSLContext) -> None:
            _defer(context)

        ssl.SSLContext.set_default_verify_paths = set_default_verify_paths  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            del ssl.SSLContext.set_default_verify_paths  # the C type's own method shows again


class _DeferredAiohttpInit(types.ModuleType):
    """aiohttp's package module, its ``__init__`` not run yet: a name only that defines runs it now
    (see the module's docstring; the version check in :func:`_deferred_package` is aiohttp's)."""

    def __getattr__(self, name: str) -> object:
        if name in _submodules(self) or _initializing.get(id(self)) == threading.get_ident():
            # A submodule not imported yet (``from . import hdrs``: the import system imports it
            # next), or a name asked while __init__ runs: not there yet, as in any import.
            raise AttributeError(name)
        _run_package_init(self)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        _run_package_init(self)
        return dir(self)


_init_lock = threading.RLock()
_initializing: dict[int, int] = {}  # id(package) -> the thread running its __init__
# aiohttp.http reads the package's version (``from . import __version__``) before __init__ would
# have run: taken from __init__'s compiled first statement, ``__version__ = "X.Y.Z"`` (its first
# name and first constant), which a source checkout and a frozen build both have.
_VERSION = re.compile(r"\d+(\.\w+)+")


def _submodules(package: types.ModuleType) -> frozenset[str]:
    found = package.__dict__.get("_deferred_submodules")
    if found is None:  # pkgutil: a frozen build's importer lists its archive's modules too
        names = frozenset(module.name for module in pkgutil.iter_modules(getattr(package, "__path__", [])))
        found = package.__dict__["_deferred_submodules"] = names
    return found


def _run_package_init(package: types.ModuleType) -> None:
    with _init_lock:
        if not isinstance(package, _DeferredAiohttpInit):
            return  # another thread ran it while this one waited
        _initializing[id(package)] = threading.get_ident()
        try:
            assert package.__spec__ is not None and package.__spec__.loader is not None
            with deferred_trust_store():
                package.__spec__.loader.exec_module(package)
            package.__class__ = types.ModuleType  # type: ignore[assignment]  # a plain module from here on
            package.__dict__.pop("_deferred_submodules", None)
        finally:
            del _initializing[id(package)]
    log.debug("aiohttp's package __init__ ran (a name only it defines was used)")


def package_init_pending(name: str = "aiohttp") -> bool:
    """Whether ``name`` is imported with its package ``__init__`` still deferred."""
    return isinstance(sys.modules.get(name), _DeferredAiohttpInit)


def _deferred_package(name: str) -> types.ModuleType | None:
    """``name``'s package module with its ``__init__`` not run, or None where that cannot be done here."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not spec.submodule_search_locations:
        return None
    try:
        code = spec.loader.get_code(name)  # type: ignore[attr-defined]
    except (ImportError, OSError, AttributeError):
        return None
    version = code.co_consts[0] if code is not None and code.co_consts else None
    if not code or code.co_names[:1] != ("__version__",) or not isinstance(version, str) \
            or not _VERSION.fullmatch(version):
        return None  # not the __init__ this was written for: imported as usual
    package = importlib.util.module_from_spec(spec)
    package.__class__ = _DeferredAiohttpInit
    package.__version__ = version  # type: ignore[attr-defined]
    return package


def import_web_stack() -> None:
    """Import ``aiohttp.web`` (aiohttp already imported: nothing happens) with aiohttp's package
    ``__init__`` deferred and its client's trust store deferred."""
    if "aiohttp" in sys.modules:
        return
    try:
        with deferred_trust_store():
            package = _deferred_package("aiohttp")
            if package is not None:
                sys.modules["aiohttp"] = package
            try:
                importlib.import_module("aiohttp.web")
            except BaseException:
                if sys.modules.get("aiohttp") is package:  # a half-made package must not stay
                    for loaded in [m for m in sys.modules if m == "aiohttp" or m.startswith("aiohttp.")]:
                        del sys.modules[loaded]
                raise
    except ImportError:  # the server's own import says what is missing, with its context
        log.debug("aiohttp did not import", exc_info=True)
