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
            "--repeat",
            "2",
            "--settle",
            "0",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(
        r"full build, N=6, local pool of 2, median of 2: [\d.]+ s, 72 editions, [\d.]+ editions/s, 6 bags",
        out,
    ), out
    assert len(re.findall(r"  round \d \(\w+ first\): .*local [\d.]+ s", out)) == 2, out
    assert re.search(r"incremental rebuild \(unchanged, 6 skipped\): [\d.]+ s, ratio [\d.]+", out), out
    assert re.search(r"peak RSS: N=3 \d+ MiB, N=6 \d+ MiB, ratio [\d.]+", out), out
    assert re.search(r"pandoc .*: 2 articles HTML -> EPUB|pandoc: not installed", out), out
    # the pre-change code path, when this is a git checkout holding it
    assert re.search(
        r"baseline 19405ed, same build: median [\d.]+ s, [\d.]+ articles/s; ratio articles/s now / baseline, "
        r"per round: median [\d.]+ \(runs: [\d.]+, [\d.]+\)"
        r"|baseline 19405ed: skipped \(",
        out,
    ), out
    assert re.search(
        r"  until the outputs are on disk \(the build, then a sync of what it left in the page cache\): "
        r"ratio now / baseline, per round: median [\d.]+ \(runs: [\d.]+, [\d.]+\)"
        r"|baseline 19405ed: skipped \(",
        out,
    ), out
    assert re.search(
        r"  processor time \(build process and its workers, user \+ system\): now median [\d.]+ ms per "
        r"article; baseline / now per round: median [\d.]+ \(runs: [\d.]+, [\d.]+\)"
        r"|baseline 19405ed: skipped \(",
        out,
    ), out
    match = re.search(
        r"LocalCluster, 2 worker processes, same build: median [\d.]+ s, [\d.]+ articles/s; "
        r"ratio cluster / local pool, per round: median [\d.]+ \(runs: [\d.]+, [\d.]+\) \(goal <= 1.3\); "
        r"files that differ from the local build: (.*)",
        out,
    )
    assert match, out
    assert match.group(1) == "none"  # the cluster's outputs are the local pool's, byte for byte
