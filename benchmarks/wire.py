"""Wire benchmark: this package's server against the ``trame`` package's server, side by side.

Each server runs the same tiny app in its own subprocess (``--serve ours|trame``); the
benchmark process drives both over a real websocket on 127.0.0.1 with the same client
(``trame_desktop.server.wslink_client.WslinkClient``), interleaving the two servers, and prints:

1. trigger round trip p50/p99 (``trame.trigger("noop", [], {})``, awaited);
2. state round trip p50/p99 (client sets ``x``, the server's ``@state.change("x")`` sets
   ``y = x``, timed from the send until that ``y`` arrives on ``trame.state.topic``);
3. pipelined ``trame.state.update`` calls per second (all in flight, then all awaited; the
   server's count of ``@state.change("n")`` calls is checked against the number sent);
4. server push messages per second (a trigger flushes M distinct values of ``v``, one
   ``with state:`` each; the client counts the messages until the last one arrives).

Usage: ``python benchmarks/wire.py [--quick] [--json]``. It exits 0 whatever the ratios,
1 if a check fails (an update or a push lost, a wrong value), 2 if a server does not start.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SERVERS = ("ours", "trame")
SECRET = "wslink-secret"
START_TIMEOUT = 60.0
STEP_TIMEOUT = 60.0
LATENCY_BLOCK = 50  # round trips on one server before switching to the other


# ---------------------------------------------------------------------------------------
# The app each server subprocess runs
# ---------------------------------------------------------------------------------------
def serve(kind: str, port_file: Path) -> None:
    """Run the benchmark app on ``kind``'s server until terminated; write its port to a file."""
    sys.argv = [sys.argv[0], "--server"]  # neither server's CLI should see our flags
    if kind == "ours":
        from trame_desktop.server import Server

        server = Server("wire-bench")
    else:
        from trame.app import get_server

        server = get_server("wire-bench")
    state, ctrl = server.state, server.controller
    counts = {"n": 0, "last_n": None}
    state.update({"x": 0, "y": 0, "n": 0, "v": 0})

    @state.change("x")
    def _on_x(x: Any, **_: Any) -> None:
        state.y = x

    @state.change("n")
    def _on_n(n: Any, **_: Any) -> None:
        counts["n"] += 1
        counts["last_n"] = n

    @ctrl.trigger("noop")
    def _noop() -> int:
        return 0

    @ctrl.trigger("push")
    def _push(count: int, base: int) -> int:
        for i in range(count):
            with state:
                state.v = base + i
        return count

    @ctrl.trigger("stats")
    def _stats() -> dict[str, Any]:
        return {"n": counts["n"], "last_n": counts["last_n"], "cpu": time.process_time()}

    def _write_port(**_: Any) -> None:
        tmp = port_file.with_suffix(".tmp")
        tmp.write_text(str(server.port), encoding="utf-8")
        os.replace(tmp, port_file)

    ctrl.on_server_ready.add(_write_port)
    server.start(
        port=0,
        host="127.0.0.1",
        exec_mode="main",
        open_browser=False,
        show_connection_info=False,
        timeout=0,
    )


# ---------------------------------------------------------------------------------------
# Server subprocesses
# ---------------------------------------------------------------------------------------
class ServerProcess:
    """One ``--serve`` subprocess: started, its port read from a file, terminated at the end."""

    def __init__(self, kind: str, workdir: Path) -> None:
        self.kind = kind
        self.port_file = workdir / f"{kind}.port"
        self.log_path = workdir / f"{kind}.log"
        self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", kind, "--port-file", str(self.port_file)],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        self.port: int | None = None

    async def wait_port(self) -> int:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.port_file.exists():
                self.port = int(self.port_file.read_text(encoding="utf-8"))
                return self.port
            if self.proc.poll() is not None:
                break
            await asyncio.sleep(0.05)
        msg = f"{self.kind} server did not start (exit code {self.proc.poll()}):\n{self.log()}"
        raise StartError(msg)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


class StartError(RuntimeError):
    """A server subprocess exited or never wrote its port."""


# ---------------------------------------------------------------------------------------
# Measurements (client side)
# ---------------------------------------------------------------------------------------
@dataclass
class Results:
    """Samples and checks of one server over every repetition."""

    trigger_us: list[float] = field(default_factory=list)
    state_us: list[float] = field(default_factory=list)
    trigger_cpu_us: list[float] = field(default_factory=list)
    state_cpu_us: list[float] = field(default_factory=list)
    pipelined_per_s: list[float] = field(default_factory=list)
    pipelined_cpu_us: list[float] = field(default_factory=list)
    push_per_s: list[float] = field(default_factory=list)
    push_cpu_us: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    pipelined_sent: int = 0
    pipelined_counted: int = 0
    push_expected: int = 0
    push_received: int = 0


