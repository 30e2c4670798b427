"""The window's first page: the built client, handed its secret and a snapshot of the app's state.

The window does not wait for the server to serve its page. The shell reads the built client's
``index.html``, puts in it the launch's secret and the state the server would send on connect
(``Server.get_server_state``, msgpack as on the wire, base64 in JSON), and the window loads that
text with the server's origin as its base URL. The page then renders the app's layout from the
snapshot at once and takes input, which waits in the page's outbox until its websocket session
opens and the live state replaces the snapshot (``assets/src/main.js``, ``assets/src/outbox.js``).
The secret never appears in a URL.

The client's bundle is the one resource the page still fetches, from the server's origin. Its
name carries a content hash and is cached for good (``server/routes.py``), so after one launch it
comes from the web view's disk cache and the page paints without the server (which starts beside
it: :mod:`trame_desktop.shell.start_policy`).
"""

from __future__ import annotations

import base64
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trame_desktop.server.csp import content_security_policy, meta_element, page_policy, script_hashes_of

from .last_render import INPUT_KEEPER, LastRender

__all__ = ["MAX_PAGE_BYTES", "FirstPage", "boot_element", "bundle_name", "first_page", "state_snapshot"]

log = logging.getLogger(__name__)

# Qt WebEngine takes a page as a percent-encoded data: URL, at most 2 MB (Chromium's limit on a
# URL; a bigger page fails to load; WebKitGTK takes the text itself, under the same limit here). Percent-encoding at most triples the text, so a page up to
# this size always fits; a larger snapshot is left out and the page renders once connected.
MAX_PAGE_BYTES = 600_000

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
# The built index.html's loading note, inside #app: the last launch's render takes its place.
_LOADING = re.compile(r'<div class="td-loading" id="td-loading">\s*<div class="td-spinner"></div>\s*'
                      r'<div id="td-loading-text">[^<]*</div>\s*</div>')
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_RENDER_SLOT = "<!--td-last-render-->"
_BUNDLE = re.compile(r'<script type="module" src="\./(__trame_desktop/[\w.-]+\.js)"></script>')


@dataclass(frozen=True)
class FirstPage:
    html: str
    base_url: str  # the page's address: its origin is the server's, its relative URLs resolve there
    bundle_url: str  # the client bundle the page loads from the server's origin
    snapshot: str | None = None  # the packed state the page paints from, if any
    rendered: bool = False  # the page shows the last launch's render of that snapshot (last_render.py)
    keep_render: bool = False  # the page keeps its render of the snapshot, for the shell to save


