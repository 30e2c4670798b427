"""trame_desktop.process: the files a launch leaves for the next one (geometry, port) and where they live."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from trame_desktop.process.geometry import Geometry, load_geometry, save_geometry
from trame_desktop.process.json_files import write_json_atomically
from trame_desktop.process.paths import FALLBACK_NAME, app_paths, choose_app_name, safe_app_name
from trame_desktop.process.ports import is_free, remember_port, saved_port


def test_geometry_round_trips_and_bad_files_are_ignored(tmp_path: Path):
    path = tmp_path / "state" / "window.json"
    assert load_geometry(path) is None
    save_geometry(path, Geometry(width=640, height=480, x=None, y=12))
    assert load_geometry(path) == Geometry(width=640, height=480, x=None, y=12)
    path.write_text("{not json")
    assert load_geometry(path) is None
    path.write_text(json.dumps({"width": 10, "height": 10}))  # too small to be a real window
    assert load_geometry(path) is None
    path.write_text(json.dumps({"height": 400}))
    assert load_geometry(path) is None


def test_atomic_write_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "a" / "b.json"
    write_json_atomically(target, {"k": [1, 2]})
    write_json_atomically(target, {"k": 3}, durable=True)
    assert json.loads(target.read_text()) == {"k": 3}
    assert [p.name for p in target.parent.iterdir()] == ["b.json"]


def test_the_saved_port_is_read_back_only_when_sensible(tmp_path: Path):
    path = tmp_path / "server.json"
    assert saved_port(path) == 0
    remember_port(path, 41234)
    assert saved_port(path) == 41234
    for bad in ('{"port": 80}', '{"port": "x"}', "[]", "nope"):
        path.write_text(bad)
        assert saved_port(path) == 0, bad


def test_a_bound_port_is_not_free():
    with socket.create_server(("127.0.0.1", 0)) as held:
        assert not is_free(held.getsockname()[1])
    assert is_free(0)


def test_safe_app_names_are_one_path_component():
    assert safe_app_name("My App/../x") == "My-App-..-x"
    assert safe_app_name("..hidden") == "hidden"
    assert safe_app_name("  ") == FALLBACK_NAME


def test_the_app_name_comes_from_the_first_source_that_has_one():
    def name(**kwargs):
        return choose_app_name(**{"given": None, "frozen_executable": None, "server_name": "trame",
                                  "main_file": None, **kwargs})

    assert name(given="Given", frozen_executable="/opt/Built/Built", server_name="srv") == "Given"
    assert name(frozen_executable="/opt/Built/Built.exe", server_name="srv") == "Built"
    assert name(server_name="srv", main_file="/x/app.py") == "srv"
    assert name(main_file="/x/app.py") == "app"  # the default server name says nothing
    assert name(server_name="", main_file="-c") == FALLBACK_NAME
    assert name() == FALLBACK_NAME


def test_app_paths_are_per_app_and_named_after_it(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    paths = app_paths("My App")
    assert paths.app_name == "My-App"
    assert paths.log_file.name == "My-App.log"
    assert paths.geometry_file.parent == paths.port_file.parent == paths.render_file.parent
    assert str(paths.geometry_file).startswith(str(tmp_path / "state"))
    assert str(paths.storage_dir).startswith(str(tmp_path / "data"))
