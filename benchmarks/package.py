"""Packaging benchmark: Qt and GTK builds of one app, their size by component and compressed, and their launch against the unpackaged app.

    .venv/bin/python benchmarks/package.py [--runs 5] [--backend qt --backend gtk] [--installers]
    .venv/bin/python benchmarks/package.py --sizes-only dist/MyApp   # the component table of any onedir
    .venv/bin/python benchmarks/package.py --work /tmp/bench-pkg      # keep the builds, reuse them next run

Each build is ``python -m trame_desktop package`` of apps/bench_ours.py (``--backend qt`` and, when
PyGObject and the system's WebKitGTK are installed, ``--backend gtk``). Sizes: every file of the
onedir counted once, grouped by what it is (Chromium inside Qt WebEngine, Qt's libraries, the
interpreter, system libraries, ...). ``--installers`` also makes the ``.deb`` (xz) and ``.tar.gz``
and reports their sizes (xz takes minutes on a small machine). Launch and close are measured exactly
as in benchmarks/desktop.py (reused): the clock starts when the process is spawned and stops when
the app's marker block is on the X screen; the cases run interleaved, in the opposite order every
other round, and each ratio is the median of the rounds' own ratios. Goals: Qt onedir <= 250 MiB,
its download <= 110 MiB, GTK onedir <= 90 MiB; the Qt build's launch and close no slower than the
unpackaged app's (<= 1.00x), the GTK build's launch within 1.2x of it.
"""

from __future__ import annotations

import argparse
import fnmatch
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

#: (component, patterns on the path inside the onedir): the first match names a file's component.
COMPONENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Chromium (libQt6WebEngineCore)", ("_internal/PyQt6/Qt6/lib/libQt6WebEngineCore*",)),
    ("Chromium data (paks, V8, ICU)", ("_internal/PyQt6/Qt6/resources/*",)),
    ("Chromium locales, Qt translations", ("_internal/PyQt6/Qt6/translations/*",)),
    ("web engine helper process", ("_internal/PyQt6/Qt6/libexec/*",)),
    ("Qt ICU (libicu*)", ("_internal/PyQt6/Qt6/lib/libicu*",)),
    ("Qt libraries", ("_internal/PyQt6/Qt6/lib/*",)),
    ("Qt plugins", ("_internal/PyQt6/Qt6/plugins/*",)),
    ("PyQt6 bindings", ("_internal/PyQt6/*",)),
    ("PyGObject, pycairo", ("_internal/gi/*", "_internal/cairo/*", "_internal/gi_typelibs/*")),
    ("Python interpreter", ("_internal/libpython*", "_internal/python3*/*", "_internal/base_library.zip")),
    ("app, server, web client", ("_internal/trame_desktop/*", "_internal/webview/*")),
    ("system libraries", ("_internal/*.so", "_internal/*.so.*")),
    ("executable (with the Python modules)", ("*",)),  # the launcher and its PYZ archive of pure modules
)


def component_sizes(folder: Path) -> dict[str, int]:
    """Bytes per component of a onedir (symlinks not counted: they point at files counted once)."""
    sizes = {name: 0 for name, _ in COMPONENTS}
    other = 0
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        inside = path.relative_to(folder).as_posix()
        for name, patterns in COMPONENTS:
            if any(fnmatch.fnmatch(inside, p) for p in patterns):
                sizes[name] += path.stat().st_size
                break
        else:  # pragma: no cover - the last pattern matches everything
            other += path.stat().st_size
    return {name: size for name, size in sizes.items() if size}


def print_sizes(builds: dict[str, Path]) -> None:
    tables = {label: component_sizes(folder) for label, folder in builds.items()}
    names = [name for name, _ in COMPONENTS if any(name in table for table in tables.values())]
    print(f"\n{'component (MiB)':40}" + "".join(f"{label:>10}" for label in tables))
    for name in names:
        print(f"{name:40}" + "".join(f"{table.get(name, 0) / 2**20:10.1f}" for table in tables.values()))
    print(f"{'total':40}" + "".join(f"{sum(table.values()) / 2**20:10.1f}" for table in tables.values()))


def build(work: Path, backend: str, installers: bool) -> tuple[float, Path, list[Path]]:
    name = f"{NAME}{backend.capitalize()}"
    out = work / backend
    started = time.perf_counter()
    formats = ["--format", "deb", "--format", "tar"] if installers else []
    subprocess.run(
        [sys.executable, "-m", "trame_desktop", "package", str(APP), "--name", name, "--backend", backend,
         "--distpath", str(out / "dist"), "--workpath", str(out / "build"), *formats],
        cwd=work, check=True, stdout=subprocess.DEVNULL,
    )
    made = sorted([*(out / "dist").glob("*.deb"), *(out / "dist").glob("*.tar.gz")])
    return time.perf_counter() - started, out / "dist" / name, made


