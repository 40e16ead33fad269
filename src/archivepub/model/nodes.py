"""The nodes of the document model: inlines, blocks, footnotes and metadata.

Every node is a frozen, slotted dataclass; sequences are tuples. Change a node with
:func:`dataclasses.replace`, never by mutation. The article itself, which checks the
invariants across nodes, is :class:`archivepub.model.document.Document`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "ID_PATTERN",
    "IMAGE_ORIGINS",
    "MEDIA_KINDS",
    "ORIGINS",
    "Block",
    "CaptureInfo",
    "Cell",
    "Code",
    "CodeBlock",
    "ColumnSpec",
    "DefinitionItem",
    "DefinitionList",
    "Emphasis",
    "Figure",
    "Footnote",
    "Heading",
    "HorizontalRule",
    "ImageInfo",
    "Inline",
    "LineBreak",
    "Link",
    "ListBlock",
    "Media",
    "Metadata",
    "ModelInfo",
    "NoteRef",
    "Paragraph",
    "Preformatted",
    "Provenance",
    "Quote",
    "Row",
    "Strong",
    "Subscript",
    "Superscript",
    "Table",
    "Text",
]

#: Block and footnote ids: an XML NCName subset (valid as TEI ``xml:id`` and an EPUB anchor).
ID_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


# --- inlines -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasised (usually italic) inline content."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly emphasised (usually bold) inline content."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``url`` is absolute where the reader could resolve it."""

    url: str
    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A reference to the footnote whose id is ``note``."""

    note: str


@dataclass(frozen=True, slots=True)
class Superscript:
    """Superscript inline content (``10<sup>6</sup>``, ``1<sup>st</sup>``)."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subscript:
    """Subscript inline content (``H<sub>2</sub>O``)."""

    content: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code, kept verbatim and never translated."""

    text: str


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break inside a block (a line of verse, of an address)."""


Inline: TypeAlias = Text | Emphasis | Strong | Link | NoteRef | Superscript | Subscript | Code | LineBreak


# --- provenance of translated text --------------------------------------------------------


#: Where a translated segment's text came from.
ORIGINS = ("reviewed", "memory", "machine", "copied", "untranslated")


@dataclass(frozen=True, slots=True, kw_only=True)
class Provenance:
    """Where one translated segment (sentence) of a block came from.

    ``origin`` is ``"reviewed"`` (a translator approved it), ``"memory"`` (reused from the
    translation memory), ``"machine"`` (model output, not reviewed), ``"copied"`` (a segment
    without words, such as a number or a full stop, kept as it is: no model wrote it) or
    ``"untranslated"`` (no model was installed: the segment kept its source text). ``model``
    names an entry of :attr:`Metadata.models` for machine output (and for memory hits that were
    machine output); ``repairs`` lists what the translation stage had to mend in machine output
    (e.g. a note reference re-attached after the model dropped it), for reviewers to check;
    ``findings`` lists what quality checks noticed in a translation that is not machine output
    (e.g. a reviewed segment without a number of the source): the text was left as the
    translator wrote it.
    """

    origin: str
    model: str | None = None
    repairs: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelInfo:
    """A machine-translation model used for a document: name, engine, version and licence."""

    name: str
    engine: str = "ctranslate2"
    version: str | None = None
    license: str | None = None


# --- web captures ------------------------------------------------------------------------

#: How a figure's image was obtained (see :class:`ImageInfo`).
IMAGE_ORIGINS = ("capture", "saved", "fetched")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageInfo:
    """Where a figure's image came from, as recorded when it was imported.

    ``url`` is the address the image was captured or fetched from (``None`` for an image
    embedded in a saved page as a ``data:`` URL); ``media_type`` its type by content
    (``image/jpeg``); ``digest`` ``sha256:`` and the hex digest of its bytes. ``origin`` is
    ``"capture"`` (a record of a WARC, WACZ or MHTML file), ``"saved"`` (a file of a browser's
    saved page, or a ``data:`` URL in it) or ``"fetched"`` (downloaded by ``--fetch-images``);
    ``time`` is when it was captured or fetched (ISO 8601, UTC) and ``record_id`` the WARC
    record's id, where known.
    """

    url: str | None
    media_type: str
    digest: str
    origin: str = "capture"
    time: str | None = None
    record_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaptureInfo:
    """The web capture an article was read from: its provenance.

    ``url`` is the captured address (the record's target URI); ``time`` the capture time (ISO
    8601, UTC: ``2024-05-01T12:00:00Z``); ``record_id`` the WARC record's id
    (``<urn:uuid:...>``); ``payload_digest`` the record's payload digest as the capture states
    it (``sha1:...``); ``software`` the capturing software named by the ``warcinfo`` record (or
    the saved page); ``file`` the capture file's name; ``format`` one of ``warc``, ``wacz``,
    ``mhtml``, ``folder`` (a browser's "complete" save), ``single-file`` (a page with its images
    as ``data:`` URLs) or ``html`` (a bare page).
    """

    url: str
    time: str | None = None
    record_id: str | None = None
    payload_digest: str | None = None
    software: str | None = None
    file: str | None = None
    format: str | None = None


# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A section heading, ``level`` 1 (highest) to 6.

    ``provenance`` (on headings, paragraphs and figures) is empty in an original and holds one
    :class:`Provenance` per segment in a translation.
    """

    content: tuple[Inline, ...]
    level: int = 2
    id: str = ""
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """A paragraph of inline content."""

    content: tuple[Inline, ...]
    id: str = ""
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """An image with its caption and, as a separate field, its credit (without any label).

    ``src`` is ``None`` where the source had a caption but no image (scraped text).
    ``image`` records where the image came from when it was imported from a web capture (its
    original URL, media type and digest); ``None`` otherwise.
    """

    src: str | None = None
    alt: str | None = None
    caption: tuple[Inline, ...] = ()
    credit: str | None = None
    id: str = ""
    provenance: tuple[Provenance, ...] = ()
    image: ImageInfo | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A block quotation holding other blocks."""

    blocks: tuple[Block, ...]
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock:
    """An ordered or bulleted list; each item is a sequence of blocks."""

    items: tuple[tuple[Block, ...], ...]
    ordered: bool = False
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeBlock:
    """A block of source code: ``text`` verbatim (whitespace and line ends kept), never translated.

    ``language`` is the programming language where the source names it (``"python"``).
    """

    text: str
    language: str | None = None
    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Preformatted:
    """Preformatted prose or verse whose spacing matters: lines end with :class:`LineBreak`.

    Spaces are kept as the source has them (the indentation of a poem's lines); the text is
    translated line by line.
    """

    content: tuple[Inline, ...]
    id: str = ""
    provenance: tuple[Provenance, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HorizontalRule:
    """A thematic break between parts of the text (``<hr>``, a line of asterisks)."""

    id: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DefinitionItem:
    """One term of a definition list and its definition.

    The term is a :class:`Paragraph` (so it has an id and is translated as one); the
    definition is a sequence of blocks, empty when the source gives the term alone.
    """

    term: Paragraph
    definitions: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DefinitionList:
    """A list of terms with their definitions (a glossary, a list of name/value pairs)."""

    items: tuple[DefinitionItem, ...]
    id: str = ""


#: Column alignments of a :class:`ColumnSpec`.
ALIGNMENTS = ("left", "center", "right")


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnSpec:
    """A table column: its alignment (``None``: the default) and width in percent (``None``: auto)."""

    align: str | None = None
    width: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Cell:
    """A table cell: its blocks (usually one paragraph), whether it is a header, and its spans."""

    blocks: tuple[Block, ...] = ()
    header: bool = False
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """A table row: its cells, left to right."""

    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A table: caption, column specs, header rows, bodies of rows, footer rows.

    As in pandoc, ``head`` rows name the columns (their header cells have column scope),
    each of ``bodies`` is a group of rows (header cells in a body name their row), and ``foot``
    rows sum up. Cells may span columns and rows. ``columns`` is empty when the source says
    nothing about its columns. ``provenance`` holds the caption's segments in a translation.
    """

    caption: tuple[Inline, ...] = ()
    columns: tuple[ColumnSpec, ...] = ()
    head: tuple[Row, ...] = ()
    bodies: tuple[tuple[Row, ...], ...] = ()
    foot: tuple[Row, ...] = ()
    id: str = ""
    provenance: tuple[Provenance, ...] = ()

    def rows(self) -> tuple[Row, ...]:
        """Every row in reading order: head, bodies, foot."""
        return (*self.head, *(row for body in self.bodies for row in body), *self.foot)


#: What a :class:`Media` placeholder stands for.
MEDIA_KINDS = ("video", "audio", "embed")


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    """Embedded media (a video, a recording, an embedded player), kept as a placeholder.

    Never live content: ``src`` is the address of the media or of the embedded page (``None``
    when the page gave none that the URL policy allows), ``title`` and ``provider`` (a site such
    as ``"YouTube"``) describe it, ``poster`` is a still image for it (a URL or an asset path,
    as a figure's ``src``), ``kind`` one of :data:`MEDIA_KINDS`.
    """

    kind: str = "embed"
    src: str | None = None
    title: str | None = None
    provider: str | None = None
    poster: str | None = None
    id: str = ""


Block: TypeAlias = (
    Heading
    | Paragraph
    | Figure
    | Quote
    | ListBlock
    | Table
    | CodeBlock
    | Preformatted
    | HorizontalRule
    | DefinitionList
    | Media
)


# --- article-level nodes -----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Footnote:
    """A footnote or endnote: ``label`` is the mark shown at the reference (``"1"``, ``"*"``)."""

    id: str
    label: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    """Facts about the article as a whole.

    ``subtitle`` is the standfirst (lede, dek); ``date`` is ``YYYY-MM-DD``; ``language`` a
    BCP-47 tag (``"und"`` when it could not be determined). A translation also records the
    ``source_language``, its human ``translators`` and the machine-translation ``models`` used
    (which :class:`Provenance` entries name). In a translation, ``title_provenance`` and
    ``subtitle_provenance`` hold one :class:`Provenance` per segment of the title and the
    standfirst, as ``provenance`` does for blocks; both are empty in an original.
    ``capture`` records the web capture the article was read from (``None`` otherwise).
    """

    title: str
    subtitle: str | None = None
    authors: tuple[str, ...] = ()
    date: str | None = None
    language: str = "und"
    site_name: str | None = None
    source_url: str | None = None
    source_language: str | None = None
    translators: tuple[str, ...] = ()
    models: tuple[ModelInfo, ...] = ()
    title_provenance: tuple[Provenance, ...] = ()
    subtitle_provenance: tuple[Provenance, ...] = ()
    capture: CaptureInfo | None = None
