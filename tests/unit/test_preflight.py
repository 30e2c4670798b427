"""trame_desktop.launcher.preflight: the reason a window cannot open, before anything is loaded."""

from __future__ import annotations

from trame_desktop.launcher.preflight import backend_problem, display_problem


def yes() -> bool:
    return True


def no() -> bool:
    return False


def test_no_display_on_linux_is_a_problem_elsewhere_not():
    assert "no display" in (display_problem({}, "linux") or "")
    assert display_problem({"DISPLAY": ":1"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "freebsd13") is None
    assert display_problem({}, "win32") is None and display_problem({}, "darwin") is None


def test_a_backend_asked_for_must_be_installed():
    assert 'trame-desktop[qt]' in (backend_problem({"PYWEBVIEW_GUI": "qt"}, "linux", qt=no, gtk=yes) or "")
    assert 'trame-desktop[gtk]' in (backend_problem({"PYWEBVIEW_GUI": "GTK"}, "linux", qt=yes, gtk=no) or "")
    assert backend_problem({"PYWEBVIEW_GUI": "qt"}, "linux", qt=yes, gtk=no) is None


def test_any_backend_will_do_when_none_is_asked_for():
    assert backend_problem({}, "linux", qt=no, gtk=yes) is None
    assert backend_problem({}, "linux", qt=yes, gtk=no) is None
    assert "no GUI backend" in (backend_problem({}, "linux", qt=no, gtk=no) or "")
    assert backend_problem({}, "darwin", qt=no, gtk=no) is None  # pywebview's own dependency there
