"""On Qt, the shell puts qtpy's unscoped enum names off while its window starts and runs, and sets a
module's names up at the app's first look-up in it (qt_enum_names.py); TRAME_DESKTOP_DEFER_QT_ENUM_NAMES=0
keeps qtpy's own set-up."""

import pytest

from tests.support.processes import DESKTOP_APPS

pytestmark = [pytest.mark.desktop, pytest.mark.only_gui("qt", reason="qtpy is the Qt backend's")]

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"
MODULES = ["PyQt6.QtCore", "PyQt6.QtGui", "PyQt6.QtWidgets"]


@pytest.mark.parametrize("defer", ["default", "0"])
def test_a_module_s_names_are_set_up_at_the_app_s_first_look_up(launch, x, defer):
    env = {} if defer == "default" else {"TRAME_DESKTOP_DEFER_QT_ENUM_NAMES": defer}
    app = launch("--debug", COUNTER, env=env)
    log_file = app.debug_log_file()
    app.wait_shown()
    app.wait_js("document.body.dataset.connection === 'connected'", "the session")
    x.click(TITLE, *app.element_center("#inc"))  # input and window events: pywebview's look-ups in qtpy's modules
    app.wait_js("document.querySelector('#count').textContent.includes('1')", "the click's answer")
    # The driver's call reads what is put off, then looks QSizePolicy up in qtpy's QtWidgets.
    first, second = app.command("call", "qt_enum_names"), app.command("call", "qt_enum_names")
    if defer == "0":
        assert first == second == {"deferred": [], "expanding": True}  # qtpy's own: all there from the start
    else:
        assert first == {"deferred": MODULES, "expanding": True}  # nothing set up until the app looked
        assert second == {"deferred": MODULES[:2], "expanding": True}  # QtWidgets alone, at that look-up
    assert app.close_window(x, TITLE) == 0, app.output()
    lines = log_file.read_text(encoding="utf-8").splitlines()
    set_up = [module for line in lines for module in MODULES
              if f"qtpy's unscoped enum names of {module} are set up" in line]
    assert set_up == (["PyQt6.QtWidgets"] if defer == "default" else []), "\n".join(lines)
    assert [line for line in lines if " ERROR " in line or "Traceback" in line] == [], "\n".join(lines)
