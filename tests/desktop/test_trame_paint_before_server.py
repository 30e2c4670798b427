"""An app built with trame's layouts and widgets (trame's own client) paints from the snapshot in
the shell's first page (trame_desktop/shell/trame_first_page.py) before its server is ready, and a
click made on it then reaches the server, once; a first page that opens no session gives way to the
server's page (trame_desktop/shell/session_watch.py).

The first launch fills the web view's disk cache with trame-client's files; the next one paints
from it while its server is held in its ready hook until the test opens the gate."""

from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "trame_paint_app.py")
TITLE = "TramePaint"
COUNT = "document.getElementById('count') && document.getElementById('count').textContent"
LIVE = "!!(window.trame && window.trame.state && window.trame.state.ready)"
GAVE_WAY = "the first page has opened no session"
LOG_FILE = "trame-desktop: log file "


def warm_the_cache(launch, x, web_cache_written):
    """A first launch: trame-client's files, served by the server, go into the web view's disk cache."""
    first = launch("--debug", APP)
    first.wait_shown()
    assert first.has_line("window opens on the shell's first page", stream="stderr"), first.output()
    wait_for(lambda: first.command("js", LIVE) is True, "trame's client to be live")
    web_cache_written("trame_paint")
    log_file = Path(next(line for line in first.stderr if line.startswith(LOG_FILE))[len(LOG_FILE):])
    # Start-up is over once the session opened: the C heap's free memory goes back (a DEBUG record).
    wait_for(lambda: "C heap trimmed" in log_file.read_text(), lambda: f"the heap's trim in {log_file}")
    assert first.close_window(x, TITLE) == 0, first.output()
    assert not first.has_line(GAVE_WAY, stream="stderr"), first.output()


def test_a_trame_layout_app_paints_before_its_server_is_ready_and_a_click_on_it_arrives_once(launch, x, tmp_path,
                                                                                               web_cache_written):
    warm_the_cache(launch, x, web_cache_written)
    gate = tmp_path / "gate"
    app = launch("--debug", APP, env={"APP_READY_GATE": str(gate)})
    wait_for(lambda: x.has_window(TITLE), "the window")
    painted = app.wait_js(COUNT, "the app painted from its snapshot by trame's client")
    assert "Count: 0" in painted
    assert app.command("js", "document.querySelector('.v-application') !== null") is True  # vuetify rendered it
    assert not app.has_line("APP: gate open"), "the server should still be in its ready hook"
    shot = x.screenshot(tmp_path / "snapshot.png")
    assert x.unique_colors(shot) > 20, "the window should show the rendered app, not a blank page"
    assert "secret" not in app.command("js", "window.location.href")

    x.click(TITLE, *app.element_center("#inc"))  # before the server is ready: the page keeps it
    assert not app.has_line("APP: increment")
    gate.touch()
    app.wait_line("DRIVER ready")
    wait_for(lambda: app.command("state", "count") == 1, "the click to reach the server")
    app.wait_js(f"({COUNT} || '').includes('Count: 1')", "the server's answer on the page")
    assert app.output().count("APP: increment") == 1
    assert app.close_window(x, TITLE) == 0, app.output()
    assert not app.has_line(GAVE_WAY, stream="stderr"), app.output()
    assert app.survivors() == []


def test_a_first_page_that_runs_no_script_gives_way_to_the_servers_page(launch, x, tmp_path, web_cache_written):
    warm_the_cache(launch, x, web_cache_written)
    gate = tmp_path / "gate"
    app = launch("--debug", APP, env={"APP_READY_GATE": str(gate), "TRAME_DESKTOP_SESSION_WAIT": "3"})
    wait_for(lambda: x.has_window(TITLE), "the window")
    assert "Count: 0" in app.wait_js(COUNT, "the app painted from its snapshot")
    assert app.has_line("window opens on the shell's first page", stream="stderr"), app.output()
    # The page's own thread spins from now on: it runs no script, opens no session, paints nothing new.
    app.command("js", "window.stuckPage = true; setTimeout(() => { for (;;) {} }, 0); 0")
    gate.touch()
    app.wait_line("DRIVER ready")
    app.wait_line(GAVE_WAY, stream="stderr")
    # The spinning page would not answer a script: none is sent before the new page has loaded.
    wait_for(lambda: app.line_count("page loaded", stream="stderr") >= 2, lambda: f"the server's page\n{app.output()}")
    wait_for(lambda: app.command("js", f"{LIVE} && !!document.getElementById('inc')") is True,
             "the server's page to be live, its layout rendered")
    app.remember_tree()
    assert app.command("js", "window.stuckPage === undefined") is True  # a new page, from the server
    x.click(TITLE, *app.element_center("#inc"))
    wait_for(lambda: app.command("state", "count") == 1, "a click on the server's page to reach the server")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.survivors() == []
