"""Calling a controller hook by name, sync or async, for the core and the shell alike."""

from __future__ import annotations

import inspect
import logging
from typing import Any

__all__ = ["call_hook", "fire_hook", "hook_exists"]

logger = logging.getLogger(__name__)


def hook_exists(controller: Any, name: str) -> bool:
    """True when the app bound something to ``controller.<name>``.

    Works with any controller of the seed API (ours or trame's): a name nobody set reads as an
    empty controller function whose ``exists()`` is False.
    """
    fn = getattr(controller, name, None)
    exists = getattr(fn, "exists", None)
    return fn is not None and (not callable(exists) or bool(exists()))


def _results(result: Any) -> list[Any]:
    # A controller function with added functions returns the list of their results.
    return list(result) if isinstance(result, (list, tuple)) else [result]


async def call_hook(controller: Any, name: str, /, *args: Any, **kwargs: Any) -> list[Any]:
    """Call ``controller.<name>(*args, **kwargs)`` if it is set, await what it returns, and return
    every bound function's result ([] when nothing is bound). Errors are the caller's to handle."""
    if not hook_exists(controller, name):
        return []
    results = _results(getattr(controller, name)(*args, **kwargs))
    return [await r if inspect.isawaitable(r) else r for r in results]


def fire_hook(controller: Any, name: str, /, *args: Any, **kwargs: Any) -> None:
    """Call a hook from sync code on the server's loop: async results become tasks whose errors are
    logged; an error of the hook itself is logged, never raised."""
    if not hook_exists(controller, name):
        return
    try:
        results = _results(getattr(controller, name)(*args, **kwargs))
    except Exception:
        logger.exception("%s raised", name)
        return
    awaitables = [r for r in results if inspect.isawaitable(r)]
    if awaitables:
        from . import asynchronous  # asyncio: loaded with the server's loop, not at import

        for awaitable in awaitables:
            asynchronous.create_task(awaitable)
