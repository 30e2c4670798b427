"""In a real window (Xvfb, each backend): what the page does before its session opens, or while it is lost,
reaches the server once it opens, exactly once (assets/src/outbox.js).

The first launch loads the client bundle from the server; the next, warm launch has it in the web
view's disk cache and paints from the snapshot before its server is up. The app prints a ``CALL ...`` line per call."""

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "outbox_app.py")
TITLE = "OutboxApp"
LIVE = "document.body.dataset.connection === 'connected'"


def calls(app):
    return [line.split("CALL ", 1)[1] for line in app.stdout if line.startswith("CALL ")]


def report_and_wait(app, x, count):
    """A trigger made after everything else: once its answer is on the page, the server has had
    every call made before it (the outbox sends in order)."""
    x.click(TITLE, *app.element_center("#report"))
    app.wait_js(f"document.getElementById('answer').textContent === 'answered {count}'", "the report's answer")


def test_a_mount_time_trigger_is_made_once_at_first_and_at_warm_launch(launch, x, web_cache_written):
    for which in ("first", "warm"):
        app = launch(APP)
        app.wait_shown("the app, live")
        report_and_wait(app, x, 0)
        made = calls(app)
        # Before the report: what start-up made. (Its answer re-renders the template, which calls
        # its render-time `ready` again, as it would in any browser.)
        made = made[:made.index("report count=0 state.count=0")]
        assert made.count("mounted") == 1, (which, app.output())
        assert made.count("ready") == 1, (which, app.output())
        web_cache_written("outbox_app")
        assert app.close_window(x, TITLE) == 0, app.output()


def test_a_click_on_the_snapshot_is_answered_once_the_server_is_up(launch, x, web_cache_written):
    first = launch(APP)
    first.wait_shown()
    web_cache_written("outbox_app")
    assert first.close_window(x, TITLE) == 0, first.output()

    app = launch(APP, env={"APP_SLOW_READY": "6"})
    wait_for(lambda: x.has_window(TITLE), "the window")
    app.wait_js("!!document.getElementById('inc') && document.body.dataset.painted === 'snapshot'",
                "the app painted from its snapshot")
    assert app.command("js", LIVE) is False
    x.click(TITLE, *app.element_center("#inc"))  # real clicks, on the snapshot
    app.wait_js("document.getElementById('count').textContent === 'Count: 1'", "the click taken on the snapshot")
    x.click(TITLE, *app.element_center("#report"))
    assert app.command("js", "getComputedStyle(document.getElementById('td-connecting')).display") == "block"
    assert not app.has_line("DRIVER ready"), "the server should still be in its ready hook"

    app.wait_js("document.getElementById('answer').textContent === 'answered 1'", "the server's answer")
    assert app.command("state", "count") == 1
    made = calls(app)
    assert [c for c in made if c not in ("ready", "mounted")] == ["count=1", "report count=1 state.count=1"]
    assert made.count("mounted") == 1, app.output()
    assert app.close_window(x, TITLE) == 0, app.output()


def test_an_edit_made_while_disconnected_arrives_after_the_reconnect(launch, x):
    app = launch(APP)
    app.wait_shown()
    app.send("drop_hold")  # the page's websocket closed, the server's loop held: no reconnect yet
    app.wait_line("DRIVER held")
    app.wait_js("document.body.dataset.connection === 'lost'", "the page to see its session lost")
    x.click(TITLE, *app.element_center("#inc"))
    x.click(TITLE, *app.element_center("#inc"))
    app.wait_js("document.getElementById('count').textContent === 'Count: 2'", "the clicks taken while lost")
    assert app.command("js", "getComputedStyle(document.getElementById('td-connection')).display") == "block"
    assert "count=2" not in calls(app)

    app.command("release")
    app.wait_js(LIVE, "the reconnect")
    wait_for(lambda: app.command("state", "count") == 2, "the edit on the server")
    report_and_wait(app, x, 2)
    # Each click re-rendered the template, whose render-time trigger came between the two edits:
    # both went, in order, after the reconnect.
    assert [c for c in calls(app) if c not in ("ready", "mounted")] == ["count=1", "count=2",
                                                                         "report count=2 state.count=2"]
    assert app.close_window(x, TITLE) == 0, app.output()
