"""The window's first page for trame's own client (trame-client, Vue 3): its page, our stand-in socket, the secret and a snapshot.

An app built with trame's layouts or widgets is served trame-client's JavaScript, which paints
only once its session has answered ``trame.state.get``. The shell opens such an app on trame-client's
own ``index.html`` with, before trame-client's scripts, the page's boot data (the launch's secret and
the state snapshot, as in :mod:`trame_desktop.shell.first_page`) and our stand-in socket inlined
(``assets/src/trame_boot/``, built by the client's npm build). The page's address asks trame-client
for ``wsProxy``, so it takes its sockets from that script (``window.WSLINK.createWebSocket``), which
answers its start from the snapshot, keeps its later messages, and hands them to the real session
once the server accepts it. The secret is in no URL.

trame-client's own inline script (it fetches ``loading.tpl`` into ``#app``) is replaced by that
template's text: fetched from the server, it could land after the app has mounted from the
snapshot, and wipe it. The page is handed to the web view as text, without the server's response
headers, so it carries the server's Content-Security-Policy for trame's client in a ``<meta>``
element (all but ``frame-ancestors``, which a ``<meta>`` cannot hold).

Vue 2's trame-client (``client_type="vue2"``) keeps the page from the server: it has no ``wsProxy``
hook of this shape.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trame_desktop.server.csp import content_security_policy, meta_element, page_policy

from .first_page import MAX_PAGE_BYTES, FirstPage, boot_element, state_snapshot

__all__ = ["TRAME_PAGE_QUERY", "trame_client_www", "trame_first_page"]

log = logging.getLogger(__name__)

# trame-client reads its config from the page's query (vtk.js' URLExtract): wsProxy makes it ask
# window.WSLINK for its websocket. Not a secret: the page's address may show it.
TRAME_PAGE_QUERY = "wsProxy=1"

_BOOT_SCRIPT = "trame-boot-*.js"
_BUNDLE = re.compile(r'<script type="module"[^>]*\ssrc="\./(assets/[\w.-]+\.js)"></script>')
_FIRST_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_LOADING_FETCH = re.compile(r"<script>\s*fetch\(\"\./loading\.tpl\"\).*?</script>", re.DOTALL)
_APP_DIV = '<div id="app"></div>'
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


def trame_client_www() -> Path | None:
    """trame-client's Vue 3 web root, if the package is installed (found without importing it)."""
    spec = importlib.util.find_spec("trame_client")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return (Path(locations[0]) / "module" / "vue3-www").resolve() if locations else None


def trame_first_page(server: Any, secret: str, page_url: str, client_dir: Path) -> FirstPage | None:
    """The first page for ``server`` when it serves trame-client's Vue 3 page (``page_url`` is
    where that page lives), else None: the window then loads the page from the server as today."""
    www = getattr(server, "www", None)
    trame_www = trame_client_www()
    if www is None or trame_www is None or Path(www).resolve() != trame_www:
        return None
    try:
        html = (trame_www / "index.html").read_text(encoding="utf-8")
        loading = (trame_www / "loading.tpl").read_text(encoding="utf-8")
        stand_in = _stand_in_script(client_dir)
    except (OSError, LookupError) as error:
        log.warning("no first page for trame's client (%s): the window loads the page from the server", error)
        return None
    if _HEAD.search(html) is None:
        log.warning("trame-client's index.html has no head: the window loads the page from the server")
        return None
    html = _with_policy(html, urlsplit(page_url).netloc)
    found, first_script = _BUNDLE.search(html), _FIRST_SCRIPT.search(html)
    if found is None or first_script is None or _APP_DIV not in html:
        log.warning("trame-client's index.html has an unknown shape: the window loads the page from the server")
        return None
    base_url = f"{page_url.split('?', 1)[0].split('#', 1)[0]}?{TRAME_PAGE_QUERY}"
    bundle_url = base_url.rsplit("/", 1)[0] + "/" + found.group(1)
    html = _LOADING_FETCH.sub("", html).replace(_APP_DIV, f'<div id="app">{loading}</div>', 1)
    snapshot = state_snapshot(server)
    page = _with_boot(html, first_script.start(), secret, snapshot, stand_in)
    if snapshot is not None and len(page.encode("utf-8")) > MAX_PAGE_BYTES:
        log.info("the state is too large for the first page: trame's client renders once connected")
        page = _with_boot(html, first_script.start(), secret, None, stand_in)
    return FirstPage(html=page, base_url=base_url, bundle_url=bundle_url)


def _with_policy(html: str, host: str) -> str:
    """The policy the server sends with trame's client (routes.py: inline scripts allowed), first in the head."""
    head = _HEAD.search(html)
    assert head is not None  # checked by the caller
    policy = page_policy(content_security_policy(inline_scripts=True), host, meta=True)
    return html[:head.end()] + meta_element(policy) + html[head.end():]


def _stand_in_script(client_dir: Path) -> str:
    """The built stand-in (``assets/src/trame_boot``), to inline: a classic script runs before trame-client's."""
    built = sorted((client_dir / "__trame_desktop").glob(_BOOT_SCRIPT))
    if len(built) != 1:
        raise LookupError(f"{len(built)} files {_BOOT_SCRIPT} in {client_dir}")
    script = built[0].read_text(encoding="utf-8")
    if "</script" in script.lower():  # esbuild escapes it in strings; anything else could end the element
        raise LookupError(f"{built[0]} cannot be inlined")
    return script


def _with_boot(html: str, at: int, secret: str, snapshot: str | None, stand_in: str) -> str:
    return html[:at] + boot_element(secret, snapshot) + f"<script>{stand_in}</script>" + html[at:]
