"""Binds the listening socket first, then serves an aiohttp application on it until stopped."""

from __future__ import annotations

import logging
import socket

from aiohttp import web

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 2.0  # bound on waiting for in-flight HTTP requests at stop


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind ``host:port`` now (``port=0`` picks a free one), so the port is known before serving.

    ``localhost`` binds 127.0.0.1 only: one socket, one port, whatever the resolver says.
    """
    address = "127.0.0.1" if host == "localhost" else host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        return socket.create_server((address, port), family=family, backlog=128)
    except OSError as error:
        msg = f"Cannot listen on {host}:{port}: {error.strerror or error}"
        raise OSError(error.errno, msg) from error


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
