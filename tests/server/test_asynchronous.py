"""create_task / decorate_task / @task, StateQueue, and the child-process progress example."""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import queue
import sys
from pathlib import Path

from tests.support.wire import Topic, connect, serving, until
from trame_desktop.app import asynchronous, get_server
from trame_desktop.server import Server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "state_queue_progress.py"


async def test_task_errors_are_logged_not_swallowed(caplog) -> None:
    async def failing() -> None:
        raise RuntimeError("lost-in-a-task")

    @asynchronous.task
    async def decorated(value: int) -> int:
        return value * 2

    with caplog.at_level(logging.ERROR):
        task = asynchronous.create_task(failing())
        await asyncio.gather(task, return_exceptions=True)
        await asyncio.sleep(0)
    plain = asynchronous.decorate_task(asyncio.get_running_loop().create_task(failing()))
    await asyncio.gather(plain, return_exceptions=True)
    await asyncio.sleep(0)
    result = decorated(21)
    assert isinstance(result, asyncio.Task) and await result == 42
    assert caplog.text.count("lost-in-a-task") >= 2
    assert "Traceback" in caplog.text


async def test_state_queue_batches_only_without_auto_flush() -> None:
    q: queue.Queue = queue.Queue()
    remote = asynchronous.StateQueue(q, auto_flush=False)
    remote["progress"] = 10
    remote.progress = 20
    assert q.empty() and remote.progress == 20
    remote.flush()
    assert q.get_nowait() == {"progress": 20}  # one batched update
    assert remote.queue is q


async def test_state_queue_writes_go_at_once_and_leaving_the_block_ends_the_work() -> None:
    """As trame's: inside ``with`` each write is sent at once, leaving sends the stop, and the
    monitor applies every value (each fires ``@state.change``), none merged away."""
    server = Server()
    server.state.progress = -1
    seen: list[int] = []
    server.state.change("progress")(lambda progress, **_: seen.append(progress))
    async with serving(server):
        q: queue.Queue = queue.Queue()
        with asynchronous.StateQueue(q) as remote:
            for value in range(4):
                remote["progress"] = value
                assert q.qsize() == value + 1
            remote.update({"label": "done"})
        assert q.qsize() == 6 and list(q.queue)[-1] == "STOP"
        monitor = asynchronous.create_state_queue_monitor_task(server, q, delay=0.05)
        await asyncio.wait_for(monitor, 5)  # the stop ends the monitor
        assert server.state.progress == 3 and server.state.label == "done"
        assert seen[-4:] == [0, 1, 2, 3]


async def test_example_child_process_reports_progress_while_server_answers() -> None:
    spec = importlib.util.spec_from_file_location("state_queue_progress", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["state_queue_progress"] = module
    sys.path.insert(0, str(EXAMPLE.parent))  # so the spawned child can import crunch by name
    spec.loader.exec_module(module)
    server = module.server
    assert server is get_server("state_queue_progress")

    try:
        async with serving(server):
            client = await connect(server)
            topic = Topic(client)
            work = asyncio.ensure_future(client.call("trame.trigger", "run", [20, 0.1], {}))
            await until(lambda: 0 < (topic.merged().get("progress") or 0) < 100, timeout=30)
            # the server still answers while the other process works
            assert await client.call("trame.trigger", "ping", [], {}) == 1
            assert not work.done()
            total = await asyncio.wait_for(work, 60)
            assert total == sum(i * i for i in range(1, 21))
            await until(lambda: topic.merged().get("result") == total)
            progress = [m["progress"] for m in topic.messages if "progress" in m]
            assert progress == sorted(progress) and progress[-1] == 100 and len(progress) > 3
            await client.close()
    finally:
        sys.modules.pop("state_queue_progress", None)
        sys.path.remove(str(EXAMPLE.parent))
