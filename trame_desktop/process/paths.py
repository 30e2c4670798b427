"""Where one app's files live on this machine (platformdirs), and the name those folders go by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FALLBACK_NAME", "AppPaths", "app_paths", "choose_app_name", "safe_app_name"]

#: The name of an app that gives none (and of a name that cleans up to nothing).
FALLBACK_NAME = "trame-desktop"

# Server names that say nothing about the app: get_server()'s default, and none.
_DEFAULT_SERVER_NAMES = frozenset({"trame", ""})


def safe_app_name(name: str) -> str:
    """Turn an app name into one path component (no separators, no leading dots)."""
    cleaned = re.sub(r"[^\w.-]+", "-", name.strip()).strip(".-")
    return cleaned or FALLBACK_NAME


def choose_app_name(
    *, given: str | None, frozen_executable: str | None, server_name: str, main_file: str | None
) -> str:
    """The app's name, first found of: the one given (``--app-name``, ``app_name=``), a packaged
    app's executable (its build's ``--name``), the server's name unless it is the default, the
    app file's stem."""
    if given:
        return given
    if frozen_executable:
        return Path(frozen_executable).stem
    if server_name not in _DEFAULT_SERVER_NAMES:
        return server_name
    stem = Path(main_file).stem if main_file else ""
    return stem if stem and stem not in ("__main__", "-c") else FALLBACK_NAME


@dataclass(frozen=True)
class AppPaths:
    """The per-user folders of one app. Nothing is created until something is written."""

    app_name: str
    log_dir: Path
    state_dir: Path
    data_dir: Path

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{self.app_name}.log"

    @property
    def geometry_file(self) -> Path:
        return self.state_dir / "window.json"

    @property
    def port_file(self) -> Path:
        """The last launch's port: the same origin keeps the web storage."""
        return self.state_dir / "server.json"

    @property
    def render_file(self) -> Path:
        """The app's first render at the last launch (see :mod:`trame_desktop.shell.last_render`)."""
        return self.state_dir / "render.json"

    @property
    def storage_dir(self) -> Path:
        """The webview's cookies and localStorage (kept across launches)."""
        return self.data_dir / "webview"


def app_paths(app_name: str) -> AppPaths:
    """Return the platformdirs folders for ``app_name`` (user log, state and data dirs)."""
    import platformdirs

    name = safe_app_name(app_name)
    return AppPaths(
        app_name=name,
        log_dir=Path(platformdirs.user_log_dir(name, appauthor=False)),
        state_dir=Path(platformdirs.user_state_dir(name, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(name, appauthor=False)),
    )
