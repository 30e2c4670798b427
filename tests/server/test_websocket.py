"""The websocket endpoint: secrets, Origin/Host checks, malformed, oversized and unserializable data."""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
import pytest

from tests.support.wire import Topic, connect, serving, until, ws_url
from trame_desktop.server import Server
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
