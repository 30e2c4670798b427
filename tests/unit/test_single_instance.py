"""The one-instance lock and hand-over on real files, real Unix sockets and real processes."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from trame_desktop.process.single_instance import InstanceLock, hand_over, lock_is_held
from trame_desktop.shell.one_instance import OneInstance, open_requests

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock and Unix sockets")

HOLDER = """
import sys, time
from pathlib import Path
from trame_desktop.process.single_instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
assert lock.acquire()
print("held", flush=True)
time.sleep(600)
"""


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "rt" / "app"


def test_the_second_lock_is_refused_and_hands_over(folder):
    first = InstanceLock(folder)
    assert first.acquire()
    heard = []
    got = threading.Event()
    first.serve(lambda handoff: (heard.append(handoff), got.set()))
    assert not InstanceLock(folder).acquire()
    assert hand_over(folder, ["app.py", "a.txt"], "/somewhere")
    assert got.wait(5)
    assert (heard[0].argv, heard[0].cwd) == (["app.py", "a.txt"], "/somewhere")
    first.close()
    assert not (folder / "instance.sock").exists()
    assert not lock_is_held(folder / "instance.lock")
    assert InstanceLock(folder).acquire()  # given up: the next one takes it


def test_the_folder_is_private(folder):
    lock = InstanceLock(folder)
    assert lock.acquire()
    assert folder.stat().st_mode & 0o777 == 0o700
    lock.close()


def test_a_killed_holder_leaves_no_lock(folder):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock_is_held(folder / "instance.lock")
        assert not InstanceLock(folder).acquire()
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    assert (folder / "instance.sock").exists()  # left behind
    assert not hand_over(folder, ["app.py"], "/", timeout=2)  # it refuses, and nobody holds the lock
    lock = InstanceLock(folder)
    assert lock.acquire()
    lock.serve(lambda handoff: None)
    assert hand_over(folder, ["app.py"], "/")  # the new socket answers
    lock.close()


def test_a_long_runtime_folder_gets_a_short_socket(tmp_path):
    deep = tmp_path / ("x" * 60) / ("y" * 60)
    lock = InstanceLock(deep)
    assert lock.acquire()
    assert len(os.fsencode(lock.socket_file)) <= 100
    lock.serve(lambda handoff: None)
    assert hand_over(deep, ["app.py"], "/")
    lock.close()


def test_open_requests_pick_paths_and_declared_urls(tmp_path):
    (tmp_path / "a b.txt").write_text("")
    args = ["a b.txt", "--title", "a b.txt", "--flag", "missing.txt", "myapp://x/y", "http://e.org",
            "file:///tmp/x%20y", "--", "-dash"]
    (tmp_path / "-dash").write_text("")
    paths, urls = open_requests(args, str(tmp_path), ["myapp"])
    assert paths == [str(tmp_path / "a b.txt"), "/tmp/x y", str(tmp_path / "-dash")]
    assert urls == ["myapp://x/y"]


def test_opt_out_never_touches_the_runtime_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    tmp_path.chmod(0o700)
    assert OneInstance("optout", {"single_instance": False}, argv=["x"], cwd="/").claim()
    assert not Path(tmp_path, "optout").exists()
    claimed = OneInstance("optin", {}, argv=["x"], cwd="/")
    assert claimed.claim()
    assert (tmp_path / "optin" / "instance.lock").exists()
    claimed.close()


def test_no_runtime_dir_in_the_environment_is_no_warning(monkeypatch) -> None:
    """A session without XDG_RUNTIME_DIR gets a folder of this user's and no warning in the log."""
    import warnings

    from trame_desktop.process.single_instance import runtime_folder

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        folder = runtime_folder("no-runtime-dir-app")
    assert [str(w.message) for w in seen] == []
    assert folder.name == "no-runtime-dir-app"
