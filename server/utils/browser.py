"""trame_server.utils.browser's twin: open the running server's page in the system's web browser."""

from __future__ import annotations

import webbrowser
from typing import Any

__all__ = ["open_browser"]


def open_browser(server: Any) -> None:
    """Open ``http://<host>:<port>/`` of ``server`` in the default browser, a moment later on the
    server's loop (so that the page finds the server serving); call it once the server is ready."""
    from .asynchronous import get_event_loop

    args = server.cli.parse_known_args()[0]
    url = f"http://{args.host}:{server.port}/"
    loop = get_event_loop()
    if not loop.is_running():  # nothing would run a delayed call: open it now
        webbrowser.open(url)
        return
    loop.call_later(0.1, webbrowser.open, url)
    print("And to prevent your browser from opening, add '--server' to your command line.", flush=True)
