"""Starting and stopping: every exec mode, idle timeout, idempotent stop, signals, two servers."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.support.wire import connect, serving
from trame_desktop.server import Server

APPS = Path(__file__).parent / "apps"


async def test_properties_before_and_after_start() -> None:
    server = Server(name="props")
    assert not server.running and server.protocol is None and server.port is None
    with pytest.raises(RuntimeError, match="no protocol until start"):
        server.protocol_call("trame.state.get")
    async with serving(server):
        assert server.running and server.ready.done()
        assert server.port > 0 and server.server_options.port == server.port
        assert server.protocol_call("trame.state.get")["name"] == "props"
        with pytest.raises(LookupError):
            server.protocol_call("no.such.rpc")
    assert not server.running


def test_cli_has_trame_flags_and_apps_can_extend_it() -> None:
    server = Server()
    server.cli.add_argument("--data")
    args, _ = server.cli.parse_known_args(
        ["-p", "1234", "--host", "0.0.0.0", "--server", "--app", "--timeout", "9", "--authKey", "k", "--debug", "--data", "x"]
    )
    assert (args.port, args.host, args.server, args.app, args.timeout, args.authKey, args.debug, args.data) == (
        1234, "0.0.0.0", True, True, 9, "k", True, "x",
    )


def test_client_type_is_settable_once() -> None:
    server = Server()
    assert server.client_type == "vue3"
    server.client_type = "vue3"
    with pytest.raises(TypeError):
        server.client_type = "vue2"
    with pytest.raises(ValueError):
        Server().client_type = "react"


async def test_coroutine_mode_and_second_start_is_a_noop() -> None:
    server = Server()
    coroutine = server.start(port=0, exec_mode="coroutine", open_browser=False, timeout=0)
    assert asyncio.iscoroutine(coroutine)
    assert server.start(port=0, exec_mode="task") is None  # already starting
    task = asyncio.ensure_future(coroutine)
    await server.ready
    client = await connect(server)
    await client.close()
    await server.stop()
    await task


async def test_stop_is_idempotent_closes_websockets_and_exits_once() -> None:
    server = Server()
    exited: list[int] = []
    server.controller.on_server_exited.add(lambda **_: exited.append(1))
    task = server.start(port=0, exec_mode="task", open_browser=False, timeout=0)
    await server.ready
    port = server.port
    client = await connect(server)
    await asyncio.gather(server.stop(), server.stop())
    await server.stop()
    assert client.closed.is_set()
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)  # listening socket closed
    await task
    assert exited == [1]


async def test_timeout_stops_a_server_without_clients() -> None:
    server = Server()
    task = server.start(port=0, exec_mode="task", open_browser=False, timeout=1)
    await server.ready
    client = await connect(server)
    await asyncio.sleep(1.3)
    assert server.running  # a client is connected: no idle stop
    await client.close()
    await asyncio.wait_for(task, 5)
    assert not server.running


@pytest.mark.parametrize("mode", ["main", "desktop"])
def test_main_mode_in_a_thread_and_desktop_mode_bind_loopback(mode: str) -> None:
    server = Server()
    ready = threading.Event()
    loops: list[asyncio.AbstractEventLoop] = []

    def on_ready(**_):
        loops.append(asyncio.get_running_loop())
        ready.set()

    server.controller.on_server_ready.add(on_ready)
    kwargs = {"port": 0, "timeout": 0, "open_browser": False} if mode == "main" else {}
    thread = threading.Thread(target=server.start, kwargs={"thread": True, "exec_mode": mode, **kwargs})
    thread.start()
    assert ready.wait(10)
    assert server.server_options.host in ("127.0.0.1", "localhost")
    if mode == "desktop":
        assert server.server_options.authKey != "wslink-secret"  # a fresh secret per launch
    asyncio.run_coroutine_threadsafe(server.stop(), loops[0]).result(10)
    thread.join(10)
    assert not thread.is_alive()


async def test_a_socket_bound_before_start_is_served_and_early_requests_wait() -> None:
    """``start(sock=...)``: the desktop shell binds first, so the window can ask before the server serves."""
    from trame_desktop.server.sockets import bind_socket

    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    early = socket.create_connection(("127.0.0.1", port), timeout=10)  # before start(): queued, not refused
    early.sendall(b"GET /index.html HTTP/1.0\r\nHost: 127.0.0.1:%d\r\n\r\n" % port)

    server = Server(name="early")
    async with serving(server, sock=sock):
        assert server.port == port and server.server_options.port == port
        reply = await asyncio.to_thread(early.recv, 64)
        assert reply.split(b"\r\n")[0].endswith(b" 200 OK"), reply
        client = await connect(server)
        assert (await client.call("trame.state.get"))["name"] == "early"
        await client.close()
    early.close()
    with pytest.raises(OSError):  # stop() closed the socket it was given
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def test_start_refuses_a_sock_that_is_not_a_socket() -> None:
    with pytest.raises(TypeError, match=r"sock must be a bound, listening socket\.socket"):
        Server().start(sock=8080, exec_mode="coroutine")


async def test_two_servers_in_one_process_are_independent() -> None:
    one, two = Server(name="one"), Server(name="two")
    one.state.value, two.state.value = 1, 2
    async with serving(one), serving(two):
        assert one.port != two.port
        a, b = await connect(one), await connect(two)
        assert (await a.call("trame.state.get"))["state"]["value"] == 1
        assert (await b.call("trame.state.get"))["state"]["value"] == 2
        await a.call("trame.state.update", [{"key": "value", "value": 10}])
        assert two.state.value == 2 and one.state.value == 10
        await a.close()
        await b.close()


def test_unsupported_backend_names_the_missing_package() -> None:
    with pytest.raises(RuntimeError, match="needs the 'tornado' package"):
        Server().start(backend="tornado", exec_mode="coroutine")
    with pytest.raises(ValueError, match="exec_mode"):
        Server().start(exec_mode="bogus")


def test_main_mode_handles_sigterm_and_exits_cleanly() -> None:
    process = subprocess.Popen([sys.executable, str(APPS / "signal_app.py")], stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("PORT ")
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "EXITED" in out and "RETURNED" in out
