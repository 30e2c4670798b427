"""An app the live-reload tests edit while it runs (a copy of this file, in the test's folder).

VERSION and EXTRA are what the tests change; the count survives each reload.
"""

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

VERSION = "Version 1"

server = get_server("reload_app")
state, ctrl = server.state, server.controller
state.trame__title = "ReloadApp"
state.count = 0
state.doubled = 0


def increment():
    state.count += 1


@state.change("count")
def on_count(count, **_):
    state.doubled = 2 * count
    print("APP on_count", VERSION, count, flush=True)


with DivLayout(server) as layout:
    html.Button("Increment", id="inc", click=increment)
    html.Div(VERSION, id="version")
    html.Div("Count: {{ count }}, doubled: {{ doubled }}", id="count")

attach_driver(server)

if __name__ == "__main__":
    server.start()
