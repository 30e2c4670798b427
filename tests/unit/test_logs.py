"""trame_desktop.process.logs: the dictConfig dict (bounded file, levels, redaction) and applying it."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import pytest

from trame_desktop.process.logs import MAX_BYTES, RedactSecrets, configure_logging, log_file_problem, logging_config


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
    setup = configure_logging(log_file)
    assert setup.log_file == log_file and setup.problem is None and setup.notice(log_file) is None
    ours = setup.handlers
    assert apps_own in clean_root.handlers
    assert any(isinstance(handler, logging.handlers.RotatingFileHandler) for handler in ours)
    logging.getLogger("trame_desktop.test").info("hello secret=abcdefgh1234")
    for handler in ours:
        handler.flush()
    text = log_file.read_text()
    assert "hello secret=***" in text and "abcdefgh1234" not in text


def _file_in_place_of_the_folder(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "log").write_text("a file where the log folder should be")
    return tmp_path / "log" / "app.log", f"{tmp_path / 'log'} is a file, not a folder"


def _log_file_is_a_folder(tmp_path: Path) -> tuple[Path, str]:
    (tmp_path / "log" / "app.log").mkdir(parents=True)
    return tmp_path / "log" / "app.log", "it is a folder"


def _folder_without_write_permission(tmp_path: Path) -> tuple[Path, str]:
    if os.geteuid() == 0:
        # root writes into a mode 000 folder; sysfs refuses to make files even for root
        (tmp_path / "log").symlink_to("/sys")
    else:
        (tmp_path / "log").mkdir(mode=0o000)
    return tmp_path / "log" / "app.log", "Permission denied"


UNUSABLE = {"file-in-place-of-the-folder": _file_in_place_of_the_folder, "log-file-is-a-folder": _log_file_is_a_folder,
            "no-write-permission": _folder_without_write_permission}


@pytest.mark.parametrize("case", list(UNUSABLE))
def test_an_unusable_log_folder_logs_to_stderr_and_says_why(case: str, tmp_path: Path, clean_root,
                                                            capsys: pytest.CaptureFixture[str]):
    log_file, reason = UNUSABLE[case](tmp_path)
    try:
        assert log_file_problem(log_file) == reason
        setup = configure_logging(log_file)
        assert setup.log_file is None and setup.problem == reason
        assert setup.notice(log_file) == (f"trame-desktop: cannot write the log to {log_file}: {reason}; "
                                          "logging to the terminal")
        assert not any(isinstance(h, logging.FileHandler) for h in setup.handlers)
        logging.getLogger("trame_desktop.test").info("an info record secret=abcdefgh1234")
        err = capsys.readouterr().err
        assert "an info record secret=***" in err  # what the file would have had, redacted as there
    finally:
        if (tmp_path / "log").is_dir() and not (tmp_path / "log").is_symlink():
            (tmp_path / "log").chmod(0o755)  # so that pytest can clean up
