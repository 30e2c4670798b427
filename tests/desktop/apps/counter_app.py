"""A small app on trame-desktop's own server, remote-controlled by the desktop tests.

APP_VETO=1: on_window_closing keeps the window open until state.allow_close is True.
APP_SLOW_READY=S: the server's ready hook blocks S seconds (a server still starting).
APP_IMAGE=1: the layout has an image the page asks the app's server for.
"""

import json
import os
import threading
import time

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("counter_app")
state, ctrl = server.state, server.controller
state.trame__title = "CounterApp"
state.count = 0
state.allow_close = False


@ctrl.trigger("increment")
def increment():
    state.count += 1


@ctrl.trigger("boom")
def boom():
    raise ValueError("boom trigger raised on purpose")


def on_window_closing():
    if os.environ.get("APP_VETO") and not state.allow_close:
        print("APP: veto close", flush=True)
        return False
    return True


ctrl.on_window_closing = on_window_closing


async def stop_server():
    await server.stop()
    return True


def thread_boom():
    def fail():
        raise RuntimeError("app thread raised on purpose")

    thread = threading.Thread(target=fail, name="app-worker")
    thread.start()
    thread.join()
    return True


def qt_enum_names():
    """Where qtpy's unscoped enum names stand (trame_desktop/shell/qt_enum_names.py)."""
    import sys

    from trame_desktop.shell.qt_enum_names import deferred_modules

    widgets = sys.modules.get("qtpy.QtWidgets")
    return {"deferred": deferred_modules(),
            "expanding": widgets is not None and hasattr(widgets.QSizePolicy, "Expanding")}


def collector():
    """The garbage collector's state (trame_desktop/process/startup_gc.py)."""
    import gc

    from trame_desktop.process.startup_gc import collections_held

    return {"enabled": gc.isenabled(), "held": collections_held(), "frozen": gc.get_freeze_count(),
            "collections": [generation["collections"] for generation in gc.get_stats()]}


BUTTON = "font-size: 32px; padding: 24px; margin: 8px; background: #1976d2; color: white; border: 0;"

with DivLayout(server) as layout:
    html.Button("Increment", id="inc", click=increment, style=BUTTON)
    html.Button("Boom", id="boom", click=boom, style=BUTTON)
    html.Div("Count: {{ count }}", id="count", style="font-size: 32px; margin: 8px;")
    if os.environ.get("APP_IMAGE"):
        html.Img(src="./counter-image.png", id="image", alt="")

if os.environ.get("APP_SLOW_READY"):
    # Added before the driver's and the shell's hooks: those run S seconds later.
    ctrl.on_server_ready.add(lambda **_: time.sleep(float(os.environ["APP_SLOW_READY"])))

attach_driver(server, {"stop_server": stop_server, "thread_boom": thread_boom, "qt_enum_names": qt_enum_names,
                      "collector": collector})

if __name__ == "__main__":
    # APP_START_KWARGS: JSON keyword arguments for start() (window options, as an app would pass)
    server.start(**json.loads(os.environ.get("APP_START_KWARGS", "{}")))
