"""Calling controller hooks by name: sync and async, set or not, with any keyword the state has."""

from __future__ import annotations

import asyncio
import logging

from trame_desktop.server import Controller
from trame_desktop.server.hooks import call_hook, fire_hook, hook_exists


async def test_call_hook_awaits_and_returns_every_result() -> None:
    ctrl = Controller()
    assert not hook_exists(ctrl, "on_thing") and await call_hook(ctrl, "on_thing") == []

    async def later(value: int) -> int:
        await asyncio.sleep(0)
        return value + 1

    ctrl.on_thing = lambda value: value
    ctrl.on_thing.add(later)
    assert hook_exists(ctrl, "on_thing")
    assert await call_hook(ctrl, "on_thing", 1) == [1, 2]


async def test_state_keys_named_like_the_parameters_reach_the_hook() -> None:
    ctrl = Controller()
    seen: list[dict] = []
    ctrl.on_ready = lambda **state: seen.append(state)
    await call_hook(ctrl, "on_ready", name="app", controller="c")
    fire_hook(ctrl, "on_ready", name="app2", controller="c2")
    assert seen == [{"name": "app", "controller": "c"}, {"name": "app2", "controller": "c2"}]


async def test_fire_hook_logs_errors_and_runs_async_results_as_tasks(caplog) -> None:
    ctrl = Controller()
    done = asyncio.Event()

    async def async_hook() -> None:
        done.set()

    def broken() -> None:
        raise RuntimeError("hook-broke")

    ctrl.on_a = async_hook
    ctrl.on_b = broken
    with caplog.at_level(logging.ERROR):
        fire_hook(ctrl, "on_a")
        fire_hook(ctrl, "on_b")
    await asyncio.wait_for(done.wait(), 5)
    assert "on_b raised" in caplog.text and "hook-broke" in caplog.text
