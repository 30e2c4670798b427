"""TypedState on our State: typed reads and writes of state keys, typed change callbacks, encoders."""

from __future__ import annotations

import asyncio
import gc
import weakref
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from decimal import Decimal
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any, Generic, TypeVar
from uuid import UUID

import pytest

from tests.support.wire import connect, serving, until
from trame_desktop.server import Server, State
from trame_desktop.server.utils import typed_state
from trame_desktop.server.utils.typed_state import (
    CollectionEncoderDecoder,
    DefaultEncoderDecoder,
    IStateEncoderDecoder,
    TypedState,
)


class Color(Enum):
    RED = "red"
    BLUE = "blue"


class Level(IntEnum):
    LOW = 1
    HIGH = 2


@dataclass
class Point:
    x: int = 0
    y: int = 0


@dataclass
class Circle:
    center: Point = field(default_factory=Point)
    radius: float = 1.0
    color: Color = Color.RED


@dataclass
class Scene:
    circle: Circle = field(default_factory=Circle)
    title: str = "scene"
    tags: list[str] = field(default_factory=list)


def ready_state() -> State:
    return State(ready=True)


# -- names ----------------------------------------------------------------------------------
def test_every_public_name_of_trame_server_typed_state_exists_here() -> None:
    theirs = pytest.importorskip("trame_server.utils.typed_state")
    names = {"TypedState", "IStateEncoderDecoder", "DefaultEncoderDecoder", "CollectionEncoderDecoder", "State", "T", "V"}
    assert names <= set(dir(theirs)), "trame-server renamed something: update this list"
    assert {n for n in names if not hasattr(typed_state, n)} == set()
    for cls in ("TypedState", "IStateEncoderDecoder", "DefaultEncoderDecoder", "CollectionEncoderDecoder"):
        public = {n for n in dir(getattr(theirs, cls)) if not n.startswith("_")}
        assert public - set(dir(getattr(typed_state, cls))) == set(), cls


def test_state_keys_are_named_as_trame_server_names_them() -> None:
    typed = TypedState(ready_state(), Scene, namespace="ns")
    assert typed.name.title == "ns__Scene__title"
    assert typed.name.circle.center.x == "ns__Scene__circle__Circle__center__Point__x"
    assert TypedState.get_state_id(typed.name.circle) == "ns__Scene__circle__Circle"
    assert TypedState(ready_state(), Point).name.x == "Point__x"


# -- reading and writing --------------------------------------------------------------------
def test_defaults_fill_the_state_without_overwriting_it() -> None:
    state = ready_state()
    state["Circle__radius"] = 5.0
    TypedState(state, Circle)
    assert state["Circle__radius"] == 5.0
    assert state["Circle__color"] == "red"
    assert state["Circle__center__Point__x"] == 0


def test_a_field_write_reaches_the_state_key_encoded() -> None:
    state = ready_state()
    typed = TypedState(state, Circle, namespace="c")
    typed.data.color = Color.BLUE
    typed.data.center.x = 7
    assert state["c__Circle__color"] == "blue"
    assert state["c__Circle__center__Point__x"] == 7
    state["c__Circle__color"] = "red"  # as a client would send it
    assert typed.data.color is Color.RED


def test_an_unknown_field_is_an_error() -> None:
    typed = TypedState(ready_state(), Point)
    with pytest.raises(AttributeError):
        _ = typed.data.z  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        typed.data.z = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        typed.name.x = "other"


def test_set_and_get_dataclass_with_nested_dataclasses() -> None:
    state = ready_state()
    typed = TypedState(state, Scene)
    scene = Scene(circle=Circle(center=Point(3, 4), radius=2.5, color=Color.BLUE), title="t", tags=["a"])
    typed.set_dataclass(scene)
    assert state["Scene__circle__Circle__center__Point__y"] == 4
    assert typed.get_dataclass() == scene
    typed.data.circle = Circle(radius=9.0)
    assert typed.data.circle.radius == 9.0 and typed.data.circle.center.x == 0
    with pytest.raises(TypeError):
        typed.set_dataclass(Point())  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        TypedState.as_dataclass(Point())


