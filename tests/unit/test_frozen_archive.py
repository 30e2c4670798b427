"""A frozen app's module archive read through one descriptor: PyInstaller's own archives, written and
read back by PyInstaller's writer and reader, give the same code; a replaced executable keeps
serving the launched one's modules; the descriptor is not inherited."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

pytest.importorskip("PyInstaller")

from PyInstaller.archive.writers import ZlibArchiveWriter
from PyInstaller.loader import pyimod01_archive
from PyInstaller.loader.pyimod01_archive import ZlibArchiveReader

from trame_desktop.process.frozen_archive import read_through_one_descriptor

SOURCES = {
    "app": "import helpers\nVALUE = helpers.twice(21)\n",
    "helpers": '"""Helpers."""\ndef twice(x):\n    return 2 * x\n' + "PAD = %r\n" % ("x" * 5000),
    "pkg": "NAME = 'pkg'\n",
    "pkg.sub": "from pkg import NAME\nFULL = NAME + '.sub'\n",
}


def _archive(path: Path, prefix: bytes = b"", level: int = 6, sources: dict[str, str] = SOURCES) -> str:
    """A PYZ of ``sources`` (and a namespace package) written by PyInstaller, after ``prefix``: the
    reader's ``file?offset`` name, as an executable that embeds its archive has it."""
    pyz = path.with_suffix(".pyz")
    entries = [(name, f"/src/{name.replace('.', '/')}.py", "PYMODULE") for name in sources]
    entries.append(("nspkg", "-", "PYMODULE"))
    code = {name: compile(text, f"{name}.py", "exec") for name, text in sources.items()}
    level_before = ZlibArchiveWriter._COMPRESSION_LEVEL
    ZlibArchiveWriter._COMPRESSION_LEVEL = level
    try:
        ZlibArchiveWriter(str(pyz), entries, code_dict=code)
    finally:
        ZlibArchiveWriter._COMPRESSION_LEVEL = level_before
    path.write_bytes(prefix + pyz.read_bytes())
    return f"{path}?{len(prefix)}"


def _descriptors_of(path: Path) -> list[int]:
    """This process's open descriptors of ``path``."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                found.append(int(fd))
        except OSError:  # the listing's own descriptor, closed since
            pass
    return found


def _contents(reader: ZlibArchiveReader) -> dict[str, object]:
    return {name: (reader.extract(name), reader.extract(name, raw=True)) for name in reader.toc}


@pytest.mark.parametrize("level", [0, 6])
def test_every_entry_reads_the_same_as_pyinstallers_reader(tmp_path: Path, level: int) -> None:
    name = _archive(tmp_path / "app.bin", prefix=b"\x7fELF" + bytes(4000), level=level)
    theirs, ours = ZlibArchiveReader(name), ZlibArchiveReader(name)
    expected = _contents(theirs)
    assert read_through_one_descriptor(ours, pyimod01_archive)
    assert _contents(ours) == expected
    assert expected["nspkg"] == (None, None) and len(expected) == 5
    namespace: dict[str, object] = {}
    exec(ours.extract("helpers"), namespace)
    assert namespace["twice"](4) == 8  # type: ignore[operator]
    with pytest.raises(KeyError, match="missing"):
        ours.extract("missing")


def test_a_replaced_executable_keeps_serving_the_launched_ones_modules(tmp_path: Path) -> None:
    """An updater writes the new build beside the old one and renames it over: the running app's
    later imports still come from the build it was launched from."""
    executable = tmp_path / "App"
    name = _archive(executable, prefix=b"launcher" * 100)
    reader, theirs = ZlibArchiveReader(name), ZlibArchiveReader(name)
    assert read_through_one_descriptor(reader, pyimod01_archive)
    newer = {**SOURCES, "helpers": "def twice(x):\n    return 3 * x\n"}
    _archive(tmp_path / "App.new", prefix=b"new launcher" * 7, sources=newer)
    os.replace(tmp_path / "App.new", executable)

    namespace: dict[str, object] = {}
    exec(reader.extract("helpers"), namespace)
    assert namespace["twice"](4) == 8  # type: ignore[operator]
    try:  # PyInstaller's reader opens the new file and reads it at the launched one's offsets
        stale = theirs.extract("helpers")
    except zlib.error:
        stale = None
    assert stale != reader.extract("helpers")


def test_the_descriptor_is_not_inherited_and_a_second_call_changes_nothing(tmp_path: Path) -> None:
    name = _archive(tmp_path / "app.bin")
    reader = ZlibArchiveReader(name)
    assert _descriptors_of(tmp_path / "app.bin") == []
    assert read_through_one_descriptor(reader, pyimod01_archive)
    extract = reader.extract
    assert not read_through_one_descriptor(reader, pyimod01_archive) and reader.extract is extract
    (descriptor,) = _descriptors_of(tmp_path / "app.bin")
    assert not os.get_inheritable(descriptor)
    child = subprocess.run([sys.executable, "-c", f"import os; os.fstat({descriptor})"], close_fds=False,
                           capture_output=True, text=True)
    assert child.returncode != 0 and "Bad file descriptor" in child.stderr


def test_a_reader_of_another_shape_is_left_alone(tmp_path: Path) -> None:
    class Other:
        toc: dict[str, object] = {}

        def extract(self, name: str, raw: bool = False) -> object:
            return name

    other = Other()
    assert not read_through_one_descriptor(other, pyimod01_archive)
    assert other.extract("x") == "x"
    reader = ZlibArchiveReader(_archive(tmp_path / "app.bin"))
    reader._filename = str(tmp_path / "gone.bin")  # cannot be opened: PyInstaller's own reads stay
    assert not read_through_one_descriptor(reader, pyimod01_archive)
