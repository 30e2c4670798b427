"""Name translation for child servers: prefixes state keys and trigger names, in keys and in template text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["RESERVED_CONTROLLER_NAMES", "RESERVED_PREFIX", "Translator", "is_name_reserved"]

RESERVED_PREFIX = "trame__"
#: Lifecycle hooks every server of a network shares: never prefixed.
RESERVED_CONTROLLER_NAMES = frozenset({
    "on_server_start", "on_server_bind", "on_server_ready", "on_client_connected", "on_client_exited",
    "on_server_exited", "on_server_reload",
})

# A JavaScript expression is cut at these characters; what lies between them is a candidate name.
_JS_DELIMITERS = "'\":;(){} .,![]`\n+*/-|&?"
_JS_TOKEN = re.compile("([" + re.escape(_JS_DELIMITERS) + "])")
# ``{{ ... }}`` interpolations of a Vue template.
_MUSTACHE = re.compile(r"(\{\{.*?\}\})", re.DOTALL)


class _KeyHolder(Protocol):
    def has(self, key: str) -> bool: ...


def is_name_reserved(name: str) -> bool:
    """True for names shared by every server of a network (``trame__*``, lifecycle hooks)."""
    return name.startswith(RESERVED_PREFIX) or name in RESERVED_CONTROLLER_NAMES


class Translator:
    """Map the names a (child) server uses to the names on the shared wire.

    >>> t = Translator(prefix="left_")
    >>> t.translate_key("count")
    'left_count'
    >>> t.reverse_translate_key("left_count")
    'count'
    """

    def __init__(self, prefix: str | None = None) -> None:
        self._prefix = prefix or ""
        self._forward: dict[str, str] = {}
        self._reverse: dict[str, str] = {}

    @property
    def prefix(self) -> str:
        return self._prefix

    def set_prefix(self, prefix: str | None) -> None:
        self._prefix = prefix or ""

    def add_translation(self, key: str, translated_key: str) -> None:
        """Name ``key`` ``translated_key`` on the wire (wins over the prefix)."""
        self._forward[key] = translated_key
        self._reverse[translated_key] = key

    # -- keys -------------------------------------------------------------------------------
    def translate_key(self, key: str) -> str:
        if is_name_reserved(key):
            return key
        if key in self._forward:
            return self._forward[key]
        return f"{self._prefix}{key}"

    def reverse_translate_key(self, key: str) -> str:
        if is_name_reserved(key):
            return key
        if key in self._reverse:
            return self._reverse[key]
        return key.removeprefix(self._prefix) if self._prefix else key

    def translate_list(self, keys: Iterable[str]) -> list[str]:
        return [self.translate_key(k) for k in keys]

    def reverse_translate_list(self, keys: Iterable[str]) -> list[str]:
        return [self.reverse_translate_key(k) for k in keys]

    def translate_dict(self, values: dict[str, Any]) -> dict[str, Any]:
        return {self.translate_key(k): v for k, v in values.items()}

    def reverse_translate_dict(self, values: dict[str, Any]) -> dict[str, Any]:
        """The shared dict as this translator's owner sees it: a wire key is kept only when this
        owner's name for it translates back to it (otherwise another key shadows it here)."""
        if not self._prefix and not self._forward:
            return dict(values)
        seen: dict[str, Any] = {}
        for key, value in values.items():
            name = self.reverse_translate_key(key)
            if self.translate_key(name) == key:
                seen[name] = value
        return seen

    # -- template text ----------------------------------------------------------------------
    def translate_js_expression(self, state: _KeyHolder, expression: str) -> str:
        """``expression`` with every name that is a key of ``state`` replaced by its wire name."""
        if not self._prefix and not self._forward:
            return expression
        return "".join(
            self.translate_key(token) if token and token not in _JS_DELIMITERS and state.has(token) else token
            for token in _JS_TOKEN.split(expression)
        )

    def translate_vue_templating(self, state: _KeyHolder, template: str) -> str:
        """``template`` with the state names inside its ``{{ ... }}`` interpolations translated."""
        if not self._prefix and not self._forward:
            return template
        return "".join(
            self.translate_js_expression(state, part) if part.startswith("{{") else part
            for part in _MUSTACHE.split(template)
        )

    def __call__(self, key: str) -> str:
        return self.translate_key(key)
