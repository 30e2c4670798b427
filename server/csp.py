"""The Content-Security-Policy of this server's pages, as text: no web stack, so the shell writes it into its first pages too."""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path

__all__ = ["content_security_policy", "inline_script_hashes", "meta_element", "page_policy", "script_hashes_of"]

# Inline <script> blocks that run (no src, no data type such as application/json).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>(.*?)</script>",
                            re.DOTALL | re.IGNORECASE)


def script_hashes_of(html: str) -> list[str]:
    """CSP hash sources for the inline scripts of the page ``html``."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode('utf-8')).digest()).decode('ascii')}'"
            for body in _INLINE_SCRIPT.findall(html)]


def inline_script_hashes(page: Path) -> list[str]:
    """CSP hash sources for the inline scripts of the file ``page`` (none when it cannot be read)."""
    try:
        return script_hashes_of(page.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []


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


def page_policy(policy: str, host: str, *, meta: bool = False) -> str:
    """``policy`` with the ``connect-src`` of a page served at ``host`` (``127.0.0.1:8080``); with
    ``meta``, for a ``<meta http-equiv>`` element, which cannot carry ``frame-ancestors`` (browsers
    ignore it there, with a console warning)."""
    if meta:
        policy = "; ".join(part for part in policy.split("; ") if not part.startswith("frame-ancestors"))
    # 'self' covers ws: to the same host in CSP 3; older engines (WebKit) need it spelled out.
    return f"{policy}; connect-src 'self' ws://{host} wss://{host}"


def meta_element(policy: str) -> str:
    """A ``<meta http-equiv>`` element carrying ``policy`` (from :func:`page_policy` with ``meta``):
    for a page the web view takes as text, which no response headers come with."""
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
