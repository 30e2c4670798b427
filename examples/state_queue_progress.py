"""A child process reports progress into the state (StateQueue) while the server stays responsive.

Run: ``python examples/state_queue_progress.py`` (browser) or
``python -m trame_desktop examples/state_queue_progress.py`` (window). Click "Run" and watch the
progress; the "ping" button keeps answering while the work runs in the other process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

from trame_desktop.app import asynchronous, get_server

server = get_server("state_queue_progress")
state, ctrl = server.state, server.controller
state.update(progress=0, running=False, pings=0, result=None)


def crunch(queue, steps: int = 20, pause: float = 0.05) -> int:
    """Heavy work in another process; progress goes to the server through the queue."""
    total = 0
    # Each write is sent at once (auto_flush); leaving the block tells the monitor the work is done.
    with asynchronous.StateQueue(queue) as remote:
        remote["running"] = True
        for step in range(1, steps + 1):
            time.sleep(pause)
            total += step * step
            remote["progress"] = round(100 * step / steps)
        remote.update({"running": False, "result": total})
    return total


@server.trigger("run")
async def run(steps: int = 20, pause: float = 0.05) -> int:
    manager = multiprocessing.Manager()
    queue = manager.Queue()
    monitor = asynchronous.create_state_queue_monitor_task(server, queue, delay=0.1)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        total = await loop.run_in_executor(pool, crunch, queue, steps, pause)
    await monitor
    manager.shutdown()
    return total


@server.trigger("ping")
def ping() -> int:
    state.pings += 1
    return state.pings


def build_ui() -> None:
    try:
        from trame_desktop.ui import DivLayout
        from trame_desktop.widgets import html
    except ImportError:  # the UI package is optional for the wire-level test
        return
    with DivLayout(server):
        html.H3("Work in another process")
        html.Button("Run", click="trigger('run')", disabled=("running",))
        html.Button("Ping ({{ pings }})", click="trigger('ping')")
        html.Progress(value=("progress",), max=100)
        html.Div("progress {{ progress }}% — result {{ result }}")


if __name__ == "__main__":
    build_ui()
    server.start()
