"""``benchmarks/po.py`` keeps working: it runs at small sizes and prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_po_benchmark_runs_and_prints_a_ratio_per_shape_and_operation(packages_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "po.py"), "--sizes", "500,5000", "--repeat", "1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: a ratio above the goal (noise at these sizes)
    lines = done.stdout.splitlines()
    for shape in ("word", "prose", "lines", "marks"):
        for operation in ("parse", "render", "check", "update"):
            assert any(line.split()[:2] == [shape, operation] and line.endswith("x") for line in lines)
    assert "worst ratio per 10x:" in lines[-1]


def test_po_benchmark_refuses_a_single_size() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "po.py"), "--sizes", "500"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 2
    assert "at least two" in done.stderr
