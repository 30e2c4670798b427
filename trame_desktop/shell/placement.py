"""Keep the window on a screen that exists: one placed off every screen is centred, one larger than its screen shrunk.

A position saved on a screen that is gone (unplugged, or another resolution) would reopen the window
where nobody can see or grab it. Screens are only known once the GUI is up; pywebview's
``before_show`` runs on the GUI thread after the window was made and placed and before it is
shown, so :class:`WindowPlacement` checks there and moves it (no visible jump).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["GRAB_HEIGHT", "Rect", "WindowPlacement", "kept_on_screen"]

log = logging.getLogger(__name__)

#: How much of the window's top must be on a screen for the user to grab its title bar.
GRAB_HEIGHT = 32
# A frame's decorations may start a few pixels above the screen and still be reachable.
_TOP_SLACK = 16


@dataclass(frozen=True)
class Rect:
    x: int
    y: int
    width: int
    height: int


def _shown_enough(window: Rect, screen: Rect) -> bool:
    """At least half of the window (or of the screen, for a window larger than it) on ``screen``,
    and the window's top, where its title bar is, reachable."""
    across = min(window.x + window.width, screen.x + screen.width) - max(window.x, screen.x)
    down = min(window.y + window.height, screen.y + screen.height) - max(window.y, screen.y)
    if across <= 0 or down <= 0:
        return False
    half = min(window.width, screen.width) * min(window.height, screen.height)
    top_reachable = screen.y - _TOP_SLACK <= window.y <= screen.y + screen.height - GRAB_HEIGHT
    return 2 * across * down >= half and top_reachable


def _fitted(window: Rect, screen: Rect) -> Rect:
    """``window``'s size, each side larger than the screen's cut to 90% of it (the frame around the
    window's content takes some room too), centred on ``screen``."""
    width = window.width if window.width <= screen.width else screen.width * 9 // 10
    height = window.height if window.height <= screen.height else screen.height * 9 // 10
    return Rect(screen.x + (screen.width - width) // 2, screen.y + (screen.height - height) // 2, width, height)


def kept_on_screen(window: Rect, screens: Sequence[Rect]) -> Rect | None:
    """None when ``window`` fits on one of ``screens`` where it is mostly shown (or no screen is
    known); else the place to put it: shrunk and centred on that screen if it is larger, otherwise
    centred on the first screen (the primary one), shrunk if it is larger than that one."""
    if not screens:
        return None
    for screen in screens:
        if _shown_enough(window, screen):
            if window.width <= screen.width and window.height <= screen.height:
                return None
            return _fitted(window, screen)
    return _fitted(window, screens[0])


class WindowPlacement:
    """pywebview's ``before_show`` handler that puts a window placed off every screen (or larger than
    its screen) on one (see :func:`kept_on_screen`)."""

    def __init__(self, width: int, height: int, x: int | None, y: int | None, *, maximized: bool = False,
                 fullscreen: bool = False) -> None:
        self.width, self.height, self.x, self.y = width, height, x, y
        self.maximized, self.fullscreen = maximized, fullscreen
        self.moved_to: Rect | None = None

    def before_show(self, window: Any) -> None:
        """GUI thread, before the window shows (pywebview passes its window to a parameter named ``window``)."""
        if self.maximized or self.fullscreen:
            return  # the toolkit places those on a screen itself
        screens = self._screens()
        if not screens:
            return
        if self.x is None or self.y is None:  # pywebview centres it on the primary screen
            first = screens[0]
            place = Rect(first.x + (first.width - self.width) // 2, first.y + (first.height - self.height) // 2,
                         self.width, self.height)
        else:
            place = Rect(self.x, self.y, self.width, self.height)
        target = kept_on_screen(place, screens)
        if target is None:
            return
        log.warning("the window at %sx%s+%s+%s would be off every screen or larger than its own (%s): "
                    "placing it at %sx%s+%s+%s",
                    place.width, place.height, place.x, place.y,
                    ", ".join(f"{s.width}x{s.height}+{s.x}+{s.y}" for s in screens),
                    target.width, target.height, target.x, target.y)
        # pywebview's own move/resize wait for the window to show; this is the GUI thread before
        # that, so the backend's functions are called directly.
        gui = window.gui
        if (target.width, target.height) != (place.width, place.height):
            from webview.window import FixPoint

            gui.resize(target.width, target.height, window.uid, FixPoint.NORTH | FixPoint.WEST)
        gui.move(target.x, target.y, window.uid)
        self.moved_to = target

    @staticmethod
    def _screens() -> list[Rect]:
        try:
            import webview

            return [Rect(int(s.x), int(s.y), int(s.width), int(s.height)) for s in webview.screens]
        except Exception:  # a backend that cannot tell: the window stays where the toolkit put it
            log.debug("no screen geometry", exc_info=True)
            return []
