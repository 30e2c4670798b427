"""Desktop shell benchmark: launch to first rendered UI, launch to the first click the server
answers, window close to process exit, and the RSS of the whole process tree - for
`python -m trame_desktop`, for trame's own `--app` mode on the same app, and for a bare pywebview
page (the floor).

    .venv/bin/python benchmarks/desktop.py [--runs 5]

Needs Xvfb, openbox and wmctrl (it starts its own display) and psutil. "Rendered" means the
app's solid marker block is on screen, read straight from the X server (XGetImage); the clock
starts when the process is spawned. "Interactive" means a click on the block (XTest, as a mouse
would) went to the server and came back as its answer: the block turns blue. The harness clicks
every 20 ms from first paint on, so a UI painted before it can take input is not counted as
interactive. Close is `wmctrl -c` (the window manager's close, as a
user's click) until the launched process and every process it started are gone.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import itertools
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # run as a script: the repository's tests/support is shared with the tests
    sys.path.insert(0, str(HERE.parent))

from tests.support.display import missing_tools, x_display  # noqa: E402 - needs the repository on sys.path
from tests.support.processes import isolated_env  # noqa: E402 - needs the repository on sys.path

APPS = HERE / "apps"
PYTHON = sys.executable
MARKER = bytes([0x4D, 0xC8, 0x12])  # #12c84d as the X server stores it (BGRX)
ANSWER = bytes([0xC8, 0x4D, 0x1D])  # #1d4dc8: the block's colour once the server answered a click
MARKER_WIDTH, MARKER_HEIGHT = 300, 200  # the apps' block, in pixels
ROW_STEP = 40  # screen rows read per poll: every 40th, so at least 4 cross the block


@dataclass
class Case:
    name: str
    argv: list[str]
    clickable: bool = True  # the app answers a click on its block (the floor has no server)


# Every case opens an 800x600 window, pywebview's default, which the floor and trame's --app use:
# a larger window costs more to paint (llvmpipe under Xvfb), so sizes must match.
SHELL = [PYTHON, "-m", "trame_desktop", "--size", "800x600"]
CASES = [
    Case("floor: bare pywebview page", [PYTHON, str(APPS / "bench_floor.py")], clickable=False),
    Case("trame-desktop shell, our server", [*SHELL, str(APPS / "bench_ours.py")]),
    Case("trame-desktop shell, trame app", [*SHELL, str(APPS / "bench_trame.py")]),
    Case("trame --app, trame app", [PYTHON, str(APPS / "bench_trame.py"), "--app"]),
]


class Screen:
    """Reads the root window's pixels (Xlib through ctypes: no extra dependency)."""

    class XImage(ctypes.Structure):
        _fields_ = [
            ("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
            ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
            ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
            ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
        ]

    def __init__(self, display: str, width: int, height: int) -> None:
        x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XGetImage.restype = ctypes.POINTER(self.XImage)
        x11.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                  ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        x11.XFree.argtypes = [ctypes.c_void_p]
        x11.XFlush.argtypes = [ctypes.c_void_p]
        xtst = ctypes.CDLL(ctypes.util.find_library("Xtst"))
        xtst.XTestFakeMotionEvent.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_ulong]
        xtst.XTestFakeButtonEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.x11, self.xtst = x11, xtst
        self.display = x11.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open display {display}")
        self.root = x11.XDefaultRootWindow(self.display)
        self.width, self.height = width, height

    def row(self, y: int) -> bytes:
        image = self.x11.XGetImage(self.display, self.root, 0, y, self.width, 1, 0xFFFFFFFF, 2)
        try:
            return ctypes.string_at(image.contents.data, image.contents.bytes_per_line)
        finally:
            self.x11.XFree(image.contents.data)
            self.x11.XFree(image)

    def row_marker_pixels(self, y: int) -> int:
        return self.row(y).count(MARKER)

    def marker_center(self) -> tuple[int, int]:
        """A point inside the marker block (call once it is shown)."""
        for y in range(0, self.height, ROW_STEP):
            data = self.row(y)
            if data.count(MARKER) >= MARKER_WIDTH:
                start = next(i for i in itertools.count(data.find(MARKER)) if i % 4 == 0 and data[i:i + 3] == MARKER)
                return start // 4 + MARKER_WIDTH // 2, y
        raise RuntimeError("the marker block is not on screen")

    def answered(self, y: int) -> bool:
        return self.row(y).count(ANSWER) >= MARKER_WIDTH

    def click(self, x: int, y: int) -> None:
        self.xtst.XTestFakeMotionEvent(self.display, -1, x, y, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, 1, 0)
        self.xtst.XTestFakeButtonEvent(self.display, 1, 0, 0)
        self.x11.XFlush(self.display)

    def marker_shown(self) -> bool:
        """Whether the marker block is painted: every sampled row that crosses it shows its full
        width. Reading a few rows, not the whole screen, keeps the poll cheap: a full-screen read
        cost this harness and Xvfb about 24 ms of CPU each, a core's worth of polling taken from the
        app being timed on a two-core machine."""
        rows = [self.row_marker_pixels(y) for y in range(0, self.height, ROW_STEP)]
        full = sum(count >= MARKER_WIDTH for count in rows)
        return full >= MARKER_HEIGHT // ROW_STEP - 1


def tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_memory(process: psutil.Process) -> tuple[int, int]:
    """Summed RSS and PSS (bytes) of the process and all its descendants."""
    rss = pss = 0
    for member in tree(process):
        try:
            info = member.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return rss, pss


def window_ids(pids: set[int], env: dict[str, str]) -> list[str]:
    out = subprocess.run(["wmctrl", "-lp"], env=env, capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines() if len(line.split()) > 2 and int(line.split()[2]) in pids]


