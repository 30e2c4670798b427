"""Held, half-open and churning connections, DNS rebinding, and a gone client's calls: the rightful window keeps working."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import time

import aiohttp

from trame_desktop.server.wslink_client import WslinkClient

from .conftest import SECRET, Target, check_rightful, target_running, until_stats

HALF_A_REQUEST_LINE = b"GET /index.html HT"


def _raise_own_fd_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


def _open_held(port: int) -> socket.socket | None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        sock.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    except OSError:
        sock.close()
        return None
    return sock


async def test_held_half_open_connections_do_not_lock_out_the_rightful_client() -> None:
    attackers = 1100
    _raise_own_fd_limit(attackers + 200)
    with target_running({"ABUSE_RLIMIT_NOFILE": "256"}) as target:
        held: list[socket.socket] = []
        try:
            for _ in range(attackers):
                sock = _open_held(target.port)
                if sock is not None:
                    held.append(sock)
            await asyncio.sleep(0.5)
            for sock in held:
                with contextlib.suppress(OSError):
                    sock.send(HALF_A_REQUEST_LINE)
            # keep the pressure up while the rightful client connects: reopen what the server closed
            deadline = time.monotonic() + 20
            stats = None
            while stats is None and time.monotonic() < deadline:
                for index, sock in enumerate(held[:200]):
                    with contextlib.suppress(OSError):
                        if sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b"":
                            sock.close()
                            fresh = _open_held(target.port)
                            if fresh is not None:
                                held[index] = fresh
                with contextlib.suppress(AssertionError):
                    stats = await check_rightful(target, attempts=3)
            assert stats is not None, "the rightful client never got through"
            assert target.alive()
            assert stats["fds"] < 256
        finally:
            for sock in held:
                sock.close()
        assert target.log_bytes() < 512 * 1024  # no traceback per failed accept()


async def test_request_and_hello_deadlines_close_idle_connections() -> None:
    with target_running({"ABUSE_LIMITS": '{"request_timeout": 1.0, "hello_timeout": 1.0}'}) as target:
        silent = socket.create_connection(("127.0.0.1", target.port), timeout=10)
        silent.sendall(HALF_A_REQUEST_LINE)
        async with aiohttp.ClientSession() as session:
            ws = await session.ws_connect(target.url)  # upgraded, never says hello
            message = await asyncio.wait_for(ws.receive(), 10)
            assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert ws.close_code == aiohttp.WSCloseCode.POLICY_VIOLATION
        assert silent.recv(1) == b""  # the server hung up on half a request line
        silent.close()
        await check_rightful(target)


async def test_connect_abort_churn_leaves_nothing_behind(target: Target) -> None:
    before = await until_stats(target, lambda s: True, timeout=10)
    for index in range(300):
        sock = socket.create_connection(("127.0.0.1", target.port), timeout=10)
        if index % 3 == 0:
            sock.sendall(HALF_A_REQUEST_LINE)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
        sock.close()
    for _ in range(100):
        client = await WslinkClient(target.url, secret=SECRET).connect()
        await client.close()
    await until_stats(target, lambda s: s["fds"] <= before["fds"] + 2 and s["clients"] == 1, timeout=30)
    await check_rightful(target)


async def test_a_gone_clients_async_calls_are_cancelled_and_its_exit_hook_runs(target: Target) -> None:
    client = await WslinkClient(target.url, secret=SECRET).connect()
    for _ in range(1000):
        client.send_packed({"wslink": "1.0", "id": f"rpc:x:{_}", "method": "trame.trigger", "args": ["forever", [], {}], "kwargs": {}})
    await until_stats(target, lambda s: s["running"] == 1000, timeout=30)
    await client.close()
    after = await until_stats(target, lambda s: s["running"] == 0, timeout=30)
    assert after["cancelled"] == 1000
    assert after["connected"] - after["exited"] == 1
    await check_rightful(target)


async def test_files_refuse_a_foreign_host_and_carry_protective_headers(target: Target) -> None:
    async with aiohttp.ClientSession() as session:
        base = f"http://127.0.0.1:{target.port}"
        for path in ("/index.html", "/", "/nothing-here"):
            async with session.get(base + path, headers={"Host": f"attacker.example:{target.port}"}) as refused:
                assert refused.status == 403
                assert "Python" not in refused.headers.get("Server", "")
        async with session.get(base + "/index.html") as page:
            assert page.status == 200
            headers = page.headers
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["X-Frame-Options"] == "DENY"
            assert headers["Referrer-Policy"] == "no-referrer"
            assert "aiohttp" not in headers.get("Server", "") and "Python" not in headers.get("Server", "")
    await check_rightful(target)
