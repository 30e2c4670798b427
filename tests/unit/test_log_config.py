"""The core's logging: one dictConfig dict; a process owner gets a handler, an embedder only levels."""

from __future__ import annotations

import logging
import logging.config

from trame_desktop.server.log_config import logging_config


def test_embedded_runs_change_levels_only() -> None:
    config = logging_config(debug=True, quiet=True)
    assert config["incremental"] is True
    assert config["loggers"] == {"trame_desktop": {"level": "DEBUG"}, "trame_desktop.server": {"level": "CRITICAL"}}
    assert logging_config()["loggers"] == {}


def test_the_process_owner_gets_a_stderr_handler(capsys) -> None:
    config = logging_config(owns_process=True)
    logging.config.dictConfig(config)
    try:
        logging.getLogger("trame_desktop.server.x").warning("seen-on-stderr")
        logging.getLogger("trame_desktop.server.x").info("not-at-info")
        err = capsys.readouterr().err
        assert "seen-on-stderr" in err and "not-at-info" not in err
    finally:
        logging.getLogger("trame_desktop").handlers.clear()
        logging.getLogger("trame_desktop").propagate = True
        logging.getLogger("trame_desktop").setLevel(logging.NOTSET)
