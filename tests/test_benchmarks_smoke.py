"""Smoke test of benchmarks/wire.py: a quick run against both servers gives sane numbers, loses nothing.

No timing thresholds: the machine running the tests decides the speed, not this test.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

WIRE = Path(__file__).resolve().parent.parent / "benchmarks" / "wire.py"


@pytest.mark.skipif(importlib.util.find_spec("trame_server") is None, reason="needs the trame package (pip install .[test])")
def test_wire_quick_run_reports_both_servers() -> None:
    done = subprocess.run(
        [sys.executable, str(WIRE), "--quick", "--json"],
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    summary = json.loads(done.stdout)

    assert summary["metrics"], "no metrics reported"
    for name, row in summary["metrics"].items():
        for column in ("ours", "trame", "speedup"):
            value = row[column]
            assert isinstance(value, (int, float)) and math.isfinite(value) and value > 0, f"{name}.{column} = {value!r}"

    for kind in ("ours", "trame"):
        check = summary["checks"][kind]
        assert check["ok"], f"{kind}: {check['failures']}"
        assert check["pipelined_sent"] > 0 and check["pipelined_lost"] == 0
        assert check["push_expected"] > 0 and check["push_lost"] == 0
        assert check["samples"]["trigger"] > 0 and check["samples"]["state"] > 0
    assert summary["ok"] is True
