"""Fixtures for the desktop tests: a real X server (Xvfb) with a window manager, and app processes.

Every app runs as a subprocess ``python -m trame_desktop ...`` with HOME and XDG_* pointing into
the test's tmp_path (so platformdirs writes there), and Chromium's sandbox off (the tests run as
root). Apps built on ``apps/_driver.py`` answer commands on stdin. The helpers themselves are in
``tests/support`` (shared with the benchmarks).

Each test that launches apps runs once per pywebview backend, ``gui`` (``[qt]``, ``[gtk]``);
``--gui qt`` or ``--gui gtk`` (tests/conftest.py) runs one. A test of what only one backend has
is marked ``@pytest.mark.only_gui("qt", reason=...)``.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.display import X, missing_tools, x_display
from tests.support.processes import DESKTOP_APPS, REPO, App, isolated_env
from tests.support.waits import wait_for
from trame_desktop.shell.toolkit import GUI_BACKENDS


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "gui" in metafunc.fixturenames:
        metafunc.parametrize("gui", metafunc.config.getoption("gui") or GUI_BACKENDS, indirect=True)


def _missing_backends() -> dict[str, str]:
    """Why each backend that cannot run here cannot."""
    missing = {}
    try:
        import PyQt6.QtWebEngineWidgets  # noqa: F401 - the import is the check
    except ImportError:
        missing["qt"] = "PyQt6-WebEngine"
    # In a child: loading GTK and WebKitGTK into the test process would stay for its whole run.
    check = "from trame_desktop.shell.gtk_system import gtk_libraries_problem as p; print(p() or '')"
    problem = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60).stdout.strip()
    if problem:
        missing["gtk"] = problem.splitlines()[0]
    return missing


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    desktop = [item for item in items if "desktop" in item.keywords]
    if not desktop:
        return
    tools = missing_tools()
    backends = _missing_backends()
    for item in desktop:
        callspec = getattr(item, "callspec", None)
        gui = callspec.params.get("gui") if callspec is not None else None
        only = item.get_closest_marker("only_gui")
        if tools:
            item.add_marker(pytest.mark.skip(reason=f"desktop tests need {', '.join(tools)}"))
        elif gui is None and "qt" in backends:  # not a per-backend test: the tools around it are Qt's
            item.add_marker(pytest.mark.skip(reason=f"desktop tests need {backends['qt']}"))
        elif gui in backends:
            item.add_marker(pytest.mark.skip(reason=f"the {gui} backend cannot run here: {backends[gui]}"))
        elif only is not None and gui is not None and gui not in only.args:
            item.add_marker(pytest.mark.skip(reason=f"{'/'.join(only.args)} only: {only.kwargs.get('reason', '')}"))


@pytest.fixture
def gui(request: pytest.FixtureRequest) -> str:
    """The pywebview backend the test's apps run on (``PYWEBVIEW_GUI``): one of GUI_BACKENDS."""
    return str(request.param)


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
def web_cache_written(desktop_env: dict[str, str], gui: str) -> Callable[[str], None]:
    """web_cache_written(app_name): wait until the web view has the app's client bundle in its disk
    cache, so that the app's next launch can paint before its server runs.

    WebKitGTK writes its disk cache (``WebKitCache`` in pywebview's storage folder) a moment after
    a load, and a process that ends sooner leaves nothing there (README, "GTK builds"); Qt WebEngine
    has it by the time the page has loaded.
    """

    def wait(app_name: str) -> None:
        if gui != "gtk":
            return
        cache = Path(desktop_env["XDG_DATA_HOME"]) / app_name / "webview" / "cache" / "WebKitCache"
        wait_for(lambda: any(cache.glob("Version */Records/*/Resource/*")), f"WebKit's disk cache in {cache}")

    return wait


@pytest.fixture
def launch(desktop_env: dict[str, str], gui: str) -> Iterator[Launch]:
    """launch(*args, env=None, cwd=REPO, shell=True) -> App on the backend ``gui``; every app is
    killed at the end of the test.

    With ``shell=False`` the args are run as ``python *args`` (e.g. ``app.py --app``).
    """
    apps: list[App] = []

    def start(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO, shell: bool = True) -> App:
        app = App(list(args), {**desktop_env, "PYWEBVIEW_GUI": gui, **(env or {})}, cwd, shell)
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.kill()
