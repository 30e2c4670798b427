"""Who may open the websocket: the Host and Origin of a handshake checked against our own."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from .addresses import LOOPBACK_NAMES, is_loopback, is_wildcard


def own_hosts(host: str, port: int) -> set[str]:
    """The ``host:port`` values under which a client may reach this server."""
    names = {host, *LOOPBACK_NAMES} if is_loopback(host) else {host}
    if is_wildcard(host):
        return set()  # listening everywhere: any Host, same-origin still enforced below
    return {f"{name}:{port}" for name in names}


def handshake_allowed(request: web.Request, allowed: set[str]) -> str | None:
    """Return why the handshake is refused, or None when it may proceed.

    - The Host header must be one of ours (defeats DNS rebinding), unless we listen everywhere.
    - A browser sends Origin: it must be this very server (scheme-less compare of host:port).
      Clients that send no Origin (scripts, the desktop shell's tests) rely on the secret.
    """
    host = request.headers.get("Host", "")
    if allowed and host not in allowed:
        return f"Host {host!r} is not this server"
    origin = request.headers.get("Origin")
    if origin is None:
        return None
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return f"Origin {origin!r} is not this server"
    if parts.netloc != host and parts.netloc not in allowed:
        return f"Origin {origin!r} is not this server"
    return None
