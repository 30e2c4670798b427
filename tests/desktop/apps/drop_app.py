"""An app that listens for files dropped on its window, remote-controlled by the desktop tests.

It sets ``ctrl.on_window_files_dropped`` (through the driver, which prints
``DRIVER event on_window_files_dropped [[path, ...]]`` for each drop) and fills the window with
one drop zone, so a drop anywhere on the page lands on the app.
"""

from _driver import EVENTS, attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("drop_app")
server.state.trame__title = "DropApp"

ZONE = "position: fixed; inset: 0; display: flex; align-items: center; justify-content: center; font-size: 32px;"

with DivLayout(server):
    html.Div("Drop files here", id="zone", style=ZONE)

attach_driver(server, events=(*EVENTS, "on_window_files_dropped"))

if __name__ == "__main__":
    server.start()
