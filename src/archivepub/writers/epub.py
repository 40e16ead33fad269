"""Write a Document, or an original and its translation block by block, as an EPUB 3 package.

The package (built with ebooklib) holds a title page, the article with its footnotes as EPUB 3
popup notes, a navigation document (table of contents and landmarks), an NCX, a stylesheet,
the article's local images and, for Armenian text, an embedded Armenian font. The same input
gives the same bytes (see ``docs/epub.md``).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import os
import re
import struct
import threading
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote, urljoin, urlsplit

from ebooklib import epub  # type: ignore[import-untyped]
from lxml import etree

from archivepub.errors import WriteError
from archivepub.i18n import format_date, gettext_for, language_name
from archivepub.model import (
    Block,
    CaptureInfo,
    Cell,
    Code,
    CodeBlock,
    DefinitionList,
    Document,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    HorizontalRule,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Media,
    NoteRef,
    Paragraph,
    Preformatted,
    Quote,
    Row,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    descend,
    iter_inlines,
    noterefs,
    plain_text,
)
from archivepub.model.urls import url_problem
from archivepub.writers._epub_nav import nav_document, ncx_document
from archivepub.writers._epub_opf import opf_document
from archivepub.writers._xml import strip_non_xml

__all__ = [
    "BlockUnpaired",
    "EpubDiagnostic",
    "EpubOptions",
    "FontMissing",
    "ImageSkipped",
    "LinkDropped",
    "Report",
    "write_epub",
]

_log = logging.getLogger(__name__)

XHTML_NS = "http://www.w3.org/1999/xhtml"
OPS_NS = "http://www.idpf.org/2007/ops"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_EPUB_TYPE = f"{{{OPS_NS}}}type"
_XML_LANG = f"{{{XML_NS}}}lang"
_NSMAP = {None: XHTML_NS, "epub": OPS_NS}

#: The earliest time a zip entry can carry; also the modification time of an undated document.
_ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)
#: The latest (a zip entry's year is 1980 plus seven bits).
_ZIP_LAST = datetime.datetime(2107, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)

#: Where Debian (``fonts-noto-core``) and similar systems keep the Noto Armenian fonts.
_FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts",
)
_FONT_FILES = ("NotoSerifArmenian-Regular.ttf", "NotoSansArmenian-Regular.ttf")

#: Environment variable: folders (separated by ``os.pathsep``) searched for fonts instead of
#: the user's and the system's font folders.
FONT_PATH_ENV = "ARCHIVEPUB_FONT_PATH"


def font_folders() -> list[Path]:
    """The folders searched for the Armenian font: ``$ARCHIVEPUB_FONT_PATH`` when set, else the
    user's (``$XDG_DATA_HOME/fonts``, ``~/.local/share/fonts``, ``~/.fonts``) then the system's."""
    custom = os.environ.get(FONT_PATH_ENV)
    if custom is not None:
        return [Path(p) for p in custom.split(os.pathsep) if p]
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    user = [Path(data) / "fonts", Path(os.path.expanduser("~")) / ".fonts"]
    return [*dict.fromkeys([*user, *(Path(d) for d in _FONT_DIRS)])]


def armenian_font_files() -> list[Path]:
    """The Noto Armenian font files an EPUB with ``font="auto"`` embeds (regular, then bold if
    present), from the first of :func:`font_folders` holding one (directly or one folder down);
    empty when none is installed.

    A search that found the font is remembered for the same folders while its files are
    there (one look per file, not a search of every folder for every Armenian edition).
    """
    folders = tuple(font_folders())
    known = _FONTS_FOUND.get(folders)
    if known is not None and all(path.is_file() for path in known):
        return list(known)
    found = _search_fonts(folders)
    if found:
        _FONTS_FOUND.clear()
        _FONTS_FOUND[folders] = tuple(found)
    return found


#: The last successful search of :func:`armenian_font_files`: its folders and what it found.
_FONTS_FOUND: dict[tuple[Path, ...], tuple[Path, ...]] = {}


def _search_fonts(folders: tuple[Path, ...]) -> list[Path]:
    for folder in folders:
        if not folder.is_dir():
            continue
        for name in _FONT_FILES:
            for regular in _font_candidates(folder, name):
                if regular.is_file():
                    bold = regular.with_name(name.replace("-Regular", "-Bold"))
                    return [regular, bold] if bold.is_file() else [regular]
    return []


def _font_candidates(folder: Path, name: str) -> Iterator[Path]:
    """``folder/name``, then ``folder/*/name`` in order: the folder is only listed (a system's
    font folder holds hundreds of files) when the font is not directly in it."""
    yield folder / name
    yield from sorted(folder.glob(f"*/{name}"))


_ARMENIAN = re.compile("[\u0530-\u058f\ufb13-\ufb17]")
_FN_NUMBER = re.compile(r"fn(\d+)\Z")
_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"

_CSS = """\
body { font-family: serif; line-height: 1.45; margin: 0 4%; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; page-break-after: avoid; }
.titlepage { text-align: center; margin-top: 3em; }
.titlepage .standfirst { font-style: italic; font-size: 1.1em; }
.titlepage .original-title { font-style: italic; }
.titlepage p { margin: 0.6em 0; }
.partial-notice { border: 1px solid; padding: 0.4em 0.6em; font-style: italic; }
.label { font-variant: small-caps; }
.machine-translation { font-size: 0.9em; border: 1px solid #999; padding: 0.3em; }
blockquote { margin: 1em 2em; }
figure { margin: 1.2em 0; text-align: center; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; margin-top: 0.4em; }
figcaption .credit { display: block; font-size: 0.9em; color: #555; }
.image-link { font-size: 0.9em; word-wrap: break-word; }
a.noteref { vertical-align: super; font-size: 0.75em; line-height: 0; text-decoration: none; }
section.notes { margin-top: 2em; border-top: 1px solid #999; }
aside.footnote, div.footnote { font-size: 0.9em; margin: 0.6em 0; }
aside.footnote .note-label, div.footnote .note-label { font-weight: bold; margin-right: 0.3em; }
.translation { color: #222; border-left: 2px solid #bbb; padding-left: 0.6em; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
caption { font-weight: bold; margin-bottom: 0.3em; }
th, td { border: 1px solid #999; padding: 0.2em 0.4em; vertical-align: top; text-align: left; }
th > p, td > p { margin: 0; }
td.align-center, th.align-center { text-align: center; }
td.align-right, th.align-right { text-align: right; }
pre { white-space: pre-wrap; font-size: 0.9em; }
pre.text { font-family: inherit; font-size: 1em; }
dt { font-weight: bold; }
dd { margin-left: 2em; }
figure.media .media-link { font-size: 0.9em; word-wrap: break-word; }
"""


# --- diagnostics ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EpubDiagnostic:
    """Something the EPUB writer had to leave out or work around; the EPUB is still valid."""

    subject: str
    reason: str

    def __str__(self) -> str:
        return f"{type(self).__name__}: {self.subject}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImageSkipped(EpubDiagnostic):
    """An image was not packaged (remote, unsafe, missing or unsupported); its figure keeps
    caption, credit and, for a remote image, a link to it."""


@dataclass(frozen=True, slots=True)
class LinkDropped(EpubDiagnostic):
    """A link's target is unsafe or cannot work inside an EPUB; the link text is kept."""


@dataclass(frozen=True, slots=True)
class FontMissing(EpubDiagnostic):
    """The edition has Armenian text, but no Armenian font was found to embed."""


@dataclass(frozen=True, slots=True)
class BlockUnpaired(EpubDiagnostic):
    """A block or note of a bilingual edition has no counterpart in the other document."""


#: A callback receiving each diagnostic (default: logged as a warning).
Report = Callable[[EpubDiagnostic], None]