class Driver:
    """One client connection to one server, with the topic listener the tests need."""

    def __init__(self, kind: str, port: int) -> None:
        from trame_desktop.server.wslink_client import WslinkClient

        self.kind = kind
        self.client = WslinkClient(f"ws://127.0.0.1:{port}/ws", secret=SECRET)
        self._waiters: dict[tuple[str, Any], asyncio.Future] = {}
        self._push_target: int | None = None
        self._push_seen = 0
        self._push_done: asyncio.Future | None = None
        self._push_last_at = 0.0

    async def connect(self) -> None:
        await self.client.connect()
        self.client.subscribe("trame.state.topic", self._on_state)
        await self.client.call("trame.state.get")

    def _on_state(self, changes: Any) -> None:
        now = time.perf_counter()
        if not isinstance(changes, dict):
            return
        if "y" in changes:
            waiter = self._waiters.pop(("y", changes["y"]), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(now)
        if "v" in changes and self._push_target is not None:
            self._push_seen += 1
            if changes["v"] == self._push_target and self._push_done is not None and not self._push_done.done():
                self._push_last_at = now
                self._push_done.set_result(now)

    async def stats(self) -> dict[str, Any]:
        return await self.client.call("trame.trigger", "stats", [], {})

    async def trigger_round_trips(self, count: int) -> list[float]:
        samples = []
        for _ in range(count):
            t0 = time.perf_counter()
            await self.client.call("trame.trigger", "noop", [], {})
            samples.append((time.perf_counter() - t0) * 1e6)
        return samples

    async def state_round_trips(self, values: range) -> list[float]:
        loop = asyncio.get_running_loop()
        samples = []
        for value in values:
            arrived = loop.create_future()
            self._waiters[("y", value)] = arrived
            t0 = time.perf_counter()
            await self.client.call("trame.state.update", [{"key": "x", "value": value}])
            t1 = await asyncio.wait_for(arrived, STEP_TIMEOUT)
            samples.append((t1 - t0) * 1e6)
        return samples

    async def pipelined_updates(self, values: range) -> tuple[float, float, int, Any]:
        """Updates/s, server CPU us per update, server-counted updates, last value seen."""
        messages = [
            {"wslink": "1.0", "id": f"rpc:{self.client.client_id}:pipe-{value}", "method": "trame.state.update", "args": [[{"key": "n", "value": value}]], "kwargs": {}}
            for value in values
        ]
        before = await self.stats()
        t0 = time.perf_counter()
        replies = [self.client.send_packed(message) for message in messages]
        await asyncio.wait_for(asyncio.gather(*replies), STEP_TIMEOUT)
        elapsed = time.perf_counter() - t0
        after = await self.stats()
        counted = after["n"] - before["n"]
        cpu_us = (after["cpu"] - before["cpu"]) * 1e6 / len(messages)
        return len(messages) / elapsed, cpu_us, counted, after["last_n"]

    async def server_push(self, count: int, base: int) -> tuple[float, float, int]:
        """Messages/s, server CPU us per message, messages received."""
        loop = asyncio.get_running_loop()
        self._push_target = base + count - 1
        self._push_seen = 0
        self._push_done = loop.create_future()
        before = await self.stats()
        t0 = time.perf_counter()
        reply = self.client.call("trame.trigger", "push", [count, base], {})
        await asyncio.wait_for(asyncio.gather(reply, self._push_done), STEP_TIMEOUT)
        elapsed = self._push_last_at - t0
        after = await self.stats()
        await asyncio.sleep(0.05)  # a straggler after the last value would be a duplicate
        seen = self._push_seen
        self._push_target = None
        cpu_us = (after["cpu"] - before["cpu"]) * 1e6 / count
        return count / elapsed, cpu_us, seen


@dataclass
class Plan:
    """How much each repetition does."""

    repetitions: int
    warmup: int
    round_trips: int  # per repetition, each of trigger and state
    pipelined: int  # per repetition
    pushes: int  # per repetition


PLANS = {
    "normal": Plan(repetitions=5, warmup=300, round_trips=1000, pipelined=4000, pushes=5000),
    "quick": Plan(repetitions=1, warmup=20, round_trips=100, pipelined=500, pushes=500),
}


class Values:
    """Fresh integers, so that every value a client or the server sets is a real change."""

    def __init__(self) -> None:
        self._next = 1

    def take(self, count: int) -> range:
        start = self._next
        self._next += count
        return range(start, start + count)


async def run_benchmark(plan: Plan, progress: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wire-bench-") as tmp:
        processes = {kind: ServerProcess(kind, Path(tmp)) for kind in SERVERS}
        try:
            for process in processes.values():
                await process.wait_port()
            drivers = {kind: Driver(kind, processes[kind].port) for kind in SERVERS}
            for driver in drivers.values():
                await driver.connect()
            try:
                results = await _measure(plan, drivers, progress)
            finally:
                for driver in drivers.values():
                    await driver.client.close()
        finally:
            for process in processes.values():
                process.stop()
    return _summarize(plan, results)


async def _measure(plan: Plan, drivers: dict[str, Driver], progress: Any) -> dict[str, Results]:
    values = Values()
    results = {kind: Results() for kind in SERVERS}

    progress("warming up")
    for driver in drivers.values():
        await driver.trigger_round_trips(plan.warmup)
        await driver.state_round_trips(values.take(plan.warmup))
        await driver.pipelined_updates(values.take(plan.warmup * 5))
        await driver.server_push(plan.warmup * 5, values.take(plan.warmup * 5).start)

    for rep in range(plan.repetitions):
        order = SERVERS if rep % 2 == 0 else tuple(reversed(SERVERS))
        progress(f"repetition {rep + 1}/{plan.repetitions} ({' then '.join(order)})")
        # Round trips in small alternating blocks: a burst of noise from elsewhere on the
        # machine then lands on both servers rather than on one.
        for phase in ("trigger", "state"):
            cpu_before = {kind: (await drivers[kind].stats())["cpu"] for kind in SERVERS}
            blocks = max(1, plan.round_trips // LATENCY_BLOCK)
            for block in range(blocks):
                for kind in order if block % 2 == 0 else tuple(reversed(order)):
                    size = plan.round_trips // blocks
                    if phase == "trigger":
                        results[kind].trigger_us += await drivers[kind].trigger_round_trips(size)
                    else:
                        results[kind].state_us += await drivers[kind].state_round_trips(values.take(size))
            for kind in SERVERS:
                cpu_us = ((await drivers[kind].stats())["cpu"] - cpu_before[kind]) * 1e6 / plan.round_trips
                getattr(results[kind], f"{phase}_cpu_us").append(cpu_us)
        for kind in order:
            sent = values.take(plan.pipelined)
            rate, cpu_us, counted, last = await drivers[kind].pipelined_updates(sent)
            res = results[kind]
            res.pipelined_per_s.append(rate)
            res.pipelined_cpu_us.append(cpu_us)
            res.pipelined_sent += len(sent)
            res.pipelined_counted += counted
            if counted != len(sent) or last != sent[-1]:
                res.failures.append(f"pipelined: sent {len(sent)} updates, server counted {counted}, last value {last!r} (expected {sent[-1]})")
        for kind in order:
            base = values.take(plan.pushes).start
            rate, cpu_us, seen = await drivers[kind].server_push(plan.pushes, base)
            res = results[kind]
            res.push_per_s.append(rate)
            res.push_cpu_us.append(cpu_us)
            res.push_expected += plan.pushes
            res.push_received += seen
            if seen != plan.pushes:
                res.failures.append(f"push: server flushed {plan.pushes} changes, client received {seen} messages")
    return results


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# name, unit, better ("lower"/"higher"), how to get the number from Results
METRICS: list[tuple[str, str, str, Any]] = [
    ("trigger_p50_us", "us", "lower", lambda r: _percentile(r.trigger_us, 50)),
    ("trigger_p99_us", "us", "lower", lambda r: _percentile(r.trigger_us, 99)),
    ("state_p50_us", "us", "lower", lambda r: _percentile(r.state_us, 50)),
    ("state_p99_us", "us", "lower", lambda r: _percentile(r.state_us, 99)),
    ("trigger_server_cpu_us", "us/call", "lower", lambda r: statistics.median(r.trigger_cpu_us)),
    ("state_server_cpu_us", "us/update", "lower", lambda r: statistics.median(r.state_cpu_us)),
    ("pipelined_updates_per_s", "1/s", "higher", lambda r: statistics.median(r.pipelined_per_s)),
    ("pipelined_server_cpu_us", "us/update", "lower", lambda r: statistics.median(r.pipelined_cpu_us)),
    ("push_messages_per_s", "1/s", "higher", lambda r: statistics.median(r.push_per_s)),
    ("push_server_cpu_us", "us/msg", "lower", lambda r: statistics.median(r.push_cpu_us)),
]

GOALS = [
    ("pipelined_updates_per_s", 1.25, "ours >= 1.25x trame"),
    ("push_messages_per_s", 1.25, "ours >= 1.25x trame"),
    ("trigger_p99_us", 1.0, "ours no worse than trame"),
    ("state_p99_us", 1.0, "ours no worse than trame"),
]


def _summarize(plan: Plan, results: dict[str, Results]) -> dict[str, Any]:
    table: dict[str, dict[str, Any]] = {}
    for name, unit, better, get in METRICS:
        ours, trame = get(results["ours"]), get(results["trame"])
        # "speedup" is always oriented so that > 1 means ours is better.
        speedup = (ours / trame) if better == "higher" else (trame / ours)
        table[name] = {
            "unit": unit,
            "better": better,
            "ours": ours,
            "trame": trame,
            "speedup": speedup,
            "speedup_formula": "ours/trame" if better == "higher" else "trame/ours",
        }
    goals = {name: {"goal": text, "speedup": table[name]["speedup"], "met": table[name]["speedup"] >= need} for name, need, text in GOALS}
    checks = {
        kind: {
            "ok": not res.failures,
            "failures": res.failures,
            "pipelined_sent": res.pipelined_sent,
            "pipelined_counted": res.pipelined_counted,
            "pipelined_lost": res.pipelined_sent - res.pipelined_counted,
            "push_expected": res.push_expected,
            "push_received": res.push_received,
            "push_lost": res.push_expected - res.push_received,
            "samples": {"trigger": len(res.trigger_us), "state": len(res.state_us)},
        }
        for kind, res in results.items()
    }
    return {
        "plan": plan.__dict__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "versions": _versions(),
        "metrics": table,
        "goals": goals,
        "checks": checks,
        "ok": all(c["ok"] for c in checks.values()),
    }


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("trame-desktop", "trame-server", "wslink", "aiohttp", "msgpack"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def format_table(summary: dict[str, Any]) -> str:
    plan = summary["plan"]
    lines = [
        f"wire benchmark: {plan['repetitions']} repetitions x ({plan['round_trips']} trigger + {plan['round_trips']} state round trips, "
        f"{plan['pipelined']} pipelined updates, {plan['pushes']} pushes) per server, interleaved",
        f"python {summary['python']}, {summary['cpus']} cpus, " + ", ".join(f"{k} {v}" for k, v in summary["versions"].items()),
        "latency: p50/p99 over all samples; throughput and server CPU: median of repetitions",
        "speedup > 1 means ours is better (throughput: ours/trame; latency and CPU: trame/ours)",
        "",
        f"{'metric':<26} {'unit':>10} {'ours':>12} {'trame':>12} {'speedup':>9}  formula",
    ]
    for name, row in summary["metrics"].items():
        lines.append(f"{name:<26} {row['unit']:>10} {row['ours']:>12.1f} {row['trame']:>12.1f} {row['speedup']:>8.2f}x  {row['speedup_formula']}")
    lines.append("")
    for name, goal in summary["goals"].items():
        lines.append(f"goal {name}: {goal['goal']}: {goal['speedup']:.2f}x -> {'met' if goal['met'] else 'NOT met'}")
    lines.append("")
    for kind, check in summary["checks"].items():
        status = "ok" if check["ok"] else "FAILED: " + "; ".join(check["failures"])
        lines.append(
            f"checks {kind}: pipelined {check['pipelined_counted']}/{check['pipelined_sent']} counted by the server, "
            f"push {check['push_received']}/{check['push_expected']} received -> {status}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (small counts, one repetition)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--serve", choices=SERVERS, help=argparse.SUPPRESS)
    parser.add_argument("--port-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.serve:
        if args.port_file is None:
            parser.error("--serve needs --port-file")
        serve(args.serve, args.port_file)
        return 0

    def progress(text: str) -> None:
        print(f"[wire] {text}", file=sys.stderr, flush=True)

    plan = PLANS["quick" if args.quick else "normal"]
    started = time.perf_counter()
    try:
        summary = asyncio.run(run_benchmark(plan, progress))
    except StartError as error:
        print(f"[wire] {error}", file=sys.stderr)
        return 2
    summary["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(format_table(summary))
        print(f"\n(total {summary['seconds']} s)")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
