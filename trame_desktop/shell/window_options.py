"""The window's options, written once: each one's ``start()`` keyword, command-line flag and default.

They are merged into :class:`WindowOptions` from ``start()`` keywords, the saved geometry and the
command line, in that order.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from trame_desktop.process.geometry import Geometry

__all__ = ["WINDOW_KWARGS", "WindowOptions", "add_window_arguments", "options_from_argv", "options_from_cli"]


def _pair(text: str) -> tuple[int, int]:
    try:
        first, second = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return first, second


@dataclass(frozen=True)
class Flag:
    """How one option is given on the command line."""

    flag: str
    help: str
    metavar: str | None = None
    type: Callable[[str], Any] | None = None
    switch: bool | None = None  # a flag without a value: the value it gives (True, or False for --no-*)
    splits_into: tuple[str, str] | None = None  # "WxH" gives two keywords (width and height)


def _gui(text: str) -> str:
    if text.lower() not in ("qt", "gtk"):
        raise argparse.ArgumentTypeError(f"expected qt or gtk, got {text!r}")
    return text.lower()


def _option(default: Any, flag: Flag | None = None, *, pywebview: bool = True) -> Any:
    """A field; ``pywebview``: it is also a keyword of ``webview.create_window``, passed as is."""
    return field(default=default, metadata={"flag": flag, "pywebview": pywebview})


@dataclass(frozen=True)
class WindowOptions:
    """One window's options; each field is also a ``start()`` keyword, and most a command-line flag."""

    title: str | None = _option(None, Flag("--title", "window title (default: the app's title)"), pywebview=False)
    width: int = _option(1024, Flag("--size", "window size, e.g. 1280x800", "WxH", _pair,
                                    splits_into=("width", "height")))
    height: int = _option(768)
    x: int | None = _option(None, Flag("--position", "window position, e.g. 100x50", "XxY", _pair,
                                       splits_into=("x", "y")))
    y: int | None = _option(None)
    min_size: tuple[int, int] = _option((200, 100), Flag("--min-size", "smallest window size", "WxH", _pair))
    resizable: bool = _option(True, Flag("--fixed-size", "the user cannot resize the window", switch=False))
    frameless: bool = _option(False, Flag("--frameless", "no window frame", switch=True))
    on_top: bool = _option(False, Flag("--on-top", "keep the window above others", switch=True))
    fullscreen: bool = _option(False, Flag("--fullscreen", "start in fullscreen", switch=True))
    maximized: bool = _option(False, Flag("--maximized", "start maximized", switch=True))
    background_color: str = _option("#FFFFFF", Flag("--background-color", "colour shown before the page paints",
                                                     "#RRGGBB"))
    # Not create_window's: the icon and debug go to webview.start, the others are the shell's own.
    icon: str | None = _option(None, Flag("--icon", "window icon (where the platform allows)"), pywebview=False)
    app_name: str | None = _option(None, Flag("--app-name", "name for the log, state and storage folders"),
                                   pywebview=False)
    restore_geometry: bool = _option(True, Flag("--no-restore", "do not restore the last window size and position",
                                                switch=False), pywebview=False)
    gui: str | None = _option(None, Flag("--gui", "GUI backend (default: TRAME_DESKTOP_GUI, else the first installed)",
                                         "qt|gtk", _gui), pywebview=False)
    debug: bool = _option(False, Flag("--debug", "web inspector, debug logging, print the log file's path",
                                      switch=True), pywebview=False)

    def merged(self, **changes: Any) -> WindowOptions:
        """A copy with the given non-None values applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def create_window_kwargs(self) -> dict[str, Any]:
        """The keywords of ``webview.create_window`` these options set (the title aside)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata["pywebview"]}

    def with_geometry(self, geometry: Geometry | None) -> WindowOptions:
        if geometry is None or not self.restore_geometry:
            return self
        return self.merged(width=geometry.width, height=geometry.height, x=geometry.x, y=geometry.y)


#: The ``start()`` keywords the shell takes for the window; the others go to the server.
WINDOW_KWARGS = frozenset(f.name for f in fields(WindowOptions))

_FLAGS: tuple[tuple[str, Flag], ...] = tuple(
    (f.name, f.metadata["flag"]) for f in fields(WindowOptions) if f.metadata["flag"] is not None
)


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    """The window options a user can give on the command line (all default to None = not given)."""
    group = parser.add_argument_group("window")
    for name, flag in _FLAGS:
        if flag.switch is not None:
            action = "store_true" if flag.switch else "store_false"
            group.add_argument(flag.flag, dest=name, action=action, default=None, help=flag.help)
        elif flag.type is not None:
            group.add_argument(flag.flag, dest=name, type=flag.type, metavar=flag.metavar, help=flag.help)
        else:
            group.add_argument(flag.flag, dest=name, metavar=flag.metavar, help=flag.help)


def options_from_cli(args: argparse.Namespace) -> dict[str, Any]:
    """The options the user gave on the command line, as WindowOptions field values."""
    values: dict[str, Any] = {}
    for name, flag in _FLAGS:
        value = getattr(args, name, None)
        if value is None:
            continue
        if flag.splits_into:
            values.update(zip(flag.splits_into, value, strict=True))
        else:
            values[name] = value
    return values


def options_from_argv(argv: list[str]) -> dict[str, Any]:
    """The window options found among an app's own arguments (``python app.py --app --title X``,
    a packaged app); every other argument is left for the app's parser."""
    parser = argparse.ArgumentParser(prog="trame-desktop window options", add_help=False, allow_abbrev=False)
    add_window_arguments(parser)
    known, _rest = parser.parse_known_args(argv)
    return options_from_cli(known)
