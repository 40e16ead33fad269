"""Reading speed: pages per second through ``archivepub.read``, side by side with trafilatura.

Reads every page of the readability corpus (``../shared/corpus/readability/*/source.html``,
when that folder exists) and the bundled samples (``archive/*/article.*``) ``--repeat`` times
and prints pages per second. Where ``trafilatura`` is importable, the same HTML pages go
through ``trafilatura.extract(output_format="xml")`` in the same process, and the ratio of the
two throughputs is printed (above 1: archivepub is faster). See ``docs/benchmarks.md``.

Times are the process's CPU time by default (``--clock cpu``): on a shared machine other
processes stretch elapsed time unevenly between the two tools and move the ratio; ``--clock
wall`` measures elapsed time instead.

With ``--scaling``, it instead reads synthetic HTML pages of growing size (many note
references, much page furniture, long plain text, many plain ``[n]`` notes) and prints the
time of each and the ratio per ten times the size: linear work gives about 10.

    python benchmarks/read.py [--repeat 5] [--corpus PATH] [--no-trafilatura] [--clock cpu|wall]
    python benchmarks/read.py --scaling [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import importlib
import math
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


#: What ``--clock`` measures: the process's CPU time, or elapsed time.
CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


def time_runs(
    pages: Sequence[Page], run: Callable[[Page], object], repeat: int, clock: str = "cpu"
) -> list[float]:
    """Return the pages per second of each of ``repeat`` passes over ``pages``, timed by
    ``clock`` (a key of :data:`CLOCKS`)."""
    now = CLOCKS[clock]
    rates = []
    for _ in range(repeat):
        start = now()
        for page in pages:
            run(page)
        rates.append(len(pages) / max(now() - start, 1e-9))
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


# --- scaling ------------------------------------------------------------------------------


def _page(body: str) -> bytes:
    head = "<html><head><title>Tides</title></head>"
    return f"{head}<body><article><h1>Tides</h1>{body}</article></body></html>".encode()


def notes_page(n: int) -> bytes:
    """A page with ``n`` linked note references and their back-linked definitions."""
    refs = "".join(
        f'<p>The tide rose at the harbour wall, with words and more words {i}<sup><a href="#fn{i}" '
        f'id="r{i}">{i}</a></sup>.</p>'
        for i in range(1, n + 1)
    )
    notes = "".join(
        f'<li id="fn{i}">Note {i}: measured at dawn. <a href="#r{i}">↩</a></li>' for i in range(1, n + 1)
    )
    return _page(f'{refs}<ol class="footnotes">{notes}</ol>')


def furniture_page(n: int) -> bytes:
    """A page where ``n`` paragraphs alternate with share bars, adverts and hidden boxes."""
    parts = (
        f'<div class="share-bar"><a href="/s{i}">Share</a></div><p>Paragraph {i} of the story, with '
        f'commas, and more text to read in it.</p><div class="ad">Advertisement</div><span hidden>x</span>'
        for i in range(n)
    )
    return f'<html><body><div class="content"><h1>Big</h1>{"".join(parts)}</div></body></html>'.encode()


def text_page(n: int) -> bytes:
    """A page of ``n`` short paragraphs."""
    return _page("".join(f"<p>Paragraph {i}, text text text, and more text.</p>" for i in range(n)))


def plain_notes_page(n: int) -> bytes:
    """``n`` paragraphs with ``[k]`` markers and a "Notes" list of 999 definitions."""
    refs = "".join(f"<p>The tide rose at the harbour wall, then fell [{i % 999 + 1}].</p>" for i in range(n))
    notes = "".join(f"<p>[{i}] Measured at dawn, by hand.</p>" for i in range(1, 1000))
    return _page(f"{refs}<h2>Notes</h2>{notes}")


SHAPES: dict[str, Callable[[int], bytes]] = {
    "note references": notes_page,
    "page furniture": furniture_page,
    "plain paragraphs": text_page,
    "plain [n] notes": plain_notes_page,
}


def scaling(sizes: Sequence[int], clock: str = "cpu") -> int:
    """Time each page shape at each size by ``clock``; print the seconds and the ratio per
    10x size."""
    now = CLOCKS[clock]
    archivepub.read(notes_page(10), format="html")  # load the language model first
    print(f"{'shape':<18} {'n':>7} {'MB':>6} {'seconds':>8}  ratio per 10x size")
    for shape, make in SHAPES.items():
        previous: tuple[int, float] | None = None
        for n in sizes:
            data = make(n)
            start = now()
            archivepub.read(data, format="html")
            seconds = now() - start
            ratio = ""
            if previous is not None:
                per_ten = (seconds / previous[1]) ** (1 / max(1e-9, math.log10(n / previous[0])))
                ratio = f"{per_ten:.1f}x"
            print(f"{shape:<18} {n:>7} {len(data) / 1e6:>6.2f} {seconds:>8.2f}  {ratio}")
            previous = (n, seconds)
    return 0


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
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="cpu: the process's CPU time, unmoved by other work on the machine (default); "
        "wall: elapsed time",
    )
    parser.add_argument(
        "--slowest", type=int, default=0, metavar="N", help="also list the N slowest pages for archivepub"
    )
    parser.add_argument(
        "--scaling", action="store_true", help="time synthetic pages of growing size instead (see above)"
    )
    parser.add_argument(
        "--sizes", default="1000,10000", help="with --scaling: comma-separated sizes (default 1000,10000)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.scaling:
        try:
            sizes = [int(n) for n in args.sizes.split(",") if n.strip()]
        except ValueError:
            parser.error("--sizes takes whole numbers separated by commas")
        if len(sizes) < 2 or min(sizes) < 1 or sizes != sorted(sizes):
            parser.error("--sizes takes at least two growing positive numbers")
        return scaling(sizes, args.clock)

    pages = load_pages(args.corpus)
    html = [p for p in pages if p.format == "html"]
    size = sum(len(p.data) for p in pages)
    print(f"archivepub {archivepub.__version__}, Python {platform.python_version()}, {platform.machine()}")
    corpus_note = "" if args.corpus.is_dir() else f" ({args.corpus} not found: samples only)"
    print(
        f"{len(pages)} pages ({len(html)} HTML), {size / 1e6:.2f} MB, {args.repeat} passes, "
        f"{args.clock} time{corpus_note}"
    )

    # one untimed pass: imports, language models and caches load here, not in the timings
    failures = [(p.name, r) for p in pages if isinstance(r := read_archivepub(p), ArchivepubError)]
    for name, error in failures:
        print(f"  read error: {name}: {error}", file=sys.stderr)
    if args.slowest > 0:
        seconds = {p.name: 1 / time_runs([p], read_archivepub, 1, args.clock)[0] for p in pages}
        for name in sorted(seconds, key=seconds.__getitem__, reverse=True)[: args.slowest]:
            print(f"  slow: {name:<40} {seconds[name] * 1000:8.1f} ms")

    _report("archivepub.read, all pages", time_runs(pages, read_archivepub, args.repeat, args.clock))
    ours = _report("archivepub.read, HTML pages", time_runs(html, read_archivepub, args.repeat, args.clock))

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
            time_runs(html, extract, args.repeat, args.clock),
        )
        print(f"ratio archivepub / trafilatura (HTML pages/s): {ours / theirs:.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
