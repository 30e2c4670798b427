"""An app that builds a server and never calls start(): the shell starts it."""

from _driver import attach_driver

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("nostart_app")
server.state.trame__title = "NoStartApp"
with DivLayout(server):
    html.Div("Started by the shell", id="hello", style="font-size: 32px")
attach_driver(server)
