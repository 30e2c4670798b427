"""Native menus declared from Python: built through pywebview's menu API, their items run on the server's loop.

pywebview's menu API (``webview.menu``) has titles, separators, submenus and a function per item.
What it lacks (shortcuts, check marks, disabled items, changing an item later) the Qt backend has
on the ``QAction`` pywebview made for each item: once the window exists (``before_show``, GUI
thread) the actions are matched to the declared items in menu order and given those properties.
On other backends menus still work; shortcuts, check marks and enabled states are then ignored.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from .server_thread import ServerThread

__all__ = ["MENU_KWARGS", "Menu", "MenuItem", "NativeMenus", "Separator"]

log = logging.getLogger(__name__)

#: The ``start()`` keyword this module takes: ``menu``, a list of :class:`Menu`.
MENU_KWARGS = frozenset({"menu"})


@dataclass
class MenuItem:
    """One menu item. ``action`` runs on the server's loop (it may be async): a function, or the
    name of a controller function. A checkable item's action gets its new ``checked`` state.
    ``shortcut`` is a key sequence such as ``"Ctrl+O"`` (Qt backend)."""

    title: str
    action: Callable[..., Any] | str | None = None
    id: str | None = None
    shortcut: str | None = None
    checkable: bool = False
    checked: bool = False
    enabled: bool = True


@dataclass
class Separator:
    """A line between menu items."""


@dataclass
class Menu:
    """A menu (in the menu bar) or a submenu (among another menu's items)."""

    title: str
    items: Sequence[Union[Menu, MenuItem, Separator]] = field(default_factory=list)  # noqa: UP007 - 3.10 dataclass


def _walk(items: Sequence[Menu | MenuItem | Separator]) -> Iterator[MenuItem]:
    for item in items:
        if isinstance(item, Menu):
            yield from _walk(item.items)
        elif isinstance(item, MenuItem):
            yield item


class NativeMenus:
    """One window's menus: what pywebview builds, the items' calls to the server, their Qt actions."""

    def __init__(self, menus: Sequence[Menu], server: ServerThread) -> None:
        self.menus = list(menus)
        self.server = server
        self.items: dict[str, MenuItem] = {item.id: item for item in _walk(self.menus) if item.id}
        self._actions: dict[int, Any] = {}  # id(MenuItem) -> its QAction (Qt backend)
        self._lock = threading.Lock()

    def __bool__(self) -> bool:
        return bool(self.menus)

    # -- pywebview's side ------------------------------------------------------------------------

    def pywebview_menus(self) -> list[Any]:
        """The menus as ``webview.menu`` objects, for ``create_window(menu=...)``."""
        from webview.menu import Menu as WebviewMenu
        from webview.menu import MenuAction, MenuSeparator

        def convert(item: Menu | MenuItem | Separator) -> Any:
            if isinstance(item, Menu):
                return WebviewMenu(item.title, [convert(child) for child in item.items])
            if isinstance(item, Separator):
                return MenuSeparator()
            return MenuAction(item.title, self._on_choice(item))

        return [convert(menu) for menu in self.menus]

    def _on_choice(self, item: MenuItem) -> Callable[[], None]:
        return lambda: self._activated(item)

    def _activated(self, item: MenuItem) -> None:
        """An item was chosen (pywebview calls this from a thread of its own)."""
        if not item.enabled:  # a backend without disabled items
            return
        args: tuple[Any, ...] = ()
        if item.checkable:
            with self._lock:  # Qt has flipped its check mark already; keep the mirror in step
                item.checked = not item.checked
                args = (item.checked,)
        log.info("menu item %r chosen", item.title)
        action = item.action
        if action is None:
            return
        if isinstance(action, str):
            self.server.send_hook(action, *args)
        else:
            self.server.send_call(action, *args)

    # -- the Qt backend's actions ----------------------------------------------------------------

    def attach(self, native: Any) -> None:
        """Follow the pywebview window ``native`` (call before ``webview.start``)."""
        native.events.before_show += self.before_show

    def before_show(self, window: Any) -> None:
        """pywebview's ``before_show`` (GUI thread, in the window's constructor: its menu bar is
        filled just after, so the actions are reached on the loop's next turn)."""
        if not self.menus or "qtpy" not in sys.modules:
            return
        from .gui_calls import on_gui_thread

        on_gui_thread(lambda: self._reach_actions(window), later=True)

    def _reach_actions(self, window: Any) -> None:
        try:
            bar = window.native.menuBar()
            self._match(bar.actions(), self.menus)
        except Exception:  # menus still work, without shortcuts and states
            log.warning("could not reach the Qt menu actions", exc_info=True)
            return
        for item in _walk(self.menus):
            self._apply(item)

    def _match(self, actions: list[Any], items: Sequence[Menu | MenuItem | Separator]) -> None:
        """Pair Qt's actions with the declared items, in order (pywebview adds them in order)."""
        if len(actions) != len(items):
            raise LookupError(f"{len(actions)} Qt actions for {len(items)} menu items")
        for action, item in zip(actions, items, strict=True):
            if isinstance(item, Menu):
                self._match(action.menu().actions(), item.items)
            elif isinstance(item, MenuItem):
                self._actions[id(item)] = action

    def _apply(self, item: MenuItem) -> None:
        """Give ``item``'s Qt action its properties (GUI thread)."""
        action = self._actions.get(id(item))
        if action is None:
            return
        from qtpy.QtGui import QKeySequence

        if action.text() != item.title:
            action.setText(item.title)
        if item.shortcut:
            action.setShortcut(QKeySequence(item.shortcut))
        action.setCheckable(item.checkable)
        if item.checkable:
            action.setChecked(item.checked)
        action.setEnabled(item.enabled)

    # -- from app code ---------------------------------------------------------------------------

    def item(self, item_id: str) -> MenuItem:
        """The item declared with ``id=item_id`` (its current state); KeyError if none."""
        return self.items[item_id]

    def update(self, item_id: str, *, enabled: bool | None = None, checked: bool | None = None,
               title: str | None = None) -> None:
        """Change an item (any thread); the native menu follows."""
        from .gui_calls import on_gui_thread

        item = self.items[item_id]
        with self._lock:
            if enabled is not None:
                item.enabled = enabled
            if checked is not None:
                item.checked = checked
            if title is not None:
                item.title = title
        if not on_gui_thread(lambda: self._apply(item)):
            log.info("this backend cannot change a menu item once shown")

    def qt_state(self, item_id: str) -> dict[str, Any] | None:
        """What the Qt action of an item shows (GUI thread); None without one."""
        action = self._actions.get(id(self.items[item_id]))
        if action is None:
            return None
        return {"title": action.text(), "enabled": action.isEnabled(), "checked": action.isChecked(),
                "shortcut": action.shortcut().toString()}
