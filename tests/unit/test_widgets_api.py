"""trame's widget API on trame_desktop.widgets: the template text each keyword, method and class writes."""

from __future__ import annotations

import importlib.util
import itertools
from typing import Any

import pytest

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import Element, html
from trame_desktop.widgets.core import AbstractElement, HtmlElement

_names = itertools.count()
HAS_TRAME = importlib.util.find_spec("trame") is not None


@pytest.fixture
def server():
    return get_server(f"widgets_api_{next(_names)}")


def attrs(element: Element) -> list[str]:
    return element.attributes


# -- raw_attrs ---------------------------------------------------------------------------


def test_raw_attrs_are_written_verbatim_and_first(server):
    element = html.Div(
        trame_server=server,
        id="x",
        raw_attrs=["@vue:mounted=\"trigger('load')\"", "v-slot:item.1", 'class="bg-red"'],
    )
    assert attrs(element) == ["@vue:mounted=\"trigger('load')\"", "v-slot:item.1", 'class="bg-red"', 'id="x"']
    assert "raw-attrs" not in element.html
    assert element.html == "<div @vue:mounted=\"trigger('load')\" v-slot:item.1 class=\"bg-red\" id=\"x\"></div>"
    element.raw_attrs = ["data-late"]
    assert attrs(element) == ["data-late", 'id="x"']
    element["raw_attrs"] = ["data-item"]
    assert attrs(element) == ["data-item", 'id="x"']


# -- classes, style, key, booleans, numbers ----------------------------------------------


def test_classes_and_style(server):
    assert attrs(html.Div(trame_server=server, classes="a b")) == ['class="a b"']
    assert attrs(html.Div(trame_server=server, classes=("on ? 'x' : 'y'",))) == [":class=\"on ? 'x' : 'y'\""]
    assert attrs(html.Div(trame_server=server, style="color: red")) == ['style="color: red"']
    # a dict is written as trame writes it
    assert attrs(html.Div(trame_server=server, style={"color": "red", "margin": "2px"})) == [
        'style="color: red; margin: 2px;"'
    ]
    assert attrs(html.Div(trame_server=server, style=("{ color: c }",))) == [':style="{ color: c }"']


def test_key_is_always_bound(server):
    assert attrs(html.Li(trame_server=server, v_for="i in items", key="i.id")) == ['v-for="i in items"', ':key="i.id"']
    assert attrs(html.Li(trame_server=server, key=("i",))) == [':key="i"']
    assert attrs(html.Li(trame_server=server, key=3)) == [':key="3"']


def test_true_false_and_literals(server):
    element = html.Input(trame_server=server, disabled=True, readonly=False, draggable=False, spellcheck=False)
    # a false HTML boolean attribute is left out (same DOM); enumerated ones need the false
    assert attrs(element) == ["disabled", ':draggable="false"', ':spellcheck="false"']
    assert attrs(Element("my-widget", trame_server=server, dense=False)) == [':dense="false"']
    assert attrs(html.Input(trame_server=server, max=5, step=0.5, items=[1, 2])) == [
        ':max="5"', ':step="0.5"', ':items="[1,2]"'
    ]
    assert attrs(html.Div(trame_server=server, title=None)) == []


def test_names_become_kebab_case_and_keep_camel_case(server):
    element = Element("x-el", trame_server=server, aria_label="a", modelValue=("v",), for_="id1", http_equiv="x")
    assert attrs(element) == ['aria-label="a"', ':modelValue="v"', 'for="id1"', 'http-equiv="x"']


