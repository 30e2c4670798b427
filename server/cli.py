"""The command-line parser every server shares, with trame's flags."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from .secret import DEFAULT_SECRET

DEFAULT_PORT = 8080


class TrameArgumentParser(argparse.ArgumentParser):
    """Reads the app's own command line, as trame's parser does: ``--trame-args="..."`` or the
    ``TRAME_ARGS`` variable replace it, and under pytest (whose own flags would be misread, e.g.
    ``-p no:cacheprovider`` as a port) only they are read."""

    def parse_known_args(  # type: ignore[override]  # argparse's overloads; same call shape
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        return super().parse_known_args(app_argv() if args is None else args, namespace)


def app_argv(argv: Sequence[str] | None = None, environ: Any = None, under_pytest: bool | None = None) -> list[str]:
    """The arguments a server reads when none are given (see :class:`TrameArgumentParser`)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if environ is None else environ
    under_pytest = "pytest" in sys.modules if under_pytest is None else under_pytest
    if any(arg.startswith("--trame-args") for arg in argv):
        picker = argparse.ArgumentParser(add_help=False)
        picker.add_argument("--trame-args", default="")
        found, _ = picker.parse_known_args([arg for arg in argv if arg != "--"])
        return str(found.trame_args).split()
    if "TRAME_ARGS" in environ:
        return str(environ["TRAME_ARGS"]).split()
    return [] if under_pytest else argv


def create_parser(description: str = "trame-desktop application") -> argparse.ArgumentParser:
    """The parser apps extend with ``server.cli.add_argument`` (unknown flags are ignored)."""
    parser = TrameArgumentParser(description=description, add_help=True)
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
    add("--hot-reload", dest="hot_reload", action="store_true",
        help="re-read state and controller callbacks from their files at each call (also TRAME_HOT_RELOAD)")
    add("--trame-args", dest="trame_args", default=None,
        help="read only these arguments (also TRAME_ARGS); the only way to pass arguments under pytest")
    return parser
