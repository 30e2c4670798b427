"""``server.ui.<name>``: a second ``with`` block adds to the content, as trame's does."""

from __future__ import annotations

from trame_desktop.app import get_server
from trame_desktop.widgets import html


def test_a_second_with_block_appends_and_clear_replaces() -> None:
    server = get_server("virtual_node_appends")
    with server.ui.content:
        html.Div("first")
    with server.ui.content:
        html.Div("second")
    text = server.ui.content.render()
    assert "first" in text and "second" in text and text.index("first") < text.index("second")
    server.ui.content.clear()
    with server.ui.content:
        html.Div("third")
    assert "first" not in server.ui.content.render() and "third" in server.ui.content.render()
