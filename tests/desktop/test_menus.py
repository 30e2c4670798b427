"""Native menus: items clicked through the X server run their handlers on the server's loop;
submenus, shortcuts, check marks and enabled states (Qt backend) follow the app's code."""

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

# pywebview's GTK backend has no menu bar in a window: it logs "Window specific menu is not
# supported on GTK" and shows none (README, "Native menus").
pytestmark = [pytest.mark.desktop, pytest.mark.only_gui("qt", reason="window menus are pywebview's Qt backend's")]

APP = str(DESKTOP_APPS / "menu_app.py")
TITLE = "MenuApp"


def choose(app, x, *path):
    """Click each entry of ``path`` in turn (the menu bar entry, then into its menus) with the mouse."""
    for depth in range(1, len(path) + 1):
        where = "/".join(path[:depth])
        point = wait_for(lambda where=where: app.command("menu_point", where), f"{where} on screen")
        x.run("xdotool", "mousemove", str(point[0]), str(point[1]), "click", "1")


def test_clicked_items_run_their_handlers_on_the_server_loop(launch, x):
    app = launch(APP).wait_shown()
    choose(app, x, "File", "Say hello")
    app.wait_line("APP menu hello on-loop")
    choose(app, x, "File", "More", "Deep item")  # a submenu's item, with an async handler
    app.wait_line("APP menu deep on-loop")
    choose(app, x, "File", "Save")  # an item naming a controller function
    app.wait_line("APP menu save on-loop")
    assert app.command("state", "chosen") == ["hello", "deep", "save"]
    app.wait_js("document.getElementById('chosen').innerText.includes('save')", "the page showing what ran")
    assert app.close_window(x, TITLE) == 0, app.output()


def test_shortcuts_and_check_marks(launch, x):
    app = launch(APP).wait_shown()
    assert app.command("menu_state", "dark") == {"title": "Dark mode", "enabled": True, "checked": False,
                                                 "shortcut": "Ctrl+Shift+D"}
    x.run("xdotool", "windowactivate", "--sync", x.window_id(TITLE))
    x.key("ctrl+shift+d")
    app.wait_line("APP menu dark True on-loop")  # the handler hears the new state
    assert app.command("menu_state", "dark")["checked"] is True
    assert app.command("call", "uncheck_dark") is False  # from app code
    wait_for(lambda: app.command("menu_state", "dark")["checked"] is False, "the check mark gone")
    x.key("ctrl+shift+h")
    app.wait_line("APP menu hello on-loop")
    assert app.close_window(x, TITLE) == 0, app.output()


def test_a_disabled_item_does_nothing_until_enabled(launch, x):
    app = launch(APP).wait_shown()
    app.command("call", "disable_save")
    wait_for(lambda: app.command("menu_state", "save")["enabled"] is False, "Save disabled")
    choose(app, x, "File", "Save")
    x.key("Escape")  # Qt keeps the menu open after a click on a disabled item
    wait_for(lambda: app.command("menu_point", "File/Save") is None, "the menu closed")
    choose(app, x, "File", "Say hello")
    app.wait_line("APP menu hello on-loop")
    assert not app.has_line("APP menu save")  # chosen before hello, yet it never ran

    app.command("call", "enable_save")
    wait_for(lambda: app.command("menu_state", "save") == {"title": "Save now", "enabled": True, "checked": False,
                                                           "shortcut": ""}, "Save enabled and renamed")
    choose(app, x, "File", "Save now")
    app.wait_line("APP menu save on-loop")
    assert app.close_window(x, TITLE) == 0, app.output()
