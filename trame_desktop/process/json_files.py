"""Write a small JSON file atomically: a reader (the next launch) never sees it half-written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["write_json_atomically"]


def write_json_atomically(path: Path, data: Any, *, durable: bool = False) -> None:
    """Write ``data`` as JSON to ``path`` through a temporary file in the same folder and a rename;
    ``durable`` also flushes it to disk first. Raises OSError (the temporary file is removed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(data, stream)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
