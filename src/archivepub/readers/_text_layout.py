# ruff: noqa: RUF001  (typographic quotes and the Armenian full stop are meant)
"""Layout in plain text that the text reader keeps: verse line breaks and ASCII tables.

Verse (a poem, an address) is told from hard-wrapped prose by how its lines end: a wrapping
program breaks a line only when the next word does not fit, so when the next line's first
word would have fitted on most lines, the lines were broken by hand and the breaks are kept.
An ASCII table is a run of lines whose cells are separated by ``|`` (Markdown's pipe tables,
with or without the outer bars), optionally ruled with ``-``, ``=`` and ``+`` lines; the
rows above the first rule are the header.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Protocol

from archivepub.model import Cell, Inline, LineBreak, Paragraph, Row, Table


class _HasText(Protocol):
    @property
    def text(self) -> str: ...


__all__ = ["ascii_table", "in_table", "verse"]

# matched against a line without its whitespace (one pattern, no nested repetition around
# spaces: linear on any line)
_RULE = re.compile(r"[|+]?(?::?[-=]+:?[|+])*:?[-=]+:?[|+]?")
_BORDER = re.compile(r"\+[-=+]*\+")
_SPACES = re.compile(r"\s+")


def _is_rule(line: str) -> bool:
    """True for a table's rule line: ``|---|:--:|``, ``+----+----+``, ``=== ===``."""
    compact = _SPACES.sub("", line)
    if compact.count("-") + compact.count("=") < 3:
        return False
    return bool(_RULE.fullmatch(compact) or _BORDER.fullmatch(compact))


_SENTENCE_END = re.compile(r"[.!?…։][\"'»”’)\]]*$")


def in_table(lines: Sequence[_HasText], k: int) -> bool:
    """True when line ``k`` is the rule of an ASCII table (a row of cells above or below it),
    which is not a separator of page furniture."""
    if not _is_rule(lines[k].text):
        return False
    near = [lines[j].text for j in (k - 1, k + 1) if 0 <= j < len(lines)]
    return any("|" in text and not _is_rule(text) for text in near)


def _cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [cell.strip() for cell in text.split("|")]


def ascii_table(lines: Sequence[str], inline: Callable[[str], tuple[Inline, ...]]) -> Table | None:
    """The table ``lines`` draw, or ``None`` when they are not all rows or rules of one table.

    >>> t = ascii_table(["| Lock | Rise |", "|---|---|", "| Top | 3.9 m |"], lambda s: ())
    >>> len(t.head), len(t.bodies[0])
    (1, 1)
    """
    rows: list[list[str]] = []
    head_rows = 0
    for line in lines:
        if _is_rule(line):
            if rows and not head_rows:
                head_rows = len(rows)
            continue
        if "|" not in line:
            return None
        rows.append(_cells(line))
    if len(rows) < 2 or len({len(r) for r in rows}) != 1 or len(rows[0]) < 2:
        return None
    if head_rows == len(rows):
        head_rows = 0

    def row(cells: list[str], header: bool) -> Row:
        return Row(
            cells=tuple(
                Cell(header=header, blocks=(Paragraph(content=inline(c)),) if c else ()) for c in cells
            )
        )

    return Table(
        head=tuple(row(r, True) for r in rows[:head_rows]),
        bodies=(tuple(row(r, False) for r in rows[head_rows:]),),
    )


def verse(lines: Sequence[str], inline: Callable[[str], tuple[Inline, ...]]) -> Paragraph | None:
    """``lines`` as one paragraph with its line breaks kept, when they were broken by hand.

    ``None`` for hard-wrapped prose (the next line's first word would not have fitted), for
    fewer than three lines, and for lines that each end a sentence (one paragraph per line).
    """
    texts = [line.strip() for line in lines]
    if len(texts) < 3 or not all(texts):
        return None
    width = max(len(t) for t in texts)
    if width > 60 or all(_SENTENCE_END.search(t) for t in texts[:-1]):
        return None
    by_hand = sum(len(a) + 1 + len(b.split()[0]) <= width for a, b in pairwise(texts))
    if by_hand * 3 < (len(texts) - 1) * 2:
        return None
    content: list[Inline] = []
    for n, text in enumerate(texts):
        if n:
            content.append(LineBreak())
        content.extend(inline(text))
    return Paragraph(content=tuple(content))
