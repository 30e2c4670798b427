"""examples/counter.py (our server and web client) through the shell: it opens, paints its UI,
takes a real click, and closing the window ends everything."""

from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS, REPO
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

TITLE = "Counter"


def test_counter_example_opens_shows_its_ui_and_takes_a_click(launch, x, tmp_path):
    app = launch(str(DESKTOP_APPS / "driven_example.py"), str(REPO / "examples" / "counter.py"))
    app.wait_line("DRIVER event on_window_shown")
    app.wait_js("!!document.querySelector('.increment') && !!document.querySelector('.count') && document.body.dataset.connection === 'connected'", "the counter UI")
    app.remember_tree()

    shot = x.screenshot(tmp_path / "counter.png")
    assert x.unique_colors(shot) > 100, "the screen should show a rendered page, not a blank window"

    x.click(TITLE, *app.element_center(".increment"))
    wait_for(lambda: app.command("state", "count") == 1, "the click to reach the server")
    wait_for(lambda: "1" in app.command("js", "document.querySelector('.count').textContent"),
             "the page to show the new count")

    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []


def test_counter_example_runs_unmodified(launch, x):
    """The example itself, not the driven copy: `python -m trame_desktop examples/counter.py`."""
    app = launch(str(Path(REPO / "examples" / "counter.py")))
    wait_for(lambda: x.has_window(TITLE), "the Counter window")
    app.remember_tree()
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []
