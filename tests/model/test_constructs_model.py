"""The constructs of issue 13 in the model: ids, normalisation, invariants, strict JSON, URL policy."""

from __future__ import annotations

import warnings

import pytest

from archivepub import DocumentError, ReadError
from archivepub.errors import ArchivepubWarning
from archivepub.model import (
    Cell,
    Code,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Document,
    HorizontalRule,
    LineBreak,
    Media,
    Metadata,
    Paragraph,
    Preformatted,
    Row,
    Subscript,
    Superscript,
    Table,
    Text,
    descend,
    make_document,
    plain_text,
)


def _cell(text: str, header: bool = False, **spans: int) -> Cell:
    return Cell(blocks=(Paragraph(content=(Text(text),)),), header=header, **spans)


def _sample() -> Document:
    table = Table(
        caption=(Text("Tides "), Superscript((Text("1"),))),
        columns=(ColumnSpec(width=40), ColumnSpec(align="right")),
        head=(Row(cells=(_cell("Station", True), _cell("Height", True))),),
        bodies=((Row(cells=(_cell("Quay", True, rowspan=2), _cell("4.2"))), Row(cells=(_cell("4.4"),))),),
        foot=(Row(cells=(_cell("Mean", True), _cell("4.3"))),),
    )
    glossary = DefinitionList(
        items=(
            DefinitionItem(
                term=Paragraph(content=(Text("Neap"),)), definitions=(Paragraph(content=(Text("Low."),)),)
            ),
        )
    )
    return make_document(
        Metadata(title="T", language="en"),
        [
            HorizontalRule(),
            Paragraph(
                content=(
                    Text("H"),
                    Subscript((Text("2"),)),
                    Text("O "),
                    LineBreak(),
                    Text(" run "),
                    Code("ls -l"),
                )
            ),
            table,
            HorizontalRule(),
            HorizontalRule(),
            CodeBlock(text="\n  x = 1   \n\n", language="python"),
            Preformatted(content=(Text("  Ebb    Flood  \n   low\n\n"),)),
            glossary,
            Media(kind="video", src="https://e.org/v.mp4", title="  The   quay ", poster="images/p.jpg"),
            HorizontalRule(),
        ],
    )


def test_ids_count_each_kind_containers_first_cells_row_by_row() -> None:
    doc = _sample()
    assert [b.id for b in descend(doc.blocks)] == [
        "p1", "t1", "p2", "p3", "p4", "p5", "p6", "p7", "p8",
        "hr1", "code1", "pre1", "dl1", "p9", "p10", "media1",
    ]  # fmt: skip


def test_normalisation_of_each_construct() -> None:
    doc = _sample()
    para = doc.blocks[0]
    assert isinstance(para, Paragraph)
    # spaces around a line break go; code keeps its text
    assert para.content == (
        Text("H"),
        Subscript((Text("2"),)),
        Text("O"),
        LineBreak(),
        Text("run "),
        Code("ls -l"),
    )
    assert plain_text(para.content) == "H2O\nrun ls -l"
    # rules at either end, or doubled, separate nothing
    assert [type(b).__name__ for b in doc.blocks].count("HorizontalRule") == 1
    code = next(b for b in doc.blocks if isinstance(b, CodeBlock))
    assert code.text == "  x = 1"
    pre = next(b for b in doc.blocks if isinstance(b, Preformatted))
    assert pre.content == (Text("  Ebb    Flood"), LineBreak(), Text("   low"))
    media = next(b for b in doc.blocks if isinstance(b, Media))
    assert media.title == "The quay"


def test_json_round_trip_and_strictness() -> None:
    doc = _sample()
    assert Document.from_json(doc.to_json()) == doc
    data = doc.to_dict()
    data["blocks"][1]["head"][0][0]["colour"] = "red"
    with pytest.raises(ReadError, match=r"blocks\[1\]\.head\[0\]\[0\]: unknown key\(s\) colour"):
        Document.from_dict(data)
    data = doc.to_dict()
    data["blocks"][1]["bodies"][0][0][0]["rowspan"] = "2"
    with pytest.raises(ReadError, match=r"rowspan: expected an integer"):
        Document.from_dict(data)
    data = doc.to_dict()
    data["blocks"][-1]["kind"] = "hologram"
    with pytest.raises(DocumentError, match="kind 'hologram'"):
        Document.from_dict(data)


def test_invariants_of_tables() -> None:
    bad = Table(bodies=((Row(cells=(Cell(colspan=0),)),),), id="t1")
    with pytest.raises(DocumentError, match="spans 0 columns"):
        Document(metadata=Metadata(title="T"), blocks=(bad,))
    with pytest.raises(DocumentError, match="column alignment 'middle'"):
        Document(
            metadata=Metadata(title="T"), blocks=(Table(columns=(ColumnSpec(align="middle"),), id="t1"),)
        )
    # TEI has no empty table, row or glossary: neither has the model
    row = Row(cells=(Cell(),))
    with pytest.raises(DocumentError, match="at least one row"):
        Document(metadata=Metadata(title="T"), blocks=(Table(id="t1"),))
    with pytest.raises(DocumentError, match="at least one cell"):
        Document(metadata=Metadata(title="T"), blocks=(Table(bodies=((row, Row(cells=())),), id="t1"),))
    with pytest.raises(DocumentError, match="has no item"):
        Document(metadata=Metadata(title="T"), blocks=(DefinitionList(items=(), id="dl1"),))


def test_media_urls_follow_the_url_policy() -> None:
    unsafe = Media(
        kind="embed", src="javascript:alert(1)", poster="data:text/html,x", title="Player", id="media1"
    )
    with pytest.raises(DocumentError, match="javascript"):
        Document(metadata=Metadata(title="T"), blocks=(unsafe,))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = make_document(Metadata(title="T"), [unsafe])
    (media,) = doc.blocks
    assert isinstance(media, Media)
    assert (media.src, media.poster, media.title) == (None, None, "Player")
    assert sum(issubclass(w.category, ArchivepubWarning) for w in caught) == 2
    data = _sample().to_dict()
    data["blocks"][-1]["src"] = " JaVaScRiPt:alert(1)"
    with pytest.warns(ArchivepubWarning, match="removed"):
        read = Document.from_dict(data)
    assert isinstance(read.blocks[-1], Media)
    assert read.blocks[-1].src is None
