"""Loopback and wildcard host names, told apart without loading the web stack."""

from __future__ import annotations

__all__ = ["LOOPBACK_HOST", "LOOPBACK_NAMES", "is_loopback", "is_wildcard"]

#: The one address a desktop launch listens on.
LOOPBACK_HOST = "127.0.0.1"
#: The names under which a client reaches a server listening on loopback (as in a Host header).
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

_LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_WILDCARD = {"0.0.0.0", "::", "[::]", ""}


def is_loopback(host: str) -> bool:
    """True for a name or address of this machine's loopback interface."""
    return host in _LOOPBACK


def is_wildcard(host: str) -> bool:
    """True for an address that listens on every interface."""
    return host in _WILDCARD
