"""Send the process's logging to a size-bounded file in the app's log folder (and warnings to
stderr), uncaught exceptions in the app's own threads included."""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
from pathlib import Path

__all__ = ["configure_logging", "log_thread_exceptions", "RedactSecrets", "LOG_FORMAT", "MAX_BYTES", "BACKUP_COUNT"]

LOG_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

# Loggers that are chatty at INFO and say nothing useful to an app's user.
_QUIET_LOGGERS = ("aiohttp.access", "wslink", "pywebview", "asyncio")


_SECRET = re.compile(r"(secret[=:]\s*['\"]?)[A-Za-z0-9_\-]{8,}")


class RedactSecrets(logging.Filter):
    """Replaces ``secret=<token>`` in a record's message (URLs logged by aiohttp or pywebview)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _SECRET.sub(r"\1***", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure_logging(log_file: Path, *, debug: bool = False) -> list[logging.Handler]:
    """Attach a rotating file handler (and a stderr handler) to the root logger.

    Returns the handlers it added so the caller can flush or remove them. With ``debug`` the
    file gets DEBUG records and stderr INFO; otherwise the file gets INFO and stderr WARNING.
    The access log is never written at INFO: its URLs would carry the page's query string.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter(LOG_FORMAT)

    file_handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    file_handler.setFormatter(formatter)
    file_handler.setLevel(logging.DEBUG if debug else logging.INFO)

    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setFormatter(formatter)
    stderr_handler.setLevel(logging.INFO if debug else logging.WARNING)

    redact = RedactSecrets()
    file_handler.addFilter(redact)
    stderr_handler.addFilter(redact)
    logging.getLogger("pywebview").addFilter(redact)  # it also prints through its own handler

    root = logging.getLogger()
    root.addHandler(file_handler)
    root.addHandler(stderr_handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for name in _QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG if debug else logging.WARNING)
    logging.captureWarnings(True)
    log_thread_exceptions()
    return [file_handler, stderr_handler]


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return  # ends the thread quietly, as with Python's own hook
    name = args.thread.name if args.thread is not None else "?"
    logging.getLogger("trame_desktop.threads").error(
        "uncaught exception in thread %s", name, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
    )


def log_thread_exceptions() -> None:
    """Log uncaught exceptions of any thread (one the app started, a pywebview callback's) as
    errors, so that they reach the log file: a windowed or packaged app has no terminal, and
    Python's own hook only prints to stderr. A hook the app installed itself is left alone."""
    if threading.excepthook is threading.__excepthook__:
        threading.excepthook = _log_thread_exception
