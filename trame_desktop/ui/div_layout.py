"""``DivLayout``: a plain ``<div>`` holding whatever the app puts in it."""

from __future__ import annotations

from typing import Any

from ..widgets import context
from ..widgets.html import Div
from .layout import Layout

TRAME_LAYOUT_KEYWORDS = ("width", "height", "base_url", "iframe_builder", "connect_parent")


class DivLayout(Layout):
    """``with DivLayout(server) as layout: html.Button(...)``; keyword arguments
    (``classes``, ``style``...) go to the ``<div>``."""

    def __init__(self, server: Any, template_name: str = "main", **kwargs: Any) -> None:
        # trame's layout keywords for its notebook iframe (and its context switch) are no
        # attributes of the <div>: a ported app may pass them, there is no iframe here.
        for name in TRAME_LAYOUT_KEYWORDS:
            kwargs.pop(name, None)
        with context.detached():
            root = Div(trame_server=server, **kwargs)
        super().__init__(server, root, template_name=template_name)
