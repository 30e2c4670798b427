"""The web-app server core: a trame-compatible ``Server`` on wslink and aiohttp."""

from .controller import Controller, ControllerFunction, FunctionNotImplementedError
from .server import Server
from .state import State
from .translator import Translator
from .ui import VirtualNodeManager

__all__ = [
    "Controller",
    "ControllerFunction",
    "FunctionNotImplementedError",
    "Server",
    "State",
    "Translator",
    "VirtualNodeManager",
]