def first_page(server: Any, secret: str, page_url: str, client_dir: Path,
               renders: LastRender | None = None) -> FirstPage | None:
    """The window's first page for ``server`` (whose page lives at ``page_url``), or None when the
    server does not serve the built client from ``client_dir`` (an app's own client, a broken
    install): the window then loads ``page_url`` from the server as usual. With ``renders``, the page
    shows the last launch's render of the same snapshot at once (see :mod:`.last_render`), or asks the
    client to keep its render of this one."""
    own_www = getattr(server, "www", None)  # Server.www: the root a module set (a trame server has none)
    if own_www is not None and Path(own_www).resolve() != client_dir.resolve():
        return None
    try:
        html = (client_dir / "index.html").read_text(encoding="utf-8")
    except OSError:
        log.warning("no built client in %s: the window loads the page from the server", client_dir)
        return None
    found = _BUNDLE.search(html)
    if found is None:
        log.warning("%s does not load a client bundle: the window loads the page from the server", client_dir)
        return None
    base_url = page_url.split("#", 1)[0]
    bundle_url = base_url.rsplit("/", 1)[0] + "/" + found.group(1)
    host = urlsplit(base_url).netloc
    snapshot = state_snapshot(server)
    guarded = with_policy(html, host)  # one policy for the page without a render, whatever its boot data
    page = _with_boot(guarded, found.group(0), secret, snapshot)
    if snapshot is not None and len(page.encode("utf-8")) > MAX_PAGE_BYTES:
        log.info("the state (%d bytes packed) is too large for the first page: the app renders once connected",
                 len(snapshot) * 3 // 4)
        page = _with_boot(guarded, found.group(0), secret, None)
        return FirstPage(html=page, base_url=base_url, bundle_url=bundle_url)
    if renders is None or snapshot is None:
        return FirstPage(html=page, base_url=base_url, bundle_url=bundle_url, snapshot=snapshot)
    rendered = renders.html_for(bundle_name(bundle_url), snapshot)
    shown = _page_with_render(html, found, rendered, host, secret, snapshot) if rendered is not None else None
    if shown is not None:
        log.info("the first page shows the last launch's render until the client mounts")
        return FirstPage(html=shown, base_url=base_url, bundle_url=bundle_url, snapshot=snapshot, rendered=True)
    page = _with_boot(guarded, found.group(0), secret, snapshot, keep_render=True)
    return FirstPage(html=page, base_url=base_url, bundle_url=bundle_url, snapshot=snapshot, keep_render=True)


def _page_with_render(html: str, bundle: re.Match[str], rendered: str, host: str, secret: str,
                      snapshot: str) -> str | None:
    """The page showing ``rendered`` in ``#app``, its bundle imported after that first frame; None if
    the built page has no place for it or it would make the page too large."""
    slotted = _with_render_slot(html)
    if slotted is None:
        return None
    loader = _loader_after_first_frame(bundle.group(1))
    slotted = slotted.replace(bundle.group(0), loader, 1)
    # The policy is made before the render goes in: it allows the page's own inline scripts, never one in a render.
    shown = _with_boot(with_policy(slotted, host).replace(_RENDER_SLOT, rendered, 1), loader, secret, snapshot)
    return shown if len(shown.encode("utf-8")) <= MAX_PAGE_BYTES else None


def bundle_name(bundle_url: str) -> str:
    """The client bundle's file name (its content hash in it): what a saved render is made by."""
    return bundle_url.rsplit("/", 1)[-1]


def with_policy(html: str, host: str) -> str:
    """``html`` with the Content-Security-Policy the server sends with it (routes.py: its inline
    scripts by hash) first in its head: a page the web view takes as text has no response headers."""
    policy = meta_element(page_policy(content_security_policy(script_hashes_of(html)), host, meta=True))
    head = _HEAD.search(html)
    return html[:head.end()] + policy + html[head.end():] if head else policy + html


def _with_boot(html: str, bundle_tag: str, secret: str, snapshot: str | None, keep_render: bool = False) -> str:
    return html.replace(bundle_tag, boot_element(secret, snapshot, keep_render) + bundle_tag, 1)


def _with_render_slot(html: str) -> str | None:
    """``html`` with :data:`_RENDER_SLOT` in place of its loading note, the input keeper after ``#app``
    and the body marked as painted (its "Connecting…" note shows); None if it has no loading note."""
    found = _LOADING.search(html)
    body = _BODY.search(html)
    if found is None or body is None or "</body>" not in html:
        return None
    html = html[:found.start()] + _RENDER_SLOT + html[found.end():]
    body = _BODY.search(html)
    assert body is not None
    html = html[:body.end() - 1] + ' data-painted="render">' + html[body.end():]
    return html.replace("</body>", INPUT_KEEPER + "</body>", 1)


def _loader_after_first_frame(bundle_path: str) -> str:
    """The page's bundle, imported once the render is on screen instead of by a module script element:
    the page's load then waits for neither its run nor its mount."""
    return (f'<script type="module">requestAnimationFrame(() => setTimeout(() => import("./{bundle_path}")'
            '.catch((error) => console.error("trame-desktop: the client did not load", error))));</script>')


def boot_element(secret: str, snapshot: str | None, keep_render: bool = False) -> str:
    """The page's boot data element (``#td-boot``): the secret and, if any, the packed snapshot
    (``keepRender``: the page keeps its render of it for the shell, see :mod:`.last_render`)."""
    boot: dict[str, Any] = {"secret": secret}
    if snapshot is not None:
        boot["snapshot"] = snapshot
    if keep_render:
        boot["keepRender"] = True
    # "<" escaped: nothing in the data can end the script element or open a comment in it.
    data = json.dumps(boot).replace("<", "\\u003c")
    return f'<script type="application/json" id="td-boot">{data}</script>'


def state_snapshot(server: Any) -> str | None:
    """The state a client gets on connect, packed as on the wire; None if it cannot be taken."""
    get_state = getattr(server, "get_server_state", None)
    if get_state is None:
        return None
    try:
        import msgpack

        return base64.b64encode(msgpack.packb(get_state())).decode("ascii")
    except Exception:  # any state msgpack cannot take: the page renders once connected, as without a snapshot
        log.warning("no state snapshot for the first paint", exc_info=True)
        return None
