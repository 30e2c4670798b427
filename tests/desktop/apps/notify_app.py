"""An app that sends a desktop notification from its server loop and hears its click."""

import asyncio
import threading

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html
from trame_desktop.window import get_window

server = get_server("notify_app")
state = server.state
state.trame__title = "NotifyApp"
state.clicks = 0

with DivLayout(server) as layout:
    html.Button("Increment", id="inc")


def clicked():
    asyncio.get_running_loop()  # raises off the loop
    on_loop = threading.current_thread().name == "trame-server"
    state.clicks += 1
    print("APP notification clicked", "on-loop" if on_loop else "off-loop", flush=True)


async def notify():
    return await get_window(server).notify("Build finished", "3 files written", on_clicked=clicked)


attach_driver(server, {"notify": notify})

if __name__ == "__main__":
    server.start()
