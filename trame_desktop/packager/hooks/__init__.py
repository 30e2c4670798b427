"""PyInstaller's entry point (``pyinstaller40``/``hook-dirs``): where trame-desktop's build hooks live."""

from __future__ import annotations

from pathlib import Path

__all__ = ["HOOK_DIR", "get_hook_dirs"]

HOOK_DIR = Path(__file__).resolve().parent


def get_hook_dirs() -> list[str]:
    """The folders PyInstaller searches for ``hook-*.py`` files and ``rthooks.dat`` (just this one)."""
    return [str(HOOK_DIR)]