@dataclass
class Run:
    launch: float
    interactive: float  # launch to the server's answer to a click (nan: the floor)
    close: float  # until the whole tree is gone
    exited: float  # until the launched process itself exited
    rss: int
    pss: int


def running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def run_once(case: Case, env: dict[str, str], screen: Screen, settle: float) -> Run:
    t0 = time.perf_counter()
    popen = subprocess.Popen(case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(popen.pid)
    deadline = t0 + 60
    while not screen.marker_shown():
        if popen.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"{case.name}: no rendered UI (exit {popen.poll()})")
        time.sleep(0.005)
    launch = time.perf_counter() - t0
    interactive = first_answer(case, screen, popen, t0, deadline) if case.clickable else math.nan

    time.sleep(settle)  # let start-up work finish before measuring memory
    rss, pss = tree_memory(root)
    members = tree(root)
    pids = {p.pid for p in members}
    windows = window_ids(pids, env)
    if not windows:
        raise RuntimeError(f"{case.name}: no window found for the process tree")

    # A blocking wait: Popen.wait(timeout) polls with sleeps of up to 50 ms, which rounded every
    # close up to the next 50 ms step; a timer kills an app that never exits instead.
    watchdog = threading.Timer(60, popen.kill)
    watchdog.start()
    t1 = time.perf_counter()
    subprocess.run(["wmctrl", "-i", "-c", windows[0]], env=env, check=True)
    popen.wait()
    exited = time.perf_counter() - t1
    watchdog.cancel()
    others = [p for p in members if p.pid != popen.pid]
    while any(running(p) for p in others):  # a zombie waiting for its reaper has ended
        if time.perf_counter() - t1 > 30:
            for process in others:
                if running(process):
                    process.kill()
            break
        time.sleep(0.002)
    close = time.perf_counter() - t1
    return Run(launch, interactive, close, exited, rss, pss)


def first_answer(case: Case, screen: Screen, popen: subprocess.Popen, t0: float, deadline: float) -> float:
    """Click the block every 20 ms until the server's answer is on screen; seconds since spawn."""
    x, y = screen.marker_center()
    last_click = 0.0
    while not screen.answered(y):
        if popen.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"{case.name}: no answer to a click (exit {popen.poll()})")
        if time.perf_counter() - last_click >= 0.02:
            screen.click(x, y)
            last_click = time.perf_counter()
        time.sleep(0.005)
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per case (after one warm-up)")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds between first paint and the memory reading")
    args = parser.parse_args()

    missing = missing_tools(("Xvfb", "openbox", "wmctrl", "xdotool"))
    if missing:
        sys.exit(f"benchmarks/desktop.py needs {', '.join(missing)}")
    home = Path(tempfile.mkdtemp(prefix="bench-desktop-"))
    results: dict[str, list[Run]] = {}
    try:
        with x_display(first=120) as display:
            env = isolated_env(display, home)
            screen = Screen(display, 1280, 1024)
            for case in CASES:
                run_once(case, env, screen, args.settle)  # warm-up: caches, profile folders
                results[case.name] = []
            for _ in range(args.runs):  # interleaved, so that drift on a shared machine falls on every case
                for case in CASES:
                    results[case.name].append(run_once(case, env, screen, args.settle))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(run, field) for run in results[name])

    floor, ours, shell_trame, trame = (case.name for case in CASES)
    print(f"\nmedian of {args.runs} runs (after a warm-up), display {display}, {os.cpu_count()} cores\n")
    print(f"{'case':34} {'launch s':>9} {'click s':>8} {'close s':>8} {'(exit s)':>9} {'tree RSS MB':>12} {'tree PSS MB':>12}")
    for case in CASES:
        print(f"{case.name:34} {median(case.name, 'launch'):9.3f} {median(case.name, 'interactive'):8.3f} "
              f"{median(case.name, 'close'):8.3f} "
              f"{median(case.name, 'exited'):9.3f} "
              f"{median(case.name, 'rss') / 2**20:12.1f} {median(case.name, 'pss') / 2**20:12.1f}")
    print("\nevery run (launch s / click answered s / close s):")
    for case in CASES:
        runs = " ".join(f"{run.launch:.2f}/{run.interactive:.2f}/{run.close:.3f}" for run in results[case.name])
        print(f"  {case.name:34} {runs}")
    print()
    print(f"launch, shell (our server) / floor:        {median(ours, 'launch') / median(floor, 'launch'):.2f}x  (goal <= 1.15x)")
    print(f"first answered click, shell / floor paint: {median(ours, 'interactive') / median(floor, 'launch'):.2f}x  "
          "(goal <= 1.3x)")
    print(f"launch, shell (our server) / trame --app:  {median(ours, 'launch') / median(trame, 'launch'):.2f}x")
    print(f"launch, shell (trame app) / trame --app:   {median(shell_trame, 'launch') / median(trame, 'launch'):.2f}x")
    print(f"first answered click, shell (our server) / trame --app: "
          f"{median(ours, 'interactive') / median(trame, 'interactive'):.2f}x")
    print(f"close, shell (our server):                 {median(ours, 'close'):.3f} s  (goal < 0.10 s)")
    print(f"close, shell / trame --app:                {median(ours, 'close') / median(trame, 'close'):.2f}x")
    print(f"tree RSS, shell (our server) / trame --app: {median(ours, 'rss') / median(trame, 'rss'):.2f}x  (goal < 1)")
    print(f"tree RSS, shell (our server) - floor:      {(median(ours, 'rss') - median(floor, 'rss')) / 2**20:+.1f} MB  "
          "(goal <= +30 MB)")
    print(f"tree RSS, shell (trame app) / trame --app:  {median(shell_trame, 'rss') / median(trame, 'rss'):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
