"""The app's handle on its native window: ``get_window(server)`` and calls marshalled to pywebview.

App code runs on the server's event loop; the window lives on the GUI thread. pywebview's
window methods are thread-safe, but some wait (for the window to be shown, for a JavaScript
result, for the user to pick a file), so everything that can wait is a coroutine that runs the
pywebview call in an executor; the rest return at once.

Window events reach the app as controller hooks, called on the server's loop::

    ctrl.on_window_shown()
    ctrl.on_window_closing()  -> return False to keep the window open (may be async)
    ctrl.on_window_closed()
    ctrl.on_window_resized(width, height)
    ctrl.on_window_moved(x, y)
    ctrl.on_window_minimized() / on_window_maximized() / on_window_restored()
    ctrl.on_window_files_dropped(paths)   # list of absolute paths

What a launch asks the app to open, and later launches of it (see trame_desktop.shell.one_instance)::

    ctrl.on_open_files(paths)              # absolute paths from the command line
    ctrl.on_open_url(url)                  # a URL of a scheme given in start(url_schemes=...)
    ctrl.on_second_instance(argv, cwd)     # another launch's sys.argv and working directory

Windows opened with ``open_window(server, name, ...)`` report to one hook that names them, on the
controller of the server they show (a child server's own, for a window on a child server)::

    ctrl.on_window_event(name, event, *args)   # "shown", "resized" (w, h), "moved" (x, y), "closed", ...
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from trame_desktop.shell.menus import Menu, MenuItem, Separator

__all__ = ["CONTEXT_KEY", "WINDOWS_KEY", "WINDOW_HOOKS", "DesktopWindow", "Menu", "MenuItem", "Separator",
           "get_window", "open_window"]

CONTEXT_KEY = "trame_desktop__window"
WINDOWS_KEY = "trame_desktop__windows"

WINDOW_HOOKS = (
    "on_window_shown",
    "on_window_closing",
    "on_window_closed",
    "on_window_resized",
    "on_window_moved",
    "on_window_minimized",
    "on_window_maximized",
    "on_window_restored",
    "on_window_files_dropped",
    "on_open_files",
    "on_open_url",
    "on_second_instance",
    "on_window_event",
)

# pywebview's dialog type constants (webview.FileDialog), kept here so this module loads
# without importing pywebview.
_OPEN, _FOLDER, _SAVE = 10, 20, 30


def _root(server: Any) -> Any:
    """The server at the top of ``server``'s network (a child server's names are translated: the
    shell keeps its windows in the root's context)."""
    return getattr(server, "root_server", None) or server


def get_window(server: Any, name: str | None = None) -> DesktopWindow | None:
    """The main window of ``server``'s app (or its open window called ``name``), or None when there
    is none; ``server`` may be a child server."""
    context = getattr(_root(server), "context", None)
    if context is None:
        return None
    try:
        return context[CONTEXT_KEY] if name is None else context[WINDOWS_KEY].get(name)
    except (KeyError, AttributeError):
        return None


def open_window(server: Any, name: str, *, ui: str | None = None, title: str | None = None,
                menu: Sequence[Menu] | None = None, **options: Any) -> DesktopWindow:
    """Open another window on ``server``'s layout ``ui`` (``?ui=name``; the main layout if None), once
    it is serving; ``server`` may be a child server (``create_child_server``), whose layout it shows.
    ``options`` are the window options (``width``, ``height``, ``x``, ``y``, ``on_top``, ...); its
    geometry is remembered under ``name``; ``menu``, its own menus, replaces the app menu. Its events
    reach ``server.controller.on_window_event(name, event, *args)`` (see
    :mod:`trame_desktop.shell.windows`)."""
    try:
        windows = _root(server).context[WINDOWS_KEY]
    except (KeyError, AttributeError, TypeError):
        windows = None
    if windows is None:
        raise RuntimeError("this server is not running in a desktop window")
    window: DesktopWindow = windows.open(name, ui=ui, title=title, menu=menu, app_server=server, **options)
    return window