def test_proxy_class_queries() -> None:
    typed = TypedState(ready_state(), Circle)
    assert TypedState.is_proxy_class(typed.data) and TypedState.is_proxy_class(typed.name.center)
    assert TypedState.is_data_proxy_class(typed.data.center) and not TypedState.is_data_proxy_class(typed.name)
    assert TypedState.is_name_proxy_class(typed.name) and not TypedState.is_proxy_class(Circle())
    assert TypedState.get_state_id("plain", "fallback") == "fallback"
    assert set(TypedState.get_reactive_state_id_keys([typed.name.center, "other"])) == {
        "Circle__center__Point__x", "Circle__center__Point__y", "Circle__center__Point", "other",
    }
    assert TypedState.get_value_state_keys([typed.data.center, "k"]) == ["Circle__center__Point", "k"]


# -- change callbacks -----------------------------------------------------------------------
def test_a_state_change_reaches_the_typed_callback_decoded() -> None:
    state = ready_state()
    typed = TypedState(state, Circle)
    seen: list[Any] = []
    typed.bind_changes({typed.name.color: seen.append})
    state["Circle__color"] = "blue"
    state.flush()
    assert seen == [Color.BLUE]


def test_bind_changes_on_several_keys_and_on_a_nested_proxy() -> None:
    state = ready_state()
    typed = TypedState(state, Circle)
    state.flush()  # the defaults' first push is behind us
    several: list[tuple[Any, ...]] = []
    nested: list[Any] = []
    typed.bind_changes({
        (typed.name.radius, typed.name.color): lambda radius, color: several.append((radius, color)),
        typed.name.center: nested.append,
    })
    with state:
        typed.data.radius = 2.0
        typed.data.color = Color.BLUE
    assert several == [(2.0, Color.BLUE)]  # once per flush, with both values
    assert nested == []
    typed.data.center.y = 5
    state.flush()
    assert len(nested) == 1 and TypedState.is_data_proxy_class(nested[0]) and nested[0].y == 5
    assert several == [(2.0, Color.BLUE)]


def test_binding_a_key_outside_the_typed_state_fails_at_once() -> None:
    typed = TypedState(ready_state(), Point)
    with pytest.raises(KeyError):
        typed.bind_changes({"not_a_field": print})


async def test_an_async_typed_callback_is_awaited() -> None:
    state = ready_state()
    typed = TypedState(state, Point)
    done = asyncio.Event()
    seen: list[int] = []

    async def on_x(x: int) -> None:
        await asyncio.sleep(0)
        seen.append(x)
        done.set()

    typed.bind_changes({typed.name.x: on_x})
    typed.data.x = 3
    state.flush()
    await asyncio.wait_for(done.wait(), 5)
    assert seen == [3]


class Listener:
    def __init__(self) -> None:
        self.seen: list[int] = []

    def on_x(self, x: int) -> None:
        self.seen.append(x)


def test_a_weak_method_callback_is_called_while_its_object_lives() -> None:
    state = ready_state()
    typed = TypedState(state, Point)
    listener = Listener()
    typed.bind_changes({typed.name.x: weakref.WeakMethod(listener.on_x)})
    typed.data.x = 1
    state.flush()
    assert listener.seen == [1]
    del listener
    gc.collect()
    typed.data.x = 2
    state.flush()  # nothing raises, nothing is called


def test_suppress_change_listeners_silences_only_this_typed_state() -> None:
    state = ready_state()
    typed = TypedState(state, Point)
    calls: list[str] = []
    typed.bind_changes({typed.name.x: lambda x: calls.append("typed")})
    state.change("other")(lambda **_: calls.append("other"))
    with typed.suppress_change_listeners():
        typed.data.x = 4
        state.other = 1
        state.flush()
    assert calls == ["other"]
    assert state["Point__x"] == 4
    typed.data.x = 5
    state.flush()
    assert calls == ["other", "typed"]


def test_get_sub_state_shares_the_keys() -> None:
    state = ready_state()
    typed = TypedState(state, Scene, namespace="s")
    sub = typed.get_sub_state(typed.name.circle.center)
    sub.data.x = 8
    assert typed.data.circle.center.x == 8 and sub.name.x == typed.name.circle.center.x
    assert sub.get_dataclass() == Point(8, 0)
    with pytest.raises(RuntimeError):
        typed.get_sub_state(typed.data.circle)


