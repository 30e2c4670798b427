"""The command-line parser every server shares, with trame's flags."""

from __future__ import annotations

import argparse

from .secret import DEFAULT_SECRET

DEFAULT_PORT = 8080


def create_parser(description: str = "trame-desktop application") -> argparse.ArgumentParser:
    """The parser apps extend with ``server.cli.add_argument`` (unknown flags are ignored)."""
    parser = argparse.ArgumentParser(description=description, add_help=True)
    add = parser.add_argument
    add("-p", "--port", type=int, default=DEFAULT_PORT, help="port to listen on (0: pick a free one)")
    add("--host", default="localhost", help="interface to listen on (default: localhost)")
    add("--server", action="store_true", help="do not open a browser (serve only)")
    add("--app", action="store_true", help="open the app in a native desktop window")
    add(
        "--timeout",
        type=int,
        default=300,
        help="stop after this many seconds without any client (0: never; default 300)",
    )
    add("--authKey", default=DEFAULT_SECRET, help="secret a client must present to connect")
    add("--authKeyFile", default=None, help="file holding the secret (overrides --authKey)")
    add("--debug", action="store_true", help="debug logging (and the web inspector in a window)")
    add("--log-network", dest="log_network", default=None, help="write every websocket message to this file")
    add("--no-http", dest="no_http", action="store_true", help="serve the websocket only, no static files")
    return parser
