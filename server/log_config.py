"""The core's logging set-up as one ``logging.config.dictConfig`` dict, applied by whoever owns the process."""

from __future__ import annotations

import logging.config
from typing import Any

__all__ = ["apply_logging", "logging_config"]

CORE_LOGGER = "trame_desktop"
SERVER_LOGGER = "trame_desktop.server"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def logging_config(*, debug: bool = False, quiet: bool = False, owns_process: bool = False) -> dict[str, Any]:
    """The dictConfig dict for a run.

    ``owns_process``: the run is the process's entry point (``python app.py``), so it gives the
    package's loggers a stderr handler. Otherwise only levels change (``incremental``), and
    handlers stay the embedding program's (the desktop shell, a notebook, an app's own set-up).
    """
    loggers: dict[str, Any] = {}
    if debug:
        loggers[CORE_LOGGER] = {"level": "DEBUG"}
    if quiet:
        loggers[SERVER_LOGGER] = {"level": "CRITICAL"}
    if not owns_process:
        return {"version": 1, "incremental": True, "loggers": loggers}
    loggers.setdefault(CORE_LOGGER, {"level": "WARNING"})
    loggers[CORE_LOGGER] = {**loggers[CORE_LOGGER], "handlers": ["stderr"], "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": LOG_FORMAT}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}},
        "loggers": loggers,
    }


def apply_logging(*, debug: bool = False, quiet: bool = False, owns_process: bool = False) -> None:
    """Apply :func:`logging_config` (nothing to do for a run that changes no level and owns nothing)."""
    config = logging_config(debug=debug, quiet=quiet, owns_process=owns_process)
    if config.get("incremental") and not config["loggers"]:
        return
    logging.config.dictConfig(config)
