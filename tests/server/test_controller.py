"""Controller functions, triggers over the wire, async callbacks and lifecycle hooks."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.wire import connect, serving, until
from trame_desktop.server import Controller, FunctionNotImplementedError, Server
from trame_desktop.server.wslink_client import RpcError


def test_set_call_add_exists_and_decorators() -> None:
    ctrl = Controller()
    assert not ctrl.render.exists()
    with pytest.raises(FunctionNotImplementedError):
        ctrl.render()
    proxy = ctrl.render  # late binding: taken before it is set
    ctrl.render = lambda x: x + 1
    assert proxy(1) == 2 and ctrl.render.exists()
    calls: list[str] = []
    ctrl.render.add(lambda x: calls.append(f"a{x}"))

    @ctrl.add("render")
    def second(x):
        calls.append(f"b{x}")

    assert ctrl.render(5) == [6, None, None]
    assert calls == ["a5", "b5"]

    @ctrl.set("reset")
    def reset():
        return "done"

    assert ctrl["reset"]() == "done"
    with pytest.raises(NameError):
        ctrl.trigger = print  # methods cannot be replaced
    assert ctrl.nothing.enable_empty()() is None


def test_trigger_name_registers_once() -> None:
    server = Server()

    def fn():
        return 1

    name = server.trigger_name(fn)
    assert name.startswith("trigger__") and server.trigger_name(fn) == name
    assert server.controller.trigger_fn(name) is fn


async def test_triggers_from_client_sync_async_with_args() -> None:
    server = Server()
    server.state.total = 0

    @server.trigger("add")
    def add(a, b=0):
        server.state.total = a + b
        return a + b

    @server.trigger("slow_double")
    async def slow_double(x):
        await asyncio.sleep(0.01)
        server.state.after_await = True
        return 2 * x

    named = server.trigger_name(lambda: "anonymous")
    async with serving(server):
        client = await connect(server)
        pushed: list = []
        client.subscribe("trame.state.topic", pushed.append)
        assert await client.call("trame.trigger", "add", [2], {"b": 3}) == 5
        assert await client.call("trame.trigger", "slow_double", [21], {}) == 42
        assert await client.call("trame.trigger", named, [], {}) == "anonymous"
        await until(lambda: {"total": 5} in pushed and {"after_await": True} in pushed)
        await client.close()


async def test_lifecycle_hooks_fire_in_order() -> None:
    server = Server()
    events: list[str] = []
    ctrl = server.controller
    ctrl.on_server_start.add(lambda s: events.append("start" if s is server else "bad"))
    ctrl.on_server_ready.add(lambda **state: events.append(f"ready:{state['trame__title']}"))
    ctrl.on_client_connected.add(lambda: events.append("connected"))
    ctrl.on_client_exited.add(lambda: events.append("exited"))

    async def exited_async(**_):
        await asyncio.sleep(0)
        events.append("server_exited")

    ctrl.on_server_exited.add(exited_async)
    errors: list = []
    ctrl.on_error = errors.append
    async with serving(server):
        client = await connect(server)
        await client.call("trame.error.client", "ReferenceError: x is not defined")
        await client.close()
        await until(lambda: "exited" in events)
    assert events == ["start", "ready:trame-desktop", "connected", "exited", "server_exited"]
    assert errors == ["ReferenceError: x is not defined"]


async def test_unknown_and_raising_triggers_report_errors_and_keep_serving(caplog) -> None:
    server = Server()

    @server.trigger("boom")
    def boom():
        raise ValueError("kaboom-42")

    @server.trigger("ok")
    def ok():
        return "fine"

    async with serving(server):
        a, b = await connect(server), await connect(server)
        with pytest.raises(RpcError) as unknown:
            await a.call("trame.trigger", "nope", [], {})
        assert "Unknown trigger 'nope'" in unknown.value.data["exception"]
        with pytest.raises(RpcError) as raised:
            await a.call("trame.trigger", "boom", [], {})
        assert "kaboom-42" in raised.value.data["exception"]
        assert await a.call("trame.trigger", "ok", [], {}) == "fine"
        assert await b.call("trame.trigger", "ok", [], {}) == "fine"
        await a.close()
        await b.close()
    logged = "\n".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "Trigger 'boom' raised" in logged
    assert any(r.exc_info and "kaboom-42" in str(r.exc_info[1]) for r in caplog.records)
