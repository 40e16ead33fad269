"""Reading speed: pages per second through ``archivepub.read``, side by side with trafilatura.

Reads every page of the readability corpus (``../shared/corpus/readability/*/source.html``,
when that folder exists) and the bundled samples (``archive/*/article.*``) ``--repeat`` times
and prints pages per second. Where ``trafilatura`` is importable, the same HTML pages go
through ``trafilatura.extract(output_format="xml")`` in the same process, and the ratio of the
two throughputs is printed (above 1: archivepub is faster). See ``docs/benchmarks.md``.

    python benchmarks/read.py [--repeat 5] [--corpus PATH] [--no-trafilatura]
"""

from __future__ import annotations

import argparse
import importlib
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import archivepub
from archivepub import ArchivepubError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "readability"


@dataclass(frozen=True)
class Page:
    """One input page, held in memory so that the timings leave out disk reads."""

    name: str
    data: bytes
    format: str


def load_pages(corpus: Path | None) -> list[Page]:
    """Return the corpus pages (if the folder exists) and the bundled samples."""
    pages = []
    if corpus is not None and corpus.is_dir():
        for source in sorted(corpus.glob("*/source.html")):
            pages.append(Page(f"corpus/{source.parent.name}", source.read_bytes(), "html"))
    for source in sorted((ROOT / "archive").glob("*/article.*")):
        fmt = archivepub.detect_format(b"", source.name)
        pages.append(Page(f"archive/{source.parent.name}", source.read_bytes(), fmt))
    return pages


def time_runs(pages: Sequence[Page], run: Callable[[Page], object], repeat: int) -> list[float]:
    """Return the pages per second of each of ``repeat`` passes over ``pages``."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            run(page)
        rates.append(len(pages) / (time.perf_counter() - start))
    return rates


def read_archivepub(page: Page) -> object:
    """Read a page with archivepub; a deliberate error counts as a read (it is reported apart)."""
    try:
        return archivepub.read(page.data, format=page.format)
    except ArchivepubError as exc:
        return exc


def _report(label: str, rates: Sequence[float]) -> float:
    median = statistics.median(rates)
    print(f"{label:<44} {median:9.1f} pages/s  (min {min(rates):.1f}, max {max(rates):.1f})")
    return median


def _trafilatura(skip: bool) -> ModuleType | None:
    if skip:
        return None
    try:
        return importlib.import_module("trafilatura")
    except ImportError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the results; return 1 if a page failed to read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="passes over all pages (default 5)")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help=f"folder of <name>/source.html (default {DEFAULT_CORPUS})",
    )
    parser.add_argument("--no-trafilatura", action="store_true", help="skip the trafilatura comparison")
    parser.add_argument(
        "--slowest", type=int, default=0, metavar="N", help="also list the N slowest pages for archivepub"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    pages = load_pages(args.corpus)
    html = [p for p in pages if p.format == "html"]
    size = sum(len(p.data) for p in pages)
    print(f"archivepub {archivepub.__version__}, Python {platform.python_version()}, {platform.machine()}")
    corpus_note = "" if args.corpus.is_dir() else f" ({args.corpus} not found: samples only)"
    print(f"{len(pages)} pages ({len(html)} HTML), {size / 1e6:.2f} MB, {args.repeat} passes{corpus_note}")

    # one untimed pass: imports, language models and caches load here, not in the timings
    failures = [(p.name, r) for p in pages if isinstance(r := read_archivepub(p), ArchivepubError)]
    for name, error in failures:
        print(f"  read error: {name}: {error}", file=sys.stderr)
    if args.slowest > 0:
        seconds = {p.name: 1 / time_runs([p], read_archivepub, 1)[0] for p in pages}
        for name in sorted(seconds, key=seconds.__getitem__, reverse=True)[: args.slowest]:
            print(f"  slow: {name:<40} {seconds[name] * 1000:8.1f} ms")

    _report("archivepub.read, all pages", time_runs(pages, read_archivepub, args.repeat))
    ours = _report("archivepub.read, HTML pages", time_runs(html, read_archivepub, args.repeat))

    trafilatura = _trafilatura(args.no_trafilatura)
    if trafilatura is None:
        print("trafilatura: not compared (not installed, or --no-trafilatura)")
    elif html:

        def extract(page: Page) -> object:
            return trafilatura.extract(page.data, output_format="xml")

        for page in html:
            extract(page)  # warm-up, as above
        theirs = _report(
            f"trafilatura {trafilatura.__version__} extract(xml), HTML pages",
            time_runs(html, extract, args.repeat),
        )
        print(f"ratio archivepub / trafilatura (HTML pages/s): {ours / theirs:.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
