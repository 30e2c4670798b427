"""examples/notes.py as written: a file on its command line is shown, a second launch with another
file hands it to the running window and exits 0, its menu's shortcut opens the outline window, and
that window shows the app menu too: its Close shortcut closes the window it is pressed in (the
shortcuts are Qt's: see tests/desktop/test_menus.py)."""

import pytest

from tests.support.processes import REPO
from tests.support.waits import wait_for

pytestmark = pytest.mark.desktop

NOTES = str(REPO / "examples" / "notes.py")


def test_notes_opens_files_from_the_command_line_and_from_a_second_launch(launch, x, tmp_path):
    (tmp_path / "todo.txt").write_text("milk\n")
    (tmp_path / "done.md").write_text("bread\n")
    app = launch(NOTES, "todo.txt", cwd=tmp_path)
    wait_for(lambda: x.has_window("Notes: todo.txt"), "the file's name in the title")
    second = launch(NOTES, str(tmp_path / "done.md"))
    assert second.wait_exit() == 0, second.output()
    wait_for(lambda: x.has_window("Notes: done.md"), "the second launch's file in the same window")
    app.wait_line(f"notes: another launch from {REPO} gave ['{tmp_path / 'done.md'}']")
    assert x.titles().count("Notes: done.md") == 1
    assert app.close_window(x, "Notes: done.md") == 0, app.output()


@pytest.mark.only_gui("qt", reason="window menus are pywebview's Qt backend's")
def test_notes_menu_shortcut_opens_the_outline_window(launch, x, tmp_path):
    (tmp_path / "todo.txt").write_text("# milk\n")
    app = launch(NOTES, "todo.txt", cwd=tmp_path)
    wait_for(lambda: x.has_window("Notes: todo.txt"), "the file's name in the title")
    x.run("xdotool", "windowactivate", "--sync", x.window_id("Notes: todo.txt"))
    x.key("ctrl+shift+o")  # View > Outline window
    wait_for(lambda: x.has_window("Outline"), "the outline window")
    x.run("xdotool", "windowactivate", "--sync", x.window_id("Outline"))
    x.key("ctrl+w")  # File > Close window, in the outline window's copy of the app menu
    wait_for(lambda: not x.has_window("Outline"), "the outline window closed")
    assert x.has_window("Notes: todo.txt") and app.process.poll() is None
    assert app.close_window(x, "Notes: todo.txt") == 0, app.output()
