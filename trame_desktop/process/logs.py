"""The process's logging, as one ``dictConfig`` dict that the shell applies.

A size-bounded file in the app's log folder, warnings on stderr, secrets redacted, chatty loggers
quiet; uncaught exceptions of any thread go to the log too.
"""

from __future__ import annotations

import logging
import logging.config
import re
import threading
from pathlib import Path
from typing import Any

__all__ = [
    "BACKUP_COUNT",
    "LOG_FORMAT",
    "MAX_BYTES",
    "RedactSecrets",
    "configure_logging",
    "log_thread_exceptions",
    "logging_config",
]

LOG_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

# Chatty at INFO and saying nothing useful to an app's user. The access log would also carry the
# page's query string (trame's client reads its secret there).
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


def logging_config(log_file: Path, *, debug: bool = False) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` dict for one app: with ``debug`` the file gets DEBUG records
    and stderr INFO; otherwise the file gets INFO and stderr WARNING."""
    quiet = "DEBUG" if debug else "WARNING"
    return {
        "version": 1,
        "disable_existing_loggers": False,  # the modules' loggers exist already
        "filters": {"redact": {"()": RedactSecrets}},
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {
            "file": {
                "class": "logging.handlers.RotatingFileHandler",
                "filename": str(log_file),
                "maxBytes": MAX_BYTES,
                "backupCount": BACKUP_COUNT,
                "encoding": "utf-8",
                "level": "DEBUG" if debug else "INFO",
                "formatter": "plain",
                "filters": ["redact"],
            },
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "level": "INFO" if debug else "WARNING",
                "formatter": "plain",
                "filters": ["redact"],
            },
        },
        "loggers": {
            # pywebview also prints through a handler of its own: redact there too.
            **{name: {"level": quiet, "filters": ["redact"] if name == "pywebview" else []} for name in _QUIET_LOGGERS},
        },
        "root": {"level": "DEBUG" if debug else "INFO", "handlers": ["file", "stderr"]},
    }


def configure_logging(log_file: Path, *, debug: bool = False) -> list[logging.Handler]:
    """Apply :func:`logging_config` and return the handlers it added, for the caller to flush.

    ``dictConfig`` replaces the root logger's handlers; those the app set up itself before its
    ``start()`` (``logging.basicConfig``) are put back beside ours.
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    apps_own = list(root.handlers)
    logging.config.dictConfig(logging_config(log_file, debug=debug))
    ours = list(root.handlers)
    for handler in apps_own:
        root.addHandler(handler)
    logging.captureWarnings(True)
    log_thread_exceptions()
    return ours


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return  # ends the thread quietly, as with Python's own hook
    name = args.thread.name if args.thread is not None else "?"
    logging.getLogger("trame_desktop.threads").error(
        "uncaught exception in thread %s", name, exc_info=args.exc_value or True
    )


def log_thread_exceptions() -> None:
    """Log uncaught exceptions of any thread (one the app started, a pywebview callback's) as
    errors, so that they reach the log file: a windowed or packaged app has no terminal, and
    Python's own hook only prints to stderr. A hook the app installed itself is left alone."""
    if threading.excepthook is threading.__excepthook__:
        threading.excepthook = _log_thread_exception
