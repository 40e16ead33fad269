# ruff: noqa: RUF001, RUF003  (Russian and Armenian text)
"""The EPUB 3 writer: epubcheck-valid in every language, reproducible, notes that open, credited
figures, metadata, Armenian font, and no unsafe content or path traversal."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import os
import random
import socket
import subprocess
import sys
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from ebooklib import epub as ebooklib_epub  # type: ignore[import-untyped]
from epub_samples import LOCAL_IMAGE, REMOTE_IMAGE, SOURCE_URL, english, png_bytes, sample, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import archivepub
from archivepub import i18n
from archivepub.cli import main
from archivepub.errors import ArchivepubWarning, WriteError
from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Figure,
    Heading,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Provenance,
    Text,
    make_document,
)
from archivepub.writers import WRITERS
from archivepub.writers import epub as epub_writer
from archivepub.writers._epub_nav import nav_document, ncx_document
from archivepub.writers._epub_opf import opf_document
from archivepub.writers.epub import (
    EpubDiagnostic,
    EpubOptions,
    FontMissing,
    ImageSkipped,
    LinkDropped,
    write_epub,
)
from conftest import Epubcheck, EpubcheckResult

NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass
class Edition:
    """One EPUB built for the tests: its bytes, its file, and what the writer reported."""

    data: bytes
    path: Path
    diagnostics: list[EpubDiagnostic]

    def files(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as zf:
            return {name: zf.read(name) for name in zf.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.files()[name], _PARSER)


def _one(root: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` (failing the test if there is none)."""
    found = root.find(path, NS)
    assert found is not None, f"nothing at {path}"
    return found


def _text(root: etree._Element, path: str) -> str:
    return "".join(_one(root, path).itertext())


def _classes(root: etree._Element, path: str) -> list[str]:
    return (_one(root, path).get("class") or "").split()


def _assets(folder: Path) -> Path:
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / LOCAL_IMAGE).write_bytes(png_bytes())
    (folder / "images" / "drawing.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<rect width="10" height="10" fill="#369"/></svg>'
    )
    (folder / "images" / "evil.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )
    (folder / "images" / "photo.webp").write_bytes(b"RIFF\x1a\x00\x00\x00WEBPVP8 " + bytes(14))
    (folder / "images" / "scan.bmp").write_bytes(b"BM" + bytes(60))
    return folder


def _edge_document() -> Document:
    """Awkward but legal content: unsafe links, SVGs, traversal, odd characters, nested notes.

    The model's URL policy removes the script and data URLs (with a warning) before any writer
    sees them; the EPUB writer's own checks cover the paths and the images.
    """
    with pytest.warns(ArchivepubWarning) as caught:
        doc = _edge_document_unchecked()
    messages = [str(w.message) for w in caught]
    removed = {m.split("'")[1] for m in messages if "URLs are not allowed" in m}
    assert any("control characters" in m for m in messages)  # the \x00, \x07 and \ufffe below
    assert removed == {
        "javascript:alert(1)",
        "JaVaScRiPt:alert(2)",
        "data:text/html,<script>x</script>",
        "javascript:alert(3)",
    }
    return doc


def _edge_document_unchecked() -> Document:
    return make_document(
        Metadata(title="Edge cases\x07", language="en", date="2023-01-02", authors=("A. Writer",)),
        [
            Heading(level=1, content=(Text("Top"), NoteRef("n1"))),
            Heading(level=3, content=(Text("Deeper"),)),
            Paragraph(
                content=(
                    Link("javascript:alert(1)", (Text("bad link"),)),
                    Text(" "),
                    Link("JaVaScRiPt:alert(2)", (Text("also bad"),)),
                    Text(" "),
                    Link("relative/page.html", (Text("relative"),)),
                    Text(" "),
                    Link("data:text/html,<script>x</script>", (Text("data"),)),
                    Text(" "),
                    Link("mailto:archive@example.org", (Text("mail us"),)),
                    Text(" "),
                    Link("#nowhere", (Text("dangling anchor"),)),
                    Text(" "),
                    Link("https://example.org/a b?x=<1>", (Text("spaces"), NoteRef("n2"))),
                    Text(" control\x00char\ufffe end"),
                )
            ),
            Figure(src="images/drawing.svg", alt=None, caption=(Text("Clean SVG"),), credit="Me"),
            Figure(src="images/evil.svg", alt="x", caption=(Text("Scripted SVG"),), credit="Them"),
            Figure(src="images/photo.webp", alt="w", caption=(Text("WebP"),), credit="C"),
            Figure(src="images/scan.bmp", alt="b", caption=(Text("BMP"),), credit="C"),
            Figure(src="../../etc/passwd", alt="p", caption=(Text("Traversal"),), credit="C"),
            Figure(src="/etc/passwd", alt="p", caption=(Text("Absolute"),), credit="C"),
            Figure(src="javascript:alert(3)", alt="j", caption=(Text("Script src"),), credit="C"),
            Figure(src="images/missing.png", alt="m", caption=(Text("Missing"),), credit="C"),
            ListBlock(
                ordered=True,
                items=(
                    (
                        Paragraph(content=(Text("outer"),)),
                        ListBlock(items=((Paragraph(content=(Text("inner"),)),),)),
                    ),
                ),
            ),
        ],
        [
            DraftNote("n1", "*", (Paragraph(content=(Text("Starred note, pointing on"), NoteRef("n3"))),)),
            DraftNote("n2", "†", (Paragraph(content=(Text("Dagger note"),)),)),
            DraftNote("n3", "‡", (ListBlock(items=((Paragraph(content=(Text("a list first"),)),),)),)),
            DraftNote("lonely", "§", (Paragraph(content=(Text("Nobody refers to me"),)),)),
        ],
    )


def _empty_document() -> Document:
    return Document(metadata=Metadata(title="Nothing here", language="ru"), blocks=())


@pytest.fixture(scope="session")
def assets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _assets(tmp_path_factory.mktemp("article"))


@pytest.fixture(scope="session")
def editions(tmp_path_factory: pytest.TempPathFactory, assets: Path) -> dict[str, Edition]:
    """Every EPUB the tests look at, built once and written to disk for epubcheck."""
    out = tmp_path_factory.mktemp("epubs")
    options = EpubOptions(assets=assets, publisher="Harbour Archive", rights="CC BY 4.0")
    inputs: dict[str, Document | list[Document]] = {
        "en": english(),
        "ru": translation("ru"),
        "hy": translation("hy"),
        "az-Latn": translation("az-Latn"),
        "bilingual-ru": [english(), translation("ru")],
        "bilingual-hy": [english(), translation("hy")],
        "bilingual-az": [english(), translation("az-Latn")],
        "empty": _empty_document(),
        "edge": _edge_document(),
        "untitled": make_document(Metadata(title=" ", language="und"), [Paragraph(content=(Text("Body."),))]),
    }
    built: dict[str, Edition] = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # the dates below come from the documents
        for name, doc in inputs.items():
            diagnostics: list[EpubDiagnostic] = []
            data = write_epub(doc, options, report=diagnostics.append)
            path = out / f"{name}.epub"
            path.write_bytes(data)
            built[name] = Edition(data, path, diagnostics)
    return built


ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = sorted(p for p in (ROOT / "archive").glob("*/article.*"))


@pytest.fixture(scope="session")
def archive_epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample archive's articles, read with the real readers and written as EPUB."""
    out = tmp_path_factory.mktemp("archive-epubs")
    paths = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        for article in ARCHIVE:
            path = out / f"{article.parent.name}.epub"
            archivepub.write_epub(
                archivepub.read(article), path, EpubOptions(assets=article.parent), report=lambda d: None
            )
            paths[article.parent.name] = path
    return paths


@pytest.fixture(scope="session")
def broken_epub(tmp_path_factory: pytest.TempPathFactory, editions: dict[str, Edition]) -> Path:
    """The English EPUB without its image: epubcheck must report it."""
    path = tmp_path_factory.mktemp("broken") / "broken.epub"
    with zipfile.ZipFile(editions["en"].path) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            if not info.filename.endswith(".png"):
                zout.writestr(info, zin.read(info))
    return path


@pytest.fixture(scope="session")
def checked(
    epubcheck: Epubcheck, editions: dict[str, Edition], archive_epubs: dict[str, Path], broken_epub: Path
) -> dict[Path, EpubcheckResult]:
    """epubcheck's results for every edition, the archive samples and the broken file, in one JVM."""
    return epubcheck.check([e.path for e in editions.values()] + list(archive_epubs.values()) + [broken_epub])


# --- validity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "en",
        "ru",
        "hy",
        "az-Latn",
        "bilingual-ru",
        "bilingual-hy",
        "bilingual-az",
        "empty",
        "edge",
        "untitled",
    ],
)
def test_epubcheck_reports_no_error_and_no_warning(
    name: str, editions: dict[str, Edition], checked: dict[Path, EpubcheckResult]
) -> None:
    result = checked[editions[name].path]
    assert result.clean, "\n".join(result.messages)


