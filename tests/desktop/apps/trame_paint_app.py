"""A Vuetify 3 app written for the `trame` package (trame.app.get_server, trame's layout), for the
shell's first page of trame's own client.

APP_SLOW_READY=S: the server's ready hook blocks S seconds (a window painted before its server).
"""

import os
import time

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

if os.environ.get("APP_SLOW_READY"):
    # Added before the driver's and the shell's hooks: those run S seconds later.
    ctrl.on_server_ready.add(lambda **_: time.sleep(float(os.environ["APP_SLOW_READY"])))

attach_driver(server, {})

if __name__ == "__main__":
    server.start()
