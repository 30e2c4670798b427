"""The bridge's parts (trame_desktop/shell/) on a real core server on loopback: each part's invariant.

Only pywebview's window is stood in for (this tier loads no GUI toolkit); the desktop tests run
the same parts in a real window."""

from __future__ import annotations

import threading
import time
import types
from typing import Any

import pytest

from tests.support.waits import wait_for
from trame_desktop.app import get_server
from trame_desktop.server import Server
from trame_desktop.shell.close_handshake import CloseHandshake
from trame_desktop.shell.first_page import FirstPage
from trame_desktop.shell.hosts import DesktopServerHost
from trame_desktop.shell.page_loads import PageLoads
from trame_desktop.shell.server_thread import ServerThread
from trame_desktop.shell.start_policy import StartPolicy

WAIT = 10.0


class AppServer:
    """A real core server (as ``get_server`` makes it) whose controller records the hooks it hears."""

    def __init__(self, name: str, **hooks: Any) -> None:
        self.server: Server = get_server(f"bridge_parts_{name}")
        self.heard: list[str] = []
        for hook, answer in hooks.items():
            self.server.controller[hook] = self._recorder(hook, answer)
        self.server.controller.on_server_exited.add(lambda **_: self.heard.append("exited"))

    def _recorder(self, hook: str, answer: Any) -> Any:
        def fn(*_: Any, **__: Any) -> Any:
            self.heard.append(hook)
            return answer

        return fn


def app_server(name: str, **hooks: Any) -> AppServer:
    return AppServer(name, **hooks)


def server_thread(app: AppServer, **start: Any) -> tuple[ServerThread, threading.Event]:
    ended = threading.Event()
    host = DesktopServerHost(app.server, "s3cret", start)
    host.bind()
    return ServerThread(host, on_exit=ended.set), ended


def test_the_server_starts_once_and_stops_after_the_closing_hook():
    server = app_server("once", on_window_closed=None)
    thread, ended = server_thread(server)
    thread.start()
    thread.start()
    url = thread.ready.result(WAIT)
    assert url == f"http://127.0.0.1:{server.server.port}/index.html#secret=s3cret"
    assert thread.serving
    assert thread.stop(WAIT, closing_hook="on_window_closed") is True
    assert ended.wait(WAIT)
    assert server.heard == ["on_window_closed", "exited"]
    thread.start()
    assert not server.server.running  # never again once stopped


def test_a_server_refused_before_it_started_never_starts():
    server = app_server("refused")
    thread, _ = server_thread(server)
    thread.refuse_start()
    thread.start()
    assert not thread.started and not server.server.running
    assert thread.stop(WAIT, closing_hook="on_window_closed") is True


def test_a_stop_while_starting_stops_the_server_once_ready():
    server = app_server("slow", on_window_closed=None)
    server.server.controller.on_server_start.add(lambda *_: time.sleep(0.3))  # an app slow to start
    thread, ended = server_thread(server)
    thread.start()
    thread.stop(0.05, closing_hook="on_window_closed")  # not ready yet: the stop waits for it
    assert ended.wait(WAIT)
    assert server.heard == ["on_window_closed", "exited"]
    assert thread.ready.cancelled()


def test_a_crash_is_kept_and_fails_the_ready_future():
    server = app_server("crash")
    thread, ended = server_thread(server, backend="tornado")  # refused by the core, with its reason
    thread.start()
    assert ended.wait(WAIT)
    assert isinstance(thread.crash, RuntimeError) and "backend='tornado'" in (thread.crash_text or "")
    with pytest.raises(RuntimeError):
        thread.ready.result(WAIT)


def test_hooks_sent_before_ready_arrive_once_ready():
    server = app_server("early_hook", on_window_shown=None)
    server.server.controller.on_server_start.add(lambda *_: time.sleep(0.2))
    thread, _ = server_thread(server)
    thread.send_hook("on_window_shown")
    thread.start()
    thread.ready.result(WAIT)
    wait_for(lambda: server.heard, "the hook", timeout=WAIT, interval=0.02)
    assert server.heard == ["on_window_shown"]
    thread.stop(WAIT, closing_hook="on_window_closed")


class FakeWindow:
    """pywebview's window, as far as the close handshake uses it (no GUI toolkit in this tier)."""

    def __init__(self) -> None:
        self.destroyed = threading.Event()
        self.events = types.SimpleNamespace(shown=threading.Event())

    def destroy(self) -> None:
        self.destroyed.set()


def running(answer: Any) -> tuple[ServerThread, AppServer]:
    server = app_server(f"closing_{answer}", on_window_closing=answer)
    thread, _ = server_thread(server)
    thread.start()
    thread.ready.result(WAIT)
    return thread, server


def test_the_app_can_veto_a_close_but_not_a_forced_one():
    thread, server = running(False)
    handshake = CloseHandshake(thread, PageLoads())
    handshake.attach(FakeWindow())
    assert handshake.on_closing() is False and not handshake.accepted.is_set()
    handshake.allow()
    assert handshake.on_closing() is True and handshake.accepted.is_set()
    assert server.heard == ["on_window_closing"]  # the forced close did not ask
    thread.stop(WAIT, closing_hook="on_window_closed")


def test_a_close_during_a_page_load_waits_for_it():
    thread, _ = running(True)
    loads = PageLoads()
    window = FakeWindow()
    handshake = CloseHandshake(thread, loads)
    handshake.attach(window)
    loads.started()
    assert handshake.on_closing() is False
    assert not window.destroyed.wait(0.2)
    loads.finished()
    assert window.destroyed.wait(WAIT)  # the deferred close goes through once the page is up
    assert handshake.on_closing() is True
    thread.stop(WAIT, closing_hook="on_window_closed")


def qt_window() -> Any:
    gui = types.ModuleType("webview.platforms.qt")
    gui.loaded = []
    gui.load_html = lambda html, base, uid: gui.loaded.append((html, base))
    return types.SimpleNamespace(gui=gui, uid="master")


PAGE = FirstPage(html="<p>", base_url="http://127.0.0.1:1/index.html",
                 bundle_url="http://127.0.0.1:1/__trame_desktop/main-A.js")


def test_with_a_first_page_the_server_starts_as_the_page_is_handed_to_the_web_view():
    thread, _ = server_thread(app_server("policy_first_page"))
    policy = StartPolicy(thread, early_url="http://127.0.0.1:1/index.html#secret=s", first_page=PAGE)
    policy.on_gui_started(qt_window())
    assert not thread.started  # the page comes first: the server starts with it
    window = qt_window()
    policy.before_show(window)
    assert window.gui.loaded == [("<p>", PAGE.base_url)]
    assert thread.started
    thread.ready.result(WAIT)
    thread.stop(WAIT, closing_hook="on_window_closed")


def test_without_a_first_page_the_server_starts_with_the_gui():
    thread, _ = server_thread(app_server("policy_gui"))
    policy = StartPolicy(thread, early_url="http://127.0.0.1:1/index.html")
    policy.on_gui_started(qt_window())
    policy.before_show(qt_window())  # no page to show: nothing more
    assert thread.started
    thread.ready.result(WAIT)
    thread.stop(WAIT, closing_hook="on_window_closed")
