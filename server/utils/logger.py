"""trame_server.utils.logger's twin: the human-readable log of state and events exchanged, for apps that write to it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "OUTPUT_LOG",
    "EscapeEncoder",
    "StateExchangeType",
    "action_c2s",
    "action_s2c",
    "error",
    "initial_state",
    "initialize_logger",
    "state_c2s",
    "state_exchange",
    "state_s2c",
]

#: The file written to (``log_network`` of :func:`initialize_logger`'s config); False: none.
OUTPUT_LOG: str | Literal[False] = False

_RULE = "-" * 60


class EscapeEncoder(json.JSONEncoder):
    """JSON for the log: bytes (images, binary arrays) are shown by their type, not their content."""

    def default(self, o: Any) -> Any:
        if isinstance(o, bytes):
            return str(type(o))
        return super().default(o)


class StateExchangeType:
    """The heading of each kind of record."""

    STATE_INITIAL = "----------- INITIAL STATE -----------\n"
    STATE_CLIENT_TO_SERVER = "----------- STATE: Client => Server -----------\n"
    STATE_SERVER_TO_CLIENT = "----------- STATE: Server => Client -----------\n"
    ACTION_CLIENT_TO_SERVER = "----------- EVENT: Client => Server -----------\n"
    ACTION_SERVER_TO_CLIENT = "----------- EVENT: Server => Client -----------\n"


def initialize_logger(config: dict[str, Any]) -> None:
    """Log to ``config["log_network"]`` (a path; falsy: no log), starting from an empty file."""
    global OUTPUT_LOG  # the module's switch, as trame's
    OUTPUT_LOG = str(config.get("log_network") or "") or False
    if OUTPUT_LOG:
        Path(OUTPUT_LOG).unlink(missing_ok=True)


def _append(text: str) -> None:
    if OUTPUT_LOG:
        with Path(OUTPUT_LOG).open("a", encoding="utf-8") as log:
            log.write(text)


def state_exchange(exchange: str, data: Any) -> None:
    """One record: its heading, ``data`` as indented JSON, a rule."""
    if OUTPUT_LOG:
        _append(f"{exchange}{json.dumps(data, indent=2, cls=EscapeEncoder)}\n{_RULE}\n")


def initial_state(data: Any) -> None:
    state_exchange(StateExchangeType.STATE_INITIAL, data)


def state_c2s(data: Any) -> None:
    state_exchange(StateExchangeType.STATE_CLIENT_TO_SERVER, data)


def state_s2c(data: Any) -> None:
    state_exchange(StateExchangeType.STATE_SERVER_TO_CLIENT, data)


def action_s2c(data: Any) -> None:
    state_exchange(StateExchangeType.ACTION_SERVER_TO_CLIENT, data)


def action_c2s(data: Any) -> None:
    state_exchange(StateExchangeType.ACTION_CLIENT_TO_SERVER, data)


def error(message: str) -> None:
    """Print ``message`` and add it to the log between rules."""
    print(f"Error: {message}", flush=True)
    _append(f"{_RULE}\nERROR: {message}\n{_RULE}\n")
