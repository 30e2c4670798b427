"""An app exercising the client's features for the browser tests.

PROBE_MODULE_DIR: a directory served as ``probe/`` holding probe.js, probe.css (enabled at
start-up, with the Vue plugin ``ProbePlugin``) and late.css (enabled by the ``enable_late``
trigger, after the first render).
"""

import asyncio
import os

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import Element, html

server = get_server("probe_app")
state, ctrl = server.state, server.controller
state.trame__title = "Probe"
MODULE_DIR = os.environ["PROBE_MODULE_DIR"]

server.enable_module(
    {
        "serve": {"probe": MODULE_DIR},
        "scripts": ["probe/probe.js"],
        "styles": ["probe/probe.css"],
        # A global name, and (as trame-vuetify does) an expression with an evaluated option.
        "vue_use": ["ProbePlugin", ["ProbeFactory.make('from an expression')", {"js_eval": "({suffix: '!'})"}]],
    }
)

state.trame__client_only = ["trame__busy", "draft"]
state.draft = "server draft"
state.draft_seen = ""
released: asyncio.Event | None = None


@ctrl.trigger("check_draft")
def check_draft() -> None:
    state.draft_seen = f"server has: {state.draft}"


@ctrl.trigger("focus_name")
def focus_name() -> None:
    server.js_call("name_input", "focus")


@ctrl.trigger("mark_name")
def mark_name(value: str) -> None:
    server.js_call("name_input", "setAttribute", "data-from-server", value)


@ctrl.trigger("enable_late")
def enable_late() -> None:
    server.enable_module({"styles": ["probe/late.css"]})


@ctrl.trigger("wait_release")
async def wait_release() -> str:
    global released
    released = asyncio.Event()
    await released.wait()
    return "released"


@ctrl.trigger("release")
def release() -> None:
    if released is not None:
        released.set()


@state.change("name")
def greet(name: str, **_: object) -> None:
    state.greeting = f"Hello {name}" if name else ""


with DivLayout(server) as layout:
    html.Input(ref="name_input", id="name", v_model=("name", ""))
    html.Div("{{ greeting }}", id="greeting")
    html.Input(id="draft", v_model="draft")
    html.Button("check", id="check", click=check_draft)
    html.Div("{{ draft_seen }}", id="draft_seen")
    html.Button("focus", id="focus", click=focus_name)
    html.Button("mark", id="mark", click=(mark_name, "['marked-by-js-call']"))
    html.Button("late", id="late", click=enable_late)
    html.Button("wait", id="wait", click=wait_release)
    html.Button("release", id="release", click=release)
    html.Button("broken", id="broken", click="no_such_function_in_template()")
    html.Div("busy={{ trame__busy }}", id="busy")
    html.Div("styled", id="styled", classes="probe-styled late-styled")
    Element("probe-badge", id="badge")
    Element("probe-made", id="made")

with DivLayout(server, template_name="alt"):
    html.Div("alternate layout {{ trame__title }}", id="alt")

state.trame__template_broken = "<div>{{ unclosed interpolation </div>"

if __name__ == "__main__":
    server.start()
