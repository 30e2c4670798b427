"""trame_desktop.launcher.start_takeover: a main-thread start() is the launcher's; others go through."""

from __future__ import annotations

import sys
import threading
import types

from trame_desktop.launcher.start_takeover import StartInterceptor


def fake_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)

    class Server:
        def start(self, **kwargs):
            return ("original", kwargs)

    module.Server = Server
    return module


def test_main_thread_start_is_taken_over_and_put_back(monkeypatch):
    module = fake_module("fake_server_mod")
    monkeypatch.setitem(sys.modules, "fake_server_mod", module)
    taken = []
    interceptor = StartInterceptor(lambda server, kwargs: taken.append(kwargs) or "shell",
                                   classes=(("fake_server_mod", "Server"),))
    server = module.Server()
    with interceptor.active():
        assert server.start(title="T") == "shell"
        assert server.start(thread=True) == ("original", {"thread": True})  # how the shell starts it
        assert server.start(exec_mode="task") == ("original", {"exec_mode": "task"})
        results = []
        worker = threading.Thread(target=lambda: results.append(server.start()))
        worker.start()
        worker.join()
        assert results == [("original", {})]  # only the main thread's start is the app's own
    assert taken == [{"title": "T"}]
    assert server.start() == ("original", {})
