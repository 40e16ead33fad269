"""How reading time grows with input size: every reader at 0.1, 1 and 10 MB.

For each format (HTML, scraped plain text, archival JSON, TEI, and PO catalogs through
``archivepub.catalogs.parse_po``) inputs are made at each size, in memory:

- ``real``: a bundled sample's real content repeated until the size is reached (the article
  body of ``archive/coastal-archives/article.html``, inside its page; the whole of
  ``archive/three-alphabets/article.txt``; the JSON, TEI and PO forms of the same articles);
- adversarial shapes, those that made readers superlinear before: for text, thousands of
  short lines with no blank line, and sentences with no blank line at all; for HTML, one
  paragraph broken by ``<br>`` only, and a page whose every copy of its content leaves
  containers open (nesting deeper and deeper); for JSON and TEI, one paragraph of many
  inlines; for PO, one entry with a long string without spaces.

Each input is read ``--repeat`` times, and again until the reads add up to a second (at most
50 reads), the best time kept; the script prints the time per size and the ratio of the
times per 10x size; a linear reader shows about 10x. The goal is at most ``--goal`` (12x). A
size whose predicted time (the last time x the goal) exceeds ``--budget`` seconds is left out
and said so, so a superlinear case still shows in the ratio before it. Each input is read in
a child process (which makes the input first) stopped after ``--budget`` x (``--repeat`` + 2)
seconds; a read longer than ``--budget`` counts as over it. Exit code 1 when a ratio is over
the goal or a read overran the budget.

    python benchmarks/scaling.py [--sizes 0.1,1,10] [--formats html,text,json,tei,po]
                                 [--repeat 1] [--budget 120] [--goal 12] [--clock cpu|wall]

Times are the reading process's CPU time by default (``--clock cpu``): on a shared machine
other processes stretch elapsed time unevenly between sizes and fake a superlinear ratio.
"""

from __future__ import annotations

import argparse
import math
import platform
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import archivepub
from archivepub.catalogs import PoEntry, PoFile, parse_po, render_po
from archivepub.model import (
    Block,
    Document,
    Emphasis,
    Inline,
    Link,
    Metadata,
    NoteRef,
    Paragraph,
    Text,
    make_document,
    map_inlines,
)
from archivepub.writers.tei import write_tei

ROOT = Path(__file__).resolve().parent.parent
HTML_SAMPLE = ROOT / "archive" / "coastal-archives" / "article.html"
TEXT_SAMPLE = ROOT / "archive" / "three-alphabets" / "article.txt"
MB = 1_000_000

#: A function making an input of ``n`` units (paragraphs, lines, entries, characters).
Maker = Callable[[int], bytes]


def html_real(n: int) -> bytes:
    """The sample page with its article body (paragraphs, figures, quote, list, note
    references) repeated ``n`` times inside the article: one long article."""
    page = HTML_SAMPLE.read_bytes()
    start = page.index(b'itemprop="articleBody">') + len(b'itemprop="articleBody">')
    end = page.rindex(b"</div>", start, page.index(b'<section class="footnotes"'))
    unit = re.sub(rb"\sid=\"[^\"]*\"", b"", page[start:end])  # ids stay unique
    return page[:start] + unit * n + page[end:]


def html_unclosed(n: int) -> bytes:
    """The sample page from its first ``<p`` to its last ``</p>`` repeated ``n`` times: each copy
    opens containers (the cookie banner's, the footer's) that it never closes, so every copy
    nests one level deeper than the one before, as on a page whose template leaves a ``<div>``
    open in a loop. The parser caps the depth (libxml2: 256 levels)."""
    page = HTML_SAMPLE.read_bytes()
    start = page.index(b"<p")
    end = page.rindex(b"</p>") + len(b"</p>")
    unit = re.sub(rb"\sid=\"[^\"]*\"", b"", page[start:end])  # ids stay unique
    return page[:start] + (unit + b"\n") * n + page[end:]


def html_adversarial(n: int) -> bytes:
    """One paragraph of ``n`` sentences separated by <br> only."""
    line = b"A line of a transcript that goes on, with <em>some</em> words and a <a href='#x'>link</a>.<br>\n"
    return (
        b"<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>T</h1>"
        b"<p>%s</p></article></body></html>" % (line * n)
    )


