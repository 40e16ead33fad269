"""``benchmarks/scaling.py`` keeps working, and the plain-text reader stays linear on scrapes.

A 20,000-line scrape took over a minute before (each line was joined to a growing string and
searched again); this runs the benchmark's text inputs at 0.01 and 0.1 MB, a step that a
quadratic reader cannot take within the budget.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_text_reading_time_grows_linearly() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "scaling.py"),
            "--sizes",
            "0.01,0.1",
            "--formats",
            "text",
            "--goal",
            "30",
            "--budget",
            "30",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("text ")]
    assert len(lines) == 3  # real, short lines, no blank line
    assert "every ratio within the goal" in result.stdout
