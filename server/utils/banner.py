"""trame_server.utils.banner's twin: the line printed when a server with ``show_connection_info`` is up."""

from __future__ import annotations

from typing import Any

__all__ = ["print_banner"]


def print_banner(*_: Any, **__: Any) -> None:
    """Print the server's banner (trame prints its logo; any arguments are ignored, as there)."""
    from .version import get_version

    print(f"trame-desktop {get_version('trame-desktop') or ''}".rstrip(), flush=True)
