"""The app the abuse tests attack: run under a memory (and maybe fd) limit, it prints its port and serves probes.

Environment: ABUSE_SECRET, ABUSE_RLIMIT_AS (bytes), ABUSE_RLIMIT_NOFILE, ABUSE_LIMITS (JSON of
``Limits`` fields, to shorten deadlines), TRAME_WS_HEART_BEAT (0 disables the heartbeat).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import resource

address_space = int(os.environ.get("ABUSE_RLIMIT_AS", str(1 << 30)))
resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
if os.environ.get("ABUSE_RLIMIT_NOFILE"):
    files = int(os.environ["ABUSE_RLIMIT_NOFILE"])
    resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

# the limits come first: they must cover the imports too
from trame_desktop.server import Server, runtime  # noqa: E402
from trame_desktop.server.limits import Limits  # noqa: E402

if os.environ.get("ABUSE_LIMITS"):
    # shorter deadlines for the tests: the endpoint takes its limits as a keyword
    runtime.WebsocketEndpoint = functools.partial(  # type: ignore[misc]
        runtime.WebsocketEndpoint, limits=Limits(**json.loads(os.environ["ABUSE_LIMITS"]))
    )

server = Server()
state, ctrl = server.state, server.controller
state.count = 0
counters = {"connected": 0, "exited": 0, "running": 0, "cancelled": 0}


@server.trigger("add")
def add(n: int) -> int:
    state.count += n
    return state.count


@server.trigger("push_state")
async def push_state(n: int, size: int) -> int:
    for i in range(n):
        with state:
            state.blob = str(i % 10) * size
            state.seq = i
        await asyncio.sleep(0)  # as an app's loop would: writers to clients that read keep up
    return n


@server.trigger("push_actions")
async def push_actions(n: int, size: int) -> int:
    payload = "y" * size
    for _ in range(n):
        server.js_call("nobody", "noop", payload)
        await asyncio.sleep(0.001)
    return n


@server.trigger("forever")
async def forever() -> None:
    counters["running"] += 1
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        counters["cancelled"] += 1
        raise
    finally:
        counters["running"] -= 1


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@server.trigger("stats")
def stats() -> dict:
    return {
        **counters,
        "clients": counters["connected"] - counters["exited"],  # authenticated clients still there
        "rss_kib": _rss_kib(),
        "fds": len(os.listdir("/proc/self/fd")),
    }


@ctrl.add("on_client_connected")
def _connected() -> None:
    counters["connected"] += 1


@ctrl.add("on_client_exited")
def _exited() -> None:
    counters["exited"] += 1


@ctrl.add("on_server_ready")
def _ready(**_state: object) -> None:
    print(f"PORT {server.port}", flush=True)


server.start(
    port=0,
    host="127.0.0.1",
    open_browser=False,
    show_connection_info=False,
    timeout=0,
    exec_mode="main",
    secret=os.environ.get("ABUSE_SECRET", "abuse-secret"),
)