@pytest.mark.parametrize("name", [p.parent.name for p in ARCHIVE])
def test_archive_samples_pass_epubcheck(
    name: str, archive_epubs: dict[str, Path], checked: dict[Path, EpubcheckResult]
) -> None:
    result = checked[archive_epubs[name]]
    assert result.clean, "\n".join(result.messages)


def test_epubcheck_fixture_catches_a_broken_package(
    broken_epub: Path, checked: dict[Path, EpubcheckResult]
) -> None:
    result = checked[broken_epub]
    assert result.errors > 0, "epubcheck accepted an EPUB whose image is missing"


# --- reproducibility --------------------------------------------------------------------------


def test_same_input_gives_same_bytes(assets: Path) -> None:
    options = EpubOptions(assets=assets)
    first = hashlib.sha256(write_epub(translation("hy"), options, report=lambda d: None)).hexdigest()
    second = hashlib.sha256(write_epub(translation("hy"), options, report=lambda d: None)).hexdigest()
    assert first == second
    bilingual = [english(), translation("ru")]
    assert write_epub(bilingual, options, report=lambda d: None) == write_epub(
        bilingual, options, report=lambda d: None
    )


def test_same_bytes_in_separate_processes(monkeypatch: pytest.MonkeyPatch, assets: Path) -> None:
    """Nothing depends on hash randomisation, the clock or the process."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    script = (
        "import hashlib, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from epub_samples import english, translation\n"
        "from archivepub.writers.epub import EpubOptions, write_epub\n"
        f"options = EpubOptions(assets={str(assets)!r})\n"
        "data = write_epub([english(), translation('hy')], options, report=lambda d: None)\n"
        "print(hashlib.sha256(data).hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        digests.add(done.stdout.strip())
    expected = write_epub([english(), translation("hy")], EpubOptions(assets=assets), report=lambda d: None)
    assert digests == {hashlib.sha256(expected).hexdigest()}


def test_zip_layout_is_fixed(editions: dict[str, Edition]) -> None:
    with zipfile.ZipFile(io.BytesIO(editions["ru"].data)) as zf:
        infos = zf.infolist()
    assert infos[0].filename == "mimetype"
    assert infos[0].compress_type == zipfile.ZIP_STORED
    assert editions["ru"].data[30:38] == b"mimetype"
    assert {i.date_time for i in infos} == {(2024, 4, 18, 0, 0, 0)}
    opf = editions["ru"].xml("EPUB/content.opf")
    modified = opf.find(".//opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None
    assert modified.text == "2024-04-18T00:00:00Z"


def test_modification_time_from_options_then_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = english()
    when = datetime.datetime(2025, 6, 7, 8, 9, 10, tzinfo=datetime.UTC)
    data = write_epub(doc, EpubOptions(modified=when), report=lambda d: None)
    assert b"2025-06-07T08:09:10Z" in zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    data = write_epub(doc, report=lambda d: None)
    assert b"2023-11-14T22:13:20Z" in zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf")
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[1].date_time == (2023, 11, 14, 22, 13, 20)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(WriteError, match="SOURCE_DATE_EPOCH"):
        write_epub(doc, report=lambda d: None)


def test_a_time_a_zip_entry_cannot_carry_is_kept_within_its_years(
    monkeypatch: pytest.MonkeyPatch, epubcheck: Epubcheck, tmp_path: Path
) -> None:
    """A document dated after 2107 (or before 1980), or a far SOURCE_DATE_EPOCH, still makes
    a valid EPUB: its time is the nearest one a zip entry can carry, in the entries and in
    dcterms:modified alike."""
    cases = [
        ("2150-03-04", None, (2107, 12, 31, 23, 59, 59)),
        ("1901-03-04", None, (1980, 1, 1, 0, 0, 0)),
        ("2024-04-18", str(2**34), (2107, 12, 31, 23, 59, 59)),
        ("2024-04-18", "-86400", (1980, 1, 1, 0, 0, 0)),
    ]
    written = []
    for n, (date, epoch, expected) in enumerate(cases):
        if epoch is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        doc = dataclasses.replace(english(), metadata=dataclasses.replace(english().metadata, date=date))
        data = write_epub(doc, EpubOptions(font=None), report=lambda d: None)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            # the zip format keeps seconds in twos
            assert {i.date_time for i in zf.infolist()} == {(*expected[:5], expected[5] // 2 * 2)}
            stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*expected)
            assert f'<meta property="dcterms:modified">{stamp}</meta>'.encode() in zf.read("EPUB/content.opf")
        path = tmp_path / f"case{n}.epub"
        path.write_bytes(data)
        written.append(path)
    for path, result in epubcheck.check(written).items():
        assert result.clean, (path.name, result.messages)


# --- notes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["en", "hy", "bilingual-ru", "edge"])
def test_every_noteref_opens_its_note_and_every_note_is_referenced(
    name: str, editions: dict[str, Edition]
) -> None:
    text = editions[name].xml("EPUB/text.xhtml")
    by_id = {el.get("id"): el for el in text.iter() if el.get("id")}
    refs = [a for a in text.iter(f"{{{NS['h']}}}a") if a.get(EPUB_TYPE) == "noteref"]
    asides = [el for el in text.iter(f"{{{NS['h']}}}aside")]
    assert refs
    assert asides
    ref_ids = [a.get("id") for a in refs]
    assert len(ref_ids) == len(set(ref_ids)), "two note references share an id"
    targets = set()
    for ref in refs:
        assert ref.get("role") == "doc-noteref"
        href = ref.get("href", "")
        assert href.startswith("#")
        target = by_id[href[1:]]
        assert target.tag == f"{{{NS['h']}}}aside"
        assert target.get(EPUB_TYPE) == "footnote"
        assert target.get("role") == "doc-footnote"
        assert (ref.text or "") in "".join(target.itertext()), "the note does not show its label"
        targets.add(href[1:])
    assert {a.get("id") for a in asides} == targets, "a footnote aside that nothing refers to"
    for aside in asides:
        back = aside.find(".//h:a[@role='doc-backlink']", NS)
        assert back is not None
        assert back.get("href", "")[1:] in ref_ids


def test_a_note_referenced_twice_gets_two_anchors(editions: dict[str, Edition]) -> None:
    text = editions["en"].xml("EPUB/text.xhtml")
    refs = [a for a in text.iter(f"{{{NS['h']}}}a") if a.get(EPUB_TYPE) == "noteref"]
    twice = [a for a in refs if a.get("href") == "#fn3"]
    assert [a.get("id") for a in twice] == ["fnref3", "fnref3-2"]
    assert [a.text for a in twice] == ["3", "3"]
    # notes from a caption and from inside a list
    assert text.find(".//h:figcaption//h:a[@href='#fn2']", NS) is not None
    assert text.find(".//h:li//h:a[@href='#fn4']", NS) is not None


def test_no_page_list_and_nav_has_toc_and_landmarks(editions: dict[str, Edition]) -> None:
    for edition in editions.values():
        nav = edition.xml("EPUB/nav.xhtml")
        types = [n.get(EPUB_TYPE) for n in nav.iter(f"{{{NS['h']}}}nav")]
        assert "page-list" not in types
        assert "toc" in types
        assert "landmarks" in types
        assert "EPUB/toc.ncx" in edition.files()
        assert b"pageList" not in edition.files()["EPUB/toc.ncx"]
    nav = editions["en"].xml("EPUB/nav.xhtml")
    toc_links = [a.text for a in _one(nav, ".//h:nav[@epub:type='toc']").iter(f"{{{NS['h']}}}a")]
    assert toc_links == [
        "The Lighthouse Logbooks",
        "A shelf of notebooks",
        "What the keepers noticed",
        "Notes",
    ]


def test_a_link_containing_a_noteref_does_not_nest_links(editions: dict[str, Edition]) -> None:
    text = editions["edge"].xml("EPUB/text.xhtml")
    for a in text.iter(f"{{{NS['h']}}}a"):
        assert a.find(".//h:a", NS) is None
    assert text.find(".//h:a[@href='https://example.org/a%20b?x=%3C1%3E']", NS) is not None


def test_unreferenced_note_is_kept_as_text_not_as_popup(editions: dict[str, Edition]) -> None:
    text = editions["edge"].xml("EPUB/text.xhtml")
    div = text.find(".//h:div[@id='fn4']", NS)
    assert div is not None
    assert "Nobody refers to me" in "".join(div.itertext())


# --- figures ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["en", "ru", "hy", "az-Latn", "bilingual-hy"])
def test_every_figure_shows_caption_and_credit(name: str, editions: dict[str, Edition]) -> None:
    text = editions[name].xml("EPUB/text.xhtml")
    figures = list(text.iter(f"{{{NS['h']}}}figure"))
    assert len(figures) == 3
    for figure in figures:
        caption = figure.find("h:figcaption", NS)
        assert caption is not None
        assert caption.findall(".//h:span[@class='caption']", NS)
        credits = caption.findall(".//h:span[@class='credit']", NS)
        assert credits
        assert all("".join(c.itertext()).split(":", 1)[1].strip() for c in credits)
        for img in figure.iter(f"{{{NS['h']}}}img"):
            assert img.get("alt") is not None


def test_local_image_is_packaged_remote_linked_and_missing_kept(editions: dict[str, Edition]) -> None:
    edition = editions["en"]
    text = edition.xml("EPUB/text.xhtml")
    local, remote, none = text.iter(f"{{{NS['h']}}}figure")
    img = local.find("h:img", NS)
    assert img is not None
    assert img.get("alt") == "Handwritten logbook page"
    assert edition.files()["EPUB/" + img.get("src", "")] == png_bytes()
    opf = edition.xml("EPUB/content.opf")
    item = opf.find(f".//opf:item[@href='{img.get('src')}']", NS)
    assert item is not None
    assert item.get("media-type") == "image/png"
    assert remote.find(".//h:img", NS) is None
    assert remote.find(f".//h:a[@href='{REMOTE_IMAGE}']", NS) is not None
    assert none.find(".//h:img", NS) is None
    assert "A drawing of the lamp" in "".join(none.itertext())
    assert [str(d) for d in edition.diagnostics] == [
        f"ImageSkipped: {REMOTE_IMAGE}: remote image: not fetched; the figure links to it"
    ]


def test_remote_images_are_never_fetched(monkeypatch: pytest.MonkeyPatch, assets: Path) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the EPUB writer touched the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    data = write_epub(english(), EpubOptions(assets=assets), report=lambda d: None)
    assert REMOTE_IMAGE.encode() in zipfile.ZipFile(io.BytesIO(data)).read("EPUB/text.xhtml")


def test_path_traversal_and_unsupported_images_are_refused(
    editions: dict[str, Edition], assets: Path
) -> None:
    edition = editions["edge"]
    skipped = {d.subject: d.reason for d in edition.diagnostics if isinstance(d, ImageSkipped)}
    assert "outside the asset folder" in skipped["../../etc/passwd"]
    assert "outside the asset folder" in skipped["/etc/passwd"]
    assert "script" in skipped["images/evil.svg"]
    assert "WebP" in skipped["images/photo.webp"]
    assert "not a core EPUB image type" in skipped["images/scan.bmp"]
    assert "javascript:alert(3)" not in skipped  # removed by the model's URL policy, caption kept
    assert "cannot read" in skipped["images/missing.png"]
    names = edition.files()
    images = [n for n in names if n.startswith("EPUB/images/")]
    assert images == ["EPUB/images/image1.svg"], "only the clean SVG is packaged"
    assert not any(b"root:" in content for content in names.values())
    text = edition.xml("EPUB/text.xhtml")
    captions = ["".join(f.itertext()) for f in text.iter(f"{{{NS['h']}}}figure")]
    for word in ("Scripted SVG", "WebP", "BMP", "Traversal", "Absolute", "Script src", "Missing"):
        assert any(word in c for c in captions), f"the figure {word!r} lost its caption"


def test_absolute_path_inside_the_asset_folder_is_allowed(assets: Path) -> None:
    doc = make_document(
        Metadata(title="T", language="en"),
        [Figure(src=str(assets / LOCAL_IMAGE), alt="", caption=(Text("c"),), credit="d")],
    )
    data = write_epub(doc, EpubOptions(assets=assets), report=lambda d: None)
    assert "EPUB/images/image1.png" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_symlink_out_of_the_asset_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "article"
    folder.mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    (folder / "link.png").symlink_to(secret)
    doc = make_document(
        Metadata(title="T", language="en"), [Figure(src="link.png", alt="", caption=(Text("c"),))]
    )
    seen: list[EpubDiagnostic] = []
    data = write_epub(doc, EpubOptions(assets=folder), report=seen.append)
    assert not any(n.startswith("EPUB/images/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert any(isinstance(d, ImageSkipped) and "outside" in d.reason for d in seen)


def test_an_image_swapped_for_a_symlink_out_of_the_folder_is_refused_in_the_next_epub(
    tmp_path: Path,
) -> None:
    """Each edition of an article packages the same image: what was checked for the first
    is checked again when the file has changed, so a file turned into a link out of the
    asset folder between two EPUBs is refused in the second, and a new file is packaged."""
    folder = tmp_path / "article"
    folder.mkdir()
    image = folder / "photo.png"
    image.write_bytes(png_bytes())
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes() + b"secret")
    doc = make_document(
        Metadata(title="T", language="en"), [Figure(src="photo.png", alt="", caption=(Text("c"),))]
    )

    def packaged() -> list[bytes]:
        data = write_epub(doc, EpubOptions(assets=folder), report=lambda d: None)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [z.read(n) for n in z.namelist() if n.startswith("EPUB/images/")]

    assert packaged() == [png_bytes()]
    assert packaged() == [png_bytes()]
    image.unlink()
    image.symlink_to(secret)
    assert packaged() == []
    image.unlink()
    image.write_bytes(png_bytes() + b"new")
    assert packaged() == [png_bytes() + b"new"]


def test_without_an_asset_folder_local_images_are_left_out() -> None:
    seen: list[EpubDiagnostic] = []
    data = write_epub(english(), report=seen.append)
    assert not any(n.startswith("EPUB/images/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert any(d.subject == LOCAL_IMAGE and "no asset folder" in d.reason for d in seen)


# --- safety -----------------------------------------------------------------------------------


def test_no_script_or_unsafe_url_reaches_the_epub(editions: dict[str, Edition]) -> None:
    edition = editions["edge"]
    for name, content in edition.files().items():
        lowered = content.lower()
        assert b"javascript:" not in lowered, name
        assert b"<script" not in lowered, name
        if name.endswith(".xhtml"):
            root = etree.fromstring(content, _PARSER)
            for el in root.iter():
                assert etree.QName(el).localname not in ("script", "iframe", "form", "object", "embed")
                assert not any(etree.QName(a).localname.startswith("on") for a in el.attrib)
                href = el.get("href")
                if href is not None and el.tag == f"{{{NS['h']}}}a" and not name.endswith("nav.xhtml"):
                    assert href.startswith(("#", "http:", "https:", "mailto:")), href
    dropped = {d.subject for d in edition.diagnostics if isinstance(d, LinkDropped)}
    # the script and data links were removed by the model's URL policy before the writer
    assert dropped == {"relative/page.html", "#nowhere"}
    text = "".join(edition.xml("EPUB/text.xhtml").itertext())
    for words in ("bad link", "also bad", "relative", "dangling anchor", "control", "char end"):
        assert words in text, f"link text {words!r} was lost"


def test_relative_links_point_at_the_source_site() -> None:
    doc = make_document(
        Metadata(title="T", language="en", source_url="https://news.example.org/2024/story.html"),
        [Paragraph(content=(Link("/about/", (Text("about"),)), Link("next.html", (Text("next"),))))],
    )
    seen: list[EpubDiagnostic] = []
    text = zipfile.ZipFile(io.BytesIO(write_epub(doc, report=seen.append))).read("EPUB/text.xhtml")
    assert b'href="https://news.example.org/about/"' in text
    assert b'href="https://news.example.org/2024/next.html"' in text
    assert seen == []


def test_internal_links_point_at_the_right_block(editions: dict[str, Edition]) -> None:
    en = editions["en"].xml("EPUB/text.xhtml")
    assert en.find(".//h:a[@href='#h1']", NS) is not None
    assert en.find(".//h:h2[@id='h1']", NS) is not None
    bi = editions["bilingual-ru"].xml("EPUB/text.xhtml")
    assert bi.find(".//h:p[@id='t-p6']//h:a[@href='#t-h1']", NS) is not None


# --- metadata and title page ------------------------------------------------------------------


def _roles(opf: etree._Element) -> dict[str, str]:
    return {
        m.get("refines", "")[1:]: m.text or ""
        for m in opf.iterfind(".//opf:meta[@property='role']", NS)
        if m.get("scheme") == "marc:relators"
    }


def test_metadata_names_authors_translators_model_and_source(editions: dict[str, Edition]) -> None:
    opf = editions["ru"].xml("EPUB/content.opf")
    roles = _roles(opf)
    creators = {c.get("id", ""): c.text or "" for c in opf.iterfind(".//dc:creator", NS)}
    assert creators == {"author1": "Ada Marlow", "author2": "Tomas Reed"}
    assert all(roles[uid] == "aut" for uid in creators)
    contributors = {c.get("id", ""): c.text or "" for c in opf.iterfind(".//dc:contributor", NS)}
    assert sorted(contributors.values()) == ["Irina Volkova", "opus-mt-en-xx-tiny (ctranslate2 4.5.0)"]
    assert all(roles[uid] == "trl" for uid in contributors)
    assert opf.findtext(".//dc:source", namespaces=NS) == SOURCE_URL
    assert opf.findtext(".//dc:language", namespaces=NS) == "ru"
    assert opf.findtext(".//dc:date", namespaces=NS) == "2024-04-18"
    assert opf.findtext(".//dc:publisher", namespaces=NS) == "Harbour Archive"
    assert opf.findtext(".//dc:rights", namespaces=NS) == "CC BY 4.0"


def test_identifier_is_deterministic_and_differs_per_language(editions: dict[str, Edition]) -> None:
    ids: dict[str, str] = {}
    for name in ("en", "ru", "hy", "az-Latn", "bilingual-ru"):
        ids[name] = (
            editions[name].xml("EPUB/content.opf").findtext(".//dc:identifier", default="", namespaces=NS)
        )
        assert ids[name]
        assert ids[name].startswith("urn:uuid:")
    assert len(set(ids.values())) == len(ids)
    again = write_epub(english(), report=lambda d: None)
    opf = etree.fromstring(zipfile.ZipFile(io.BytesIO(again)).read("EPUB/content.opf"), _PARSER)
    assert opf.findtext(".//dc:identifier", namespaces=NS) == ids["en"]
    custom = write_epub(english(), EpubOptions(identifier="urn:isbn:9780000000002"), report=lambda d: None)
    assert b"urn:isbn:9780000000002" in zipfile.ZipFile(io.BytesIO(custom)).read("EPUB/content.opf")


@pytest.mark.parametrize("name", ["en", "ru", "hy", "az-Latn", "bilingual-az", "edge", "empty"])
def test_language_tags_use_hyphens(name: str, editions: dict[str, Edition]) -> None:
    edition = editions[name]
    for file, content in edition.files().items():
        if file.endswith((".xhtml", ".opf")):
            root = etree.fromstring(content, _PARSER)
            langs = [el.get("lang") or el.get(XML_LANG) for el in root.iter() if el.get(XML_LANG)]
            langs += [el.text for el in root.iterfind(".//dc:language", NS)]
            assert all(lang and "_" not in lang for lang in langs), (file, langs)
    if name == "az-Latn":
        assert edition.xml("EPUB/content.opf").findtext(".//dc:language", namespaces=NS) == "az-Latn"


def test_title_page_has_title_standfirst_authors_date_and_source(editions: dict[str, Edition]) -> None:
    page = editions["ru"].xml("EPUB/titlepage.xhtml")
    assert page.findtext(".//h:h1", namespaces=NS) == "Вахтенные журналы маяка"
    assert _text(page, ".//h:p[@class='standfirst']").startswith("Сорок лет")
    assert page.findtext(".//h:p[@class='authors']", namespaces=NS) == "Ada Marlow, Tomas Reed"
    # CLDR puts a narrow no-break space before "г."
    day = _text(page, ".//h:time[@datetime='2024-04-18']")
    assert day.replace("\u202f", " ").replace("\xa0", " ") == "18 апреля 2024 г."
    assert page.find(f".//h:p[@class='source']/h:a[@href='{SOURCE_URL}']", NS) is not None
    assert "Irina Volkova" in _text(page, ".//h:p[@class='translators']")
    assert page.find(".//h:p[@class='machine-translation']", NS) is not None
    # the model with its licence
    assert "opus-mt-en-xx-tiny (ctranslate2 4.5.0; CC-BY-4.0)" in _text(
        page, ".//h:p[@class='machine-translation']"
    )
    hy = editions["hy"].xml("EPUB/titlepage.xhtml")
    assert hy.findtext(".//h:time", namespaces=NS) == "18 ապրիլի 2024 թ."
    # labels in the edition's language, from the shipped catalogs
    assert _text(page, ".//h:p[@class='source']/h:span[@class='label']") == "Источник:"
    assert _text(hy, ".//h:p[@class='source']/h:span[@class='label']") == "Աղբյուր:"
    assert "Примечания" in _text(editions["ru"].xml("EPUB/text.xhtml"), ".//h:section[@id='notes']/h:h2")
    en = editions["en"].xml("EPUB/titlepage.xhtml")
    assert en.findtext(".//h:time", namespaces=NS) == "April 18, 2024"
    assert en.find(".//h:p[@class='machine-translation']", NS) is None


def test_machine_translated_blocks_are_marked(editions: dict[str, Edition]) -> None:
    text = editions["ru"].xml("EPUB/text.xhtml")
    assert "mt" in _classes(text, ".//h:p[@id='p1']")
    assert "mt" not in _classes(text, ".//h:h2[@id='h1']")


def test_a_machine_translated_title_alone_gets_the_notice(tmp_path: Path) -> None:
    from dataclasses import replace

    from archivepub.model import map_blocks

    ru = translation("ru")
    reviewed = (Provenance(origin="reviewed"),)

    def review(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph | Figure):
            return replace(block, provenance=reviewed)
        return block

    notes = tuple(replace(n, blocks=map_blocks(n.blocks, review)) for n in ru.footnotes)
    all_reviewed = replace(
        ru,
        metadata=replace(ru.metadata, title_provenance=reviewed, subtitle_provenance=reviewed),
        blocks=map_blocks(ru.blocks, review),
        footnotes=notes,
    )
    model = ru.metadata.models[0].name
    machine_title = replace(
        all_reviewed,
        metadata=replace(
            all_reviewed.metadata, title_provenance=(Provenance(origin="machine", model=model),)
        ),
    )

    def notice(doc: Document) -> etree._Element | None:
        data = archivepub.writers.epub.write_epub(doc, EpubOptions(assets=tmp_path, font=None))
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            page = etree.fromstring(zf.read("EPUB/titlepage.xhtml"), _PARSER)
        return page.find(".//h:p[@class='machine-translation']", NS)

    assert notice(all_reviewed) is None
    found = notice(machine_title)
    assert found is not None
    assert model in "".join(found.itertext())


def test_untranslated_blocks_keep_the_source_language(tmp_path: Path) -> None:
    from dataclasses import replace

    ru = translation("ru")
    kept = next(b for b in ru.blocks if isinstance(b, Paragraph))
    untranslated = replace(kept, provenance=(Provenance(origin="untranslated"),))
    doc = replace(ru, blocks=tuple(untranslated if b is kept else b for b in ru.blocks))
    data = archivepub.writers.epub.write_epub(doc, EpubOptions(assets=tmp_path, font=None))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = etree.fromstring(zf.read("EPUB/text.xhtml"), _PARSER)
    p = _one(text, f".//h:p[@id='{kept.id}']")
    # a screen reader must read the kept English text as English, not as Russian
    assert (p.get("lang"), p.get(XML_LANG)) == ("en", "en")
    assert "untranslated" in (p.get("class") or "").split()
    other = next(b for b in ru.blocks if isinstance(b, Paragraph) and b.id != kept.id)
    assert _one(text, f".//h:p[@id='{other.id}']").get("lang") != "en"


def test_labels_come_from_gettext_catalogs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    catalog = Catalog(locale="ru", domain="archivepub")
    for english_label, russian in (
        ("Notes", "Примечания"),
        ("Image credit", "Фото"),
        ("Contents", "Содержание"),
    ):
        catalog.add(english_label, russian)
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "archivepub.mo", "wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n._translations.cache_clear()
    try:
        assert i18n.gettext_for("ru")("Notes") == "Примечания"
        assert i18n.gettext_for("ru")("Source") == "Source"  # untranslated: English
        files = zipfile.ZipFile(io.BytesIO(write_epub(translation("ru"), report=lambda d: None)))
        assert "Примечания".encode() in files.read("EPUB/text.xhtml")
        assert "Фото:".encode() in files.read("EPUB/text.xhtml")
        assert "Содержание".encode() in files.read("EPUB/nav.xhtml")
    finally:
        i18n._translations.cache_clear()


# --- fonts ------------------------------------------------------------------------------------


def _has_armenian_font() -> bool:
    return any((Path(d) / f).is_file() for d in epub_writer._FONT_DIRS for f in epub_writer._FONT_FILES)


@pytest.mark.skipif(not _has_armenian_font(), reason="no Noto Armenian font (Debian: fonts-noto-core)")
@pytest.mark.parametrize(
    ("name", "embedded"), [("hy", True), ("bilingual-hy", True), ("ru", False), ("en", False)]
)
def test_armenian_font_is_embedded_only_for_armenian(
    name: str, embedded: bool, editions: dict[str, Edition]
) -> None:
    files = editions[name].files()
    fonts = [n for n in files if n.startswith("EPUB/fonts/")]
    css = files["EPUB/css/book.css"].decode()
    assert bool(fonts) is embedded
    assert ("@font-face" in css) is embedded
    if embedded:
        assert files[fonts[0]][:4] == b"\x00\x01\x00\x00"
        assert 'url("../fonts/armenian-regular.ttf")' in css
        assert "serif" in css
        opf = editions[name].xml("EPUB/content.opf")
        item = opf.find(".//opf:item[@href='fonts/armenian-regular.ttf']", NS)
        assert item is not None
        assert item.get("media-type") == "font/ttf"


@pytest.mark.skipif(not _has_armenian_font(), reason="no Noto Armenian font (Debian: fonts-noto-core)")
@pytest.mark.parametrize(
    ("text", "embedded"),
    [
        ("The word \u0570\u0561\u0575 is Armenian.", True),  # one Armenian word in English prose
        ("Caf\u00e9 \u2014 \u0434\u043e\u043c, ev.", False),  # other letters that are not ASCII
        ("\ufb13 ligature", True),  # an Armenian ligature, outside the main block
        ("Plain ASCII text.", False),
    ],
)
def test_the_font_comes_with_any_armenian_letter(text: str, embedded: bool) -> None:
    doc = make_document(Metadata(title="Words", language="en"), [Paragraph(content=(Text(text),))])
    with zipfile.ZipFile(io.BytesIO(write_epub(doc))) as zf:
        fonts = [n for n in zf.namelist() if n.startswith("EPUB/fonts/")]
    assert bool(fonts) is embedded


@pytest.mark.skipif(not _has_armenian_font(), reason="no Noto Armenian font (Debian: fonts-noto-core)")
def test_the_font_compressed_once_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded font is deflated once per process and reused: the EPUB's bytes are what
    compressing it every time gives (zipfile's own deflate), first write or not."""
    doc = translation("hy")
    monkeypatch.setattr(epub_writer, "_deflated", {})
    first, again = write_epub(doc), write_epub(doc)
    assert len(epub_writer._deflated) >= 1  # the font (and nothing small) was kept
    monkeypatch.setattr(epub_writer, "_CACHE_FROM", 1 << 40)  # every entry compressed afresh...
    monkeypatch.setattr(epub_writer, "_pack", epub_writer._pack_zipfile)  # ...by zipfile itself
    assert write_epub(doc) == first == again
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
        (font,) = [n for n in z.namelist() if n.endswith("armenian-regular.ttf")]
        assert z.getinfo(font).compress_type == zipfile.ZIP_DEFLATED