# -- directives --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("v_model", "draft", 'v-model="draft"'),
        ("v_model_number", "size", 'v-model.number="size"'),
        ("v_model_lazy", "name", 'v-model.lazy="name"'),
        ("v_model_trim", "name", 'v-model.trim="name"'),
        ("v_model_lazy_trim", "name", 'v-model.lazy.trim="name"'),
        ("v_model_title", "t", 'v-model:title="t"'),
        ("v_model_title_trim", "t", 'v-model:title.trim="t"'),
        ("v_if", "a && b", 'v-if="a &amp;&amp; b"'),
        ("v_else_if", "c", 'v-else-if="c"'),
        ("v_else", True, "v-else"),
        ("v_for", "(item, i) in items", 'v-for="(item, i) in items"'),
        ("v_show", "visible", 'v-show="visible"'),
        ("v_text", "'n: ' + n", "v-text=\"'n: ' + n\""),
        ("v_html", "markup", 'v-html="markup"'),
        ("v_bind", "attrs", 'v-bind="attrs"'),
        ("v_bind_title", "tip", ':title="tip"'),
        ("v_bind_title_prop", "tip", ':title.prop="tip"'),
        ("v_bind_aria_label", "tip", ':aria-label="tip"'),
        ("v_on", "{ click: go }", 'v-on="{ click: go }"'),
        ("v_slot", "{ item }", 'v-slot="{ item }"'),
        ("v_slot_item", "{ item }", 'v-slot:item="{ item }"'),
        ("v_once", True, "v-once"),
        ("v_pre", True, "v-pre"),
        ("v_cloak", True, "v-cloak"),
        ("v_memo", "[a]", 'v-memo="[a]"'),
        ("v_focus", "true", 'v-focus="true"'),
    ],
)
def test_directives(server, name: str, value: Any, text: str):
    assert attrs(html.Div(trame_server=server, **{name: value})) == [text]


def test_registered_directive(server):
    Element.register_directive("v_my_tip", "v-tooltip")
    assert attrs(html.Div(trame_server=server, v_my_tip="'hi'")) == ["v-tooltip=\"'hi'\""]


def test_v_on_with_modifiers_is_an_event(server):
    def go() -> None:
        pass

    element = html.Div(trame_server=server, v_on_click_stop="x = 1", v_on_keyup_enter=go)
    assert attrs(element) == ['@click.stop="x = 1"', f"@keyup.enter=\"trigger('{server.trigger_name(go)}')\""]


# -- (name, default) and ("expr",) bindings ---------------------------------------------


def test_name_default_sets_the_state_default(server):
    server.state.kept = "already"
    html.Input(trame_server=server, v_model=("typed", "x"), value=("kept", "other"), title=("tip", "hello"))
    assert server.state.typed == "x" and server.state.kept == "already" and server.state.tip == "hello"
    html.Input(trame_server=server, v_model_number=("size", 10), v_bind=("bag", {"a": 1}))
    assert server.state.size == 10 and server.state.bag == {"a": 1}


def test_expression_binds_set_no_default(server):
    element = html.Div(trame_server=server, title=("a + b",), v_show=("shown",), classes=("cls", "c"))
    assert attrs(element) == [':title="a + b"', 'v-show="shown"', ':class="cls"']
    assert not server.state.has("shown") and server.state.cls == "c"
    html.Div(trame_server=server, title=("x.y", 1))  # no plain name: no default
    assert not server.state.has("x.y")


def test_defaults_wait_for_a_server(server):
    element = html.Input(v_model=("later", 7), ctx_name="late_input")
    assert not server.state.has("later")
    html.Div(trame_server=server).add_child(element)
    assert server.state.later == 7
    assert server.context.late_input is element


def test_trame_default_objects_set_their_own_keys(server):
    class Defaults:
        def set_defaults(self, target: Any) -> None:
            target.state.update({"a": 1, "b": 2})

    html.Div(trame_server=server, v_bind=("a", Defaults()))
    assert server.state.a == 1 and server.state.b == 2


# -- events ------------------------------------------------------------------------------


def test_event_forms(server):
    def bump() -> None:
        pass

    name = server.trigger_name(bump)
    element = html.Button(
        trame_server=server,
        click=bump,
        dblclick=(bump,),
        mousedown=(bump, "[$event.x]"),
        mouseup=(bump, "[1]", {"fast": True}),
        keydown_enter="count += 1",
        focus=("named_trigger", "[2]"),
        update_modelValue=(bump, "[$event]"),
    )
    assert attrs(element) == [
        f"@click=\"trigger('{name}')\"",
        f"@dblclick=\"trigger('{name}')\"",
        f"@mousedown=\"trigger('{name}', [$event.x])\"",
        f"@mouseup=\"trigger('{name}', [1], {{&quot;fast&quot;:true}})\"",
        '@keydown.enter="count += 1"',
        "@focus=\"trigger('named_trigger', [2])\"",
        f"@update:modelValue=\"trigger('{name}', [$event])\"",
    ]


