"""Live reload: saving the app file re-runs it in the same process and window, state kept; a
failing save shows its traceback in the window and the next save recovers."""

import shutil

import pytest

from tests.support.processes import DESKTOP_APPS

pytestmark = pytest.mark.desktop

TITLE = "ReloadApp"


def text_of(app, element_id):
    return app.command("js", f"(document.getElementById('{element_id}') || {{}}).innerText || null")


def edit(path, old, new):
    source = path.read_text()
    assert old in source
    path.write_text(source.replace(old, new))


def test_a_save_shows_in_the_same_window_with_the_state_kept(launch, x, tmp_path):
    app_file = tmp_path / "reload_app.py"
    shutil.copy(DESKTOP_APPS / "reload_app.py", app_file)
    app = launch("--reload", str(app_file)).wait_shown()
    window = x.window_id(TITLE)
    for _ in range(3):
        app.command("js", "document.getElementById('inc').click(); 1")
    app.wait_js("document.getElementById('count').innerText === 'Count: 3, doubled: 6'", "count 3")

    edit(app_file, 'VERSION = "Version 1"', 'VERSION = "Version 2"')
    edit(app_file, '"Count: {{ count }}, doubled: {{ doubled }}"', '"Now {{ count }} and {{ doubled }}"')
    app.wait_js("document.getElementById('version').innerText === 'Version 2'", "the new layout")
    assert text_of(app, "count") == "Now 3 and 6"  # values kept for the keys the new run sets again
    assert x.run("xdotool", "search", "--name", f"^{TITLE}$").split() == [window]  # the same, only window
    app.command("js", "document.getElementById('inc').click(); 1")  # the new run's trigger and callback
    app.wait_js("document.getElementById('count').innerText === 'Now 4 and 8'", "count 4")
    app.wait_line("APP on_count Version 2 4")
    assert not app.has_line("APP on_count Version 1 4")  # the old callback is gone

    edit(app_file, 'VERSION = "Version 2"', 'VERSION = "Version 3"\n1 / 0')
    app.wait_js("(document.getElementById('trame-desktop-reload-error') || {}).innerText?.includes('ZeroDivisionError')",
                "the traceback in the window")
    assert app.command("state", "count") == 4  # the last good state is kept

    edit(app_file, "\n1 / 0", "")
    app.wait_js("document.getElementById('version')?.innerText === 'Version 3'", "the recovered layout")
    assert text_of(app, "count") == "Now 4 and 8"
    assert app.process.poll() is None
    assert app.close_window(x, TITLE) == 0, app.output()
