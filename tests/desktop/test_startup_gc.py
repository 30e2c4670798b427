"""The shell holds the garbage collector off while the app starts, from the app's first import
(``python -m trame_desktop``) or from the window's start (``python app.py --app``), and turns it back
on once the first session has opened, after one full collection and a freeze of what survived
(process/startup_gc.py); TRAME_DESKTOP_HOLD_GC=0 leaves the collector alone."""

import re

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
RELEASED = "garbage collector on after start-up"


def _run(launch, x, entry: str, env: dict[str, str]) -> tuple[dict, list[str]]:
    """The collector's state once the first session has been open a while, and the log's lines."""
    if entry == "launcher":
        app = launch("--debug", COUNTER, env=env)
    else:
        app = launch(COUNTER, "--app", "--debug", shell=False, env=env)
    log_file = app.debug_log_file()
    app.wait_shown()
    app.wait_js("document.body.dataset.connection === 'connected'", "the session")
    if "TRAME_DESKTOP_HOLD_GC" not in env:
        wait_for(lambda: RELEASED in log_file.read_text(encoding="utf-8"), "the hold's end in the log")
    state = app.command("call", "collector")
    assert app.close_window(x, TITLE) == 0, app.output()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    return state, lines[max(i for i, line in enumerate(lines) if " starting " in line):]  # this launch's


@pytest.mark.parametrize("entry", ["launcher", "app"])
def test_the_collector_is_off_until_the_first_session_then_on_with_start_up_frozen(launch, x, entry):
    held, lines = _run(launch, x, entry, {})
    unheld, unheld_lines = _run(launch, x, entry, {"TRAME_DESKTOP_HOLD_GC": "0"})
    assert held["enabled"] and not held["held"] and held["frozen"] > 10_000
    assert unheld["enabled"] and unheld["frozen"] == 0
    assert not [line for line in unheld_lines if RELEASED in line]
    (released,) = [line for line in lines if RELEASED in line]
    before, during = map(int, re.search(r"\((\d+) collections before the hold, (\d+) during it\)", released).groups())
    assert during == 0, released
    if entry == "launcher":  # held from the app's first import; an unheld start makes its collections
        assert before * 3 < unheld["collections"][0], (released, unheld)  # all along (counted in allocations)
    else:  # held from the window's start, after the app's own imports
        assert before > 0, released
    assert lines.index(released) > next(i for i, line in enumerate(lines) if "page loaded" in line), "\n".join(lines)
    assert [line for line in lines if " ERROR " in line or "Traceback" in line] == [], "\n".join(lines)
