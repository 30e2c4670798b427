"""The app's icon at every size menus and installers use, from one image (or a generated default), with Pillow.

Linux menus take PNGs from the hicolor theme at fixed sizes; Windows takes one ``.ico`` holding
several sizes, macOS one ``.icns``. All come from one source image, scaled down with a good filter
(upscaling a small source is allowed but blurs: give at least 512x512). Without a source a default
is drawn from the app's name, so no binary icon lives in the repository.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

__all__ = ["ICO_SIZES", "SIZES", "default_icon", "load_icon", "write_icons"]

#: hicolor sizes (the freedesktop icon theme's usual directories).
SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256, 512)
#: Sizes Windows picks from in an .ico (256 is the largest the format holds).
ICO_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)


def _pillow() -> Any:
    try:
        from PIL import Image
    except ImportError as error:
        msg = 'icons need Pillow: pip install "trame-desktop[package]"'
        raise RuntimeError(msg) from error
    return Image


def default_icon(name: str) -> Any:
    """A 512x512 icon for ``name``: a rounded square in a colour derived from the name, with its initial."""
    image_module = _pillow()
    from PIL import ImageDraw, ImageFont

    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 255
    import colorsys

    red, green, blue = (int(c * 255) for c in colorsys.hsv_to_rgb(hue, 0.55, 0.75))
    image = image_module.new("RGBA", (512, 512), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((24, 24, 488, 488), radius=96, fill=(red, green, blue, 255))
    initial = (name.strip()[:1] or "A").upper()
    try:  # Pillow >= 10.1 scales its built-in font; older ones only have a tiny bitmap font
        font = ImageFont.load_default(size=300)
    except TypeError:
        font = ImageFont.load_default()
    draw.text((256, 266), initial, fill=(255, 255, 255, 255), font=font, anchor="mm")
    return image


def load_icon(source: Path | None, name: str) -> Any:
    """The source image as square RGBA (padded, never cropped), or the default for ``name``."""
    image_module = _pillow()
    if source is None:
        return default_icon(name)
    with image_module.open(source) as opened:
        image = opened.convert("RGBA")
    side = max(image.size)
    if image.size != (side, side):
        square = image_module.new("RGBA", (side, side), (0, 0, 0, 0))
        square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
        image = square
    return image


def write_icons(source: Path | None, name: str, folder: Path) -> dict[str, Path]:
    """Write ``png/<N>.png`` for every size in :data:`SIZES`, ``icon.ico`` and ``icon.icns`` into ``folder``.

    Returns ``{"16": path, ..., "512": path, "ico": path, "icns": path}``.
    """
    image_module = _pillow()
    image = load_icon(source, name)
    (folder / "png").mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for size in SIZES:
        path = folder / "png" / f"{size}.png"
        image.resize((size, size), image_module.Resampling.LANCZOS).save(path, optimize=True)
        written[str(size)] = path
    large = image.resize((512, 512), image_module.Resampling.LANCZOS)
    written["ico"] = folder / "icon.ico"
    large.save(written["ico"], sizes=[(s, s) for s in ICO_SIZES])
    written["icns"] = folder / "icon.icns"
    large.save(written["icns"])
    return written
