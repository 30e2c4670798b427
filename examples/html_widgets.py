"""Notes: an app written for trame's HTML widgets (``trame.widgets.html``, ``trame.ui.html``).

Written for trame, then ported by changing its three imports to trame-desktop's (run it
with ``python -m trame_desktop examples/html_widgets.py``). The browser tests put trame's
imports back, run both versions and compare what they show. Each widget API point is used once:
``raw_attrs``, ``(name, default)`` bindings, ``v_model``, ``v_if``/``v_else``, ``v_for``
with ``key``, ``v_show``, ``v_text``, ``v_html``, ``v_bind``, ``classes``/``style``,
the three kinds of events, ``ctx_name``, ``hide()``, ``clear()`` and ``add_child``.
"""

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("html_widgets")
state, ctrl, ctx = server.state, server.controller, server.context
state.trame__title = "Notes"

state.loads = 0
state.added = 0
state.last_event = "none"
state.tags = ["home", "work"]
state.motto = "<b>bold</b> and <i>plain</i>"


@ctrl.trigger("load")
def on_load() -> None:
    state.loads += 1


@state.change("draft")
def on_draft(draft: str, **_: object) -> None:
    # computed here, so the page only shows it once the typed text reached the server
    state.draft_length = len(draft or "")


def add_note() -> None:
    state.added += 1
    ctx.notes.add_child(html.Li(f"{state.draft} ({state.added})", classes="note"))
    layout.flush_content()


def clear_notes() -> None:
    ctx.notes.clear()
    layout.flush_content()


def hide_banner() -> None:
    ctx.banner.hide()
    layout.flush_content()


def reset_draft() -> None:
    state.draft = ""


def record(kind: str, detail: str) -> None:
    state.last_event = f"{kind}:{detail}"


with DivLayout(server, classes="notes-app", style="padding: 8px") as layout:
    html.H1("Notes", raw_attrs=["@vue:mounted=\"trigger('load')\"", 'data-raw="yes"'], classes="title")
    html.Div("Loaded {{ loads }} time(s)", classes="loads")
    html.Div("Welcome: this banner hides itself", ctx_name="banner", classes="banner")
    with html.Div(classes="editor"):
        html.Input(v_model=("draft", "milk"), classes="draft", placeholder="a note")
        html.Input(type="number", min=0, max=9, v_model_number=("copies", 2), classes="copies")
        html.Span("{{ draft_length }} characters", classes="length")
        html.Button("Add", click=add_note, classes="add", disabled=("!draft",))
        html.Button("Clear", click=clear_notes, classes="clear")
        html.Button("Hide banner", click=hide_banner, classes="hide")
        html.Button("Record", click=(record, "['button', $event.type]"), classes="record")
        html.Button("Bump", click="copies += 1", classes="bump")
        html.Button("Reset", click=reset_draft, classes="reset")
    html.Div("Last event: {{ last_event }}", classes="last-event")
    html.Ul(ctx_name="notes", classes="notes")
    with html.Ul(classes="tags"):
        html.Li("{{ tag }}", v_for="(tag, i) in tags", key="i", classes="tag")
    html.P("Many copies", v_if="copies > 3", classes="many")
    html.P("Few copies", v_else=True, classes="few")
    html.P("Shown while there is a draft", v_show="draft", classes="shown")
    html.P(v_text="'text: ' + draft", classes="text")
    html.P(v_html="motto", classes="motto")
    html.A("link", v_bind=("link_attrs", {"href": "#notes", "title": "bound"}), classes="link")
    html.Span(
        "styled",
        classes=("copies > 2 ? 'big' : 'small'",),
        style={"color": "rgb(0, 128, 0)"},
        draggable=False,
    )

if __name__ == "__main__":
    server.start()
