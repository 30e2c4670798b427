"""Remember the window's size and position between launches (JSON in user_state_dir, written atomically)."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from .json_files import write_json_atomically

__all__ = ["Geometry", "load_geometry", "save_geometry"]

log = logging.getLogger(__name__)


@dataclass
class Geometry:
    width: int
    height: int
    x: int | None = None
    y: int | None = None


def load_geometry(path: Path) -> Geometry | None:
    """Return the saved geometry, or None if there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        geometry = Geometry(
            width=int(data["width"]),
            height=int(data["height"]),
            x=None if data.get("x") is None else int(data["x"]),
            y=None if data.get("y") is None else int(data["y"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        log.warning("ignoring saved window geometry %s: %s", path, error)
        return None
    if geometry.width < 50 or geometry.height < 50:
        return None
    return geometry


def save_geometry(path: Path, geometry: Geometry) -> None:
    """Write ``geometry`` to ``path`` so that a reader never sees a half-written file."""
    write_json_atomically(path, asdict(geometry), durable=True)