def test_a_word_that_is_no_modifier_keeps_an_attribute(server):
    element = Element("v-text-field", trame_server=server, error_messages="bad", input_value=("v",))
    assert attrs(element) == ['error-messages="bad"', ':input-value="v"']
    # a value no handler can be makes an event-like name a property
    assert attrs(Element("my-chart", trame_server=server, update_interval=5)) == [':update-interval="5"']
    assert attrs(html.Button(trame_server=server, click=False)) == []


def test_a_function_for_an_undeclared_name_is_an_event(server):
    def picked() -> None:
        pass

    element = Element("my-picker", trame_server=server, item_picked=picked)
    assert attrs(element) == [f"@item-picked=\"trigger('{server.trigger_name(picked)}')\""]


def test_a_function_without_a_server_is_a_clear_error():
    with pytest.raises(RuntimeError, match="no server"):
        html.Button(click=lambda: None)


# -- __properties / __events / props / events -------------------------------------------


def test_declared_properties_and_events_map_names(server):
    def moved() -> None:
        pass

    element = Element(
        "my-slider",
        trame_server=server,
        __properties=["range_max", ("range_min", "rangeMin"), ("select", "select")],
        __events=[("value_changed", "value-changed"), "end_drag", ("update_value", "update:value")],
        range_max=("hi",),
        range_min=3,
        select="all",  # declared as a property: not the DOM select event
        value_changed=moved,
        end_drag="dragging = false",
        update_value=(moved, "[$event]"),
    )
    name = server.trigger_name(moved)
    assert attrs(element) == [
        ':range-max="hi"',
        ':rangeMin="3"',
        'select="all"',
        f"@value-changed=\"trigger('{name}')\"",
        '@end-drag="dragging = false"',
        f"@update:value=\"trigger('{name}', [$event])\"",
    ]


def test_props_declared_after_the_constructor_count(server):
    class Widget(AbstractElement):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__("my-widget", **kwargs)
            self._attr_names += [("show_axes", "showAxes")]
            self.events += [("camera_moved", "cameraMoved")]

    widget = Widget(trame_server=server, show_axes=True, camera_moved="moved = true")
    assert attrs(widget) == ["showAxes", '@cameraMoved="moved = true"']
    widget.attrs(("grid_size", "gridSize"))
    widget.grid_size = 4
    assert attrs(widget)[-1] == ':gridSize="4"'


def test_trame_base_class_names():
    assert AbstractElement is Element and HtmlElement is Element


# -- attribute access --------------------------------------------------------------------


def test_attributes_read_and_change_after_construction(server):
    element = html.Div(trame_server=server, v_show="a", id="one")
    assert element.v_show == "a" and element["id"] == "one"
    assert element.title is None  # a known attribute not set
    element.title = ("tip", "x")
    element["id"] = "two"
    element.v_show = None  # None removes, as in trame
    assert attrs(element) == ['id="two"', ':title="tip"']
    assert server.state.tip == "x"
    element.my_own_field = 3  # no attribute name: a plain Python attribute
    assert element.my_own_field == 3 and "my" not in element.html
    with pytest.raises(AttributeError):
        element.no_such_thing  # noqa: B018
    assert element.skipped_attributes == set()


# -- ctx_name, connect_parent, server ----------------------------------------------------


def test_ctx_name_registers_the_element_in_the_context(server):
    with DivLayout(server) as layout:
        banner = html.Div("hi", ctx_name="banner")
    assert server.context.banner is banner and server.context["banner"] is banner
    assert banner.server is server and banner.state is server.state and banner.ctx is server.context
    assert banner.ctrl is server.controller
    assert 'hi' in layout.html


