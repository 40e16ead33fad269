"""``benchmarks/read.py`` keeps working: it runs on the samples alone and reports what it read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_read_benchmark_runs_without_the_corpus_or_trafilatura(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "read.py"),
            "--repeat",
            "1",
            "--corpus",
            str(tmp_path / "absent"),
            "--no-trafilatura",
            "--slowest",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    samples = len(list((ROOT / "archive").glob("*/article.*")))
    assert f"{samples} pages" in result.stdout
    assert "samples only" in result.stdout
    assert "cpu time" in result.stdout  # the process's CPU time unless --clock wall
    assert "archivepub.read, all pages" in result.stdout
    assert result.stdout.count("  slow: archive/") == 2
    assert "trafilatura: not compared" in result.stdout
    assert "read error" not in result.stderr


def test_read_benchmark_rejects_a_zero_repeat() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "read.py"), "--repeat", "0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--repeat must be at least 1" in result.stderr


def test_read_benchmark_times_pages_of_growing_size() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "ignore",
            str(ROOT / "benchmarks" / "read.py"),
            "--scaling",
            "--sizes",
            "20,200",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = [
        line for line in result.stdout.splitlines() if line[:1].isalpha() and not line.startswith("shape")
    ]
    assert len(rows) == 8
    assert sum(1 for row in rows if row.rstrip().endswith("x")) == 4, "a ratio per shape"


def test_read_benchmark_rejects_bad_sizes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "read.py"), "--scaling", "--sizes", "200,20"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "growing" in result.stderr


def test_read_benchmark_measures_elapsed_time_on_request(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "read.py"),
            "--repeat",
            "1",
            "--corpus",
            str(tmp_path / "absent"),
            "--no-trafilatura",
            "--clock",
            "wall",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "wall time" in result.stdout
    assert "archivepub.read, HTML pages" in result.stdout
