"""A document's translatable segments, each with its stable id: what a catalog's entries hold.

Segments are cut exactly as :mod:`archivepub.transforms.translate` cuts them (same
sentence segmentation, same tags), in the same order, so that a catalog entry, a memory key
and a provenance entry of a translated block are the same sentence. Ids (the entries'
``msgctxt``) are ``<unit>.<n>``, ``n`` counting the unit's sentences from 1:

=======================  ==============================================
``title.1``              the article's title
``subtitle.1``           the standfirst
``h2.1``, ``p3.2``       a heading or paragraph (block id), nested ones too
``fig1.1``               a figure's caption
``fig1.alt.1``           a figure's image description (alt text)
``t1.1``                 a table's caption (its cells are paragraphs: ``p7.1``)
``pre1.3``               preformatted text, cut line by line
``fn1-p1.1``             a paragraph of footnote 1
=======================  ==============================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archivepub.model.document import Document
from archivepub.model.nodes import (
    Block,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Preformatted,
    Quote,
    Table,
)
from archivepub.model.walk import plain_text
from archivepub.transforms.tags import TagMap, inlines_to_tagged
from archivepub.transforms.translate import model_code, preformatted_lines, segment_content, segment_plain

__all__ = ["Segment", "extract_segments"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Segment:
    """One translatable sentence of a document.

    :param id: the stable id (``msgctxt``), e.g. ``"p3.1"``.
    :param block: the id of the block (``"p3"``), or ``"title"``/``"subtitle"``.
    :param kind: what the text is, in words for translators (``"paragraph"``, ``"heading"``, ...).
    :param text: the source text with tags (``msgid``).
    :param pieces: the source inlines.
    :param tags: what the numbered tags stand for (link URLs, note ids).
    :param section: the title of the section the text is in (``None`` before any heading).
    :param wrapped: the whole block is inside these containers (``"italic"``, ``"bold"``, ``"link"``).
    """

    id: str
    block: str
    kind: str
    text: str
    pieces: tuple[Inline, ...]
    tags: TagMap
    section: str | None = None
    wrapped: tuple[str, ...] = ()

    @property
    def comments(self) -> list[str]:
        """Extracted comments (``#.``) describing the segment to a translator."""
        where = self.kind
        if self.section and self.kind != "heading":
            where += f", in section \u201c{self.section}\u201d"
        out = [where]
        if self.wrapped:
            out.append(f"the whole block is {' and '.join(self.wrapped)}: keep no tag for it")
        for n, url in enumerate(self.tags.links, start=1):
            out.append(f"<a{n}> links to {url}")
        for n, note in enumerate(self.tags.notes, start=1):
            out.append(f"<note{n}/> is the mark of footnote {note.removeprefix('fn')}")
        return out


_WRAPPER_WORDS = {Emphasis: "italic", Link: "a link"}


class _Extractor:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.out: list[Segment] = []
        self.section: str | None = None

    def add(
        self,
        unit: str,
        block: str,
        kind: str,
        pieces: Sequence[tuple[Inline, ...]],
        wrapped: tuple[str, ...] = (),
    ) -> None:
        for n, piece in enumerate(pieces, start=1):
            text, tags = inlines_to_tagged(piece)
            self.out.append(
                Segment(
                    id=f"{unit}.{n}",
                    block=block,
                    kind=kind,
                    text=text,
                    pieces=piece,
                    tags=tags,
                    section=self.section,
                    wrapped=wrapped,
                )
            )

    def content(self, block: Heading | Paragraph, kind: str) -> None:
        pieces, wrappers = segment_content(block.content, self.lang)
        words = tuple(_WRAPPER_WORDS.get(type(w), "bold") for w in wrappers)
        self.add(block.id, block.id, kind, pieces, words)

    def blocks(self, blocks: Sequence[Block], where: str = "") -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self.section = plain_text(block.content)
                self.content(block, f"heading (level {block.level})")
            elif isinstance(block, Paragraph):
                self.content(block, f"paragraph{where}")
            elif isinstance(block, Figure):
                pieces, _ = segment_content(block.caption, self.lang)
                self.add(block.id, block.id, "figure caption", pieces)
                self.add(
                    f"{block.id}.alt",
                    block.id,
                    "image description (alt text)",
                    segment_plain(block.alt, self.lang),
                )
            elif isinstance(block, Quote):
                self.blocks(block.blocks, f"{where}, in a quotation")
            elif isinstance(block, ListBlock):
                for item in block.items:
                    self.blocks(item, f"{where}, in a list item")
            elif isinstance(block, Table):
                pieces, _ = segment_content(block.caption, self.lang)
                self.add(block.id, block.id, f"table caption{where}", pieces)
                for r, row in enumerate(block.rows(), start=1):
                    for c, cell in enumerate(row.cells, start=1):
                        head = " (a header)" if cell.header else ""
                        self.blocks(cell.blocks, f"{where}, in table {block.id}, row {r}, cell {c}{head}")
            elif isinstance(block, DefinitionList):
                for n, def_item in enumerate(block.items, start=1):
                    self.content(def_item.term, f"term{where}, in definition list {block.id}, item {n}")
                    self.blocks(
                        def_item.definitions,
                        f"{where}, in definition list {block.id}, definition of item {n}",
                    )
            elif isinstance(block, Preformatted):
                pieces = [
                    piece
                    for line in preformatted_lines(block.content)
                    for _, chunk in line
                    for piece in segment_content(chunk, self.lang)[0]
                ]
                self.add(block.id, block.id, f"preformatted text, line by line{where}", pieces)


def extract_segments(doc: Document, lang: str | None = None) -> list[Segment]:
    """Return every translatable segment of ``doc`` in reading order, with its stable id.

    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> doc = make_document(Metadata(title="Old letters", language="en"),
    ...     [Paragraph(content=(Text("One. Two."),))])
    >>> [(s.id, s.text) for s in extract_segments(doc)]
    [('title.1', 'Old letters'), ('p1.1', 'One.'), ('p1.2', 'Two.')]

    :param doc: the source document.
    :param lang: its language (default: ``doc.metadata.language``), for sentence rules.
    """
    ex = _Extractor(model_code(lang or doc.metadata.language))
    ex.add("title", "title", "article title", segment_plain(doc.metadata.title, ex.lang))
    ex.add(
        "subtitle",
        "subtitle",
        "standfirst (the summary under the title)",
        segment_plain(doc.metadata.subtitle, ex.lang),
    )
    ex.blocks(doc.blocks)
    ex.section = None
    for note in doc.footnotes:
        ex.blocks(note.blocks, f" of footnote {note.label}")
    return ex.out
