"""An app that opens a second window on another layout of its server (``?ui=inspector``), and one on
a child server's layout (``create_child_server(prefix="child_")``, ``?ui=child``).

Every event of that window prints ``APP window <name> <event> <json args>``. With ``--last`` the
last window open ends the app (``quit_with="last"``); ``state.keep_open`` vetoes the app's end.
"""

import json
import sys

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html
from trame_desktop.window import get_window, open_window

server = get_server("windows_app")
state, ctrl = server.state, server.controller
state.trame__title = "WindowsApp"
state.count = 0
state.keep_open = False

with DivLayout(server) as layout:
    html.Button("Increment", id="inc", click="count += 1")
    html.Div("Main: {{ count }}", id="main-count")

with DivLayout(server, template_name="inspector") as inspector:
    html.Div("Inspector sees {{ count }}", id="inspector-count")

child = server.create_child_server(prefix="child_")
child.state.value = 41


def child_increment():
    child.state.value += 1


with DivLayout(child, template_name="child"):  # its own name: trame__template_* keys are not prefixed
    html.Button("Child +1", id="child-inc", click=child_increment)
    html.Div("Child value {{ value }}", id="child-value")


@child.controller.add("on_window_event")
def child_report(name, event, *args):
    print("APP child-server window", name, event, json.dumps(args), flush=True)


@ctrl.add("on_window_event")
def report(name, event, *args):
    print("APP window", name, event, json.dumps(args), flush=True)


@ctrl.set("on_window_closing")
def closing():
    print("APP closing asked", flush=True)
    return not state.keep_open


def open_inspector():
    window = open_window(server, "inspector", ui="inspector", title="Inspector", width=500, height=350)
    return window.name


async def inspector_text():
    return await get_window(server, "inspector").evaluate_js(
        "(document.getElementById('inspector-count') || {}).innerText || null")


def open_child():
    return open_window(child, "child", ui="child", title="Child", width=450, height=300).name


async def child_text():
    return await get_window(child, "child").evaluate_js(
        "(document.getElementById('child-value') || {}).innerText || null")


async def child_button():
    """The centre of the child's button, in its window's pixels."""
    return await get_window(child, "child").evaluate_js(
        "(r => [r.x + r.width / 2, r.y + r.height / 2])(document.getElementById('child-inc').getBoundingClientRect())")


def child_value():
    return [child.state.value, state.child_value]


def resize_inspector():
    get_window(server, "inspector").resize(420, 300)
    return True


attach_driver(server, {"open_inspector": open_inspector, "inspector_text": inspector_text,
                       "resize_inspector": resize_inspector, "open_child": open_child, "child_text": child_text,
                       "child_button": child_button, "child_value": child_value})

if __name__ == "__main__":
    server.start(quit_with="last" if "--last" in sys.argv else "main")
