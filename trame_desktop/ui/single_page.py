"""``SinglePageLayout``: a toolbar with the page title over a content area (no Vuetify)."""

from __future__ import annotations

from typing import Any

from ..widgets import context
from ..widgets.core import Element
from ..widgets.html import Div, Footer, Header, Main
from . import styles
from .layout import Layout


class SinglePageLayout(Layout):
    """An app page: ``toolbar`` (title first, then your items), ``content``
    (the default slot) and ``footer`` (hidden while empty).

    ``title`` sets ``trame__title`` (window and toolbar title); assigning
    ``layout.title = "..."`` does too, and ``layout.title`` is the title element.
    """

    def __init__(
        self,
        server: Any,
        template_name: str = "main",
        *,
        title: str | None = None,
        **kwargs: Any,
    ) -> None:
        server.enable_module(styles)
        with context.detached():
            root = Div(trame_server=server, classes="td-spa", **kwargs)
            with root:
                self._toolbar = Header(classes="td-spa-toolbar")
                with self._toolbar:
                    self._title = Div("{{ trame__title }}", classes="td-spa-title")
                Div(classes="td-spa-busy", v_show="trame__busy")
                self._content = Main(classes="td-spa-content")
                self._footer = Footer(classes="td-spa-footer")
        super().__init__(server, root, template_name=template_name)
        if title is not None:
            self._server.state.trame__title = title  # what the title setter does

    @property
    def title(self) -> Element:
        """The toolbar's title element (shows ``trame__title`` unless you set its text)."""
        return self._title

    @title.setter
    def title(self, value: str) -> None:
        self._server.state.trame__title = value

    @property
    def toolbar(self) -> Element:
        return self._toolbar

    @property
    def content(self) -> Element:
        return self._content

    @property
    def footer(self) -> Element:
        return self._footer

    @property
    def default_slot(self) -> Element:
        return self._content
