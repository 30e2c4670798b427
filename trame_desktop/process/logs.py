"""The process's logging, as one ``dictConfig`` dict that the shell applies.

A size-bounded file in the app's log folder, warnings on stderr, secrets redacted, chatty loggers
quiet; uncaught exceptions of any thread go to the log too. A log folder that cannot be used (a file
in its place, no permission, the log file a folder) is no reason not to start: everything is then
logged to stderr, and :class:`LoggingSetup` says why, for the shell to tell the user.
"""

from __future__ import annotations

import logging
import logging.config
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "BACKUP_COUNT",
    "LOG_FORMAT",
    "MAX_BYTES",
    "LoggingSetup",
    "RedactSecrets",
    "configure_logging",
    "log_file_problem",
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


def logging_config(log_file: Path | None, *, debug: bool = False) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` dict for one app: with ``debug`` the file gets DEBUG records
    and stderr INFO; otherwise the file gets INFO and stderr WARNING. Without a ``log_file`` stderr
    gets what the file would have."""
    quiet = "DEBUG" if debug else "WARNING"
    file_level = "DEBUG" if debug else "INFO"
    handlers: dict[str, Any] = {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "level": ("INFO" if debug else "WARNING") if log_file is not None else file_level,
            "formatter": "plain",
            "filters": ["redact"],
        },
    }
    if log_file is not None:
        handlers["file"] = {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": str(log_file),
            "maxBytes": MAX_BYTES,
            "backupCount": BACKUP_COUNT,
            "encoding": "utf-8",
            "level": file_level,
            "formatter": "plain",
            "filters": ["redact"],
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,  # the modules' loggers exist already
        "filters": {"redact": {"()": RedactSecrets}},
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": handlers,
        "loggers": {
            # pywebview also prints through a handler of its own: redact there too.
            **{name: {"level": quiet, "filters": ["redact"] if name == "pywebview" else []} for name in _QUIET_LOGGERS},
        },
        "root": {"level": file_level, "handlers": sorted(handlers)},
    }


def _kind(path: Path) -> str | None:
    """"folder", "file" (anything else that exists), or None when absent or not to be looked at."""
    try:
        return "folder" if path.is_dir() else "file" if path.exists() or path.is_symlink() else None
    except OSError:  # no permission to look: not what can be named
        return None


def log_file_problem(log_file: Path) -> str | None:
    """Why ``log_file`` cannot be appended to (its folders made first if need be), or None when it can."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(log_file, "a", encoding="utf-8"):
            pass
    except OSError as error:
        # Name the real obstacle: mkdir and open say "File exists" or "Not a directory" for a file
        # where a folder should be, which does not say which one.
        for folder in (log_file.parent, *log_file.parent.parents):
            kind = _kind(folder)
            if kind == "file":
                return f"{folder} is a file, not a folder"
            if kind == "folder":
                break
        if _kind(log_file) == "folder":
            return "it is a folder"
        return error.strerror or str(error)
    return None


@dataclass(frozen=True)
class LoggingSetup:
    """What :func:`configure_logging` set up."""

    #: the handlers it added, for the caller to flush
    handlers: list[logging.Handler]
    #: the file the log goes to, None when it goes to stderr only
    log_file: Path | None
    #: why the log file could not be used (then ``log_file`` is None)
    problem: str | None = None

    def notice(self, wanted: Path) -> str | None:
        """The one line telling the user the log is on the terminal instead of ``wanted``, if it is."""
        if self.problem is None:
            return None
        return f"trame-desktop: cannot write the log to {wanted}: {self.problem}; logging to the terminal"


def configure_logging(log_file: Path, *, debug: bool = False) -> LoggingSetup:
    """Apply :func:`logging_config` (to stderr alone if ``log_file`` cannot be written, see
    :func:`log_file_problem`) and return what was set up.

    ``dictConfig`` replaces the root logger's handlers; those the app set up itself before its
    ``start()`` (``logging.basicConfig``) are put back beside ours.
    """
    problem = log_file_problem(log_file)
    usable = log_file if problem is None else None
    root = logging.getLogger()
    apps_own = list(root.handlers)
    try:
        logging.config.dictConfig(logging_config(usable, debug=debug))
    except ValueError as error:  # the file went away between the check and the handler's open
        if usable is None:
            raise
        cause = error.__cause__
        problem = cause.strerror if isinstance(cause, OSError) and cause.strerror else str(cause or error)
        usable = None
        logging.config.dictConfig(logging_config(None, debug=debug))
    ours = list(root.handlers)
    for handler in apps_own:
        root.addHandler(handler)
    logging.captureWarnings(True)
    log_thread_exceptions()
    return LoggingSetup(handlers=ours, log_file=usable, problem=problem)


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
