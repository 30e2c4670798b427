"""trame_desktop.process.script_end: a main script that returned ends at once with 0, after the app's
``atexit`` handlers; any other ending keeps the interpreter's own, with its exit status.

Each case is a real script in a fresh interpreter, set up as a frozen app is: the ending's handler
registered before the app's own, the script's frame watched from inside a call (as the shell does
once the window closed). A handler registered before the ending's shows whether the teardown ran.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.support.processes import REPO

HEAD = """
import atexit, sys
from trame_desktop.process.script_end import end_if_script_returned, watch_main_script

atexit.register(lambda: print("teardown ran", flush=True))  # before the ending's: runs after it
atexit.register(end_if_script_returned)                     # a run-time hook's: before the app's
atexit.register(lambda: print("app handler ran", flush=True))

def start():  # the window's run, which watches the script once the window closed
    return watch_main_script()

def failing():
    raise KeyError("inside a call")

print("watched", start(), flush=True)
"""


def _run(tail: str, tmp_path: Path, head: str = HEAD) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "app.py"
    script.write_text(head + textwrap.dedent(tail))
    return subprocess.run([sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("tail", [
    "print('done')",
    "try:\n    failing()\nexcept KeyError:\n    pass\nprint('done')",  # caught in the script's own frame
    "def inner():\n    try:\n        failing()\n    except KeyError:\n        pass\ninner()\nprint('done')",
], ids=["returned", "caught-in-script", "caught-in-a-call"])
def test_a_script_that_returned_ends_after_the_apps_handlers_without_teardown(tail: str, tmp_path: Path) -> None:
    result = _run(tail, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["watched True", "done", "app handler ran"], result.stdout + result.stderr


@pytest.mark.parametrize(("tail", "status", "stderr"), [
    ("sys.exit(3)", 3, ""),
    ("raise SystemExit(4)", 4, ""),
    ("raise SystemExit('stopped: no data')", 1, "stopped: no data"),
    ("failing()", 1, "KeyError: 'inside a call'"),
    ("raise ValueError('late')", 1, "ValueError: late"),
], ids=["sys.exit", "SystemExit", "SystemExit-message", "from-a-call", "raised"])
def test_any_other_ending_keeps_the_interpreters_status_and_teardown(tail: str, status: int, stderr: str,
                                                                      tmp_path: Path) -> None:
    result = _run(tail, tmp_path)
    assert result.returncode == status, result.stderr
    assert result.stdout.splitlines() == ["watched True", "app handler ran", "teardown ran"], result.stdout
    assert stderr in result.stderr


def test_a_script_not_watched_ends_through_the_teardown(tmp_path: Path) -> None:
    result = _run("print('done')", tmp_path, head=HEAD.replace('print("watched", start(), flush=True)', ""))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["done", "app handler ran", "teardown ran"]
