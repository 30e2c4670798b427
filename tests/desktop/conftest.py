"""Fixtures for the desktop tests: a real X server (Xvfb) with a window manager, and app processes.

Every app runs as a subprocess ``python -m trame_desktop ...`` with HOME and XDG_* pointing into
the test's tmp_path (so platformdirs writes there), the Qt backend, and Chromium's sandbox off
(the tests run as root). Apps built on ``apps/_driver.py`` answer commands on stdin. The helpers
themselves are in ``tests/support`` (shared with the benchmarks).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.display import X, missing_tools, x_display
from tests.support.processes import DESKTOP_APPS, REPO, App, isolated_env


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    missing = missing_tools()
    try:
        import PyQt6.QtWebEngineWidgets  # noqa: F401 - the import is the check
    except ImportError:
        missing.append("PyQt6-WebEngine")
    if not missing:
        return
    skip = pytest.mark.skip(reason=f"desktop tests need {', '.join(missing)}")
    for item in items:
        if "desktop" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def xdisplay() -> Iterator[str]:
    """A private X display with openbox running on it; yields ':N'."""
    with x_display(first=90) as display:
        yield display


@pytest.fixture
def desktop_env(xdisplay: str, tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "runtime").mkdir(mode=0o700)
    return isolated_env(xdisplay, home, XDG_RUNTIME_DIR=str(tmp_path / "runtime"), PYTHONUNBUFFERED="1",
                        PYTHONPATH=str(DESKTOP_APPS))


@pytest.fixture
def x(xdisplay: str) -> X:
    return X(xdisplay)


Launch = Callable[..., App]


@pytest.fixture
def launch(desktop_env: dict[str, str]) -> Iterator[Launch]:
    """launch(*args, env=None, cwd=REPO, shell=True) -> App; every app is killed at the end of the test.

    With ``shell=False`` the args are run as ``python *args`` (e.g. ``app.py --app``).
    """
    apps: list[App] = []

    def start(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO, shell: bool = True) -> App:
        app = App(list(args), {**desktop_env, **(env or {})}, cwd, shell)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.kill()
