"""A Vuetify 3 app written for the `trame` package (trame.app.get_server, trame's layout), for the
shell's first page of trame's own client.

APP_READY_GATE=PATH: the server's ready hook blocks until PATH exists (a window painted before its
server, for as long as the test needs; 60 s at most).
"""

import os
import time
from pathlib import Path

from _driver import attach_driver
from trame.app import get_server
from trame.ui.vuetify3 import SinglePageLayout
from trame.widgets import html
from trame.widgets import vuetify3 as v3

server = get_server("trame_paint")
state, ctrl = server.state, server.controller
state.trame__title = "TramePaint"
state.count = 0


def increment():
    state.count += 1
    print(f"APP: increment {state.count}", flush=True)


with SinglePageLayout(server) as layout:
    layout.title.set_text("TramePaint")
    with layout.content:
        v3.VBtn("Increment", id="inc", click=increment, size="x-large", color="primary", classes="ma-4")
        html.Div("Count: {{ count }}", id="count", style="font-size: 32px; margin: 16px;")



def wait_for_gate(**_):
    gate = Path(os.environ["APP_READY_GATE"])
    deadline = time.monotonic() + 60
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    print("APP: gate open", flush=True)


if os.environ.get("APP_READY_GATE"):
    # Added before the driver's and the shell's hooks: those run once the gate opens.
    ctrl.on_server_ready.add(wait_for_gate)

attach_driver(server, {})

if __name__ == "__main__":
    server.start()
