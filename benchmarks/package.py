"""Packaging benchmark: build time and onedir size of a PyInstaller build, and its launch to first
rendered UI against the same app unpackaged (`python -m trame_desktop app.py`), with ratios.

    .venv/bin/python benchmarks/package.py [--runs 5]

Launch and close are measured exactly as in benchmarks/desktop.py (it is reused): the clock
starts when the process is spawned and stops when the app's marker block is on the X screen.
Goal: the built app starts within 1.2x of the unpackaged one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # benchmarks/desktop.py (screen reading, one timed run), which also puts the
                               # repository on sys.path for tests/support

import desktop  # noqa: E402 - needs benchmarks/ on sys.path

from tests.support.display import x_display  # noqa: E402 - needs the repository on sys.path
from tests.support.processes import isolated_env  # noqa: E402 - needs the repository on sys.path

APP = HERE / "apps" / "bench_ours.py"
NAME = "BenchPackaged"


def build(work: Path) -> tuple[float, Path]:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trame_desktop", "package", str(APP), "--name", NAME,
         "--distpath", str(work / "dist"), "--workpath", str(work / "build")],
        cwd=work, check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started, work / "dist" / NAME


def size_of(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured launches per case (after one warm-up)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-package-"))
    build_seconds, folder = build(work)
    cases = [
        desktop.Case("unpackaged: python -m trame_desktop", [sys.executable, "-m", "trame_desktop", str(APP)]),
        desktop.Case("packaged: PyInstaller onedir", [str(folder / NAME)]),
    ]
    results: dict[str, list[desktop.Run]] = {}
    with x_display(first=120) as display:
        env = isolated_env(display, work / "home", PYWEBVIEW_GUI="qt")
        screen = desktop.Screen(display, 1280, 1024)
        for case in cases:
            desktop.run_once(case, env, screen, 0.2)  # warm-up: page cache, profile folders
        for _ in range(args.runs):  # interleaved, fair to both on a noisy machine
            for case in cases:
                results.setdefault(case.name, []).append(desktop.run_once(case, env, screen, 0.2))

    size = size_of(folder)
    shutil.rmtree(work, ignore_errors=True)
    launch = {name: statistics.median(run.launch for run in runs) for name, runs in results.items()}
    close = {name: statistics.median(run.close for run in runs) for name, runs in results.items()}
    unpackaged, packaged = (case.name for case in cases)
    print(f"\nbuild: {build_seconds:.1f} s, onedir size {size / 2**20:.0f} MiB ({os.cpu_count()} cores)")
    print(f"median of {args.runs} launches each (after a warm-up)\n")
    print(f"{'case':38} {'launch s':>9} {'close s':>8}")
    for name in (unpackaged, packaged):
        print(f"{name:38} {launch[name]:9.3f} {close[name]:8.3f}")
    print(f"\nlaunch, packaged / unpackaged: {launch[packaged] / launch[unpackaged]:.2f}x  (goal <= 1.2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
