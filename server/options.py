"""Server options: their defaults and the environment variables that override them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

# option name -> (environment variable, default, parser)
_KNOWN: dict[str, tuple[str, Any]] = {
    "log_network": ("TRAME_LOG_NETWORK", False),
    "ws_max_msg_size": ("TRAME_WS_MAX_MSG_SIZE", 10_000_000),
    "ws_heart_beat": ("TRAME_WS_HEART_BEAT", 30),
    "desktop_debug": ("TRAME_DESKTOP_DEBUG", False),
}

_FALSE = {"", "0", "false", "no", "off"}
_TRUE = {"1", "true", "yes", "on"}


def parse_flag(raw: str) -> bool:
    """An environment switch: unset-like words ("", 0, false, no, off) are False, anything else True."""
    return raw.strip().lower() not in _FALSE


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """``parse_flag`` of the variable ``name`` (False when it is not set)."""
    environ = os.environ if environ is None else environ
    return parse_flag(environ.get(name, ""))


def _from_env(raw: str, default: Any) -> Any:
    if isinstance(default, bool):
        word = raw.strip().lower()
        if default is False and word not in _FALSE and word not in _TRUE:
            return raw  # e.g. TRAME_LOG_NETWORK=/path/to/file
        return parse_flag(raw)
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as error:
            msg = f"expected a whole number, got {raw!r}"
            raise ValueError(msg) from error
    return raw


def resolve_options(given: dict[str, Any], environ: os._Environ | dict | None = None) -> dict[str, Any]:
    """Merge defaults, environment and keyword options (keywords win over the environment)."""
    environ = os.environ if environ is None else environ
    options: dict[str, Any] = {}
    for name, (env_name, default) in _KNOWN.items():
        value = default
        if env_name in environ:
            try:
                value = _from_env(environ[env_name], default)
            except ValueError as error:
                msg = f"{env_name}: {error}"
                raise ValueError(msg) from None
        options[name] = value
    options.update(given)
    return options
