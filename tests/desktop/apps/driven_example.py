"""examples/counter.py as written, plus the test driver (it is loaded, not run, then started)."""

import runpy
import sys
from pathlib import Path

from _driver import attach_driver

example = runpy.run_path(str(Path(sys.argv[1]).resolve()), run_name="example_under_test")
attach_driver(example["server"])

if __name__ == "__main__":
    example["server"].start()
