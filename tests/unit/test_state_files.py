"""trame_desktop.process.state_files: every hostile state file gives the reader's defaults and is set aside."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from trame_desktop.process.geometry import Geometry, load_geometry, save_geometry
from trame_desktop.process.ports import remember_port, saved_port
from trame_desktop.process.state_files import MAX_STATE_BYTES, read_state_file, set_aside


class Reader:
    """One state file's reader: its file name, a valid content with one field to spoil, its default."""

    def __init__(self, name: str, valid: dict[str, Any], field: str, read: Callable[[Path], Any], default: Any):
        self.name, self.valid, self.field, self.read, self.default = name, valid, field, read, default

    def with_raw(self, raw: str) -> str:
        """The valid content as JSON text with ``field``'s value replaced by the raw JSON ``raw``."""
        marker = "\u0000spoilt\u0000"
        text = json.dumps({**self.valid, self.field: marker})
        return text.replace(json.dumps(marker), raw)


READERS = {
    "window": Reader("window.json", {"width": 640, "height": 480, "x": 10, "y": 20}, "width", load_geometry, None),
    "window-position": Reader("window.json", {"width": 640, "height": 480, "x": 10, "y": 20}, "x", load_geometry,
                              None),
    "server": Reader("server.json", {"port": 41234}, "port", saved_port, 0),
}


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


# Raw contents that are not a state file of ours. Each is a whole file's bytes, or (by a str) the
# raw JSON put in place of the reader's field.
HOSTILE: dict[str, str | bytes] = {
    "infinity": "Infinity",
    "minus-infinity": "-Infinity",
    "overflowing-float": "1e999",  # json parses it to float('inf')
    "1e30": "1e30",
    "nan": "NaN",
    "negative": "-640",
    "huge-int": "1" + "0" * 40,
    "float": "640.5",
    "boolean": "true",
    "string": '"640"',
    "list": "[640]",
    "object": '{"v": 640}',
    "nested-100000-deep": _nested(100_000),
    "nested-within-the-size-bound": _nested(MAX_STATE_BYTES // 2 - 1),
    "10-MB": b'{"pad": "' + b"x" * 10_000_000 + b'"}',
    "not-an-object": b"[640, 480]",
    "a-number": b"42",
    "null": b"null",
    "empty": b"",
    "not-json": b"{width: 640",
    "not-utf-8": b'{"width": "\xff\xfe"}',
    "utf-16": json.dumps({"width": 640, "height": 480}).encode("utf-16"),
}


def _write(reader: Reader, path: Path, hostile: str | bytes) -> bytes:
    raw = hostile if isinstance(hostile, bytes) else reader.with_raw(hostile).encode("utf-8")
    path.write_bytes(raw)
    return raw


def _set_aside_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{Path(name).stem}.broken-*.json"))


# Raw values that are valid in that field: a negative position (a screen left of the primary one).
_VALID_THERE = {("window-position", "negative")}
CASES = [(kind, hostile) for kind in READERS for hostile in HOSTILE if (kind, hostile) not in _VALID_THERE]


@pytest.mark.parametrize(("kind", "hostile"), CASES, ids=[f"{kind}-{hostile}" for kind, hostile in CASES])
def test_a_hostile_state_file_gives_defaults_and_is_set_aside(kind: str, hostile: str, tmp_path: Path,
                                                              caplog: pytest.LogCaptureFixture):
    reader = READERS[kind]
    path = tmp_path / reader.name
    raw = _write(reader, path, HOSTILE[hostile])
    with caplog.at_level(logging.WARNING, logger="trame_desktop.process.state_files"):
        assert reader.read(path) == reader.default
    assert not path.exists(), "the broken file must not be read again by the next launch"
    aside = _set_aside_files(tmp_path, reader.name)
    assert len(aside) == 1 and aside[0].read_bytes() == raw  # kept whole, for whoever wants to look
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0] and str(aside[0]) in warnings[0], warnings
    # the next launch finds no file: defaults again, quietly
    caplog.clear()
    assert reader.read(path) == reader.default
    assert not caplog.records


