"""trame's RPCs on a wslink ``ServerProtocol``: state get/update, triggers, lifecycle, errors."""

from __future__ import annotations

import hmac
import inspect
import logging
from typing import TYPE_CHECKING, Any

from wslink import register
from wslink.websocket import ServerProtocol

if TYPE_CHECKING:
    from .runtime import ServedApp
    from .state_channel import StateChannel

logger = logging.getLogger(__name__)

# Hooks the server fires itself from the websocket's life; a client asking again is ignored.
SERVER_FIRED_LIFECYCLE = {"client_connected", "client_exited", "server_ready", "server_start", "server_exited"}


class UnknownTriggerError(LookupError):
    """A client called a trigger name nobody registered."""


class TrameProtocol(ServerProtocol):
    """The RPC surface a trame client talks to, bound to one root ``Server``."""

    def __init__(self, server: ServedApp, channel: StateChannel, secret: str) -> None:
        self._server = server
        self._channel = channel
        super().__init__()
        self.updateSecret(secret)

    async def validateToken(self, token: Any, client_id: str) -> bool:
        secret = self.secret or ""
        return isinstance(token, str) and hmac.compare_digest(token.encode(), secret.encode())

    # -- state --------------------------------------------------------------------------
    @register("trame.state.get")
    def get_state(self) -> dict[str, Any]:
        return self._server.get_server_state()

    @register("trame.state.update")
    def update_state(self, changes: list[dict[str, Any]]) -> None:
        if not isinstance(changes, list):
            msg = "trame.state.update expects a list of {key, value}"
            raise TypeError(msg)
        values = {}
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("key"), str):
                msg = f"trame.state.update: malformed change {change!r}"
                raise TypeError(msg)
            values[change["key"]] = change.get("value")
        self._channel.apply_client_changes(self._server.state, values)

    @register("trame.force.push")
    def force_push(self, *keys: str) -> None:
        state = self._server.state
        self._channel.publish({k: state[k] for k in keys if isinstance(k, str)})

    # -- actions ------------------------------------------------------------------------
    @register("trame.trigger")
    async def trigger(self, name: str, args: list | None = None, kwargs: dict | None = None) -> Any:
        server = self._server
        func = server.controller.trigger_fn(name) if isinstance(name, str) else None
        if func is None:
            logger.warning("Client called unknown trigger %r", name)
            msg = f"Unknown trigger {name!r}"
            raise UnknownTriggerError(msg)
        try:
            with server.state:
                result = func(*(args or []), **(kwargs or {}))
            if inspect.isawaitable(result):
                result = await result
                server.state.flush()
        except Exception:
            logger.exception("Trigger %r raised", name)
            raise
        return result

    @register("trame.lifecycle.update")
    def lifecycle_update(self, name: str) -> None:
        if name in SERVER_FIRED_LIFECYCLE:
            return
        hook = self._server.controller[f"on_{name}"]
        if hook.exists():
            hook()

    @register("trame.error.client")
    def client_error(self, message: Any) -> None:
        hook = self._server.controller.on_error
        if hook.exists():
            hook(message)
        else:
            logger.error("Client error: %s", message)
