"""enable_module (resources, state, serve/www over HTTP), js_call, force push, child servers."""

from __future__ import annotations

import os
import types

import aiohttp
import pytest
from wslink import register
from wslink.websocket import LinkProtocol

from tests.support.wire import Topic, connect, serving, until
from trame_desktop.server import Server


async def test_enable_module_processes_every_attribute_once(tmp_path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "hello.txt").write_text("hello from serve")
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "index.html").write_text("<p>custom www</p>")
    calls: list = []
    module = types.ModuleType("my_module")
    module.setup = lambda server, **kwargs: calls.append(kwargs)
    module.scripts = ["data/a.js"]
    module.module_scripts = ["data/m.js"]
    module.styles = ["data/s.css"]
    module.vue_use = ["Plugin", ("Other", {"opt": 1})]
    module.state = {"from_module": 42}
    module.serve = {"data": str(tmp_path / "data")}
    module.www = str(tmp_path / "www")

    server = Server()
    assert server.enable_module(module, flag=True) is True
    assert server.enable_module(module, flag=True) is False  # seen before: skipped
    assert server.enable_module({"server": {"alias": str(tmp_path / "data")}, "styles": ["alias/x.css"]})
    assert calls == [{"flag": True}]
    state = server.state
    assert state.trame__scripts == ["data/a.js"] and state.trame__module_scripts == ["data/m.js"]
    assert state.trame__styles == ["data/s.css", "alias/x.css"]
    assert state.trame__vue_use == ["Plugin", ("Other", {"opt": 1})]
    assert state.from_module == 42
    async with serving(server), aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{server.port}"
        for path, text in [("/data/hello.txt", "hello from serve"), ("/alias/hello.txt", "hello from serve"), ("/", "custom www")]:
            async with http.get(base + path) as response:
                assert response.status == 200
                assert text in await response.text()
        async with http.get(base + "/data/../www/index.html") as response:
            assert response.status in (403, 404)  # never out of the root


async def test_client_bundles_are_cached_for_good_and_pages_never(tmp_path) -> None:
    """Content-hashed client bundles come from the disk cache on the next launch; anything else is revalidated."""
    import re

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app-ABCD1234.js").write_text("// an app's own file with a hash-like name")

    server = Server()
    server.enable_module({"serve": {"assets": str(tmp_path / "assets")}})
    async with serving(server), aiohttp.ClientSession() as http:
        base = f"http://127.0.0.1:{server.port}"
        async with http.get(base + "/index.html") as response:
            assert response.headers["Cache-Control"] == "no-store"
            bundle = re.search(r'src="\./(__trame_desktop/main-[A-Z0-9]{8}\.js)"', await response.text()).group(1)
        async with http.get(f"{base}/{bundle}") as response:
            assert response.status == 200
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        async with http.get(base + "/assets/app-ABCD1234.js") as response:  # the app's own: no promise
            assert response.status == 200 and "Cache-Control" not in response.headers


async def test_static_routes_do_not_follow_links_out_of_their_root(tmp_path) -> None:
    (tmp_path / "outside.txt").write_text("private")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(tmp_path / "outside.txt", root / "link.txt")

    server = Server()
    server.enable_module({"serve": {"pub": str(root)}})
    async with serving(server), aiohttp.ClientSession() as http, http.get(
        f"http://127.0.0.1:{server.port}/pub/link.txt"
    ) as response:
        assert response.status in (403, 404)


def test_bad_module_input_gets_clear_errors(tmp_path) -> None:
    server = Server()
    with pytest.raises(ValueError, match="is not a directory"):
        server.enable_module({"serve": {"x": str(tmp_path / "missing")}})
    with pytest.raises(TypeError, match="expects a module or a dict"):
        server.enable_module(42)


async def test_js_call_force_push_and_configured_protocols() -> None:
    class Extra(LinkProtocol):
        @register("my.echo")
        def echo(self, value):
            return {"echo": value}

    server = Server()
    server.add_protocol_to_configure(lambda protocol: protocol.registerLinkProtocol(Extra()))
    server.state.value = 3
    async with serving(server):
        client = await connect(server)
        actions, states = Topic(client, "trame.actions.topic"), Topic(client)
        server.js_call("field", "focus", 1, "two")
        await until(lambda: actions.messages)
        assert actions.messages == [[{"type": "method", "ref": "field", "method": "focus", "args": [1, "two"]}]]
        server.force_state_push("value")
        await until(lambda: {"value": 3} in states.messages)
        await client.call("trame.force.push", "value")
        await until(lambda: states.messages.count({"value": 3}) == 2)
        assert await client.call("my.echo", 7) == {"echo": 7}
        assert server.protocol_call("my.echo", 8) == {"echo": 8}
        await client.close()


async def test_child_servers_share_the_network_and_translate_names() -> None:
    root = Server()
    left = root.create_child_server(prefix="left_")
    right = root.create_child_server(prefix="right_")
    left.state.count, right.state.count = 1, 100
    seen: list = []

    @left.state.change("count")
    def on_left(count, **state):
        seen.append((count, "right_count" in state))

    @left.trigger("bump")
    def bump():
        left.state.count += 1

    assert left.root_server is root and left.port is None
    async with serving(left):  # a child's start starts its root
        assert left.port == root.port
        client = await connect(root)
        topic = Topic(client)
        initial = (await client.call("trame.state.get"))["state"]
        assert initial["left_count"] == 1 and initial["right_count"] == 100
        await client.call("trame.trigger", "left_bump", [], {})
        await until(lambda: topic.merged().get("left_count") == 2)
        assert right.state.count == 100 and root.state.left_count == 2
        await client.call("trame.state.update", [{"key": "left_count", "value": 9}])
        assert left.state.count == 9
        assert seen[-1] == (9, False)  # callbacks see their own names only
        await client.close()
