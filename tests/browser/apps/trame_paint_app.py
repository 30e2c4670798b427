"""A trame-vuetify app on our core for the first page of trame's own client: a button, a field, and what the server saw.

Each click prints ``APP: click <n>``, so a test can count the clicks that reached the server.
"""

from __future__ import annotations

from trame.ui.vuetify3 import SinglePageLayout
from trame.widgets import html
from trame.widgets import vuetify3 as v3

from trame_desktop.app import get_server

server = get_server("trame_paint")
state, ctrl = server.state, server.controller
state.update(clicks=0, name="", echo="")


def click() -> None:
    state.clicks += 1
    print(f"APP: click {state.clicks}", flush=True)


@state.change("name")
def on_name(name: str, **_: object) -> None:
    state.echo = name.upper()


with SinglePageLayout(server) as layout:
    layout.title.set_text("trame paint")
    with layout.content:
        v3.VBtn("Add", id="add", click=click)
        html.Div("Clicks: {{ clicks }}", id="clicks")
        v3.VTextField(v_model=("name",), id="name", label="Name")
        html.Div("Echo: {{ echo }}", id="echo")

if __name__ == "__main__":
    server.start()
