"""``TrameComponent`` and ``TrameApp``: classes whose decorated methods bind themselves to a server."""

from __future__ import annotations

import inspect
import logging
from typing import Any, Literal

from trame_desktop.server import Server

__all__ = ["TrameApp", "TrameComponent", "bind_decorated_methods", "unbind_decorated_methods"]

log = logging.getLogger(__name__)

# The marks trame's (and our) method decorators leave on a function (trame_desktop.decorators).
STATE_CHANGE = "_trame_state_change"
TRIGGER_NAMES = "_trame_trigger_names"
CONTROLLER = "_trame_controller"


def _decorated_methods(instance: Any) -> list[Any]:
    methods = []
    for name, member in inspect.getmembers(type(instance), lambda x: inspect.isfunction(x) or inspect.ismethod(x)):
        marks = getattr(member, "__dict__", {})
        if STATE_CHANGE in marks or TRIGGER_NAMES in marks or CONTROLLER in marks:
            methods.append(getattr(instance, name))
    return methods


def bind_decorated_methods(instance: Any, server: Any, prefix: str = "") -> None:
    """Register each ``@change``, ``@trigger`` and ``@controller.*`` method of ``instance`` on
    ``server`` (with ``prefix`` also under the prefixed names, as trame's class decorator does)."""
    for method in _decorated_methods(instance):
        marks = method.__func__.__dict__
        for key in marks.get(STATE_CHANGE, ()):
            server.state.change(f"{prefix}{key}")(method)
        for trigger in marks.get(TRIGGER_NAMES, ()):
            server.trigger(trigger)(method)
            if prefix:
                server.trigger(f"{prefix}{trigger}")(method)
        for action in marks.get(CONTROLLER, ()):
            decorate = getattr(server.controller, action["method"])
            decorate(action["name"])(method)
            if prefix:
                decorate(f"{prefix}{action['name']}")(method)


def unbind_decorated_methods(instance: Any, server: Any) -> None:
    """Undo :func:`bind_decorated_methods`: the methods are no longer called by the server."""
    for method in _decorated_methods(instance):
        marks = method.__func__.__dict__
        if marks.get(STATE_CHANGE):
            server.state.remove_change_callback(method)
        if marks.get(TRIGGER_NAMES):
            server.controller.trigger_unregister(method)
        for action in marks.get(CONTROLLER, ()):
            server.controller[action["name"]].discard(method)


class TrameComponent:
    """A part of an app holding a server: ``server``, ``state``, ``ctrl``, ``ctx``, and its
    decorated methods bound on creation (``ctx_name`` also puts it in ``server.context``)."""

    def __init__(self, server: Server, ctx_name: str | None = None, **_: Any) -> None:
        self._server = server
        if ctx_name:
            self.ctx[ctx_name] = self
        self._bind_annotated_methods()

    @property
    def server(self) -> Server:
        return self._server

    @property
    def state(self) -> Any:
        return self._server.state

    @property
    def ctrl(self) -> Any:
        return self._server.controller

    @property
    def ctx(self) -> Any:
        return self._server.context

    def _bind_annotated_methods(self) -> None:
        bind_decorated_methods(self, self._server)

    def _unbind_annotated_methods(self) -> None:
        unbind_decorated_methods(self, self._server)


class TrameApp(TrameComponent):
    """An app as a class: its server is ``get_server(server, client_type=...)``."""

    def __init__(self, server: Server | str | None = None, client_type: Literal["vue2", "vue3"] = "vue3",
                 ctx_name: str | None = None, **_: Any) -> None:
        from trame_desktop.app import get_server

        super().__init__(get_server(server, client_type=client_type), ctx_name=ctx_name)