def test_connect_parent_false_keeps_the_element_out(server):
    with DivLayout(server) as layout:
        loose = html.Span("loose", connect_parent=False, trame_server=server)
        html.Span("kept")
    assert "loose" not in layout.html and "kept" in layout.html
    assert loose.server is server


# -- children, clear, hide ---------------------------------------------------------------


def test_children_argument_forms(server):
    assert html.Div("text", trame_server=server).children == ["text"]
    child = html.B("b", trame_server=server)
    element = html.P(children=[child, " tail"], trame_server=server)
    assert element.children == [child, " tail"]
    assert element.html == "<p>\n  <b>\n    b\n  </b>\n   tail\n</p>"


def test_add_child_add_children_clear_and_children_setter(server):
    parent = html.Ul(trame_server=server)
    first = html.Li("1")
    parent.add_child(first)
    parent.add_children([html.Li("2"), "text"])
    assert [getattr(c, "tag", c) for c in parent.children] == ["li", "li", "text"]
    assert first.server is server  # the parent's server reaches the new child
    other = html.Ol(trame_server=server)
    other.add_child(first)  # moves it
    assert first not in parent.children and first in other.children
    parent.clear()
    assert parent.children == [] and parent.html == "<ul></ul>"
    parent.children = [html.Li("3")]
    assert "3" in parent.html
    parent.children += [html.Li("4")]  # trame's idiom: the setter gets the list it replaces
    assert [child.html for child in parent.children] == ["<li>\n  3\n</li>", "<li>\n  4\n</li>"]
    parent.set_text("{{ n }}")
    assert parent.html == "<ul>\n  {{ n }}\n</ul>"
    assert html.Span(0, trame_server=server).html == "<span>\n  0\n</span>"


def test_hide_adds_display_none_to_the_style(server):
    assert html.Div(trame_server=server).hide().html == '<div style="display: none"></div>'
    styled = html.Div(trame_server=server, style="color: red;", id="s")
    styled.hide()
    assert attrs(styled) == ['style="color: red; display: none"', 'id="s"']  # one style attribute
    bound = html.Div(trame_server=server, style=("st",))
    bound.hide()
    assert attrs(bound) == [':style="st"', 'style="display: none"']  # Vue merges the two
    styled.show()
    assert attrs(styled) == ['style="color: red;"', 'id="s"']


def test_tts_sensitive_is_accepted(server):
    element = html.Div(trame_server=server)
    assert element.ttsSensitive() is element and element.html == "<div></div>"


# -- html module -------------------------------------------------------------------------


@pytest.mark.skipif(not HAS_TRAME, reason="needs the trame package")
def test_every_trame_html_class_exists_with_the_same_tag(server):
    from trame.app import get_server as trame_get_server
    from trame.widgets import html as trame_html
    from trame_client.widgets.html import __all__ as trame_names

    trame_server = trame_get_server(f"trame_parity_{next(_names)}", client_type="vue3")
    missing = [name for name in trame_names if not hasattr(html, name)]
    assert missing == []
    for name in trame_names:
        ours = getattr(html, name)(trame_server=server)
        theirs = getattr(trame_html, name)(trame_server=trame_server)
        assert ours.tag == theirs._elem_name, name


def test_void_elements_close_themselves(server):
    assert html.Input(trame_server=server, type="text").html == '<input type="text" />'
    assert html.Br(trame_server=server).html == "<br />"


def test_vue_built_in_components(server):
    def entered() -> None:
        pass

    assert html.Component(trame_server=server, is_name=("kind",)).html == '<component :is="kind"></component>'
    transition = html.Transition(
        trame_server=server, name="fade", appear=True, enter_from_class="o-0", after_enter=entered
    )
    assert attrs(transition) == [
        'name="fade"', "appear", 'enterFromClass="o-0"', f"@after-enter=\"trigger('{server.trigger_name(entered)}')\""
    ]
    assert html.TransitionGroup(trame_server=server, tag="ul").html == '<transition-group tag="ul"></transition-group>'
    assert html.KeepAlive(trame_server=server, max=3).html == '<keep-alive :max="3"></keep-alive>'
    assert html.Teleport(trame_server=server, to="body").html == '<teleport to="body"></teleport>'
    assert attrs(html.Suspense(trame_server=server, resolve="done = true")) == ['@resolve="done = true"']
    template = html.Template("{{ item.name }}", trame_server=server, v_slot_item="{ item }")
    assert template.html == '<template v-slot:item="{ item }">\n  {{ item.name }}\n</template>'


