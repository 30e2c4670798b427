"""A counter written for the `trame` package (trame.app.get_server), used by the desktop tests.

Test knobs (environment): APP_VETO=1 makes on_window_closing keep the window open until the
state flag `allow_close` is set; the `boom` trigger raises; `stop_server` stops the server.
"""

import json
import os

from _driver import attach_driver
from trame.app import get_server
from trame.ui.html import DivLayout
from trame.widgets import html

server = get_server("trame_counter")
print(f"APP: server class {type(server).__module__}", flush=True)  # which core the launcher gave
state, ctrl = server.state, server.controller
state.trame__title = "TrameCounter"
state.count = 0
state.allow_close = False


@ctrl.trigger("boom")
def boom():
    raise ValueError("boom trigger raised on purpose")


async def stop_server():
    await server.stop()
    return True


def on_window_closing():
    if os.environ.get("APP_VETO") and not state.allow_close:
        print("APP: veto close", flush=True)
        return False
    return True


ctrl.on_window_closing = on_window_closing


def increment():
    state.count += 1


with DivLayout(server) as layout:
    html.Button("Increment", id="inc", click=increment, style="font-size: 40px; padding: 40px; background: #1976d2; color: white;")
    html.Div("Count: {{ count }}", id="count", style="font-size: 40px")

attach_driver(server, {"stop_server": stop_server})

if __name__ == "__main__":
    # APP_START_KWARGS: JSON keyword arguments for start(), as for counter_app.py
    server.start(**json.loads(os.environ.get("APP_START_KWARGS", "{}")))
