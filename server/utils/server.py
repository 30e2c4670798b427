"""trame_server.utils.server's twin: the "App running at" lines for a started server."""

from __future__ import annotations

import socket
import sys
from typing import Any


def print_informations(server: Any) -> None:
    """Write the server's local and network URLs to stdout (from its ``server_options``)."""
    host = server.server_options.host
    port = server.port
    try:
        try:
            network_ip = socket.gethostbyname(host)
        except OSError:  # e.g. a host name only a proxy resolves: fall back to this machine's name
            network_ip = socket.gethostbyname(socket.gethostname())
    except OSError:
        network_ip = host
    sys.stdout.write(
        "\nApp running at:\n"
        f" - Local:   http://{host}:{port}/\n"
        f" - Network: http://{network_ip}:{port}/\n\n"
        "Note that for multi-users you need to use and configure a launcher.\n"
    )
    sys.stdout.flush()
