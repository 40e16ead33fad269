"""The TEI P5 writer: valid against tei_all.rng, every encoding choice of docs/tei.md."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

import archivepub
import strategies
from archivepub import WriteError
from archivepub.cli import main
from archivepub.errors import ArchivepubWarning
from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    Link,
    ListBlock,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Provenance,
    Quote,
    Strong,
    Text,
    make_document,
    map_blocks,
)
from archivepub.readers.tei import read_tei
from archivepub.writers.tei import TeiOptions, write_tei
from conftest import TeiSchema
from strategies import documents

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "archive").glob("*/article.*"))
CORPUS = sorted((ROOT.parent / "shared" / "corpus" / "readability").glob("*/source.html"))
NS = {"t": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MODEL = ModelInfo(name="opus-mt-en-ru", engine="ctranslate2", version="1.9.6+cu121", license="CC-BY-4.0")


def _p(text: str, *extra: object) -> Paragraph:
    return Paragraph(content=(Text(text), *extra))  # type: ignore[arg-type]


def _tree(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode("utf-8"))


def _one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    assert len(found) == 1, f"{path}: {len(found)} matches"
    element = found[0]
    assert isinstance(element, etree._Element)
    return element


def _all(root: etree._Element, path: str) -> list[etree._Element]:
    found = root.xpath(path, namespaces=NS)
    assert isinstance(found, list)
    return [e for e in found if isinstance(e, etree._Element)]


def article() -> Document:
    """An original: sections, a note referenced twice, an unreferenced note, figures."""
    return make_document(
        Metadata(
            title="On bees",
            subtitle="Why the hive hums",
            authors=("A. Writer", "B. Author"),
            date="2024-04-18",
            language="en",
            site_name="The Apiary",
            source_url="https://example.org/bees",
        ),
        [
            _p("Before any heading."),
            Heading(level=2, content=(Text("The hive"), NoteRef("h"))),
            _p(
                "Bees ",
                Emphasis((Text("hum"),)),
                Text(" loudly"),
                NoteRef("a"),
                Text(" and again"),
                NoteRef("a"),
            ),
            Figure(
                src="img/hive.jpg",
                alt="A hive in the sun",
                caption=(Text("The hive"), NoteRef("c")),
                credit="Jane Doe",
            ),
            Heading(level=3, content=(Text("Workers"),)),
            Quote(blocks=(_p("Work is ", Strong((Text("sweet"),))),)),
            ListBlock(ordered=True, items=((_p("one"),), (_p("two"), _p("two b")))),
            Heading(level=2, content=(Text("Sources"),)),
            _p("", Link("https://example.org/more bees", (Text("more"),))),
            Figure(caption=(Text("A caption without an image"),)),
        ],
        [
            DraftNote("a", "1", (_p("Note a, which cites ", NoteRef("n")),)),
            DraftNote("h", "*", (_p("A note in a heading."),)),
            DraftNote("c", "2", (_p("A note in a caption."),)),
            DraftNote("n", "3", (_p("A note in a note."),)),
            DraftNote("u", "4", (_p("Never referenced."),)),
        ],
    )


def translation() -> Document:
    """A Russian translation with translators, a model, and provenance per segment."""
    return make_document(
        Metadata(
            title="Про пчёл",
            subtitle="Почему улей гудит",
            authors=("A. Writer",),
            date="2024-04-18",
            language="ru",
            source_url="https://example.org/bees",
            source_language="en",
            translators=("Анна Петрова",),
            models=(MODEL,),
            title_provenance=(Provenance(origin="reviewed"),),
            subtitle_provenance=(
                Provenance(origin="machine", model=MODEL.name, repairs=("emphasis dropped",)),
            ),
        ),
        [
            Heading(level=2, content=(Text("Улей"),), provenance=(Provenance(origin="reviewed"),)),
            Paragraph(
                content=(Text("Пчёлы гудят. Громко"), NoteRef("a")),
                provenance=(
                    Provenance(origin="machine", model=MODEL.name),
                    Provenance(origin="memory", model=MODEL.name, repairs=("note reference re-attached",)),
                ),
            ),
            Figure(
                src="hive.jpg",
                caption=(Text("Улей"),),
                provenance=(Provenance(origin="machine", model=MODEL.name),),
            ),
            Quote(
                blocks=(Paragraph(content=(Text("Цитата"),), provenance=(Provenance(origin="reviewed"),)),)
            ),
        ],
        [
            DraftNote(
                "a", "1", (Paragraph(content=(Text("Сноска"),), provenance=(Provenance(origin="memory"),)),)
            )
        ],
    )


# --- validity ----------------------------------------------------------------------------


@pytest.mark.parametrize("pretty", [True, False])
def test_article_and_translation_are_valid_tei(tei_schema: TeiSchema, pretty: bool) -> None:
    for doc in (article(), translation()):
        tei_schema.assert_valid(write_tei(doc, TeiOptions(pretty=pretty)))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_generated_document_is_valid_tei(tei_schema: TeiSchema, doc: Document) -> None:
    tei_schema.assert_valid(write_tei(doc))


def test_empty_and_figure_only_bodies_are_valid(tei_schema: TeiSchema) -> None:
    meta = Metadata(title="T")
    for blocks in ([], [Figure(src="a.jpg")]):
        xml = write_tei(make_document(meta, blocks))
        tei_schema.assert_valid(xml)
        assert read_tei(xml.encode()) == make_document(meta, blocks)


# --- body ----------------------------------------------------------------------------------


def test_notes_sit_at_their_anchors_with_their_labels(tei_schema: TeiSchema) -> None:
    doc = article()
    xml = write_tei(doc)
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    p2 = _one(root, "//t:p[@xml:id='p2']")
    note = _one(p2, "t:note")
    assert note.get("place") == "foot"
    assert note.get("n") == "1"
    assert note.get(XML_ID) == "fn2"
    # the note follows the text it is anchored to, and the text goes on after it
    assert "".join(p2.xpath("text()")).startswith("Bees ")
    assert etree.QName(p2[0]).localname == "hi"
    assert p2[0].tail == " loudly"
    assert note.tail == " and again"
    # the second reference points at the note instead of repeating it
    ref = _one(p2, "t:ref[@type='noteref']")
    assert ref.get("target") == "#fn2"
    assert ref.text == "1"
    # a note in a heading, in a caption, and a note inside a note
    assert _one(root, "//t:head[@xml:id='h1']/t:note").get("n") == "*"
    assert _one(root, "//t:figure[@xml:id='fig1']/t:head/t:note").get("n") == "2"
    assert _one(note, ".//t:note").get("n") == "3"
    # the note that nothing references is kept in the back matter
    assert _one(root, "//t:back/t:div[@type='notes']/t:note").get("n") == "4"


def test_figure_has_graphic_caption_alt_and_credit(tei_schema: TeiSchema) -> None:
    xml = write_tei(article())
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    figure = _one(root, "//t:figure[@xml:id='fig1']")
    assert _one(figure, "t:graphic").get("url") == "img/hive.jpg"
    assert "".join(_one(figure, "t:head").itertext()).startswith("The hive")
    assert _one(figure, "t:figDesc").text == "A hive in the sun"
    assert _one(figure, "t:bibl[@type='credit']").text == "Jane Doe"
    no_image = _one(root, "//t:figure[@xml:id='fig2']")
    assert _all(no_image, "t:graphic") == []
    assert _one(no_image, "t:head").text == "A caption without an image"


def test_image_base_and_capture_provenance_are_valid_and_read_back(tei_schema: TeiSchema) -> None:
    from archivepub.model import CaptureInfo, Figure, ImageInfo

    doc = article()
    image = ImageInfo(
        url="https://bees.example/img/hive.jpg",
        media_type="image/jpeg",
        digest="sha256:" + "0f" * 32,
        time="2024-05-03T10:30:00Z",
        record_id="<urn:uuid:3f1e0c52-2b0a-4a51-9d8e-5c1c8a3e9f10>",
    )
    blocks = tuple(
        dataclasses.replace(b, image=image) if isinstance(b, Figure) and b.src else b for b in doc.blocks
    )
    capture = CaptureInfo(url="https://bees.example/hive", time="2024-05-03T10:30:00Z", file="bees.warc.gz")
    doc = dataclasses.replace(doc, blocks=blocks, metadata=dataclasses.replace(doc.metadata, capture=capture))
    xml = write_tei(doc, TeiOptions(image_base="../"))
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    graphic = _one(root, "//t:figure[@xml:id='fig1']/t:graphic")
    assert (graphic.get("url"), graphic.get("mimeType")) == ("../img/hive.jpg", "image/jpeg")
    assert _one(graphic, "t:desc[@type='src']").text == "img/hive.jpg"
    assert _one(root, "//t:sourceDesc/t:bibl[@type='capture']/t:date").get("when") == "2024-05-03T10:30:00Z"
    assert read_tei(xml.encode()) == doc


def test_sections_nest_by_heading_level(tei_schema: TeiSchema) -> None:
    root = _tree(write_tei(article()))
    body = _one(root, "//t:body")
    assert [etree.QName(c).localname for c in body] == ["p", "div", "div"]
    first = body[1]
    assert first.get("n") == "2"
    assert _one(first, "t:head").get(XML_ID) == "h1"
    inner = _one(first, "t:div")
    assert inner.get("n") == "3"
    assert _one(inner, "t:head").get(XML_ID) == "h2"
    assert _one(inner, "t:list").get("rend") == "numbered"
    assert _one(inner, "t:quote/t:p/t:hi").get("rend") == "bold"


def test_links_keep_their_exact_url(tei_schema: TeiSchema) -> None:
    doc = article()
    xml = write_tei(doc)
    ref = _one(_tree(xml), "//t:p[@xml:id='p7']/t:ref")
    # a URL with a space is not a valid TEI pointer: it is written percent-escaped, and marked
    assert ref.get("type") == "escaped"
    assert ref.get("target") == "https://example.org/more%20bees"
    assert read_tei(xml.encode()) == doc


def test_pretty_printing_adds_no_text_to_mixed_content() -> None:
    doc = make_document(
        Metadata(title=" Title\twith  tabs \n", language="en"),
        [
            Paragraph(content=(Text("a"), Emphasis((Text(" b "),)), Text("c\u00a0"), Strong((Text("d"),)))),
            Quote(blocks=(_p("x"), ListBlock(items=((_p("y"),),)))),
        ],
    )
    pretty, compact = write_tei(doc), write_tei(doc, TeiOptions(pretty=False))
    assert "\n  <" in pretty
    assert "\n  <" not in compact
    for xml in (pretty, compact):
        root = _tree(xml)
        p1 = _one(root, "//t:p[@xml:id='p1']")
        assert etree.tostring(p1, encoding="unicode", with_tail=False).endswith(
            'a<hi rend="italic"> b </hi>c\u00a0<hi rend="bold">d</hi></p>'
        )
        quote = _one(root, "//t:quote")
        assert quote.text is None
        assert all(child.tail is None for child in quote)
        assert _one(root, "//t:titleStmt/t:title").text == " Title\twith  tabs \n"
        assert read_tei(xml.encode()) == doc


def test_xml_ids_never_start_with_a_digit_and_never_clash() -> None:
    # a document whose own ids use the names the writer wants for header and front elements
    doc = Document(
        metadata=Metadata(title="T", subtitle="S", language="hy", source_language="en", translators=("Ա",)),
        blocks=(
            Paragraph(id="title", content=(Text("x"), NoteRef("standfirst"))),
            Paragraph(id="translator1", content=(Text("y"),), provenance=(Provenance(origin="reviewed"),)),
            Paragraph(id="prov1", content=(Text("z"),)),
        ),
        footnotes=(Footnote(id="standfirst", label="1", blocks=()),),
    )
    xml = write_tei(doc)
    ids = [str(v) for v in _tree(xml).xpath("//@xml:id")]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"[A-Za-z_]", i) for i in ids)
    assert read_tei(xml.encode()) == doc


# --- header ------------------------------------------------------------------------------


def test_header_describes_the_article_and_its_source(
    tei_schema: TeiSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = TeiOptions(
        publisher="The Archive", licence="CC BY 4.0", article_id="bees", read_date="2025-01-02"
    )
    xml = write_tei(article(), options)
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    stmt = _one(root, "//t:titleStmt")
    assert _one(stmt, "t:title[@type='main']").text == "On bees"
    assert [a.text for a in _all(stmt, "t:author")] == ["A. Writer", "B. Author"]
    assert [etree.QName(c).localname for c in _one(root, "//t:publicationStmt")] == [
        "publisher",
        "idno",
        "availability",
    ]
    bibl = _one(root, "//t:sourceDesc/t:bibl")
    assert _one(bibl, "t:title").text == "On bees"
    assert _one(bibl, "t:publisher").text == "The Apiary"
    assert _one(bibl, "t:date").get("when") == "2024-04-18"
    assert _one(bibl, "t:idno[@type='URL']").text == "https://example.org/bees"
    app = _one(root, "//t:appInfo/t:application[@ident='archivepub']")
    assert app.get("version") == archivepub.__version__
    assert _one(root, "//t:langUsage/t:language").get("ident") == "en"
    assert [(c.get("type"), c.get("when")) for c in _all(root, "//t:revisionDesc/t:change")] == [
        ("read", "2025-01-02")
    ]
    assert _one(root, "//t:front/t:argument/t:p").text == "Why the hive hums"
    assert [a.text for a in _all(root, "//t:front/t:byline/t:docAuthor")] == ["A. Writer", "B. Author"]


def test_dates_default_to_source_date_epoch_never_the_clock(
    tei_schema: TeiSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_tei(translation())
    changes = _all(_tree(first), "//t:revisionDesc/t:change")
    assert [(c.get("type"), c.get("when")) for c in changes] == [
        ("read", "2023-11-14"),
        ("translated", "2023-11-14"),
        ("reviewed", "2023-11-14"),
    ]
    assert write_tei(translation()) == first
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert all(c.get("when") is None for c in _all(_tree(write_tei(translation())), "//t:change"))
    for bad in ("yesterday", "2024-13-01", "2024-05-01 10:00", "2024-05-01T10:00"):
        with pytest.raises(WriteError, match="read_date"):
            write_tei(article(), TeiOptions(read_date=bad))
    stamped = write_tei(
        translation(), TeiOptions(read_date="2024-05-01T10:00:00Z", reviewed_date="2024-05-02")
    )
    tei_schema.assert_valid(stamped)
    assert _one(_tree(stamped), "//t:change[@type='read']").get("when") == "2024-05-01T10:00:00Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    with pytest.raises(WriteError, match="SOURCE_DATE_EPOCH"):
        write_tei(article())


@pytest.mark.parametrize("language", ["ru", "hy", "az-Latn", "en"])
def test_language_is_bcp47_everywhere(tei_schema: TeiSchema, language: str) -> None:
    doc = make_document(Metadata(title="T", language=language, source_language="en"), [_p("x")])
    xml = write_tei(doc)
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    assert root.get(XML_LANG) == language
    assert _one(root, "//t:langUsage/t:language").get("ident") == language
    assert _one(root, "//t:sourceDesc/t:bibl/t:textLang").get("mainLang") == "en"


# --- translations --------------------------------------------------------------------------


def test_translation_header_names_translators_and_machine_translation(tei_schema: TeiSchema) -> None:
    xml = write_tei(translation())
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    translator = _one(root, "//t:titleStmt/t:respStmt[t:resp/@key='trl']")
    assert _one(translator, "t:persName").text == "Анна Петрова"
    machine = _one(root, "//t:titleStmt/t:respStmt[t:resp/@key='mt']")
    assert _one(machine, "t:name").text == MODEL.name
    app = _one(root, "//t:application[@type='mt']")
    assert app.get("ident") == "ctranslate2"
    assert app.get("version") == "1.9.6"  # the schema refuses "1.9.6+cu121" ...
    assert _one(app, "t:desc[@type='version']").text == "1.9.6+cu121"  # ... kept exactly here
    assert _one(app, "t:desc[@type='license']").text == "CC-BY-4.0"
    assert _one(app, "t:label").text == MODEL.name


def test_every_translated_element_points_at_its_source(tei_schema: TeiSchema) -> None:
    xml = write_tei(translation(), TeiOptions(article_id="bees"))
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    text = _one(root, "t:text")
    with_ids = _all(text, ".//*[@xml:id]")
    assert {e.get(XML_ID) for e in with_ids} >= {"title", "standfirst", "h1", "p1", "fig1", "quote1", "fn1"}
    for element in with_ids:
        assert element.get("corresp") == f"../en/bees.en.tei.xml#{element.get(XML_ID)}"
    custom = _tree(write_tei(translation(), TeiOptions(original="bees.en.xml")))
    assert _one(custom, "//t:p[@xml:id='p1']").get("corresp") == "bees.en.xml#p1"
    # an original points nowhere
    assert _all(_tree(write_tei(article())), "//*[@corresp]") == []


def test_provenance_is_recorded_per_segment(tei_schema: TeiSchema) -> None:
    doc = translation()
    xml = write_tei(doc)
    tei_schema.assert_valid(xml)
    root = _tree(xml)
    interps = {i.get(XML_ID): i for i in _all(root, "//t:standOff/t:interpGrp[@type='provenance']/t:interp")}
    mt_id = _one(root, "//t:respStmt[t:resp/@key='mt']").get(XML_ID)
    translator_id = _one(root, "//t:respStmt[t:resp/@key='trl']").get(XML_ID)

    def segments(xpath: str) -> list[tuple[str | None, str | None, list[str | None]]]:
        element = _one(root, xpath)
        out = []
        for pointer in (element.get("ana") or "").split():
            interp = interps[pointer.removeprefix("#")]
            out.append((interp.get("type"), interp.get("resp"), [d.text for d in _all(interp, "t:desc")]))
        return out

    assert segments("//t:head[@xml:id='h1']") == [("reviewed", f"#{translator_id}", [])]
    assert segments("//t:p[@xml:id='p1']") == [
        ("machine", f"#{mt_id}", []),
        ("memory", f"#{mt_id}", ["note reference re-attached"]),
    ]
    assert _one(root, "//t:p[@xml:id='p1']").get("resp") == f"#{mt_id}"
    assert segments("//t:p[@xml:id='fn1-p1']") == [("memory", None, [])]
    # the title (in titleStmt and in front) and the standfirst (in front) point the same way
    assert segments("//t:titleStmt/t:title[@type='main']") == [("reviewed", f"#{translator_id}", [])]
    assert segments("//t:front/t:docTitle/t:titlePart") == [("reviewed", f"#{translator_id}", [])]
    assert _one(root, "//t:titleStmt/t:title[@type='main']").get("resp") == f"#{translator_id}"
    assert segments("//t:front/t:argument/t:p") == [("machine", f"#{mt_id}", ["emphasis dropped"])]
    assert _one(root, "//t:front/t:argument/t:p").get("resp") == f"#{mt_id}"
    assert read_tei(xml.encode()) == doc


def test_reviewed_title_alone_records_a_review(tei_schema: TeiSchema) -> None:
    doc = translation()
    machine = (Provenance(origin="machine", model=MODEL.name),)

    def mark(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph | Figure):
            return dataclasses.replace(block, provenance=machine)
        return block

    only_title = Document(
        metadata=dataclasses.replace(doc.metadata, subtitle_provenance=machine),
        blocks=map_blocks(doc.blocks, mark),
        footnotes=tuple(dataclasses.replace(n, blocks=map_blocks(n.blocks, mark)) for n in doc.footnotes),
    )
    xml = write_tei(only_title)
    tei_schema.assert_valid(xml)
    assert [c.get("type") for c in _all(_tree(xml), "//t:revisionDesc/t:change")] == [
        "read",
        "translated",
        "reviewed",
    ]
    assert read_tei(xml.encode()) == only_title
    all_machine = Document(
        metadata=dataclasses.replace(only_title.metadata, title_provenance=machine),
        blocks=only_title.blocks,
        footnotes=only_title.footnotes,
    )
    changes = _all(_tree(write_tei(all_machine)), "//t:revisionDesc/t:change")
    assert [c.get("type") for c in changes] == ["read", "translated"]


def test_footnote_order_that_reading_order_cannot_give_is_recorded(tei_schema: TeiSchema) -> None:
    note = Footnote(id="fn2", label="b", blocks=(Paragraph(id="fn2-p1", content=(Text("b"),)),))
    doc = Document(
        metadata=Metadata(title="T"),
        blocks=(Paragraph(id="p1", content=(Text("x"), NoteRef("fn1"))),),
        footnotes=(note, Footnote(id="fn1", label="a", blocks=())),
    )
    xml = write_tei(doc)
    tei_schema.assert_valid(xml)
    assert [p.get("target") for p in _all(_tree(xml), "//t:linkGrp[@type='footnote-order']/t:ptr")] == [
        "#fn2",
        "#fn1",
    ]
    assert read_tei(xml.encode()) == doc
    assert _all(_tree(write_tei(article())), "//t:linkGrp") == []


def test_text_xml_cannot_hold_is_refused_with_where() -> None:
    # built directly: a reader's document has such characters removed (model.chars)
    doc = Document(
        metadata=Metadata(title="bad\x01title"), blocks=(Paragraph(id="p1", content=(Text("x"),)),)
    )
    with pytest.raises(WriteError, match="U\\+0001"):
        write_tei(doc)


# --- files and command line --------------------------------------------------------------


def test_write_tei_to_a_path_and_to_a_binary_file(tmp_path: Path) -> None:
    doc = article()
    target = tmp_path / "bees.en.tei.xml"
    archivepub.write_tei(doc, target)
    assert target.read_bytes() == write_tei(doc).encode("utf-8")
    buffer = io.BytesIO()
    archivepub.write_tei(doc, buffer, TeiOptions(pretty=False))
    assert buffer.getvalue() == write_tei(doc, TeiOptions(pretty=False)).encode("utf-8")
    assert archivepub.read(target) == doc


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")
    with pytest.raises(WriteError, match="U\\+0000"):
        archivepub.write_tei(Document(metadata=Metadata(title="\x00"), blocks=()), target)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match="No space left on device"):
        archivepub.write_tei(article(), target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]


def test_export_command_writes_tei(
    tmp_path: Path, tei_schema: TeiSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bees.json"
    source.write_text(translation().to_json(), encoding="utf-8")
    out = tmp_path / "bees.ru.tei.xml"
    args = [
        "export",
        str(source),
        "--to",
        "tei",
        "-o",
        str(out),
        "--publisher",
        "The Archive",
        "--rights",
        "CC0",
    ]
    assert main(args) == 0
    xml = out.read_text(encoding="utf-8")
    tei_schema.assert_valid(xml)
    # the article id comes from the file name, for @corresp and the publication statement
    assert 'corresp="../en/bees.en.tei.xml#p1"' in xml
    assert '<idno type="archivepub">bees</idno>' in xml
    assert "<licence>CC0</licence>" in xml
    assert archivepub.read(out) == translation()
    # TEI keeps one language per file: a bilingual export is refused, and nothing is written
    other = tmp_path / "bilingual.xml"
    assert main(["export", str(source), "--to", "tei", "-o", str(other), "--with", str(source)]) == 2
    assert "one language per file" in capsys.readouterr().err
    assert not other.exists()
    assert main(["export", str(tmp_path / "missing.json"), "--to", "tei", "-o", str(other)]) == 2
    assert "missing.json" in capsys.readouterr().err


# --- real articles: the bundled samples and the readability corpus ------------------------


def _as_translation(doc: Document, language: str) -> Document:
    """``doc`` dressed as a translation: same ids and text, provenance on every segment."""

    def mark(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph | Figure):
            entries = (Provenance(origin="machine", model=MODEL.name), Provenance(origin="reviewed"))
            return dataclasses.replace(block, provenance=entries[: 1 + len(block.id) % 2])
        return block

    meta = dataclasses.replace(
        doc.metadata,
        language=language,
        source_language=doc.metadata.language,
        translators=("Translator",),
        models=(MODEL,),
        title_provenance=(Provenance(origin="machine", model=MODEL.name),),
        subtitle_provenance=(Provenance(origin="reviewed"),) if doc.metadata.subtitle is not None else (),
    )
    notes = tuple(dataclasses.replace(n, blocks=map_blocks(n.blocks, mark)) for n in doc.footnotes)
    return Document(metadata=meta, blocks=map_blocks(doc.blocks, mark), footnotes=notes)


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.parent.name)
def test_bundled_samples_and_their_translations_are_valid_and_read_back(
    source: Path, tei_schema: TeiSchema
) -> None:
    doc = archivepub.read(source)
    for edition in (doc, *(_as_translation(doc, lang) for lang in ("ru", "hy", "az-Latn"))):
        xml = write_tei(edition, TeiOptions(article_id=source.parent.name))
        tei_schema.assert_valid(xml)
        assert read_tei(xml.encode()).to_dict() == edition.to_dict()
        root = _tree(xml)
        # every note at its anchor with its label, every figure with its parts
        for note in edition.footnotes:
            element = _one(root, f"//t:note[@xml:id='{note.id}']")
            assert element.get("n") == note.label
        for figure in (b for b in edition.all_blocks() if isinstance(b, Figure)):
            element = _one(root, f"//t:figure[@xml:id='{figure.id}']")
            assert len(_all(element, "t:graphic")) == (figure.src is not None)
            assert len(_all(element, "t:figDesc")) == (figure.alt is not None)
            assert len(_all(element, "t:bibl[@type='credit']")) == (figure.credit is not None)


@pytest.mark.skipif(not CORPUS, reason="../shared/corpus/readability is not present")
def test_readability_corpus_pages_are_valid_tei_and_read_back(tei_schema: TeiSchema) -> None:
    for source in CORPUS:
        try:
            doc = archivepub.read(source)
        except archivepub.ReadError:
            continue  # a page the HTML reader refuses is the reader's business, not TEI's
        xml = write_tei(doc)
        assert tei_schema.errors(xml) == [], source
        assert read_tei(xml.encode()).to_dict() == doc.to_dict(), source


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.raw_documents())
def test_any_valid_json_document_survives_json_tei_json(raw: Document) -> None:
    """Any document the JSON reader accepts comes back from TEI as it was read (issue 11).

    Before, empty and adjacent text runs (valid in JSON) did not survive, and a control
    character made the TEI writer refuse the document read from JSON.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ArchivepubWarning)  # control characters removed on reading
        doc = archivepub.read(raw.to_json().encode(), format="json")
    back = archivepub.read(write_tei(doc).encode(), format="tei")
    assert back == doc
    assert back.to_json() == doc.to_json()


def test_a_json_text_run_of_control_characters_only_survives_json_tei_json() -> None:
    """Found by the fuzzer: a caption whose one text run was all control characters kept an
    empty run after cleaning, which TEI cannot hold."""
    data = Document(
        metadata=Metadata(title="T"),
        blocks=(Figure(id="fig1", src="a.jpg", caption=(Text("\x00\x1b[31m"),)),),
    ).to_json()
    with pytest.warns(ArchivepubWarning, match="control characters"):
        doc = archivepub.read(data.encode(), format="json")
    assert doc.blocks[0] == Figure(id="fig1", src="a.jpg", caption=())
    assert archivepub.read(write_tei(doc).encode(), format="tei") == doc
