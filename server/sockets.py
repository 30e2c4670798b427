"""Binds a listening TCP socket; no aiohttp import, so a caller can bind before the web stack loads."""

from __future__ import annotations

import socket

from .addresses import LOOPBACK_HOST

__all__ = ["bind_socket"]


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind ``host:port`` now (``port=0`` picks a free one), so the port is known before serving.

    ``localhost`` binds 127.0.0.1 only: one socket, one port, whatever the resolver says.
    Connections that arrive before the server serves wait in the backlog, they are not refused.
    """
    address = LOOPBACK_HOST if host == "localhost" else host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        return socket.create_server((address, port), family=family, backlog=128)
    except OSError as error:
        msg = f"Cannot listen on {host}:{port}: {error.strerror or error}"
        raise OSError(error.errno, msg) from error