def gtk_buildable() -> bool:
    from trame_desktop.shell.gtk_system import gtk_libraries_problem

    return gtk_libraries_problem() is None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured launches per case (after one warm-up)")
    parser.add_argument("--backend", action="append", choices=("qt", "gtk"),
                        help="builds to make (repeatable; default: qt, and gtk when it can run here)")
    parser.add_argument("--installers", action="store_true", help="also make and size the .deb and .tar.gz")
    parser.add_argument("--sizes-only", type=Path, metavar="ONEDIR", help="only print the component table of ONEDIR")
    parser.add_argument("--work", type=Path, help="build in (and keep) this folder; builds already in it are reused")
    args = parser.parse_args()
    if args.sizes_only:
        print_sizes({args.sizes_only.name: args.sizes_only})
        return 0
    backends = args.backend or ["qt", *(["gtk"] if gtk_buildable() else [])]

    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="bench-package-"))
    work.mkdir(parents=True, exist_ok=True)
    builds: dict[str, Path] = {}
    lines = []
    for backend in backends:
        folder = work / backend / "dist" / f"{NAME}{backend.capitalize()}"
        if args.work and folder.is_dir():
            builds[backend] = folder
            lines.append(f"build {backend}: reused {folder}")
            continue
        seconds, folder, made = build(work, backend, args.installers)
        builds[backend] = folder
        lines.append(f"build {backend}: {seconds:.1f} s" + "".join(
            f", {path.name} {path.stat().st_size / 2**20:.1f} MiB" for path in made))

    cases = [desktop.Case("unpackaged: python -m trame_desktop", [sys.executable, "-m", "trame_desktop", str(APP)])]
    cases += [desktop.Case(f"packaged: {backend} onedir", [str(folder / folder.name)]) for backend, folder in builds.items()]
    results: dict[str, list[desktop.Run]] = {}
    with x_display(first=120) as display:
        screen = desktop.Screen(display, 1280, 1024)
        base_env = isolated_env(display, work / "home")
        for round_ in range(args.runs + 1):  # interleaved, fair to all on a noisy machine; the first round warms up
            # every other round in the opposite order, so that no case always follows the same one
            for case in cases if round_ % 2 else cases[::-1]:
                backend = "gtk" if "gtk" in case.name else "qt"
                run = desktop.run_once(case, {**base_env, "PYWEBVIEW_GUI": backend}, screen, 0.2)
                if round_ > 0:
                    results.setdefault(case.name, []).append(run)

    print()
    print("\n".join(lines) + f"  ({os.cpu_count()} cores)")
    print_sizes(builds)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    launch = {name: statistics.median(run.launch for run in runs) for name, runs in results.items()}
    close = {name: statistics.median(run.close for run in runs) for name, runs in results.items()}
    print(f"\nmedian of {args.runs} launches each (after a warm-up); ratios: the median of each round's own\n")
    print(f"{'case':38} {'launch s':>9} {'close s':>8} {'launch vs unpackaged':>21} {'close vs unpackaged':>20}")
    unpackaged = results[cases[0].name]
    for case in cases:
        runs = results[case.name]
        launch_ratio = statistics.median(run.launch / base.launch for run, base in zip(runs, unpackaged, strict=True))
        close_ratio = statistics.median(run.close / base.close for run, base in zip(runs, unpackaged, strict=True))
        print(f"{case.name:38} {launch[case.name]:9.3f} {close[case.name]:8.3f} {launch_ratio:20.2f}x {close_ratio:19.2f}x")
    if args.runs >= 2:  # how far the rounds' own ratios spread: a wide spread says the machine was noisy
        print("\nthe rounds' own launch ratios, first to third quartile:")
        for case in cases[1:]:
            ratios = [run.launch / base.launch for run, base in zip(results[case.name], unpackaged, strict=True)]
            first, _, third = statistics.quantiles(ratios, n=4)
            print(f"  {case.name:36} {first:.2f}x - {third:.2f}x")
    print("\ngoals: Qt build's launch and close <= 1.00x unpackaged, GTK build's launch <= 1.2x;"
          " Qt onedir <= 250 MiB, download <= 110 MiB; GTK onedir <= 90 MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
