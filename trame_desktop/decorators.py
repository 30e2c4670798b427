"""Method decorators for class-based apps (``@change``, ``@trigger``, ``@controller.set``, ``@life_cycle.*``), as trame's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from trame_desktop.app.component import CONTROLLER, STATE_CHANGE, TRIGGER_NAMES, bind_decorated_methods

__all__ = ["TrameApp", "change", "controller", "hot_reload", "life_cycle", "task", "trigger"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def _mark(function: Any, mark: str, values: list[Any]) -> None:
    function.__dict__.setdefault(mark, []).extend(values)


def task(func: Callable[..., Any]) -> Callable[..., Any]:
    """Calling the async function schedules it as a task whose errors are logged (as trame's)."""
    from trame_desktop.server.asynchronous import task as schedule

    return schedule(func)


def hot_reload(func: F) -> F:
    """Run ``func`` as its file defines it at each call (trame's ``@hot_reload``)."""
    from trame_desktop.server.utils.hot_reload import hot_reload as reloading

    return reloading(func)


def change(*keys: str) -> Callable[[F], F]:
    """Call the method with ``**state`` when any of ``keys`` changes."""

    def decorate(function: F) -> F:
        _mark(function, STATE_CHANGE, list(keys))
        return function

    return decorate


def trigger(*names: str) -> Callable[[F], F]:
    """Make the method callable from the client as ``trigger(name)``."""

    def decorate(function: F) -> F:
        _mark(function, TRIGGER_NAMES, list(names))
        return function

    return decorate


def _controller_decorator(method: str) -> Callable[..., Callable[[F], F]]:
    def on_names(*names: str) -> Callable[[F], F]:
        def decorate(function: F) -> F:
            _mark(function, CONTROLLER, [{"method": method, "name": name} for name in names])
            return function

        return decorate

    return on_names


class _Controller:
    """``@controller.set(name)``, ``.add``, ``.once``, ``.add_task``."""

    def __init__(self) -> None:
        self.set = _controller_decorator("set")
        self.add = _controller_decorator("add")
        self.once = _controller_decorator("once")
        self.add_task = _controller_decorator("add_task")


_LIFE_CYCLE = ("server_start", "server_bind", "server_ready", "client_connected", "client_exited",
               "server_exited", "server_reload", "error", "exception")


class _LifeCycle:
    """``@life_cycle.server_ready`` (added to ``ctrl.on_server_ready``), and ``..._task`` for async ones."""

    def __init__(self) -> None:
        for name in _LIFE_CYCLE:
            setattr(self, name, _controller_decorator("add")(f"on_{name}"))
            if name != "server_bind":
                setattr(self, f"{name}_task", _controller_decorator("add_task")(f"on_{name}"))

    def __getattr__(self, name: str) -> Any:  # the names set above, for the type checker
        raise AttributeError(name)


controller = _Controller()
life_cycle = _LifeCycle()


class TrameApp:
    """Class decorator: after ``__init__``, the decorated methods are bound to ``self.<server>``
    (and under ``self.<namespace>``-prefixed names too, when ``namespace`` names an attribute)."""

    def __init__(self, server: str = "server", namespace: str = "") -> None:
        self.server_attribute = server
        self.namespace_attribute = namespace

    def __call__(self, klass: type[T]) -> type[T]:
        original_init: Callable[..., None] = vars(klass).get("__init__", object.__init__)
        server_attribute, namespace_attribute = self.server_attribute, self.namespace_attribute

        @functools.wraps(original_init)
        def wrapped_init(instance: Any, *args: Any, **kwargs: Any) -> None:
            original_init(instance, *args, **kwargs)
            prefix = getattr(instance, namespace_attribute) if namespace_attribute else ""
            bind_decorated_methods(instance, getattr(instance, server_attribute), prefix or "")

        type.__setattr__(klass, "__init__", wrapped_init)  # the class's own, as trame's decorator does
        return klass
