"""An app with a native menu: each item's handler prints where it ran (``APP menu <name> <loop?>``)."""

import asyncio
import threading

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html
from trame_desktop.window import Menu, MenuItem, Separator, get_window

server = get_server("menu_app")
state, ctrl = server.state, server.controller
state.trame__title = "MenuApp"
state.chosen = []
server_loop = []
ctrl.on_server_ready.add(lambda **_: server_loop.append(asyncio.get_running_loop()))


def record(name, *args):
    on_loop = threading.current_thread().name == "trame-server" and asyncio.get_running_loop() is server_loop[0]
    print("APP menu", name, *args, "on-loop" if on_loop else "off-loop", flush=True)
    state.chosen = [*state.chosen, name]


def hello():
    record("hello")


async def deep():
    await asyncio.sleep(0)
    record("deep")


def dark(checked):
    record("dark", checked)


@ctrl.set("save_document")
def save():
    record("save")


def disable_save():
    get_window(server).set_menu_item("save", enabled=False)
    return True


def enable_save():
    get_window(server).set_menu_item("save", enabled=True, title="Save now")
    return True


def uncheck_dark():
    get_window(server).set_menu_item("dark", checked=False)
    return get_window(server).menu_item("dark").checked


MENU = [
    Menu("File", [
        MenuItem("Say hello", hello, id="hello", shortcut="Ctrl+Shift+H"),
        MenuItem("Save", "save_document", id="save"),
        Separator(),
        Menu("More", [MenuItem("Deep item", deep, id="deep")]),
    ]),
    Menu("View", [MenuItem("Dark mode", dark, id="dark", checkable=True, shortcut="Ctrl+Shift+D")]),
]

with DivLayout(server) as layout:
    html.Button("Increment", id="inc")
    html.Div("{{ chosen }}", id="chosen")

attach_driver(server, {"disable_save": disable_save, "enable_save": enable_save, "uncheck_dark": uncheck_dark})

if __name__ == "__main__":
    server.start(menu=MENU)
