"""Window options: one set merged from start() keywords, the saved geometry and the command line."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, fields, replace
from typing import Any

from .geometry import Geometry

__all__ = [
    "WindowOptions",
    "add_window_arguments",
    "options_from_cli",
    "options_from_argv",
    "env_debug",
    "WINDOW_KWARGS",
]


@dataclass(frozen=True)
class WindowOptions:
    title: str | None = None
    width: int = 1024
    height: int = 768
    x: int | None = None
    y: int | None = None
    min_size: tuple[int, int] = (200, 100)
    resizable: bool = True
    frameless: bool = False
    on_top: bool = False
    fullscreen: bool = False
    maximized: bool = False
    background_color: str = "#FFFFFF"
    icon: str | None = None
    debug: bool = False
    app_name: str | None = None
    restore_geometry: bool = True

    def merged(self, **changes: Any) -> WindowOptions:
        """A copy with the given non-None values applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def with_geometry(self, geometry: Geometry | None) -> WindowOptions:
        if geometry is None or not self.restore_geometry:
            return self
        return self.merged(width=geometry.width, height=geometry.height, x=geometry.x, y=geometry.y)


WINDOW_KWARGS = frozenset(f.name for f in fields(WindowOptions))


def env_debug() -> bool:
    return os.environ.get("TRAME_DESKTOP_DEBUG", "").lower() not in ("", "0", "false", "no")


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return width, height


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """The window options a user can give on the command line (all default to None = not given)."""
    group = parser.add_argument_group("window")
    group.add_argument("--title", help="window title (default: the app's title)")
    group.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1280x800")
    group.add_argument("--position", type=_size, metavar="XxY", help="window position, e.g. 100x50")
    group.add_argument("--min-size", type=_size, metavar="WxH", help="smallest window size")
    group.add_argument("--fixed-size", dest="resizable", action="store_false", default=None,
                       help="the user cannot resize the window")
    group.add_argument("--frameless", action="store_true", default=None, help="no window frame")
    group.add_argument("--on-top", action="store_true", default=None, help="keep the window above others")
    group.add_argument("--fullscreen", action="store_true", default=None, help="start in fullscreen")
    group.add_argument("--maximized", action="store_true", default=None, help="start maximized")
    group.add_argument("--background-color", metavar="#RRGGBB", help="colour shown before the page paints")
    group.add_argument("--icon", help="window icon (where the platform allows)")
    group.add_argument("--app-name", help="name for the log, state and storage folders")
    group.add_argument("--no-restore", dest="restore_geometry", action="store_false", default=None,
                       help="do not restore the last window size and position")
    group.add_argument("--debug", action="store_true", default=None,
                       help="web inspector, debug logging, print the log file's path")


def options_from_cli(args: argparse.Namespace) -> dict[str, Any]:
    """The options the user gave on the command line, as WindowOptions field values."""
    values: dict[str, Any] = {
        "title": args.title,
        "min_size": args.min_size,
        "resizable": args.resizable,
        "frameless": args.frameless,
        "on_top": args.on_top,
        "fullscreen": args.fullscreen,
        "maximized": args.maximized,
        "background_color": args.background_color,
        "icon": args.icon,
        "app_name": args.app_name,
        "restore_geometry": args.restore_geometry,
        "debug": args.debug,
    }
    if args.size:
        values["width"], values["height"] = args.size
    if args.position:
        values["x"], values["y"] = args.position
    return {k: v for k, v in values.items() if v is not None}


def options_from_argv(argv: list[str]) -> dict[str, Any]:
    """The window options found among an app's own arguments (``python app.py --app --title X``,
    a packaged app); every other argument is left for the app's parser."""
    parser = argparse.ArgumentParser(prog="trame-desktop window options", add_help=False, allow_abbrev=False)
    add_window_arguments(parser)
    known, _rest = parser.parse_known_args(argv)
    return options_from_cli(known)
