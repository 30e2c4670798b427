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
comes from the web view's disk cache and the page paints without the server. :class:`BundleRecord`
remembers which bundle URL a launch loaded, so the shell knows whether the next launch can paint
before the server starts (see :mod:`trame_desktop.shell.start_policy`).
"""

from __future__ import annotations

import base64
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from trame_desktop.process.json_files import write_json_atomically
from trame_desktop.process.state_files import read_state_file, str_field
from trame_desktop.server.csp import content_security_policy, meta_element, page_policy, script_hashes_of

__all__ = ["MAX_PAGE_BYTES", "BundleRecord", "FirstPage", "boot_element", "first_page", "state_snapshot"]

log = logging.getLogger(__name__)

# Qt WebEngine takes a page as a percent-encoded data: URL, at most 2 MB (Chromium's limit on a
# URL; a bigger page fails to load; WebKitGTK takes the text itself, under the same limit here). Percent-encoding at most triples the text, so a page up to
# this size always fits; a larger snapshot is left out and the page renders once connected.
MAX_PAGE_BYTES = 600_000

# A bundle URL is http://127.0.0.1:<port>/__trame_desktop/<name>-<hash>.js: a few dozen characters.
_MAX_BUNDLE_URL = 2048

_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_BUNDLE = re.compile(r'<script type="module" src="\./(__trame_desktop/[\w.-]+\.js)"></script>')


@dataclass(frozen=True)
class FirstPage:
    html: str
    base_url: str  # the page's address: its origin is the server's, its relative URLs resolve there
    bundle_url: str  # the client bundle the page loads from the server's origin
    # True when the page's resources come from the disk cache once its bundle does, so the server
    # can wait for the page's load (see start_policy.py); False: it starts at once.
    start_on_load: bool = True


def first_page(server: Any, secret: str, page_url: str, client_dir: Path) -> FirstPage | None:
    """The window's first page for ``server`` (whose page lives at ``page_url``), or None when the
    server does not serve the built client from ``client_dir`` (an app's own client, a broken
    install): the window then loads ``page_url`` from the server as usual."""
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
    html = with_policy(html, urlsplit(base_url).netloc)
    snapshot = state_snapshot(server)
    page = _with_boot(html, found.group(0), secret, snapshot)
    if snapshot is not None and len(page.encode("utf-8")) > MAX_PAGE_BYTES:
        log.info("the state (%d bytes packed) is too large for the first page: the app renders once connected",
                 len(snapshot) * 3 // 4)
        page = _with_boot(html, found.group(0), secret, None)
    return FirstPage(html=page, base_url=base_url, bundle_url=bundle_url)


def with_policy(html: str, host: str) -> str:
    """``html`` with the Content-Security-Policy the server sends with it (routes.py: its inline
    scripts by hash) first in its head: a page the web view takes as text has no response headers."""
    policy = meta_element(page_policy(content_security_policy(script_hashes_of(html)), host, meta=True))
    head = _HEAD.search(html)
    return html[:head.end()] + policy + html[head.end():] if head else policy + html


def _with_boot(html: str, bundle_tag: str, secret: str, snapshot: str | None) -> str:
    return html.replace(bundle_tag, boot_element(secret, snapshot) + bundle_tag, 1)


def boot_element(secret: str, snapshot: str | None) -> str:
    """The page's boot data element (``#td-boot``): the secret and, if any, the packed snapshot."""
    boot: dict[str, Any] = {"secret": secret}
    if snapshot is not None:
        boot["snapshot"] = snapshot
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


def _bundle(data: Mapping[str, Any]) -> str:
    return str_field(data, "bundle", _MAX_BUNDLE_URL)


class BundleRecord:
    """Which client bundle URL the last launch loaded: if this launch's is the same, the web
    view has it in its disk cache, and the page can paint before the server runs."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def holds(self, bundle_url: str) -> bool:
        """True when the last launch loaded ``bundle_url``; a broken record is set aside (see
        :func:`~trame_desktop.process.state_files.read_state_file`) and counts as none."""
        return read_state_file(self.path, _bundle, "client bundle record") == bundle_url

    def remember(self, bundle_url: str) -> None:
        """Save ``bundle_url`` (atomic write; a failure only costs the next launch its early paint)."""
        try:
            write_json_atomically(self.path, {"bundle": bundle_url})
        except OSError:
            log.warning("could not save %s", self.path, exc_info=True)
