"""Choosing a native menu item with the mouse, through the X server, in the window of a given name."""

from __future__ import annotations

from .display import X
from .processes import App
from .waits import wait_for

__all__ = ["choose"]


def choose(app: App, x: X, *path: str, window: str | None = None, title: str | None = None) -> None:
    """Click each entry of ``path`` in turn (the menu bar entry, then into its menus) in the window
    called ``window`` (the main one if None), raised first when its ``title`` is given."""
    if title is not None:  # the point is on the screen: the window must not be under another one
        x.run("xdotool", "windowactivate", "--sync", x.window_id(title))
    prefix = f"{window}::" if window else ""
    for depth in range(1, len(path) + 1):
        where = "/".join(path[:depth])
        point = wait_for(lambda where=where: app.command("menu_point", prefix + where), f"{where} on screen")
        x.run("xdotool", "mousemove", str(point[0]), str(point[1]), "click", "1")
