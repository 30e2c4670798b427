"""Native menus declared from Python: built through pywebview's menu API, their items run on the server's loop.

An app menu (``start(app_menu=...)``) is shown by every window that declares no menu of its own
(``start(menu=...)`` for the main window, ``open_window(..., menu=...)`` for the others); an item's
handler is told the window it was chosen in when it has a ``window`` parameter.

pywebview's menu API (``webview.menu``) has titles, separators, submenus and a function per item.
``webview.start(menu=...)`` would give the app menu to every window, but on the Qt backend each
window's actions then call the one function the item was declared with (no way to tell the
window), and a window declared with no menu (``menu=[]``) gets it too. So each window is given
its own copy through ``create_window(menu=...)``, whose functions know the window.

What the API lacks (shortcuts, check marks, disabled items, changing an item later) the Qt backend
has on the ``QAction`` pywebview made for each item: once the window exists (``before_show``, GUI
thread) the actions are matched to the declared items in menu order and given those properties.
On other backends menus still work; shortcuts, check marks and enabled states are then ignored.
"""

from __future__ import annotations

import functools
import inspect
import logging
import sys
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from trame_desktop.server.hooks import call_hook

if TYPE_CHECKING:
    from trame_desktop.window import DesktopWindow

    from .server_thread import ServerThread

__all__ = ["MENU_KWARGS", "Menu", "MenuItem", "MenuView", "NativeMenus", "Separator"]

log = logging.getLogger(__name__)

#: The ``start()`` keywords this module takes: ``menu`` (the main window's own) and ``app_menu``
#: (every window's that has none of its own), each a list of :class:`Menu`.
MENU_KWARGS = frozenset({"menu", "app_menu"})


