"""``Element``: one template node (tag, attributes, children) built from keyword arguments."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, runtime_checkable

from . import context
from .attributes import render_attribute

INDENT = "  "

#: Elements that never have children or a closing tag.
VOID_TAGS: frozenset[str] = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})


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
    """A template node. Keyword arguments become attributes, directives and events:

    - ``classes="a b"``, ``style="..."``, ``id="x"``: static attributes;
    - ``value=("key",)`` binds ``:value="key"``; ``("key", default)`` also sets
      the state default; numbers, lists and dicts are bound as literals;
    - ``v_if="expr"``, ``v_for``, ``v_show``, ``v_model=("key", default)``,
      ``v_bind``...: directives (underscores become dashes);
    - ``click=fn`` / ``click=ctrl.fn`` -> ``@click="trigger('<name>')"``;
      ``click=(fn, "[$event]")`` passes arguments; ``click="js expression"``.

    The first positional argument is the children: a string (``"{{ count }}"``),
    an element, or a list of them. ``with element:`` adds the widgets created in
    the block as children.
    """

    #: Extra event names this element accepts (``@my-event``) besides DOM events.
    event_names: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        tag: str,
        children: Child | Iterable[Child] | None = None,
        *,
        trame_server: Any = None,
        **kwargs: Any,
    ) -> None:
        parent = context.current_parent()
        self._tag = tag
        self._server = trame_server if trame_server is not None else getattr(parent, "server", None)
        self._parent: Any = None
        self._children: list[Child] = []
        self._attributes: list[str] = []
        for name, value in kwargs.items():
            self.set_attribute(name, value)
        if children is not None:
            self.add_children(children)
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

    @property
    def children(self) -> list[Child]:
        return self._children

    @property
    def attributes(self) -> list[str]:
        """The attributes as template text, in the order they were given."""
        return list(self._attributes)

    # -- building -------------------------------------------------------------

    def set_attribute(self, name: str, value: Any) -> Element:
        """Adds one keyword-argument attribute (see the class docstring)."""
        server = self._server
        text = render_attribute(
            name,
            value,
            set_default=server.state.setdefault if server is not None else None,
            trigger_name=server.trigger_name if server is not None else None,
            extra_events=self.event_names,
        )
        if text is not None:
            self._attributes.append(text)
        return self

    def add_child(self, child: Child) -> Element:
        """Appends ``child``, moving it here if it was attached elsewhere."""
        previous = getattr(child, "_parent", None)
        if previous is not None and previous is not self:
            previous.remove_child(child)
        if previous is self:
            return self
        if not isinstance(child, (str, Renderable)):
            child = str(child)
        if isinstance(child, Element) and child._server is None:
            child._server = self._server
        if hasattr(child, "_parent"):
            child._parent = self
        self._children.append(child)
        return self

    def add_children(self, children: Child | Iterable[Child]) -> Element:
        if isinstance(children, (str, Renderable)):
            return self.add_child(children)
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

    # -- with -----------------------------------------------------------------

    def __enter__(self) -> Element:
        context.push(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context.pop(self)

    # -- template -------------------------------------------------------------

    def render(self, indent: int = 0) -> str:
        """This element and its children as template text."""
        pad = INDENT * indent
        opening = " ".join([self._tag, *self._attributes])
        if self._tag in VOID_TAGS:
            return f"{pad}<{opening} />"
        if not self._children:
            return f"{pad}<{opening}></{self._tag}>"
        inner = render_children(self._children, indent + 1)
        return f"{pad}<{opening}>\n{inner}\n{pad}</{self._tag}>"

    @property
    def html(self) -> str:
        """The template text (what a layout writes to the state)."""
        return self.render()

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._tag!r} children={len(self._children)}>"
