"""One class per HTML element (``html.Div``, ``html.Button``, ...), generated from tag names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from .core import Child, Element

#: Every HTML element (WHATWG living standard), plus svg for inline icons.
TAGS: tuple[str, ...] = (
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote",
    "body", "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd",
    "del", "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i",
    "iframe", "img", "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu",
    "meta", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "picture", "pre",
    "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section", "select", "slot", "small", "source",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
    "thead", "time", "title", "tr", "track", "u", "ul", "var", "video", "wbr", "svg",
)


class HtmlElement(Element):
    """An element whose tag is fixed by its class (``tag_name``)."""

    tag_name: ClassVar[str] = "div"

    def __init__(self, children: Child | Iterable[Child] | None = None, **kwargs: Any) -> None:
        super().__init__(self.tag_name, children, **kwargs)


def class_name(tag: str) -> str:
    """``div`` -> ``Div``, ``h1`` -> ``H1``, ``textarea`` -> ``Textarea``."""
    return tag[:1].upper() + tag[1:]


def _make(tag: str) -> type[HtmlElement]:
    doc = f"The ``<{tag}>`` element: ``html.{class_name(tag)}(children, **attributes)``."
    return type(class_name(tag), (HtmlElement,), {"tag_name": tag, "__doc__": doc, "__module__": __name__})


ELEMENTS: dict[str, type[HtmlElement]] = {class_name(tag): _make(tag) for tag in TAGS}
globals().update(ELEMENTS)

__all__ = ["TAGS", "HtmlElement", "Element", *ELEMENTS]


def __getattr__(name: str) -> type[HtmlElement]:
    # Only reached for names not generated above: say what exists.
    raise AttributeError(f"trame_desktop.widgets.html has no element {name!r} (see html.TAGS)")
