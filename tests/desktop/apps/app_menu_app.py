"""An app with an app-wide menu, shown by its main window and the windows it opens without a menu of
their own; each handler prints the window it was chosen in (``APP menu <name> <window> <loop?>``)."""

import asyncio
import json
import threading

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html
from trame_desktop.window import Menu, MenuItem, get_window, open_window

server = get_server("app_menu_app")
state, ctrl = server.state, server.controller
state.trame__title = "AppMenuApp"
server_loop = []
ctrl.on_server_ready.add(lambda **_: server_loop.append(asyncio.get_running_loop()))


def record(name, window, *args):
    on_loop = threading.current_thread().name == "trame-server" and asyncio.get_running_loop() is server_loop[0]
    print("APP menu", name, window.name, *args, "on-loop" if on_loop else "off-loop", flush=True)


def where(window):
    record("where", window)


def grid(checked, window):
    record("grid", window, checked)


@ctrl.set("named_item")
async def named(window):
    await asyncio.sleep(0)
    record("named", window)


def tool(window):
    record("tool", window)


@ctrl.add("on_window_event")
def report(name, event, *args):
    print("APP window", name, event, json.dumps(args), flush=True)


APP_MENU = [
    Menu("File", [MenuItem("Where am I", where, id="where"), MenuItem("Named", "named_item", id="named")]),
    Menu("View", [MenuItem("Grid", grid, id="grid", checkable=True)]),
]


def open_second():
    return open_window(server, "second", title="Second", width=500, height=350).name


def open_own():
    return open_window(server, "own", title="Own", width=400, height=300,
                       menu=[Menu("Tools", [MenuItem("Only here", tool, id="tool")])]).name


def change_items():
    get_window(server, "second").set_menu_item("where", title="Where now")  # from any window: all follow
    get_window(server).set_menu_item("named", enabled=False)
    return True


with DivLayout(server) as layout:
    html.Button("Increment", id="inc")

attach_driver(server, {"open_second": open_second, "open_own": open_own, "change_items": change_items})

if __name__ == "__main__":
    server.start(app_menu=APP_MENU)
