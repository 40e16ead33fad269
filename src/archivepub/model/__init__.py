"""The document model: one immutable tree for every article (see ``docs/model.md``)."""

from archivepub.model.build import DraftNote, make_document, normalize_inlines, normalize_space
from archivepub.model.document import SCHEMA, Document
from archivepub.model.nodes import (
    ID_PATTERN,
    Block,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    Inline,
    Link,
    ListBlock,
    Metadata,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Text,
)
from archivepub.model.walk import descend, iter_inlines, map_blocks, map_inlines, noterefs, plain_text

__all__ = [
    "ID_PATTERN",
    "SCHEMA",
    "Block",
    "Document",
    "DraftNote",
    "Emphasis",
    "Figure",
    "Footnote",
    "Heading",
    "Inline",
    "Link",
    "ListBlock",
    "Metadata",
    "NoteRef",
    "Paragraph",
    "Quote",
    "Strong",
    "Text",
    "descend",
    "iter_inlines",
    "make_document",
    "map_blocks",
    "map_inlines",
    "normalize_inlines",
    "normalize_space",
    "noterefs",
    "plain_text",
]
