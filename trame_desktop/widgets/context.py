"""The ``with widget:`` stack: which element (and layout) new widgets attach to."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol


class Parent(Protocol):
    """Anything widgets can be added to inside a ``with`` block."""

    @property
    def server(self) -> Any: ...

    def add_child(self, child: Any) -> Any: ...


_parents: ContextVar[tuple[Parent, ...]] = ContextVar("trame_desktop_parents", default=())
_layouts: ContextVar[tuple[Any, ...]] = ContextVar("trame_desktop_layouts", default=())


def current_parent() -> Parent | None:
    """The innermost open ``with`` target, if any."""
    parents = _parents.get()
    return parents[-1] if parents else None


def push(parent: Parent) -> None:
    _parents.set((*_parents.get(), parent))


def pop(parent: Parent) -> None:
    """Closes ``parent`` (and anything left open inside it)."""
    parents = _parents.get()
    if parent in parents:
        _parents.set(parents[: len(parents) - 1 - parents[::-1].index(parent)])


def current_layout() -> Any | None:
    """The innermost layout whose ``with`` block is open, if any."""
    layouts = _layouts.get()
    return layouts[-1] if layouts else None


def push_layout(layout: Any) -> None:
    _layouts.set((*_layouts.get(), layout))


def pop_layout(layout: Any) -> None:
    layouts = _layouts.get()
    if layout in layouts:
        _layouts.set(layouts[: len(layouts) - 1 - layouts[::-1].index(layout)])


@contextmanager
def detached() -> Iterator[None]:
    """Widgets built here attach to no open ``with`` block (a layout's own skeleton)."""
    parents_token = _parents.set(())
    layouts_token = _layouts.set(())
    try:
        yield
    finally:
        _layouts.reset(layouts_token)
        _parents.reset(parents_token)
