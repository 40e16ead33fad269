"""``benchmarks/build.py`` keeps working: a tiny run reports every figure it promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_benchmark_runs_on_a_tiny_archive(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "build.py"),
            "--n",
            "6",
            "--small",
            "3",
            "--pandoc",
            "2",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"full build, N=6: [\d.]+ s, 72 editions, [\d.]+ editions/s, 6 bags", out), out
    assert re.search(r"incremental rebuild \(unchanged, 6 skipped\): [\d.]+ s, ratio [\d.]+", out), out
    assert re.search(r"peak RSS: N=3 \d+ MiB, N=6 \d+ MiB, ratio [\d.]+", out), out
    assert re.search(r"pandoc .*: 2 articles HTML -> EPUB|pandoc: not installed", out), out
