"""Starts the server once a request for it waits in its bound socket's backlog, if that comes before the page's load.

When the first page can paint without the server (start_policy.py), the server starts at the page's
load. But the load waits for the page's files, and a file the app serves itself (an image in its
layout, a font) waits for the server: the page would load only when the start policy's fallback
timer ran out. The listening socket is bound before the window opens, so a request the page makes
waits in its backlog; a readable listening socket means exactly that, and the server starts then.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
from collections.abc import Callable

__all__ = ["start_when_requested"]

log = logging.getLogger(__name__)


def start_when_requested(sock: socket.socket, started: Callable[[], bool], start: Callable[[], None],
                         within: float) -> None:
    """Call ``start()`` as soon as a connection waits on the listening ``sock`` (within ``within``
    seconds, unless ``started()`` already); from a daemon thread, which never accepts the connection."""

    def watch() -> None:
        try:
            waiting, _, _ = select.select([sock], [], [], within)
        except (OSError, ValueError):  # the socket closed meanwhile: the server has been and gone
            return
        if waiting and not started():
            log.info("the page asked the server for a file or its session before its load: starting the server")
            start()

    threading.Thread(target=watch, name="first-request", daemon=True).start()
