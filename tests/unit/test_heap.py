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

    # Blocks of 64 KiB (below glibc's mmap threshold, so they come from the heap) with a 1 KiB
    # one kept after each (above pymalloc's 512 bytes, so it is malloc's too and sits between
    # them): freed, the big ones leave holes that no heap top can give back.
    start = rss()
    kept, blocks = [], []
    for _ in range(3000):
        blocks.append(bytearray(64 * 1024))
        kept.append(bytearray(1024))
    held = rss() - start
    del blocks
    before = rss()
    trimmed = trim_heap()
    print(json.dumps({"trimmed": trimmed, "held": held, "before": before, "after": rss()}))
""")


def test_the_free_memory_of_the_heap_goes_back_to_the_system():
    out = subprocess.run([sys.executable, "-c", FREED], capture_output=True, text=True, timeout=60, check=True).stdout
    figures = json.loads(out)
    assert figures["trimmed"] is True
    given_back = figures["before"] - figures["after"]
    assert given_back > figures["held"] / 2, figures  # most of the ~190 MiB the big blocks held
