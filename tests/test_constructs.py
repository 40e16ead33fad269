"""Every construct of an article through every stage (issue 13): one test page per construct.

Each page under ``tests/data/html/constructs/`` (written for these tests) goes HTML -> model ->
JSON -> TEI -> model and HTML -> EPUB; the TEI must be valid against tei_all, the EPUB pass
epubcheck with no error and no warning, and the document read back from TEI must equal the
one read from HTML, construct by construct.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import archivepub
from archivepub.catalogs.extract import extract_segments
from archivepub.model import (
    Block,
    Code,
    CodeBlock,
    DefinitionList,
    Document,
    Figure,
    Heading,
    HorizontalRule,
    LineBreak,
    Media,
    Paragraph,
    Preformatted,
    Subscript,
    Superscript,
    Table,
    descend,
    iter_inlines,
    plain_text,
)
from archivepub.model.walk import inline_content
from archivepub.readers.tei import read_tei
from archivepub.transforms.backends import FakeTranslator
from archivepub.writers.epub import write_epub
from archivepub.writers.tei import write_tei

PAGES = Path(__file__).parent / "data" / "html" / "constructs"

#: page -> the node types it must produce (and how many of each)
EXPECTED: dict[str, dict[type, int]] = {
    "tables.html": {Table: 2},
    "verse.html": {LineBreak: 7, Preformatted: 1},
    "scripts.html": {Subscript: 1, Superscript: 4},
    "code.html": {Code: 1, CodeBlock: 1},
    "rules.html": {HorizontalRule: 1},
    "definitions.html": {DefinitionList: 1},
    "media.html": {Media: 3},
}


def constructs(doc: Document) -> Counter[type]:
    """How many nodes of each new type ``doc`` holds (blocks and inlines, nested included)."""
    count: Counter[type] = Counter()
    for block in doc.all_blocks():
        count[type(block)] += 1
        for node in iter_inlines(inline_content(block)):
            count[type(node)] += 1
    return count


def read(page: str) -> Document:
    return archivepub.read(str(PAGES / page), url=f"https://harbour-notes.example/{page}")


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_construct_survives_json_and_tei(page: str, tei_schema: object) -> None:
    doc = read(page)
    count = constructs(doc)
    for kind, n in EXPECTED[page].items():
        assert count[kind] == n, (kind.__name__, count)
    assert Document.from_json(doc.to_json()) == doc
    tei = write_tei(doc)
    tei_schema.assert_valid(tei)  # type: ignore[attr-defined]
    back = read_tei(tei.encode("utf-8"))
    assert back == doc
    assert Document.from_json(back.to_json()) == doc


def test_every_construct_passes_epubcheck_also_bilingual(tmp_path: Path, epubcheck: object) -> None:
    paths = []
    for page in sorted(EXPECTED):
        doc = read(page)
        path = tmp_path / page.replace(".html", ".epub")
        path.write_bytes(write_epub(doc))
        # and a bilingual edition: each construct beside its (here: identical) translation
        translated = archivepub.translate(doc, "ru", translator=FakeTranslator())
        both = tmp_path / page.replace(".html", ".en-ru.epub")
        both.write_bytes(write_epub([doc, translated]))
        paths += [path, both]
    results = epubcheck.check(paths)  # type: ignore[attr-defined]
    for path in paths:
        assert results[path].clean, results[path].messages


def _xhtml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith("text.xhtml"))
        return etree.fromstring(z.read(name))


NS = {"h": "http://www.w3.org/1999/xhtml"}


def test_epub_tables_are_accessible(tmp_path: Path) -> None:
    path = tmp_path / "t.epub"
    path.write_bytes(write_epub(read("tables.html")))
    root = _xhtml(path)
    tables = root.findall(".//h:table", NS)
    assert len(tables) == 2
    spring = tables[1]
    assert "".join(spring.xpath("h:caption//text()", namespaces=NS)) == "Spring tides, 1952 (metres)"
    head = spring.findall("h:thead/h:tr/h:th", NS)
    assert [(th.get("scope"), th.get("rowspan"), th.get("colspan")) for th in head] == [
        ("col", "2", None),
        ("colgroup", None, "2"),
        ("col", None, None),
        ("col", None, None),
    ]
    assert [th.get("scope") for th in spring.findall("h:tbody/h:tr/h:th", NS)] == ["row"] * 3
    assert [th.get("scope") for th in spring.findall("h:tfoot/h:tr/h:th", NS)] == ["row"]
    # the numbers' column is right-aligned, the cell under a rowspan finds its column
    tds = spring.findall("h:tbody/h:tr", NS)[2].findall("h:td", NS)
    assert [td.get("class") for td in tds] == ["align-right"]


def test_epub_media_is_a_poster_link_never_live(tmp_path: Path) -> None:
    path = tmp_path / "m.epub"
    path.write_bytes(write_epub(read("media.html")))
    with zipfile.ZipFile(path) as z:
        text = b"".join(z.read(n) for n in z.namelist() if n.endswith((".xhtml", ".opf")))
    for never in (b"<video", b"<audio", b"<iframe", b"<script", b"onplay", b"javascript:"):
        assert never not in text
    root = _xhtml(path)
    links = [a.get("href") for a in root.iterfind(".//h:figure[@class='media']//h:a", NS)]
    assert "https://www.youtube.com/embed/abc123XYZ" in links
    assert "https://harbour-notes.example/media/ledgers.jpg" in links  # the poster, linked


def test_an_archivepub_1_file_reads_as_version_2() -> None:
    doc = read("rules.html")
    old = doc.to_dict()
    old["schema"] = "archivepub/1"
    old["blocks"] = [b for b in old["blocks"] if b["type"] != "rule"]
    migrated = Document.from_dict(old)
    assert migrated.to_dict()["schema"] == "archivepub/2"
    assert [b.id for b in descend(migrated.blocks)] == ["p1", "p2"]
    old["blocks"].insert(1, {"type": "rule", "id": "hr1"})
    with pytest.raises(
        archivepub.ReadError, match=r"blocks\[1\]: block type 'rule' does not exist in archivepub/1"
    ):
        Document.from_dict(old)


def _without_provenance(doc: Document) -> Document:
    """``doc`` with the translation's provenance left out of every block (for comparison)."""
    from dataclasses import replace

    from archivepub.model import map_blocks

    def strip(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph | Figure | Table | Preformatted):
            return replace(block, provenance=())
        return block

    return replace(doc, blocks=map_blocks(doc.blocks, strip))


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_translation_with_the_copy_model_keeps_every_construct(copy_models: Path, page: str) -> None:
    doc = read(page)
    out = archivepub.translate(doc, "ru")
    # the copy model gives back what it is given: every construct, in place, text included
    assert _without_provenance(out).blocks == doc.blocks
    entries = [entry for block in out.all_blocks() for entry in getattr(block, "provenance", ())]
    # a cell holding only a number or a sign needs no model: it is copied, the rest is the model's
    assert {(entry.origin, entry.repairs) for entry in entries} <= {("machine", ()), ("copied", ())}
    assert any(entry.origin == "machine" for entry in entries)
    assert Document.from_json(out.to_json()) == out


