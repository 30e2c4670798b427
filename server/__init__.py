"""The web-app server core: a trame-compatible ``Server`` on wslink and aiohttp."""

from typing import Any

from .controller import Controller, ControllerFunction, FunctionNotImplementedError
from .server import Server
from .state import State
from .translator import Translator
from .ui import VirtualNodeManager

__all__ = [
    "Client",
    "Controller",
    "ControllerFunction",
    "FunctionNotImplementedError",
    "Server",
    "State",
    "Translator",
    "VirtualNodeManager",
]


def __getattr__(name: str) -> Any:
    # The Python client loads aiohttp: imported when used, never on a desktop app's start-up path.
    if name == "Client":
        from .client import Client

        return Client
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
