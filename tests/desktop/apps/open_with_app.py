"""An app that opens what it is given (files, myapp:// URLs) and hears later launches of itself.

Each of its hooks prints ``DRIVER event <hook> <json args>``; APP_START_KWARGS (JSON) adds
start() keywords (e.g. {"single_instance": false}).
"""

import json
import os

from _driver import EVENTS, attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("open_with_app")
state, ctrl = server.state, server.controller
state.trame__title = "OpenWithApp"
state.opened = []

with DivLayout(server) as layout:
    html.Button("Increment", id="inc")
    html.Div("{{ opened }}", id="opened")


@ctrl.add("on_open_files")
def remember(paths):
    state.opened = [*state.opened, *paths]


attach_driver(server, events=(*EVENTS, "on_open_files", "on_open_url", "on_second_instance"))

if __name__ == "__main__":
    server.start(url_schemes=["myapp"], **json.loads(os.environ.get("APP_START_KWARGS", "{}")))
