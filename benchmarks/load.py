"""Load benchmark: how many clients and state pushes this package's server holds, and its memory per client.

The server runs a tiny app in a fresh subprocess per repetition (``--serve``); the benchmark process opens N
authenticated clients (``trame_desktop.server.wslink_client.WslinkClient``) on 127.0.0.1, each subscribed to
``trame.state.topic``, then asks a trigger to push M state changes and times until every client
has the last one. It reports, as the median of the repetitions:

- ``connect_ms``: time to open and authenticate the N clients, concurrently;
- ``memory_per_client_kib``: the server's RSS growth from 0 to N clients, divided by N;
- ``pushes_per_s``: M / time until all N clients have the M-th value;
- ``deliveries_per_s``: N x M / that same time;
- ``push_server_cpu_us``: the server's CPU time per push (all N clients served).

Every client must receive the last value (a push may be merged for a client that falls behind,
never lost); exit status 1 if one does not, 2 if the server does not start. Run it on two
revisions (before/after a change) to compare: ``python benchmarks/load.py [--quick] [--json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

SECRET = "wslink-secret"
START_TIMEOUT = 60.0
STEP_TIMEOUT = 120.0


def serve(port_file: Path) -> None:
    """Run the load app until terminated; write its port to ``port_file``."""
    sys.argv = [sys.argv[0], "--server"]
    from trame_desktop.server import Server

    server = Server("load-bench")
    state, ctrl = server.state, server.controller
    state.v = 0

    @ctrl.trigger("push")
    def _push(count: int, base: int) -> int:
        for i in range(count):
            with state:
                state.v = base + i
        return count

    @ctrl.trigger("stats")
    def _stats() -> dict[str, float]:
        return {"rss_kib": _rss_kib(), "cpu_s": time.process_time()}

    @ctrl.add("on_server_ready")
    def _ready(**_: Any) -> None:
        port_file.write_text(str(server.port))

    server.start(port=0, host="127.0.0.1", open_browser=False, show_connection_info=False, timeout=0, exec_mode="main")


def _rss_kib() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return float(line.split()[1])
    except OSError:
        pass
    import psutil

    return psutil.Process().memory_info().rss / 1024


class _Server:
    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory()
        port_file = Path(self._dir.name) / "port"
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port_file)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not port_file.exists() or not port_file.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                sys.stderr.write(self.process.communicate()[1][-4000:])
                raise SystemExit(2)
            time.sleep(0.05)
        self.url = f"ws://127.0.0.1:{port_file.read_text()}/ws"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._dir.cleanup()


async def _run_once(url: str, clients: int, pushes: int, base: int) -> dict[str, float]:
    from trame_desktop.server.wslink_client import WslinkClient

    probe = await WslinkClient(url, secret=SECRET).connect()
    empty = await probe.call("trame.trigger", "stats", [], {})
    started = time.perf_counter()
    opened = await asyncio.gather(*(WslinkClient(url, secret=SECRET).connect() for _ in range(clients)))
    connect_ms = (time.perf_counter() - started) * 1000
    await asyncio.sleep(0.2)
    full = await probe.call("trame.trigger", "stats", [], {})
    last = base + pushes - 1
    done = [asyncio.get_running_loop().create_future() for _ in opened]
    for client, future in zip(opened, done, strict=True):

        def on_state(message: dict, future: asyncio.Future = future) -> None:
            if message.get("v") == last and not future.done():
                future.set_result(None)

        client.subscribe("trame.state.topic", on_state)
    before = await probe.call("trame.trigger", "stats", [], {})
    started = time.perf_counter()
    await probe.call("trame.trigger", "push", [pushes, base], {})
    try:
        await asyncio.wait_for(asyncio.gather(*done), STEP_TIMEOUT)
    except asyncio.TimeoutError:
        missing = sum(1 for future in done if not future.done())
        raise SystemExit(f"check failed: {missing} of {clients} clients never got the last push") from None
    elapsed = time.perf_counter() - started
    after = await probe.call("trame.trigger", "stats", [], {})
    await asyncio.gather(*(client.close() for client in opened))
    await probe.close()
    return {
        "connect_ms": connect_ms,
        "memory_per_client_kib": (full["rss_kib"] - empty["rss_kib"]) / clients,
        "pushes_per_s": pushes / elapsed,
        "deliveries_per_s": clients * pushes / elapsed,
        "push_server_cpu_us": (after["cpu_s"] - before["cpu_s"]) / pushes * 1e6,
    }


async def _bench(clients: int, pushes: int, repetitions: int) -> dict[str, Any]:
    runs = []
    for repetition in range(repetitions):
        server = _Server()  # a fresh process each time: memory growth is not hidden by memory freed earlier
        try:
            runs.append(await _run_once(server.url, clients, pushes, base=1))
        finally:
            server.stop()
        print(f"repetition {repetition + 1}/{repetitions}: {runs[-1]}", file=sys.stderr)
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (20 clients, 200 pushes, one repetition)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    clients, pushes, repetitions = (20, 200, 1) if args.quick else (args.clients, args.pushes, args.repetitions)
    started = time.perf_counter()
    result = asyncio.run(_bench(clients, pushes, repetitions))
    if args.json:
        print(json.dumps({"clients": clients, "pushes": pushes, "repetitions": repetitions, **result}, indent=2))
        return
    print(f"load benchmark: {clients} clients x {pushes} state pushes, {repetitions} repetitions (median)")
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus")
    for key, value in result.items():
        print(f"{key:<24} {value:>12.1f}")
    print(f"\n(total {time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
