"""PyInstaller builds: the counter (``package`` command and a plain ``pyinstaller app.py``) starts in
a window, works, takes window options from its command line, reads its modules through one
descriptor of its executable, closes cleanly and logs; an app that
crashes at start-up leaves a log file and a message naming it; a GTK build (``--backend gtk``) runs
on the system's WebKitGTK, and without it says which packages to install.

Slow (real builds, about 40 s each here, one per module fixture): skipped unless
TRAME_DESKTOP_TEST_PACKAGING=1, which .ci/run sets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.display import X
from tests.support.packaged import (
    close,
    executable_ok,
    package,
    start,
    stop,
    use_counter,
    wait_rendered,
)
from tests.support.processes import DESKTOP_APPS, REPO, process_tree, survivors
from tests.support.waits import WAIT, wait_for

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.desktop,
    pytest.mark.skipif(os.environ.get("TRAME_DESKTOP_TEST_PACKAGING") != "1", reason="set TRAME_DESKTOP_TEST_PACKAGING=1"),
    pytest.mark.timeout(900),  # the first test of each build also waits for the build
]

NAME = "CounterApp"
CRASH_NAME = "CrashingApp"
COUNTER = REPO / "examples" / "counter.py"


def _build(command: list[str], cwd: Path) -> None:
    # the spec's own archive level, whatever the shell running the tests chose
    env = {name: value for name, value in os.environ.items() if name != "PYINSTALLER_ZLIB_COMPRESSION_LEVEL"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def _package(app: Path, name: str, work: Path) -> Path:
    """``python -m trame_desktop package app --name name`` (onedir); returns the executable."""
    _build([sys.executable, "-m", "trame_desktop", "package", str(app), "--name", name,
            "--distpath", str(work / "dist"), "--workpath", str(work / "build")], work)
    executable = work / "dist" / name / name
    assert executable.is_file() and os.access(executable, os.X_OK)
    return executable


@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _package(COUNTER, NAME, tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def built_crash_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _package(DESKTOP_APPS / "packaged_crash_app.py", CRASH_NAME, tmp_path_factory.mktemp("crash"))


@pytest.fixture(scope="module")
def plain_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``pyinstaller --windowed examples/counter.py``: only the hook registered through the entry point."""
    work = tmp_path_factory.mktemp("plain")
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    _build([str(pyinstaller), "--noconfirm", "--windowed", "--log-level", "WARN", "--distpath", str(work / "dist"),
            "--workpath", str(work / "build"), "--specpath", str(work / "spec"), str(COUNTER)], work)
    executable = work / "dist" / COUNTER.stem / COUNTER.stem
    assert executable.is_file() and os.access(executable, os.X_OK)
    return executable


def _pyz_entry_sizes(archive: Path, module: str) -> tuple[int, int]:
    """A module's size in a PYZ archive and its size once read out (PyInstaller's own reader)."""
    from PyInstaller.loader.pyimod01_archive import ZlibArchiveReader

    reader = ZlibArchiveReader(str(archive))
    _typecode, _offset, length = reader.toc[module]
    return length, len(reader.extract(module, raw=True))


def _tree(process: subprocess.Popen) -> set[int]:
    return process_tree(process.pid)


def _assert_gone(pids: set[int]) -> None:
    assert survivors(pids) == [], "helper processes outlived the app"


def test_built_counter_shows_ui_clicks_closes_and_logs(built_app: Path, desktop_env: dict[str, str], x: X, tmp_path: Path) -> None:
    # what the build leaves out, so that this run shows the app works without it
    internal = built_app.parent / "_internal"
    assert not list(internal.rglob("qtwebengine_devtools_resources.pak"))
    assert not [p.name for p in internal.glob("PyQt6/Qt*.so") if p.name.split(".")[0] in
                ("QtQml", "QtQuick", "QtQuickWidgets", "QtPositioning", "QtDBus")]
    assert list(internal.glob("PyQt6/Qt6/lib/libQt6Quick.so*"))  # the web engine links it: it stays
    # the modules' archive is stored, not deflated (the spec's PYZ_COMPRESSION_LEVEL), and this run reads it
    stored, inflated = _pyz_entry_sizes(built_app.parents[2] / "build" / NAME / "PYZ-00.pyz", "trame_desktop.shell.run")
    assert stored >= inflated, f"the archive holds {stored} bytes for {inflated}: compressed"
    use_counter([str(built_app)], desktop_env, x, tmp_path, "built.png")

    logs = list((Path(desktop_env["XDG_STATE_HOME"]) / NAME).rglob("*.log"))
    assert logs, f"no log file under {desktop_env['XDG_STATE_HOME']}/{NAME}: {list(Path(desktop_env['XDG_STATE_HOME']).rglob('*'))}"
    assert logs[0].stat().st_size > 0


