"""Class-based apps (TrameApp, TrameComponent and the method decorators) on our core, as in trame."""

from __future__ import annotations

import pytest

from tests.support.wire import Topic, connect, serving, until
from trame_desktop import decorators
from trame_desktop.app import TrameApp, TrameComponent, get_server
from trame_desktop.decorators import change, controller, life_cycle, trigger


class Counter(TrameApp):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.ready_calls = 0
        self.state.count = 0

    @change("count")
    def on_count(self, count: int, **_: object) -> None:
        self.state.double = 2 * count

    @trigger("increment")
    def increment(self, step: int = 1) -> int:
        self.state.count += step
        return self.state.count

    @controller.set("reset")
    def reset(self) -> None:
        self.state.count = 0

    @life_cycle.server_ready
    def on_ready(self, **_: object) -> None:
        self.ready_calls += 1


async def test_a_trame_app_class_binds_its_methods_and_serves() -> None:
    app = Counter("class_app_counter")
    assert app.server is get_server("class_app_counter") and app.ctrl is app.server.controller
    async with serving(app.server):
        client = await connect(app.server)
        topic = Topic(client)
        assert await client.call("trame.trigger", "increment", [3], {}) == 3
        await until(lambda: topic.merged().get("double") == 6)
        app.ctrl.reset()
        app.state.flush()
        await until(lambda: topic.merged().get("count") == 0)
        assert app.ready_calls == 1
        await client.close()


def test_unbinding_a_component_stops_its_callbacks() -> None:
    server = get_server("class_app_unbind")
    server.state.ready()

    class Part(TrameComponent):
        seen: list[int]

        @change("value")
        def on_value(self, value: int, **_: object) -> None:
            self.seen.append(value)

        @trigger("poke")
        def poke(self) -> str:
            return "poked"

    part = Part(server, ctx_name="part")
    part.seen = []
    assert server.context.part is part
    server.state.value = 1
    server.state.flush()
    assert part.seen == [1] and server.controller.trigger_fn("poke")() == "poked"
    part._unbind_annotated_methods()
    server.state.value = 2
    server.state.flush()
    assert part.seen == [1] and server.controller.trigger_fn("poke") is None


def test_the_class_decorator_binds_under_a_namespace_too() -> None:
    @decorators.TrameApp(namespace="prefix")
    class Namespaced:
        def __init__(self) -> None:
            self.server = get_server("class_app_namespaced")
            self.prefix = "left_"

        @trigger("go")
        def go(self) -> str:
            return "went"

    Namespaced()
    ctrl = get_server("class_app_namespaced").controller
    assert ctrl.trigger_fn("go")() == "went" and ctrl.trigger_fn("left_go")() == "went"


def test_trames_own_decorators_mark_methods_our_components_bind() -> None:
    trame_decorators = pytest.importorskip("trame.decorators")
    server = get_server("class_app_trame_marks")

    class Part(TrameComponent):
        @trame_decorators.trigger("ping")
        def ping(self) -> str:
            return "pong"

    Part(server)
    assert server.controller.trigger_fn("ping")() == "pong"
