"""Loads the server's web stack (aiohttp) on the server thread without paying, at import, for a TLS client it may never use.

aiohttp's client makes two ``ssl`` contexts when its ``connector`` module is imported, and each loads
the system's trust store (the CA bundle): about a third of the CPU the whole web stack's import takes
here, on the path from the first paint to the first answered click (figures in benchmarks/README.md).
A desktop server serves on loopback over plain HTTP; only an app's own HTTPS requests need that
store. While aiohttp is imported, a context's default trust store (``set_default_verify_paths``,
which ``load_default_certs`` and ``create_default_context`` call) is loaded just before the context's
first TLS connection instead: the same store, loaded later, once, by whoever first needs it.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import ssl
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["deferred_trust_store", "import_web_stack"]

log = logging.getLogger(__name__)

_patch_lock = threading.Lock()
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
        def set_default_verify_paths(context: ssl.SSLContext) -> None:
            _defer(context)

        ssl.SSLContext.set_default_verify_paths = set_default_verify_paths  # type: ignore[method-assign, assignment]
        try:
            yield
        finally:
            del ssl.SSLContext.set_default_verify_paths  # the C type's own method shows again


def import_web_stack() -> None:
    """Import aiohttp (already imported: nothing happens) with its client's trust store deferred."""
    if "aiohttp" in sys.modules:
        return
    try:
        with deferred_trust_store():
            importlib.import_module("aiohttp")
    except ImportError:  # the server's own import says what is missing, with its context
        log.debug("aiohttp did not import", exc_info=True)
