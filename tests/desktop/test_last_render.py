"""A launch keeps the app's first render (trame_desktop/shell/last_render.py), and the next launch with
the same snapshot opens its window on it, before the client bundle has run and the server is up;
the bundle then mounts over it and the app answers as usual."""

import json
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
LIVE = "document.body.dataset.connection === 'connected'"


def test_the_next_launch_opens_on_the_first_render_kept_by_the_last_one(launch, x, desktop_env, web_cache_written):
    render_file = Path(desktop_env["XDG_STATE_HOME"]) / "counter_app" / "render.json"
    # The first launch takes the bundle from its server, whose session may open before the snapshot
    # is painted (then nothing is kept), and a render is read half a second after the page's load:
    # if the first launch kept none, the second (bundle cached: it paints from the snapshot) does.
    first = launch("--debug", COUNTER)
    first.wait_shown()
    first.wait_js(LIVE, "the page's session to open")
    web_cache_written("counter_app")
    assert first.close_window(x, TITLE) == 0, first.output()
    if not render_file.exists():
        second = launch("--debug", COUNTER)
        second.wait_line("kept the first render for the next launch", stream="stderr")
        assert second.close_window(x, TITLE) == 0, second.output()
    saved = json.loads(render_file.read_text())
    assert "Count: 0" in saved["html"] and "count" not in saved["snapshot"]  # a digest, not the state

    app = launch("--debug", COUNTER, env={"APP_SLOW_READY": "4"})
    app.wait_line("the first page shows the last launch's render", stream="stderr")
    wait_for(lambda: x.has_window(TITLE), "the window")
    # the bundle mounted the snapshot over the render, and the server is still in its ready hook
    app.wait_js("document.body.dataset.painted === 'snapshot'", "the client to mount over the render")
    assert "Count: 0" in app.command("js", "document.getElementById('count').textContent")
    assert not app.has_line("DRIVER ready")
    x.click(TITLE, *app.element_center("#inc"))  # kept by the page until its session opens
    app.wait_line("DRIVER ready")
    app.wait_js(LIVE, "the page's session to open")
    wait_for(lambda: app.command("state", "count") == 1, "the click made before the server was up")
    assert not app.has_line("kept the first render", stream="stderr")  # the same render: nothing to save
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []
