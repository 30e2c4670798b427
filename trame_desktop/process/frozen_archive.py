"""A frozen app reads its modules' code through one descriptor of its executable, opened once."""

from __future__ import annotations

import marshal
import os
import zlib
from types import ModuleType
from typing import Any

__all__ = ["read_through_one_descriptor"]


def read_through_one_descriptor(archive: Any, archive_module: ModuleType) -> bool:
    """Make PyInstaller's PYZ reader ``archive`` read each module with ``os.pread`` on one descriptor.

    ``archive_module`` is PyInstaller's ``pyimod01_archive`` (its entry kinds). PyInstaller's reader
    opens the executable for every module it loads, so that the file is never held open (on Windows
    an open file cannot be replaced by an updater). On POSIX a descriptor held open does not stop the
    file from being replaced, and reads through it keep returning the bytes of the executable that
    was launched, where a fresh open would read a replaced file at the old offsets. Returns False,
    leaving the reader as it is, where ``os.pread`` is missing (Windows) or the reader is not the
    shape this code knows.
    """
    pread = getattr(os, "pread", None)
    filename = getattr(archive, "_filename", None)
    start = getattr(archive, "_start_offset", None)
    toc = getattr(archive, "toc", None)
    kinds = [getattr(archive_module, name, None) for name in ("PYZ_ITEM_MODULE", "PYZ_ITEM_PKG", "PYZ_ITEM_NSPKG")]
    if (pread is None or getattr(archive.extract, "reads_one_descriptor", False) or not isinstance(filename, str)
            or not isinstance(start, int) or not isinstance(toc, dict) or None in kinds):
        return False
    try:
        descriptor = os.open(filename, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    module_kinds, namespace_kind = (kinds[0], kinds[1]), kinds[2]
    fallback = archive.extract

    def extract(name: str, raw: bool = False) -> Any:
        entry = toc.get(name)
        if entry is None:
            return fallback(name, raw)  # its KeyError, worded by PyInstaller
        typecode, offset, length = entry
        if typecode == namespace_kind:
            return None
        data = pread(descriptor, length, start + offset)
        if len(data) != length:
            raise ImportError(f"PYZ entry {name!r} is cut short: {filename} was truncated after the app started")
        try:
            data = zlib.decompress(data)
            return marshal.loads(data) if typecode in module_kinds and not raw else data
        except (EOFError, ValueError, zlib.error) as error:
            raise ImportError(f"Failed to read PYZ entry {name!r} from {filename}") from error

    extract.reads_one_descriptor = True  # type: ignore[attr-defined]  # a second call leaves it alone
    archive.extract = extract
    return True
