"""Whether WebKitGTK's disk cache holds anything of a host, asked through WebKit's website data manager.

WebKit writes a response to its disk cache a moment after it arrives (its network cache batches
the writes), and a process that ends before then leaves nothing on disk. The bundle record
(:class:`~trame_desktop.shell.first_page.BundleRecord`) then says the last launch loaded a bundle
the cache does not hold, and a first page started on that word would wait for the server it
holds back. ``webkit_website_data_manager_fetch`` lists what the disk cache holds, by host.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

__all__ = ["when_not_cached"]

log = logging.getLogger(__name__)


def when_not_cached(native: Any, host: str, then: Callable[[], None]) -> None:
    """Call ``then()`` (GUI thread, soon) unless the disk cache of the web view in the GTK window
    ``native`` holds something of ``host``; also when it cannot tell."""
    from gi.repository import GLib, WebKit2

    from .gtk_widgets import web_view_of

    def answered(manager: Any, result: Any) -> None:
        try:
            hosts = {data.get_name() for data in manager.fetch_finish(result)}
        except GLib.Error:
            log.debug("WebKit could not list its disk cache", exc_info=True)
            hosts = set()
        if host not in hosts:
            then()

    try:
        manager = web_view_of(native).get_website_data_manager()
        manager.fetch(WebKit2.WebsiteDataTypes.DISK_CACHE, None, answered)
    except Exception:  # no view, or no manager: as if nothing were cached
        log.debug("cannot ask WebKit what its disk cache holds", exc_info=True)
        then()
