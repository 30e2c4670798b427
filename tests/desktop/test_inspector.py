"""--debug on Qt: the web inspector opens once, on a web profile of its own (trame_desktop/shell/inspector.py).

pywebview's own inspector shared the disk-based profile's storage folder of the app's window, which
Qt WebEngine does not allow (a storage location must be unique); a rare freeze of the app's page
was seen on a first launch just as it opened."""

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

APP = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"


@pytest.mark.only_gui("qt", reason="pywebview's Qt backend opens the inspector as a window with its own profile")
def test_the_debug_inspector_opens_once_on_a_profile_of_its_own(launch, x):
    app = launch("--debug", APP).wait_shown()
    wait_for(lambda: x.has_window(f"Web Inspector - {TITLE}"), "the web inspector's window")
    profiles = {uid: (off_the_record, path) for uid, off_the_record, path in app.command("profiles")}
    assert list(profiles) == ["master", "web_inspector"], profiles  # one inspector, not one per page load
    assert profiles["master"][0] is False, "the app's page keeps its disk-based profile (its storage survives)"
    assert profiles["web_inspector"][0] is True, "the inspector must not share the page's storage folder"
    assert app.close_window(x, TITLE) == 0, app.output()
