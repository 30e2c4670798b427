"""Reading screenshots in tests: the colours a PNG holds (Pillow)."""

from __future__ import annotations

import io

from PIL import Image


def colours(png: bytes) -> set[tuple[int, int, int]]:
    """The distinct RGB colours of a PNG image."""
    with Image.open(io.BytesIO(png)) as image:
        rgb = image.convert("RGB")
        counted = rgb.getcolors(maxcolors=rgb.width * rgb.height) or []
    return {colour for _count, colour in counted}
