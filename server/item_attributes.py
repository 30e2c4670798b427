"""``obj.key`` as ``obj["key"]`` for public names: the dict-like access State and StateQueue share."""

from __future__ import annotations

from typing import Any


class ItemAttributes:
    """Public attribute reads and writes go to ``__getitem__``/``__setitem__``; ``_private`` ones don't."""

    def __getitem__(self, key: str) -> Any:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def __setitem__(self, key: str, value: Any) -> None:  # pragma: no cover - defined by subclasses
        raise NotImplementedError

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]

    def __setattr__(self, key: str, value: Any) -> None:
        if key.startswith("_"):
            object.__setattr__(self, key, value)
        else:
            self[key] = value
