"""Counter: a button trigger, a slider bound with v_model, a value computed on the server.

Run it with ``python -m trame_desktop examples/counter.py`` (a window) or
``python examples/counter.py`` (a browser tab).
"""

from trame_desktop.app import get_server
from trame_desktop.ui import SinglePageLayout
from trame_desktop.widgets import html

server = get_server("counter")
state, ctrl = server.state, server.controller

state.count = 0


@ctrl.trigger("increment")
def increment() -> None:
    state.count += 1


@state.change("size")
def update_area(size: int, **_: object) -> None:
    state.area = int(size) * int(size)


with SinglePageLayout(server, title="Counter") as layout:
    with layout.toolbar:
        html.Button("Reset", click="count = 0")
    with html.Div(style="display: grid; gap: 1rem; max-width: 24rem;"):
        with html.Div(style="display: flex; align-items: center; gap: 1rem;"):
            html.Button("Increment", click=increment, classes="increment")
            html.Span("Count: {{ count }}", classes="count")
        with html.Label(style="display: flex; align-items: center; gap: 1rem;"):
            html.Span("Size")
            html.Input(type="range", min=1, max=50, v_model_number=("size", 10), classes="size")
            html.Span("{{ size }}")
        html.Div("Area (computed by the server): {{ area }}", classes="area")

update_area(state.size)

if __name__ == "__main__":
    server.start()
