"""An unusable log folder does not stop the app: it opens its window, logs to stderr and says so once.

Each case is the counter app in a real window under Xvfb, with its log folder
(``$XDG_STATE_HOME/counter_app/log``) spoilt beforehand.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.processes import DESKTOP_APPS

pytestmark = pytest.mark.desktop

COUNTER = str(DESKTOP_APPS / "counter_app.py")
TITLE = "CounterApp"


def _file_in_place_of_the_folder(log_dir: Path) -> str:
    log_dir.write_text("a file where the log folder should be")
    return f"{log_dir} is a file, not a folder"


def _log_file_is_a_folder(log_dir: Path) -> str:
    (log_dir / "counter_app.log").mkdir(parents=True)
    return "it is a folder"


def _no_write_permission(log_dir: Path) -> str:
    if os.geteuid() == 0:
        # root writes into a mode 000 folder anyway; sysfs refuses to make a file even for root
        log_dir.symlink_to("/sys")
    else:
        log_dir.mkdir(mode=0o000)
    return "Permission denied"


CASES = {"file-in-place-of-the-folder": _file_in_place_of_the_folder, "log-file-is-a-folder": _log_file_is_a_folder,
         "no-write-permission": _no_write_permission}


@pytest.mark.parametrize("case", list(CASES))
def test_the_app_starts_and_says_once_where_it_could_not_log(case, launch, x, desktop_env):
    log_dir = Path(desktop_env["XDG_STATE_HOME"]) / "counter_app" / "log"
    log_dir.parent.mkdir(parents=True)
    reason = CASES[case](log_dir)
    try:
        app = launch(COUNTER).wait_shown()
        assert x.has_window(TITLE)
        expected = (f"trame-desktop: cannot write the log to {log_dir / 'counter_app.log'}: {reason}; "
                    "logging to the terminal")
        said = [line for line in app.stderr if "cannot write the log" in line]
        assert said == [expected], app.output()
        assert app.has_line("starting counter_app", "stderr"), app.output()  # the file's records, on stderr
        assert app.close_window(x, TITLE) == 0, app.output()
        assert app.has_line("window closed", "stderr"), app.output()
    finally:
        if log_dir.is_dir() and not log_dir.is_symlink():
            log_dir.chmod(0o755)  # so that pytest can clean up
