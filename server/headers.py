"""The headers every HTTP response carries: a Content-Security-Policy that fits the client, and no banner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from aiohttp import web

from .csp import content_security_policy, inline_script_hashes, page_policy

__all__ = ["content_security_policy", "inline_script_hashes", "protective_headers"]

SERVER_NAME = "trame-desktop"  # replaces aiohttp's "Python/x.y aiohttp/x.y.z" banner

def protective_headers(
    policy: str, app_headers: Mapping[str, str] | None = None
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An ``on_response_prepare`` callback: runs for every response, errors and the upgrade included.

    ``app_headers`` (the app's ``server.http_headers.headers``, read at each response) come
    last, so an app that needs another policy (say, a CDN in ``script-src``) sets its own.
    """

    async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        headers["Content-Security-Policy"] = page_policy(policy, request.host)
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Server"] = SERVER_NAME
        if app_headers:
            headers.update(app_headers)

    return on_prepare
