"""The article: :class:`Document`, its invariants, and its versioned archival JSON form."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field, replace
from typing import Any

from archivepub import _json
from archivepub.errors import DocumentError, ReadError, SchemaVersionError
from archivepub.model.chars import clean_document
from archivepub.model.codec import (
    block_from_dict,
    block_to_dict,
    footnote_from_dict,
    footnote_to_dict,
    metadata_from_dict,
    metadata_to_dict,
)
from archivepub.model.migrate import CURRENT, VERSIONS, upgrade
from archivepub.model.nodes import (
    ALIGNMENTS,
    ID_PATTERN,
    IMAGE_ORIGINS,
    MEDIA_KINDS,
    ORIGINS,
    Block,
    CaptureInfo,
    DefinitionList,
    Figure,
    Footnote,
    Heading,
    ImageInfo,
    Link,
    Media,
    Metadata,
    NoteRef,
    Table,
)
from archivepub.model.urls import image_problem, safe_blocks, safe_url, unsafe_source, url_problem
from archivepub.model.walk import descend, inline_content, iter_inlines, noterefs

__all__ = ["CAPTURE_FORMATS", "SCHEMA", "Document"]

#: The archival format's version stamp, written as ``"schema"`` at the top of the JSON form
#: (older versions are read too, see :mod:`archivepub.model.migrate`).
SCHEMA = CURRENT

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_LANG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\Z")
#: A capture or fetch time: ISO 8601 in UTC, to the second or finer.
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z\Z")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}\Z")
_MEDIA_TYPE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*\Z")
#: The kinds of web capture an article can be imported from (:attr:`CaptureInfo.format`).
CAPTURE_FORMATS = ("warc", "wacz", "mhtml", "folder", "single-file", "html")


def _check_capture(capture: CaptureInfo) -> None:
    if not capture.url.strip():
        raise DocumentError("metadata capture: the url must not be empty")
    if capture.time is not None and not _TIME.match(capture.time):
        raise DocumentError(f"metadata capture: time {capture.time!r} is not YYYY-MM-DDThh:mm:ssZ")
    if capture.format is not None and capture.format not in CAPTURE_FORMATS:
        raise DocumentError(
            f"metadata capture: format {capture.format!r} is not one of {', '.join(CAPTURE_FORMATS)}"
        )


def _check_image(block_id: str, src: str | None, image: ImageInfo) -> None:
    where = f"figure {block_id!r} image"
    if not src:
        raise DocumentError(f"{where}: a figure with image provenance needs a src")
    if image.origin not in IMAGE_ORIGINS:
        raise DocumentError(f"{where}: origin {image.origin!r} is not one of {', '.join(IMAGE_ORIGINS)}")
    if not _DIGEST.match(image.digest):
        raise DocumentError(f"{where}: digest {image.digest!r} is not sha256:<64 hex digits>")
    if not _MEDIA_TYPE.match(image.media_type):
        raise DocumentError(f"{where}: media type {image.media_type!r} is not type/subtype")
    if image.time is not None and not _TIME.match(image.time):
        raise DocumentError(f"{where}: time {image.time!r} is not YYYY-MM-DDThh:mm:ssZ")


def _check_table(table: Table) -> None:
    where = f"table {table.id!r}"
    for col in table.columns:
        if col.align is not None and col.align not in ALIGNMENTS:
            raise DocumentError(
                f"{where}: column alignment {col.align!r} is not one of {', '.join(ALIGNMENTS)}"
            )
        if col.width is not None and not 1 <= col.width <= 100:
            raise DocumentError(f"{where}: column width {col.width} is not a percentage (1-100)")
    if not table.rows():
        raise DocumentError(f"{where}: a table needs at least one row")
    for row in table.rows():
        if not row.cells:
            raise DocumentError(f"{where}: a row needs at least one cell")
        for cell in row.cells:
            if cell.colspan < 1 or cell.rowspan < 1:
                raise DocumentError(f"{where}: a cell spans {cell.colspan} columns and {cell.rowspan} rows")


#: :meth:`Document.all_blocks` of the last few documents, by identity: a document is
#: immutable, and the build, the translation and each writer ask for its blocks several times
#: (an entry keeps its document alive, so that its ``id`` is not reused while it is cached)
_ALL_BLOCKS: dict[int, tuple[Document, tuple[Block, ...]]] = {}
_ALL_BLOCKS_SIZE = 8
_ALL_BLOCKS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """An article: metadata, body blocks in reading order, and footnotes.

    Building one checks the invariants every later stage relies on, and raises
    :class:`~archivepub.errors.DocumentError` when ids are missing, malformed or duplicated,
    when a :class:`~archivepub.model.nodes.NoteRef` names a footnote the document does not
    have, when the date or language is malformed, or when a link target, an image source or
    the source URL is one the URL policy refuses (:mod:`archivepub.model.urls`).

    >>> from archivepub.model import Metadata, Paragraph, Text
    >>> doc = Document(metadata=Metadata(title="T"), blocks=(Paragraph(id="p1", content=(Text("x"),)),))
    >>> Document.from_json(doc.to_json()) == doc
    True
    """

    metadata: Metadata
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = field(default=())

    def __post_init__(self) -> None:
        meta = self.metadata
        if meta.date is not None and not _DATE.match(meta.date):
            raise DocumentError(f"metadata date {meta.date!r} is not YYYY-MM-DD")
        if not _LANG.match(meta.language):
            raise DocumentError(f"metadata language {meta.language!r} is not a BCP-47 tag")
        if meta.source_language is not None and not _LANG.match(meta.source_language):
            raise DocumentError(f"metadata source_language {meta.source_language!r} is not a BCP-47 tag")
        if meta.capture is not None:
            _check_capture(meta.capture)
        if meta.source_url is not None and url_problem(meta.source_url) is not None:
            raise DocumentError(f"metadata source_url {meta.source_url!r}: {url_problem(meta.source_url)}")
        notes = {note.id for note in self.footnotes}
        blocks = self.all_blocks()
        # one look at each block's own inlines, in reading order, for the first URL the
        # policy refuses and for references to notes the document lacks (the walk below,
        # which names the block holding one, runs only when there is one)
        unsafe: str | None = None
        refs_known = True
        for block in blocks:
            if unsafe is None:
                unsafe = unsafe_source(block)
            for node in iter_inlines(inline_content(block)):
                if isinstance(node, NoteRef):
                    if node.note not in notes:
                        refs_known = False
                elif unsafe is None and isinstance(node, Link) and url_problem(node.url) is not None:
                    unsafe = node.url
        if unsafe is not None:
            raise DocumentError(f"URL {unsafe[:80]!r}: {image_problem(unsafe)} (see archivepub.model.urls)")
        model_names = {m.name for m in meta.models}
        if len(model_names) != len(meta.models):
            raise DocumentError("metadata lists the same model twice")
        for key in ("title_provenance", "subtitle_provenance"):
            for entry in getattr(meta, key):
                if entry.origin not in ORIGINS:
                    raise DocumentError(f"metadata {key}: unknown provenance origin {entry.origin!r}")
                if entry.model is not None and entry.model not in model_names:
                    raise DocumentError(f"metadata {key}: model {entry.model!r} is not in metadata.models")
        seen: set[str] = set()
        for node_id in self._ids():
            if not ID_PATTERN.match(node_id):
                raise DocumentError(f"invalid id {node_id!r}: ids must match {ID_PATTERN.pattern}")
            if node_id in seen:
                raise DocumentError(f"duplicate id {node_id!r}")
            seen.add(node_id)
        for block in blocks:
            if isinstance(block, Heading) and not 1 <= block.level <= 6:
                raise DocumentError(f"heading {block.id!r} has level {block.level}, not 1-6")
            if isinstance(block, Figure) and block.image is not None:
                _check_image(block.id, block.src, block.image)
            if isinstance(block, Table):
                _check_table(block)
            if isinstance(block, DefinitionList) and not block.items:
                raise DocumentError(f"definition list {block.id!r} has no item")
            if isinstance(block, Media) and block.kind not in MEDIA_KINDS:
                raise DocumentError(
                    f"media {block.id!r}: kind {block.kind!r} is not one of {', '.join(MEDIA_KINDS)}"
                )
            for entry in getattr(block, "provenance", ()):
                if entry.origin not in ORIGINS:
                    raise DocumentError(f"block {block.id!r}: unknown provenance origin {entry.origin!r}")
                if entry.model is not None and entry.model not in model_names:
                    raise DocumentError(
                        f"block {block.id!r}: model {entry.model!r} is not in metadata.models"
                    )
            for ref in () if refs_known else noterefs((block,)):
                if ref.note not in notes:
                    raise DocumentError(
                        f"block {block.id!r} refers to footnote {ref.note!r}, which does not exist"
                    )

    def _ids(self) -> list[str]:
        ids = [block.id for block in descend(self.blocks)]
        for note in self.footnotes:
            ids.append(note.id)
            ids.extend(block.id for block in descend(note.blocks))
        return ids

    def all_blocks(self) -> list[Block]:
        """Return every block in reading order: body (nested included), then footnote bodies."""
        known = _ALL_BLOCKS.get(id(self))
        if known is not None and known[0] is self:
            return list(known[1])
        out = list(descend(self.blocks))
        for note in self.footnotes:
            out.extend(descend(note.blocks))
        with _ALL_BLOCKS_LOCK:  # documents may be read and written in several threads
            if len(_ALL_BLOCKS) >= _ALL_BLOCKS_SIZE:
                _ALL_BLOCKS.pop(next(iter(_ALL_BLOCKS)), None)  # the oldest
            _ALL_BLOCKS[id(self)] = (self, tuple(out))
        return out

    def footnote(self, note_id: str) -> Footnote:
        """Return the footnote with id ``note_id`` (:class:`KeyError` if there is none)."""
        for note in self.footnotes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)

    # --- archival JSON form ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return the archival JSON form as plain dicts and lists, stamped with :data:`SCHEMA`."""
        return {
            "schema": SCHEMA,
            "metadata": metadata_to_dict(self.metadata),
            "blocks": [block_to_dict(b) for b in self.blocks],
            "footnotes": [footnote_to_dict(n) for n in self.footnotes],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the archival JSON text (UTF-8 safe, non-ASCII kept as is)."""
        return _json.dumps(self.to_dict(), indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: object) -> Document:
        """Build a document from its archival JSON form.

        URLs the URL policy refuses (:mod:`archivepub.model.urls`) and characters no output can
        hold (:mod:`archivepub.model.chars`) are removed with a warning.
        Raises :class:`~archivepub.errors.SchemaVersionError` for another schema version,
        :class:`~archivepub.errors.ReadError` naming the JSON path of a malformed value, and
        :class:`~archivepub.errors.DocumentError` when the invariants do not hold.
        """
        if not isinstance(data, dict):
            raise ReadError(f'expected a JSON object with "schema": "{SCHEMA}"')
        schema = data.get("schema")
        if schema not in VERSIONS:
            raise SchemaVersionError(
                f"schema {schema!r} is not supported; this archivepub reads {', '.join(map(repr, VERSIONS))}"
            )
        data = upgrade(data)
        unknown = data.keys() - {"schema", "metadata", "blocks", "footnotes"}
        if unknown:
            raise ReadError(f"unknown top-level key(s) {', '.join(sorted(map(str, unknown)))}")
        for key in ("metadata", "blocks", "footnotes"):
            if key not in data:
                raise ReadError(f"missing top-level key {key!r}")
        blocks, notes = data["blocks"], data["footnotes"]
        if not isinstance(blocks, list) or not isinstance(notes, list):
            raise ReadError('"blocks" and "footnotes" must be arrays')
        meta = metadata_from_dict(data["metadata"])
        if meta.source_url is not None and url_problem(meta.source_url) is not None:
            meta = replace(meta, source_url=safe_url(meta.source_url, "source URL"))
        footnotes = [footnote_from_dict(n, f"footnotes[{i}]") for i, n in enumerate(notes)]
        return clean_document(
            cls(
                metadata=meta,
                blocks=safe_blocks(tuple(block_from_dict(b, f"blocks[{i}]") for i, b in enumerate(blocks))),
                footnotes=tuple(replace(note, blocks=safe_blocks(note.blocks)) for note in footnotes),
            )
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Document:
        """Build a document from archival JSON text (see :meth:`from_dict`)."""
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            raise ReadError(f"not valid JSON: {exc}", line=line) from exc
        return cls.from_dict(data)
