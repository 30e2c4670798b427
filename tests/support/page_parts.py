"""A page's script and meta elements as a browser's HTML parser splits them, to check what a built page holds."""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["PageParts", "page_parts"]


class PageParts(HTMLParser):
    """``scripts``: (attributes, text) of each script element; ``metas``: attributes of each meta element."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.metas: list[dict[str, str | None]] = []
        self._open: list | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open = [dict(attrs), ""]
        elif tag == "meta":
            self.metas.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.scripts.append((self._open[0], self._open[1]))
            self._open = None


def page_parts(html: str) -> PageParts:
    parts = PageParts()
    parts.feed(html)
    return parts
