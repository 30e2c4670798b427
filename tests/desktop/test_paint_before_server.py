"""The window paints the app from the snapshot in its first page (trame_desktop/shell/first_page.py)
before the server has started, saying it is connecting until its session opens, then live.

The first launch has no cached client bundle, so its server starts at once; it records the
bundle, and the next launch paints before its server is ready (held here in its ready hook)."""

import shutil
from pathlib import Path

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
    assert first.has_line("server starts now (its client bundle is not cached yet)", stream="stderr"), first.output()
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
    assert app.has_line("server starts once it has loaded", stream="stderr"), app.output()
    shot = x.screenshot(tmp_path / "snapshot.png")
    assert x.unique_colors(shot) > 20, "the window should show the rendered app, not a blank page"

    app.wait_line("DRIVER ready")
    app.wait_js(LIVE, "the page's session to open")
    assert app.command("js", "getComputedStyle(document.getElementById('td-connecting')).display") == "none"
    rect = app.command("js", "(() => { const r = document.getElementById('inc').getBoundingClientRect();"
                             " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    x.click(TITLE, *rect)
    wait_for(lambda: app.command("state", "count") == 1, "a click once live")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []


def test_a_file_the_page_asks_the_app_server_for_starts_it_before_the_page_has_loaded(launch, x, web_cache_written):
    first = launch("--debug", COUNTER, env={"APP_IMAGE": "1"})
    first.wait_shown()
    web_cache_written("counter_app")
    assert first.close_window(x, TITLE) == 0, first.output()

    # The page's load waits for its image, which waits for the server: the request starts it.
    app = launch("--debug", COUNTER, env={"APP_IMAGE": "1"})
    app.wait_line("the page asked the server for a file or its session before its load", stream="stderr")
    app.wait_line("DRIVER ready")
    app.wait_js(LIVE, "the page's session to open")
    assert not app.has_line("the first page has not loaded within", stream="stderr"), app.output()
    assert app.close_window(x, TITLE) == 0, app.output()


@pytest.mark.only_gui("gtk", reason="WebKitGTK is asked what its disk cache holds (trame_desktop/shell/gtk_cache.py)")
def test_a_bundle_gone_from_the_web_cache_starts_the_server_at_once(launch, x, desktop_env, web_cache_written):
    first = launch("--debug", COUNTER)
    first.wait_shown()
    web_cache_written("counter_app")
    assert first.close_window(x, TITLE) == 0, first.output()
    # As when the last launch ended before WebKit wrote its cache: the bundle record says cached
    shutil.rmtree(Path(desktop_env["XDG_DATA_HOME"]) / "counter_app" / "webview" / "cache" / "WebKitCache")

    app = launch("--debug", COUNTER)
    app.wait_line("the client bundle is not in WebKit's disk cache", stream="stderr")
    assert not app.has_line("the first page has not loaded within", stream="stderr"), app.output()
    app.wait_shown()
    assert app.close_window(x, TITLE) == 0, app.output()
