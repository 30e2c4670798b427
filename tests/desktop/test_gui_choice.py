"""The shell chooses the GUI backend itself and says so in one INFO line: pywebview's own probing
(GTK first, an ERROR with a traceback where PyGObject is missing) never reaches the app's log."""

import pytest

from tests.support.processes import DESKTOP_APPS
from trame_desktop.shell.toolkit import gtk_available

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"


@pytest.mark.parametrize("how", ["first installed", "TRAME_DESKTOP_GUI", "--gui"])
def test_the_log_names_the_backend_once_and_holds_no_error(launch, x, gui, how):
    if how == "first installed" and gui != "qt":
        pytest.skip("with both installed, the first one is Qt")
    env = {"PYWEBVIEW_GUI": ""}  # nothing asked of pywebview: the choice is the shell's
    args = ["--debug", COUNTER]
    if how == "TRAME_DESKTOP_GUI":
        env["TRAME_DESKTOP_GUI"] = gui
    elif how == "--gui":
        args = ["--gui", gui, *args]
    app = launch(*args, env=env)
    log_file = app.debug_log_file()
    app.wait_shown()
    assert app.close_window(x, TITLE) == 0, app.output()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    named = [line for line in lines if "GUI backend:" in line]
    reason = {"first installed": "(the first one installed)", "TRAME_DESKTOP_GUI": "(asked for with TRAME_DESKTOP_GUI)",
              "--gui": "(asked for with --gui)"}[how]
    assert len(named) == 1 and " INFO " in named[0] and f"GUI backend: {gui} {reason}" in named[0], named
    assert [line for line in lines if " ERROR " in line or "Traceback" in line] == [], "\n".join(lines)
    if not gtk_available():
        assert not any("GTK cannot be loaded" in line for line in lines)
