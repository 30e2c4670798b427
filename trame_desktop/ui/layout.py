"""``Layout``: a widget tree whose template is written to ``trame__template_<name>``."""

from __future__ import annotations

from typing import Any

from ..widgets import context
from ..widgets.core import Child, Element


class Layout:
    """Base of the layouts: ``with layout:`` fills its default slot; leaving the
    block (or calling ``flush_content()``) publishes the template in the state.
    """

    def __init__(self, server: Any, root: Element, *, template_name: str = "main") -> None:
        self._server = server
        self._root = root
        # ``with layout:`` keeps filling the first root even after ``layout.root = ...``
        self._original_root = root
        self._template_name = template_name

    @property
    def server(self) -> Any:
        return self._server

    @property
    def state(self) -> Any:
        return self._server.state

    @property
    def ctrl(self) -> Any:
        return self._server.controller

    @property
    def controller(self) -> Any:
        """trame's name for ``ctrl``."""
        return self._server.controller

    @property
    def template_name(self) -> str:
        return self._template_name

    @property
    def state_key(self) -> str:
        """The state key the client renders: ``trame__template_<name>``."""
        return f"trame__template_{self._template_name}"

    @property
    def root(self) -> Element:
        return self._root

    @root.setter
    def root(self, new_root: Element) -> None:
        """trame's root swap: the current root becomes the last child of ``new_root``."""
        if new_root is not None and new_root is not self._root:
            new_root.add_child(self._root)
            self._root = new_root

    @property
    def default_slot(self) -> Element:
        """Where widgets created directly in ``with layout:`` go."""
        return self._original_root

    def add_child(self, child: Child) -> Layout:
        self.default_slot.add_child(child)
        return self

    @property
    def html(self) -> str:
        return self._root.html

    def flush_content(self) -> Layout:
        """Writes the current template to the state (the client re-renders)."""
        self._server.state[self.state_key] = self.html
        return self

    def __enter__(self) -> Layout:
        context.push_layout(self)
        context.push(self.default_slot)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context.pop(self.default_slot)
        context.pop_layout(self)
        self.flush_content()
