"""The window paints the app from the snapshot in its first page (trame_desktop/shell/first_page.py)
before the server is ready, saying it is connecting until its session opens, then live.

The first launch loads the client bundle from the server; the next launch has it in the web view's
disk cache and paints before its server is ready (held here in its ready hook)."""


import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
LIVE = "document.body.dataset.connection === 'connected'"


def test_a_second_launch_paints_the_app_before_its_server_is_ready(launch, x, tmp_path, web_cache_written):
    first = launch("--debug", COUNTER)
    first.wait_shown()
    assert first.has_line("window opens on the shell's first page", stream="stderr"), first.output()
    web_cache_written("counter_app")
    assert first.close_window(x, TITLE) == 0, first.output()

    app = launch("--debug", COUNTER, env={"APP_SLOW_READY": "4"})
    wait_for(lambda: x.has_window(TITLE), "the window")  # the app's window API exists from here
    painted = app.wait_js("document.getElementById('count') && document.getElementById('count').textContent",
                          "the app painted from its snapshot")
    assert "Count: 0" in painted
    assert app.command("js", "getComputedStyle(document.getElementById('td-connecting')).display") == "block"
    assert app.command("js", LIVE) is False
    assert not app.has_line("DRIVER ready"), "the server should still be in its ready hook"
    shot = x.screenshot(tmp_path / "snapshot.png")
    assert x.unique_colors(shot) > 20, "the window should show the rendered app, not a blank page"

    app.wait_line("DRIVER ready")
    app.wait_js(LIVE, "the page's session to open")
    assert app.command("js", "getComputedStyle(document.getElementById('td-connecting')).display") == "none"
    x.click(TITLE, *app.element_center("#inc"))
    wait_for(lambda: app.command("state", "count") == 1, "a click once live")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []
