"""More windows on the same server: another layout (``?ui=name``) each, own options, events and remembered geometry.

App code opens them with :func:`trame_desktop.window.open_window` once its server is serving, on
the server or on one of its child servers (``create_child_server``: one network, translated
names). Each window has a name: its geometry is kept in ``window-<name>.json`` beside the main
window's, and its events reach ``ctrl.on_window_event(name, event, *args)`` of the server it shows
(``"shown"``, ``"resized"`` with width and height, ``"moved"`` with x and y, ``"minimized"``,
``"maximized"``, ``"restored"``, ``"closed"``). It shows the app menu unless given its own. The
main window keeps its own hooks and its close path; whether closing it ends the app, or closing
the last window does, is :mod:`trame_desktop.shell.app_end`'s to say.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from trame_desktop.process.geometry import Geometry, load_geometry, save_geometry
from trame_desktop.process.paths import safe_app_name
from trame_desktop.server.hooks import call_hook
from trame_desktop.window import DesktopWindow

from .menus import NativeMenus
from .server_thread import ServerThread
from .window_options import WindowOptions

__all__ = ["Windows", "with_layout"]

log = logging.getLogger(__name__)

#: The events a window reports to ``on_window_event``, and how many arguments each carries.
EVENTS = {"shown": 0, "resized": 2, "moved": 2, "minimized": 0, "maximized": 0, "restored": 0}


def with_layout(page_url: str, ui: str | None) -> str:
    """``page_url`` showing the layout ``ui`` (the client reads ``?ui=``); the fragment stays last."""
    if not ui:
        return page_url
    base, hash_mark, fragment = page_url.partition("#")
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}ui={quote(ui)}{hash_mark}{fragment}"


@contextlib.contextmanager
def _own_profile() -> Iterator[None]:
    """Windows made in the block get an off-the-record web profile (Qt backend).

    pywebview's Qt backend gives each window a new persistent profile on the one storage folder,
    which Qt WebEngine does not share within a process: a second window's page then often never
    loads, and the process's exit stalls for seconds. In its private mode pywebview makes an
    off-the-record profile instead, so the flag is set on the GUI thread for that window's
    construction only: calls queued there run in the order queued, around the one pywebview
    queues to make the window. Such a window's web storage lasts as long as the window.
    """
    import webview

    from .gui_calls import on_gui_thread

    flags = webview._state  # pywebview's start() settings, which its Qt windows read when made
    previous = flags.get("private_mode")
    queued = on_gui_thread(lambda: flags.__setitem__("private_mode", True), later=True)
    try:
        yield
    finally:
        if queued:
            on_gui_thread(lambda: flags.__setitem__("private_mode", previous), later=True)


#: How long the GUI thread waits, at most, for a new window's handlers (normally microseconds).
FOLLOW_WAIT = 5.0


@contextlib.contextmanager
def _made_after_block() -> Iterator[None]:
    """A window ``webview.create_window`` opens in the block is made on the GUI thread only once the
    block is done, so that its first events (``before_show`` in its constructor, the first ``moved``)
    find the handlers the block attaches.

    pywebview queues the making of a window opened from another thread to the GUI thread at once,
    and the GUI thread may run it before ``create_window`` has even returned here. A call queued
    there first, which waits for the block's end, holds it back: calls queued there run in the
    order queued (Qt's queued signals, GLib's idle sources of one priority).
    """
    from .gui_calls import queue_on_gui_thread

    done = threading.Event()

    def wait() -> None:
        if not done.wait(FOLLOW_WAIT):
            log.warning("a new window's handlers took over %.0f s: its first events may go unheard", FOLLOW_WAIT)

    queue_on_gui_thread(wait)
    try:
        yield
    finally:
        done.set()


class Windows:
    """The app's other windows (the shell's main window is not among them)."""

    def __init__(self, server: ServerThread, state_dir: Path, app_menu: NativeMenus | None = None) -> None:
        self.server = server
        self.state_dir = state_dir
        self.app_menu = app_menu if app_menu is not None else NativeMenus([], server)
        #: Asked on the GUI thread when the user closes window ``name``: False keeps it open.
        self.may_close: Callable[[str], bool] = lambda name: True
        #: Told (from pywebview's thread) once window ``name`` has closed.
        self.after_close: Callable[[str], None] = lambda name: None
        self._open: dict[str, DesktopWindow] = {}
        self._lock = threading.Lock()

    def geometry_file(self, name: str) -> Path:
        return self.state_dir / f"window-{safe_app_name(name)}.json"

    def names(self) -> list[str]:
        """The names of the windows open now, in the order they were opened."""
        with self._lock:
            return list(self._open)

    def get(self, name: str) -> DesktopWindow | None:
        with self._lock:
            return self._open.get(name)

    def open(self, name: str, *, ui: str | None = None, title: str | None = None, menu: Any = None,
             restore_geometry: bool = True, app_server: Any = None, **options: Any) -> DesktopWindow:
        """Open a window on layout ``ui`` of the server (its main layout if None); ``options`` are
        :class:`~trame_desktop.shell.window_options.WindowOptions` fields (``width``, ``x``,
        ``on_top``...); ``menu`` its own menus (None: the app menu); ``app_server`` the server or
        child server it shows, whose controller hears its events and its menu's named items.
        A window of that name already open is brought to the front instead."""
        import webview

        if not self.server.ready.done() or self.server.ready.exception() is not None:
            raise RuntimeError("windows open once the server is serving (e.g. from on_server_ready or later)")
        existing = self.get(name)
        if existing is not None:
            existing.bring_to_front()
            return existing
        window_options = WindowOptions().merged(restore_geometry=restore_geometry, **options)
        window_options = window_options.with_geometry(load_geometry(self.geometry_file(name)))
        url = with_layout(self.server.ready.result(), ui)
        controller = (app_server if app_server is not None else self.server.host.server).controller
        native: Any = None  # made below, once its menus know the window

        def close(force: bool = False) -> None:  # no veto: only the main window asks the app
            native.destroy()

        window = DesktopWindow(close, name=name)
        menus = (NativeMenus(menu, self.server, controller) if menu is not None else self.app_menu).view(window)
        with _own_profile(), _made_after_block():
            native = webview.create_window(title or name, url=url, menu=menus.pywebview_menus(),
                                           **window_options.create_window_kwargs())
            if native is None:
                raise RuntimeError(f"pywebview did not open the window {name!r}")
            menus.attach(native)
            window.bind(native, menus)
            self._follow(name, native, window, window_options, controller)
        with self._lock:
            self._open[name] = window
        log.info("opened window %r on %s", name, url.split("#", 1)[0])
        return window

    def _follow(self, name: str, native: Any, window: DesktopWindow, options: WindowOptions, controller: Any) -> None:
        events = native.events
        state = {"maximized": False}

        def report(event: str) -> Callable[..., None]:
            def handler(*args: Any) -> None:
                if event == "maximized":
                    state["maximized"] = True
                elif event == "restored":
                    state["maximized"] = False
                elif event == "resized" and not state["maximized"]:
                    window.size = (args[0], args[1])
                elif event == "moved" and not state["maximized"]:
                    window.position = (args[0], args[1])
                self.server.send_call(call_hook, controller, "on_window_event", name, event, *args)

            # pywebview passes arguments by the handler's signature: give it the event's own
            if EVENTS[event] == 2:
                return lambda a, b: handler(a, b)
            return lambda: handler()

        for event in EVENTS:
            hooks = getattr(events, event)
            hooks += report(event)

        def closing() -> bool:  # on the GUI thread, before the window goes (closed runs in a thread)
            if not self.may_close(name):
                log.info("the app kept window %r open", name)
                return False
            with self._lock:
                self._open.pop(name, None)
            self._remember(name, window, options)
            return True

        def closed() -> None:
            log.info("window %r closed", name)
            self.server.send_call(call_hook, controller, "on_window_event", name, "closed")
            self.after_close(name)

        events.closing += closing
        events.closed += closed

    def _remember(self, name: str, window: DesktopWindow, options: WindowOptions) -> None:
        if window.size is None or options.fullscreen:
            return
        width, height = window.size
        x, y = window.position if window.position is not None else (None, None)
        try:
            save_geometry(self.geometry_file(name), Geometry(width=width, height=height, x=x, y=y))
        except OSError:
            log.warning("could not save the geometry of window %r", name, exc_info=True)
