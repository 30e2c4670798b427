"""Drive a remote trame app from Python: its shared state kept in sync, and its triggers called (trame's ``Client``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from .asynchronous import create_task
from .secret import DEFAULT_SECRET
from .state import State
from .translator import Translator
from .wslink_client import WslinkClient

__all__ = ["Client", "ConnectionStatus"]

STATE_TOPIC = "trame.state.topic"


class ConnectionStatus(IntEnum):
    DISCONNECTED = 0
    CONNECTING = 1
    CONNECTED = 2


class Client:
    """A Python stand-in for a browser on a trame server.

    ``await client.connect()`` connects, authenticates with ``config["secret"]`` and then serves
    the connection until it closes; run it as a task. ``client.state`` follows the server's
    pushes (and ``@client.change`` callbacks run for them); what the app writes into it is sent
    to the server. ``await client.call_trigger(name, args, kwargs)`` calls a trigger.
    """

    def __init__(self, url: str | None = None, config: dict[str, Any] | None = None,
                 translator: Translator | None = None, hot_reload: bool = False) -> None:
        self._url = url
        self._config = dict(config or {})
        self.hot_reload = hot_reload
        self._connected = ConnectionStatus.DISCONNECTED
        self._link: WslinkClient | None = None
        self._sending: set[asyncio.Task[Any]] = set()
        self._state = State(translator, commit_fn=self._push_state, hot_reload=hot_reload)

    @property
    def connected(self) -> ConnectionStatus:
        return self._connected

    @property
    def state(self) -> State:
        return self._state

    @property
    def change(self) -> Callable[..., Callable[..., Any]]:
        """``@client.change(*keys)``: called with ``**state`` when the keys change."""
        return self._state.change

    async def connect(self, url: str | None = None, **config: Any) -> None:
        """Connect and serve the connection until it closes; raises if it cannot connect or the
        secret is refused. A call while connected (or connecting) returns at once."""
        if self._connected != ConnectionStatus.DISCONNECTED:
            return
        target = url or self._url
        if target is None:
            msg = "Client.connect: no URL (give it here or to Client(url=...))"
            raise ValueError(msg)
        self._connected = ConnectionStatus.CONNECTING
        settings = {**self._config, **config}
        link = WslinkClient(target, secret=settings.get("secret", DEFAULT_SECRET))
        try:
            await link.connect()
            link.subscribe(STATE_TOPIC, self._on_state_update)
            self._link = link
            self._state.ready()
            self._connected = ConnectionStatus.CONNECTED
            await link.closed.wait()
        finally:
            self._link = None
            self._connected = ConnectionStatus.DISCONNECTED
            await link.close()

    async def disconnect(self) -> None:
        link = self._link
        if link is not None:
            await link.close()

    async def call_trigger(self, name: str, args: list[Any] | None = None, kwargs: dict[str, Any] | None = None) -> Any:
        """Call the server's trigger ``name``; its result. ConnectionError when not connected."""
        link = self._link
        if link is None or self._connected != ConnectionStatus.CONNECTED:
            msg = f"Client is not connected (status: {self._connected.name})"
            raise ConnectionError(msg)
        return await link.call("trame.trigger", name, list(args or []), dict(kwargs or {}))

    # -- state ------------------------------------------------------------------------------
    def _on_state_update(self, values: Any) -> None:
        # Taken as a client's changes: the callbacks run, nothing is echoed back to the server.
        if isinstance(values, dict):
            self._state.apply_client_changes(values)
            self._state.flush()

    def _push_state(self, values: dict[str, Any]) -> None:
        link = self._link
        if link is None or link.client_id is None:
            return
        delta = []
        for key, value in values.items():
            if isinstance(value, dict) and "_filter" in value:  # trame's: send all but the listed keys
                skipped = set(value["_filter"])
                value = {k: v for k, v in value.items() if k not in skipped}
            delta.append({"key": key, "value": value})
        sending = create_task(link.call("trame.state.update", delta))
        self._sending.add(sending)
        sending.add_done_callback(self._sending.discard)
