"""``DivLayout``: a plain ``<div>`` holding whatever the app puts in it."""

from __future__ import annotations

from typing import Any

from ..widgets import context
from ..widgets.html import Div
from .layout import Layout


class DivLayout(Layout):
    """``with DivLayout(server) as layout: html.Button(...)``; keyword arguments
    (``classes``, ``style``...) go to the ``<div>``."""

    def __init__(self, server: Any, template_name: str = "main", **kwargs: Any) -> None:
        with context.detached():
            root = Div(trame_server=server, **kwargs)
        super().__init__(server, root, template_name=template_name)
