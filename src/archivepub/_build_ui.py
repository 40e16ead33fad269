"""Terminal output of ``archivepub build``: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TextIO

from archivepub.build import ORIGINS, ArticleReport, BuildReport, Progress

__all__ = ["progress", "summary"]


def _line(article: ArticleReport, done: int, total: int) -> str:
    width = len(str(total))
    text = f"archivepub: [{done:>{width}}/{total}] {article.status} {article.id}"
    if article.error:
        text += f": {article.error}"
    return text


@contextlib.contextmanager
def progress(stream: TextIO, *, quiet: bool = False) -> Iterator[Progress | None]:
    """Yield a progress callback for :func:`~archivepub.build.build_archive`.

    On a terminal it drives a rich progress bar (failures are printed above it); otherwise it
    prints one line per article. ``quiet`` prints nothing but failures.
    """
    if not stream.isatty():

        def plain(article: ArticleReport, done: int, total: int) -> None:
            if not quiet or article.status == "failed":
                print(_line(article, done, total), file=stream, flush=True)

        yield plain
        return

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    console = Console(file=stream)
    if quiet:

        def failures(article: ArticleReport, done: int, total: int) -> None:
            if article.status == "failed":
                console.print(_line(article, done, total), markup=False, highlight=False)

        yield failures
        return
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("[bold]build"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def show(article: ArticleReport, done: int, total: int) -> None:
            if article.status == "failed":
                bar.console.print(_line(article, done, total), markup=False, highlight=False)
            bar.update(task, completed=done, total=total, description=article.id)

        yield show


def _rows(report: BuildReport) -> tuple[list[str], list[list[str]]]:
    totals = report.totals()
    header = ["language", *ORIGINS]
    rows = [[lang, *(str(counts.get(o, 0)) for o in ORIGINS)] for lang, counts in totals["segments"].items()]
    return header, rows


#: Warnings printed by the summary without ``--verbose``.
FIRST_WARNINGS = 5


def _notes(report: BuildReport, verbose: bool) -> list[str]:
    """The lines after the table: editions withheld or partial (with the fix), then warnings."""
    lines: list[str] = []
    withheld = [f"{a.id}/{lang}" for a in report.articles for lang in a.withheld]
    if withheld:
        lines.append(
            f"{len(withheld)} translations not published (untranslated segments): {', '.join(withheld)}."
            " Install a model (archivepub models fetch, or models add), or translate the segments in"
            " locales/ (archivepub locales update), or publish them as partial editions with a notice"
            " (--partial, or partial = true in archivepub.toml)"
        )
    partial = [f"{a.id}/{lang}" for a in report.articles for lang in a.partial]
    if partial:
        lines.append(
            f"{len(partial)} partial translations published with a notice: {', '.join(partial)}."
            " Install a model or translate the rest in locales/ to complete them"
        )
    warnings = [(a.id, w) for a in report.articles if a.status != "failed" for w in a.warnings]
    if warnings:
        shown = warnings if verbose else warnings[:FIRST_WARNINGS]
        more = len(warnings) - len(shown)
        lines.append(
            f"{len(warnings)} warnings"
            + (f" (the first {len(shown)}; all with --verbose)" if more else "")
            + ":"
        )
        lines.extend(f"  {article}: {text}" for article, text in shown)
    return lines


def summary(report: BuildReport, stream: TextIO, *, verbose: bool = False) -> None:
    """Print the end-of-build summary: articles, editions, segments per language and origin,
    translations withheld or partial, and warnings (the first few, or all when ``verbose``)."""
    totals = report.totals()
    head = (
        f"{totals['articles']} articles: {totals['built']} built, {totals['skipped']} skipped (unchanged), "
        f"{totals['failed']} failed; {totals['editions']} editions, {totals['bags']} bags in {report.dist}"
        f"; {totals['warnings']} warnings"
    )
    header, rows = _rows(report)
    notes = _notes(report, verbose)
    if stream.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title="segments per language", title_justify="left")
        for n, name in enumerate(header):
            table.add_column(name, justify="left" if n == 0 else "right")
        for row in rows:
            table.add_row(*row)
        console = Console(file=stream)
        console.print(head, markup=False, highlight=False)
        if rows:
            console.print(table)
        for line in notes:
            console.print(line, markup=False, highlight=False)
        for article in report.failed:
            console.print(f"failed: {article.id}: {article.error}", markup=False, highlight=False)
        return
    print(f"archivepub: {head}", file=stream)
    if rows:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
            print("  " + "  ".join(cells), file=stream)
    for line in notes:
        print(line if line.startswith("  ") else f"archivepub: {line}", file=stream)
    for article in report.failed:
        print(f"archivepub: failed: {article.id}: {article.error}", file=stream)
