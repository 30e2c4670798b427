"""trame_desktop.process.logs: the dictConfig dict (bounded file, levels, redaction) and applying it."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import pytest

from trame_desktop.process.logs import MAX_BYTES, RedactSecrets, configure_logging, logging_config


def test_the_file_is_rotating_and_bounded_and_levels_follow_debug(tmp_path: Path):
    quiet = logging_config(tmp_path / "a.log")
    assert quiet["handlers"]["file"]["class"] == "logging.handlers.RotatingFileHandler"
    assert quiet["handlers"]["file"]["maxBytes"] == MAX_BYTES > 0
    assert (quiet["handlers"]["file"]["level"], quiet["handlers"]["stderr"]["level"]) == ("INFO", "WARNING")
    assert quiet["loggers"]["aiohttp.access"]["level"] == "WARNING"
    loud = logging_config(tmp_path / "a.log", debug=True)
    assert (loud["handlers"]["file"]["level"], loud["handlers"]["stderr"]["level"]) == ("DEBUG", "INFO")
    assert not quiet["disable_existing_loggers"]


def test_secrets_are_redacted():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /index.html?secret=%s HTTP", ("abcdefgh1234",),
                               None)
    assert RedactSecrets().filter(record)
    assert record.getMessage() == "GET /index.html?secret=*** HTTP"


@pytest.fixture
def clean_root():
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    yield root
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


def test_configuring_writes_the_file_and_keeps_the_apps_own_handlers(tmp_path: Path, clean_root):
    apps_own = logging.NullHandler()
    clean_root.addHandler(apps_own)
    log_file = tmp_path / "logs" / "app.log"
    ours = configure_logging(log_file)
    assert apps_own in clean_root.handlers
    assert any(isinstance(handler, logging.handlers.RotatingFileHandler) for handler in ours)
    logging.getLogger("trame_desktop.test").info("hello secret=abcdefgh1234")
    for handler in ours:
        handler.flush()
    text = log_file.read_text()
    assert "hello secret=***" in text and "abcdefgh1234" not in text