def test_window_options_on_the_built_apps_command_line_apply(built_app: Path, desktop_env: dict[str, str], x: X,
                                                             tmp_path: Path) -> None:
    title = "Titled Build"
    process = start([str(built_app), "--title", title, "--size", "700x500", "--no-restore"], desktop_env, tmp_path)
    try:
        wait_for(lambda: x.has_window(title) or process.poll() is not None, f"the {title!r} window")
        assert x.has_window(title), f"exited {process.returncode}: {process.stdout.read()}"
        assert "Counter" not in x.titles()  # the page's own title does not replace the one asked for
        assert x.geometry(title) == (700, 500)
        # its modules came through one descriptor of the executable, held open (process/frozen_archive.py)
        held = [fd for fd in os.listdir(f"/proc/{process.pid}/fd")
                if os.readlink(f"/proc/{process.pid}/fd/{fd}") == str(built_app)]
        assert len(held) == 1, held
        assert close(x, process, title) == 0, process.stdout.read()
    finally:
        stop(process)


def test_a_plain_pyinstaller_build_shows_ui_closes_and_logs(plain_build: Path, desktop_env: dict[str, str], x: X,
                                                            tmp_path: Path) -> None:
    wire_log = tmp_path / "wire.jsonl"
    process = start([str(plain_build)], {**desktop_env, "TRAME_LOG_NETWORK": str(wire_log)}, tmp_path)
    try:
        wait_rendered(x, wire_log, "Counter", tmp_path / "plain.png")
        assert close(x, process, "Counter") == 0, process.stdout.read()
    finally:
        stop(process)

    # named after its executable (the script's stem) as no --name was given
    log = Path(desktop_env["XDG_STATE_HOME"]) / COUNTER.stem / "log" / f"{COUNTER.stem}.log"
    assert log.is_file() and "window closed" in log.read_text()


# Reads the X clipboard the way another application would.
_READ_CLIPBOARD = "from PyQt6.QtWidgets import QApplication; app = QApplication([]); print(app.clipboard().text(), end='')"


