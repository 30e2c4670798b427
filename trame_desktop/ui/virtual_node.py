"""``VirtualNode``: a named placeholder (``server.ui.<name>``) filled with ``with`` and placed in layouts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..widgets import context
from ..widgets.core import Child, render_children


class VirtualNode:
    """What ``server.ui.<name>`` returns (the server calls ``VirtualNode(trame_server=server)``).

    ``with server.ui.sidebar:`` adds to its content, at any time (as in trame; ``clear()``
    first to replace it); calling
    ``server.ui.sidebar(layout)`` inside a layout's ``with`` block places it
    there. Layouts holding it re-publish their template when it changes.

    Given a ``name`` and placed in no layout, it is a page of its own: leaving
    ``with`` publishes it as ``trame__template_<name>``.
    """

    def __init__(self, trame_server: Any = None, name: str | None = None, **_: Any) -> None:
        self._server = trame_server
        self._name = name
        self._children: list[Child] = []
        # No ``_parent``: one node may be placed in several layouts.
        self._layouts: list[Any] = []

    @property
    def server(self) -> Any:
        return self._server

    def set_server(self, server: Any) -> None:
        self._server = server

    @property
    def children(self) -> list[Child]:
        return self._children

    def add_child(self, child: Child) -> VirtualNode:
        previous = getattr(child, "_parent", None)
        if previous is not None and previous is not self:
            previous.remove_child(child)
        if hasattr(child, "_parent"):
            child._parent = self
        self._children.append(child)
        return self

    def add_children(self, children: Iterable[Child]) -> VirtualNode:
        for child in children:
            self.add_child(child)
        return self

    def remove_child(self, child: Child) -> VirtualNode:
        if child in self._children:
            self._children.remove(child)
            if hasattr(child, "_parent"):
                child._parent = None
        return self

    def clear(self) -> VirtualNode:
        """Removes all children."""
        for child in list(self._children):
            self.remove_child(child)
        return self

    def render(self, indent: int = 0) -> str:
        return render_children(self._children, indent)

    @property
    def html(self) -> str:
        return self.render()

    # -- layouts ----------------------------------------------------------------

    def __call__(self, layout: Any = None, **_: Any) -> VirtualNode:
        """Places this node at the current position of the open ``with`` block."""
        layout = layout if layout is not None else context.current_layout()
        if layout is not None and layout not in self._layouts:
            self._layouts.append(layout)
            if self._server is None:
                self._server = layout.server
        parent = context.current_parent()
        if parent is not None:
            parent.add_child(self)
        return self

    def clear_layouts(self) -> VirtualNode:
        self._layouts.clear()
        return self

    def flush_content(self) -> VirtualNode:
        """Re-publishes the templates of the layouts that hold this node."""
        for layout in self._layouts:
            layout.flush_content()
        if not self._layouts and self._name and self._server is not None:
            self._server.state[f"trame__template_{self._name}"] = self.html
        return self

    # -- with -------------------------------------------------------------------

    def __enter__(self) -> VirtualNode:
        context.push(self)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context.pop(self)
        self.flush_content()

