"""The controller: named, late-bound callbacks and the triggers clients may call."""

from __future__ import annotations

import itertools
import logging
import weakref
from collections.abc import Callable
from typing import Any

from .translator import Translator

logger = logging.getLogger(__name__)


class FunctionNotImplementedError(Exception):
    """A controller function was called before anything was bound to it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Nothing is bound to controller function {name!r}")
        self.name = name


def _call(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``func``; a ``weakref.WeakMethod`` is followed, and skipped (None) once its object is gone."""
    if isinstance(func, weakref.WeakMethod):
        method = func()
        return None if method is None else method(*args, **kwargs)
    return func(*args, **kwargs)


def _resolved(func: Any) -> Any:
    """``func``, or the method a ``weakref.WeakMethod`` points to (None once its object is gone)."""
    return func() if isinstance(func, weakref.WeakMethod) else func


class ControllerFunction:
    """A callable proxy: one main function (``ctrl.x = fn``) plus added ones (``ctrl.x.add``).

    Calling it calls the main function, then the added ones in order (those added with
    :meth:`once` only the first time), then schedules the :meth:`add_task` coroutine functions
    as tasks. It returns the main function's result alone, or a list when others exist.
    Any of them may be a ``weakref.WeakMethod``.
    """

    hot_reload: bool = False  # reload the functions from their source before each call

    def __init__(self, name: str, func: Callable | None = None, hot_reload: bool = False) -> None:
        self.name = name
        self.func = func
        self.funcs: list[Callable] = []
        self.funcs_once: list[Callable] = []
        self.task_funcs: list[Callable] = []
        self.can_be_empty = False
        self.hot_reload = hot_reload

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.func is None and not (self.funcs or self.funcs_once or self.task_funcs):
            if self.can_be_empty:
                return None
            raise FunctionNotImplementedError(self.name)
        added = [*self.funcs, *self.funcs_once]
        self.funcs_once.clear()
        main = self.func
        if self.hot_reload:  # the functions as their files define them now (tasks are not reloaded, as in trame)
            from .utils.hot_reload import reload  # only a hot-reloading server loads it

            main = reload(_resolved(main)) if main is not None else None
            added = [f for f in (reload(_resolved(f)) for f in added) if f is not None]
        result = _call(main, *args, **kwargs) if main is not None else None
        results = [_call(f, *args, **kwargs) for f in added]
        if self.task_funcs:
            from .asynchronous import create_task  # asyncio: loaded with the server's loop

            for task_func in list(self.task_funcs):
                coroutine = _call(task_func, *args, **kwargs)
                if coroutine is not None:
                    results.append(create_task(coroutine))
        if self.func is None:
            return results
        return [result, *results] if results else result

    def add(self, func: Callable) -> Callable:
        """Call ``func`` too when this function is called (once, in the order added)."""
        if func not in self.funcs:
            self.funcs.append(func)
        return func

    def once(self, func: Callable) -> Callable:
        """Call ``func`` at the next call only."""
        if func not in self.funcs_once:
            self.funcs_once.append(func)
        return func

    def add_task(self, func: Callable) -> Callable:
        """Schedule the coroutine function ``func`` as a task at every call."""
        if func not in self.task_funcs:
            self.task_funcs.append(func)
        return func

    def discard(self, func: Callable) -> None:
        """Forget ``func`` wherever it is bound (no error if it is not)."""
        if self.func == func:
            self.func = None
        for bound in (self.funcs, self.funcs_once, self.task_funcs):
            if func in bound:
                bound.remove(func)

    def remove(self, func: Callable) -> None:
        """Forget the added ``func``; ValueError if it was not added."""
        self.funcs.remove(func)

    def remove_task(self, func: Callable) -> None:
        """Forget the task function ``func``; ValueError if it was not added."""
        self.task_funcs.remove(func)

    def clear(self, set_only: bool = False) -> None:
        """Forget every bound function; with ``set_only``, keep the main one and forget the added
        ones (trame's meaning: the set of added functions)."""
        if not set_only:
            self.func = None
        self.funcs.clear()
        self.funcs_once.clear()
        self.task_funcs.clear()

    def exists(self) -> bool:
        """True when calling it would call something."""
        return self.func is not None or bool(self.funcs or self.funcs_once or self.task_funcs)

    def enable_empty(self, value: bool = True) -> ControllerFunction:
        """Let a call with nothing bound return None instead of raising."""
        self.can_be_empty = value
        return self

    def __repr__(self) -> str:
        return f"<ControllerFunction {self.name} func={self.func!r} added={len(self.funcs)}>"


