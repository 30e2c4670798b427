"""Who may talk to this server: the Host of every request and the Origin of a handshake, checked against our own."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from .addresses import LOOPBACK_NAMES, is_loopback, is_wildcard

logger = logging.getLogger(__name__)


def own_hosts(host: str, port: int) -> set[str]:
    """The ``host:port`` values under which a client may reach this server."""
    names = {host, *LOOPBACK_NAMES} if is_loopback(host) else {host}
    if is_wildcard(host):
        return set()  # listening everywhere: any Host, same-origin still enforced below
    return {f"{name}:{port}" for name in names}


def host_allowed(request: web.BaseRequest, allowed: set[str]) -> str | None:
    """Return why the request's Host is refused, or None: DNS rebinding gets no page, file or socket."""
    host = request.headers.get("Host", "")
    if allowed and host not in allowed:
        return f"Host {host!r} is not this server"
    return None


def host_check(allowed: Callable[[], set[str]]) -> Any:
    """A middleware that answers 403 to any request whose Host is not one of ``allowed()``."""

    @web.middleware
    async def middleware(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        refusal = host_allowed(request, allowed())
        if refusal:
            logger.warning("Refused %s %s from %s: %s", request.method, request.path, request.remote, refusal)
            raise web.HTTPForbidden(text=refusal)
        return await handler(request)

    return middleware


def handshake_allowed(request: web.Request, allowed: set[str]) -> str | None:
    """Return why the handshake is refused, or None when it may proceed.

    - The Host header must be one of ours (defeats DNS rebinding), unless we listen everywhere.
    - A browser sends Origin: it must be this very server (scheme-less compare of host:port).
      Clients that send no Origin (scripts, the desktop shell's tests) rely on the secret.
    """
    refusal = host_allowed(request, allowed)
    if refusal:
        return refusal
    host = request.headers.get("Host", "")
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"Origin {origin!r} is not this server"
    if parts.netloc != host and parts.netloc not in allowed:
        return f"Origin {origin!r} is not this server"
    return None
