"""What a build leaves out after PyInstaller's analysis: files by pattern, and the system libraries nothing kept links to.

The spec drops Qt parts the app never loads by pattern (``DROPPED_FILES``). PyInstaller had
already collected the system libraries those parts link to (the GTK 3 stack of Qt's GTK theme
plugin, the audio codecs of Qt Multimedia), and they would stay in the build as orphans.
:func:`prune_unlinked` keeps a top-level library only when a kept binary still links to it
(``ldd``, which lists the whole closure) or when it is loaded by name at run time
(:data:`LOADED_BY_NAME`). For a build on the system's WebKitGTK, ``system_roots`` are binaries
whose libraries come from the system at run time (PyGObject's), so theirs are left out too.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence

__all__ = ["LOADED_BY_NAME", "drop_matching", "linked_names", "prune_unlinked"]

Entry = tuple  # PyInstaller's TOC entry: (dest_name, src_name, typecode)

#: Libraries opened with dlopen by name, never linked: NSS's crypto modules (Chromium's
#: certificate store), the Python interpreter itself.
LOADED_BY_NAME: tuple[str, ...] = (
    "libpython*", "libsoftokn3.so*", "libfreebl*.so*", "libnssckbi.so*", "libnssdbm3.so*", "libsmime3.so*",
    "libnss3.so*", "libnssutil3.so*", "libnspr4.so*", "libplc4.so*", "libplds4.so*",
)


def _dest(entry: Entry) -> str:
    return str(entry[0]).replace("\\", "/")


def drop_matching(entries: Iterable[Entry], patterns: Sequence[str]) -> list[Entry]:
    """``entries`` without those whose path in the build matches one of ``patterns`` (fnmatch, ``/``)."""
    return [e for e in entries if not any(fnmatch.fnmatch(_dest(e), p) for p in patterns)]


def linked_names(paths: Iterable[str]) -> set[str]:
    """The file names of every library the binaries at ``paths`` load (``ldd``: the whole closure)."""
    names: set[str] = set()
    for path in paths:
        done = subprocess.run(["ldd", path], capture_output=True, text=True)
        names.update(re.findall(r"^\s*(\S+\.so[.\d]*)\s+=>", done.stdout, re.MULTILINE))
    return names


def prune_unlinked(binaries: Sequence[Entry], system_roots: Sequence[str] = ()) -> tuple[list[Entry], list[Entry]]:
    """(kept, dropped): top-level libraries (collected as dependencies) that no kept binary links to go.

    Binaries in sub-folders (extension modules, Qt's libraries and plugins) are roots and stay,
    except those matching ``system_roots`` (fnmatch on their path in the build): they stay too,
    but what only they link to is left for the system to provide. Linux only (elsewhere,
    and without ``ldd``, nothing is dropped).
    """
    if not shutil.which("ldd") or os.name != "posix":
        return list(binaries), []
    top = [e for e in binaries if "/" not in _dest(e)]
    roots = [e for e in binaries if "/" in _dest(e)
             and not any(fnmatch.fnmatch(_dest(e), p) for p in system_roots)]
    keep_names = linked_names(str(e[1]) for e in roots if os.path.isfile(str(e[1])))
    kept, dropped = [], []
    for entry in binaries:
        name = os.path.basename(_dest(entry))
        if entry in top and name not in keep_names and not any(fnmatch.fnmatch(name, p) for p in LOADED_BY_NAME):
            dropped.append(entry)
        else:
            kept.append(entry)
    return kept, dropped
