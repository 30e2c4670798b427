"""Apps written for the `trame` package run through the shell the same way: thread, window,
bridge, logs, and a fresh secret instead of trame's default one; on our core (the default) and
on trame's own (``--core trame``)."""

import asyncio

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for
from tests.support.websocket_probe import talk
from trame_desktop.server.secret import DEFAULT_SECRET

pytestmark = pytest.mark.desktop

TRAME_APP = str(DESKTOP_APPS / "trame_counter.py")
TITLE = "TrameCounter"


@pytest.fixture(params=["ours", "trame"])
def core(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def launch_trame(launch, core):
    """launch(TRAME_APP, env=...) with the core chosen as a user does: ``--core``."""

    def start(app: str, env: dict[str, str] | None = None):
        return launch("--core", core, app, env=env)

    return start


def shown(app):
    return app.wait_shown("the trame app's UI")


def test_a_trame_app_opens_clicks_and_closes(launch_trame, x, core):
    app = shown(launch_trame(TRAME_APP))
    x.click(TITLE, *app.element_center("#inc"))
    wait_for(lambda: app.command("state", "count") == 1, "the click to reach the trame server")
    assert "1" in app.wait_js("document.getElementById('count').textContent.includes('1') && "
                              "document.getElementById('count').textContent", "the new count on the page")
    assert app.close_window(x, TITLE) == 0, app.output()
    assert app.has_line("DRIVER event on_window_closed")
    assert app.survivors() == []
    assert app.has_line("APP: server class trame_desktop" if core == "ours" else "APP: server class trame_server")


def test_a_trame_app_gets_a_fresh_secret_not_trames_default(launch_trame, x):
    app = shown(launch_trame(TRAME_APP))
    port = app.command("port")
    # Not in the address: trame's client took it out (trame's core), or it never was (the shell's
    # first page on ours, whose address only asks trame's client for wsProxy)
    assert "secret" not in app.command("js", "window.location.href")
    report = asyncio.run(talk(port, DEFAULT_SECRET, origin=None))
    assert "error" in report["hello"]
    assert report["state"] is None or "error" in report["state"]
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_trame_app_can_veto_the_close(launch_trame, x):
    app = shown(launch_trame(TRAME_APP, env={"APP_VETO": "1"}))
    x.close(TITLE)
    app.wait_line("APP: veto close")
    assert x.has_window(TITLE) and app.process.poll() is None
    app.command("set", "allow_close true")
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_trame_server_stopping_closes_the_window(launch_trame, x):
    app = shown(launch_trame(TRAME_APP))
    app.send("call", "stop_server")  # no answer: the process ends
    assert app.wait_exit() == 0, app.output()
    assert not x.has_window(TITLE)
    assert app.survivors() == []


def test_a_trame_server_that_fails_to_start_shows_the_error_page(launch_trame, x):
    # trame's start() with a backend that is not installed raises in the server thread, while the
    # window still shows its inline loading page
    app = launch_trame(TRAME_APP, env={"APP_START_KWARGS": '{"backend": "tornado"}'})
    app.wait_line("the server stopped with an error", stream="stderr")
    text = app.wait_js("document.getElementById('trame-desktop-error') && document.body.innerText", "the error page")
    assert "tornado" in text and "log" in text
    assert app.close_window(x, TITLE) == 1, app.output()