def _log_report(diagnostic: EpubDiagnostic) -> None:
    _log.warning("%s", diagnostic)


# --- options -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EpubOptions:
    """How :func:`write_epub` builds the package.

    :param assets: the folder local image paths are relative to (the article's folder).
        Images outside it are refused; without it, local images are left out with a warning.
    :param modified: the package's modification time (``dcterms:modified`` and zip entry
        times). Default: ``SOURCE_DATE_EPOCH`` if set, else the document's date, else
        1980-01-01T00:00:00Z. Never the current time. Kept within 1980-2107, the years a zip
        entry can carry.
    :param publisher: ``dc:publisher``, if any.
    :param rights: ``dc:rights`` (licence or copyright statement), if any.
    :param identifier: ``dc:identifier``; default a ``urn:uuid`` derived from the source URL
        (or title) and the edition's languages.
    :param font: an Armenian font file to embed when the edition has Armenian text;
        ``"auto"`` looks for Noto Serif/Sans Armenian in the system's font folders, ``None``
        embeds no font.
    :param source_title: a translation's original title: the title page names it with the
        original's language (``Translated from``), and the package adds it as a second
        ``dc:title`` in that language.
    :param reviewed: when the translation was last reviewed (``YYYY-MM-DD``), for the title page.
    :param partial: the translation keeps some segments untranslated: the title page and the
        top of the text carry a notice saying so.
    """

    assets: str | os.PathLike[str] | None = None
    modified: datetime.datetime | None = None
    publisher: str | None = None
    rights: str | None = None
    identifier: str | None = None
    font: str | os.PathLike[str] | Literal["auto"] | None = "auto"
    source_title: str | None = None
    reviewed: str | None = None
    partial: bool = False


# --- entry point ---------------------------------------------------------------------------


def write_epub(
    doc: Document | Sequence[Document],
    options: EpubOptions = EpubOptions(),
    *,
    report: Report | None = None,
) -> bytes:
    """Return the EPUB 3 package of ``doc`` as bytes; the same input gives the same bytes.

    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> doc = make_document(Metadata(title="T", language="en", date="2024-04-18"),
    ...                     [Paragraph(content=(Text("Hello."),))])
    >>> data = write_epub(doc)
    >>> data[:2], data[30:58], data == write_epub(doc)
    (b'PK', b'mimetypeapplication/epub+zip', True)

    :param doc: a document, or ``[original, translation]`` for a bilingual edition that gives
        each block of the original followed by its translation, each labelled with its language.
    :param options: see :class:`EpubOptions`.
    :param report: called with each :class:`EpubDiagnostic` (images left out, links dropped,
        no Armenian font); default: logged as warnings.
    :raises WriteError: if the package cannot be built (e.g. a bilingual edition of other
        than two documents, an unreadable font file, a malformed ``SOURCE_DATE_EPOCH``).
    """
    docs = _documents(doc)
    try:
        return _Builder(docs, options, report or _log_report).build()
    except RecursionError as exc:
        raise WriteError("the document is nested too deeply to write as EPUB") from exc


def _documents(doc: Document | Sequence[Document]) -> tuple[Document, ...]:
    if isinstance(doc, Document):
        return (doc,)
    docs = tuple(doc)
    if len(docs) not in (1, 2) or not all(isinstance(d, Document) for d in docs):
        raise WriteError("an EPUB edition takes one Document or a list [original, translation]")
    return docs


# --- helpers -------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Remove characters XML cannot hold (controls, lone surrogates, U+FFFE/U+FFFF)."""
    return strip_non_xml(text)


def _append_text(parent: etree._Element, text: str) -> None:
    text = _clean(text)
    if not text:
        return
    # the last child without len(parent), which counts every child: linear time on long paragraphs
    last = next(parent.iterchildren(reversed=True), None)
    if last is not None:
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _sub(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{XHTML_NS}}}{tag}")
    for key, value in (attrib or {}).items():
        el.set(key, _clean(value))
    return el


def _set_lang(el: etree._Element, lang: str) -> None:
    el.set("lang", lang)
    el.set(_XML_LANG, lang)


