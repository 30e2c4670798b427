"""TypedState: a dataclass-shaped view of state keys, with typed reads, writes and change callbacks."""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, Field, fields, is_dataclass
from typing import Any, Generic, TypeVar, cast

from ..state import State
from .state_encoding import (
    CollectionEncoderDecoder,
    DefaultEncoderDecoder,
    IStateEncoderDecoder,
    resolved_field_types,
)

__all__ = ["CollectionEncoderDecoder", "DefaultEncoderDecoder", "IStateEncoderDecoder", "State", "T", "TypedState", "V"]

T = TypeVar("T")
V = TypeVar("V")


def _default_of(f: Field[Any]) -> Any:
    """The field's default (a fresh one from its factory), or MISSING."""
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return MISSING


def _is_nested(field_type: Any) -> bool:
    return isinstance(field_type, type) and is_dataclass(field_type)


class _BoundField:
    """One leaf field of a data proxy: the state key it lives in, and how its value is typed."""

    __slots__ = ("encoder", "field_type", "state", "state_id")

    def __init__(self, state: Any, state_id: str, field_type: Any, encoder: IStateEncoderDecoder) -> None:
        self.state = state
        self.state_id = state_id
        self.field_type = field_type
        self.encoder = encoder

    def get_value(self) -> Any:
        return self.encoder.decode(self.state[self.state_id], self.field_type)

    def set_value(self, value: Any) -> None:
        self.state[self.state_id] = self.encoder.encode(value)

    def set_default_value(self, value: Any) -> None:
        # Never over a value the state has already (another view, or the app, set it first).
        self.state.setdefault(self.state_id, self.encoder.encode(value))

    def __repr__(self) -> str:
        return f"<field {self.state_id}: {self.field_type}>"


class _Proxy:
    """What both proxies share: the dataclass they mirror, their own state id, their members
    (field name -> leaf or nested proxy) and the index of every state id at or below them."""

    __slots__ = ("_td_index", "_td_members", "_td_state_id", "_td_type")
    _td_type: type
    _td_state_id: str
    _td_members: dict[str, Any]
    _td_index: dict[str, Any]
    _kind = ""

    def __init__(self, dataclass_type: type, state_id: str, members: dict[str, Any], index: dict[str, Any]) -> None:
        object.__setattr__(self, "_td_type", dataclass_type)
        object.__setattr__(self, "_td_state_id", state_id)
        object.__setattr__(self, "_td_members", members)
        object.__setattr__(self, "_td_index", index)

    def _member(self, name: str) -> Any:
        members = object.__getattribute__(self, "_td_members")
        if name not in members:
            dataclass_type = object.__getattribute__(self, "_td_type")
            msg = f"{dataclass_type.__name__} has no field {name!r}"
            raise AttributeError(msg)
        return members[name]

    def __dir__(self) -> Iterable[str]:
        return [*object.__getattribute__(self, "_td_members"), *super().__dir__()]

    def __repr__(self) -> str:
        return f"<{self._td_type.__name__} {self._kind} proxy {self._td_state_id!r}>"


class _DataProxy(_Proxy):
    """Reads and writes the state through its fields: ``proxy.count += 1`` updates a state key."""

    _kind = "data"

    def __getattr__(self, name: str) -> Any:
        member = self._member(name)
        return member if isinstance(member, _Proxy) else member.get_value()

    def __setattr__(self, name: str, value: Any) -> None:
        member = self._member(name)
        if isinstance(member, _DataProxy):  # a whole nested dataclass: field by field
            TypedState.from_dataclass(member, value)
        else:
            member.set_value(value)


class _NameProxy(_Proxy):
    """Gives the state key of each field (``v_model=(typed.name.count,)`` in a template)."""

    _kind = "name"

    def __getattr__(self, name: str) -> Any:
        return self._member(name)

    def __setattr__(self, name: str, value: Any) -> None:
        msg = f"the state key names of {self._td_type.__name__} are read-only"
        raise AttributeError(msg)


# Makes a leaf of a proxy from (state id, dataclass field, resolved field type).
_LeafFactory = Callable[[str, Field[Any], Any], Any]


def _build(dataclass_type: type, prefix: str, proxy_cls: type[_Proxy], make_leaf: _LeafFactory) -> _Proxy:
    """A proxy for ``dataclass_type`` whose keys are ``<prefix>__<Class>__<field>`` (trame's names,
    which templates and clients use), nested dataclasses one level deeper each."""
    state_id = f"{prefix}__{dataclass_type.__name__}" if prefix else dataclass_type.__name__
    members: dict[str, Any] = {}
    index: dict[str, Any] = {}
    # Resolved hints rather than Field.type, which is a string under `from __future__ import annotations`.
    field_types = resolved_field_types(dataclass_type)
    for f in fields(dataclass_type):
        field_id = f"{state_id}__{f.name}"
        field_type = field_types[f.name]
        if _is_nested(field_type):
            child = _build(field_type, field_id, proxy_cls, make_leaf)
            index.update(child._td_index)
            members[f.name] = child
            if proxy_cls is _DataProxy:
                default = _default_of(f)
                if default is not MISSING:
                    # After the child set its own class defaults, so those win (as in trame-server).
                    _apply_defaults(child, default)
        else:
            members[f.name] = index[field_id] = make_leaf(field_id, f, field_type)
    proxy = proxy_cls(dataclass_type, state_id, members, index)
    index[state_id] = proxy
    return proxy


