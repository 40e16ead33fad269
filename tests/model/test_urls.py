"""One URL policy for every reader: only http(s), mailto and scheme-less references survive."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest

import archivepub
from archivepub.build import BuildOptions, build_archive
from archivepub.cli import main
from archivepub.errors import DocumentError
from archivepub.model import Document, Figure, Link, Metadata, Paragraph, Text, iter_inlines, make_document
from archivepub.model.urls import url_problem
from archivepub.writers.epub import EpubDiagnostic, EpubOptions, ImageSkipped, write_epub
from archivepub.writers.tei import write_tei

UNSAFE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "file:///etc/passwd",
]
SAFE = [
    "https://example.org/a?b#c",
    "http://x.example",
    "mailto:a@example.org",
    "#fn1",
    "images/a.jpg",
    "//cdn.example/x.png",
    "",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_are_refused(url: str) -> None:
    assert url_problem(url) is not None


@pytest.mark.parametrize("url", SAFE)
def test_safe_urls_pass(url: str) -> None:
    assert url_problem(url) is None


def test_a_document_cannot_hold_an_unsafe_url() -> None:
    with pytest.raises(DocumentError, match="javascript"):
        Document(
            metadata=Metadata(title="T"),
            blocks=(Paragraph(id="p1", content=(Link("javascript:x", (Text("a"),)),)),),
        )
    with pytest.raises(DocumentError, match="data"):
        Document(
            metadata=Metadata(title="T"), blocks=(Figure(id="fig1", src="data:image/svg+xml;base64,AA"),)
        )
    with pytest.raises(DocumentError, match="data"):
        Document(metadata=Metadata(title="T"), blocks=(Figure(id="fig1", src="data:text/html;base64,AA"),))
    with pytest.raises(DocumentError, match="vbscript"):
        Document(metadata=Metadata(title="T", source_url="vbscript:x"), blocks=())


def test_the_first_refused_url_in_reading_order_is_named() -> None:
    # the check looks at each block once, in reading order (a quote's blocks, then the notes),
    # a figure's own source before its caption's links; a refused URL is reported before a
    # reference to a missing note
    from archivepub.model import Block, Footnote, NoteRef, Quote

    def doc(*blocks: Block, notes: tuple[Footnote, ...] = ()) -> Document:
        return Document(metadata=Metadata(title="T"), blocks=blocks, footnotes=notes)

    bad_link = Paragraph(id="p2", content=(Link("javascript:one", (Text("a"),)), NoteRef("fn9")))
    with pytest.raises(DocumentError, match="javascript:one"):
        doc(Quote(id="quote1", blocks=(Paragraph(id="p1", content=(Text("ok"),)), bad_link)))
    figure = Figure(id="fig1", src="data:text/html;base64,AA", caption=(Link("vbscript:two", (Text("c"),)),))
    with pytest.raises(DocumentError, match="data:text/html"):
        doc(figure, bad_link)
    note = Footnote(
        id="fn1", label="1", blocks=(Paragraph(id="fn1-p1", content=(Link("vbscript:three", ()),)),)
    )
    with pytest.raises(DocumentError, match="vbscript:three"):
        doc(Paragraph(id="p1", content=(NoteRef("fn1"),)), notes=(note,))
    with pytest.raises(DocumentError, match="refers to footnote 'fn9'"):
        doc(Quote(id="quote1", blocks=(Paragraph(id="p1", content=(NoteRef("fn9"),)),)))


def test_checking_nested_links_looks_at_each_link_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Found by the long fuzz run: a page of links nested in emphasis nested in links took time
    # exponential in the depth (a 400 KB page ran for minutes), as each link's content was
    # looked into twice.
    from archivepub.model import Emphasis, urls

    node: Link | Emphasis = Link("https://example.org/0", (Text("deep"),))
    for depth in range(1, 30):
        url = f"https://example.org/{depth}"
        node = Link(url, (Emphasis((node,)),)) if depth % 2 else Emphasis((Text("x"), node))
    asked: list[str] = []

    def counting(url: str) -> str | None:
        asked.append(url)
        return url_problem(url)

    monkeypatch.setattr(urls, "url_problem", counting)
    paragraph = Paragraph(id="p1", content=(node,))
    assert urls.safe_blocks((paragraph,)) == (paragraph,)
    assert len(asked) == len(set(asked)) == 16  # the links, one question each


def test_a_base64_raster_image_may_be_a_figure_source_but_not_a_link() -> None:
    """Pages saved by a browser inline their photographs so; they cannot run."""
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGAAAAAFAAFr7bPb"
        "AAAAAElFTkSuQmCC"
    )
    doc = Document(metadata=Metadata(title="T"), blocks=(Figure(id="fig1", src=png),))
    assert Document.from_json(doc.to_json()).blocks == doc.blocks
    with pytest.raises(DocumentError, match="data"):
        Document(
            metadata=Metadata(title="T"),
            blocks=(Paragraph(id="p1", content=(Link(png, (Text("a"),)),)),),
        )


def _links_and_images(doc: Document) -> list[str]:
    out = []
    for block in doc.all_blocks():
        if isinstance(block, Figure) and block.src is not None:
            out.append(block.src)
        content = block.caption if isinstance(block, Figure) else getattr(block, "content", ())
        out.extend(n.url for n in iter_inlines(content) if isinstance(n, Link))
    return out


def _safe_document() -> Document:
    return make_document(
        Metadata(title="T", language="en", source_url="https://example.org/page"),
        [
            Paragraph(
                content=(Text("See "), Link("https://example.org/", (Text("the archive"),)), Text("."))
            ),
            Figure(src="https://example.org/photo.png", caption=(Text("A caption"),), credit="A. Lee"),
        ],
    )


JSON_UNSAFE = (
    _safe_document()
    .to_json()
    .replace('"https://example.org/"', '"javascript:alert(1)"')
    .replace('"https://example.org/photo.png"', '"data:image/svg+xml;base64,PHN2Zz4="')
    .replace('"https://example.org/page"', '"vbscript:msgbox(1)"')
)
TEI_UNSAFE = (
    write_tei(_safe_document())
    .replace('"https://example.org/"', '"javascript:alert(1)"')
    .replace('"https://example.org/photo.png"', '"data:image/svg+xml;base64,PHN2Zz4="')
)
HTML_UNSAFE = (
    "<html><head><title>T</title></head><body><article><h1>T</h1>"
    "<p>An article paragraph long enough to be the body of the page, with"
    ' <a href="vbscript:msgbox(1)">a link</a> and <a href=" data:text/html,x">another</a>.</p>'
    '<figure><img src="javascript:alert(1)"><figcaption>A caption. Photo: A. Lee</figcaption></figure>'
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("fmt", "data"),
    [("json", JSON_UNSAFE.encode()), ("tei", TEI_UNSAFE.encode()), ("html", HTML_UNSAFE.encode())],
)
def test_every_reader_removes_script_and_data_urls(fmt: str, data: bytes) -> None:
    """Before, the JSON and TEI readers kept them and the TEI writer published them."""
    assert "javascript:" in data.decode() or "vbscript:" in data.decode()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = archivepub.read(data, format=fmt)
    if fmt != "html":  # the HTML reader drops them itself, silently, as before
        assert any("URLs are not allowed" in str(w.message) for w in caught)
    urls = _links_and_images(doc)
    assert all(url_problem(u) is None for u in urls), urls
    text = doc.to_json()
    assert "the archive" in text or "a link" in text  # the link's text stays
    assert "A caption" in text  # the figure stays, without its source
    tei = write_tei(doc).lower()
    for scheme in ("javascript:", "vbscript:", "data:"):
        assert scheme not in tei
        assert scheme not in text.lower()


def test_build_from_article_json_publishes_no_script(tmp_path: Path, packages_dir: Path) -> None:
    folder = tmp_path / "archive" / "unsafe"
    folder.mkdir(parents=True)
    (folder / "article.json").write_text(JSON_UNSAFE, encoding="utf-8")
    report = build_archive(tmp_path / "archive", tmp_path / "dist", BuildOptions(languages=("ru",), jobs=1))
    (article,) = report.articles
    assert article.status == "built", article.error
    assert any("javascript: URLs are not allowed" in w for w in article.warnings)
    for path in (tmp_path / "dist" / "unsafe").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".epub":
                data = b"".join(
                    zipfile.ZipFile(io.BytesIO(data)).read(n)
                    for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
                )
            for scheme in (b"javascript:", b"vbscript:", b"data:image"):
                assert scheme not in data.lower(), path


def test_the_cli_prints_the_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.json"
    source.write_text(JSON_UNSAFE, encoding="utf-8")
    assert main(["parse", str(source), "-o", str(tmp_path / "out.json")]) == 0
    err = capsys.readouterr().err
    assert "archivepub: warning: link 'javascript:alert(1)' removed" in err


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
    b' width="9" height="9">%s</svg>'
)


@pytest.mark.parametrize(
    ("name", "svg"),
    [
        (
            "animate-href",
            SVG % b'<a href="#r"><animate attributeName="href" values="javascript:alert(1)"/>'
            b'<rect id="r" width="9" height="9"/></a>',
        ),
        (
            "set-xlink",
            SVG % b'<a xlink:href="#r"><set attributeName="xlink:href" to="javascript:alert(1)"/>'
            b'<rect width="9" height="9"/></a>',
        ),
        (
            "set-event",
            SVG % b'<rect width="9" height="9"><set attributeName="onmouseover" to="alert(1)"/></rect>',
        ),
        (
            "stylesheet",
            b'<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/x.css"?>\n'
            + SVG % b'<rect width="9" height="9"/>',
        ),
        ("inner-pi", SVG % b'<?xml-stylesheet href="x.css"?><rect width="9" height="9"/>'),
        (
            "foreign",
            SVG % b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        ),
        ("external-use", SVG % b'<use href="https://evil.example/sprite.svg#a"/>'),
    ],
)
def test_unsafe_svg_is_left_out_with_a_warning(name: str, svg: bytes, tmp_path: Path) -> None:
    (tmp_path / "drawing.svg").write_bytes(svg)
    doc = make_document(
        Metadata(title="T", language="en"), [Figure(src="drawing.svg", caption=(Text("A drawing"),))]
    )
    seen: list[EpubDiagnostic] = []
    data = write_epub(doc, EpubOptions(assets=tmp_path), report=seen.append)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any(n.startswith("EPUB/images/") for n in names), name
    assert any(isinstance(d, ImageSkipped) and d.subject == "drawing.svg" for d in seen)


def test_a_clean_animated_svg_is_still_packaged(tmp_path: Path) -> None:
    (tmp_path / "drawing.svg").write_bytes(
        SVG % b'<rect width="9" height="9"><animate attributeName="opacity" values="0;1" dur="2s"/></rect>'
    )
    doc = make_document(
        Metadata(title="T", language="en"), [Figure(src="drawing.svg", caption=(Text("A drawing"),))]
    )
    data = write_epub(doc, EpubOptions(assets=tmp_path), report=lambda d: None)
    assert "EPUB/images/image1.svg" in zipfile.ZipFile(io.BytesIO(data)).namelist()