def test_code_never_reaches_the_model_and_cells_are_segments() -> None:
    fake = FakeTranslator()
    archivepub.translate(read("code.html"), "ru", translator=fake)
    seen = [text for _source, _target, batch in fake.calls for text in batch]
    assert seen
    assert not any("count_pages" in text for text in seen)
    assert any("<code1/>" in text for text in seen)
    tables = {s.id: s for s in extract_segments(read("tables.html"))}
    spring = next(s for s in tables.values() if s.text == "4.11")
    assert spring.comments[0] == "paragraph, in table t2, row 4, cell 3"
    assert tables["t2.1"].text == "Spring tides, <em>1952</em> (metres)"
    terms = [s for s in extract_segments(read("definitions.html")) if s.kind.startswith("term")]
    assert [s.text for s in terms] == ["Spring tide", "Neap", "Stand"]
    verse = {s.text for s in extract_segments(read("verse.html"))}
    assert (
        "Letters to the board were addressed to<br/>The Harbour Office,<br/>Quay Street, Port Ellery."
        in verse
    )
    assert {"Ebb", "Flood", "low", "high", "turning"} <= verse  # the spacing is kept aside


def test_plain_text_keeps_verse_lines_and_ascii_tables() -> None:
    doc = archivepub.read(str(Path(__file__).parent / "data" / "text" / "verse-and-table.txt"))
    poem = doc.blocks[0]
    assert isinstance(poem, Paragraph)
    assert plain_text(poem.content).split("\n") == [
        "The sea came over the breakwater wall,",
        "It took the nets and the lanterns all;",
        "It left the ledgers high and dry,",
        "For the clerk had climbed where the gulls go by.",
    ]
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [[plain_text(inline_content(c.blocks[0])) for c in r.cells] for r in table.rows()] == [
        ["Station", "March", "September"],
        ["North quay", "4.21", "4.38"],
        ["Fish market", "3.97", "4.11"],
    ]
    assert [c.header for c in table.head[0].cells] == [True] * 3
    # the prose paragraphs around them are not verse: hard-wrapped text is joined
    last = doc.blocks[-1]
    assert isinstance(last, Paragraph)
    assert LineBreak() not in last.content


def test_catalogs_and_review_hold_every_construct(tmp_path: Path, packages_dir: Path) -> None:
    import shutil
    import subprocess

    from archivepub.catalogs.update import UpdateOptions, catalog_path, update_catalogs
    from archivepub.review.session import ReviewSession

    archive, locales = tmp_path / "archive", tmp_path / "locales"
    for page in EXPECTED:
        folder = archive / page.removesuffix(".html")
        folder.mkdir(parents=True)
        shutil.copyfile(PAGES / page, folder / "article.html")
    update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    session = ReviewSession(archive, locales, ("ru",))
    for page in EXPECTED:
        article = page.removesuffix(".html")
        path = catalog_path(locales, "ru", article)
        done = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, check=False
        )
        assert done.returncode == 0, done.stderr
        view = session.article(article, "ru")
        assert len(view.segments) == len(extract_segments(read(page)))
    tables = catalog_path(locales, "ru", "tables").read_text(encoding="utf-8")
    assert '#. paragraph, in table t2, row 4, cell 3\n#: tables:p18\nmsgctxt "p18.1"\nmsgid "4.11"' in tables
    code = catalog_path(locales, "ru", "code").read_text(encoding="utf-8")
    assert "count_pages" not in code  # code is never a catalog entry
    assert "<code1/>" in code
