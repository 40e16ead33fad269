"""EPUBs per second: archivepub's EPUB writer against a minimal ebooklib build and pandoc.

Run: ``.venv/bin/python benchmarks/epub.py [--seconds 2]``. The documents are the test
samples (an English article and its Russian, Armenian and Azerbaijani translations, plus a
bilingual edition) and, when the HTML reader is installed, the articles under ``archive/``.

Baselines, measured in the same run on the same documents:

(a) a minimal ebooklib build of the same text: one chapter of the article's paragraphs
    (no title page, notes, figures, fonts or reproducible zip);
(b) pandoc (Debian's ``pandoc``) converting the same article, as HTML, to EPUB 3, one process
    per document as a user would run it. Skipped with a message if pandoc is not installed.
"""

from __future__ import annotations

import argparse
import functools
import html
import io
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from ebooklib import epub  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "writers"))

from epub_samples import LANGUAGES, LOCAL_IMAGE, english, png_bytes, sample, translation  # noqa: E402

import archivepub  # noqa: E402
from archivepub.model import Document, Heading, Paragraph, descend, plain_text  # noqa: E402
from archivepub.writers.epub import EpubDiagnostic, EpubOptions, write_epub  # noqa: E402

Edition = Document | list[Document]


def _quiet(diagnostic: EpubDiagnostic) -> None:
    """Diagnostics are expected (the remote image): not printed while timing."""


def _documents(assets: Path) -> list[tuple[str, Edition, Path]]:
    docs: list[tuple[str, Edition, Path]] = [(lang, sample(lang), assets) for lang in LANGUAGES]
    docs.append(("en+hy", [english(), translation("hy")], assets))
    for article in sorted((ROOT / "archive").glob("*/article.*")):
        try:
            docs.append((article.parent.name, archivepub.read(article), article.parent))
        except archivepub.ArchivepubError as exc:
            print(f"  (skipping {article}: {exc})")
    return docs


def _minimal_ebooklib(doc: Edition) -> bytes:
    """The same text through ebooklib with nothing else: one chapter, nav and NCX."""
    last = doc[-1] if isinstance(doc, list) else doc
    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title(last.metadata.title)
    book.set_language(last.metadata.language)
    parts = []
    for one in doc if isinstance(doc, list) else [doc]:
        for block in descend(one.blocks):
            if isinstance(block, Heading | Paragraph):
                parts.append(f"<p>{html.escape(plain_text(block.content))}</p>")
    chapter = epub.EpubHtml(title=last.metadata.title, file_name="text.xhtml", lang=last.metadata.language)
    chapter.content = ("<html><body>" + "".join(parts) + "</body></html>").encode("utf-8")
    book.add_item(chapter)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.toc = [chapter]
    book.spine = ["nav", chapter]
    out = io.BytesIO()
    epub.write_epub(out, book, {"epub3_pages": False})
    return out.getvalue()


def _rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per second of ``fn``, repeated for at least ``seconds`` (and at least 3 times)."""
    fn()  # warm up
    count, start = 0, time.perf_counter()
    while True:
        fn()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and count >= 3:
            return count / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    args = parser.parse_args()
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory(prefix="bench-epub-") as tmp:
        work = Path(tmp)
        assets = work / "article"
        (assets / "images").mkdir(parents=True)
        (assets / LOCAL_IMAGE).write_bytes(png_bytes())
        docs = _documents(assets)
        header = f"{'document':<18}{'archivepub/s':>14}{'ebooklib/s':>12}{'pandoc/s':>10}"
        print(header + f"{'vs ebooklib':>13}{'vs pandoc':>11}")
        totals = {"ours": 0.0, "ebooklib": 0.0, "pandoc": 0.0}
        for name, doc, folder in docs:
            options = EpubOptions(assets=folder)
            ours = _rate(functools.partial(write_epub, doc, options, report=_quiet), args.seconds)
            base = _rate(functools.partial(_minimal_ebooklib, doc), args.seconds)
            totals["ours"] += 1 / ours
            totals["ebooklib"] += 1 / base
            row = f"{name:<18}{ours:>14.1f}{base:>12.1f}"
            if pandoc:
                # the same article as HTML: the XHTML of archivepub's own text page
                data = write_epub(doc, options, report=_quiet)
                source = work / f"{name}.html"
                source.write_bytes(zipfile.ZipFile(io.BytesIO(data)).read("EPUB/text.xhtml"))
                target = work / f"{name}.epub"
                command = [pandoc, "-f", "html", "-t", "epub3", "-o", str(target), str(source)]
                run = functools.partial(subprocess.run, command, check=True, capture_output=True)
                rate = _rate(run, args.seconds)
                totals["pandoc"] += 1 / rate
                row += f"{rate:>10.1f}{ours / base:>12.2f}x{ours / rate:>10.1f}x"
            else:
                row += f"{'-':>10}{ours / base:>12.2f}x{'-':>11}"
            print(row)
        n = len(docs)
        print(
            f"\nall {n} documents: archivepub {n / totals['ours']:.1f} EPUB/s, minimal ebooklib "
            f"{n / totals['ebooklib']:.1f} EPUB/s: archivepub runs at "
            f"{totals['ebooklib'] / totals['ours']:.2f}x its rate"
        )
        if pandoc:
            print(
                f"pandoc {n / totals['pandoc']:.1f} EPUB/s: archivepub is "
                f"{totals['pandoc'] / totals['ours']:.1f}x pandoc's rate"
            )
        else:
            print("pandoc not installed (Debian: apt-get install pandoc): baseline (b) skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
