"""`python -m bench --quick` runs every benchmark end to end and writes a figure for each (no timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def test_quick_bench_writes_p1_to_p7_with_numeric_figures(tmp_path: Path) -> None:
    output = tmp_path / "latest.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads(output.read_text())
    figures = report["figures"]
    assert {f["name"].split()[0] for f in figures} == {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}
    for figure in figures:
        assert isinstance(figure["value"], int | float), figure
        assert figure["passed"] in (True, False, None), figure
    assert report["machine"]["nproc"] >= 1
    assert report["machine"]["python"]
    # The table printed for people names each benchmark as the JSON does.
    assert all(f["name"] in result.stdout for f in figures)
