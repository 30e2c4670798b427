"""Clients that read slowly or not at all: state pushes merge for them, past the limit they are dropped and their hooks run."""

from __future__ import annotations

import asyncio
import contextlib

from tests.support.wire import Topic

from .conftest import check_rightful, hello, masked_frame, raw_websocket, rightful, target_running, until_stats


async def test_non_reader_gets_merged_state_then_is_dropped_when_output_piles_up() -> None:
    with target_running({"TRAME_WS_HEART_BEAT": "0"}) as target:
        baseline = target.rss_kib()
        stalled = raw_websocket(target.port, receive_buffer=4096)
        stalled.sendall(masked_frame(hello()))  # authenticated, then never reads again
        try:
            async with rightful(target) as client:
                topic = Topic(client)
                # 20 MB of state pushes: merged for the stalled client, all delivered to this one
                assert await asyncio.wait_for(client.call("trame.trigger", "push_state", [2000, 10_000], {}), 60) == 2000
                stats = await asyncio.wait_for(client.call("trame.trigger", "stats", [], {}), 10)
                assert stats["clients"] == 2  # state alone never drops it
                assert stats["rss_kib"] < baseline + 96 * 1024
                await asyncio.wait_for(_until(lambda: topic.merged().get("seq") == 1999), 30)
                assert topic.merged()["blob"] == "9" * 10_000
                # 40 MB of actions cannot merge: past the outbox limit the stalled client is dropped
                assert await asyncio.wait_for(client.call("trame.trigger", "push_actions", [40, 1_000_000], {}), 60) == 40
            after = await until_stats(target, _only_the_poller_left, timeout=30)
            assert after["rss_kib"] < baseline + 96 * 1024
            assert "Dropping client" in target.log.read_text()
            await check_rightful(target)
        finally:
            stalled.close()


async def test_client_that_never_reads_is_declared_dead_removed_and_its_exit_hook_runs() -> None:
    with target_running({"TRAME_WS_HEART_BEAT": "1"}) as target:
        stalled = raw_websocket(target.port, receive_buffer=4096)
        stalled.sendall(masked_frame(hello()))
        try:
            async with rightful(target) as client:
                # enough output to fill the stalled client's socket buffers: its writer blocks
                await asyncio.wait_for(client.call("trame.trigger", "push_state", [300, 10_000], {}), 60)
            after = await until_stats(target, _only_the_poller_left, timeout=30)
            assert after["running"] == 0
            await check_rightful(target)
        finally:
            with contextlib.suppress(OSError):
                stalled.close()


def _only_the_poller_left(stats: dict) -> bool:
    """Only the client asking is connected, and every other one that came has had its exit hook run."""
    return stats["clients"] == 1 and stats["connected"] - stats["exited"] == 1


async def _until(predicate: object, step: float = 0.05) -> None:
    while not predicate():  # type: ignore[operator]
        await asyncio.sleep(step)
