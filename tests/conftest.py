"""Suite-wide: servers parse sys.argv (as trame's do), so tests start from an app's argv, not pytest's."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _app_argv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py"])
