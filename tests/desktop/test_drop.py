"""Files dropped on the window reach ``ctrl.on_window_files_dropped`` with their full paths.

Each drop is a real X drag-and-drop between two processes: ``apps/drag_source.py`` (a Qt window
that starts a ``QDrag`` of ``file://`` URLs, as a file manager does) and the app's window, with
the pointer driven by xdotool under openbox: press on the source, move onto the app's page,
release once the page has accepted the files.
"""

import json
import time

import pytest

from tests.support.processes import DESKTOP_APPS
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

DROP_APP = str(DESKTOP_APPS / "drop_app.py")
DRAG_SOURCE = str(DESKTOP_APPS / "drag_source.py")
TITLE = "DropApp"
SOURCE_TITLE = "DragSource"
DROPPED = "DRIVER event on_window_files_dropped "


@pytest.fixture
def drop_app(launch):
    """The app, placed clear of the drag source's window (top left), shown and rendered."""
    app = launch("--position", "300x200", DROP_APP)
    app.wait_line("DRIVER event on_window_shown")
    app.wait_js("!!document.getElementById('zone') && document.body.dataset.connection === 'connected'", "the app's drop zone")
    return app


def drag_files(launch, x, paths):
    """Drag ``paths`` from a new drag source onto the middle of the app's page and drop them.

    Returns the source, still running: the app reads the dropped data from it after the drop,
    so it must be kept until the app has had the files.
    """
    source = launch(DRAG_SOURCE, *map(str, paths), shell=False)
    source.wait_line("DRAG ready")
    source_id = x.window_id(SOURCE_TITLE)
    target_id = x.window_id(TITLE)
    width, height = x.geometry(TITLE)
    middle = (width // 2, height // 2)

    x.run("xdotool", "mousemove", "--window", source_id, "80", "60", "mousedown", "1")
    source.wait_line("DRAG started")  # the source grabbed the pointer: a drag is under way
    # a few steps out of the source and across the page, as a hand would move
    for step in (4, 3, 2, 1):
        x.run("xdotool", "mousemove", "--window", target_id,
              str(middle[0] - 60 * step), str(middle[1] - 30 * step))
        time.sleep(0.1)
    # hover over the middle until the page accepts the files, then let go
    nudge = iter(range(1_000_000))

    def accepted() -> bool:
        if source.has_line("DRAG action copy"):
            return True
        x.run("xdotool", "mousemove", "--window", target_id, str(middle[0] + next(nudge) % 2), str(middle[1]))
        return False

    wait_for(accepted, lambda: f"the page to accept the dragged files\n{source.output()}")
    x.run("xdotool", "mouseup", "1")
    source.wait_line("DRAG done")
    assert source.has_line("DRAG done copy"), source.output()  # the app took the drop
    return source


def close_source(source, x):
    source.kill()
    wait_for(lambda: not x.has_window(SOURCE_TITLE), "the drag source to close")


def drops(app):
    """Every ``paths`` argument the app's drop hook got so far, in order."""
    lines = [line for line in list(app.stdout) if line.startswith(DROPPED)]
    return [json.loads(line[len(DROPPED):])[0] for line in lines]


def test_dropped_files_reach_the_hook_with_their_full_paths(drop_app, launch, x, tmp_path):
    names = ["a/report.txt", "with space/naïve é.txt", "100% done #1.txt", "b/report.txt"]
    files = [tmp_path / name for name in names]
    for path in files:
        path.parent.mkdir(exist_ok=True)
        path.write_text(path.name)

    source = drag_files(launch, x, files)
    wait_for(lambda: drops(drop_app), lambda: f"the drop hook\n{drop_app.output()}")
    assert drops(drop_app) == [[str(path) for path in files]]  # exact, all of them, in order
    close_source(source, x)

    # a second drop gets its own paths only, even with a base name the first one had
    again = tmp_path / "c" / "report.txt"
    again.parent.mkdir()
    again.write_text("again")
    source = drag_files(launch, x, [again])
    wait_for(lambda: len(drops(drop_app)) == 2, lambda: f"the second drop\n{drop_app.output()}")
    assert drops(drop_app)[1] == [str(again)]
    close_source(source, x)

    assert drop_app.command("js", "location.href").startswith("http://127.0.0.1:")  # still the app
    assert drop_app.close_window(x, TITLE) == 0, drop_app.output()
