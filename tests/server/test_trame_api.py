"""trame-server's public API, name for name and behaviour for behaviour, on our core."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from tests.support.wire import Topic, connect, serving, until
from trame_desktop.server import Controller, Server, State, Translator
from trame_desktop.server import controller as our_controller
from trame_desktop.server import ui as our_ui

trame_core = pytest.importorskip("trame_server.core")
trame_state = pytest.importorskip("trame_server.state")
trame_controller = pytest.importorskip("trame_server.controller")
trame_ui = pytest.importorskip("trame_server.ui")
trame_namespace = pytest.importorskip("trame_server.utils.namespace")


def public(cls: type) -> set[str]:
    return {name for name in dir(cls) if not name.startswith("_")}


@pytest.mark.parametrize(
    ("theirs", "ours"),
    [
        (trame_core.Server, Server),
        (trame_state.State, State),
        (trame_controller.Controller, Controller),
        (trame_controller.ControllerFunction, our_controller.ControllerFunction),
        (trame_namespace.Translator, Translator),
        (trame_ui.VirtualNodeManager, our_ui.VirtualNodeManager),
    ],
    ids=lambda cls: cls.__name__,
)
def test_every_public_name_of_trame_server_exists_here(theirs: type, ours: type) -> None:
    assert public(theirs) - public(ours) == set()


def test_the_python_client_has_trames_names() -> None:
    from trame_desktop.server.client import Client as OurClient

    theirs = pytest.importorskip("trame_server.client").Client
    assert public(theirs) - public(OurClient) == set()


@pytest.mark.parametrize(("theirs", "ours"), [("trame.app", "trame_desktop.app"),
                                              ("trame.app.asynchronous", "trame_desktop.app.asynchronous"),
                                              ("trame.decorators", "trame_desktop.decorators")])
def test_trames_app_modules_have_twins(theirs: str, ours: str) -> None:
    import importlib

    their_module = pytest.importorskip(theirs)
    our_module = importlib.import_module(ours)
    names = set(getattr(their_module, "__all__", None) or [n for n in dir(their_module) if not n.startswith("_")])
    assert {name for name in names if not hasattr(our_module, name)} == set()


# -- Translator ---------------------------------------------------------------------------------
def test_translator_rewrites_state_names_in_expressions_and_templates() -> None:
    translator = Translator(prefix="child_")
    state = State(translator)
    state.update(a=1, b=2)
    assert translator.translate_js_expression(state, "a + b * other") == "child_a + child_b * other"
    assert translator.translate_js_expression(state, "toggle(a, 'a')") == "toggle(child_a, 'child_a')"
    assert translator.translate_vue_templating(state, "Sum: {{ a + b }}, a stays") == "Sum: {{ child_a + child_b }}, a stays"
    assert translator.reverse_translate_list(["child_a", "trame__title"]) == ["a", "trame__title"]
    assert translator.translate_key("on_server_ready") == "on_server_ready"  # lifecycle hooks are shared


def test_reverse_translation_leaves_out_shadowed_keys() -> None:
    translator = Translator(prefix="c_")
    translator.add_translation("shared", "shared")
    assert translator.reverse_translate_dict({"c_a": 1, "a": 2, "shared": 3}) == {"a": 1, "shared": 3}


def test_child_state_reads_through_its_names_and_root_to_dict_is_on_the_wire() -> None:
    root = Server()
    child = root.create_child_server(prefix="left_")
    child.state.count = 3
    assert root.state["left_count"] == 3 and child.state.count == 3
    child.state.translator.add_translation("title", "app_title")
    child.state.title = "T"
    assert root.state.app_title == "T"
    assert "left_count" in root.state.to_dict()


# -- State --------------------------------------------------------------------------------------
def test_suppress_change_listeners_skips_callbacks_but_not_the_value() -> None:
    state = State(ready=True)
    calls: list[str] = []
    state.change("a")(lambda **_: calls.append("a"))
    state.change("b")(lambda **_: calls.append("b"))
    with state.suppress_change_listeners("a"):
        state.update(a=1, b=1)
        state.flush()
    assert calls == ["b"] and state.a == 1
    with state.suppress_change_listeners():
        state.update(a=2, b=2)
        state.flush()
    assert calls == ["b"]
    state.a = 3
    state.flush()
    assert calls == ["b", "a"]


class Watcher:
    def __init__(self) -> None:
        self.seen: list[int] = []

    def on_a(self, a: int, **_: object) -> None:
        self.seen.append(a)

    def on_call(self, value: int) -> int:
        self.seen.append(value)
        return value


def test_weak_method_callbacks_are_called_while_their_object_lives() -> None:
    state = State(ready=True)
    ctrl = Controller()
    watcher = Watcher()
    state.change("a")(weakref.WeakMethod(watcher.on_a))
    ctrl.call.add(weakref.WeakMethod(watcher.on_call))
    state.a = 1
    state.flush()
    ctrl.call(5)
    assert watcher.seen == [1, 5]
    del watcher
    gc.collect()
    state.a = 2
    state.flush()  # the dead reference is skipped, nothing raises
    assert ctrl.call(6) == [None]


async def test_a_change_is_pushed_before_what_its_callbacks_change() -> None:
    server = Server()
    server.state.update(a=0, doubled=0)

    @server.state.change("a")
    def double(a: int, **_: object) -> None:
        server.state.doubled = 2 * a

    async with serving(server):
        client = await connect(server)
        topic = Topic(client)
        server.state.a = 4
        server.state.flush()
        await until(lambda: len(topic.messages) >= 2)
        assert topic.messages[:2] == [{"a": 4}, {"doubled": 8}]
        await client.close()


async def test_clear_state_client_cache_sends_an_unchanged_value_again() -> None:
    server = Server()
    server.state.v = 1
    async with serving(server):
        client = await connect(server)
        topic = Topic(client)
        server.state.v = 1
        server.state.flush()
        server.clear_state_client_cache("v")
        server.state.v = 1
        server.state.flush()
        await until(lambda: topic.messages)
        assert topic.messages == [{"v": 1}]
        await client.close()


# -- Controller ---------------------------------------------------------------------------------
async def test_once_add_task_remove_task() -> None:
    ctrl = Controller()
    calls: list[str] = []
    ctrl.hook.once(lambda: calls.append("once"))

    @ctrl.add_task("hook")
    async def in_a_task() -> None:
        calls.append("task")

    results = ctrl.hook()
    assert calls == ["once"] and isinstance(results[-1], asyncio.Task)
    await results[-1]
    ctrl.hook()
    await asyncio.sleep(0)
    assert calls == ["once", "task", "task"]
    ctrl.hook.remove_task(in_a_task)
    assert not ctrl.hook.exists()

    @ctrl.once("other")
    def first_only() -> str:
        return "first"

    assert ctrl.other() == ["first"]
    with pytest.raises(our_controller.FunctionNotImplementedError):
        ctrl.other()


def test_clear_set_only_keeps_the_main_function() -> None:
    ctrl = Controller()
    ctrl.f = lambda: "main"
    ctrl.f.add(lambda: "added")
    ctrl.f.clear(set_only=True)
    assert ctrl.f() == "main"
    ctrl.f.clear()
    assert not ctrl.f.exists()


def test_trigger_unregister_returns_the_other_half() -> None:
    ctrl = Controller()

    def fn() -> None: ...

    name = ctrl.trigger_name(fn)
    assert ctrl.trigger_unregister(fn) == name and ctrl.trigger_fn(name) is None
    ctrl.trigger("named")(fn)
    assert ctrl.trigger_unregister("named") is fn
    assert ctrl.trigger_unregister("named") is False


# -- Server -------------------------------------------------------------------------------------
async def test_http_headers_and_network_completion() -> None:
    server = Server()
    server.http_headers.set_header("X-App", "1")
    server.http_headers.shared_array_buffer = True
    assert server.http_headers.shared_array_buffer
    assert server.http_headers.get_header("Cross-Origin-Opener-Policy") == "same-origin"
    server.http_headers.remove_header("X-App")
    assert "X-App" not in server.http_headers.headers
    await asyncio.wait_for(server.network_completion, 1)  # not started: done at once
    async with serving(server):
        await asyncio.wait_for(server.network_completion, 5)


# -- exec modes -----------------------------------------------------------------------------------
async def test_task_mode_reports_a_bind_error_through_ready() -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        server = Server()
        task = server.start(port=port, host="127.0.0.1", exec_mode="task", open_browser=False, timeout=0)
        assert isinstance(task, asyncio.Task)
        with pytest.raises(OSError):
            await asyncio.wait_for(server.ready, 5)
        with pytest.raises(OSError):
            await task
        assert not server.running
    async with serving(server):  # and it starts on a free port afterwards
        assert server.running


async def test_cancelling_the_start_task_settles_ready() -> None:
    server = Server()
    task = server.start(port=0, exec_mode="task", open_browser=False, timeout=0)
    task.cancel()
    assert await asyncio.wait_for(server.ready, 5) is False
    assert not server.running
    async with serving(server):
        assert server.running


def test_a_server_restarted_in_a_new_loop_is_ready_again() -> None:
    server = Server()

    async def once() -> bool:
        server.start(port=0, exec_mode="task", open_browser=False, timeout=0)
        ready = await asyncio.wait_for(server.ready, 5)
        await server.stop()
        return ready  # asyncio.run then cancels what is left of the run

    assert asyncio.run(once()) is True
    assert asyncio.run(once()) is True


async def test_serve_takes_trames_path_and_mode_pairs(tmp_path) -> None:
    import aiohttp

    (tmp_path / "data.txt").write_text("served")
    server = Server()
    server.serve["files"] = (str(tmp_path), "sync")
    async with serving(server), aiohttp.ClientSession() as http, http.get(
        f"http://127.0.0.1:{server.port}/files/data.txt"
    ) as response:
        assert response.status == 200 and await response.text() == "served"


async def test_the_apps_http_headers_reach_every_response(tmp_path) -> None:
    import aiohttp

    (tmp_path / "page.html").write_text("<p>x</p>")
    server = Server()
    server.serve["files"] = str(tmp_path)
    server.http_headers.set_header("X-App-Header", "yes")
    server.http_headers.shared_array_buffer = True
    async with serving(server), aiohttp.ClientSession() as http, http.get(
        f"http://127.0.0.1:{server.port}/files/page.html"
    ) as response:
        assert response.status == 200
        assert response.headers["X-App-Header"] == "yes"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
