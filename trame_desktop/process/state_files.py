"""Read the small JSON files a launch leaves for the next one; a broken one is set aside, never fatal.

A state file (the window's geometry, the last port, the client bundle record) is written by
:func:`~trame_desktop.process.json_files.write_json_atomically` and read back once per launch. Its
reader cannot trust it: a crash, a full disk, a hand edit or another program may have left anything
there. :func:`read_state_file` reads at most :data:`MAX_STATE_BYTES`, parses strictly (no ``NaN`` or
``Infinity``, nesting bounded by the recursion limit), hands the object to a validator, and on any
failure renames the file to ``<name>.broken-<UTC timestamp>.json`` beside it, logs a warning saying
which file, why and where it went, and returns None, so that the caller uses its defaults and the
next launch starts clean. The field checks (:func:`int_field`, :func:`optional_int_field`, :func:`str_field`) are for the
validators.
"""

from __future__ import annotations

import datetime
import json
import logging
import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["MAX_STATE_BYTES", "BrokenStateFileError", "int_field", "optional_int_field", "read_state_file", "set_aside", "str_field"]

log = logging.getLogger(__name__)

#: A state file holds a few numbers or a URL: anything larger is not one of ours.
MAX_STATE_BYTES = 64 * 1024

T = TypeVar("T")


class BrokenStateFileError(ValueError):
    """A state file's content is not what its reader accepts (the message says why)."""


def _refuse_constant(name: str) -> Any:
    # json accepts NaN, Infinity and -Infinity by default; no state file of ours holds them.
    raise BrokenStateFileError(f"{name} is not a number a state file holds")


def _parse(path: Path, max_bytes: int) -> Any:
    """The file's JSON value; raises FileNotFoundError when absent, BrokenStateFileError otherwise."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)  # never more: a huge file costs no more than a small one
    except FileNotFoundError:
        raise
    except OSError as error:  # a folder in its place, no permission, an I/O error
        raise BrokenStateFileError(f"unreadable ({error.strerror or error})") from error
    if len(raw) > max_bytes:
        raise BrokenStateFileError(f"larger than {max_bytes // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BrokenStateFileError(f"not UTF-8 text ({error.reason} at byte {error.start})") from error
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise BrokenStateFileError("nested too deeply") from None  # no traceback: it would be as deep
    except json.JSONDecodeError as error:
        raise BrokenStateFileError(f"not JSON ({error.msg} at line {error.lineno} column {error.colno})") from error


def read_state_file(path: Path, validate: Callable[[Mapping[str, Any]], T], what: str,
                    max_bytes: int = MAX_STATE_BYTES) -> T | None:
    """``validate(data)`` of the JSON object in ``path``, or None when there is no such file or it is
    broken (then it is set aside and a warning logged). ``validate`` raises :class:`BrokenStateFileError`
    (or ValueError, TypeError, KeyError) for content it refuses; ``what`` names the file's job in the
    warning ("window geometry"); a file over ``max_bytes`` is broken."""
    try:
        data = _parse(path, max_bytes)
        if not isinstance(data, dict):
            raise BrokenStateFileError(f"not a JSON object but {type(data).__name__}")
        return validate(data)
    except FileNotFoundError:
        return None
    except (BrokenStateFileError, ValueError, TypeError, KeyError) as error:
        reason = str(error) if isinstance(error, BrokenStateFileError) else f"{type(error).__name__}: {error}"
        moved = set_aside(path)
        where = f"moved it to {moved}" if moved is not None else "could not move it aside"
        log.warning("ignoring the saved %s in %s: %s; %s, using defaults", what, path, reason, where)
        return None


def set_aside(path: Path, now: datetime.datetime | None = None) -> Path | None:
    """Rename ``path`` to ``<stem>.broken-<UTC timestamp>.json`` beside it (a counter added if that
    name is taken) and return the new path; None if it cannot be renamed (the next launch finds it
    again, and refuses it again)."""
    stamp = (now or datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(100):
        suffix = f"-{attempt}" if attempt else ""
        target = path.with_name(f"{path.stem}.broken-{stamp}{suffix}.json")
        if target.exists() or target.is_symlink():
            continue
        try:
            path.rename(target)
        except OSError as error:
            log.warning("could not move the broken state file %s aside: %s", path, error)
            return None
        return target
    return None


def int_field(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    """``data[key]`` as an int within ``low..high``. Floats are refused (``1e30``, a float that
    overflowed to infinity), as are booleans (an int subclass in Python)."""
    if key not in data:
        raise BrokenStateFileError(f"no {key!r}")
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int):
        shown = "a non-finite number" if isinstance(value, float) and not math.isfinite(value) else repr(value)[:40]
        raise BrokenStateFileError(f"{key!r} is not an integer: {shown}")
    if not low <= value <= high:
        raise BrokenStateFileError(f"{key!r} is {value if abs(value) < 10**12 else 'huge'}, outside {low}..{high}")
    return value


def optional_int_field(data: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
    """As :func:`int_field`, with None for a missing or null value."""
    return None if data.get(key) is None else int_field(data, key, low, high)


def str_field(data: Mapping[str, Any], key: str, max_length: int) -> str:
    """``data[key]`` as a string of at most ``max_length`` characters."""
    value = data.get(key)
    if not isinstance(value, str):
        raise BrokenStateFileError(f"{key!r} is not a string")
    if len(value) > max_length:
        raise BrokenStateFileError(f"{key!r} is longer than {max_length} characters")
    return value
