"""How the HTML reader tells the new constructs apart: data or layout tables, code or
preformatted text, note marks or superscript, player or advert frames, grouped definitions."""

from __future__ import annotations

import pytest
from html_pages import read_text, text_of

from archivepub.model import (
    CodeBlock,
    DefinitionList,
    Document,
    Media,
    NoteRef,
    Paragraph,
    Preformatted,
    Superscript,
    Table,
    iter_inlines,
)
from archivepub.model.walk import inline_content

PROSE = (
    "<p>The harbour board met on Tuesday to decide what to do with the flooded ledgers, and after"
    " a long debate it chose to move them upstairs before the spring tides.</p>"
    "<p>The clerk kept a record of every box that was carried, with its weight and its shelf.</p>"
)


def page(body: str) -> Document:
    return read_text(f"<html><body><article><h1>Ledgers</h1>{PROSE}{body}{PROSE}</article></body></html>")


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.all_blocks() if isinstance(b, Table)]


def grid(rows: int, cols: int, cell: str = "td") -> str:
    body = "".join(
        "<tr>" + "".join(f"<{cell}>r{r}c{c}</{cell}>" for c in range(cols)) + "</tr>" for r in range(rows)
    )
    return f"<table>{body}</table>"


@pytest.mark.parametrize(
    ("html", "is_table"),
    [
        (grid(3, 4), True),  # more than ten cells
        (grid(10, 2), True),  # ten rows
        (grid(2, 5), True),  # more than four columns
        (grid(3, 3), False),  # a small grid without headers lays out the page
        (grid(2, 2, "th"), True),  # header cells
        (grid(1, 6), False),  # one row: a bar of buttons or pictures
        (grid(6, 1), False),  # one column
        ('<table summary="Tides">' + grid(2, 2)[7:], True),
        ('<table role="presentation"><thead><tr><th>r0c0</th><th>r0c1</th></tr></thead></table>', False),
        (f"<table><tr><td>{grid(3, 4)}</td><td>side</td></tr></table>", True),  # the inner one only
    ],
)
def test_data_or_layout_table(html: str, is_table: bool) -> None:
    doc = page(html)
    found = tables(doc)
    assert bool(found) == is_table
    if not is_table:
        # a layout table's text is kept as ordinary blocks
        text = " ".join(text_of(b) for b in doc.blocks)
        assert "r0c0" in text


def test_nested_table_keeps_only_the_data_grid() -> None:
    doc = page(f"<table><tr><td>{grid(3, 4)}</td><td>side</td></tr></table>")
    (table,) = tables(doc)
    assert [len(r.cells) for r in table.rows()] == [4, 4, 4]
    assert "side" in " ".join(text_of(b) for b in doc.blocks)


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ("<pre><code>x = 1</code></pre>", CodeBlock),
        ('<div class="highlight"><pre><span class="k">SELECT</span> <span class="n">a</span>'
         ' <span class="k">FROM</span> <span class="n">t</span></pre></div>', CodeBlock),
        ("<pre>npm install inspector-api --save</pre>", CodeBlock),
        ('<pre class="language-sql">select 1</pre>', CodeBlock),
        ("<pre>The sea came over the wall;\n  It took the nets (and more)</pre>", Preformatted),
        ("<pre>   Ebb     Flood\n    low      high</pre>", Preformatted),
    ],
)  # fmt: skip
def test_code_or_preformatted(html: str, kind: type) -> None:
    blocks = [b for b in page(html).blocks if isinstance(b, CodeBlock | Preformatted)]
    assert [type(b) for b in blocks] == [kind]


def test_a_note_mark_is_a_reference_not_a_superscript() -> None:
    doc = read_text(
        f"<html><body><article><h1>Ledgers</h1>{PROSE}"
        '<p>The ledgers weigh 10<sup>3</sup> kg<sup><a href="#n1">1</a></sup>.</p>'
        '<ol class="footnotes"><li id="n1">Weighed in 1953.</li></ol></article></body></html>'
    )
    para = next(b for b in doc.blocks if isinstance(b, Paragraph) and "kg" in text_of(b))
    nodes = list(iter_inlines(inline_content(para)))
    assert [n for n in nodes if isinstance(n, Superscript)] == [Superscript((nodes[2],))]
    assert NoteRef("fn1") in nodes
    assert not any(isinstance(n, Superscript) and NoteRef("fn1") in n.content for n in nodes)


def test_players_are_media_adverts_and_widgets_are_not() -> None:
    doc = page(
        '<iframe src="https://player.vimeo.com/video/1" title="The quay"></iframe>'
        '<iframe src="https://maps.example/embed" allowfullscreen title="Map"></iframe>'
        '<iframe src="https://ads.example/slot" title="Advertisement"></iframe>'
        '<iframe src="https://widgets.example/like" width="90" height="20"></iframe>'
        '<video src="/film.webm"><track src="subs.vtt"></video>'
    )
    media = [b for b in doc.blocks if isinstance(b, Media)]
    assert [(m.kind, m.provider, m.src) for m in media] == [
        ("embed", "Vimeo", "https://player.vimeo.com/video/1"),
        ("embed", None, "https://maps.example/embed"),
        ("video", None, "/film.webm"),
    ]


def test_definition_groups_in_divs() -> None:
    neap = "<div><dt>Neap</dt><dd>The lowest tide.</dd></div>"
    stand = "<div><dt>Stand</dt><dd>Slack water.</dd></div>"
    doc = page(f"<dl>{neap}{stand}</dl>")
    (glossary,) = [b for b in doc.blocks if isinstance(b, DefinitionList)]
    assert [(text_of(i.term), [text_of(d) for d in i.definitions]) for i in glossary.items] == [
        ("Neap", ["The lowest tide."]),
        ("Stand", ["Slack water."]),
    ]
