"""The Wikipedia pages of ../shared/corpus/readability: infoboxes and data tables are tables.

Before issue 13 an infobox was dropped (or became "Industry | Open-source software"
paragraphs) and a table of films became one pipe-joined paragraph per row.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from archivepub.model import Table, descend, plain_text
from archivepub.model.walk import inline_content
from archivepub.readers.html import read_html

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus" / "readability"
WIKIPEDIA = sorted(p.name for p in CORPUS.glob("wikipedia*") if (p / "source.html").is_file())


def _data_tables(page: str) -> list[lxml.html.HtmlElement]:
    """The page's infoboxes and data tables (``wikitable``), as the page marks them."""
    root = lxml.html.fromstring((CORPUS / page / "source.html").read_bytes())
    return [t for t in root.iter("table") if {"infobox", "wikitable"} & set((t.get("class") or "").split())]


def _cell_text(table: Table) -> list[list[str]]:
    return [
        [" ".join(plain_text(inline_content(b)) for b in descend(c.blocks)).strip() for c in row.cells]
        for row in table.rows()
    ]


@pytest.mark.skipif(not WIKIPEDIA, reason=f"the readability corpus is not at {CORPUS}")
@pytest.mark.parametrize("page", WIKIPEDIA)
def test_infoboxes_and_data_tables_are_tables(page: str) -> None:
    path = CORPUS / page / "source.html"
    doc = read_html(path.read_bytes(), name=str(path))
    tables = [b for b in doc.all_blocks() if isinstance(b, Table)]
    expected = _data_tables(page)
    assert len(tables) >= len(expected)
    for source in expected:
        rows = [r for r in source.iter("tr") if r.getparent() is not None]
        first = next(c for c in rows[-1] if c.tag in ("td", "th"))
        wanted = " ".join(first.text_content().split())
        # the last row's first cell is a cell of one of the document's tables, not a paragraph
        assert any(wanted in cells for t in tables for cells in _cell_text(t)), wanted
    # no row of a table was flattened into a pipe-joined paragraph
    for block in doc.all_blocks():
        text = plain_text(inline_content(block))
        for source in expected:
            for row in source.iter("tr"):
                cells = [" ".join(c.text_content().split()) for c in row if c.tag in ("td", "th")]
                if len(cells) > 1 and all(cells):
                    assert text != " | ".join(cells)