def _copy_message_text(x: X, title: str) -> str:
    """Select the message box's text with the mouse (from its first line to past its end), copy it, read it back."""
    window = x.window_id(title)
    x.run("xdotool", "windowactivate", "--sync", window, check=False)
    width, height = x.geometry(title)
    x.run("xdotool", "mousemove", "--window", window, str(width // 2), "16", "mousedown", "1",
          "mousemove", "--window", window, str(width // 2 + 10), str(height // 2),
          "mousemove", "--window", window, str(width - 3), str(height - 3), "mouseup", "1", "key", "ctrl+c")
    return x.run(sys.executable, "-c", _READ_CLIPBOARD, check=False)


def test_a_crash_at_start_up_leaves_a_log_and_a_message_naming_it(built_crash_app: Path, desktop_env: dict[str, str],
                                                                  x: X, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    for key in ("HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(key, desktop_env[key])
    log = Path(platformdirs.user_log_dir(CRASH_NAME, appauthor=False)) / f"{CRASH_NAME}.log"
    title = f"{CRASH_NAME} could not start"

    process = start([str(built_crash_app)], desktop_env, tmp_path)
    try:
        wait_for(lambda: x.has_window(title) or process.poll() is not None, "the crash message")
        assert x.has_window(title), f"no message; exited {process.returncode}: {process.stdout.read()}"
        assert process.poll() is None  # the message waits for the user

        def names_the_log() -> bool:
            return str(log) in _copy_message_text(x, title)

        wait_for(names_the_log, "the message's text naming the log file")

        logged = log.read_text()
        assert "Traceback (most recent call last)" in logged
        assert "packaged_crash_app.py" in logged and "RuntimeError: this packaged app is broken on purpose" in logged

        tree = _tree(process)
        x.close(title)  # dismiss it as a user does
        assert process.wait(WAIT) == 1, process.stdout.read()
        _assert_gone(tree)
        assert not x.has_window(title)
    finally:
        stop(process)


def test_a_build_that_cannot_write_its_log_says_so_and_starts(built_app: Path, desktop_env: dict[str, str], x: X,
                                                              tmp_path: Path) -> None:
    log_dir = Path(desktop_env["XDG_STATE_HOME"]) / NAME / "log"
    log_dir.parent.mkdir(parents=True)
    log_dir.write_text("a file where the log folder should be")
    title = f"{NAME}: no log file"
    process = start([str(built_app)], desktop_env, tmp_path)
    try:
        wait_for(lambda: x.has_window(title) or process.poll() is not None, "the message about the log")
        assert x.has_window(title), f"no message; exited {process.returncode}: {process.stdout.read()}"
        assert not x.has_window("Counter")  # said before the window opens, as a crash would be

        def names_the_log() -> bool:
            return str(log_dir / f"{NAME}.log") in _copy_message_text(x, title)

        wait_for(names_the_log, "the message's text naming the log file")
        x.close(title)  # dismiss it as a user does: the app goes on
        wait_for(lambda: x.has_window("Counter") or process.poll() is not None, "the app's window after the message")
        assert x.has_window("Counter"), f"exited {process.returncode}: {process.stdout.read()}"
        assert close(x, process, "Counter") == 0
        output = process.stdout.read()
        assert output.count("trame-desktop: cannot write the log to") == 1, output
        assert f"{log_dir} is a file, not a folder; logging to the terminal" in output
    finally:
        stop(process)
# --- a build on the GTK backend (the system's WebKitGTK) -------------------------------------------------------

GTK_NAME = "GtkCounter"


def _gtk_ready() -> str | None:
    from trame_desktop.shell.gtk_system import gtk_libraries_problem

    return gtk_libraries_problem()


@pytest.fixture(scope="module")
def gtk_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    problem = _gtk_ready()
    if problem:
        pytest.skip(problem)
    work = tmp_path_factory.mktemp("gtk")
    package(COUNTER, work, "--name", GTK_NAME, "--backend", "gtk")
    executable = work / "dist" / GTK_NAME / GTK_NAME
    assert executable_ok(executable)
    return executable


def test_a_gtk_build_carries_no_qt_nor_webkit_and_renders_clicks_and_closes(gtk_build: Path, desktop_env: dict[str, str],
                                                                              x: X, tmp_path: Path) -> None:
    files = [p.relative_to(gtk_build.parent).as_posix() for p in gtk_build.parent.rglob("*")]
    assert not [f for f in files if "Qt6" in f or "PyQt" in f], "a GTK build must not carry Qt"
    assert not [f for f in files if "libwebkit2gtk" in f or "libgtk-3" in f or f.endswith(".typelib")], \
        "a GTK build uses the system's GTK and WebKitGTK"
    assert any(f.startswith("_internal/gi/") for f in files)

    # PYWEBVIEW_GUI unset: the build chooses its only backend itself
    env = {k: v for k, v in desktop_env.items() if k != "PYWEBVIEW_GUI"}
    use_counter([str(gtk_build)], env, x, tmp_path, "gtk.png")
    log = Path(desktop_env["XDG_STATE_HOME"]) / GTK_NAME / "log" / f"{GTK_NAME}.log"
    assert log.is_file() and "window closed" in log.read_text()


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="hides the system's typelibs in a mount namespace: needs root")
def test_a_gtk_build_without_the_systems_webkitgtk_names_the_packages_to_install(gtk_build: Path,
                                                                                 desktop_env: dict[str, str],
                                                                                 tmp_path: Path) -> None:
    found = sorted(Path("/usr/lib").glob("*/girepository-1.0/WebKit2-4.1.typelib"))
    assert found, "the system's WebKit2 typelib"
    empty = tmp_path / "empty"
    empty.mkdir()
    # a private mount namespace: the system's typelib folder looks empty to this app only
    script = f'mount --bind "{empty}" "{found[0].parent}" && exec "$0"'
    env = {k: v for k, v in desktop_env.items() if k != "PYWEBVIEW_GUI"}  # the build picks its backend itself
    done = subprocess.run(["unshare", "--mount", "sh", "-c", script, str(gtk_build)], capture_output=True, text=True,
                          env={**env, "TRAME_DESKTOP_NO_CRASH_DIALOG": "1", "PYTHONPATH": ""},
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "gir1.2-webkit2-4.1" in done.stderr and "webkit2gtk4.1" in done.stderr, done.stderr
