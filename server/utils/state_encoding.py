"""Encoders between typed Python values and the plain values a state carries over msgpack."""

from __future__ import annotations

import types
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timezone
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import PurePath
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints
from uuid import UUID

__all__ = [
    "DATACLASS_TYPE_KEY",
    "CollectionEncoderDecoder",
    "DefaultEncoderDecoder",
    "IStateEncoderDecoder",
    "resolved_field_types",
]

#: The key under which an encoded dataclass names its type (trame's name: the client may see it).
DATACLASS_TYPE_KEY = "__trame_typed_state__"


class _SerializationFailure:
    """What an encoder returns (never raises) when a value is not its kind: the next one is tried."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _SerializationFailure)

    def __hash__(self) -> int:
        return hash(_SerializationFailure)

    def __repr__(self) -> str:
        return f"<serialization failure: {self.reason}>"


class IStateEncoderDecoder(ABC):
    """One way of turning values into state values (``encode``) and back into a type (``decode``).

    An encoder that cannot handle a value returns ``self.failed_serialization()`` (or raises):
    the ``CollectionEncoderDecoder`` holding it then asks the next one.
    """

    _failure = _SerializationFailure()

    @abstractmethod
    def encode(self, obj: Any) -> Any: ...

    @abstractmethod
    def decode(self, obj: Any, obj_type: Any) -> Any: ...

    @staticmethod
    def failed_serialization(reason: str = "") -> _SerializationFailure:
        return _SerializationFailure(reason)

    @classmethod
    def is_serialization_success(cls, value: Any) -> bool:
        return not isinstance(value, _SerializationFailure)


class DefaultEncoderDecoder(IStateEncoderDecoder):
    """Scalars: UUIDs, enums, decimals and paths as their text (an enum as its value), dates and
    times in ISO 8601 (a datetime in UTC, so every client reads the same instant)."""

    def encode(self, obj: Any) -> Any:
        if isinstance(obj, Enum):
            return obj.value
        if isinstance(obj, (UUID, Decimal)):
            return str(obj)
        if isinstance(obj, datetime):  # before date: a datetime is a date
            return obj.astimezone(timezone.utc).isoformat()
        if isinstance(obj, (date, time)):
            return obj.isoformat()
        if isinstance(obj, PurePath):
            return obj.as_posix()
        return obj

    def decode(self, obj: Any, obj_type: Any) -> Any:
        if obj is None or obj_type is Any:
            return obj
        if isinstance(obj, obj_type):
            return obj
        if isinstance(obj_type, type) and issubclass(obj_type, (date, time)):  # datetime included
            return obj_type.fromisoformat(obj)
        # Enums, UUIDs, decimals, paths and numbers are built from their encoded value.
        return obj_type(obj)


def _is_union(obj_type: Any) -> bool:
    return get_origin(obj_type) is Union or isinstance(obj_type, types.UnionType)


def _type_name(dataclass_type: type) -> str:
    return f"{dataclass_type.__module__}.{dataclass_type.__qualname__}"


def _substitute(annotation: Any, mapping: Mapping[Any, Any]) -> Any:
    """``annotation`` with the type variables of ``mapping`` replaced (inside generics too)."""
    if isinstance(annotation, TypeVar):
        return mapping.get(annotation, annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is None or not args:
        return annotation
    new_args = tuple(_substitute(arg, mapping) for arg in args)
    if new_args == args:
        return annotation
    if _is_union(annotation):
        return Union[new_args]  # noqa: UP007  # rebuilds either spelling of a union
    try:
        return origin[new_args]
    except TypeError:  # a form that cannot be rebuilt from its parts: left as written
        return annotation


@cache
def resolved_field_types(dataclass_type: type) -> dict[str, Any]:
    """The type of each field of ``dataclass_type``, with string annotations evaluated and the
    type variables of generic bases (``class Point(Pair[int])``) replaced by their arguments."""
    mapping: dict[Any, Any] = {}

    def collect(cls: Any) -> None:
        for base in getattr(cls, "__orig_bases__", ()):
            origin = get_origin(base)
            if origin is None:
                continue
            parameters = getattr(origin, "__parameters__", ())
            mapping.update(zip(parameters, (_substitute(a, mapping) for a in get_args(base)), strict=False))
            collect(origin)

    collect(dataclass_type)
    return {name: _substitute(hint, mapping) for name, hint in get_type_hints(dataclass_type).items()}


class CollectionEncoderDecoder(IStateEncoderDecoder):
    """Containers and dataclasses, element by element; each scalar goes to the first of
    ``encoders`` (default: ``[DefaultEncoderDecoder()]``) that takes it.

    Dataclasses are encoded as dicts of their fields plus ``DATACLASS_TYPE_KEY`` naming their type,
    so a union of dataclasses decodes to the right one. Lists and tuples keep their kind (the wire
    turns both into lists; the field's type says which to rebuild), sets and frozensets become lists.
    """

    _DATACLASS_TYPE_KEY = DATACLASS_TYPE_KEY

    def __init__(self, encoders: list[IStateEncoderDecoder] | None = None) -> None:
        self._encoders = encoders or [DefaultEncoderDecoder()]

    # -- encoding ---------------------------------------------------------------------------
    def encode(self, obj: Any) -> Any:
        if is_dataclass(obj) and not isinstance(obj, type):
            encoded = {f.name: self.encode(getattr(obj, f.name)) for f in fields(obj)}
            encoded[DATACLASS_TYPE_KEY] = _type_name(type(obj))
            return encoded
        if isinstance(obj, dict):
            return {self.encode(key): self.encode(value) for key, value in obj.items()}
        if isinstance(obj, (list, tuple)) and not hasattr(obj, "_fields"):  # a named tuple is a scalar here
            return type(obj)(self.encode(value) for value in obj)
        if isinstance(obj, (set, frozenset)):  # msgpack has no sets
            return [self.encode(value) for value in obj]
        for encoder in self._encoders:
            value = self._attempt(encoder.encode, obj)
            if self.is_serialization_success(value):
                return value
        msg = f"Failed to encode object {obj!r}. No appropriate encoder in {self._encoders}."
        raise TypeError(msg)

    # -- decoding ---------------------------------------------------------------------------
    def decode(self, obj: Any, obj_type: Any) -> Any:
        value = self._decode(obj, obj_type)
        if self.is_serialization_success(value):
            return value
        msg = f"Failed to decode object {obj!r} of type {obj_type}. No appropriate decoder in {self._encoders}."
        raise TypeError(msg)

    def _attempt(self, func: Any, *args: Any) -> Any:
        # A delegate that raises is one that declined.
        try:
            return func(*args)
        except Exception as error:
            return self.failed_serialization(str(error))

    def _decode(self, obj: Any, obj_type: Any) -> Any:
        """The decoded value, or a failure (never raises)."""
        if obj is None or obj_type is Any:
            return obj
        if isinstance(obj, dict) and (DATACLASS_TYPE_KEY in obj or is_dataclass(obj_type) or _is_union(obj_type)):
            value = self._decode_dataclass(obj, obj_type)
            # A dict naming its dataclass is ours: when that type is not wanted here, no scalar
            # decoder should build something else out of it.
            if self.is_serialization_success(value) or DATACLASS_TYPE_KEY in obj:
                return value
        if _is_union(obj_type):
            return self._decode_union(obj, obj_type)
        origin = get_origin(obj_type)
        if origin is dict and isinstance(obj, dict):
            return self._decode_dict(obj, obj_type)
        if origin in (list, tuple, set, frozenset) and isinstance(obj, (list, tuple, set, frozenset)):
            return self._decode_collection(obj, obj_type)
        return self._delegate(obj, obj_type)

    def _delegate(self, obj: Any, obj_type: Any) -> Any:
        for encoder in self._encoders:
            value = self._attempt(encoder.decode, obj, obj_type)
            if self.is_serialization_success(value):
                return value
        return self.failed_serialization(f"no decoder for {obj_type}")

    def _decode_all(self, pairs: Any) -> Any:
        """Decode each ``(value, type)``; the first failure fails the whole."""
        decoded = []
        for value, value_type in pairs:
            result = self._decode(value, value_type)
            if not self.is_serialization_success(result):
                return result
            decoded.append(result)
        return decoded

    def _decode_dict(self, obj: dict[Any, Any], obj_type: Any) -> Any:
        key_type, value_type = (*get_args(obj_type), Any, Any)[:2]
        keys = self._decode_all((key, key_type) for key in obj)
        values = self._decode_all((value, value_type) for value in obj.values())
        for part in (keys, values):
            if not self.is_serialization_success(part):
                return part
        return dict(zip(keys, values, strict=True))

    def _decode_collection(self, obj: Any, obj_type: Any) -> Any:
        origin, args = get_origin(obj_type), get_args(obj_type)
        items = list(obj)
        if origin is tuple and args and args[-1] is not Ellipsis:
            if len(args) != len(items):
                return self.failed_serialization(f"{len(items)} items for {obj_type}")
            item_types: list[Any] = list(args)
        else:  # list[T], set[T], tuple[T, ...]
            item_types = [args[0] if args else Any] * len(items)
        decoded = self._decode_all(zip(items, item_types, strict=True))
        if not self.is_serialization_success(decoded):
            return decoded
        return origin(decoded)

    def _decode_union(self, obj: Any, obj_type: Any) -> Any:
        members = get_args(obj_type)
        # A value already of one member's type is kept as is: ``int | str`` leaves "5" a string.
        for member in members:
            if get_origin(member) is None and isinstance(member, type) and not is_dataclass(member) and isinstance(obj, member):
                return obj
        for member in members:
            value = self._decode(obj, member)
            if self.is_serialization_success(value):
                return value
        return self.failed_serialization(f"no member of {obj_type} decodes {obj!r}")

    def _decode_dataclass(self, obj: dict[str, Any], obj_type: Any) -> Any:
        target = self._dataclass_target(obj, obj_type)
        if target is None:
            return self.failed_serialization(f"{obj_type} is not the encoded dataclass")
        field_types = resolved_field_types(target)
        values = {}
        for f in fields(target):
            # A missing field reads as None, as trame-server's decoder does.
            value = self._decode(obj.get(f.name), field_types[f.name])
            if not self.is_serialization_success(value):
                return value
            values[f.name] = value
        return target(**values)

    @staticmethod
    def _dataclass_target(obj: dict[str, Any], obj_type: Any) -> Any:
        candidates = get_args(obj_type) if _is_union(obj_type) else (obj_type,)
        candidates = tuple(c for c in candidates if is_dataclass(c) and isinstance(c, type))
        name = obj.get(DATACLASS_TYPE_KEY)
        if name is None:
            return candidates[0] if candidates else None
        return next((c for c in candidates if _type_name(c) == name), None)
