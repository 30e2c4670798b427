"""State: access, batching, change callbacks (server- and client-side), client_only, helpers."""

from __future__ import annotations

from tests.support.wire import Topic, connect, serving, until
from trame_desktop.server import Server, State


def test_attribute_and_item_access_update_has_setdefault_to_dict() -> None:
    state = State(ready=True)
    state.a = 1
    state["b"] = 2
    state.update({"c": 3}, d=4)
    assert (state.a, state["b"], state.c, state["d"]) == (1, 2, 3, 4)
    assert state.has("a") and "b" in state and not state.has("zzz")
    assert state.setdefault("a", 100) == 1
    assert state.setdefault("e", 5) == 5
    assert state.to_dict() == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5}
    assert state.missing is None


def test_change_callback_once_per_flush_with_whole_state_only_for_real_changes() -> None:
    state = State(ready=True)
    state.update(a=1, b=2)
    state.flush()
    calls: list[dict] = []
    state.change("a", "b")(lambda **kw: calls.append(kw))

    with state:
        state.a = 10
        state.b = 20
    assert calls == [{"a": 10, "b": 20}]

    state.a = 10  # same value: no change
    state.flush()
    assert len(calls) == 1

    state.a = 10.0  # another type is a change (1 == 1.0 but not the same value)
    state.flush()
    assert len(calls) == 2

    state.dirty("b")  # forced
    state.flush()
    assert len(calls) == 3
    assert state.is_dirty("b") is False


def test_nothing_flushes_before_ready_then_initial_values_count_as_changes() -> None:
    state = State()
    seen: list[int] = []
    state.change("x")(lambda x, **_: seen.append(x))
    state.x = 1
    state.flush()
    assert seen == []
    state.ready()
    assert seen == [1]


def test_callbacks_chain_and_see_modified_keys() -> None:
    state = State(ready=True)
    modified: list[set] = []

    @state.change("a")
    def on_a(a, **_):
        modified.append(state.modified_keys)
        state.b = a * 2

    @state.change("b")
    def on_b(b, **_):
        state.c = b + 1

    state.a = 5
    state.flush()
    assert (state.b, state.c) == (10, 11)
    assert modified == [{"a"}]


def test_clean_accepts_value_without_callbacks() -> None:
    state = State(ready=True)
    seen: list = []
    state.change("k")(lambda **kw: seen.append(kw))
    state.k = 1
    state.clean("k")
    state.flush()
    assert seen == [] and state.k == 1


async def test_batched_server_changes_reach_client_in_one_message() -> None:
    server = Server()
    server.state.update(a=0, b=0)
    async with serving(server):
        client = await connect(server)
        topic = Topic(client)
        with server.state:
            server.state.a = 1
            server.state.b = 2
        await until(lambda: topic.messages)
        assert topic.messages == [{"a": 1, "b": 2}]
        await client.close()


async def test_client_change_reaches_callback_and_other_clients_not_sender() -> None:
    server = Server()
    server.state.size = 1
    seen: list[int] = []

    @server.state.change("size")
    def on_size(size, **_):
        seen.append(size)
        server.state.area = size * size

    async with serving(server):
        assert seen == [1]  # initial flush at ready
        sender, other = await connect(server), await connect(server)
        sender_topic, other_topic = Topic(sender), Topic(other)
        await sender.call("trame.state.update", [{"key": "size", "value": 7}])
        await until(lambda: other_topic.merged().get("area") == 49)
        assert seen == [1, 7]
        assert other_topic.merged()["size"] == 7
        await until(lambda: "area" in sender_topic.merged())
        assert "size" not in sender_topic.merged()  # the sender has it already
        # the same value again is no change
        await sender.call("trame.state.update", [{"key": "size", "value": 7}])
        assert seen == [1, 7]
        await sender.close()
        await other.close()


async def test_client_only_keys_and_context_never_sent() -> None:
    server = Server()
    server.state.client_only("scroll")
    server.context.secret_thing = "server only"
    async with serving(server):
        client = await connect(server)
        initial = (await client.call("trame.state.get"))["state"]
        assert "scroll" in initial["trame__client_only"]
        assert "secret_thing" not in initial
        assert server.context.secret_thing == "server only"
        await client.close()