def _safe_url(url: str) -> str | None:
    """Return ``url`` percent-encoded if it is an absolute http(s) or mailto URL, else None.

    >>> _safe_url("https://example.org/a b")
    'https://example.org/a%20b'
    >>> _safe_url("javascript:alert(1)") is None, _safe_url("JaVaScRiPt:x") is None
    (True, True)
    """
    url = _clean(url).strip()
    if any(ch in url for ch in "\t\n\r"):
        url = re.sub(r"[\t\n\r]", "", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https") and parts.netloc:
        return quote(url, safe=_URL_SAFE)
    if scheme == "mailto" and parts.path:
        return quote(url, safe=_URL_SAFE)
    return None


def _modified(docs: tuple[Document, ...], options: EpubOptions) -> datetime.datetime:
    """The package's modification time (:class:`EpubOptions`), within the years a zip entry
    can carry (1980 to 2107): a document dated later is written as of the last second of 2107."""
    return min(max(_wanted_time(docs, options), _ZIP_EPOCH), _ZIP_LAST)


def _wanted_time(docs: tuple[Document, ...], options: EpubOptions) -> datetime.datetime:
    if options.modified is not None:
        when = options.modified
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return when.astimezone(datetime.UTC).replace(microsecond=0)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        try:
            return datetime.datetime.fromtimestamp(int(epoch.strip()), tz=datetime.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise WriteError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from exc
    for doc in reversed(docs):
        if doc.metadata.date:
            day = datetime.date.fromisoformat(doc.metadata.date)
            return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return _ZIP_EPOCH


def _resolve_asset(assets: str, path: str) -> tuple[Path, Path]:
    """The asset folder and the file ``path`` names in it (relative to it, or absolute), both
    with every symbolic link resolved; the caller refuses a file outside the folder.

    Kept for the last few pairs while the file is the same: one ``stat`` of the path as named
    and one of the kept target (the same file, by device and inode) instead of a ``stat`` of
    every folder on both ways, since each edition of an article packages the same images.
    Then the kept target is the file the path names today, and it was inside the folder.
    """
    key = (assets, path)
    known = _RESOLVED.get(key)
    if known is not None:
        base, target, identity = known
        try:
            here, there = os.stat(Path(assets) / path), os.stat(target)
        except (OSError, ValueError):
            pass
        else:
            if (here.st_dev, here.st_ino) == identity == (there.st_dev, there.st_ino):
                return base, target
    base = Path(assets).resolve()
    rel = Path(path)
    target = (rel if rel.is_absolute() else base / rel).resolve()
    try:
        found = os.stat(target)
    except (OSError, ValueError):
        return base, target  # not kept: the caller says why it cannot be read
    if not found.st_ino:
        return base, target  # a file system without inode numbers: nothing to recognise it by
    with _RESOLVED_LOCK:
        while len(_RESOLVED) >= _RESOLVED_SIZE:
            _RESOLVED.pop(next(iter(_RESOLVED)), None)
        _RESOLVED[key] = (base, target, (found.st_dev, found.st_ino))
    return base, target


#: :func:`_resolve_asset`'s last pairs: (asset folder, path) -> (folder, target, file identity).
_RESOLVED: dict[tuple[str, str], tuple[Path, Path, tuple[int, int]]] = {}
_RESOLVED_SIZE = 64
_RESOLVED_LOCK = threading.Lock()


def _identifier(docs: tuple[Document, ...], options: EpubOptions) -> str:
    if options.identifier is not None:
        if not options.identifier.strip():
            raise WriteError("the EPUB identifier must not be empty")
        return _clean(options.identifier.strip())
    first = docs[0].metadata
    base = first.source_url or next((d.metadata.source_url for d in docs if d.metadata.source_url), None)
    name = base if base else f"archivepub:title:{first.title}"
    langs = "+".join(d.metadata.language for d in docs)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{name}#lang={langs}')}"


def _doc_text(doc: Document) -> Iterator[str]:
    meta = doc.metadata
    yield meta.title
    yield meta.subtitle or ""
    yield from meta.authors
    yield from meta.translators
    for block in doc.all_blocks():
        if isinstance(block, Heading | Paragraph):
            yield plain_text(block.content)
        elif isinstance(block, Figure):
            yield plain_text(block.caption)
            yield block.credit or ""
            yield block.alt or ""
        elif isinstance(block, Table):
            yield plain_text(block.caption)
        elif isinstance(block, Preformatted):
            yield plain_text(block.content)
        elif isinstance(block, CodeBlock):
            yield block.text
        elif isinstance(block, Media):
            yield block.title or ""
            yield block.provider or ""
    for note in doc.footnotes:
        yield note.label


def _is_machine(block: Block) -> bool:
    return any(p.origin == "machine" for p in getattr(block, "provenance", ()))


def _is_untranslated(block: Block) -> bool:
    """True when a translation kept this block's source text (no reviewed text, no model)."""
    provenance = getattr(block, "provenance", ())
    return bool(provenance) and all(p.origin == "untranslated" for p in provenance)


def _sniff_image(data: bytes) -> tuple[str, str] | None:
    """Return (media type, extension) for the core EPUB raster formats, by content."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", "gif"
    return None


_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


#: SMIL animation elements: they can set an href or an event handler when the image is shown.
_SVG_ANIMATIONS = frozenset(
    {"animate", "set", "animatemotion", "animatetransform", "animatecolor", "discard"}
)


def _svg_problem(data: bytes) -> str | None:
    """Return why an SVG may not be packaged (None if it is safe), or 'not svg'."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return "not svg"
    if root.tag != f"{{{_SVG_NS}}}svg":
        return "not svg"
    if root.getroottree().docinfo.internalDTD is not None or b"<!ENTITY" in data:
        return "declares a DTD or entities"
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for el in [*outside, *root.iter()]:
        if isinstance(el, etree._ProcessingInstruction):
            return f"has a processing instruction (<?{el.target} ...?>)"  # <?xml-stylesheet?>
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname.lower()
        if local in ("script", "foreignobject", "iframe", "handler", "listener"):
            return f"contains <{local}>"
        if local in _SVG_ANIMATIONS:
            target = el.get("attributeName", "").rpartition(":")[2].strip().lower()
            if target == "href" or target.startswith("on"):
                return f"animates {target} (<{local}>)"
            for attr in ("values", "to", "from", "by"):
                if any(url_problem(v) is not None for v in el.get(attr, "").split(";")):
                    return f"animates to a URL (<{local} {attr}>)"
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname.lower()
            if attr.startswith("on"):
                return f"has an event handler ({attr})"
            if (attr == "href" or name == _XLINK_HREF) and not value.strip().startswith("#"):
                return "refers to another resource"
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                return "refers to another resource"
        if local == "style" and el.text and ("url(" in el.text or "@import" in el.text):
            return "its style refers to another resource"
    return None


# --- the builder ---------------------------------------------------------------------------


@dataclass
class _Side:
    """One document of the edition, as rendered: its id prefix and (bilingual) language."""

    doc: Document
    prefix: str
    lang: str | None
    css_class: str | None
    ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.ids = {b.id for b in descend(self.doc.blocks)}


class _Page(epub.EpubHtml):  # type: ignore[misc]
    """An XHTML content document whose bytes archivepub makes itself.

    ebooklib would re-parse the content with an HTML parser, drop ``<head>`` and, with its
    SyntaxPlugin, strip ``role``/``aria-*``; this keeps the bytes exactly as written.
    """

    def __init__(self, *, uid: str, file_name: str, title: str, lang: str, content: bytes) -> None:
        super().__init__(uid=uid, file_name=file_name, title=title, lang=lang)
        self.media_type = "application/xhtml+xml"
        self.content = content

    def get_content(self, default: object = None) -> bytes:
        content: bytes = self.content
        return content


class _Builder:
    """Builds one EPUB: renders the pages, collects images and fonts, and packages them."""

    def __init__(self, docs: tuple[Document, ...], options: EpubOptions, report: Report) -> None:
        self.docs = docs
        self.options = options
        self.report = report
        self.bilingual = len(docs) == 2
        self.edition = docs[-1]
        self.lang = self.edition.metadata.language
        self._ = gettext_for(self.lang)
        # an EPUB needs a title: fall back to the original's, the source URL, then a label
        candidates = [d.metadata.title for d in docs[::-1]] + [d.metadata.source_url or "" for d in docs]
        self.title = next((t for t in map(_clean, candidates) if t.strip()), self._("Untitled")).strip()
        self.sides: tuple[_Side, ...]
        if self.bilingual:
            orig, trans = docs
            self.sides = (
                _Side(orig, "o-", orig.metadata.language, "original"),
                _Side(trans, "t-", trans.metadata.language, "translation"),
            )
        else:
            self.sides = (_Side(docs[0], "", None, None),)
        self.used_ids: set[str] = {"notes"}
        for side in self.sides:
            for block in side.doc.all_blocks():
                self.used_ids.add(side.prefix + block.id)
            for note in side.doc.footnotes:
                self.used_ids.add(side.prefix + note.id)
        self.first_ref: dict[str, str] = {}
        self.ref_seen: dict[str, int] = {}
        for side in self.sides:
            all_blocks = list(side.doc.blocks) + [b for n in side.doc.footnotes for b in n.blocks]
            for ref in noterefs(all_blocks):
                key = side.prefix + ref.note
                if key not in self.first_ref:
                    self.first_ref[key] = self._fresh_id(self._ref_base(side, ref.note))
        self.images: dict[Path, str] = {}
        self.image_items: list[epub.EpubItem] = []
        self.toc_headings: list[tuple[int, str, str]] = []

    # --- ids -------------------------------------------------------------------------------

    def _fresh_id(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self.used_ids:
            n += 1
            candidate = f"{base}-{n}"
        self.used_ids.add(candidate)
        return candidate

    @staticmethod
    def _ref_base(side: _Side, note_id: str) -> str:
        match = _FN_NUMBER.match(note_id)
        return f"{side.prefix}fnref{match.group(1)}" if match else f"{side.prefix}ref-{note_id}"

    # --- pages -----------------------------------------------------------------------------

    def _page(self, title: str) -> tuple[etree._Element, etree._Element]:
        html = etree.Element(f"{{{XHTML_NS}}}html", nsmap=_NSMAP)
        _set_lang(html, self.lang)
        head = _sub(html, "head")
        _sub(head, "meta", {"charset": "utf-8"})
        _sub(head, "title").text = _clean(title)
        _sub(head, "link", {"rel": "stylesheet", "type": "text/css", "href": "css/book.css"})
        body = _sub(html, "body")
        return html, body

    @staticmethod
    def _serialise(html: etree._Element) -> bytes:
        data: bytes = etree.tostring(
            html.getroottree(), encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>"
        )
        return data

    def _title_page(self) -> bytes:
        _ = self._
        meta = self.edition.metadata
        html, body = self._page(self.title)
        section = _sub(body, "section", {"class": "titlepage"})
        section.set(_EPUB_TYPE, "titlepage")
        _sub(section, "h1", {"class": "title"}).text = self.title
        original = self.docs[0].metadata
        if self.bilingual and _clean(original.title).strip() not in ("", self.title):
            p = _sub(section, "p", {"class": "original-title"})
            _set_lang(p, original.language)
            p.text = _clean(original.title)
        for doc in self.docs[::-1] if self.bilingual else self.docs:
            if doc.metadata.subtitle:
                p = _sub(section, "p", {"class": "standfirst"})
                if self.bilingual:
                    _set_lang(p, doc.metadata.language)
                p.text = _clean(doc.metadata.subtitle)
        authors = original.authors or meta.authors
        if authors:
            _sub(section, "p", {"class": "authors"}).text = _clean(", ".join(authors))
        date = meta.date or original.date
        if date:
            p = _sub(section, "p", {"class": "date"})
            _sub(p, "span", {"class": "label"}).text = _("Published") + ":"
            _append_text(p, " ")
            _sub(p, "time", {"datetime": date}).text = format_date(date, self.lang)
        source = original.source_url or meta.source_url
        url = _safe_url(source) if source else None
        if url and source:
            p = _sub(section, "p", {"class": "source"})
            _sub(p, "span", {"class": "label"}).text = _("Source") + ":"
            _append_text(p, " ")
            a = _sub(p, "a", {"href": url})
            a.text = _clean(original.site_name or meta.site_name or source)
            if original.site_name or meta.site_name:
                _append_text(p, f" ({source})")
        if meta.source_language and not self.bilingual:
            p = _sub(section, "p", {"class": "translated-from"})
            _sub(p, "span", {"class": "label"}).text = _("Translated from") + ":"
            _append_text(p, " " + language_name(meta.source_language, self.lang))
            if self.options.source_title:
                _append_text(p, ", ")
                title = _sub(p, "cite", {"class": "original-title"})
                _set_lang(title, meta.source_language)
                title.text = _clean(self.options.source_title)
        if meta.translators:
            p = _sub(section, "p", {"class": "translators"})
            _sub(p, "span", {"class": "label"}).text = _("Translated by") + ":"
            _append_text(p, " " + _clean(", ".join(meta.translators)))
        if self.options.reviewed and meta.source_language:
            p = _sub(section, "p", {"class": "reviewed"})
            _sub(p, "span", {"class": "label"}).text = _("Reviewed") + ":"
            _append_text(p, " ")
            _sub(p, "time", {"datetime": self.options.reviewed}).text = format_date(
                self.options.reviewed, self.lang
            )
        if self.options.partial and meta.source_language:
            self._partial_notice(section)
        title_and_standfirst = (*meta.title_provenance, *meta.subtitle_provenance)
        if any(p.origin == "machine" for p in title_and_standfirst) or any(
            _is_machine(b) for b in self.edition.all_blocks()
        ):
            p = _sub(section, "p", {"class": "machine-translation"})
            p.text = _clean(_("Machine translation, not reviewed"))
            if meta.models:
                names = ", ".join(_model_name(m.name, m.engine, m.version, m.license) for m in meta.models)
                _append_text(p, f": {names}")
        return self._serialise(html)

    def _partial_notice(self, parent: etree._Element) -> None:
        """The notice of a partial translation (``EpubOptions.partial``)."""
        _ = self._
        p = _sub(parent, "p", {"class": "partial-notice", "role": "note"})
        p.text = _(
            "Partial translation: some passages are not translated and are given in the original language."
        )

    def _text_page(self) -> bytes | None:
        if not any(side.doc.blocks or side.doc.footnotes for side in self.sides):
            return None
        html, body = self._page(self.title)
        if self.options.partial and self.edition.metadata.source_language:
            self._partial_notice(body)
        if self.bilingual:
            orig, trans = self.sides
            for a, b in _pair(orig.doc.blocks, trans.doc.blocks, self.report):
                self._pair_blocks(body, a, b)
        else:
            for block in self.sides[0].doc.blocks:
                self._block(body, block, self.sides[0], top=True)
        self._notes(body)
        return self._serialise(html)

    # --- blocks ----------------------------------------------------------------------------

    def _pair_blocks(self, parent: etree._Element, a: Block | None, b: Block | None) -> None:
        orig, trans = self.sides
        if isinstance(a, Figure) and isinstance(b, Figure):
            self._figure(parent, a, orig, top=True, partner=(b, trans))
            return
        headings = isinstance(a, Heading) and isinstance(b, Heading)
        if a is not None:
            self._block(parent, a, orig, top=True, toc=not headings)
        if b is not None:
            self._block(parent, b, trans, top=True, toc=not headings)
        if isinstance(a, Heading) and isinstance(b, Heading):
            # the contents names the heading in the edition's language and points at the pair
            self.toc_headings.append((a.level, orig.prefix + a.id, plain_text(b.content)))

    def _start(
        self, parent: etree._Element, tag: str, block: Block, side: _Side, top: bool
    ) -> etree._Element:
        el = _sub(parent, tag, {"id": side.prefix + block.id})
        classes = []
        if top and side.css_class:
            classes.append(side.css_class)
        if _is_machine(block):
            classes.append("mt")
        untranslated = _is_untranslated(block) and side.doc.metadata.source_language is not None
        if untranslated:
            classes.append("untranslated")
        if classes:
            el.set("class", " ".join(classes))
        if untranslated and side.doc.metadata.source_language:
            # the text is still in the source language: say so, for screen readers and fonts
            _set_lang(el, side.doc.metadata.source_language)
        elif top and side.lang:
            _set_lang(el, side.lang)
        return el

    def _block(
        self, parent: etree._Element, block: Block, side: _Side, *, top: bool = False, toc: bool = True
    ) -> None:
        match block:
            case Heading():
                el = self._start(parent, f"h{block.level}", block, side, top)
                self._inlines(el, block.content, side)
                if top and toc:
                    self.toc_headings.append((block.level, side.prefix + block.id, plain_text(block.content)))
            case Paragraph():
                el = self._start(parent, "p", block, side, top)
                self._inlines(el, block.content, side)
            case Figure():
                self._figure(parent, block, side, top=top)
            case Quote():
                el = self._start(parent, "blockquote", block, side, top)
                for child in block.blocks:
                    self._block(el, child, side)
            case ListBlock():
                el = self._start(parent, "ol" if block.ordered else "ul", block, side, top)
                for item in block.items:
                    li = _sub(el, "li")
                    for child in item:
                        self._block(li, child, side)
            case Table():
                self._table(parent, block, side, top)
            case CodeBlock():
                el = self._start(parent, "pre", block, side, top)
                code = _sub(el, "code", {"class": f"language-{block.language}"} if block.language else None)
                _append_text(code, block.text)
            case Preformatted():
                el = self._start(parent, "pre", block, side, top)
                el.set("class", " ".join(filter(None, ["text", el.get("class")])))
                self._inlines(el, block.content, side)
            case HorizontalRule():
                self._start(parent, "hr", block, side, top)
            case DefinitionList():
                el = self._start(parent, "dl", block, side, top)
                for def_item in block.items:
                    dt = self._start(el, "dt", def_item.term, side, False)
                    self._inlines(dt, def_item.term.content, side)
                    dd = _sub(el, "dd")
                    for child in def_item.definitions:
                        self._block(dd, child, side)
            case Media():
                self._media(parent, block, side, top)

    def _table(self, parent: etree._Element, table: Table, side: _Side, top: bool) -> None:
        """An accessible table: ``caption``, ``th`` with ``scope``, spans, column widths."""
        el = self._start(parent, "table", table, side, top)
        if table.caption:
            self._inlines(_sub(el, "caption"), table.caption, side)
        if any(c.width for c in table.columns):
            group = _sub(el, "colgroup")
            for col in table.columns:
                _sub(group, "col", {"style": f"width: {col.width}%"} if col.width else None)
        aligns = [c.align for c in table.columns]
        parts: list[tuple[str, tuple[Row, ...]]] = [("thead", table.head)]
        parts += [("tbody", body) for body in table.bodies]
        parts.append(("tfoot", table.foot))
        for name, rows in parts:
            if not rows:
                continue
            group = _sub(el, name)
            for row, columns in zip(rows, _column_positions(rows), strict=True):
                tr = _sub(group, "tr")
                for cell, column in zip(row.cells, columns, strict=True):
                    self._cell(
                        tr, cell, name == "thead", aligns[column] if column < len(aligns) else None, side
                    )

    def _cell(self, tr: etree._Element, cell: Cell, head: bool, align: str | None, side: _Side) -> None:
        attrs: dict[str, str] = {}
        if cell.header:
            if head:
                attrs["scope"] = "colgroup" if cell.colspan > 1 else "col"
            else:
                attrs["scope"] = "rowgroup" if cell.rowspan > 1 else "row"
        if cell.colspan > 1:
            attrs["colspan"] = str(cell.colspan)
        if cell.rowspan > 1:
            attrs["rowspan"] = str(cell.rowspan)
        if align in ("center", "right"):
            attrs["class"] = f"align-{align}"
        td = _sub(tr, "th" if cell.header else "td", attrs)
        for child in cell.blocks:
            self._block(td, child, side)

    def _media(self, parent: etree._Element, media: Media, side: _Side, top: bool) -> None:
        """Embedded media as a placeholder: the poster image (packaged or linked) and a link."""
        el = self._start(parent, "figure", media, side, top)
        el.set("class", " ".join(filter(None, ["media", el.get("class")])))
        if media.poster:
            poster = Figure(src=media.poster, alt=media.title or "")
            self._image(el, poster, media.title or "", None)
        words = " \u2013 ".join(filter(None, [media.title, media.provider]))
        caption = _sub(el, "figcaption")
        href = _safe_url(media.src) if media.src else None
        if href is not None and media.src:
            p = _sub(caption, "p", {"class": "media-link"})
            if words:
                _append_text(p, words + ": ")
            _sub(p, "a", {"href": href}).text = _clean(media.src)
        else:
            _append_text(caption, words or media.kind)

    def _figure(
        self,
        parent: etree._Element,
        fig: Figure,
        side: _Side,
        *,
        top: bool,
        partner: tuple[Figure, _Side] | None = None,
    ) -> None:
        el = self._start(parent, "figure", fig, side, top)
        if partner is not None:
            # one image for both languages; each caption in its own language below it
            for attr in ("lang", _XML_LANG, "class"):
                el.attrib.pop(attr, None)
        shown = fig if fig.src or partner is None else partner[0]
        alt_fig = partner[0] if partner is not None and partner[0].alt is not None else fig
        alt_side = partner[1] if alt_fig is not fig and partner is not None else side
        self._image(el, shown, alt_fig.alt or "", alt_side.lang if self.bilingual else None)
        captions = [(fig, side)] + ([partner] if partner is not None else [])
        if not any(f.caption or f.credit for f, _s in captions):
            return
        figcaption = _sub(el, "figcaption")
        for f, s in captions:
            holder = figcaption
            if partner is not None:
                holder = _sub(
                    figcaption, "div", {"class": " ".join([s.css_class or ""] + ["mt"] * _is_machine(f))}
                )
                if s is not side:
                    holder.set("id", s.prefix + f.id)
                if s.lang:
                    _set_lang(holder, s.lang)
            if f.caption:
                span = _sub(holder, "span", {"class": "caption"})
                self._inlines(span, f.caption, s)
            if f.credit:
                if f.caption:
                    _append_text(holder, " ")
                credit = _sub(holder, "span", {"class": "credit"})
                _ = gettext_for(s.lang or self.lang)
                _sub(credit, "span", {"class": "label"}).text = _("Image credit") + ":"
                _append_text(credit, " " + f.credit)

    def _image(self, figure: etree._Element, fig: Figure, alt: str, alt_lang: str | None) -> None:
        src = (fig.src or "").strip()
        if not src:
            return
        scheme = urlsplit(src).scheme.lower() if ":" in src else ""
        if len(scheme) == 1:  # a Windows drive letter, not a URL scheme
            scheme = ""
        if scheme in ("http", "https"):
            url = _safe_url(src)
            if url is None:
                self.report(ImageSkipped(src, "not a valid URL"))
                return
            self.report(ImageSkipped(src, "remote image: not fetched; the figure links to it"))
            p = _sub(figure, "p", {"class": "image-link"})
            if alt:
                span = _sub(p, "span", {"class": "alt"})
                span.text = _clean(alt)
                if alt_lang:
                    _set_lang(span, alt_lang)
                _append_text(p, " ")
            _sub(p, "a", {"href": url}).text = _clean(src)
            return
        if scheme:
            self.report(ImageSkipped(src, f"{scheme}: URLs are not packaged"))
            return
        href = self._package_image(src)
        if href is not None:
            img = _sub(figure, "img", {"src": href, "alt": alt})
            if alt_lang:
                _set_lang(img, alt_lang)

    def _package_image(self, src: str) -> str | None:
        if self.options.assets is None:
            self.report(ImageSkipped(src, "local image, but no asset folder was given"))
            return None
        try:
            base, target = _resolve_asset(str(self.options.assets), unquote(urlsplit(src).path))
        except (OSError, ValueError, RuntimeError) as exc:
            self.report(ImageSkipped(src, f"not a usable path ({exc})"))
            return None
        if not target.is_relative_to(base):
            self.report(ImageSkipped(src, f"outside the asset folder {base} (refused)"))
            return None
        if target in self.images:
            return self.images[target]
        try:
            data = target.read_bytes()
        except OSError as exc:
            self.report(ImageSkipped(src, f"cannot read {target}: {exc.strerror or exc}"))
            return None
        kind = _sniff_image(data)
        if kind is None:
            problem = _svg_problem(data)
            if problem is None:
                kind = ("image/svg+xml", "svg")
            elif problem != "not svg":
                self.report(ImageSkipped(src, f"SVG {problem}"))
                return None
        if kind is None:
            what = "WebP" if data[:4] == b"RIFF" and data[8:12] == b"WEBP" else "this format"
            self.report(
                ImageSkipped(src, f"{what} is not a core EPUB image type (PNG, JPEG, GIF, SVG): left out")
            )
            return None
        media_type, ext = kind
        href = f"images/image{len(self.image_items) + 1}.{ext}"
        item = epub.EpubItem(
            uid=f"image{len(self.image_items) + 1}", file_name=href, media_type=media_type, content=data
        )
        self.image_items.append(item)
        self.images[target] = href
        return href

    # --- inlines ---------------------------------------------------------------------------

    def _inlines(self, parent: etree._Element, inlines: Sequence[Inline], side: _Side) -> None:
        for node in inlines:
            match node:
                case Text():
                    _append_text(parent, node.text)
                case Emphasis():
                    self._inlines(_sub(parent, "em"), node.content, side)
                case Strong():
                    self._inlines(_sub(parent, "strong"), node.content, side)
                case NoteRef():
                    self._noteref(parent, node, side)
                case Link():
                    self._link(parent, node, side)
                case Superscript():
                    self._inlines(_sub(parent, "sup"), node.content, side)
                case Subscript():
                    self._inlines(_sub(parent, "sub"), node.content, side)
                case Code():
                    _append_text(_sub(parent, "code"), node.text)
                case LineBreak():
                    _sub(parent, "br")

    def _link(self, parent: etree._Element, link: Link, side: _Side) -> None:
        href = self._href(link.url, side)
        inner = tuple(n for n in link.content if not isinstance(n, NoteRef))
        refs = [n for n in iter_inlines(link.content) if isinstance(n, NoteRef)]
        if href is None:
            self._inlines(parent, link.content, side)
            return
        a = _sub(parent, "a", {"href": href})
        # a note reference is a link itself and cannot sit inside one: it follows the link
        self._inlines(a, _without_refs(inner), side)
        for ref in refs:
            self._noteref(parent, ref, side)

    def _href(self, url: str, side: _Side) -> str | None:
        url = url.strip()
        if url.startswith("#"):
            target = side.prefix + unquote(url[1:])
            if url[1:] and unquote(url[1:]) in side.ids:
                return "#" + target
            self.report(LinkDropped(url, "points at nothing in this document"))
            return None
        base = side.doc.metadata.source_url
        if base and ":" not in url.split("/", 1)[0] and _safe_url(base):
            # relative to the page it came from: point at the original site
            url = urljoin(base, url)
        safe = _safe_url(url)
        if safe is None:
            self.report(LinkDropped(url, "only http, https and mailto links are kept"))
        return safe

    def _noteref(self, parent: etree._Element, ref: NoteRef, side: _Side) -> None:
        key = side.prefix + ref.note
        label = _note_label(side.doc, ref.note)
        count = self.ref_seen.get(key, 0)
        self.ref_seen[key] = count + 1
        ref_id = self.first_ref[key] if count == 0 else self._fresh_id(self._ref_base(side, ref.note))
        a = _sub(
            parent,
            "a",
            {"href": f"#{key}", "id": ref_id, "class": "noteref", "role": "doc-noteref"},
        )
        a.set(_EPUB_TYPE, "noteref")
        a.text = _clean(label)

    # --- notes -----------------------------------------------------------------------------

    def _notes(self, body: etree._Element) -> None:
        pairs: list[tuple[Footnote, _Side]] = []
        if self.bilingual:
            orig, trans = self.sides
            trans_notes = {n.id: n for n in trans.doc.footnotes}
            for note in orig.doc.footnotes:
                pairs.append((note, orig))
                if note.id in trans_notes:
                    pairs.append((trans_notes.pop(note.id), trans))
                else:
                    self.report(BlockUnpaired(note.id, "footnote of the original has no translation"))
            for note in trans_notes.values():
                pairs.append((note, trans))
                self.report(BlockUnpaired(note.id, "footnote of the translation has no original"))
        else:
            pairs = [(note, self.sides[0]) for note in self.sides[0].doc.footnotes]
        if not pairs:
            return
        section = _sub(body, "section", {"id": "notes", "class": "notes"})
        section.set(_EPUB_TYPE, "footnotes")
        _sub(section, "h2").text = _clean(self._("Notes"))
        for note, side in pairs:
            key = side.prefix + note.id
            if key in self.first_ref:
                holder = _sub(section, "aside", {"id": key, "class": "footnote", "role": "doc-footnote"})
                holder.set(_EPUB_TYPE, "footnote")
            else:  # nothing points at it: kept as text, not as a popup note
                holder = _sub(section, "div", {"id": key, "class": "footnote"})
            if side.lang:
                _set_lang(holder, side.lang)
            if side.css_class:
                holder.set("class", f"footnote {side.css_class}")
            self._note_body(holder, note, side, key)

    def _note_body(self, holder: etree._Element, note: Footnote, side: _Side, key: str) -> None:
        blocks = list(note.blocks)
        first = blocks[0] if blocks and isinstance(blocks[0], Paragraph) else None
        para = self._start(holder, "p", first, side, False) if first else _sub(holder, "p")
        if key in self.first_ref:
            label = _sub(
                para, "a", {"href": f"#{self.first_ref[key]}", "class": "note-label", "role": "doc-backlink"}
            )
        else:
            label = _sub(para, "span", {"class": "note-label"})
        label.text = _clean(note.label)
        if first is not None:
            _append_text(para, " ")
            self._inlines(para, first.content, side)
            blocks = blocks[1:]
        for block in blocks:
            self._block(holder, block, side)

    # --- fonts -----------------------------------------------------------------------------

    def _font_files(self) -> list[Path]:
        if self.options.font is None:
            return []
        # one search over all the text (str.isascii takes no time: English skips it)
        text = "\n".join(t for doc in self.docs for t in _doc_text(doc))
        if text.isascii() or not _ARMENIAN.search(text):
            return []
        if self.options.font != "auto":
            path = Path(self.options.font)
            if not path.is_file():
                raise WriteError("font file not found", source=path)
            return [path]
        found = armenian_font_files()
        if found:
            return found
        self.report(
            FontMissing("Armenian", "no Noto Serif/Sans Armenian font found (Debian: fonts-noto-core)")
        )
        return []

    def _fonts(self) -> tuple[list[epub.EpubItem], str]:
        items: list[epub.EpubItem] = []
        css: list[str] = []
        for n, path in enumerate(self._font_files()):
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise WriteError(f"cannot read font: {exc.strerror or exc}", source=path) from exc
            media = _font_media_type(data)
            if media is None:
                raise WriteError("not a TrueType, OpenType or WOFF font", source=path)
            media_type, ext = media
            href = f"fonts/armenian-{'bold' if n else 'regular'}.{ext}"
            items.append(
                epub.EpubItem(uid=f"font{n + 1}", file_name=href, media_type=media_type, content=data)
            )
            css.append(
                '@font-face { font-family: "Archivepub Armenian"; font-style: normal; '
                f'font-weight: {"bold" if n else "normal"}; src: url("../{href}"); '
                "unicode-range: U+0530-058F, U+FB13-FB17; }\n"
            )
        if css:
            css.append(
                'body { font-family: "Archivepub Armenian", "Noto Serif Armenian", '
                '"Noto Sans Armenian", serif; }\n'
            )
        return items, "".join(css)

    # --- package ---------------------------------------------------------------------------

    def build(self) -> bytes:
        _ = self._
        modified = _modified(self.docs, self.options)
        title_page = self._title_page()
        text_page = self._text_page()
        font_items, font_css = self._fonts()

        book = epub.EpubBook()
        self._metadata(book)
        css = epub.EpubItem(
            uid="css",
            file_name="css/book.css",
            media_type="text/css",
            content=(_CSS + font_css).encode("utf-8"),
        )
        book.add_item(css)
        title = self.title
        pages = [
            _Page(
                uid="titlepage", file_name="titlepage.xhtml", title=title, lang=self.lang, content=title_page
            )
        ]
        if text_page is not None:
            pages.append(
                _Page(uid="text", file_name="text.xhtml", title=title, lang=self.lang, content=text_page)
            )
        for page in pages:
            book.add_item(page)
        for item in self.image_items + font_items:
            book.add_item(item)
        book.add_item(epub.EpubNcx())
        nav = epub.EpubNav(title=_("Contents"))
        nav.add_link(href="css/book.css", rel="stylesheet", type="text/css")
        book.add_item(nav)
        book.spine = [pages[0], nav, *pages[1:]]
        book.toc = self._toc(title, text_page is not None)
        book.guide = [{"type": "toc", "title": _("Contents"), "href": "nav.xhtml"}]
        if text_page is not None:
            book.guide.append({"type": "text", "title": title, "href": "text.xhtml"})
        if any(side.doc.footnotes for side in self.sides):
            book.guide.append({"type": "notes", "title": _("Notes"), "href": "text.xhtml#notes"})
        options = {"epub3_pages": False, "mtime": modified, "landmark_title": _("Landmarks")}
        writer = _EntryWriter(None, book, options)
        try:
            writer.process()
            writer.write()
        except Exception as exc:  # ebooklib raises assorted exception types
            raise WriteError(f"could not build the EPUB: {type(exc).__name__}: {exc}") from exc
        return _pack(writer.out.entries, modified)

    def _metadata(self, book: epub.EpubBook) -> None:
        meta = self.edition.metadata
        original = self.docs[0].metadata
        book.set_identifier(_identifier(self.docs, self.options))
        book.set_title(self.title)
        if self.bilingual and _clean(original.title).strip() not in ("", self.title):
            book.add_metadata("DC", "title", _clean(original.title), {_XML_LANG: original.language})
        elif self.options.source_title and meta.source_language:
            book.add_metadata(
                "DC", "title", _clean(self.options.source_title), {_XML_LANG: meta.source_language}
            )
        book.set_language(self.lang)
        if self.bilingual and original.language != self.lang:
            book.add_metadata("DC", "language", original.language)
        for n, author in enumerate(original.authors or meta.authors, start=1):
            book.add_author(_clean(author), role="aut", uid=f"author{n}")
        contributors = [_clean(t) for t in meta.translators]
        contributors += [_clean(_model_name(m.name, m.engine, m.version)) for m in meta.models]
        for n, name in enumerate(contributors, start=1):
            book.add_metadata("DC", "contributor", name, {"id": f"translator{n}"})
            book.add_metadata(
                None,
                "meta",
                "trl",
                {"refines": f"#translator{n}", "property": "role", "scheme": "marc:relators"},
            )
        date = meta.date or original.date
        if date:
            book.add_metadata("DC", "date", date)
        source = original.source_url or meta.source_url
        capture = original.capture or meta.capture
        if source and (capture is None or source != capture.url):
            book.add_metadata("DC", "source", _clean(source))
        if capture is not None:
            self._capture_metadata(book, capture)
        if meta.subtitle:
            book.add_metadata("DC", "description", _clean(meta.subtitle))
        if self.options.publisher:
            book.add_metadata("DC", "publisher", _clean(self.options.publisher))
        if self.options.rights:
            book.add_metadata("DC", "rights", _clean(self.options.rights))

    @staticmethod
    def _capture_metadata(book: epub.EpubBook, capture: CaptureInfo) -> None:
        """The web capture read: ``dc:source`` (the captured URL) refined by its capture date,
        the WARC record id and the capture file."""
        book.add_metadata("DC", "source", _clean(capture.url), {"id": "capture"})
        refinements = [
            ("dcterms:created", capture.time),
            ("dcterms:identifier", capture.record_id),
            ("dcterms:isPartOf", capture.file),
        ]
        for prop, value in refinements:
            if value:
                book.add_metadata(None, "meta", _clean(value), {"refines": "#capture", "property": prop})

    def _toc(self, title: str, has_text: bool) -> list[object]:
        toc: list[object] = [epub.Link("titlepage.xhtml", _clean(title), "toc-title")]
        root: list[object] = []
        stack: list[tuple[int, list[object]]] = [(0, root)]
        for level, anchor, text in self.toc_headings:
            while stack[-1][0] >= level:
                stack.pop()
            children: list[object] = []
            link = epub.Link(f"text.xhtml#{anchor}", _clean(text) or anchor, f"toc-{anchor}")
            stack[-1][1].append((link, children))
            stack.append((level, children))
        toc.extend(_flatten_leaves(root))
        if has_text and not self.toc_headings:
            toc.append(epub.Link("text.xhtml", self._("Text"), "toc-text"))
        if any(side.doc.footnotes for side in self.sides):
            toc.append(epub.Link("text.xhtml#notes", self._("Notes"), "toc-notes"))
        return toc


def _flatten_leaves(items: list[object]) -> list[object]:
    """Turn ``(link, [])`` entries into plain links (ebooklib wants tuples only for sections)."""
    out: list[object] = []
    for item in items:
        assert isinstance(item, tuple)
        link, children = item
        out.append((link, _flatten_leaves(children)) if children else link)
    return out


def _without_refs(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, NoteRef):
            continue
        if isinstance(node, Emphasis | Strong | Superscript | Subscript):
            node = type(node)(_without_refs(node.content))
        elif isinstance(node, Link):
            node = Link(node.url, _without_refs(node.content))
        out.append(node)
    return tuple(out)


def _column_positions(rows: tuple[Row, ...]) -> list[list[int]]:
    """The column each cell of ``rows`` starts in, cells spanning rows from above counted."""
    taken: dict[tuple[int, int], bool] = {}
    out: list[list[int]] = []
    for r, row in enumerate(rows):
        column = 0
        starts = []
        for cell in row.cells:
            while taken.get((r, column)):
                column += 1
            starts.append(column)
            for dr in range(min(cell.rowspan, len(rows) - r)):
                for dc in range(min(cell.colspan, 100)):
                    taken[(r + dr, column + dc)] = True
            column += cell.colspan
        out.append(starts)
    return out


def _note_label(doc: Document, note_id: str) -> str:
    try:
        return doc.footnote(note_id).label
    except KeyError:  # Document guarantees it exists; keep a visible mark anyway
        return note_id


def _model_name(name: str, engine: str, version: str | None, licence: str | None = None) -> str:
    details = " ".join(part for part in (engine, version) if part)
    details = "; ".join(part for part in (details, licence) if part)
    return f"{name} ({details})" if details else name


def _font_media_type(data: bytes) -> tuple[str, str] | None:
    if data[:4] in (b"\x00\x01\x00\x00", b"true"):
        return "font/ttf", "ttf"
    if data[:4] == b"OTTO":
        return "font/otf", "otf"
    if data[:4] == b"wOFF":
        return "font/woff", "woff"
    if data[:4] == b"wOF2":
        return "font/woff2", "woff2"
    return None


def _pair(
    original: tuple[Block, ...], translation: tuple[Block, ...], report: Report
) -> list[tuple[Block | None, Block | None]]:
    """Pair the top-level blocks of an original and its translation by id, in reading order.

    A block without a counterpart is kept where it stands and reported.
    """
    trans_by_id = {b.id: b for b in translation}
    orig_kinds = {b.id: type(b) for b in original}
    after: dict[str | None, list[Block]] = {}
    previous: str | None = None
    for block in translation:
        if orig_kinds.get(block.id) is type(block):
            previous = block.id
        else:
            after.setdefault(previous, []).append(block)
    pairs: list[tuple[Block | None, Block | None]] = [(None, b) for b in after.get(None, [])]
    for block in original:
        partner = trans_by_id.get(block.id)
        if partner is not None and type(partner) is not type(block):
            partner = None
        if partner is None:
            report(BlockUnpaired(block.id, "block of the original has no translation"))
        pairs.append((block, partner))
        pairs.extend((None, b) for b in after.get(block.id, []))
    for block in (b for bs in after.values() for b in bs):
        report(BlockUnpaired(block.id, "block of the translation has no original"))
    return pairs


class _Entries:
    """Stands in for the ``zipfile.ZipFile`` ebooklib writes into: keeps each entry's name and
    bytes, in order, for :func:`_pack` (no zip is made, compressed and read back)."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def writestr(
        self, name: str | zipfile.ZipInfo, data: str | bytes, compress_type: int | None = None
    ) -> None:
        """Keep ``data`` (text as UTF-8, as ``ZipFile.writestr`` writes it) under ``name``."""
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        self.entries.append((filename, data.encode("utf-8") if isinstance(data, str) else bytes(data)))

    def close(self) -> None:
        """Nothing to close."""


class _EntryWriter(epub.EpubWriter):  # type: ignore[misc]
    """ebooklib's writer, writing its entries into :class:`_Entries` (what ``EpubWriter.write``
    does, with the zip file left out); the navigation document and the NCX
    (:mod:`archivepub.writers._epub_nav`) and the package document
    (:mod:`archivepub.writers._epub_opf`) are written as text, the same bytes as ebooklib's."""

    def _get_nav(self, item: epub.EpubNav) -> bytes:
        made = nav_document(self.book, item, self.options)
        return made if made is not None else super()._get_nav(item)

    def _get_ncx(self) -> bytes:
        made = ncx_document(self.book, self.options)
        return made if made is not None else super()._get_ncx()

    def _write_opf(self) -> None:
        made = opf_document(self.book, self.options)
        if made is None:
            super()._write_opf()
        else:
            self.out.writestr(f"{self.book.FOLDER_NAME}/content.opf", made)

    def write(self) -> None:
        self.out = _Entries()
        self.out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        self._write_container()
        self._write_opf()
        self._write_items()


def _pack(entries: list[tuple[str, bytes]], when: datetime.datetime) -> bytes:
    """Write the EPUB's zip: fixed entry times and attributes, ``mimetype`` first and stored,
    images and fonts compressed already stored (:func:`_stored`), the rest deflated at
    :data:`_LEVEL`, in the order ebooklib wrote them.

    The bytes are those :func:`_pack_zipfile` writes with ``zipfile`` (``writestr`` of each
    entry into a seekable file), put together here without zipfile's machinery for each entry
    (opening a writer, writing the header twice, seeking back): a tenth of an EPUB's time.
    A package zipfile would write otherwise (ZIP64 sizes, a name given twice) is left to it.
    """
    names = {name.partition("\0")[0] for name, _ in entries}  # as zipfile.ZipInfo keeps them
    if len(names) < len(entries) or sum(len(content) for _, content in entries) > _ZIP_PLAIN:
        return _pack_zipfile(entries, when)
    dt = when.astimezone(datetime.UTC).timetuple()[:6]
    dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
    dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, content in sorted(entries, key=lambda e: e[0] != "mimetype"):
        kept = name.partition("\0")[0]
        try:
            raw, flags = kept.encode("ascii"), 0
        except UnicodeEncodeError:
            raw, flags = kept.encode("utf-8"), 0x800  # the UTF-8 name flag
        if name == "mimetype" or _stored(kept):
            method, data = zipfile.ZIP_STORED, content
        else:
            method, data = zipfile.ZIP_DEFLATED, _deflate(content)
        crc = zlib.crc32(content)
        sizes = (crc, len(data), len(content), len(raw))
        header = _LOCAL_HEADER.pack(b"PK\x03\x04", *_MADE[2:], flags, method, dostime, dosdate, *sizes, 0)
        central.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02", *_MADE, flags, method, dostime, dosdate, *sizes, *_NOTHING, offset
            )
        )
        central.append(raw)
        out += (header, raw, data)
        offset += len(header) + len(raw) + len(data)
    directory = b"".join(central)
    count = len(central) // 2
    end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(out) + directory + end


