"""Reading accuracy: archivepub, trafilatura and readability-lxml side by side on real pages.

Reads every page of ``../shared/corpus/trafilatura-dev`` (``gold.json`` and ``pages/*.html.gz``)
with each tool and scores it with the corpus README's rules: title, authors and date are
compared exactly after Unicode NFC, whitespace folding and lower-casing (authors as sorted
lists split on ``;``, ``,`` and `` and ``; dates on their first 10 characters); the body must
contain each ``with`` snippet and none of the ``without`` snippets, compared by substring on
the same normalised text. From the snippets come precision, recall and F1 as in trafilatura's
own evaluation (a ``with`` found is a true positive, a ``without`` found a false positive).
A tool that is not installed is skipped, and the table says so. See ``docs/benchmarks.md``.

    python benchmarks/accuracy.py [--corpus PATH] [--tools archivepub,trafilatura,readability]
                                  [--worst N] [--only SUBSTRING] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType

import archivepub
from archivepub.errors import ArchivepubError
from archivepub.model import Document, block_text, descend
from archivepub.readers.html import read_html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "trafilatura-dev"
TOOLS = ("archivepub", "trafilatura", "readability")


@dataclass
class Got:
    """What one tool read from one page (``None``: nothing found)."""

    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None
    body: str = ""
    error: str | None = None
    seconds: float = 0.0


#: The metadata each tool gives (readability-lxml reads a title only).
FIELDS = {
    "archivepub": ("title", "authors", "date"),
    "trafilatura": ("title", "authors", "date"),
    "readability": ("title",),
}


@dataclass
class Score:
    """How one tool did on one page."""

    page: str
    title: bool | None = None
    authors: bool | None = None
    date: bool | None = None
    found: list[str] = field(default_factory=list)  # `with` snippets found
    missed: list[str] = field(default_factory=list)  # `with` snippets missing
    leaked: list[str] = field(default_factory=list)  # `without` snippets present
    failed: bool = False

    @property
    def badness(self) -> float:
        """How far from right: missed and leaked snippets, then wrong metadata."""
        meta = sum(1 for ok in (self.title, self.authors, self.date) if ok is False)
        return len(self.missed) + len(self.leaked) + 0.5 * meta + (10 if self.failed else 0)


def norm(text: str) -> str:
    """NFC, whitespace folded to single spaces, lower case: the README's normalisation."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


_AUTHOR_SPLIT = re.compile(r";|,| and ")


def norm_authors(value: str | Sequence[str]) -> list[str]:
    """Authors as a sorted list of normalised names, split on ``;``, ``,`` and `` and ``."""
    text = value if isinstance(value, str) else "; ".join(value)
    return sorted(n for n in (norm(part) for part in _AUTHOR_SPLIT.split(norm(text))) if n)


# --- the tools ------------------------------------------------------------------------------


def _archivepub_text(doc: Document) -> str:
    parts = [doc.metadata.subtitle or ""]
    parts += [block_text(b) for b in descend(doc.blocks)]
    for note in doc.footnotes:
        parts += [block_text(b) for b in descend(note.blocks)]
    return "\n".join(p for p in parts if p)


def run_archivepub(data: bytes, url: str | None) -> Got:
    """archivepub's HTML reader."""
    try:
        doc = read_html(data, url=url, name="page.html")
    except ArchivepubError as exc:
        return Got(error=str(exc))
    meta = doc.metadata
    return Got(title=meta.title, authors=list(meta.authors), date=meta.date, body=_archivepub_text(doc))


def make_trafilatura(module: ModuleType) -> Callable[[bytes, str | None], Got]:
    """trafilatura's ``extract`` with metadata, as JSON (its text is the body)."""

    def run(data: bytes, url: str | None) -> Got:
        out = module.extract(data, url=url, output_format="json", with_metadata=True)
        if not out:
            return Got(error="no text extracted")
        result = json.loads(out)
        author = result.get("author") or ""
        return Got(
            title=result.get("title") or "",
            authors=[a for a in re.split(r";", author) if a.strip()],
            date=result.get("date") or "",
            body=result.get("text") or "",
        )

    return run