# -- encoders -------------------------------------------------------------------------------
@dataclass
class Everything:
    color: Color = Color.BLUE
    level: Level = Level.HIGH
    uid: UUID = field(default_factory=lambda: UUID(int=42))
    day: date = date(2024, 2, 29)
    moment: datetime = datetime(2024, 2, 29, 12, 30, tzinfo=timezone.utc)
    clock: time = time(8, 15)
    path: Path = Path("/tmp/data.vti")
    amount: Decimal = Decimal("10.25")
    points: list[Point] = field(default_factory=lambda: [Point(1, 2), Point(3, 4)])
    by_name: dict[str, Color] = field(default_factory=lambda: {"a": Color.RED})
    pair: tuple[int, str] = (1, "one")
    many: tuple[int, ...] = (1, 2, 3)
    unique: set[int] = field(default_factory=lambda: {1, 2})
    maybe: Point | None = None
    either: int | str = "5"
    anything: Any = None


def test_encoders_round_trip_every_supported_type() -> None:
    state = ready_state()
    typed = TypedState(state, Everything)
    value = Everything(maybe=Point(5, 6), anything={"k": [1]})
    typed.set_dataclass(value)
    assert typed.get_dataclass() == value
    assert state["Everything__uid"] == str(UUID(int=42))
    assert state["Everything__moment"] == "2024-02-29T12:30:00+00:00"
    assert state["Everything__path"] == "/tmp/data.vti"
    assert state["Everything__amount"] == "10.25"
    assert state["Everything__points"][0] == {"x": 1, "y": 2, "__trame_typed_state__": f"{__name__}.Point"}
    assert sorted(state["Everything__unique"]) == [1, 2]


def test_what_the_wire_makes_of_values_still_decodes() -> None:
    # msgpack turns tuples into lists; the field's type says what to rebuild.
    state = ready_state()
    typed = TypedState(state, Everything)
    state.update({"Everything__pair": [2, "two"], "Everything__many": [4, 5], "Everything__unique": [3]})
    assert typed.data.pair == (2, "two") and typed.data.many == (4, 5) and typed.data.unique == {3}


def test_a_union_of_dataclasses_decodes_to_the_encoded_one() -> None:
    codec = CollectionEncoderDecoder()
    encoded = codec.encode(Circle(center=Point(1, 1)))
    assert codec.decode(encoded, Point | Circle) == Circle(center=Point(1, 1))
    with pytest.raises(TypeError):
        codec.decode(encoded, Point)
    with pytest.raises(TypeError):
        codec.decode("not a number", int)


class Celsius:
    def __init__(self, degrees: float) -> None:
        self.degrees = degrees

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Celsius) and other.degrees == self.degrees


class CelsiusEncoder(IStateEncoderDecoder):
    def encode(self, obj: Any) -> Any:
        return f"{obj.degrees}C" if isinstance(obj, Celsius) else self.failed_serialization()

    def decode(self, obj: Any, obj_type: Any) -> Any:
        if obj_type is Celsius and isinstance(obj, str):
            return Celsius(float(obj.removesuffix("C")))
        return self.failed_serialization()


@dataclass
class Weather:
    temperature: Celsius = field(default_factory=lambda: Celsius(20.0))
    history: list[Celsius] = field(default_factory=list)
    color: Color = Color.RED


def test_custom_encoders_come_first_and_the_default_still_applies() -> None:
    state = ready_state()
    typed = TypedState(state, Weather, encoders=[CelsiusEncoder(), DefaultEncoderDecoder()])
    assert state["Weather__temperature"] == "20.0C"
    typed.data.history = [Celsius(1.5)]
    typed.data.color = Color.BLUE
    assert state["Weather__history"] == ["1.5C"] and state["Weather__color"] == "blue"
    assert typed.get_dataclass() == Weather(Celsius(20.0), [Celsius(1.5)], Color.BLUE)
    assert typed.encode(Celsius(3.0)) == "3.0C"
    plain = Celsius(3.0)
    assert CollectionEncoderDecoder().encode(plain) is plain  # without ours, left as is


K = TypeVar("K")


@dataclass
class Box(Generic[K]):
    content: K


@dataclass
class PointBox(Box[Point]):
    label: str = ""


def test_a_generic_dataclass_field_takes_its_type_argument() -> None:
    state = ready_state()
    typed = TypedState(state, PointBox)
    assert typed.name.content.x == "PointBox__content__Point__x"
    typed.data.content.x = 2
    assert typed.get_dataclass() == PointBox(content=Point(2, 0))