@dataclass
class MenuItem:
    """One menu item. ``action`` runs on the server's loop (it may be async): a function, or the
    name of a controller function. A checkable item's action gets its new ``checked`` state; an
    action with a ``window`` parameter (or ``**kwargs``) gets the window it was chosen in.
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
    """Declared menus and their items' state, shared by every window that shows them.

    The app menu (``start(app_menu=...)``) is one of these for all the windows that declare no
    menu of their own; a window's own menu is one for that window alone. Each window shows it
    through a :class:`MenuView` of its own (its own Qt actions), so a change made with
    :meth:`update`, or a check mark the user flips in one window, reaches every window showing it.
    """

    def __init__(self, menus: Sequence[Menu], server: ServerThread, controller: Any = None) -> None:
        """``controller``: where items naming a controller function find it (the server's own by default)."""
        self.menus = list(menus)
        self.server = server
        self.controller = controller
        self.items: dict[str, MenuItem] = {item.id: item for item in _walk(self.menus) if item.id}
        self._views: list[MenuView] = []
        self._lock = threading.Lock()  # guards the items' state and the list of views

    def __bool__(self) -> bool:
        return bool(self.menus)

    def view(self, window: DesktopWindow) -> MenuView:
        """What ``window`` shows of these menus; its items' handlers are told that window."""
        return MenuView(self, window)

    def _shown(self, view: MenuView) -> None:
        with self._lock:
            self._views.append(view)

    def _gone(self, view: MenuView) -> None:
        with self._lock:
            if view in self._views:
                self._views.remove(view)

    def _activated(self, item: MenuItem, window: DesktopWindow) -> None:
        """``item`` was chosen in ``window`` (pywebview calls this from a thread of its own)."""
        if not item.enabled:  # a backend without disabled items
            return
        args: tuple[Any, ...] = ()
        if item.checkable:
            with self._lock:  # Qt has flipped this window's check mark already; keep the mirror in step
                item.checked = not item.checked
                args = (item.checked,)
            self._refresh(item)  # and the other windows' check marks
        log.info("menu item %r chosen in window %r", item.title, window.name)
        action = item.action
        if action is None:
            return
        controller = self.controller if self.controller is not None else self.server.controller
        target = getattr(controller, action, None) if isinstance(action, str) else action
        kwargs = {"window": window} if target is not None and _takes_window(target) else {}
        if isinstance(action, str):
            self.server.send_call(call_hook, controller, action, *args, **kwargs)
        else:
            self.server.send_call(action, *args, **kwargs)

    # -- from app code ---------------------------------------------------------------------------

    def item(self, item_id: str) -> MenuItem:
        """The item declared with ``id=item_id`` (its current state); KeyError if none."""
        return self.items[item_id]

    def update(self, item_id: str, *, enabled: bool | None = None, checked: bool | None = None,
               title: str | None = None) -> None:
        """Change an item (any thread); every window showing it follows."""
        item = self.items[item_id]
        with self._lock:
            if enabled is not None:
                item.enabled = enabled
            if checked is not None:
                item.checked = checked
            if title is not None:
                item.title = title
        self._refresh(item)

    def _refresh(self, item: MenuItem) -> None:
        from .gui_calls import on_gui_thread

        with self._lock:
            views = list(self._views)
        for view in views:
            if not on_gui_thread(functools.partial(view.apply, item)):
                log.info("this backend cannot change a menu item once shown")
                return


class MenuView:
    """One window's copy of some :class:`NativeMenus`: what pywebview builds for it, its Qt actions."""

    def __init__(self, menus: NativeMenus, window: DesktopWindow) -> None:
        self.menus = menus
        self.window = window
        self._actions: dict[int, Any] = {}  # id(MenuItem) -> its QAction in this window (Qt backend)
        self._closed = False

    def __bool__(self) -> bool:
        return bool(self.menus)

    # -- pywebview's side ------------------------------------------------------------------------

    def pywebview_menus(self) -> list[Any]:
        """The menus as ``webview.menu`` objects, for ``create_window(menu=...)``: made for each
        window, as an item's function is all pywebview calls, and it must know the window."""
        from webview.menu import Menu as WebviewMenu
        from webview.menu import MenuAction, MenuSeparator

        def convert(item: Menu | MenuItem | Separator) -> Any:
            if isinstance(item, Menu):
                return WebviewMenu(item.title, [convert(child) for child in item.items])
            if isinstance(item, Separator):
                return MenuSeparator()
            return MenuAction(item.title, self._on_choice(item))

        return [convert(menu) for menu in self.menus.menus]

    def _on_choice(self, item: MenuItem) -> Callable[[], None]:
        return lambda: self.menus._activated(item, self.window)

    # -- the Qt backend's actions ----------------------------------------------------------------

    def attach(self, native: Any) -> None:
        """Follow the pywebview window ``native`` (call before it is shown)."""
        native.events.before_show += self.before_show
        native.events.closed += self._gone

    def _gone(self) -> None:
        self._closed = True
        self.menus._gone(self)

    def before_show(self, window: Any) -> None:
        """pywebview's ``before_show`` (GUI thread, in the window's constructor: its menu bar is
        filled just after, so the actions are reached on the loop's next turn)."""
        if not self.menus or "qtpy" not in sys.modules:
            return
        from .gui_calls import on_gui_thread

        on_gui_thread(lambda: self._reach_actions(window), later=True)

    def _reach_actions(self, window: Any) -> None:
        if self._closed:
            return
        try:
            bar = window.native.menuBar()
            self._match(bar.actions(), self.menus.menus)
        except Exception:  # menus still work, without shortcuts and states
            log.warning("could not reach the Qt menu actions", exc_info=True)
            return
        self.menus._shown(self)
        for item in _walk(self.menus.menus):
            self.apply(item)

    def _match(self, actions: list[Any], items: Sequence[Menu | MenuItem | Separator]) -> None:
        """Pair Qt's actions with the declared items, in order (pywebview adds them in order)."""
        if len(actions) != len(items):
            raise LookupError(f"{len(actions)} Qt actions for {len(items)} menu items")
        for action, item in zip(actions, items, strict=True):
            if isinstance(item, Menu):
                self._match(action.menu().actions(), item.items)
            elif isinstance(item, MenuItem):
                self._actions[id(item)] = action

    def apply(self, item: MenuItem) -> None:
        """Give ``item``'s Qt action in this window its properties (GUI thread)."""
        action = self._actions.get(id(item))
        if action is None or self._closed:
            return
        try:
            self._set(action, item)
        except RuntimeError:  # Qt deleted the window (and its actions) before its closed event ran
            self._closed = True

    @staticmethod
    def _set(action: Any, item: MenuItem) -> None:
        from qtpy.QtGui import QKeySequence

        if action.text() != item.title:
            action.setText(item.title)
        if item.shortcut:
            action.setShortcut(QKeySequence(item.shortcut))
        action.setCheckable(item.checkable)
        if item.checkable:
            action.setChecked(item.checked)
        action.setEnabled(item.enabled)

    # -- from app code (through DesktopWindow) ---------------------------------------------------

    def item(self, item_id: str) -> MenuItem:
        return self.menus.item(item_id)

    def update(self, item_id: str, **changes: Any) -> None:
        self.menus.update(item_id, **changes)

    def qt_state(self, item_id: str) -> dict[str, Any] | None:
        """What the Qt action of an item shows in this window (GUI thread); None without one."""
        action = self._actions.get(id(self.menus.item(item_id)))
        if action is None:
            return None
        return {"title": action.text(), "enabled": action.isEnabled(), "checked": action.isChecked(),
                "shortcut": action.shortcut().toString()}


def _takes_window(function: Any) -> bool:
    """Whether ``function`` (or every function bound to a controller name) has a ``window`` keyword."""
    bound = [f for f in (getattr(function, "func", None), *getattr(function, "funcs", ())) if f is not None]
    candidates = bound if hasattr(function, "funcs") else [function]
    if not candidates:
        return False
    for candidate in candidates:
        if isinstance(candidate, weakref.WeakMethod):
            candidate = candidate()
        try:
            parameters = inspect.signature(candidate).parameters.values()
        except (TypeError, ValueError):  # a builtin without a signature
            return False
        if not any((p.name == "window" and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
                   or p.kind is p.VAR_KEYWORD for p in parameters):
            return False
    return True
