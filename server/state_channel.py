"""Carries state between the shared ``State`` and the clients: server changes out, client changes in."""

from __future__ import annotations

import logging
from typing import Any

import msgpack

from .lifecycle import Lifecycle
from .state import State

__all__ = ["STATE_TOPIC", "StateChannel", "unserializable_keys"]

logger = logging.getLogger(__name__)

STATE_TOPIC = "trame.state.topic"


def unserializable_keys(values: dict[str, Any]) -> dict[str, str]:
    """The keys of ``values`` that msgpack cannot pack, each with why."""
    bad = {}
    for key, value in values.items():
        try:
            msgpack.packb(value)
        except Exception as error:  # msgpack raises TypeError, ValueError, OverflowError
            bad[key] = f"{type(error).__name__}: {error}"
    return bad


class StateChannel:
    """Publishes a root state's changes to the clients of the current run and applies theirs."""

    def __init__(self, lifecycle: Lifecycle) -> None:
        self._lifecycle = lifecycle

    def publish(self, values: dict[str, Any], skip_last_active_client: bool = False) -> None:
        """Send ``values`` to every client (but the one that sent them, with ``skip_last_active_client``);
        values that cannot be serialized are logged and left out."""
        endpoint = self._lifecycle.endpoint
        if endpoint is None or not values:
            return
        try:
            endpoint.publish(STATE_TOPIC, values, skip_last_active_client=skip_last_active_client)
        except (TypeError, ValueError, OverflowError):
            bad = unserializable_keys(values)
            for key, why in bad.items():
                logger.error("State value %r cannot be serialized (%s); not sent to clients", key, why)
            good = {k: v for k, v in values.items() if k not in bad}
            if good:
                endpoint.publish(STATE_TOPIC, good, skip_last_active_client=skip_last_active_client)

    def apply_client_changes(self, state: State, values: dict[str, Any]) -> None:
        """A client's edits: into ``state``, echoed to the other clients, then the change callbacks."""
        changed = state.apply_client_changes(values)
        if changed:
            self.publish(changed, skip_last_active_client=True)
        state.flush()