class DesktopWindow:
    """One native window. Created by the shell; apps get it with :func:`get_window`."""

    def __init__(self, request_close: Callable[[bool], None], name: str = "main") -> None:
        #: The window's name: "main" for the shell's own, the name given to open_window otherwise.
        self.name = name
        self._native: Any = None
        self._menus: Any = None
        #: The name notifications go by (the shell sets the app's name).
        self.app_name = "trame-desktop"
        self._bound = threading.Event()
        self._request_close = request_close
        #: Last known size and position (from the window's own events), None until it shows.
        self.size: tuple[int, int] | None = None
        self.position: tuple[int, int] | None = None

    def bind(self, native: Any, menus: Any = None) -> None:
        """Called once by the shell with the pywebview window and what it shows of its menus (``MenuView``)."""
        self._native = native
        self._menus = menus
        self._bound.set()

    def _native_when_bound(self) -> Any:
        self._bound.wait()
        return self._native

    # -- immediate calls (pywebview emits a GUI-thread signal and returns) -----------------------

    def _soon(self, method: str, *args: Any) -> None:
        native = self._native
        if native is not None and native.events.shown.is_set():
            getattr(native, method)(*args)
            return

        def later() -> None:  # pywebview waits for the window to show: never on the app's loop
            getattr(self._native_when_bound(), method)(*args)

        threading.Thread(target=later, daemon=True, name="window-call").start()

    @property
    def title(self) -> str | None:
        return None if self._native is None else self._native.title

    def set_title(self, title: str) -> None:
        self._soon("set_title", title)

    def resize(self, width: int, height: int) -> None:
        self._soon("resize", int(width), int(height))

    def move(self, x: int, y: int) -> None:
        self._soon("move", int(x), int(y))

    def toggle_fullscreen(self) -> None:
        self._soon("toggle_fullscreen")

    def minimize(self) -> None:
        self._soon("minimize")

    def maximize(self) -> None:
        self._soon("maximize")

    def restore(self) -> None:
        self._soon("restore")

    def show(self) -> None:
        self._soon("show")

    def hide(self) -> None:
        self._soon("hide")

    def bring_to_front(self) -> None:
        """Un-minimize the window, raise it and give it the focus (what a second launch does)."""
        native = self._native
        if native is not None:
            from trame_desktop.shell.gui_calls import bring_to_front

            bring_to_front(native)

    def menu_item(self, item_id: str) -> MenuItem:
        """The menu item declared with ``id=item_id``, as it is now (``checked``, ``enabled``...)."""
        if not self._menus:
            raise LookupError("this window has no menu")
        item: MenuItem = self._menus.item(item_id)
        return item

    def set_menu_item(self, item_id: str, *, enabled: bool | None = None, checked: bool | None = None,
                      title: str | None = None) -> None:
        """Enable or disable, check or uncheck, or rename a menu item (Qt backend; ignored elsewhere), in
        every window that shows it (an app menu's item: in all the windows without a menu of their own)."""
        if not self._menus:
            raise LookupError("this window has no menu")
        self._menus.update(item_id, enabled=enabled, checked=checked, title=title)

    def close(self, force: bool = False) -> None:
        """Close the window. Without ``force`` the app's ``on_window_closing`` hook is asked first."""
        self._request_close(force)

    # -- calls that wait: awaitable, run in an executor -------------------------------------------

    async def _in_executor(self, method: str, *args: Any) -> Any:
        import asyncio

        def call() -> Any:
            return getattr(self._native_when_bound(), method)(*args)

        return await asyncio.get_running_loop().run_in_executor(None, call)

    async def evaluate_js(self, script: str) -> Any:
        """Evaluate ``script`` in the page and return its (JSON-serialisable) result."""
        return await self._in_executor("evaluate_js", script)

    async def open_file_dialog(
        self, directory: str = "", allow_multiple: bool = False, file_types: Sequence[str] = ()
    ) -> list[str] | None:
        """Native open-file dialog; the chosen paths, or None when cancelled.

        ``file_types`` entries look like ``"Images (*.png;*.jpg)"``.
        """
        result = await self._in_executor(
            "create_file_dialog", _OPEN, directory, allow_multiple, "", tuple(file_types)
        )
        return list(result) if result else None

    async def save_file_dialog(
        self, directory: str = "", save_filename: str = "", file_types: Sequence[str] = ()
    ) -> str | None:
        """Native save-file dialog; the chosen path, or None when cancelled."""
        result = await self._in_executor(
            "create_file_dialog", _SAVE, directory, False, save_filename, tuple(file_types)
        )
        if not result:
            return None
        return result if isinstance(result, str) else result[0]

    async def notify(self, title: str, body: str = "", *, on_clicked: Callable[[], Any] | None = None,
                     on_dismissed: Callable[[], Any] | None = None, icon: str | None = None,
                     timeout: float | None = None) -> str:
        """Show a desktop notification (desktop-notifier: the platform's service); ``on_clicked`` and
        ``on_dismissed`` run on the server's loop where the service reports them. Its identifier."""
        from trame_desktop.shell.notifications import notify

        return await notify(self.app_name, title, body, on_clicked=on_clicked, on_dismissed=on_dismissed,
                            icon=icon, timeout=timeout)

    async def open_folder_dialog(self, directory: str = "", allow_multiple: bool = False) -> list[str] | None:
        """Native folder picker; the chosen folders, or None when cancelled."""
        result = await self._in_executor("create_file_dialog", _FOLDER, directory, allow_multiple)
        return list(result) if result else None