def test_layout_root_swap_keeps_filling_the_first_root(server):
    with DivLayout(server, classes="inner", width="100%") as layout:
        html.Span("a")
    assert 'width' not in layout.html  # trame's notebook-iframe size is no <div> attribute
    layout.root = html.Section(trame_server=server, id="outer")
    with layout:
        html.Span("b")
    text = server.state.trame__template_main
    assert text.startswith('<section id="outer">') and text.index("a") < text.index("b") < text.index("</div>")
    assert layout.controller is server.controller


# -- child servers -----------------------------------------------------------------------


def test_a_child_server_s_expressions_use_its_prefixed_keys(server):
    child = server.create_child_server(prefix="left_")
    child.state.count = 1
    element = html.Div(
        "{{ count }} of {{ total }}: count",
        trame_server=child,
        v_if="count > 1 && 'count' && obj.count",
        title=("count",),
        click="count += 1",
        v_model=("draft", "x"),
        v_for="item in [...items]",
        id="count",
    )
    child.state.items = []
    assert attrs(element) == [
        "v-if=\"left_count > 1 &amp;&amp; 'count' &amp;&amp; obj.count\"",  # strings and members stay
        ':title="left_count"',
        '@click="left_count += 1"',
        'v-model="left_draft"',
        'v-for="item in [...left_items]"',
        'id="count"',  # static text is no expression
    ]
    assert "{{ left_count }} of {{ total }}: count" in element.html  # total: not in the state
    assert server.state.left_draft == "x"
    root = html.Div("{{ count }}", trame_server=server, v_if="count")
    assert root.html == '<div v-if="count">\n  {{ count }}\n</div>'


# -- parity with trame -------------------------------------------------------------------

PARITY_CASES: list[dict[str, Any]] = [
    {"raw_attrs": ["@vue:mounted=\"trigger('load')\"", "data-x"]},
    {"classes": "a b", "style": "color: red"},
    {"classes": ("cls",)},
    {"style": {"color": "red", "margin": "1px"}},
    {"v_model": ("draft", "d")},
    {"v_model_number": ("size", 1)},
    {"v_model_lazy": ("lazy_name",)},
    {"v_if": "a", "v_show": "b", "v_text": "c", "v_html": "h"},
    {"v_else": True},
    {"v_for": "i in items", "key": "i"},
    {"v_bind": ("bag",), "v_on": "handlers"},
    {"v_bind_title": "tip", "v_bind_title_prop": "tip2"},
    {"v_on_click_stop": "x = 1", "v_on_keyup_enter": "y = 2"},
    {"title": ("tip",), "id": "main"},
    {"disabled": True, "draggable": False},
    {"click": "count += 1", "mouseenter": ("named", "[$event.x]")},
]


@pytest.mark.skipif(not HAS_TRAME, reason="needs the trame package")
@pytest.mark.parametrize("kwargs", PARITY_CASES, ids=lambda case: ",".join(case))
def test_same_attributes_as_trame(server, kwargs: dict[str, Any]):
    from trame.app import get_server as trame_get_server
    from trame.widgets import html as trame_html

    trame_server = trame_get_server(f"trame_parity_{next(_names)}", client_type="vue3")
    # a button: trame writes only the attributes it knows for the tag, and disabled is one
    theirs = trame_html.Button(trame_server=trame_server, **kwargs)
    theirs.html  # noqa: B018 (trame renders its attributes when asked for the text)
    ours = html.Button(trame_server=server, **kwargs)
    assert sorted(ours.attributes) == sorted(theirs._attributes.values())
    for key in ("draft", "size"):
        if trame_server.state.has(key):
            assert server.state[key] == trame_server.state[key]