def test_entries_that_recur_are_deflated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The entries every EPUB or every edition of an article shares (the container file, the
    style sheet, the article's images) are compressed once, the bytes unchanged; an entry
    used again after many others is compressed again, not kept for ever."""
    monkeypatch.setattr(epub_writer, "_deflated_small", {})
    made: list[int] = []
    real = zlib.compressobj

    def counted(level: int, method: int, wbits: int) -> zlib._Compress:
        made.append(1)
        return real(level, method, wbits)

    monkeypatch.setattr(zlib, "compressobj", counted)
    english_doc, russian = english(), translation("ru")
    first = write_epub(english_doc)
    one = len(made)
    second = write_epub(russian)
    two = len(made) - one
    again = write_epub(english_doc)
    assert 0 < two < one  # the second EPUB shared some of its entries with the first
    assert again == first
    assert len(made) == one + two
    monkeypatch.setattr(epub_writer, "_pack", epub_writer._pack_zipfile)  # zipfile's own deflate
    assert write_epub(english_doc) == first
    assert write_epub(russian) == second
    monkeypatch.setattr(epub_writer, "_SMALL_CACHE_SIZE", 2)
    for n in range(5):
        epub_writer._deflate(f"entry {n}".encode())
    assert len(epub_writer._deflated_small) == 2


_ENTRY_NAMES = st.text(st.characters(codec="utf-8"), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=st.lists(
        st.tuples(
            st.one_of(
                st.just("mimetype"),
                st.just("EPUB/text.xhtml"),
                st.sampled_from(["EPUB/images/image1.png", "EPUB/images/photo.JPEG", "EPUB/fonts/f.woff2"]),
                _ENTRY_NAMES,
            ),
            st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
        ),
        max_size=6,
    ),
    when=st.datetimes(min_value=datetime.datetime(1980, 1, 1), max_value=datetime.datetime(2107, 12, 31)).map(
        lambda d: d.replace(tzinfo=datetime.UTC)
    ),
    big=st.none() | st.randoms(use_true_random=False),
)
def test_the_package_is_what_zipfile_writes(
    entries: list[tuple[str, bytes]], when: datetime.datetime, big: random.Random | None
) -> None:
    """The EPUB's zip, put together without zipfile, is byte for byte what zipfile writes:
    any names (non-ASCII, NUL, repeated), empty and incompressible entries, any time, an
    entry large enough for the compression cache."""
    if big is not None:  # incompressible, then compressible
        entries = [*entries, ("EPUB/fonts/f.ttf", big.randbytes(epub_writer._CACHE_FROM) + b"\x00" * 5000)]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Duplicate name", UserWarning)  # zipfile's, for a name given twice
        assert epub_writer._pack(entries, when) == epub_writer._pack_zipfile(entries, when)
    names = [name.partition("\0")[0] for name, _ in entries]
    if len(set(names)) == len(names):
        with zipfile.ZipFile(io.BytesIO(epub_writer._pack(entries, when))) as z:
            assert z.testzip() is None
            assert sorted(z.namelist()) == sorted(names)


def test_missing_armenian_font_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(epub_writer, "_FONT_DIRS", ())
    seen: list[EpubDiagnostic] = []
    data = write_epub(translation("hy"), report=seen.append)
    assert any(isinstance(d, FontMissing) for d in seen)
    assert not any(n.startswith("EPUB/fonts/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert write_epub(translation("hy"), EpubOptions(font=None), report=seen.append)


def test_explicit_font_path_must_exist(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="font file not found"):
        write_epub(translation("hy"), EpubOptions(font=tmp_path / "none.ttf"), report=lambda d: None)
    not_a_font = tmp_path / "x.ttf"
    not_a_font.write_bytes(b"hello")
    with pytest.raises(WriteError, match="not a TrueType"):
        write_epub(translation("hy"), EpubOptions(font=not_a_font), report=lambda d: None)


# --- bilingual edition ------------------------------------------------------------------------


def test_bilingual_edition_alternates_blocks_with_languages(editions: dict[str, Edition]) -> None:
    text = editions["bilingual-ru"].xml("EPUB/text.xhtml")
    body = _one(text, "h:body")
    top = [
        (el.get("id"), el.get("lang"), el.get(XML_LANG)) for el in body if el.tag != f"{{{NS['h']}}}figure"
    ]
    assert top[:4] == [("o-h1", "en", "en"), ("t-h1", "ru", "ru"), ("o-p1", "en", "en"), ("t-p1", "ru", "ru")]
    figure = _one(body, "h:figure")
    langs = [div.get("lang") for div in figure.findall("h:figcaption/h:div", NS)]
    assert langs == ["en", "ru"]
    asides = [(a.get("id"), a.get("lang")) for a in text.iter(f"{{{NS['h']}}}aside")]
    assert asides[:2] == [("o-fn1", "en"), ("t-fn1", "ru")]
    opf = editions["bilingual-ru"].xml("EPUB/content.opf")
    assert [lang.text for lang in opf.iterfind(".//dc:language", NS)] == ["ru", "en"]
    assert [t.text for t in opf.iterfind(".//dc:title", NS)] == [
        "Вахтенные журналы маяка",
        "The Lighthouse Logbooks",
    ]
    assert "Ada Marlow" in [c.text for c in opf.iterfind(".//dc:creator", NS)]
    assert "trl" in _roles(opf).values()


def test_bilingual_edition_needs_two_documents() -> None:
    with pytest.raises(WriteError, match="original, translation"):
        write_epub([english(), translation("ru"), translation("hy")])
    with pytest.raises(WriteError):
        write_epub([])


# --- empty document and file output -----------------------------------------------------------


def test_a_document_without_blocks_gives_a_title_page_only(editions: dict[str, Edition]) -> None:
    files = editions["empty"].files()
    assert "EPUB/titlepage.xhtml" in files
    assert "EPUB/text.xhtml" not in files
    assert b"Nothing here" in files["EPUB/titlepage.xhtml"]


def test_an_untitled_document_gets_a_fallback_title(editions: dict[str, Edition]) -> None:
    opf = editions["untitled"].xml("EPUB/content.opf")
    assert opf.findtext(".//dc:title", namespaces=NS) == "Untitled"
    assert opf.findtext(".//dc:language", namespaces=NS) == "und"


def test_write_epub_to_a_file_is_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, assets: Path
) -> None:
    target = tmp_path / "book.epub"
    archivepub.write_epub(english(), target, EpubOptions(assets=assets), report=lambda d: None)
    good = target.read_bytes()
    assert good == write_epub(english(), EpubOptions(assets=assets), report=lambda d: None)

    # a failure while building leaves the existing file as it was, and nothing else behind
    with pytest.raises(WriteError, match=r"none\.ttf: font file not found"):
        archivepub.write_epub(translation("hy"), target, EpubOptions(font=tmp_path / "none.ttf"))
    with pytest.raises(WriteError, match=r"book\.epub"):
        archivepub.write_epub([english()] * 3, target)
    assert target.read_bytes() == good

    # a failure while writing, too
    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError, match="No space left"):
        archivepub.write_epub(translation("ru"), target, report=lambda d: None)
    assert target.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.epub"]


def test_writers_table_and_public_api() -> None:
    assert WRITERS["epub"] is write_epub
    assert "write_epub" in archivepub.__all__
    assert "EpubOptions" in archivepub.__all__


# --- command line -----------------------------------------------------------------------------


def test_cli_exports_an_epub_and_a_bilingual_edition(
    tmp_path: Path, assets: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = assets / "article.json"
    original.write_text(english().to_json(), encoding="utf-8")
    russian = tmp_path / "ru.json"
    russian.write_text(translation("ru").to_json(), encoding="utf-8")
    out = tmp_path / "out.epub"
    assert main(["export", str(original), "--to", "epub", "-o", str(out)]) == 0
    # images are found next to the article by default
    assert "EPUB/images/image1.png" in zipfile.ZipFile(out).namelist()
    assert "remote image" in capsys.readouterr().err
    both = tmp_path / "both.epub"
    code = main(
        ["export", str(original), "--with", str(russian), "--to", "epub", "-o", str(both), "--rights", "CC0"]
    )
    assert code == 0
    opf = zipfile.ZipFile(both).read("EPUB/content.opf")
    assert b"<dc:rights>CC0</dc:rights>" in opf
    assert b"<dc:language>ru</dc:language>" in opf
    assert main(["export", str(tmp_path / "missing.json"), "--to", "epub", "-o", str(out)]) == 2
    assert "missing.json" in capsys.readouterr().err


def test_cli_modified_option(tmp_path: Path) -> None:
    source = tmp_path / "a.json"
    source.write_text(english().to_json(), encoding="utf-8")
    out = tmp_path / "a.epub"
    assert (
        main(["export", str(source), "--to", "epub", "-o", str(out), "--modified", "2020-02-03T04:05:06Z"])
        == 0
    )
    assert b"2020-02-03T04:05:06Z" in zipfile.ZipFile(out).read("EPUB/content.opf")


_: Callable[..., object] = sample  # the samples module offers every language to the benchmark


def test_a_font_that_goes_away_is_searched_for_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The font search is remembered only while its files are there: a font removed after one
    edition is not named for the next, and another folder is searched afresh."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
    regular = first / epub_writer._FONT_FILES[0]
    regular.write_bytes(b"\x00\x01\x00\x00 a font")
    monkeypatch.setenv(epub_writer.FONT_PATH_ENV, f"{first}{os.pathsep}{second}")
    assert epub_writer.armenian_font_files() == [regular]
    assert epub_writer.armenian_font_files() == [regular]
    regular.unlink()
    assert epub_writer.armenian_font_files() == []
    other = second / "noto" / epub_writer._FONT_FILES[0]
    other.parent.mkdir()
    other.write_bytes(b"\x00\x01\x00\x00 a font")
    assert epub_writer.armenian_font_files() == [other]
    monkeypatch.setenv(epub_writer.FONT_PATH_ENV, str(first))
    assert epub_writer.armenian_font_files() == []


# --- navigation document and NCX ---------------------------------------------------------------

_NAV_TEXT = st.text(
    st.one_of(
        st.sampled_from([*"&<>\"'\t\n\r ]#/.", "\u00a0", "Ա", "ё", "ə", "\U0001f600"]),
        st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    ),
    min_size=0,
    max_size=12,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_NAV_TEXT,
    headings=st.lists(st.tuples(st.integers(1, 6), _NAV_TEXT), max_size=7),
    notes=st.booleans(),
    bilingual=st.booleans(),
)
def test_the_navigation_document_and_ncx_are_what_ebooklib_writes(
    title: str, headings: list[tuple[int, str]], notes: bool, bilingual: bool
) -> None:
    """archivepub writes nav.xhtml and toc.ncx as text: byte for byte what ebooklib's own
    writer makes of the same book, whatever the titles hold (markup characters, tabs and
    line ends, other scripts, nothing) and however the headings nest or skip levels."""
    blocks: list[Block] = [Heading(content=(Text(text),), level=level) for level, text in headings]
    draft: list[DraftNote] = []
    if notes:
        blocks.append(Paragraph(content=(Text("See"), NoteRef("n1"))))
        draft.append(DraftNote("n1", "1", (Paragraph(content=(Text("A note & more"),)),)))
    else:
        blocks.append(Paragraph(content=(Text("Body"),)))
    doc = make_document(Metadata(title=title, language="hy"), blocks, draft)
    docs: Document | list[Document] = doc
    if bilingual:
        original = make_document(Metadata(title="Original <title>", language="en"), blocks, draft)
        docs = [
            original,
            dataclasses.replace(doc, metadata=dataclasses.replace(doc.metadata, source_language="en")),
        ]
    options = EpubOptions(font=None)
    made: list[bytes | None] = []

    def recording(write: Callable[..., bytes | None]) -> Callable[..., bytes | None]:
        def recorded(*args: object) -> bytes | None:
            made.append(write(*args))
            return made[-1]

        return recorded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(epub_writer, "nav_document", recording(nav_document))
        patch.setattr(epub_writer, "ncx_document", recording(ncx_document))
        ours = zipfile.ZipFile(io.BytesIO(write_epub(docs, options, report=lambda d: None)))
    assert len(made) == 2
    assert None not in made  # both written as text, not left to ebooklib
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(epub_writer._EntryWriter, "_get_nav", ebooklib_epub.EpubWriter._get_nav)
        patch.setattr(epub_writer._EntryWriter, "_get_ncx", ebooklib_epub.EpubWriter._get_ncx)
        theirs = zipfile.ZipFile(io.BytesIO(write_epub(docs, options, report=lambda d: None)))
    for name in ("EPUB/nav.xhtml", "EPUB/toc.ncx"):
        assert ours.read(name) == theirs.read(name), name


def test_a_table_of_contents_archivepub_does_not_write_is_left_to_ebooklib() -> None:
    """Entries of other kinds (a chapter document, a section without a link) and options that
    ask for more (a page list, a play order) are written by ebooklib itself."""
    book = ebooklib_epub.EpubBook()
    book.set_identifier("urn:x")
    book.set_title("T")
    book.set_language("en")
    nav = ebooklib_epub.EpubNav()
    link = ebooklib_epub.Link("a.xhtml", "A", "a")
    chapter = ebooklib_epub.EpubHtml(title="C", file_name="c.xhtml")
    section = ebooklib_epub.Section("S")
    book.toc = [link, (link, [link])]
    assert nav_document(book, nav, {"epub3_landmark": True}) is not None
    assert ncx_document(book, {}) is not None
    assert nav_document(book, nav, {"epub3_pages": True}) is None
    assert ncx_document(book, {"play_order": {"enabled": True, "start_from": 1}}) is None
    for toc in (
        [chapter],
        [(section, [link])],
        [(link, [chapter])],
        [ebooklib_epub.Link("a.xhtml", "", "a")],
    ):
        book.toc = toc
        assert nav_document(book, nav, {}) is None
        assert ncx_document(book, {}) is None


_NAMES = st.lists(_NAV_TEXT.filter(lambda name: name.strip() != ""), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_NAV_TEXT,
    authors=_NAMES,
    translators=_NAMES,
    date=st.one_of(st.none(), st.dates(min_value=datetime.date(1800, 1, 1)).map(str)),
    site=st.one_of(st.none(), _NAV_TEXT),
    extra=st.fixed_dictionaries(
        {
            "publisher": st.one_of(st.none(), _NAV_TEXT),
            "rights": st.one_of(st.none(), _NAV_TEXT),
            "identifier": st.one_of(st.none(), _NAV_TEXT.filter(lambda value: value.strip() != "")),
            "source_title": st.one_of(st.none(), _NAV_TEXT),
        }
    ),
    language=st.sampled_from(["hy", "ru", "az-Latn", "en"]),
    image=st.booleans(),
    bilingual=st.booleans(),
)
def test_the_package_document_is_what_ebooklib_writes(
    title: str,
    authors: list[str],
    translators: list[str],
    date: str | None,
    site: str | None,
    extra: dict[str, str | None],
    language: str,
    image: bool,
    bilingual: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """archivepub writes content.opf as text: byte for byte what ebooklib's own writer makes of
    the same book, whatever the metadata hold (markup characters, tabs and line ends, other
    scripts, empty values) and whichever items the package has (an image, a font, notes)."""
    folder = tmp_path_factory.mktemp("opf")
    blocks: list[Block] = [Heading(content=(Text("Part"),), level=2), Paragraph(content=(Text("Body"),))]
    if image:
        (folder / "photo.png").write_bytes(png_bytes())
        blocks.append(Figure(src="photo.png", caption=(Text("A photograph"),), alt="photo"))
    meta = Metadata(
        title=title,
        language=language,
        authors=tuple(authors),
        translators=tuple(translators),
        date=date,
        site_name=site,
        source_language="en" if bilingual or translators else None,
    )
    doc = make_document(meta, blocks)
    docs: Document | list[Document] = doc
    if bilingual:
        docs = [make_document(Metadata(title="Original & <title>", language="en"), blocks), doc]
    options = EpubOptions(assets=folder, font=None, **extra)  # type: ignore[arg-type]
    made: list[bytes | None] = []

    def recorded(book: ebooklib_epub.EpubBook, writer_options: dict[str, object]) -> bytes | None:
        made.append(opf_document(book, writer_options))
        return made[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(epub_writer, "opf_document", recorded)
        ours = zipfile.ZipFile(io.BytesIO(write_epub(docs, options, report=lambda d: None)))
    assert len(made) == 1
    assert made[0] is not None  # written as text, not left to ebooklib
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(epub_writer._EntryWriter, "_write_opf", ebooklib_epub.EpubWriter._write_opf)
        theirs = zipfile.ZipFile(io.BytesIO(write_epub(docs, options, report=lambda d: None)))
    assert ours.read("EPUB/content.opf") == theirs.read("EPUB/content.opf")


def test_a_package_archivepub_does_not_write_is_left_to_ebooklib() -> None:
    """Bindings, media overlays, metadata in other namespaces, text XML cannot hold and a
    writer without a fixed modification time are left to ebooklib's own writer."""
    options = {**ebooklib_epub.EpubWriter.DEFAULT_OPTIONS, "mtime": datetime.datetime(2024, 1, 2, 3, 4, 5)}

    def book() -> ebooklib_epub.EpubBook:
        made = ebooklib_epub.EpubBook()
        made.set_identifier("urn:x")
        made.set_title("T")
        made.set_language("en")
        chapter = ebooklib_epub.EpubHtml(title="C", file_name="c.xhtml")
        made.add_item(chapter)
        made.spine = [chapter, ("nav", "no")]
        made.guide = [{"type": "text", "title": None, "href": "c.xhtml"}]
        return made

    def ebooklib_writes(made: ebooklib_epub.EpubBook) -> bytes:
        writer = ebooklib_epub.EpubWriter("unused.epub", made, options)
        writer.out = epub_writer._Entries()
        writer._write_opf()
        ((name, data),) = writer.out.entries
        assert name == "EPUB/content.opf"
        return bytes(data)

    plain = book()
    assert opf_document(plain, options) == ebooklib_writes(plain)
    # a spine entry by an id the book lacks gets no linear="no", as ebooklib writes it
    assert b'<itemref idref="nav"/>' in ebooklib_writes(plain)
    assert opf_document(plain, {k: v for k, v in options.items() if k != "mtime"}) is None
    bound = book()
    bound.bindings = [{"media-type": "application/x-demo", "handler": "h"}]
    assert opf_document(bound, options) is None
    other = book()
    other.add_metadata("http://example.org/ns", "thing", "value")
    assert opf_document(other, options) is None
    controls = book()
    controls.set_title("bell \x07")
    assert opf_document(controls, options) is None
    overlay = book()
    item = ebooklib_epub.EpubHtml(title="D", file_name="d.xhtml")
    item.media_overlay = "smil"
    overlay.add_item(item)
    assert opf_document(overlay, options) is None


def test_images_and_compressed_fonts_are_stored_the_rest_deflated(assets: Path) -> None:
    """Photographs (JPEG, PNG, GIF) and WOFF fonts are compressed already: they are stored as
    they are; the pages, the style sheet and a TrueType font are deflated."""
    data = write_epub(english(), EpubOptions(assets=assets), report=lambda d: None)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        methods = {info.filename: info.compress_type for info in z.infolist()}
        assert z.testzip() is None
    images = [n for n in methods if n.startswith("EPUB/images/")]
    assert images
    assert all(methods[n] == zipfile.ZIP_STORED for n in images)
    assert methods["mimetype"] == zipfile.ZIP_STORED
    assert methods["EPUB/text.xhtml"] == methods["EPUB/css/book.css"] == zipfile.ZIP_DEFLATED
    assert epub_writer._stored("EPUB/images/a.JPG")
    assert epub_writer._stored("EPUB/fonts/f.woff2")
    assert not epub_writer._stored("EPUB/fonts/f.ttf")
    assert not epub_writer._stored("EPUB/images/a.svg")
