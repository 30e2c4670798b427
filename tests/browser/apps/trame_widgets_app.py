"""An app written for trame, widgets from the PyPI packages, served by our core (import of get_server aside).

Vuetify 3 (a form, a table, a dialog, a slider), trame's ClientTriggers, client.Script and
JSEval, markdown, plotly, matplotlib, and a child server whose widgets use its translated names.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display: figures are drawn off screen, then sent as mpld3 JSON

import matplotlib.pyplot as plt
import plotly.graph_objects as go
from trame.ui.vuetify3 import SinglePageLayout
from trame.widgets import client, html, markdown, plotly, trame
from trame.widgets import matplotlib as mpl_widgets
from trame.widgets import vuetify3 as v3

from trame_desktop.app import get_server

server = get_server("trame_widgets")
state, ctrl = server.state, server.controller
state.update(mounted=0, clicks=0, saved_name="", dialog=False, rows=[{"name": "alpha", "size": 1}, {"name": "beta", "size": 2}])

child = server.create_child_server(prefix="child_")
child.state.value = 41


@ctrl.trigger("on_mounted")
def on_mounted() -> None:
    state.mounted += 1


def click() -> None:
    state.clicks += 1


def save() -> None:
    state.saved_name = state.name
    state.rows = [*state.rows, {"name": state.name, "size": len(state.rows) + 1}]


def child_increment() -> None:
    child.state.value += 1


@state.change("level")
def on_level(level: float, **_: object) -> None:
    state.level_seen = level


def figure() -> plt.Figure:
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([1, 2, 3], [3, 1, 2])
    return fig


with SinglePageLayout(server) as layout:
    layout.title.set_text("trame widgets")
    with layout.content:
        trame.ClientTriggers(mounted="trigger('on_mounted')")
        client.Script("window.scriptRan = true;")
        html.Div("mounted={{ mounted }}", id="mounted")
        with v3.VForm(id="form"):
            v3.VTextField(v_model=("name", "Ada"), label="Name", id="name")
            v3.VBtn("Save", click=save, id="save")
        html.Div("saved={{ saved_name }}", id="saved")
        v3.VDataTable(items=("rows",), headers=("[{title: 'Name', key: 'name'}, {title: 'Size', key: 'size'}]",),
                      id="table")
        with v3.VDialog(v_model=("dialog",)), v3.VCard(id="dialog-card"):
            v3.VCardText("In the dialog")
            v3.VBtn("Close", click="dialog = false", id="close-dialog")
        v3.VBtn("Open dialog", click="dialog = true", id="open-dialog")
        v3.VSlider(v_model=("level", 3), min=0, max=10, step=1, id="slider")
        html.Div("level={{ level }} seen={{ level_seen }}", id="level")
        v3.VBtn("Click {{ clicks }}", click=click, id="click")
        markdown.Markdown(content=("md", "# Markdown *works*"), id="md")
        plotly.Figure(go.Figure(data=[go.Bar(y=[1, 3, 2])]), style="width: 400px; height: 300px;", id="plotly")
        mpl_widgets.Figure(figure(), id="mpl")
        with html.Div(id="child-block", trame_server=child):
            html.Span("child={{ value }}", id="child", trame_server=child)
            html.Button("child +1", click=child_increment, id="child-inc", trame_server=child)

if __name__ == "__main__":
    server.start()
