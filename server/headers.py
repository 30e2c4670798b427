"""The headers every HTTP response carries: a Content-Security-Policy that fits the client, and no banner."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

from aiohttp import web

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


def content_security_policy(script_hashes: list[str] | None = None, inline_scripts: bool = False) -> str:
    """The policy for pages of this server, without its ``connect-src`` websocket origin.

    - scripts only from this server; 'unsafe-eval' because layouts are Vue templates compiled
      in the page and ``trame__vue_use`` entries are JavaScript expressions; with
      ``inline_scripts`` (trame's own client, whose widgets such as ``client.Script`` and
      ``client.JSEval`` add inline scripts) also 'unsafe-inline', which browsers ignore when a
      hash is listed, so no hash then;
    - inline styles, since the page's own ``<style>`` and widget libraries inject them;
    - images, fonts and media also from ``data:``/``blob:`` (favicons, rendered views);
    - no plugins, no framing by any page (clickjacking), forms and ``<base>`` to this server.
    """
    sources = ["'unsafe-inline'"] if inline_scripts else list(script_hashes or [])
    script = " ".join(["'self'", "'unsafe-eval'", *sources])
    return (
        "default-src 'self'; "
        f"script-src {script}; "
        "style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def protective_headers(
    policy: str, app_headers: Mapping[str, str] | None = None
) -> Callable[[web.Request, web.StreamResponse], Awaitable[None]]:
    """An ``on_response_prepare`` callback: runs for every response, errors and the upgrade included.

    ``app_headers`` (the app's ``server.http_headers.headers``, read at each response) come
    last, so an app that needs another policy (say, a CDN in ``script-src``) sets its own.
    """

    async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
        headers = response.headers
        # 'self' covers ws: to the same host in CSP 3; older engines (WebKit) need it spelled out.
        headers["Content-Security-Policy"] = f"{policy}; connect-src 'self' ws://{request.host} wss://{request.host}"
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "no-referrer"
        headers["Server"] = SERVER_NAME
        if app_headers:
            headers.update(app_headers)

    return on_prepare
