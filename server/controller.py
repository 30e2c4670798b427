"""The controller: named, late-bound callbacks and the triggers clients may call."""

from __future__ import annotations

import inspect
import itertools
import logging
from collections.abc import Callable
from typing import Any

from .translator import Translator

logger = logging.getLogger(__name__)


class FunctionNotImplementedError(Exception):
    """A controller function was called before anything was bound to it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Nothing is bound to controller function {name!r}")
        self.name = name


class ControllerFunction:
    """A callable proxy: one main function (``ctrl.x = fn``) plus added ones (``ctrl.x.add``).

    Calling it calls the main function, then the added ones in order. It returns the main
    function's result alone, or a list when added functions exist.
    """

    def __init__(self, name: str, func: Callable | None = None) -> None:
        self.name = name
        self.func = func
        self.funcs: list[Callable] = []
        self.can_be_empty = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.func is None and not self.funcs:
            if self.can_be_empty:
                return None
            raise FunctionNotImplementedError(self.name)
        result = self.func(*args, **kwargs) if self.func is not None else None
        added = [f(*args, **kwargs) for f in list(self.funcs)]
        if self.func is None:
            return added
        return [result, *added] if added else result

    async def call_async(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every bound function, awaiting those that are async; return all results."""
        results = []
        for func in [f for f in (self.func,) if f is not None] + list(self.funcs):
            result = func(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            results.append(result)
        return results

    def add(self, func: Callable) -> Callable:
        """Call ``func`` too when this function is called (once, in the order added)."""
        if func not in self.funcs:
            self.funcs.append(func)
        return func

    def discard(self, func: Callable) -> None:
        if func in self.funcs:
            self.funcs.remove(func)
        if self.func is func:
            self.func = None

    remove = discard

    def clear(self, set_only: bool = False) -> None:
        self.func = None
        if not set_only:
            self.funcs.clear()

    def exists(self) -> bool:
        """True when calling it would call something."""
        return self.func is not None or bool(self.funcs)

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

    def __init__(self, translator: Translator | None = None, internal: Controller | None = None) -> None:
        object.__setattr__(self, "_translator", translator or Translator())
        object.__setattr__(self, "_registry", internal._registry if internal is not None else _Registry())

    # -- functions ----------------------------------------------------------------------
    def __getattr__(self, name: str) -> ControllerFunction:
        if name.startswith("__"):
            raise AttributeError(name)
        key = self._translator.translate_key(name)
        functions = self._registry.functions
        if key not in functions:
            functions[key] = ControllerFunction(key)
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

    def trigger_unregister(self, fn_or_name: Callable | str) -> bool:
        registry = self._registry
        name = registry.trigger_names.pop(fn_or_name, None) if callable(fn_or_name) else fn_or_name
        func = registry.triggers.pop(name, None) if name else None
        if func is not None:
            registry.trigger_names.pop(func, None)
        return func is not None
