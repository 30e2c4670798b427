"""Hot reload: with ``hot_reload`` on, state callbacks and controller functions run as their file defines them now."""

from __future__ import annotations

import importlib.util
import logging
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from trame_desktop.decorators import hot_reload as hot_reload_decorator
from trame_desktop.server import Controller, Server, State
from trame_desktop.server.utils.hot_reload import hot_reload, reload

V1 = '''
seen = []
LABEL = "module"


def on_count(count, **_):
    seen.append(("v1", count))


def answer(x):
    return ("v1", x)


class Base:
    def greet(self):
        return "base"


class Child(Base):
    def greet(self):
        return "v1+" + super().greet()


def outer(n):
    def inner():
        return ("v1", n)
    return inner
'''


def edited(source: str) -> str:
    return source.replace('"v1', '"v2')


@pytest.fixture
def module(tmp_path: Path) -> Iterator[tuple[types.ModuleType, Path]]:
    path = tmp_path / "reloaded_app.py"
    path.write_text(V1)
    spec = importlib.util.spec_from_file_location("reloaded_app", path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["reloaded_app"] = loaded
    spec.loader.exec_module(loaded)
    yield loaded, path
    sys.modules.pop("reloaded_app", None)


def test_reload_follows_the_file_and_keeps_the_modules_globals(module: tuple[types.ModuleType, Path]) -> None:
    app, path = module
    assert reload(app.answer)(1) == ("v1", 1)
    path.write_text(edited(V1).replace('return ("v2", x)', 'return ("v2", x, LABEL)'))
    assert reload(app.answer)(1) == ("v2", 1, "module")
    assert app.answer(1) == ("v1", 1)  # the module's own name is left alone


def test_methods_with_super_and_closures_reload(module: tuple[types.ModuleType, Path]) -> None:
    app, path = module
    child, inner = app.Child(), app.outer(7)
    path.write_text(edited(V1))
    assert reload(child.greet)() == "v2+base"
    assert reload(inner)() == ("v2", 7)


def test_a_broken_edit_is_logged_and_the_last_definition_runs(module: tuple[types.ModuleType, Path],
                                                              caplog: pytest.LogCaptureFixture) -> None:
    app, path = module
    path.write_text(edited(V1))
    assert reload(app.answer)(2) == ("v2", 2)
    path.write_text(V1.replace("def answer(x):", "def answer(x)"))
    with caplog.at_level(logging.ERROR):
        assert reload(app.answer)(2) == ("v2", 2)  # the last definition that loaded
    assert "hot reload of answer failed" in caplog.text
    path.write_text(edited(V1).replace('"v2', '"v3'))
    assert reload(app.answer)(2) == ("v3", 2)


def test_the_decorator_reloads_at_each_call(module: tuple[types.ModuleType, Path]) -> None:
    app, path = module
    for decorate in (hot_reload, hot_reload_decorator):
        wrapped = decorate(app.answer)
        path.write_text(V1)
        assert wrapped(3) == ("v1", 3)
        path.write_text(edited(V1))
        assert wrapped(3) == ("v2", 3)


@pytest.mark.parametrize("on", [True, False])
def test_state_callbacks_follow_the_file_only_when_hot_reload_is_on(module: tuple[types.ModuleType, Path],
                                                                   on: bool) -> None:
    app, path = module
    state = State(hot_reload=on, ready=True)
    state.change("count")(app.on_count)
    state.count = 1
    state.flush()
    path.write_text(edited(V1))
    state.count = 2
    state.flush()
    assert app.seen == [("v1", 1), ("v2" if on else "v1", 2)]


@pytest.mark.parametrize("on", [True, False])
def test_controller_functions_follow_the_file_only_when_hot_reload_is_on(module: tuple[types.ModuleType, Path],
                                                                        on: bool) -> None:
    app, path = module
    ctrl = Controller(hot_reload=on)
    ctrl.answer = app.answer
    ctrl.also.add(app.answer)
    path.write_text(edited(V1))
    expected = "v2" if on else "v1"
    assert ctrl.answer(4) == (expected, 4)
    assert ctrl.also(4) == [(expected, 4)]


def test_the_server_takes_trames_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Server("off").hot_reload is False
    assert Server("on", hot_reload=True).hot_reload is True
    monkeypatch.setenv("TRAME_HOT_RELOAD", "1")
    server = Server("env")
    assert server.hot_reload is True
    assert server.state._hot_reload is True  # what its callbacks are run with
    assert server.create_child_server(prefix="child_").hot_reload is True


def test_site_packages_and_lambdas_are_left_as_they_are() -> None:
    import msgpack

    assert reload(msgpack.packb) is msgpack.packb
    func = lambda: 1  # noqa: E731 - a lambda is the case under test
    assert reload(func) is func
    textwrap_func = textwrap.dedent
    assert reload(textwrap_func) is textwrap_func  # the standard library's file is not the app's
