"""The headers every HTTP response carries: a Content-Security-Policy that fits the client, and no banner."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from aiohttp import web

from .csp import content_security_policy, page_policy

__all__ = ["content_security_policy", "inline_script_hashes", "protective_headers"]

SERVER_NAME = "trame-desktop"  # replaces aiohttp's "Python/x.y aiohttp/x.y.z" banner

# Inline <script> blocks that run (no src, no data type such as application/json).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def inline_script_hashes(page: Path) -> list[str]:
    """CSP hash sources for the inline scripts of ``page`` (e.g. trame's client has one)."""
    try:
        html = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    hashes = []
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return hashes


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
