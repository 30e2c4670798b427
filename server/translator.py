"""Name translation for child servers: prefixes state keys and trigger names."""

from __future__ import annotations

RESERVED_PREFIX = "trame__"


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
        self._forward[key] = translated_key
        self._reverse[translated_key] = key

    def translate_key(self, key: str) -> str:
        if key.startswith(RESERVED_PREFIX):
            return key
        if key in self._forward:
            return self._forward[key]
        return f"{self._prefix}{key}"

    def reverse_translate_key(self, key: str) -> str:
        if key.startswith(RESERVED_PREFIX):
            return key
        if key in self._reverse:
            return self._reverse[key]
        return key[len(self._prefix) :] if self._prefix and key.startswith(self._prefix) else key

    def owns(self, translated_key: str) -> bool:
        """True if ``translated_key`` is one of this translator's names."""
        if not self._prefix or translated_key.startswith(RESERVED_PREFIX):
            return True
        return translated_key in self._reverse or translated_key.startswith(self._prefix)

    def translate_list(self, keys) -> list[str]:
        return [self.translate_key(k) for k in keys]

    def translate_dict(self, values: dict) -> dict:
        return {self.translate_key(k): v for k, v in values.items()}

    def reverse_translate_dict(self, values: dict) -> dict:
        """The shared dict as this translator's owner sees it (foreign keys left out)."""
        if not self._prefix and not self._forward:
            return dict(values)
        return {self.reverse_translate_key(k): v for k, v in values.items() if self.owns(k)}

    def __call__(self, key: str) -> str:
        return self.translate_key(key)