def text_real(n: int) -> bytes:
    """The scraped sample, whole, ``n`` times."""
    return (TEXT_SAMPLE.read_bytes() + b"\n\n") * n


def text_short_lines(n: int) -> bytes:
    """``n`` short lines of a scrape (a transcript, a forum), no blank line between them."""
    return b"".join(b"Line number %d of a scrape\n" % i for i in range(n))


def text_no_blank(n: int) -> bytes:
    """``n`` sentences one per line with no blank line anywhere."""
    return b"".join(b"This is sentence %d of a long article that goes on and on.\n" % i for i in range(n))


def _strip_notes(blocks: list[Block]) -> list[Block]:
    """Paragraphs only, without note references (the copies share no notes)."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            content = map_inlines(block.content, lambda n: None if isinstance(n, NoteRef) else n)
            out.append(Paragraph(content=content))
    return out


def _document(n: int) -> Document:
    doc = archivepub.read(TEXT_SAMPLE)
    return make_document(doc.metadata, _strip_notes(list(doc.blocks)) * n)


def _one_paragraph(n: int) -> Document:
    unit: list[Inline] = [
        Text("word and "),
        Emphasis((Text("emphasis"),)),
        Text(" then "),
        Link("https://example.org/", (Text("a link"),)),
    ]
    return make_document(Metadata(title="T", language="en"), [Paragraph(content=tuple(unit * n))])


def json_real(n: int) -> bytes:
    return _document(n).to_json().encode()


def json_adversarial(n: int) -> bytes:
    return _one_paragraph(n).to_json().encode()


def tei_real(n: int) -> bytes:
    return write_tei(_document(n)).encode()


def tei_adversarial(n: int) -> bytes:
    return write_tei(_one_paragraph(n)).encode()


def po_real(n: int) -> bytes:
    words = TEXT_SAMPLE.read_text(encoding="utf-8").split()
    sentences = [" ".join(words[i : i + 14]) for i in range(0, len(words), 14)]
    entries = [
        PoEntry(
            msgctxt=f"p{k}.1",
            msgid=sentences[k % len(sentences)],
            msgstr=sentences[k % len(sentences)].upper(),
        )
        for k in range(n)
    ]
    return render_po(
        PoFile(headers=[("Content-Type", "text/plain; charset=UTF-8"), ("Language", "ru")], entries=entries)
    )


def po_adversarial(n: int) -> bytes:
    text = "x" * n
    po = PoFile(
        headers=[("Content-Type", "text/plain; charset=UTF-8")],
        entries=[PoEntry(msgctxt="p1.1", msgid=text, msgstr=text)],
    )
    return render_po(po)


def sized(make: Maker, size: int) -> bytes:
    """``make(n)`` with ``n`` chosen so that the result is about ``size`` bytes."""
    small, large = len(make(4)), len(make(8))
    per_unit = max(1.0, (large - small) / 4)
    fixed = small - 4 * per_unit
    return make(max(1, round((size - fixed) / per_unit)))


def _reader(fmt: str) -> Callable[[bytes], object]:
    if fmt == "po":
        return lambda data: parse_po(data, source="<bench>")
    return lambda data: archivepub.read(data, format=fmt)


CASES: dict[str, dict[str, Maker]] = {
    "html": {"real": html_real, "br-only paragraph": html_adversarial, "unclosed containers": html_unclosed},
    "text": {"real": text_real, "short lines": text_short_lines, "no blank line": text_no_blank},
    "json": {"real": json_real, "one long paragraph": json_adversarial},
    "tei": {"real": tei_real, "one long paragraph": tei_adversarial},
    "po": {"real": po_real, "no-space string": po_adversarial},
}


def _time(fmt: str, case: str, size: float, repeat: int, budget: float, clock: str) -> float | None:
    """Best time of ``repeat`` reads, in a child process; ``None`` when it overran ``budget``."""
    command = [sys.executable, __file__, "--one", fmt, case, str(size), str(repeat), clock]
    try:
        # the child also makes its input (a 10 MB document takes a while to build and write)
        # and each of its reads may take up to the budget on a busy machine
        timeout = budget * (repeat + 2)
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    took = float(done.stdout.split()[-1])
    return took if took <= budget else None


CLOCKS: dict[str, Callable[[], float]] = {"cpu": time.process_time, "wall": time.perf_counter}


def _one(fmt: str, case: str, size: str, repeat: str, clock: str) -> None:
    """In the child: make the input, read it, print the best time."""
    read = _reader(fmt)
    now = CLOCKS[clock]
    archivepub.read(TEXT_SAMPLE)  # load the language model outside the timing
    # and pay the reader's one-time costs (lazy imports, compiled patterns) on a small input of
    # the same shape: they would otherwise weigh on the smallest size only and skew its ratio
    read(sized(CASES[fmt][case], 10_000))
    data = sized(CASES[fmt][case], int(float(size) * MB))
    best = float("inf")
    spent = 0.0
    reads = 0
    # at least ``repeat`` reads; short ones are repeated for a second in all (at most 50
    # reads): a read of a few milliseconds is otherwise at the mercy of one interruption
    while reads < int(repeat) or (spent < 1.0 and reads < 50):
        start = now()
        read(data)
        took = now() - start
        best = min(best, took)
        spent += took
        reads += 1
    print(best)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return 1 when a ratio exceeds the goal."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="0.1,1,10", help="sizes in MB, comma-separated (default 0.1,1,10)")
    parser.add_argument("--formats", default=",".join(CASES), help="formats, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="reads per input, best kept (default 1)")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds a read may be predicted to take")
    parser.add_argument("--goal", type=float, default=12.0, help="largest acceptable ratio per 10x size")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="cpu",
        help="cpu: the reading process's CPU time, unmoved by other work on the machine (default); "
        "wall: elapsed time",
    )
    parser.add_argument(
        "--one", nargs=5, metavar=("FORMAT", "CASE", "MB", "REPEAT", "CLOCK"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.one:
        _one(*args.one)
        return 0
    sizes = [float(s) for s in args.sizes.split(",")]
    formats = [f for f in args.formats.split(",") if f]
    unknown = [f for f in formats if f not in CASES]
    if unknown or args.repeat < 1 or len(sizes) < 2:
        parser.error(f"unknown format {unknown}" if unknown else "--repeat >= 1 and two sizes at least")
    print(
        f"python {platform.python_version()} on {platform.machine()}, archivepub {archivepub.__version__},"
        f" {args.clock} time"
    )
    print(f"{'format':6} {'case':20} " + " ".join(f"{s:>9g}MB" for s in sizes) + "  ratios per 10x")
    over = []
    for fmt in formats:
        for case in CASES[fmt]:
            times: list[float | None] = []
            cells: list[str] = []
            for k, size in enumerate(sizes):
                last = times[-1] if times else None
                if k > 0 and last is None:
                    times.append(None)
                    cells.append(f"{'-':>11}")
                    continue
                if last is not None and last * args.goal ** math.log10(size / sizes[k - 1]) > args.budget:
                    times.append(None)  # a linear reader would not finish within the budget
                    cells.append(f"{'(budget)':>11}")
                    continue
                took = _time(fmt, case, size, args.repeat, args.budget, args.clock)
                times.append(took)
                cells.append(f"{took:10.3f}s" if took is not None else f"{'>budget':>11}")
                if took is None:
                    over.append(f"{fmt}/{case}")
            ratios = []
            for k in range(1, len(sizes)):
                a, b = times[k - 1], times[k]
                if a is None or b is None:
                    ratios.append("-")
                    continue
                per10 = (b / a) ** (1 / math.log10(sizes[k] / sizes[k - 1]))
                ratios.append(f"{per10:.1f}x")
                if per10 > args.goal:
                    over.append(f"{fmt}/{case}")
            print(f"{fmt:6} {case:20} {' '.join(cells)}  {' '.join(ratios)}", flush=True)
    if over:
        print(f"over the goal of {args.goal:g}x (or over the budget): {', '.join(sorted(set(over)))}")
        return 1
    print(f"every ratio within the goal of {args.goal:g}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
