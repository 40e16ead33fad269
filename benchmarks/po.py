"""PO catalogs at scale: time per size for parse, render, check and update, and the ratio per 10x.

Every operation on a catalog should take time proportional to its size. For each shape of
catalog below and each size (characters of translatable text, default 16 k, 160 k and 1.6 M),
the script builds the catalog in memory (and, for ``update``, an article and a locales folder
in a temporary folder), times each operation (best of ``--repeat`` runs) and prints the time
per size and the ratio between consecutive sizes, scaled to a 10x step. Linear work gives
about 10x; the goal is at most 12x (quadratic work gives 100x).

Shapes:

- ``word``: one entry whose source and translation are one word without spaces (a hash, a
  URL, a line of a table pasted without spaces);
- ``prose``: entries of ordinary sentences, 150 characters each, reviewed;
- ``lines``: one entry whose translation is continued over lines of 70 characters;
- ``marks``: one entry full of what slowed translate-toolkit's and archivepub's checks down:
  runs of digits, ``<`` followed by spaces, nested ``<em>``, footnote marks, dotted words.

Operations: ``parse`` (:func:`parse_po` of the file's bytes), ``render`` (:func:`render_po`
with nothing kept from a file, so every string is wrapped anew), ``check``
(:func:`check_catalog`, translate-toolkit's checks and archivepub's own), ``update``
(``locales update`` of the article after an edit of its first sentence, without a model).
Times are processor seconds of this process, so that other work on the machine does not
count.

    python benchmarks/po.py [--sizes 16000,160000,1600000] [--repeat 3] [--shapes word,prose]

The exit code is 1 if any ratio exceeds the goal.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from archivepub.catalogs import UpdateOptions, catalog_path, parse_po, render_po, update_catalogs
from archivepub.catalogs.checks import check_catalog
from archivepub.catalogs.po import PoEntry, PoFile
from archivepub.model import Metadata, Paragraph, Text, make_document

# benchmarks/translate.py would shadow translate-toolkit's package ``translate`` (imported
# by the first check, not before)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

GOAL = 12.0
SHAPES = ("word", "prose", "lines", "marks")
OPERATIONS = ("parse", "render", "check", "update")
_SENTENCE = "The harbour ledgers of {n} were copied by volunteers before the water reached them all."


def _texts(shape: str, size: int) -> list[str]:
    """The source texts of a catalog of ``size`` characters in ``shape``."""
    if shape == "word":
        return ["x" * size]
    if shape == "prose":
        count = max(1, size // 150)
        return [(_SENTENCE.format(n=i) + " And then some more words.")[:150] for i in range(count)]
    if shape == "lines":
        return [("A line of a long transcript, " * (size // 29 + 1))[:size]]
    unit = "1234567890 <" + " " * 30 + "<em><em>x</em></em><note1/> a.b.c.d.e "
    return [(unit * (size // len(unit) + 1))[:size]]


def _translation(text: str) -> str:
    return text.replace("harbour", "гавани").replace("x", "ж").replace("line", "строка")


def _catalog(texts: Sequence[str]) -> PoFile:
    headers = [
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Language", "ru"),
        ("X-Source-Language", "en"),
    ]
    entries = [
        PoEntry(msgid=t, msgstr=_translation(t), msgctxt=f"p{i + 1}.1", locations=[f"a:p{i + 1}"])
        for i, t in enumerate(texts)
    ]
    return PoFile(headers=headers, entries=entries)


def _best(run: Callable[[], object], repeat: int) -> float:
    """The least processor time of ``repeat`` runs (other processes' load does not count)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def _update_run(texts: Sequence[str], work: Path) -> Callable[[], object]:
    """A prepared ``locales update``: the catalog exists (reviewed), the first sentence changed."""
    archive, locales = work / "archive", work / "locales"

    def write(sources: Sequence[str]) -> None:
        (archive / "a").mkdir(parents=True, exist_ok=True)
        doc = make_document(
            Metadata(title="A", language="en"), [Paragraph(content=(Text(t),)) for t in sources]
        )
        (archive / "a" / "article.json").write_text(doc.to_json(), encoding="utf-8")

    write(texts)
    options = UpdateOptions(machine=False)
    update_catalogs(archive, locales, ["ru"], options)
    path = catalog_path(locales, "ru", "a")
    po = parse_po(path.read_bytes())
    for entry in po.entries:
        entry.msgstr = _translation(entry.msgid)
    reviewed = render_po(po)
    edited = [texts[0][:-1] + "!", *texts[1:]]

    def run() -> object:
        path.write_bytes(reviewed)
        os.utime(path, (time.time() - 3600,) * 2)  # saved an hour ago: no editor is writing it
        write(edited)
        return update_catalogs(archive, locales, ["ru"], options)

    return run


def measure(
    shape: str, sizes: Sequence[int], repeat: int, operations: Sequence[str]
) -> dict[str, list[float]]:
    """Seconds per operation and size for one shape."""
    out: dict[str, list[float]] = {op: [] for op in operations}
    for size in sizes:
        texts = _texts(shape, size)
        po = _catalog(texts)
        data = render_po(po)
        parsed = parse_po(data)
        runs: dict[str, Callable[[], object]] = {
            "parse": lambda data=data: parse_po(data),  # type: ignore[misc]
            "render": lambda po=po: render_po(po),  # type: ignore[misc]
            "check": lambda parsed=parsed: check_catalog(parsed, "a.po", "ru"),  # type: ignore[misc]
        }
        with tempfile.TemporaryDirectory() as tmp:
            if "update" in operations:
                runs["update"] = _update_run(texts, Path(tmp))
            for op in operations:
                out[op].append(_best(runs[op], repeat))
    return out


def _scaled(ratio: float, step: float) -> float:
    """``ratio`` between sizes ``step`` apart, as the ratio a 10x step would give."""
    return ratio ** (1 / math.log10(step)) if step != 10 else ratio


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="16000,160000,1600000", help="characters, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure (the best counts)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="which shapes, comma-separated")
    parser.add_argument("--operations", default=",".join(OPERATIONS), help="which operations")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    shapes = [s for s in args.shapes.split(",") if s]
    operations = [o for o in args.operations.split(",") if o]
    if args.repeat < 1 or len(sizes) < 2 or sorted(sizes) != sizes:
        parser.error("--repeat must be at least 1 and --sizes at least two, increasing")
    unknown = [s for s in shapes if s not in SHAPES] + [o for o in operations if o not in OPERATIONS]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    print(f"Python {platform.python_version()} on {platform.machine()}; goal: at most {GOAL:g}x per 10x")
    head = "".join(f"{s:>11,}" for s in sizes)
    print(f"{'shape':<7}{'operation':<10}{head}   ratio per 10x")
    worst = 0.0
    for shape in shapes:
        times = measure(shape, sizes, args.repeat, operations)
        for op in operations:
            row = times[op]
            ratios = [
                _scaled(b / max(a, 1e-6), sizes[i + 1] / sizes[i])
                for i, (a, b) in enumerate(itertools.pairwise(row))
            ]
            worst = max(worst, *ratios)
            cells = "".join(f"{t:>10.3f}s" for t in row)
            print(f"{shape:<7}{op:<10}{cells}   " + "  ".join(f"{r:5.1f}x" for r in ratios), flush=True)
    verdict = "met" if worst <= GOAL else "NOT met"
    print(f"worst ratio per 10x: {worst:.1f}x (goal {GOAL:g}x: {verdict})")
    return 0 if worst <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
