"""The app menu: every window without a menu of its own shows it (windows opened later included),
its items' handlers run on the server's loop and are told the window they were chosen in, and a
change to an item reaches every window showing it."""

import pytest

from tests.support.menus import choose
from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

# pywebview's GTK backend shows no menu in a window (README, "Native menus").
pytestmark = [pytest.mark.desktop, pytest.mark.only_gui("qt", reason="window menus are pywebview's Qt backend's")]

APP = str(DESKTOP_APPS / "app_menu_app.py")
MAIN, SECOND, OWN = "AppMenuApp", "Second", "Own"


def open_second(app, x):
    assert app.command("call", "open_second") == "second"
    wait_for(lambda: x.has_window(SECOND), "the second window")
    app.wait_line("APP window second shown []")
    wait_for(lambda: app.command("menu_state", "second::where") is not None,
             lambda: f"its menu's Qt actions\n{app.output()}")


def test_an_item_chosen_in_another_window_is_told_that_window(launch, x):
    app = launch(APP).wait_shown()
    open_second(app, x)
    assert app.command("menu_titles", "second::") == ["File", "View"]
    choose(app, x, "File", "Where am I", window="second", title=SECOND)
    app.wait_line("APP menu where second on-loop")
    choose(app, x, "File", "Named", window="second", title=SECOND)  # a controller function, by name
    app.wait_line("APP menu named second on-loop")
    choose(app, x, "File", "Where am I", title=MAIN)
    app.wait_line("APP menu where main on-loop")
    assert app.close_window(x, MAIN) == 0, app.output()


def test_a_change_to_an_item_reaches_every_window_showing_it(launch, x):
    app = launch(APP).wait_shown()
    open_second(app, x)
    assert app.command("call", "change_items") is True
    for window in ("", "second::"):
        wait_for(lambda window=window: app.command("menu_state", window + "where")["title"] == "Where now"
                 and app.command("menu_state", window + "named")["enabled"] is False, f"{window or 'main'} changed")

    choose(app, x, "View", "Grid", window="second", title=SECOND)  # a check mark flipped in one window
    app.wait_line("APP menu grid second True on-loop")
    wait_for(lambda: app.command("menu_state", "grid")["checked"] is True, "the main window's check mark too")
    assert app.command("menu_state", "second::grid")["checked"] is True
    assert app.close_window(x, MAIN) == 0, app.output()


def test_a_window_with_its_own_menu_does_not_show_the_app_menu(launch, x):
    app = launch(APP).wait_shown()
    assert app.command("call", "open_own") == "own"
    wait_for(lambda: x.has_window(OWN), "the window with its own menu")
    wait_for(lambda: app.command("menu_titles", "own::") == ["Tools"], "its own menu only")
    choose(app, x, "Tools", "Only here", window="own", title=OWN)
    app.wait_line("APP menu tool own on-loop")
    assert app.command("menu_titles") == ["File", "View"]  # the main window keeps the app menu
    assert app.close_window(x, MAIN) == 0, app.output()
