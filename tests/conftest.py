"""Options for the whole suite: pytest reads ``pytest_addoption`` only from conftest files it loads first."""

from __future__ import annotations

import pytest

from trame_desktop.shell.toolkit import GUI_BACKENDS


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--gui", action="append", choices=GUI_BACKENDS, default=[],
                     help="run the desktop tests on this pywebview backend only (repeatable; default: all of "
                          f"{', '.join(GUI_BACKENDS)})")