class _Registry:
    """What a root controller and its children share."""

    def __init__(self) -> None:
        self.functions: dict[str, ControllerFunction] = {}
        self.triggers: dict[str, Callable] = {}
        self.trigger_names: dict[Callable, str] = {}
        self.counter = itertools.count(1)


class Controller:
    """Container of controller functions: ``ctrl.name = fn``, ``ctrl.name()``, ``@ctrl.add(name)``."""

    _translator: Translator
    _registry: _Registry
    _hot_reload: bool

    def __init__(self, translator: Translator | None = None, internal: Controller | None = None,
                 hot_reload: bool = False) -> None:
        object.__setattr__(self, "_translator", translator or Translator())
        object.__setattr__(self, "_registry", internal._registry if internal is not None else _Registry())
        object.__setattr__(self, "_hot_reload", hot_reload)

    # -- functions ----------------------------------------------------------------------
    def __getattr__(self, name: str) -> ControllerFunction:
        if name.startswith("__"):
            raise AttributeError(name)
        key = self._translator.translate_key(name)
        functions = self._registry.functions
        if key not in functions:
            functions[key] = ControllerFunction(key, hot_reload=self._hot_reload)
        return functions[key]

    def __setattr__(self, name: str, func: Callable | None) -> None:
        if hasattr(type(self), name):
            msg = f"'{name}' is a method of Controller and cannot be re-assigned"
            raise NameError(msg)
        self.__getattr__(name).func = func

    __getitem__ = __getattr__
    __setitem__ = __setattr__

    def set(self, name: str, clear: bool = False) -> Callable[[Callable], Callable]:
        """Decorator: make the function the main one of ``ctrl.<name>``."""

        def register(func: Callable) -> Callable:
            target = self[name]
            if clear:
                target.clear()
            target.func = func
            return func

        return register

    def once(self, name: str) -> Callable[[Callable], Callable]:
        """Decorator: call the function at the next call of ``ctrl.<name>`` only."""

        def register(func: Callable) -> Callable:
            self[name].once(func)
            return func

        return register

    def add_task(self, name: str, clear: bool = False) -> Callable[[Callable], Callable]:
        """Decorator: schedule the coroutine function as a task at every call of ``ctrl.<name>``."""

        def register(func: Callable) -> Callable:
            target = self[name]
            if clear:
                target.clear()
            target.add_task(func)
            return func

        return register

    def add(self, name: str, clear: bool = False) -> Callable[[Callable], Callable]:
        """Decorator: add the function to those ``ctrl.<name>`` calls."""

        def register(func: Callable) -> Callable:
            target = self[name]
            if clear:
                target.clear()
            target.add(func)
            return func

        return register

    # -- triggers -----------------------------------------------------------------------
    def trigger(self, name: str) -> Callable[[Callable], Callable]:
        """Decorator: make the function callable from the client as ``trigger(name)``."""
        if not name.startswith("trigger__"):
            name = self._translator.translate_key(name)

        def register(func: Callable) -> Callable:
            self._registry.triggers[name] = func
            self._registry.trigger_names.setdefault(func, name)
            return func

        return register

    def trigger_name(self, fn: Callable) -> str:
        """Register ``fn`` as a trigger if it is not one yet; return its name."""
        registry = self._registry
        if fn in registry.trigger_names:
            return registry.trigger_names[fn]
        name = f"trigger__{next(registry.counter)}"
        self.trigger(name)(fn)
        return name

    def trigger_fn(self, name: str) -> Callable | None:
        """The function registered under trigger ``name`` (wire name), or None."""
        return self._registry.triggers.get(name)

    def trigger_unregister(self, fn_or_name: Callable | str) -> Callable | str | bool:
        """Forget a trigger, given its function or its name; return the other one (the name for a
        function, the function for a name), or False if it was not registered."""
        registry = self._registry
        if not isinstance(fn_or_name, str) and fn_or_name in registry.trigger_names:
            name = registry.trigger_names.pop(fn_or_name)
            registry.triggers.pop(name, None)
            return name
        if isinstance(fn_or_name, str) and fn_or_name in registry.triggers:
            func = registry.triggers.pop(fn_or_name)
            registry.trigger_names.pop(func, None)
            return func
        return False