def _apply_defaults(proxy: _Proxy, value: Any) -> None:
    for f in fields(proxy._td_type):
        member = proxy._td_members[f.name]
        if isinstance(member, _Proxy):
            _apply_defaults(member, getattr(value, f.name))
        else:
            member.set_default_value(getattr(value, f.name))


class TypedState(Generic[T]):
    """A dataclass-typed view of a state.

    ``typed.data`` reads and writes state keys with the dataclass's types (values are encoded for
    the wire and decoded back), ``typed.name`` gives those keys' names for templates, and
    ``bind_changes`` calls a callback with the decoded values of the fields it watches. Fields
    with a default set their key unless the state has it already. Keys are named
    ``[<namespace>__]<Class>__<field>``, nested dataclasses below their field.
    """

    def __init__(
        self,
        state: State,
        dataclass_type: type[T],
        *,
        namespace: str = "",
        encoders: list[IStateEncoderDecoder] | None = None,
        encoder: IStateEncoderDecoder | None = None,
        data: T | None = None,
        name: T | None = None,
    ) -> None:
        self._encoder: IStateEncoderDecoder = encoder or CollectionEncoderDecoder(encoders)
        self.state = state
        self.data: T = (
            data
            if data is not None
            else self._create_state_proxy(dataclass_type, state, namespace=namespace, encoder=self._encoder)
        )
        self.name: T = name if name is not None else self._create_state_names_proxy(dataclass_type, namespace=namespace)

    # -- instance API -------------------------------------------------------------------------
    def bind_changes(self, change_dict: dict[Any, Callable[..., Any]]) -> None:
        """Bind each key (a name, a proxy, or a list or tuple of them) to its callback, which is
        called with the decoded value of each key, in order (a nested proxy as the proxy)."""
        for keys, callback in change_dict.items():
            self.bind_typed_state_change(keys, callback, self.state, self.data)

    def encode(self, value: Any) -> Any:
        """``value`` as this view would store it in the state."""
        return self._encoder.encode(value)

    def get_dataclass(self) -> T:
        """The current values, as an instance of the dataclass."""
        return self.as_dataclass(self.data)

    def set_dataclass(self, data: T) -> None:
        """Set every field from ``data``, an instance of the dataclass."""
        self.from_dataclass(self.data, data)

    def get_sub_state(self, sub_name: V) -> TypedState[V]:
        """A view of a nested dataclass on the same keys, from its name proxy
        (``typed.get_sub_state(typed.name.inner)``), e.g. to hand to a sub-component."""
        if not self.is_name_proxy_class(sub_name):
            msg = f"Sub state creation should be called with a Name Proxy instance. Got: {type(sub_name)}"
            raise RuntimeError(msg)
        sub_data = self.get_field_proxy_dict(self.data)[self.get_state_id(sub_name)]
        return TypedState(
            self.state,
            cast(type[V], self._get_proxy_dataclass_type_or_raise(sub_name)),
            encoder=self._encoder,
            data=sub_data,
            name=sub_name,
        )

    @contextmanager
    def suppress_change_listeners(self) -> Iterator[None]:
        """Within the block, changes of this view's keys call no change callback on the server
        (``bind_changes`` or ``@state.change``); the clients still get them."""
        with self.state.suppress_change_listeners(*self.get_field_proxy_dict(self.name)):
            yield

    # -- proxies ------------------------------------------------------------------------------
    @classmethod
    def _create_state_proxy(
        cls,
        dataclass_type: type[T],
        state: State,
        *,
        namespace: str = "",
        encoder: IStateEncoderDecoder | None = None,
    ) -> T:
        codec = encoder or CollectionEncoderDecoder()

        def leaf(state_id: str, f: Field[Any], field_type: Any) -> _BoundField:
            bound = _BoundField(state, state_id, field_type, codec)
            default = _default_of(f)
            if default is not MISSING:
                bound.set_default_value(default)
            return bound

        return cast(T, _build(dataclass_type, namespace, _DataProxy, leaf))

    @classmethod
    def _create_state_names_proxy(cls, dataclass_type: type[T], *, namespace: str = "") -> T:
        return cast(T, _build(dataclass_type, namespace, _NameProxy, lambda state_id, _f, _t: state_id))

    @classmethod
    def _get_proxy_dataclass_type(cls, instance: Any) -> type | None:
        return instance._td_type if isinstance(instance, _Proxy) else None

    @classmethod
    def _get_proxy_dataclass_type_or_raise(cls, instance: Any) -> type:
        dataclass_type = cls._get_proxy_dataclass_type(instance)
        if dataclass_type is None:
            msg = f"Expected an instance of type __Proxy got {type(instance).__name__}."
            raise RuntimeError(msg)
        return dataclass_type

    @classmethod
    def is_proxy_class(cls, instance: Any) -> bool:
        """True for a data or a name proxy."""
        return isinstance(instance, _Proxy)

    @classmethod
    def is_name_proxy_class(cls, instance: Any) -> bool:
        return isinstance(instance, _NameProxy)

    @classmethod
    def is_data_proxy_class(cls, instance: Any) -> bool:
        return isinstance(instance, _DataProxy)

    @classmethod
    def get_state_id(cls, instance: Any, default: str = "") -> str:
        """The state id of a proxy (its dataclass's level), else ``default``."""
        return instance._td_state_id if isinstance(instance, _Proxy) else default

    @classmethod
    def get_field_proxy_dict(cls, instance: Any) -> dict[str, Any]:
        """Every state id at or below the proxy, mapped to its leaf or nested proxy."""
        cls._get_proxy_dataclass_type_or_raise(instance)
        return cast(dict[str, Any], instance._td_index)

    @classmethod
    def as_dataclass(cls, instance: T) -> T:
        """The proxy's current values as a dataclass instance (nested ones included)."""
        dataclass_type = cls._get_proxy_dataclass_type_or_raise(instance)
        values = {}
        for f in fields(dataclass_type):
            value = getattr(instance, f.name)
            values[f.name] = cls.as_dataclass(value) if cls.is_proxy_class(value) else value
        return cast(T, dataclass_type(**values))

    @classmethod
    def from_dataclass(cls, instance: T, dataclass_obj: T) -> None:
        """Set every field of the proxy from ``dataclass_obj``, an instance of its dataclass."""
        dataclass_type = cls._get_proxy_dataclass_type_or_raise(instance)
        if not isinstance(dataclass_obj, dataclass_type):
            msg = f"Expected instance of {dataclass_type.__name__}, got {type(dataclass_obj).__name__}"
            raise TypeError(msg)
        members = cast(_Proxy, instance)._td_members
        for f in fields(dataclass_type):
            value = getattr(dataclass_obj, f.name)
            if isinstance(members[f.name], _DataProxy):
                cls.from_dataclass(members[f.name], value)
            else:
                setattr(instance, f.name, value)

    # -- change binding -----------------------------------------------------------------------
    @classmethod
    def get_reactive_state_id_keys(cls, keys: Iterable[Any]) -> list[str]:
        """The state ids whose changes concern ``keys``: a proxy stands for every id below it."""
        react: list[str] = []
        for key in keys:
            react.extend(cls.get_field_proxy_dict(key) if cls.is_proxy_class(key) else [key])
        return react

    @classmethod
    def get_value_state_keys(cls, keys: Iterable[Any]) -> list[str]:
        """The state id of each key (a name as is, a proxy as its own id)."""
        return [cls.get_state_id(key, key) for key in keys]

    @classmethod
    def bind_typed_state_change(
        cls,
        keys: Any,
        callback: Callable[..., Any],
        state: State,
        data: T,
    ) -> None:
        """Call ``callback(*values)`` when any of ``keys`` changes, one decoded value per key.

        ``callback`` may be a coroutine function (it is then scheduled) or a
        ``weakref.WeakMethod`` (called while its object lives, as ``state.change`` does).
        """
        index = cls.get_field_proxy_dict(data)
        if isinstance(keys, list):
            keys = tuple(keys)
        elif not isinstance(keys, tuple):
            keys = (keys,)
        value_keys = cls.get_value_state_keys(keys)
        unknown = [key for key in value_keys if key not in index]
        if unknown:  # said now, not at each change as a failing callback
            msg = f"not keys of this typed state: {unknown}"
            raise KeyError(msg)

        def resolve() -> Callable[..., Any] | None:
            return callback() if isinstance(callback, weakref.WeakMethod) else callback

        def values() -> list[Any]:
            members = (index[key] for key in value_keys)
            return [m if isinstance(m, _Proxy) else m.get_value() for m in members]

        def on_change(**_: Any) -> Any:
            func = resolve()
            return None if func is None else func(*values())

        async def on_change_async(**_: Any) -> None:
            func = resolve()
            if func is not None:
                await func(*values())

        is_async = inspect.iscoroutinefunction(resolve())
        state.change(*cls.get_reactive_state_id_keys(keys))(on_change_async if is_async else on_change)
