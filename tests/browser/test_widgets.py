"""Template text written by trame_desktop.widgets and trame_desktop.ui (no browser needed)."""

from __future__ import annotations

import itertools

import pytest

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout, SinglePageLayout, VirtualNode
from trame_desktop.widgets import Element, html

_names = itertools.count()


@pytest.fixture
def server():
    return get_server(f"widgets_test_{next(_names)}")


def test_every_tag_has_a_class():
    assert html.Div().tag == "div" and html.H1().tag == "h1" and html.Textarea().tag == "textarea"
    assert len(html.TAGS) > 100
    with pytest.raises(AttributeError):
        html.NotAnElement  # noqa: B018


def test_attributes_directives_and_text(server):
    element = html.Div(
        "{{ count }}",
        trame_server=server,
        classes="a b",
        style="color: red",
        v_if="count > 1 && ok",
        v_for="item in items",
        aria_label="label",
        disabled=True,
        hidden=False,
        max=5,
        title=("tooltip",),
    )
    text = element.html
    assert text.startswith('<div class="a b" style="color: red" ')
    assert 'v-if="count > 1 &amp;&amp; ok"' in text
    assert 'v-for="item in items"' in text and 'aria-label="label"' in text
    assert " disabled" in text and "hidden" not in text
    assert ':max="5"' in text and ':title="tooltip"' in text
    assert "{{ count }}" in text


def test_bound_tuples_set_state_defaults(server):
    server.state.kept = "already"
    html.Input(trame_server=server, v_model=("typed", "x"), value=("kept", "other"))
    html.Input(trame_server=server, v_model_number=("size", 10))
    assert server.state.typed == "x"
    assert server.state.kept == "already"
    assert server.state.size == 10
    assert 'v-model.number="size"' in html.Input(trame_server=server, v_model_number=("size", 3)).html


def test_events(server):
    def bump():
        pass

    button = html.Button(
        "go",
        trame_server=server,
        click=bump,
        dblclick=(bump, "[$event]"),
        keydown_enter="count += 1",
        update_modelValue=(bump, "[$event]", {"fast": True}),
    )
    name = server.trigger_name(bump)
    text = button.html
    assert f"@click=\"trigger('{name}')\"" in text
    assert f"@dblclick=\"trigger('{name}', [$event])\"" in text
    assert '@keydown.enter="count += 1"' in text
    assert f"@update:modelValue=\"trigger('{name}', [$event], {{&quot;fast&quot;:true}})\"" in text


def test_children_with_and_positional(server):
    with DivLayout(server) as layout:
        with html.Ul(id="list"):
            html.Li("one")
            html.Li("two")
        html.P([html.B("bold"), " text"])
    text = layout.html
    assert text.index("<li>") < text.index("two") < text.index("</ul>")
    assert "<p>\n" in text and text.count("<b>") == 1  # B moved under P, not left in the div
    assert server.state.trame__template_main == text


def test_single_page_layout_slots_and_title(server):
    with SinglePageLayout(server, title="Hello") as layout:
        with layout.toolbar:
            html.Button("tool", id="tool")
        html.Span("body", id="body")
    text = server.state.trame__template_main
    assert server.state.trame__title == "Hello"
    assert text.index('id="tool"') < text.index("td-spa-content") < text.index('id="body"')
    assert "__trame_desktop_ui/layouts.css" in server.state.trame__styles
    layout.title = "Renamed"
    assert server.state.trame__title == "Renamed"


def test_virtual_node_updates_the_layouts_holding_it(server):
    with DivLayout(server, template_name="page") as layout:
        html.H1("title")
        server.ui.sidebar(layout)
    assert isinstance(server.ui.sidebar, VirtualNode)
    with server.ui.sidebar:
        html.Div("first", id="side")
    assert 'id="side"' in server.state.trame__template_page
    with server.ui.sidebar:  # adds, as trame's does
        html.Div("second")
    assert "first" in server.state.trame__template_page and "second" in server.state.trame__template_page
    server.ui.sidebar.clear()
    with server.ui.sidebar:
        html.Div("third")
    assert "first" not in server.state.trame__template_page and "third" in server.state.trame__template_page


def test_generic_element_for_custom_tags(server):
    assert Element("my-widget", trame_server=server, some_prop=("value",)).html == (
        '<my-widget :some-prop="value"></my-widget>'
    )


def test_callable_without_server_is_a_clear_error():
    with pytest.raises(RuntimeError, match="no server"):
        html.Button(click=lambda: None)
