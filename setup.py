"""Build hook: compiles the web client (assets/) with npm into trame_desktop/_client/.

Metadata lives in pyproject.toml; this file only overrides ``build_py`` so that
``pip install .``, ``pip wheel .`` and ``pip install -e .`` (PEP 660) all build
the client when it is missing or older than its sources.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
ASSETS = ROOT / "assets"
CLIENT = ROOT / "trame_desktop" / "_client"
SOURCES = ("package.json", "package-lock.json", "build.mjs", "index.html", "src", "public")
NPM_MISSING = (
    "npm not found: install Node.js >= 18 with npm (e.g. apt-get install nodejs npm, "
    "or https://nodejs.org) to build trame-desktop's web client"
)


def newest_source_mtime() -> float:
    newest = 0.0
    for name in SOURCES:
        path = ASSETS / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                newest = max(newest, file.stat().st_mtime)
    return newest


def client_is_stale() -> bool:
    index = CLIENT / "index.html"
    return not index.is_file() or index.stat().st_mtime < newest_source_mtime()


def dependencies_are_stale() -> bool:
    """node_modules missing, or older than the lock file npm last installed from."""
    installed = ASSETS / "node_modules" / ".package-lock.json"
    lock = ASSETS / "package-lock.json"
    if not installed.is_file():
        return True
    reference = lock if lock.is_file() else ASSETS / "package.json"
    return installed.stat().st_mtime < reference.stat().st_mtime


def run(command: list[str]) -> None:
    print(f"trame-desktop client: {' '.join(command)} (in {ASSETS})", flush=True)
    subprocess.run(command, cwd=ASSETS, check=True)


def build_client() -> None:
    if not ASSETS.is_dir():
        if (CLIENT / "index.html").is_file():
            return  # e.g. building from an unpacked wheel-like tree: already built
        raise RuntimeError(f"the web client sources are missing: {ASSETS}")
    if not client_is_stale():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(NPM_MISSING)
    started = time.monotonic()
    if dependencies_are_stale():
        has_lock = (ASSETS / "package-lock.json").is_file()
        run([npm, "ci" if has_lock else "install", "--no-audit", "--no-fund"])
    run([npm, "run", "build"])
    print(f"trame-desktop client: built in {time.monotonic() - started:.1f}s", flush=True)


class BuildPyWithClient(build_py):
    """``build_py`` that first builds the web client into the package."""

    def run(self) -> None:
        build_client()
        # A reused build/ directory would otherwise keep bundles of earlier builds.
        if not getattr(self, "editable_mode", False):
            shutil.rmtree(Path(self.build_lib) / "trame_desktop" / "_client", ignore_errors=True)
        super().run()


setup(cmdclass={"build_py": BuildPyWithClient})