@pytest.mark.parametrize("kind", list(READERS), ids=list(READERS))
def test_a_folder_in_place_of_a_state_file_is_set_aside(kind: str, tmp_path: Path):
    reader = READERS[kind]
    path = tmp_path / reader.name
    path.mkdir()
    (path / "inside").write_text("x")
    assert reader.read(path) == reader.default
    assert not path.exists() and len(_set_aside_files(tmp_path, reader.name)) == 1


def test_the_warning_says_why(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    path = tmp_path / "window.json"
    cases = {
        b'{"width": Infinity, "height": 480}': "Infinity is not a number",
        b'{"width": 1e30, "height": 480}': "'width' is not an integer",
        b'{"width": 640, "height": 99999999}': "'height' is 99999999, outside 50..32768",
        _nested(100_000): "larger than 64 KiB",
        _nested(20_000): "nested too deeply",
        b"[1]": "not a JSON object but list",
        b"\xff": "not UTF-8 text",
        b"{": "not JSON",
        b'{"height": 480}': "no 'width'",
    }
    for raw, reason in cases.items():
        path.write_bytes(raw)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            assert load_geometry(path) is None
        assert reason in caplog.text, (raw[:40], caplog.text)


def test_valid_files_round_trip_and_stay_in_place(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    window, server = tmp_path / "window.json", tmp_path / "server.json"
    save_geometry(window, Geometry(width=640, height=480, x=-300, y=None))
    remember_port(server, 41234)
    with caplog.at_level(logging.WARNING):
        assert load_geometry(window) == Geometry(width=640, height=480, x=-300, y=None)
        assert saved_port(server) == 41234
    assert not caplog.records
    assert sorted(p.name for p in tmp_path.iterdir()) == ["server.json", "window.json"]


def test_a_privileged_port_is_valid_but_not_reused(tmp_path: Path):
    path = tmp_path / "server.json"
    path.write_text('{"port": 80}')
    assert saved_port(path) == 0
    assert path.exists()  # a valid file: not set aside


def test_a_deeply_nested_port_record_is_refused_and_set_aside(tmp_path: Path):
    """A record read before the first paint: a nested one within the size bound is refused by the
    parser's recursion limit, not walked."""
    path = tmp_path / "server.json"
    path.write_bytes(b'{"port": ' + b"[" * (MAX_STATE_BYTES - 20) + b"}")
    assert saved_port(path) == 0
    assert not path.exists() and len(_set_aside_files(tmp_path, "server.json")) == 1
    remember_port(path, 41234)  # the launch then records its port afresh
    assert saved_port(path) == 41234


def test_set_aside_names_never_collide(tmp_path: Path):
    now = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    moved = []
    for content in ("a", "b", "c"):
        path = tmp_path / "window.json"
        path.write_text(content)
        moved.append(set_aside(path, now))
    assert [p.name for p in moved if p] == ["window.broken-20260102T030405Z.json",
                                           "window.broken-20260102T030405Z-1.json",
                                           "window.broken-20260102T030405Z-2.json"]
    assert [p.read_text() for p in moved if p] == ["a", "b", "c"]


def test_a_file_that_cannot_be_moved_aside_still_gives_defaults(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    # A file where the state folder should be: nothing in it can be read, or renamed.
    blocker = tmp_path / "state"
    blocker.write_text("a file where the state folder should be")
    with caplog.at_level(logging.WARNING):
        assert load_geometry(blocker / "window.json") is None
        assert saved_port(blocker / "server.json") == 0
    assert caplog.text.count("could not move it aside") == 2, caplog.text
    assert blocker.read_text() == "a file where the state folder should be"


def test_no_file_is_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture):
    with caplog.at_level(logging.WARNING):
        assert read_state_file(tmp_path / "missing.json", dict, "thing") is None
    assert not caplog.records
