"""Remember the window's size and position between launches (JSON in user_state_dir, written atomically)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .json_files import write_json_atomically
from .state_files import int_field, optional_int_field, read_state_file

__all__ = ["MAX_POSITION", "MAX_SIZE", "MIN_SIZE", "Geometry", "load_geometry", "save_geometry"]

log = logging.getLogger(__name__)

#: Sizes a real window has: smaller is no window to restore, larger spans more screens than exist.
MIN_SIZE = 50
MAX_SIZE = 32_768
#: How far from the origin a position may be (the virtual desktop of several large screens).
MAX_POSITION = 65_536


@dataclass
class Geometry:
    width: int
    height: int
    x: int | None = None
    y: int | None = None


def _geometry(data: Mapping[str, Any]) -> Geometry:
    width = int_field(data, "width", MIN_SIZE, MAX_SIZE)
    height = int_field(data, "height", MIN_SIZE, MAX_SIZE)
    x = optional_int_field(data, "x", -MAX_POSITION, MAX_POSITION)
    y = optional_int_field(data, "y", -MAX_POSITION, MAX_POSITION)
    return Geometry(width=width, height=height, x=x, y=y)


def load_geometry(path: Path) -> Geometry | None:
    """Return the saved geometry, or None if there is none; a broken file is set aside (see
    :func:`~trame_desktop.process.state_files.read_state_file`)."""
    return read_state_file(path, _geometry, "window geometry")


def save_geometry(path: Path, geometry: Geometry) -> None:
    """Write ``geometry`` to ``path`` so that a reader never sees a half-written file."""
    write_json_atomically(path, asdict(geometry), durable=True)
