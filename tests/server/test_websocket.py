"""The websocket endpoint: secrets, Origin/Host checks, malformed, oversized and unserializable data, limits."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import struct

import aiohttp
import msgpack
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from tests.support.wire import Topic, connect, serving, until, ws_url
from trame_desktop.server import Server
from trame_desktop.server.headers import content_security_policy, inline_script_hashes, protective_headers
from trame_desktop.server.log_limit import RateLimitFilter
from trame_desktop.server.outbox import Outbox
from trame_desktop.server.unchunker import BoundedUnChunker, ChunkLimitError
from trame_desktop.server.wslink_client import RpcError, WslinkClient


async def test_wrong_or_missing_secret_is_refused_before_any_rpc() -> None:
    server = Server()
    called: list = []
    server.trigger("t")(lambda: called.append(1))
    async with serving(server, secret="s3cret"):
        with pytest.raises(RpcError) as refused:
            await connect(server, secret="wrong")
        assert "Authentication failed" in str(refused.value)
        anonymous = await WslinkClient(ws_url(server)).connect(authenticate=False)
        reply = anonymous.send_packed({"wslink": "1.0", "id": "rpc:x:1", "method": "trame.trigger", "args": ["t", [], {}], "kwargs": {}})
        with pytest.raises(RpcError) as unauthorized:
            await asyncio.wait_for(reply, 5)
        assert "Unauthorized" in str(unauthorized.value)
        assert called == []
        good = await connect(server, secret="s3cret")
        await good.call("trame.trigger", "t", [], {})
        assert called == [1]
        for client in (anonymous, good):
            await client.close()


async def test_auth_key_from_command_line_is_enforced(monkeypatch) -> None:
    monkeypatch.setenv("TRAME_ARGS", "--authKey from-cli")  # under pytest, the way to pass arguments

    server = Server()
    async with serving(server):
        with pytest.raises(RpcError):
            await connect(server)  # default secret no longer works
        client = await connect(server, secret="from-cli")
        assert (await client.call("trame.state.get"))["name"] == "trame"
        await client.close()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Host": "attacker.example:80"},  # DNS rebinding: a foreign Host name
    ],
)
async def test_foreign_origin_or_host_is_refused_before_upgrade(headers: dict) -> None:
    server = Server()
    async with serving(server):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(server, headers=headers)
        assert refused.value.status == 403
        # our own origin is welcome
        own = await connect(server, headers={"Origin": f"http://127.0.0.1:{server.port}"})
        await own.close()


async def test_malformed_messages_are_reported_and_the_connection_keeps_working(caplog) -> None:
    caplog.set_level(logging.WARNING)
    server = Server()
    server.trigger("ping")(lambda: "pong")
    async with serving(server):
        client = await connect(server)
        await client.send_raw(b"\x00\x01")  # shorter than a chunk header
        await client.send_raw(b"\x00" * 12 + b"\xc1garbage")  # header, then not msgpack
        error = client.send_packed({"wslink": "1.0", "id": "rpc:x:9", "method": 42})
        with pytest.raises(RpcError) as invalid:
            await asyncio.wait_for(error, 5)
        assert "Invalid request" in str(invalid.value)
        assert await client.call("trame.trigger", "ping", [], {}) == "pong"
        await client.close()
    assert "malformed message" in caplog.text


async def test_oversized_message_closes_that_socket_only() -> None:
    server = Server(ws_max_msg_size=2000)
    server.trigger("ping")(lambda: "pong")
    async with serving(server):
        big, other = await connect(server), await connect(server)
        await big.send_raw(b"\x00" * 5000)
        await asyncio.wait_for(big.closed.wait(), 5)
        assert big.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        assert await other.call("trame.trigger", "ping", [], {}) == "pong"
        await big.close()
        await other.close()


async def test_unserializable_state_value_is_named_and_not_pushed(caplog) -> None:
    server = Server()
    async with serving(server):
        client = await connect(server)
        topic = Topic(client)
        with server.state:
            server.state.bad = object()
            server.state.good = 1
        await until(lambda: topic.messages)
        assert topic.messages == [{"good": 1}]
        assert "bad" not in (await client.call("trame.state.get"))["state"]
        await client.close()
    assert "'bad' cannot be serialized" in caplog.text


async def test_log_network_writes_both_directions_without_the_secret(tmp_path) -> None:
    log = tmp_path / "net" / "wire.jsonl"

    server = Server(log_network=str(log))
    server.trigger("ping")(lambda: "pong")
    async with serving(server, secret="hide-me"):
        client = await connect(server, secret="hide-me")
        await client.call("trame.trigger", "ping", [], {})
        await client.close()
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    directions = {line["dir"] for line in lines}
    assert directions == {"c2s", "s2c"}
    assert any(line["msg"].get("method") == "trame.trigger" for line in lines if line["dir"] == "c2s")
    assert any(line["msg"].get("result") == "pong" for line in lines if line["dir"] == "s2c")
    assert "hide-me" not in log.read_text()


# -- limits (see tests/abuse for the same over real attacks) -----------------------------
async def test_chunk_declaring_more_than_the_limit_closes_that_socket_only() -> None:
    server = Server(ws_max_msg_size=100_000)
    server.trigger("ping")(lambda: "pong")
    async with serving(server):
        big, other = await connect(server), await connect(server)
        await big.send_raw(struct.pack("<III", 1, 0, 4 * 1024**3 - 1) + b"x")  # wslink would allocate 4 GiB
        await asyncio.wait_for(big.closed.wait(), 5)
        assert big.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        assert await other.call("trame.trigger", "ping", [], {}) == "pong"
        await big.close()
        await other.close()


async def test_hello_reply_announces_the_servers_message_size() -> None:
    server = Server(ws_max_msg_size=50_000)
    async with serving(server):
        client = WslinkClient(ws_url(server))
        await client.connect(authenticate=False)
        reply = await asyncio.wait_for(
            client.send_packed({"wslink": "1.0", "id": "system:c0:0", "method": "wslink.hello", "args": [{"secret": "wslink-secret"}]}), 5
        )
        assert reply["maxMsgSize"] == 50_000
        await client.close()


async def test_a_gone_clients_async_triggers_are_cancelled() -> None:
    server = Server()
    started: list[int] = []
    cancelled: list[int] = []
    exited: list[int] = []
    server.controller.on_client_exited.add(lambda: exited.append(1))

    @server.trigger("wait")
    async def wait() -> None:
        started.append(1)
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(1)
            raise

    async with serving(server):
        client = await connect(server)
        for index in range(20):
            client.send_packed({"wslink": "1.0", "id": f"rpc:x:{index}", "method": "trame.trigger", "args": ["wait", [], {}], "kwargs": {}})
        await until(lambda: len(started) == 20)
        await client.close()
        await until(lambda: len(cancelled) == 20 and exited == [1])


async def test_http_routes_check_host_and_send_protective_headers(tmp_path) -> None:
    (tmp_path / "index.html").write_text("<p>hi</p>")

    server = Server()
    server.serve["files"] = str(tmp_path)
    async with serving(server), aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{server.port}/files/index.html"
        async with session.get(url, headers={"Host": f"attacker.example:{server.port}"}) as refused:
            assert refused.status == 403
        async with session.get(url) as page:
            assert page.status == 200
            assert "default-src 'self'" in page.headers["Content-Security-Policy"]
            assert page.headers["X-Content-Type-Options"] == "nosniff"
            assert page.headers["X-Frame-Options"] == "DENY"
            assert page.headers["Referrer-Policy"] == "no-referrer"
            assert page.headers["Server"] == "trame-desktop"


async def test_outbox_merges_state_pushes_past_high_water_in_order_and_refuses_past_the_limit() -> None:
    def pack(message: dict) -> list[bytes]:
        return [msgpack.packb(message)]

    def push(outbox: Outbox, message: dict) -> bool:
        frames = pack(message)
        return outbox.put(frames, len(frames[0]), message if str(message["id"]).startswith("publish:trame.state") else None)

    outbox = Outbox(high_water=10, limit=400, pack=pack)
    assert push(outbox, {"id": "publish:trame.state.topic:1", "result": {"a": 1, "b": 1}})
    assert push(outbox, {"id": "rpc:1", "result": "reply"})
    for index in range(2, 6):
        assert push(outbox, {"id": f"publish:trame.state.topic:{index}", "result": {"a": index}})
    assert push(outbox, {"id": "publish:trame.state.topic:6", "result": {"c": 6}})
    assert outbox.merged == 4
    received = []
    while not outbox.empty():
        frames = await outbox.get()
        assert frames is not None
        received.extend(msgpack.unpackb(frame) for frame in frames)
    assert received == [
        {"id": "publish:trame.state.topic:1", "result": {"a": 1, "b": 1}},
        {"id": "rpc:1", "result": "reply"},  # a state push never jumps over another message
        {"id": "publish:trame.state.topic:6", "result": {"a": 5, "c": 6}},  # 2..6 merged, later keys win
    ]
    assert outbox.queued_bytes == 0
    assert not push(outbox, {"id": "rpc:2", "result": "x" * 500})  # past the limit: the caller drops the client


def test_unchunker_bounds_size_count_and_age_of_unfinished_messages() -> None:
    now = [0.0]
    unchunker = BoundedUnChunker(limit=512, ceiling=10_000, budget=lambda auth: 10_000 if auth else 2048, max_pending=4, ttl=30, clock=lambda: now[0])
    with pytest.raises(ChunkLimitError):
        unchunker.process_chunk(struct.pack("<III", 1, 0, 513))  # before hello: 512 at most
    for message_id in range(4):
        assert unchunker.process_chunk(struct.pack("<III", message_id, 0, 500) + b"x") is None
    with pytest.raises(ChunkLimitError):
        unchunker.process_chunk(struct.pack("<III", 9, 0, 10))  # a fifth unfinished one
    now[0] = 31.0  # the four expire
    assert unchunker.process_chunk(struct.pack("<III", 9, 0, 10) + b"x") is None
    assert list(unchunker.pending_messages) == [9]
    unchunker.set_max_message_size(4 * 1024**3)  # what wslink asks after hello
    assert unchunker.max_message_size == 10_000
    packed = msgpack.packb({"id": "x"})
    assert unchunker.process_chunk(struct.pack("<III", 10, 0, len(packed)) + packed) == {"id": "x"}


def test_rate_limit_filter_lets_a_burst_through_then_counts() -> None:
    now = [0.0]
    limiter = RateLimitFilter(burst=3, window=10, clock=lambda: now[0])

    def record(msg: str) -> logging.LogRecord:
        return logging.LogRecord("x", logging.WARNING, __file__, 1, msg, None, None)

    assert [limiter.filter(record("flood %s")) for _ in range(5)] == [True, True, True, False, False]
    assert limiter.filter(record("other"))
    now[0] = 11.0
    later = record("flood %s")
    assert limiter.filter(later)
    assert "2 similar messages suppressed" in later.msg


async def test_app_headers_come_after_the_protective_ones() -> None:
    hook = protective_headers(content_security_policy(), {"Content-Security-Policy": "default-src *"})
    response = web.Response()
    await hook(make_mocked_request("GET", "/", headers={"Host": "127.0.0.1:1"}), response)
    assert response.headers["Content-Security-Policy"] == "default-src *"  # the app's own policy wins
    assert response.headers["X-Frame-Options"] == "DENY"


def test_inline_script_hashes_cover_only_scripts_that_run(tmp_path) -> None:
    page = tmp_path / "index.html"
    page.write_text('<script src="a.js"></script><script type="application/json">{}</script><script>go()</script>')
    digest = base64.b64encode(hashlib.sha256(b"go()").digest()).decode()
    assert inline_script_hashes(page) == [f"'sha256-{digest}'"]
    assert inline_script_hashes(tmp_path / "missing.html") == []


async def test_our_client_gets_a_hash_only_policy_and_a_modules_client_may_run_inline_scripts(tmp_path) -> None:
    (tmp_path / "index.html").write_text("<script>window.x = 1</script><p>their client</p>")
    ours, theirs = Server(), Server()
    theirs.enable_module({"www": str(tmp_path)})
    async with serving(ours), serving(theirs), aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{ours.port}/index.html") as page:
            policy = page.headers["Content-Security-Policy"]
            assert "'unsafe-inline'" not in policy.split("style-src")[0]
        async with session.get(f"http://127.0.0.1:{theirs.port}/index.html") as page:
            script_src = page.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
            assert "'unsafe-inline'" in script_src and "sha256-" not in script_src
