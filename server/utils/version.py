"""trame_server.utils.version's twin: an installed package's version, or None."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def get_version(package_name: str) -> str | None:
    """The installed version of ``package_name``; None when it is not installed."""
    try:
        return version(package_name)
    except PackageNotFoundError:
        return None
