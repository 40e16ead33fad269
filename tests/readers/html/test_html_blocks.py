"""Blocks: headings with their levels, paragraphs, lists, quotes, emphasis, tables."""

from __future__ import annotations

from html_pages import headings, paragraphs, read_page, read_text, text_of

from archivepub.model import (
    DefinitionList,
    Emphasis,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    Strong,
    Table,
    descend,
    iter_inlines,
    plain_text,
)
from archivepub.model.walk import inline_content


def test_headings_keep_their_levels_and_the_title_h1_is_dropped() -> None:
    doc = read_page("blocks.html")
    assert doc.metadata.title == "A guide to the canal locks"
    assert headings(doc) == [
        (2, "Before you start"),
        (3, "What to carry"),
        (3, "Working a lock"),
        (4, "Lock dimensions"),
    ]


def test_loose_text_and_double_breaks_make_paragraphs_and_tables_are_tables() -> None:
    assert paragraphs(read_page("blocks.html")) == [
        "The canal climbs ninety metres in twenty-one locks, and boaters need most of a day for the flight.",
        "Loose text in a division reads as a paragraph.",
        "After a double break a new paragraph starts.\nA single break only ends a line.",
        "Read The Canal Companion and check the stoppage list; never leave a paddle up.",
    ]
    doc = read_page("blocks.html")
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[(c.header, text_of(c.blocks[0])) for c in row.cells] for row in table.rows()] == [
        [(True, "Lock"), (True, "Rise")],
        [(False, "Bottom lock"), (False, "4.2 m")],
        [(False, "Top lock"), (False, "3.9 m")],
    ]
    assert (len(table.head), len(table.bodies)) == (1, 1)
    (glossary,) = [b for b in doc.blocks if isinstance(b, DefinitionList)]
    assert [(text_of(i.term), [text_of(d) for d in i.definitions]) for i in glossary.items] == [
        ("Pound", ["The stretch of water between two locks."])
    ]
    (pre,) = [b for b in doc.blocks if isinstance(b, Preformatted)]
    assert plain_text(pre.content) == "Paddle up, gate shut."


def test_nested_lists_become_blocks_inside_items() -> None:
    doc = read_page("blocks.html")
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert [lst.ordered for lst in lists] == [False, True]
    bullets = lists[0]
    assert [len(item) for item in bullets.items] == [1, 2, 2]
    nested = bullets.items[1][1]
    assert isinstance(nested, ListBlock)
    assert [text_of(b) for item in nested.items for b in item] == [
        "one of ten metres",
        "one of twenty metres",
    ]
    assert [text_of(b) for b in bullets.items[2]] == ["Gloves", "Waterproof ones in winter."]


def test_quotes_hold_blocks() -> None:
    (quote,) = [b for b in read_page("blocks.html").blocks if isinstance(b, Quote)]
    assert [text_of(b) for b in quote.blocks] == ["A lock is a staircase for water.", "— an old lock-keeper"]


def test_emphasis_and_strong() -> None:
    doc = read_page("blocks.html")
    inlines = [n for b in descend(doc.blocks) for n in iter_inlines(inline_content(b))]
    # <cite> names a work or a source (sites use it for whole citations and credits): plain text
    assert [plain_text(n.content) for n in inlines if isinstance(n, Emphasis)] == [
        "ninety metres",
        "the stoppage list",
    ]
    assert [plain_text(n.content) for n in inlines if isinstance(n, Strong)] == ["twenty-one locks", "never"]
    assert "Read The Canal Companion and check" in " ".join(plain_text(inline_content(b)) for b in doc.blocks)


def test_a_layout_table_reads_cell_by_cell() -> None:
    doc = read_text(
        "<html><body><table><tr><td><h1>Old site</h1><p>The first paragraph of an old page laid out "
        "with a table.</p><p>The second paragraph of the same page.</p></td><td><p>Side column.</p></td>"
        "</tr></table></body></html>"
    )
    assert all(isinstance(b, Paragraph) for b in doc.blocks)
    assert paragraphs(doc)[:2] == [
        "The first paragraph of an old page laid out with a table.",
        "The second paragraph of the same page.",
    ]


def test_formula_images_keep_their_tex_and_other_hidden_images_go() -> None:
    doc = read_text(
        "<html><body><article><h1>T</h1><p>The matrix "
        '<img class="mwe-math-fallback-image-inline" aria-hidden="true" src="/m.svg" '
        'alt="{\\displaystyle A^{\\mathsf {H}}}"> is Hermitian when it equals its transpose.'
        '<span aria-hidden="true"><img src="/decor.png" alt="decoration"></span></p></article></body></html>'
    )
    assert paragraphs(doc) == ["The matrix A^{\\mathsf {H}} is Hermitian when it equals its transpose."]


def test_mathml_becomes_its_text() -> None:
    doc = read_text(
        '<html><body><article><h1>T</h1><p>Energy is <math alttext="E = mc^2"><mi>E</mi><mo>=</mo>'
        "<mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></math> as Einstein wrote in 1905.</p>"
        "</article></body></html>"
    )
    assert paragraphs(doc) == ["Energy is E = mc^2 as Einstein wrote in 1905."]
