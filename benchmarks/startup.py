"""Benchmark: how long ``archivepub --version``, ``--help`` and ``import archivepub`` take.

Each command runs ``--repeat`` times in a fresh interpreter (the installed ``archivepub`` of
the Python running this script), interleaved with ``python -c pass`` as the baseline of the
same moment; the median and the minimum of each are printed, and the time above the bare
interpreter. The interpreter's bytecode cache is used (as a user's is): the first run of each
command, which may write it, is not counted.

Run: ``.venv/bin/python benchmarks/startup.py [--repeat 20]``; to compare with another
checkout, run the same script with that checkout's Python.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": ["-c", "pass"],
    "import archivepub": ["-c", "import archivepub"],
    "archivepub --version": ["-m", "archivepub", "--version"],
    "archivepub --help": ["-m", "archivepub", "--help"],
    "archivepub translate --help": ["-m", "archivepub", "translate", "--help"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=20, help="runs of each command (default 20)")
    args = parser.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for n in range(args.repeat + 1):
        for name, cmd in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run([sys.executable, *cmd], env=env, check=True, capture_output=True)
            if n:  # the first round writes the bytecode cache
                times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["python -c pass"])
    print(f"{sys.executable}, {args.repeat} runs each (median / min, and the median above `python -c pass`):")
    for name, values in times.items():
        median = statistics.median(values)
        median_ms, min_ms, above_ms = median * 1000, min(values) * 1000, (median - base) * 1000
        print(f"  {name:<30} {median_ms:7.1f} ms / {min_ms:6.1f} ms   +{above_ms:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
