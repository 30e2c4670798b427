"""A GTK window closed just as its page finished loading: pywebview's load thread, left waiting by
the loop's end, finishes once the shell has dispatched GLib's pending sources (and, for a page too
busy to answer, ended its web process), and the process exits."""

import json

import pytest

from tests.support.processes import DESKTOP_APPS, App

pytestmark = [pytest.mark.desktop, pytest.mark.only_gui("gtk", reason="pywebview's GTK calls wait on GLib's main context")]

APP = str(DESKTOP_APPS / "closes_on_load.py")


# A busy page's loop starts a moment after its load; on a loaded machine the waiting call can still
# reach the page before it, which then answers like a free one: that launch is run again.
BUSY_ATTEMPTS = 3


@pytest.mark.parametrize(("page", "ended"), [("free", 0), ("busy", 1)])
def test_a_call_the_ended_loop_left_waiting_finishes_and_the_process_exits(launch, gui, page, ended):
    outcomes = []
    for _ in range(BUSY_ATTEMPTS if page == "busy" else 1):
        app = launch(APP, *(["--busy"] if page == "busy" else []), shell=False)
        assert app.wait_exit() == 0, app.output()  # else the waiting thread keeps the process alive
        waiting = printed(app, "LOOP ENDED")
        assert any("generate_js_object" in name for name in waiting), app.output()  # the case arose
        outcomes.append(printed(app, "FINISHED"))
        assert outcomes[-1]["waiting"] == [], app.output()
        if outcomes[-1]["ended"] == ended:
            break
    assert outcomes[-1] == {"ended": ended, "waiting": []}, outcomes


def printed(app: App, label: str):
    """The JSON the app printed after ``label``."""
    app.wait_line(label)
    line = next(line for line in app.stdout if line.startswith(label + " "))
    return json.loads(line[len(label) + 1:])
