"""Helpers for the HTML reader's tests: read a page from tests/data/html and pull facts out."""

from __future__ import annotations

from pathlib import Path

from archivepub.model import (
    Block,
    Document,
    Figure,
    Heading,
    NoteRef,
    Paragraph,
    descend,
    iter_inlines,
    plain_text,
)
from archivepub.model.walk import inline_content
from archivepub.readers.html import read_html

DATA = Path(__file__).resolve().parents[2] / "data" / "html"

#: Two paragraphs of an article's own prose, for test pages written around it.
STORY = (
    "<p>The ferry to the island ran twice a day through the whole winter, whatever the weather, "
    "and the harbour master kept a log of every crossing.</p>"
    "<p>In the spring the timetable doubled, and the old boat was joined by a second one, "
    "built in the yard across the bay.</p>"
)


def read_page(name: str, url: str | None = None) -> Document:
    """Read ``tests/data/html/<name>`` (optionally with the page's URL)."""
    path = DATA / name
    return read_html(path.read_bytes(), url=url, name=str(path))


def read_text(html: str, url: str | None = None) -> Document:
    """Read an HTML string (UTF-8)."""
    return read_html(html.encode("utf-8"), url=url, name="inline.html")


def text_of(block: Block) -> str:
    """The plain text of a block and the blocks inside it."""
    return " ".join(plain_text(inline_content(b)) for b in descend([block]) if inline_content(b))


def paragraphs(doc: Document) -> list[str]:
    """The text of every top-level paragraph, in order."""
    return [plain_text(b.content) for b in doc.blocks if isinstance(b, Paragraph)]


def headings(doc: Document) -> list[tuple[int, str]]:
    """``(level, text)`` of every heading, in order."""
    return [(b.level, plain_text(b.content)) for b in descend(doc.blocks) if isinstance(b, Heading)]


def figures(doc: Document) -> list[Figure]:
    """Every figure, in order."""
    return [b for b in descend(doc.blocks) if isinstance(b, Figure)]


def body_text(doc: Document) -> str:
    """All the text of the body (notes left out)."""
    return " ".join(text_of(b) for b in doc.blocks)


def note_facts(doc: Document) -> list[tuple[str, str, str]]:
    """For each note reference in reading order: (its paragraph's text, note label, note text)."""
    notes = {n.id: n for n in doc.footnotes}
    facts = []
    for block in descend(doc.blocks):
        for node in iter_inlines(inline_content(block)):
            if isinstance(node, NoteRef):
                note = notes[node.note]
                text = " ".join(text_of(b) for b in note.blocks)
                facts.append((plain_text(inline_content(block)), note.label, text))
    return facts


def same_notes(found: list[tuple[str, str, str]], expected: list[tuple[str, str, str]]) -> bool:
    """``found`` (from :func:`note_facts`) matches ``expected``, whose paragraphs are given by their start."""
    return len(found) == len(expected) and all(
        para.startswith(start.rstrip()) and label == want_label and text == want_text
        for (para, label, text), (start, want_label, want_text) in zip(found, expected, strict=True)
    )
