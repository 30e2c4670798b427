"""Serves an aiohttp application on an already bound socket (see :mod:`.sockets`) until stopped, within limits."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable

from aiohttp import web

from .admission import Admission
from .limits import Limits
from .log_limit import RateLimitFilter
from .routes import ADMISSION, LIMITS

__all__ = ["WebServer"]

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 2.0  # bound on waiting for in-flight HTTP requests at stop

# Loggers a hostile client can make write once per frame or connection (asyncio logs each failed
# accept() with a traceback): their records are rate-limited while a server runs.
FLOODABLE_LOGGERS = (
    "asyncio",
    "aiohttp.server",
    "aiohttp.web",
    "aiohttp.websocket",
    "trame_desktop.server.websocket",
    "trame_desktop.server.security",
    "trame_desktop.server.admission",
    "wslink.protocol",
)


class WebServer:
    """An aiohttp application served on an already bound socket."""

    def __init__(self, app: web.Application, sock: socket.socket) -> None:
        self._app = app
        self._sock = sock
        self._runner: web.AppRunner | None = None
        self._server: asyncio.AbstractServer | None = None
        self._detach_log_filter: Callable[[], None] | None = None

    @property
    def app(self) -> web.Application:
        return self._app

    @property
    def port(self) -> int:
        return self._sock.getsockname()[1]

    async def start(self) -> None:
        limits = self._app.get(LIMITS) or Limits()
        self._detach_log_filter = RateLimitFilter(limits.log_burst, limits.log_window).attach(FLOODABLE_LOGGERS)
        runner = web.AppRunner(
            self._app,
            handle_signals=False,
            access_log=None,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            # aiohttp arms its keep-alive timer at accept, so it is also the deadline for the
            # first request's headers: no connection is held by half a request line for long.
            keepalive_timeout=limits.request_timeout,
            max_line_size=limits.max_line_size,
            max_field_size=limits.max_field_size,
        )
        await runner.setup()
        assert runner.server is not None  # set by setup()
        admission = self._app.get(ADMISSION) or Admission(limits.max_unauthenticated)
        # aiohttp's documented low-level serving (loop.create_server with the runner's protocol
        # factory), so each accepted connection can be counted against the cap first.
        self._server = await asyncio.get_running_loop().create_server(
            admission.protocol_factory(runner.server), sock=self._sock
        )
        self._runner = runner

    async def stop(self) -> None:
        """Close the listening socket and the application (idempotent)."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        self._sock.close()
        detach, self._detach_log_filter = self._detach_log_filter, None
        if detach is not None:
            detach()
