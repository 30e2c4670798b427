"""The app's first render from its last launch, kept so that the next first page shows it before the client bundle runs.

The first page (:mod:`trame_desktop.shell.first_page`) paints the app once its client bundle has run and
mounted the layout from the snapshot. That bundle is the page's largest piece of work before its first
frame. So once a launch has painted from its snapshot, the shell reads the HTML that render made
(``window.__tdSnapshotRender``, kept by ``assets/src/main.js`` when the boot data asks for it) and
saves it with the snapshot and the bundle's name. A later launch whose snapshot and bundle are the
same puts that HTML in the page's ``#app``: the app is on screen as soon as the page's HTML is parsed,
and the bundle's mount replaces it with the same tree a few frames later.

The same snapshot and bundle give the same render, so nothing else is compared: any change to the
app's initial state or layout, or to the client, makes the saved render miss and the page paints as
before. The file holds the snapshot's SHA-256, not the state itself. Clicks and edits made on the saved render, before the bundle mounts, are kept by
:data:`INPUT_KEEPER` and handed to the mounted app by ``assets/src/render_input.js``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from trame_desktop.process.json_files import write_json_atomically
from trame_desktop.process.state_files import read_state_file, str_field

__all__ = ["INPUT_KEEPER", "MAX_RENDER_CHARS", "READ_RENDER", "LastRender", "save_render"]

log = logging.getLogger(__name__)

#: A render larger than this is not saved: the first page has a size limit (first_page.MAX_PAGE_BYTES),
#: and a large tree is what the bundle renders anyway.
MAX_RENDER_CHARS = 200_000
_MAX_FILE_BYTES = 6 * MAX_RENDER_CHARS + 1024  # JSON's \uXXXX escapes at most sextuple the text

#: What the shell evaluates in the page to read the snapshot's render (the page then lets it go).
READ_RENDER = "(() => { const html = window.__tdSnapshotRender || null; delete window.__tdSnapshotRender; return html; })()"

#: The page's inline script, right after ``#app``: until the bundle mounts, clicks on the saved render
#: are kept (by their element's place in the tree, the same in the mounted one) and do nothing else;
#: typing goes into the render's own fields, whose values the bundle reads when it mounts.
INPUT_KEEPER = """<script>(() => {
  const app = document.getElementById("app");
  const kept = [];
  const pathOf = (node) => {
    const path = [];
    for (; node && node !== app; node = node.parentElement) {
      if (!node.parentElement) return null;
      path.unshift(Array.prototype.indexOf.call(node.parentElement.children, node));
    }
    return node === app ? path : null;
  };
  const keep = (event) => {
    const path = pathOf(event.target);
    if (path) kept.push({ type: event.type, path });
    if (event.type === "click") event.preventDefault();
  };
  for (const type of ["click", "input", "change"]) app.addEventListener(type, keep, true);
  window.__tdRender = {
    kept,
    pathOf,
    stop: () => { for (const type of ["click", "input", "change"]) app.removeEventListener(type, keep, true); },
  };
})();</script>"""


class LastRender:
    """The saved render in ``path``: its HTML for this launch's snapshot and bundle, if it was made from them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def html_for(self, bundle: str, snapshot: str) -> str | None:
        """The saved HTML if it was rendered from ``snapshot`` by the bundle named ``bundle``; else None
        (a broken file is set aside, see :func:`~trame_desktop.process.state_files.read_state_file`)."""
        if not self.path.exists():  # the common first launch: no warning, no read
            return None
        saved = read_state_file(self.path, _fields, "first render", max_bytes=_MAX_FILE_BYTES)
        if saved is None or saved["bundle"] != bundle or saved["snapshot"] != _digest(snapshot):
            return None
        return saved["html"]

    def remember(self, bundle: str, snapshot: str, html: str) -> bool:
        """Save ``html`` as the render of ``snapshot`` by ``bundle``; False if it is too large or cannot be written."""
        if len(html) > MAX_RENDER_CHARS:
            log.info("the first render (%d characters) is too large to keep for the next launch", len(html))
            return False
        try:
            # mkstemp's file: readable by this user only, like the state it shows
            write_json_atomically(self.path, {"bundle": bundle, "snapshot": _digest(snapshot), "html": html})
        except OSError:
            log.warning("could not save %s", self.path, exc_info=True)
            return False
        return True


def _digest(snapshot: str) -> str:
    return hashlib.sha256(snapshot.encode("ascii")).hexdigest()


def _fields(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        "bundle": str_field(data, "bundle", 256),
        "snapshot": str_field(data, "snapshot", 64),
        "html": str_field(data, "html", MAX_RENDER_CHARS),
    }


def save_render(native: Any, renders: LastRender, bundle: str, snapshot: str) -> None:
    """Read the render of ``snapshot`` that the page in ``native`` (a pywebview window) kept, and save it
    (run after its first load: ``page_loads.after_first_load``)."""
    try:
        html = native.evaluate_js(READ_RENDER)
    except Exception:  # the window closed meanwhile, or the page went away
        log.debug("could not read the first render", exc_info=True)
        return
    if isinstance(html, str) and html and renders.remember(bundle, snapshot, html):
        log.info("kept the first render for the next launch (%d characters)", len(html))
