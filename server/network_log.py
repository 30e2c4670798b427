"""The ``log_network`` option: every websocket message in and out, written to a file."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any


def _printable(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): _printable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_printable(v) for v in value]
    return value


class NetworkLog:
    """Appends one JSON line per message: time, direction, client and the decoded message."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._logger = logging.Logger(f"trame_desktop.network:{self.path}")
        self._handler = logging.FileHandler(self.path, encoding="utf-8")
        self._handler.setFormatter(logging.Formatter("%(message)s"))
        self._logger.addHandler(self._handler)

    def _write(self, direction: str, client: str, message: Any) -> None:
        line = {"t": round(time.time(), 6), "dir": direction, "client": client, "msg": _printable(message)}
        self._logger.info(json.dumps(line, default=repr))

    def incoming(self, client: str, message: Any) -> None:
        self._write("c2s", client, message)

    def outgoing(self, client: str, message: Any) -> None:
        self._write("s2c", client, message)

    def close(self) -> None:
        self._logger.removeHandler(self._handler)
        self._handler.close()
