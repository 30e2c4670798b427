"""trame_server.utils' twin: the small helpers apps and widget packages import from it."""

from __future__ import annotations

import logging
from typing import Any

import msgpack

__all__ = [
    "clean_state",
    "clean_value",
    "is_dunder",
    "is_private",
    "isascii",
    "reduce_vue_use",
    "share",
    "update_dict",
]

log = logging.getLogger(__name__)  # not ``logger``: trame's name for the exchange-log module


def share(obj: Any, attr_name: str, default_value: Any) -> Any:
    """``obj.<attr_name>`` when ``obj`` is set and has it, else ``default_value`` (how a child
    object reuses its parent's state or controller)."""
    if obj and hasattr(obj, attr_name):
        return getattr(obj, attr_name)
    return default_value


def isascii(s: str) -> bool:
    return s.isascii()


def is_dunder(s: str) -> bool:
    """True for ``__name__``-style names (more than the four underscores)."""
    return len(s) > 4 and s.isascii() and s[:2] == s[-2:] == "__"


def is_private(s: str) -> bool:
    """True for names starting with an underscore."""
    return s.isascii() and s[:1] == "_"


def clean_value(value: Any) -> Any:
    """``value`` as sent to a client: a dict listing keys under ``"_filter"`` loses those keys
    (inside lists too); anything else is left as is."""
    if isinstance(value, dict) and "_filter" in value:
        return {key: item for key, item in value.items() if key not in value["_filter"]}
    if isinstance(value, list):
        return [clean_value(item) for item in value]
    return value


def clean_state(state: Any) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The cleaned values of ``state`` (a mapping) that msgpack can send, and their packed bytes;
    a value it cannot send is logged and left out."""
    cleaned: dict[str, Any] = {}
    packed: dict[str, bytes] = {}
    for key in state:
        value = clean_value(state[key])
        try:
            packed[key] = msgpack.packb(value)
        except Exception:
            log.error("Skip state value for '%s' since its content is not serializable", key)
            continue
        cleaned[key] = value
    return cleaned, packed


def update_dict(destination: dict[Any, Any], source: dict[Any, Any]) -> dict[Any, Any]:
    """Merge ``source`` into ``destination`` in depth (nested dicts are merged, not replaced)."""
    for key, value in source.items():
        if isinstance(value, dict):
            update_dict(destination.setdefault(key, {}), value)
        else:
            destination[key] = value
    return destination


def reduce_vue_use(state: Any) -> None:
    """Merge the entries of ``state.trame__vue_use`` naming the same plugin: one entry each, in
    first-seen order, with their options merged in depth (a plain name when it has none)."""
    options: dict[str, dict[str, Any]] = {}
    for item in state.trame__vue_use:
        name, item_options = (item, {}) if isinstance(item, str) else item
        update_dict(options.setdefault(name, {}), item_options)
    state.trame__vue_use = [(name, opts) if opts else name for name, opts in options.items()]
