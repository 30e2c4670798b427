"""The websocket secret: trame's well-known default, and a fresh random one per desktop launch."""

from __future__ import annotations

import secrets

__all__ = ["DEFAULT_SECRET", "new_secret"]

#: wslink's and trame's default secret: anyone may know it, so a desktop launch never uses it.
DEFAULT_SECRET = "wslink-secret"


def new_secret() -> str:
    """A fresh random secret (one per launch of a desktop app)."""
    return secrets.token_urlsafe(32)
