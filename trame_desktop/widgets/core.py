"""``Element``: one template node (tag, attributes, children) built from keyword arguments, with trame's widget API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Protocol, runtime_checkable

from . import context
from .attributes import (
    KNOWN_ATTRIBUTES,
    Names,
    NameSpec,
    is_directive,
    is_event,
    name_map,
    quote,
    register_directive,
    render_attribute,
    state_default,
    style_text,
    translate_expression,
    translate_text,
)

INDENT = "  "

#: Elements that never have children or a closing tag.
VOID_TAGS: frozenset[str] = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})

#: Every HTML element (WHATWG living standard, plus the obsolete ``param`` trame still has),
#: and svg for inline icons.
HTML_TAGS: tuple[str, ...] = (
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
    "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins",
    "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter",
    "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
    "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section",
    "select", "slot", "small", "source", "span", "strong", "style", "sub", "summary", "sup",
    "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title",
    "tr", "track", "u", "ul", "var", "video", "wbr", "svg",
)
_HTML_TAG_SET = frozenset(HTML_TAGS)

HIDDEN_STYLE = "display: none"


@runtime_checkable
class Renderable(Protocol):
    """A child that writes its own template text (an Element, a VirtualNode)."""

    def render(self, indent: int = 0) -> str: ...


Child = str | Renderable


def render_children(children: Iterable[Child], indent: int) -> str:
    lines = []
    for child in children:
        if isinstance(child, str):
            lines.append(INDENT * indent + child)
        else:
            lines.append(child.render(indent))
    return "\n".join(line for line in lines if line)


class Element:
    """A template node, built the way trame's widgets are. Keyword arguments become
    attributes, directives and events:

    - ``classes="a b"``, ``style="..."`` (or a dict), ``id="x"``: static attributes;
      ``key="item.id"`` is always bound (``:key``), as in trame;
    - ``value=("key",)`` binds ``:value="key"``; ``("key", default)`` also sets
      the state default; numbers, lists and dicts are bound as literals;
      ``False`` is ``:name="false"`` (left out for HTML boolean attributes);
    - ``v_if="expr"``, ``v_for``, ``v_show``, ``v_model=("key", default)``,
      ``v_model_number``, ``v_bind_title``, ``v_on_click_stop``, ``v_slot_item``...:
      directives (see ``attributes.directive_name``);
    - ``click=fn`` / ``click=ctrl.fn`` -> ``@click="trigger('<name>')"``;
      ``click=(fn, "[$event]")`` passes arguments; ``click="js expression"``;
    - ``raw_attrs=['@vue:mounted="trigger(\\'load\\')"']``: written into the tag verbatim;
    - ``__properties=[("py_name", "jsName")]``, ``__events=[("py_ev", "js-ev")]``: how
      this element spells those names (also ``element.props += [...]``);
    - ``ctx_name="name"``: the element is ``server.context.name``;
    - ``connect_parent=False``: not added to the enclosing ``with`` block.

    The first positional argument after the tag is the children: a string
    (``"{{ count }}"``), an element, or a list of them. ``with element:`` adds the
    widgets created in the block as children. ``element.title = ("tip",)`` or
    ``element["title"] = ...`` changes an attribute later (then ``layout.flush_content()``).
    """

    #: Extra event names this element accepts (``@my-event``) besides DOM events.
    event_names: ClassVar[frozenset[str]] = frozenset()
    #: Properties and events every instance of a subclass declares (as ``__properties`` and
    #: ``__events`` would), known before its keyword arguments are read.
    declared_props: ClassVar[tuple[NameSpec, ...]] = ()
    declared_events: ClassVar[tuple[NameSpec, ...]] = ()

    def __init__(
        self,
        _elem_name: str,
        children: Child | Iterable[Child] | None = None,
        *,
        trame_server: Any = None,
        ctx_name: str | None = None,
        connect_parent: bool = True,
        raw_attrs: Iterable[str] | None = None,
        literal_children: bool = False,
        **kwargs: Any,
    ) -> None:
        parent = context.current_parent() if connect_parent else None
        self._tag = _elem_name
        self._server = trame_server if trame_server is not None else getattr(parent, "server", None)
        self._parent: Any = None
        self._children: list[Child] = []
        self._py_attrs: dict[str, Any] = {}
        self._props: list[NameSpec] = [*self.declared_props, *(kwargs.pop("__properties", None) or [])]
        self._events: list[NameSpec] = [*self.declared_events, *(kwargs.pop("__events", None) or [])]
        self._raw_attrs: list[str] = [str(raw) for raw in raw_attrs or []]
        self._hidden = False
        self._ctx_name = ctx_name
        # Defaults and the context name wait here while the element has no server yet.
        self._pending_defaults: list[tuple[str, Any]] = []
        self._literal_children = literal_children  # React only in trame: kept, never used
        for name, value in kwargs.items():
            self.set_attribute(name, value)
        if children is not None:
            self.add_children(children)
        if self._server is not None:
            self._attach_server()
        if parent is not None:
            parent.add_child(self)

    # -- properties -----------------------------------------------------------

    @property
    def tag(self) -> str:
        return self._tag

    @property
    def server(self) -> Any:
        """The server whose state and triggers this element uses."""
        return self._server

    def set_server(self, server: Any) -> None:
        """Binds this element (and its children without one) to ``server``."""
        self._server = server
        self._attach_server()
        for child in self._children:
            if isinstance(child, Element) and child._server is None:
                child.set_server(server)

    def _require_server(self) -> Any:
        if self._server is None:
            raise RuntimeError(f"{self!r} has no server yet (create it inside a layout, or pass trame_server=server)")
        return self._server

    @property
    def state(self) -> Any:
        return self._require_server().state

    @property
    def ctrl(self) -> Any:
        return self._require_server().controller

    @property
    def ctx(self) -> Any:
        """The server's context (server-only state), where ``ctx_name`` puts the element."""
        return self._require_server().context

    @property
    def children(self) -> list[Child]:
        return self._children

    @children.setter
    def children(self, children: Iterable[Child]) -> None:
        # Read first: ``element.children += [x]`` hands back the very list being replaced.
        new_children = list(children)
        self.clear()
        self.add_children(new_children)

    @property
    def attributes(self) -> list[str]:
        """The attributes as template text: the raw ones first, then in the order given."""
        return self._render_attributes()

    @property
    def props(self) -> list[NameSpec]:
        """Declared property names (``"title"`` or ``("py_name", "jsName")``); extend it."""
        return self._props

    @props.setter
    def props(self, value: Iterable[NameSpec]) -> None:
        self._props = list(value)

    @property
    def events(self) -> list[NameSpec]:
        """Declared event names (``"change"`` or ``("py_event", "js-event")``); extend it."""
        return self._events

    @events.setter
    def events(self, value: Iterable[NameSpec]) -> None:
        self._events = list(value)

    # trame's older spellings of ``props``/``events``, which many widget packages still use.
    _attr_names = props
    _event_names = events

    @property
    def raw_attrs(self) -> list[str]:
        """Attribute text written verbatim into the tag (``@vue:mounted="..."``)."""
        return self._raw_attrs

    @raw_attrs.setter
    def raw_attrs(self, value: Iterable[str]) -> None:
        self._raw_attrs = [str(raw) for raw in value]

    @property
    def skipped_attributes(self) -> set[str]:
        """Keyword arguments left out of the template: none, every one is written."""
        return set()

    @property
    def literal_children(self) -> bool:
        return self._literal_children

    @literal_children.setter
    def literal_children(self, value: bool) -> None:
        self._literal_children = value

    # -- attributes -----------------------------------------------------------

    def _names(self) -> Names:
        return Names(
            props=name_map(self._props),
            events=name_map(self._events),
            extra_events=self.event_names,
            html_tag=self._tag in _HTML_TAG_SET,
        )

    def _translate(self) -> Any:
        """The expression translator of a child server (``create_child_server(prefix=...)``):
        names its state holds get their wire names, as trame's widgets write them (on a root
        server every name is its wire name: nothing changes); None without a server."""
        state = getattr(self._server, "state", None)
        translator = getattr(state, "translator", None)
        if translator is None or not hasattr(translator, "translate_key"):
            return None
        assert state is not None

        def key_for(name: str) -> str | None:
            wire = translator.translate_key(name)
            return wire if wire != name and state.has(name) else None

        return lambda expression: translate_expression(expression, key_for)

    def _trigger_name(self) -> Any:
        return self._server.trigger_name if self._server is not None else None

    def set_attribute(self, name: str, value: Any) -> Element:
        """Sets (or, with None, removes) one keyword-argument attribute (see the class docstring)."""
        if name == "raw_attrs":
            self.raw_attrs = value or []
            return self
        if value is None:
            self._py_attrs.pop(name, None)
            return self
        names = self._names()
        # Rendered once now so that a mistake (a callable and no server) fails where it is made.
        render_attribute(name, value, names=names, trigger_name=self._trigger_name())
        self._py_attrs[name] = value
        wanted = state_default(name, value, names)
        if wanted is not None:
            self._pending_defaults.append(wanted)
            if self._server is not None:
                self._attach_server()
        return self

    def attrs(self, *names: NameSpec) -> Element:
        """Declares property names (trame's older ``attrs(...)``), like ``props += [...]``."""
        self._props.extend(names)
        return self

    def _knows(self, name: str) -> bool:
        """True when ``element.<name>`` reads and writes an attribute."""
        if name in self._py_attrs or name in KNOWN_ATTRIBUTES:
            return True
        names = self._names()
        return (
            name in names.props
            or name in names.events
            or is_directive(name)
            or is_event(name, self.event_names)
        )

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup fails: ``element.v_model`` reads the value given.
        if name.startswith("_"):
            raise AttributeError(name)
        py_attrs = self.__dict__.get("_py_attrs", {})
        if name in py_attrs:
            return py_attrs[name]
        if self._knows(name):
            return None
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        # ``element.disabled = True`` is an attribute, as in trame; the element's own fields,
        # properties and methods are set as usual.
        if name.startswith("_") or hasattr(type(self), name) or not self._knows(name):
            object.__setattr__(self, name, value)
        else:
            self.set_attribute(name, value)

    def __getitem__(self, name: str) -> Any:
        return self._py_attrs[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self.set_attribute(name, value)

    def _attach_server(self) -> None:
        """Applies what waited for a server: state defaults and the context name."""
        server = self._require_server()
        for key, default in self._pending_defaults:
            setter = getattr(default, "set_defaults", None)
            if callable(setter):  # trame's TrameDefault sets several keys itself
                setter(server)
            else:
                server.state.setdefault(key, default)
        self._pending_defaults.clear()
        if self._ctx_name:
            server.context[self._ctx_name] = self
            self._ctx_name = None

    @staticmethod
    def register_directive(py_name: str, js_name: str | None = None) -> None:
        """Declares a custom directive for every element (``v_tooltip`` -> ``v-tooltip``)."""
        register_directive(py_name, js_name)

    # -- children -------------------------------------------------------------

    def add_child(self, child: Child) -> Element:
        """Appends ``child``, moving it here if it was attached elsewhere."""
        previous = getattr(child, "_parent", None)
        if previous is not None and previous is not self:
            previous.remove_child(child)
        if previous is self:
            return self
        if not isinstance(child, (str, Renderable)):
            child = str(child)
        if isinstance(child, Element) and child._server is None and self._server is not None:
            child.set_server(self._server)
        if hasattr(child, "_parent"):
            child._parent = self
        self._children.append(child)
        return self

    def add_children(self, children: Child | Iterable[Child]) -> Element:
        if isinstance(children, (str, Renderable)) or not isinstance(children, Iterable):
            return self.add_child(children)  # one child (a number becomes its text)
        for child in children:
            self.add_child(child)
        return self

    def remove_child(self, child: Child) -> Element:
        if child in self._children:
            self._children.remove(child)
            if hasattr(child, "_parent"):
                child._parent = None
        return self

    def clear(self) -> Element:
        """Removes all children."""
        for child in list(self._children):
            self.remove_child(child)
        return self

    def set_text(self, text: str) -> Element:
        """Replaces the children by one text (``{{ }}`` expressions allowed)."""
        return self.clear().add_child(text)

    # -- display --------------------------------------------------------------

    def hide(self) -> Element:
        """Keeps the element in the DOM, not displayed (``display: none``), as trame's ``hide()``."""
        self._hidden = True
        return self

    def show(self) -> Element:
        """Undoes ``hide()`` (trame has no such method)."""
        self._hidden = False
        return self

    def ttsSensitive(self) -> Element:  # noqa: N802 (trame's name)
        """trame's "re-create on every layout update": every new template already does here,
        as the client compiles it into a new component, so there is nothing to add."""
        return self

    # -- with -----------------------------------------------------------------

    def __enter__(self) -> Element:
        context.push(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context.pop(self)

    # -- template -------------------------------------------------------------

    def _render_attributes(self) -> list[str]:
        names = self._names()
        trigger_name = self._trigger_name()
        translate = self._translate()
        extra = {"translate": translate} if translate is not None else {}
        texts = list(self._raw_attrs)
        styled = False
        for name, value in self._py_attrs.items():
            if self._hidden and name == "style" and isinstance(value, (str, Mapping)):
                # One style attribute (Vue rejects two): the element's own, then display: none.
                own = (value if isinstance(value, str) else style_text(value)).strip().rstrip(";")
                texts.append(f"style={quote(f'{own}; {HIDDEN_STYLE}' if own else HIDDEN_STYLE)}")
                styled = True
                continue
            text = render_attribute(name, value, names=names, trigger_name=trigger_name, **extra)
            if text is not None:
                texts.append(text)
        if self._hidden and not styled:
            # beside a bound :style Vue merges the two
            texts.append(f"style={quote(HIDDEN_STYLE)}")
        return texts

    def render(self, indent: int = 0) -> str:
        """This element and its children as template text."""
        pad = INDENT * indent
        opening = " ".join([self._tag, *self._render_attributes()])
        if self._tag in VOID_TAGS:
            return f"{pad}<{opening} />"
        if not self._children:
            return f"{pad}<{opening}></{self._tag}>"
        translate = self._translate()
        children = self._children
        if translate is not None:
            children = [translate_text(c, translate) if isinstance(c, str) else c for c in children]
        inner = render_children(children, indent + 1)
        return f"{pad}<{opening}>\n{inner}\n{pad}</{self._tag}>"

    @property
    def html(self) -> str:
        """The template text (what a layout writes to the state)."""
        return self.render()

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._tag!r} children={len(self._children)}>"


#: trame's names for the base classes (``trame_client.widgets.core``): both take the tag first.
AbstractElement = Element
HtmlElement = Element
