"""On Qt, the shell puts qtpy's unscoped enum names off while its window starts and sets them all up
once the first session has opened (qt_enum_names.py); TRAME_DESKTOP_DEFER_QT_ENUM_NAMES=0 keeps qtpy's
own set-up."""

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = [pytest.mark.desktop, pytest.mark.only_gui("qt", reason="qtpy is the Qt backend's")]

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
MODULES = ["PyQt6.QtCore", "PyQt6.QtGui", "PyQt6.QtWidgets"]
COMPLETE = {"deferred": [], "expanding": True}


@pytest.mark.parametrize("defer", ["default", "0"])
def test_the_names_are_complete_after_the_first_session(launch, x, defer):
    env = {} if defer == "default" else {"TRAME_DESKTOP_DEFER_QT_ENUM_NAMES": defer}
    app = launch("--debug", COUNTER, env=env)
    log_file = app.debug_log_file()
    app.wait_shown()
    app.wait_js("document.body.dataset.connection === 'connected'", "the session")
    if defer == "0":
        assert app.command("call", "qt_enum_names") == COMPLETE  # qtpy's own: all there from the start
    wait_for(lambda: app.command("call", "qt_enum_names") == COMPLETE, "the names put off to be set up")
    assert app.close_window(x, TITLE) == 0, app.output()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    set_up = [module for line in lines for module in MODULES
              if f"qtpy's unscoped enum names of {module} are set up" in line]
    assert set_up == (MODULES if defer == "default" else []), "\n".join(lines)
    assert [line for line in lines if " ERROR " in line or "Traceback" in line] == [], "\n".join(lines)