# -- side by side with trame-server ---------------------------------------------------------
def trame_pair() -> tuple[Any, Any]:
    """trame-server's TypedState class and a ready trame-server state."""
    their_typed = pytest.importorskip("trame_server.utils.typed_state")
    their_state = pytest.importorskip("trame_server.state")
    translator = pytest.importorskip("trame_server.utils.namespace").Translator()
    state = their_state.State(translator)
    state.ready()
    return their_typed.TypedState, state


@dataclass
class Wrapper:
    # The field's own default says x=5, the nested class's says x=0: which one wins is not obvious.
    point: Point = field(default_factory=lambda: Point(x=5, y=6))
    level: Level = Level.LOW


def scenario(typed_cls: Any, state: Any) -> dict[str, Any]:
    """The same story on either implementation: what the state holds and what callbacks saw."""
    typed = typed_cls(state, Wrapper, namespace="w")
    after_defaults = {key: state[key] for key in sorted(typed_cls.get_field_proxy_dict(typed.name)) if state.has(key)}
    seen: list[Any] = []
    typed.bind_changes({(typed.name.level, typed.name.point.x): lambda *values: seen.append(values)})
    state["w__Wrapper__level"] = 2  # as a client sends an enum
    state.flush()
    state["w__Wrapper__point__Point__x"] = "7"  # a text input sends text
    state.flush()
    return {
        "defaults": after_defaults,
        "seen": seen,
        "dataclass": typed.get_dataclass(),
        "encoded": typed.encode(Wrapper()),
        "float_from_int": float_from_int(typed_cls, state),
    }


def float_from_int(typed_cls: Any, state: Any) -> Any:
    state["Circle__radius"] = 2  # a JavaScript number that happens to be whole
    return typed_cls(state, Circle).data.radius


def test_side_by_side_defaults_decoding_and_callbacks() -> None:
    their_cls, their_state = trame_pair()
    theirs = scenario(their_cls, their_state)
    ours = scenario(TypedState, ready_state())
    assert ours == theirs
    assert ours["defaults"]["w__Wrapper__point__Point__x"] == 0  # the nested class's default wins
    assert ours["seen"][-1] == (Level.HIGH, 7)
    assert ours["float_from_int"] == 2.0 and isinstance(ours["float_from_int"], float)


def test_where_we_decode_what_trame_server_does_not() -> None:
    # Deliberate differences, each where trame-server's decoder fails or changes the value:
    codec = CollectionEncoderDecoder()
    assert codec.decode("5", int | str) == "5"  # a value of one member's type is kept
    assert codec.decode(5, str | int) == 5
    assert codec.decode({"k": 1}, Any) == {"k": 1}  # Any is taken as is
    assert codec.decode([1, "a"], tuple[int, str]) == (1, "a")  # per-position tuple types
    assert codec.decode([2, 1], set[int]) == {1, 2}


def test_side_by_side_encoding() -> None:
    their_module = pytest.importorskip("trame_server.utils.typed_state")
    value = Everything(maybe=Point(5, 6))
    theirs = their_module.CollectionEncoderDecoder().encode(value)
    ours = CollectionEncoderDecoder().encode(value)
    # Sets are the one difference: msgpack cannot send a set, so we send a list.
    assert sorted(ours.pop("unique")) == sorted(theirs.pop("unique"))
    assert ours == theirs


# -- on the wire ----------------------------------------------------------------------------
async def test_a_client_update_of_a_typed_field_reaches_the_typed_callback_decoded() -> None:
    server = Server()
    typed = TypedState(server.state, Circle, namespace="ui")
    seen: list[tuple[Color, Point]] = []
    typed.bind_changes({(typed.name.color, typed.name.center): lambda color, center: seen.append((color, center))})
    async with serving(server):
        client = await connect(server)
        initial = await client.call("trame.state.get")
        assert initial["state"][typed.name.color] == "red"
        await client.call("trame.state.update", [{"key": typed.name.color, "value": "blue"}])
        await until(lambda: any(color is Color.BLUE for color, _ in seen))
        _, center = seen[-1]
        assert TypedState.as_dataclass(center) == Point(0, 0)
        assert typed.data.color is Color.BLUE
        await client.close()