#: zip records as zipfile writes them (version 2.0 made on and for Unix, no extra field, no
#: comment): local file header, central directory header, end of central directory.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")
#: Made by version 2.0 on Unix, version 2.0 needed to extract, a reserved byte.
_MADE = (20, 3, 20, 0)
#: Every entry's attributes: a regular file, rw-r--r--.
_ATTRIBUTES = 0o100644 << 16
#: The central header's fields after the name's length: no extra field, no comment, disk 0,
#: no internal attributes, the file attributes.
_NOTHING = (0, 0, 0, 0, _ATTRIBUTES)
#: Packages whose entries hold more bytes than this are written by zipfile (ZIP64 past 2 GiB).
_ZIP_PLAIN = 1 << 30


def _pack_zipfile(entries: list[tuple[str, bytes]], when: datetime.datetime) -> bytes:
    """:func:`_pack` by ``zipfile``: the same bytes, for any package."""
    stamp = when.astimezone(datetime.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, content in sorted(entries, key=lambda e: e[0] != "mimetype"):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.create_system = 3
            entry.external_attr = _ATTRIBUTES
            if name == "mimetype" or _stored(entry.filename):
                entry.compress_type = zipfile.ZIP_STORED
                zout.writestr(entry, content)
            elif len(content) >= _CACHE_FROM:
                _write_deflated(zout, entry, content)
            else:
                entry.compress_type = zipfile.ZIP_DEFLATED
                zout.writestr(entry, content, compresslevel=_LEVEL)
    return out.getvalue()


#: Entries kept as they are, not deflated: images and fonts compressed already (deflate
#: saves a few bytes in a hundred and costs milliseconds per photograph, in every edition).
_STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2")


def _stored(name: str) -> bool:
    """Whether the entry ``name`` is stored rather than deflated (by its file name's suffix)."""
    return name.lower().endswith(_STORED_SUFFIXES)


def _deflate(content: bytes) -> bytes:
    """``content`` deflated as zipfile does at :data:`_LEVEL`
    (``zlib.compressobj(_LEVEL, DEFLATED, -15)``).

    Deflated once per process and kept: an entry as large as a font (by its SHA-256), and the
    last few small entries (by their bytes), since the same ones recur from EPUB to EPUB (the
    container file, the style sheet, an article's images in each of its editions) and each
    compressor costs about 20 microseconds to set up, however small the entry.
    """
    large = len(content) >= _CACHE_FROM
    key = hashlib.sha256(content).digest() if large else content
    cache = _deflated if large else _deflated_small
    with _DEFLATED_LOCK:
        deflated = cache.pop(key, None)
        if deflated is not None:
            cache[key] = deflated  # the most recently used last
            return deflated
    compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(content) + compressor.flush()
    with _DEFLATED_LOCK:
        while len(cache) >= (_CACHE_SIZE if large else _SMALL_CACHE_SIZE):
            cache.pop(next(iter(cache)))  # the least recently used
        cache[key] = deflated
    return deflated


#: The deflate level of an EPUB's entries: zlib's default. Level 9 took a third longer on the
#: pages of 200 articles' EPUBs for 5 bytes fewer in their 844 kB, and 14 bytes fewer on the
#: 17 kB of the Armenian font.
_LEVEL = 6
#: Entries at least this large (the embedded fonts) are kept by their digest.
_CACHE_FROM = 16 * 1024
#: How many large compressed entries are kept (a regular and a bold font, and a few more).
_CACHE_SIZE = 8
#: How many small compressed entries are kept (an EPUB has about ten entries).
_SMALL_CACHE_SIZE = 32
_deflated: dict[bytes, bytes] = {}
_deflated_small: dict[bytes, bytes] = {}
_DEFLATED_LOCK = threading.Lock()


class _Precompressed:
    """Stands in for zipfile's deflate compressor: hands back the bytes compressed before."""

    def __init__(self, deflated: bytes) -> None:
        self.deflated = deflated

    def compress(self, data: bytes) -> bytes:
        deflated, self.deflated = self.deflated, b""
        return deflated

    def flush(self) -> bytes:
        return b""


def _write_deflated(zout: zipfile.ZipFile, entry: zipfile.ZipInfo, content: bytes) -> None:
    """Write ``entry`` deflated at :data:`_LEVEL`, as ``writestr`` does, compressing ``content`` only
    the first time it is seen (:func:`_deflate`): the Armenian font is the same in every EPUB
    that embeds it.

    The entry's bytes are what ``writestr(entry, content, compresslevel=_LEVEL)`` writes
    (zipfile deflates with ``zlib.compressobj(_LEVEL, DEFLATED, -15)``, done here once); zipfile still
    computes the CRC and the sizes from ``content``.
    """
    deflated = _deflate(content)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry._compresslevel = _LEVEL  # type: ignore[attr-defined]  # what writestr(compresslevel=) sets
    entry.file_size = len(content)
    with zout.open(entry, mode="w") as dest:
        if hasattr(dest, "_compressor"):  # zipfile's own deflate object: replaced by the cached bytes
            dest._compressor = _Precompressed(deflated)
        dest.write(content)