def make_readability(module: ModuleType) -> Callable[[bytes, str | None], Got]:
    """readability-lxml's ``Document.summary()`` (title from ``short_title``; no authors or dates)."""
    import lxml.html

    def run(data: bytes, url: str | None) -> Got:
        doc = module.Document(data, url=url)
        summary = doc.summary(html_partial=True)
        body = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        if not body.strip():
            return Got(error="no text extracted")
        return Got(title=doc.short_title(), body=body)

    return run


def load_tools(wanted: Sequence[str]) -> tuple[dict[str, Callable[[bytes, str | None], Got]], list[str]]:
    """The tools that can run, and a note for each one that cannot."""
    runners: dict[str, Callable[[bytes, str | None], Got]] = {}
    skipped: list[str] = []
    for name in wanted:
        if name == "archivepub":
            runners[name] = run_archivepub
            continue
        module_name = {"trafilatura": "trafilatura", "readability": "readability"}[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            skipped.append(f"{name}: skipped, not installed ({exc}); pip install -e '.[bench]'")
            continue
        runners[name] = make_trafilatura(module) if name == "trafilatura" else make_readability(module)
    return runners, skipped


# --- scoring --------------------------------------------------------------------------------


def _stated(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def score(page: str, gold: dict[str, object], got: Got, fields: Sequence[str]) -> Score:
    """Score one tool's reading of one page against its gold entry.

    A field counts where the gold states it and the tool gives it at all (``fields``); a
    failed page or a field the tool left empty counts as wrong.
    """
    result = Score(page=page, failed=got.error is not None)
    title, author, date = _stated(gold.get("title")), _stated(gold.get("author")), _stated(gold.get("date"))
    if title is not None and "title" in fields:
        result.title = norm(got.title or "") == norm(title)
    if author is not None and "authors" in fields:
        result.authors = norm_authors(got.authors or []) == norm_authors(author)
    if date is not None and "date" in fields:
        result.date = (got.date or "")[:10] == date[:10]
    body = norm(got.body)
    for snippet in gold.get("with", []):  # type: ignore[attr-defined]
        (result.found if norm(snippet) in body else result.missed).append(snippet)
    for snippet in gold.get("without", []):  # type: ignore[attr-defined]
        if norm(snippet) in body:
            result.leaked.append(snippet)
    return result


@dataclass
class Summary:
    """A tool's totals over the corpus."""

    pages: int = 0
    failed: int = 0
    seconds: float = 0.0
    fields: dict[str, list[int]] = field(
        default_factory=lambda: {"title": [0, 0], "authors": [0, 0], "date": [0, 0]}
    )
    with_found: int = 0
    with_total: int = 0
    without_absent: int = 0
    without_total: int = 0

    def add(self, result: Score, got: Got, withouts: int) -> None:
        """Count one page."""
        self.pages += 1
        self.failed += result.failed
        self.seconds += got.seconds
        for name in self.fields:
            ok = getattr(result, name)
            if ok is not None:
                self.fields[name][0] += ok
                self.fields[name][1] += 1
        self.with_found += len(result.found)
        self.with_total += len(result.found) + len(result.missed)
        self.without_absent += withouts - len(result.leaked)
        self.without_total += withouts

    def f1(self) -> tuple[float, float, float]:
        """Precision, recall and F1 over every snippet of every page."""
        tp, fn = self.with_found, self.with_total - self.with_found
        fp = self.without_total - self.without_absent
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


def _percent(pair: list[int]) -> str:
    return f"{100 * pair[0] / pair[1]:5.1f} % ({pair[0]}/{pair[1]})" if pair[1] else "-"


def print_table(summaries: dict[str, Summary], out: Callable[[str], None]) -> None:
    """One table: a column per tool, a row per measure."""
    names = list(summaries)
    width = 24
    out(f"{'measure':<26}" + "".join(f"{n:>{width}}" for n in names))
    rows: list[tuple[str, Callable[[Summary], str]]] = [
        ("body F1", lambda s: f"{s.f1()[2]:.3f}"),
        ("body precision", lambda s: f"{s.f1()[0]:.3f}"),
        ("body recall", lambda s: f"{s.f1()[1]:.3f}"),
        ("`with` snippets found", lambda s: _percent([s.with_found, s.with_total])),
        ("`without` snippets absent", lambda s: _percent([s.without_absent, s.without_total])),
        ("title exact", lambda s: _percent(s.fields["title"])),
        ("authors exact", lambda s: _percent(s.fields["authors"])),
        ("date (YYYY-MM-DD)", lambda s: _percent(s.fields["date"])),
        ("pages failed", lambda s: f"{s.failed} of {s.pages}"),
        ("seconds", lambda s: f"{s.seconds:.1f}"),
    ]
    for label, cell in rows:
        out(f"{label:<26}" + "".join(f"{cell(summaries[n]):>{width}}" for n in names))


def _short(text: str | None, size: int = 90) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= size else text[: size - 1] + "…"


def print_worst(
    scores: list[tuple[Score, Got, dict[str, object]]], count: int, out: Callable[[str], None]
) -> None:
    """The ``count`` pages the tool got most wrong, with gold and got side by side."""
    ranked = sorted(scores, key=lambda item: item[0].badness, reverse=True)
    for result, got, gold in ranked[:count]:
        if result.badness == 0:
            break
        out(f"- {result.page}  ({gold['file']})")
        if result.failed:
            out(f"    failed: {got.error}")
        for name, gold_value, got_value in (
            ("title", gold.get("title"), got.title),
            ("authors", gold.get("author"), "; ".join(got.authors or [])),
            ("date", gold.get("date"), got.date),
        ):
            if getattr(result, name) is False:
                out(f"    {name}: gold {_short(str(gold_value))!r}  got {_short(got_value)!r}")
        for snippet in result.missed[:3]:
            out(f"    missing: {_short(snippet)!r}")
        for snippet in result.leaked[:3]:
            out(f"    kept boilerplate: {_short(snippet)!r}")
        if result.missed or result.leaked:
            out(f"    body starts: {_short(got.body, 120)!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison and print the table; return 1 if the corpus is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"default {DEFAULT_CORPUS}")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, of {', '.join(TOOLS)}")
    parser.add_argument("--worst", type=int, default=10, metavar="N", help="list each tool's N worst pages")
    parser.add_argument("--only", default="", metavar="TEXT", help="only pages whose key holds TEXT")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every page's scores here")
    args = parser.parse_args(argv)
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = sorted(set(wanted) - set(TOOLS))
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")

    gold_file = args.corpus / "gold.json"
    if not gold_file.is_file():
        print(f"no corpus at {args.corpus} (gold.json not found)", file=sys.stderr)
        return 1
    gold: dict[str, dict[str, object]] = json.loads(gold_file.read_text("utf-8"))
    keys = [k for k in gold if args.only in k]
    runners, skipped = load_tools(wanted)
    print(f"archivepub {archivepub.__version__}; {len(keys)} pages of {args.corpus}")
    for note in skipped:
        print(note)
    for name in runners:
        if name != "archivepub":
            module = importlib.import_module(name)
            print(f"{name} {getattr(module, '__version__', '?')}")

    summaries = {name: Summary() for name in runners}
    per_tool: dict[str, list[tuple[Score, Got, dict[str, object]]]] = {name: [] for name in runners}
    for key in keys:
        entry = gold[key]
        data = gzip.decompress((args.corpus / str(entry["file"])).read_bytes())
        url = key if key.startswith(("http://", "https://")) else None
        for name, run in runners.items():
            start = time.perf_counter()
            try:
                got = run(data, url)
            except Exception as exc:  # a comparison tool's own crash counts as a failed page
                got = Got(error=f"{type(exc).__name__}: {exc}")
            got.seconds = time.perf_counter() - start
            result = score(key, entry, got, FIELDS[name])
            summaries[name].add(result, got, len(entry.get("without", [])))  # type: ignore[arg-type]
            per_tool[name].append((result, got, entry))

    print()
    print_table(summaries, print)
    for name in runners:
        if args.worst > 0:
            print(f"\n{name}: the {args.worst} worst pages")
            print_worst(per_tool[name], args.worst, print)
    if args.json is not None:
        payload = {
            name: [{**asdict(r), "got": asdict(g)} for r, g, _gold in items]
            for name, items in per_tool.items()
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
