"""Live reload latency: from saving the app file to its new layout on screen, in the same window.

    .venv/bin/python benchmarks/reload.py [--runs 15]

Starts its own Xvfb and openbox, runs ``python -m trame_desktop --reload`` on a copy of a small
app in a temporary folder, then rewrites that file, alternating the colour of the app's block
between green and blue in its layout, and times each write until the new colour fills the block's
row on screen (read from the X server, as benchmarks/desktop.py does). There is no peer to compare
with (neither trame's ``--app`` nor pywebview reloads an app in its window): it reports the median
and the spread. The first save is a warm-up and is not counted.
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
if str(HERE.parent) not in sys.path:  # run as a script: the repository's tests/support is shared with the tests
    sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from desktop import ANSWER, MARKER, MARKER_WIDTH, Screen  # noqa: E402 - after the path set-up

from tests.support.display import missing_tools, x_display  # noqa: E402 - needs the repository on sys.path
from tests.support.processes import isolated_env  # noqa: E402 - needs the repository on sys.path

COLOURS = {"green": ("#12c84d", MARKER), "blue": ("#1d4dc8", ANSWER)}

APP = '''
from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("bench_reload")
server.state.trame__title = "BenchReload"

with DivLayout(server):
    html.Div(style="width: 300px; height: 200px; background: {colour};")

if __name__ == "__main__":
    server.start()
'''


def wait_row(screen: Screen, y: int, pixel: bytes, popen: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while screen.row(y).count(pixel) < MARKER_WIDTH:
        if popen.poll() is not None or time.perf_counter() > deadline:
            raise RuntimeError(f"the new layout did not show (exit {popen.poll()})")
        time.sleep(0.002)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured saves (after one warm-up)")
    args = parser.parse_args()
    missing = missing_tools(("Xvfb", "openbox"))
    if missing:
        sys.exit(f"benchmarks/reload.py needs {', '.join(missing)}")

    home = Path(tempfile.mkdtemp(prefix="bench-reload-"))
    app_file = home / "bench_reload.py"
    app_file.write_text(APP.format(colour=COLOURS["green"][0]))
    times: list[float] = []
    try:
        with x_display(first=130) as display:
            env = isolated_env(display, home / "home")
            screen = Screen(display, 1280, 1024)
            popen = subprocess.Popen([sys.executable, "-m", "trame_desktop", "--reload", "--size", "800x600",
                                      str(app_file)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                deadline = time.perf_counter() + 60
                while not screen.marker_shown():
                    if popen.poll() is not None or time.perf_counter() > deadline:
                        raise RuntimeError(f"the app did not show (exit {popen.poll()})")
                    time.sleep(0.01)
                _, y = screen.marker_center()
                time.sleep(1.0)  # start-up work done
                for run in range(args.runs + 1):
                    name = "blue" if run % 2 == 0 else "green"
                    colour, pixel = COLOURS[name]
                    t0 = time.perf_counter()
                    app_file.write_text(APP.format(colour=colour))
                    wait_row(screen, y, pixel, popen)
                    if run:
                        times.append(time.perf_counter() - t0)
                    time.sleep(0.3)
            finally:
                popen.terminate()
                popen.wait(30)
    finally:
        shutil.rmtree(home, ignore_errors=True)

    ms = sorted(t * 1000 for t in times)
    print(f"\nsave to new layout on screen, same window: {len(ms)} saves (after a warm-up), "
          f"display {display}, {os.cpu_count()} cores")
    print(f"  median {statistics.median(ms):.0f} ms   min {ms[0]:.0f} ms   max {ms[-1]:.0f} ms")
    print("  goal: within 1 s of the save")
    return 0


if __name__ == "__main__":
    sys.exit(main())
