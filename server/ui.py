"""The UI manager: ``server.ui.<name>`` gives the layout (virtual node) of that name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class VirtualNodeManager:
    """Holds one virtual node per name, each made on first use by ``vn_constructor``.

    >>> with server.ui.main:          # doctest: +SKIP
    ...     html.Div("Hello")
    """

    def __init__(self, server: Any, vn_constructor: Callable[..., Any] | None = None) -> None:
        object.__setattr__(self, "_server", server)
        object.__setattr__(self, "_nodes", {})
        object.__setattr__(self, "_constructor", vn_constructor)

    def _make(self, name: str) -> Any:
        constructor = self._constructor
        if constructor is None:
            msg = (f"server.ui.{name}: this server has no layout class (vn_constructor); "
                   "create it with trame_desktop.app.get_server() or pass vn_constructor=")
            raise RuntimeError(msg)
        # Named, it publishes trame__template_<name> itself when used without a layout.
        return constructor(trame_server=self._server, name=name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        nodes = self._nodes
        if name not in nodes:
            nodes[name] = self._make(name)
        return nodes[name]

    __getitem__ = __getattr__

    def set_vn_constructor(self, constructor: Callable[..., Any]) -> None:
        object.__setattr__(self, "_constructor", constructor)

    def _each(self, method: str) -> None:
        for node in self._nodes.values():
            getattr(node, method)()

    def clear_layouts(self) -> None:
        """Forget the layouts every virtual node was attached to."""
        self._each("clear_layouts")

    def flush_content(self) -> None:
        """Push every virtual node's content to its layouts."""
        self._each("flush_content")

    def clear(self) -> None:
        """Empty every virtual node."""
        self._each("clear")
