"""One class per HTML element (``html.Div``, ``html.Button``, ...) and Vue's built-in components, as in ``trame.widgets.html``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from .attributes import NameSpec
from .core import HTML_TAGS, Child, Element

#: Every HTML element (WHATWG living standard), plus svg for inline icons.
TAGS: tuple[str, ...] = HTML_TAGS


class HtmlElement(Element):
    """An element whose tag is fixed by its class (``tag_name``)."""

    tag_name: ClassVar[str] = "div"

    def __init__(self, children: Child | Iterable[Child] | None = None, **kwargs: Any) -> None:
        super().__init__(self.tag_name, children, **kwargs)


def class_name(tag: str) -> str:
    """``div`` -> ``Div``, ``h1`` -> ``H1``, ``textarea`` -> ``Textarea``, ``keep-alive`` -> ``KeepAlive``."""
    return "".join(part[:1].upper() + part[1:] for part in tag.split("-"))


def _make(
    tag: str,
    props: tuple[NameSpec, ...] = (),
    events: tuple[NameSpec, ...] = (),
    doc: str | None = None,
) -> type[HtmlElement]:
    doc = doc or f"The ``<{tag}>`` element: ``html.{class_name(tag)}(children, **attributes)``."
    namespace = {
        "tag_name": tag,
        "declared_props": props,
        "declared_events": events,
        "__doc__": doc,
        "__module__": __name__,
    }
    return type(class_name(tag), (HtmlElement,), namespace)


# Vue's transition hooks, spelled as its templates name them.
_TRANSITION_EVENTS: tuple[NameSpec, ...] = tuple(
    (hook.replace("-", "_"), hook)
    for hook in (
        "before-enter", "enter", "after-enter", "enter-cancelled", "before-leave", "leave",
        "after-leave", "leave-cancelled", "before-appear", "appear", "after-appear", "appear-cancelled",
    )
)
_TRANSITION_CLASSES: tuple[NameSpec, ...] = tuple(
    (f"{phase}_{step}_class", f"{phase}{step.capitalize()}Class")
    for phase in ("enter", "leave", "appear")
    for step in ("from", "active", "to")
)

#: Vue's built-in components, which ``trame.widgets.html`` also offers.
VUE_COMPONENTS: dict[str, type[HtmlElement]] = {
    "Component": _make(
        "component", props=(("is_name", "is"),),
        doc="Vue's dynamic ``<component>``: ``is_name=`` (or ``is_name=('expr',)``) names what it renders.",
    ),
    "Transition": _make(
        "transition", props=("name", "css", "type", "duration", "mode", "appear", *_TRANSITION_CLASSES),
        events=_TRANSITION_EVENTS, doc="Vue's ``<transition>`` (``name``, ``mode``, ``enter_from_class``...).",
    ),
    "TransitionGroup": _make(
        "transition-group", props=("tag", ("move_class", "moveClass"), *_TRANSITION_CLASSES),
        events=_TRANSITION_EVENTS, doc="Vue's ``<transition-group>`` (``tag``, ``move_class``...).",
    ),
    "KeepAlive": _make("keep-alive", props=("include", "exclude", "max"), doc="Vue's ``<keep-alive>``."),
    "Teleport": _make("teleport", props=("to", "disabled", "defer"), doc="Vue's ``<teleport to=...>``."),
    "Suspense": _make(
        "suspense", props=("timeout", "suspensible"), events=("resolve", "pending", "fallback"),
        doc="Vue's ``<suspense>``.",
    ),
}

ELEMENTS: dict[str, type[HtmlElement]] = {class_name(tag): _make(tag) for tag in TAGS}
ELEMENTS.update(VUE_COMPONENTS)
globals().update(ELEMENTS)

__all__ = ["TAGS", "VUE_COMPONENTS", "Element", "HtmlElement", *ELEMENTS]


def __getattr__(name: str) -> type[HtmlElement]:
    # Only reached for names not generated above: say what exists.
    raise AttributeError(f"trame_desktop.widgets.html has no element {name!r} (see html.TAGS)")
