"""``trim_heap`` gives memory the C heap holds free back to the system (glibc; a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")

FREED = textwrap.dedent("""
    import json, resource
    from pathlib import Path
    from trame_desktop.process.heap import trim_heap

    def rss():  # resident pages now, not the peak
        return int(Path("/proc/self/statm").read_text().split()[1]) * resource.getpagesize()

    # Blocks of 64 KiB (below glibc's mmap threshold, so they come from the heap) with a small
    # one kept after each: freed, the big ones leave holes that a heap top cannot give back.
    kept, blocks = [], []
    for _ in range(3000):
        blocks.append(bytearray(64 * 1024))
        kept.append(bytearray(64))
    del blocks
    before = rss()
    trimmed = trim_heap()
    print(json.dumps({"trimmed": trimmed, "before": before, "after": rss()}))
""")


def test_the_free_memory_of_the_heap_goes_back_to_the_system():
    out = subprocess.run([sys.executable, "-c", FREED], capture_output=True, text=True, timeout=60, check=True).stdout
    figures = json.loads(out)
    assert figures["trimmed"] is True
    given_back = figures["before"] - figures["after"]
    assert given_back > 100 * 2**20, figures  # of the ~190 MiB freed
