"""The garbage collector held off while an app starts: no automatic collection during the hold, one
full collection and a freeze at its end, the collector back on; a hold never outlives its limit and
leaves an app's own choice alone; TRAME_DESKTOP_HOLD_GC=0 turns it off; a built app's run-time hook
holds, but not in the processes multiprocessing starts from the executable."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref
from collections.abc import Iterator

import pytest

from tests.support.processes import REPO
from tests.support.waits import wait_for
from trame_desktop.process import startup_gc
from trame_desktop.process.startup_gc import HOLD_SWITCH, collections_held, hold_collections, release_collections


@pytest.fixture(autouse=True)
def collector_restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(HOLD_SWITCH, raising=False)
    yield
    release_collections()
    gc.unfreeze()
    gc.enable()


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def _cycle() -> weakref.ref[Node]:
    return weakref.ref(Node())


def test_a_hold_keeps_cycles_until_its_end_which_frees_them_and_freezes_the_rest() -> None:
    assert hold_collections() and collections_held() and not gc.isenabled()
    collections = gc.get_stats()[0]["collections"]
    garbage = [_cycle() for _ in range(5000)]  # enough allocations for several collections
    kept = Node()
    assert gc.get_stats()[0]["collections"] == collections, "a collection ran during the hold"
    assert all(ref() is not None for ref in garbage)

    assert release_collections()
    assert gc.isenabled() and not collections_held()
    assert all(ref() is None for ref in garbage)
    assert gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # frozen: later collections skip it
    assert not release_collections()  # once


def test_a_second_hold_is_the_same_hold() -> None:
    assert hold_collections()
    assert not hold_collections()
    assert release_collections() and gc.isenabled()


def test_an_app_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    assert not hold_collections() and not collections_held()
    assert not release_collections()
    assert not gc.isenabled()


def test_a_hold_ends_by_itself_at_its_limit() -> None:
    assert hold_collections(limit=0.2)
    wait_for(lambda: gc.isenabled() and not collections_held(), "the hold's end at its limit")
    assert gc.get_freeze_count() > 0


def test_the_release_cancels_the_limit_s_timer() -> None:
    assert hold_collections(limit=60)
    timer = startup_gc._limit_timer
    assert timer is not None and timer.is_alive()
    assert release_collections()
    timer.join(5)
    assert not timer.is_alive()


@pytest.mark.parametrize(("word", "held"), [("0", False), ("off", False), ("1", True)])
def test_the_switch(monkeypatch: pytest.MonkeyPatch, word: str, held: bool) -> None:
    monkeypatch.setenv(HOLD_SWITCH, word)
    assert hold_collections() is held
    assert gc.isenabled() is not held


RUN_TIME_HOOK = REPO / "trame_desktop" / "packager" / "hooks" / "rthooks" / "pyi_rth_trame_desktop.py"


@pytest.mark.parametrize(("argv", "held"), [
    (["App"], True),
    (["App", "--title", "x"], True),
    (["App", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"], False),  # a spawned worker
    (["App", "-B", "-c", "from multiprocessing.resource_tracker import main;main(5)"], False),  # a helper
])
def test_a_built_app_s_run_time_hook_holds_except_in_multiprocessing_s_processes(argv: list[str], held: bool) -> None:
    code = ("import gc, runpy, sys\n"
            f"sys.argv = {argv!r}\n"
            f"runpy.run_path({str(RUN_TIME_HOOK)!r})\n"
            "print(gc.isenabled())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "TRAME_DESKTOP_NO_CRASH_DIALOG": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(not held)
