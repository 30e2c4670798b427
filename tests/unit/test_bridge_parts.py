"""The bridge's parts (trame_desktop/shell/) with a fake server and a fake window: each part's invariant."""

from __future__ import annotations

import asyncio
import threading
import types
from pathlib import Path
from typing import Any

import pytest

from tests.support.waits import wait_for
from trame_desktop.shell.close_handshake import CloseHandshake
from trame_desktop.shell.first_page import BundleRecord, FirstPage
from trame_desktop.shell.page_loads import PageLoads
from trame_desktop.shell.server_thread import ServerThread
from trame_desktop.shell.start_policy import StartPolicy

WAIT = 10.0


class Ready(list):
    def add(self, fn: Any) -> None:
        self.append(fn)


class FakeServer:
    """The seed API the shell uses: controller hooks, start (blocking, its own loop), stop, port."""

    def __init__(self, ready_delay: float = 0.0, fail: BaseException | None = None) -> None:
        self.controller = types.SimpleNamespace(on_server_ready=Ready())
        self.port = 41234
        self.starts = 0
        self.heard: list[str] = []
        self.ready_delay = ready_delay
        self.fail = fail
        self._stop: asyncio.Event | None = None

    def hook(self, name: str, answer: Any = None) -> None:
        def fn() -> Any:
            self.heard.append(name)
            return answer

        setattr(self.controller, name, fn)

    def run(self) -> None:
        self.starts += 1
        if self.fail is not None:
            raise self.fail

        async def main() -> None:
            self._stop = asyncio.Event()
            await asyncio.sleep(self.ready_delay)
            for fn in self.controller.on_server_ready:
                fn()
            await self._stop.wait()

        asyncio.run(main())

    async def stop(self) -> None:
        self.heard.append("stop")
        assert self._stop is not None
        self._stop.set()


class FakeHost:
    def __init__(self, server: FakeServer) -> None:
        self.server = server
        self.secret = "s"

    def bind(self) -> int | None:
        return None

    def run(self) -> None:
        self.server.run()

    def page_url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}/index.html#secret=s"


def server_thread(server: FakeServer) -> tuple[ServerThread, threading.Event]:
    ended = threading.Event()
    return ServerThread(FakeHost(server), on_exit=ended.set), ended


def test_the_server_starts_once_and_stops_after_the_closing_hook():
    server = FakeServer()
    server.hook("on_window_closed")
    thread, ended = server_thread(server)
    thread.start()
    thread.start()
    assert thread.ready.result(WAIT) == "http://127.0.0.1:41234/index.html#secret=s"
    assert thread.serving
    assert thread.stop(WAIT, closing_hook="on_window_closed") is True
    assert ended.wait(WAIT) and server.starts == 1
    assert server.heard == ["on_window_closed", "stop"]
    thread.start()
    assert server.starts == 1  # never again once stopped


def test_a_server_refused_before_it_started_never_starts():
    server = FakeServer()
    thread, _ = server_thread(server)
    thread.refuse_start()
    thread.start()
    assert not thread.started and server.starts == 0
    assert thread.stop(WAIT, closing_hook="on_window_closed") is True


def test_a_stop_while_starting_stops_the_server_once_ready():
    server = FakeServer(ready_delay=0.3)
    server.hook("on_window_closed")
    thread, ended = server_thread(server)
    thread.start()
    thread.stop(0.05, closing_hook="on_window_closed")  # not ready yet: the stop waits for it
    assert ended.wait(WAIT)
    assert server.heard == ["on_window_closed", "stop"]
    assert thread.ready.cancelled()


def test_a_crash_is_kept_and_fails_the_ready_future():
    server = FakeServer(fail=RuntimeError("broken on purpose"))
    thread, ended = server_thread(server)
    thread.start()
    assert ended.wait(WAIT)
    assert isinstance(thread.crash, RuntimeError) and "broken on purpose" in (thread.crash_text or "")
    with pytest.raises(RuntimeError):
        thread.ready.result(WAIT)


def test_hooks_sent_before_ready_arrive_once_ready():
    server = FakeServer(ready_delay=0.2)
    server.hook("on_window_shown")
    thread, _ = server_thread(server)
    thread.send_hook("on_window_shown")
    thread.start()
    thread.ready.result(WAIT)
    wait_for(lambda: server.heard, "the hook", timeout=WAIT, interval=0.02)
    assert server.heard == ["on_window_shown"]
    thread.stop(WAIT, closing_hook="on_window_closed")


class FakeWindow:
    def __init__(self) -> None:
        self.destroyed = threading.Event()
        self.events = types.SimpleNamespace(shown=threading.Event())

    def destroy(self) -> None:
        self.destroyed.set()


def running(answer: Any) -> tuple[ServerThread, FakeServer]:
    server = FakeServer()
    server.hook("on_window_closing", answer)
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


class CountingThread:
    def __init__(self) -> None:
        self.starts = 0
        self.started = False

    def start(self) -> None:
        self.starts += 1
        self.started = True


PAGE = FirstPage(html="<p>", base_url="http://127.0.0.1:1/index.html",
                 bundle_url="http://127.0.0.1:1/__trame_desktop/main-A.js")


@pytest.mark.parametrize("cached", [False, True])
def test_with_a_first_page_the_server_starts_at_show_or_once_the_cached_page_loads(tmp_path: Path, cached: bool):
    record = BundleRecord(tmp_path / "client.json")
    if cached:
        record.remember(PAGE.bundle_url)
    thread = CountingThread()
    policy = StartPolicy(thread, early_url="http://127.0.0.1:1/index.html#secret=s",
                         first_page=PAGE, record=record)
    window = qt_window()
    policy.before_show(window)
    assert window.gui.loaded == [("<p>", PAGE.base_url)]
    assert thread.starts == (0 if cached else 1)
    policy.before_load()
    policy.loaded()
    assert thread.started
    assert record.holds(PAGE.bundle_url)


def test_without_a_first_page_the_server_starts_with_the_gui():
    thread = CountingThread()
    policy = StartPolicy(thread, early_url="http://127.0.0.1:1/index.html")
    policy.on_gui_started(qt_window())
    policy.before_show(qt_window())  # no page to show: nothing more
    assert thread.starts == 1
