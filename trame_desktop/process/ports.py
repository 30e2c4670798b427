"""Keep the app's web origin stable across launches, so its web storage (localStorage, cookies) survives.

The page's origin is ``http://127.0.0.1:<port>``; a new random port each launch would be a new
origin with empty storage. The last launch's port is reused when it is free, else any port.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trame_desktop.server.addresses import LOOPBACK_HOST

from .json_files import write_json_atomically
from .state_files import int_field, read_state_file

__all__ = ["is_free", "remember_port", "saved_port"]

log = logging.getLogger(__name__)


def is_free(port: int, host: str = LOOPBACK_HOST) -> bool:
    """True when ``port`` can be bound on ``host`` now (0 always can)."""
    if port == 0:
        return True
    try:
        # create_server sets SO_REUSEADDR as the server does, so a port in TIME_WAIT counts as free
        socket.create_server((host, port)).close()
    except OSError:
        log.info("last launch's port %s is taken: using a new one (web storage starts empty)", port)
        return False
    return True


def _port(data: Mapping[str, Any]) -> int:
    return int_field(data, "port", 1, 65535)


def saved_port(path: Path) -> int:
    """The port saved in ``path`` by the last launch, else 0 (let the system choose); a broken file
    is set aside (see :func:`~trame_desktop.process.state_files.read_state_file`). Not probed: a
    host that binds it itself falls back to 0 when it is taken (see :func:`is_free`)."""
    port = read_state_file(path, _port, "port")
    # a privileged port is a valid port but not one this user's server can bind again
    return port if port is not None and port >= 1024 else 0


def remember_port(path: Path, port: int) -> None:
    """Save ``port`` for the next launch (atomic write)."""
    try:
        write_json_atomically(path, {"port": port})
    except OSError:
        log.warning("could not save the port to %s", path, exc_info=True)
