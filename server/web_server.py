"""Serves an aiohttp application on an already bound socket (see :mod:`.sockets`) until stopped."""

from __future__ import annotations

import logging
import socket

from aiohttp import web

__all__ = ["WebServer"]

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 2.0  # bound on waiting for in-flight HTTP requests at stop


class WebServer:
    """An aiohttp application served on an already bound socket."""

    def __init__(self, app: web.Application, sock: socket.socket) -> None:
        self._app = app
        self._sock = sock
        self._runner: web.AppRunner | None = None

    @property
    def app(self) -> web.Application:
        return self._app

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    async def start(self) -> None:
        runner = web.AppRunner(self._app, handle_signals=False, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        await web.SockSite(runner, self._sock).start()
        self._runner = runner

    async def stop(self) -> None:
        """Close the listening socket and the application (idempotent)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        self._sock.close()
