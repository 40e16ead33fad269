"""Helpers for readers and tests that build documents: inline normalisation and stable ids.

Readers produce blocks without ids and footnotes under their own keys; :func:`make_document`
normalises text, numbers footnotes in order of first reference, and gives every block an id
that depends only on the document's structure (see ``docs/model.md``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from typing import TypeVar

from archivepub.model.chars import clean_document
from archivepub.model.document import Document
from archivepub.model.nodes import (
    Block,
    Code,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Figure,
    Footnote,
    Heading,
    HorizontalRule,
    Inline,
    LineBreak,
    ListBlock,
    Media,
    Metadata,
    NoteRef,
    Paragraph,
    Preformatted,
    Quote,
    Row,
    Table,
    Text,
)
from archivepub.model.urls import safe_block, safe_blocks, safe_url
from archivepub.model.walk import CONTAINERS, map_blocks, map_cells, map_inlines, noterefs

__all__ = [
    "DraftNote",
    "is_blank",
    "make_document",
    "normalize_inlines",
    "normalize_preformatted",
    "normalize_space",
]

BlockT = TypeVar("BlockT", bound=Block)

_SPACE = re.compile(r"[ \t\n\r\f\v\u200b\u2028\u2029]+")
# the runs of _SPACE that need replacing: a single space stays as it is (faster: far fewer matches)
_RUNS = re.compile(r"[ \t\n\r\f\v\u200b\u2028\u2029]{2,}|[\t\n\r\f\v\u200b\u2028\u2029]")
_PREFIX: dict[type, str] = {
    Heading: "h",
    Paragraph: "p",
    Figure: "fig",
    Quote: "quote",
    ListBlock: "list",
    Table: "t",
    CodeBlock: "code",
    Preformatted: "pre",
    HorizontalRule: "hr",
    DefinitionList: "dl",
    Media: "media",
}


@dataclass(frozen=True, slots=True)
class DraftNote:
    """A footnote as a reader found it: its own ``key`` (what NoteRefs point at), label, body."""

    key: str
    label: str
    blocks: tuple[Block, ...]


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (not no-break spaces) to one space and strip the ends.

    >>> normalize_space("  a\\n\\t b ")
    'a b'
    """
    if _splits_at_space(text):
        # the same, faster (whole pages of text go through here)
        return " ".join(text.split())
    if not _needs_sub(text):
        return text.strip()  # nothing for _RUNS to replace: no new string, no regex scan
    return _RUNS.sub(" ", text).strip()


def _splits_at_space(text: str) -> bool:
    """True when ``str.split`` breaks ``text`` exactly at the characters of _SPACE: in ASCII, it
    breaks at those and at four separators (U+001C to U+001F), looked for here."""
    return (
        text.isascii()
        and "\x1c" not in text
        and "\x1d" not in text
        and "\x1e" not in text
        and "\x1f" not in text
    )


def _collapsed(text: str) -> str:
    """``_SPACE.sub(" ", text)``: each run of white space as one space, at the ends too; faster
    where ``str.split`` finds the runs (every inline text of every document goes through here)."""
    if not _splits_at_space(text):
        return _SPACE.sub(" ", text)
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    lead = " " if text[0] in _ASCII_SPACE else ""
    trail = " " if text[-1] in _ASCII_SPACE else ""
    return f"{lead}{inner}{trail}" if lead or trail else inner


_ASCII_SPACE = " \t\n\r\f\v"


def _needs_sub(text: str) -> bool:
    """True when ``text`` holds a character _SPACE replaces other than a lone space, or two
    spaces in a row (several substring scans in C are faster than one regex scan)."""
    return (
        "  " in text
        or "\n" in text
        or "\t" in text
        or "\r" in text
        or "\f" in text
        or "\v" in text
        or "\u200b" in text
        or "\u2028" in text
        or "\u2029" in text
    )


def is_blank(inlines: Iterable[Inline]) -> bool:
    """True when ``inlines`` hold no visible text and no note reference."""
    for node in inlines:
        if type(node) is Text:  # the most common node: the tests below, in short
            if node.text.strip(" \u00a0\t\n"):
                return False
            continue
        if isinstance(node, NoteRef):
            return False
        if isinstance(node, Text) and node.text.strip(" \u00a0\t\n"):
            return False
        if isinstance(node, Code) and node.text.strip():
            return False
        if isinstance(node, CONTAINERS) and not is_blank(node.content):
            return False
    return True


def normalize_inlines(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """Collapse whitespace, merge adjacent text, drop empty containers and trim both ends.

    >>> from archivepub.model import Emphasis
    >>> normalize_inlines([Text(" a  "), Text(" b"), Emphasis(())])
    (Text(text='a b'),)

    Content that is normal already comes back as itself (the same tuple).
    """
    if type(inlines) is tuple and len(inlines) == 1 and type(inlines[0]) is Text:
        # the most common content, one text: normal when it has no run to collapse and no
        # space at either end (what _merge and _trim would find, without their walk)
        text = inlines[0].text
        if text and text[0] != " " and text[-1] != " " and not _needs_sub(text):
            return inlines
    merged = _merge(tuple(inlines))
    return _trim(merged)


def _merge(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    # nodes that need no change are kept as they are, and so is the tuple when none did
    out: list[Inline] = []
    same = True
    for node in inlines:
        original = node
        # the most common node, a text after anything but a line break, goes straight to the
        # text steps at the end (the steps before them leave it as it is)
        if type(node) is not Text or (out and isinstance(out[-1], LineBreak)):
            if isinstance(node, Code) and not node.text:
                same = False
                continue
            if isinstance(node, LineBreak):
                if out and isinstance(out[-1], Text):
                    text = out[-1].text.rstrip(" ")
                    if text != out[-1].text:
                        same = False
                        out[-1] = Text(text)
                    if not text:
                        out.pop()
            elif out and isinstance(out[-1], LineBreak) and isinstance(node, Text):
                text = _collapsed(node.text).lstrip(" ")
                if text != node.text:
                    node = Text(text)
            if isinstance(node, CONTAINERS):
                content = _merge(node.content)
                if is_blank(content):
                    # an empty or whitespace-only container leaves at most its space behind
                    node = Text(" " if content else "")
                elif content is not node.content:
                    node = replace(node, content=content)
        if isinstance(node, Text):
            text = _collapsed(node.text) if _needs_sub(node.text) else node.text
            if not text:
                same = False
                continue
            if out and isinstance(out[-1], Text):
                prev = out[-1].text
                if prev.endswith(" ") and text.startswith(" "):
                    text = text[1:]
                out[-1] = Text(prev + text)
                same = False
                continue
            if text != node.text:
                node = Text(text)
        if node is not original:
            same = False
        out.append(node)
    return inlines if same else tuple(out)


def _blank_edge(node: Inline) -> bool:
    if type(node) is Text:
        return not node.text.strip(" ")
    return isinstance(node, LineBreak) or (isinstance(node, Text) and not node.text.strip(" "))


def _trim(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    start, end = 0, len(inlines)
    while start < end and _blank_edge(inlines[start]):
        start += 1
    while end > start and _blank_edge(inlines[end - 1]):
        end -= 1
    first = inlines[start] if start < end else None
    last = inlines[end - 1] if start < end else None
    lead = isinstance(first, Text) and first.text.startswith(" ")
    trail = isinstance(last, Text) and last.text.endswith(" ")
    if start == 0 and end == len(inlines) and not lead and not trail:
        return inlines
    items = list(inlines[start:end])
    if items and isinstance(items[0], Text):
        items[0] = Text(items[0].text.lstrip(" "))
    if items and isinstance(items[-1], Text):
        items[-1] = Text(items[-1].text.rstrip(" "))
    return tuple(items)


def normalize_preformatted(inlines: Iterable[Inline]) -> tuple[Inline, ...]:
    """Normalise preformatted content: spaces kept, line ends as :class:`LineBreak`.

    Newlines in text become line breaks, spaces at the end of a line and blank lines at either
    end go; everything else (the indentation of a line, runs of spaces) stays.

    >>> normalize_preformatted([Text("  a\\n   b  \\n")])
    (Text(text='  a'), LineBreak(), Text(text='   b'))
    """
    out: list[Inline] = []

    def add(node: Inline) -> None:
        if isinstance(node, LineBreak) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text.rstrip(" \t"))
            if not out[-1].text:
                out.pop()
        if isinstance(node, Text):
            if not node.text:
                return
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                return
        out.append(node)

    for node in inlines:
        if isinstance(node, Text):
            lines = node.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            for i, line in enumerate(lines):
                if i:
                    add(LineBreak())
                add(Text(line))
        elif isinstance(node, CONTAINERS):
            add(replace(node, content=normalize_inlines(node.content)))
        else:
            add(node)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip(" \t"))
        if not out[-1].text:
            out.pop()
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    return tuple(out)


def _normalize_block(block: Block) -> Block:
    # a block whose text is normal already is kept as it is
    if type(block) is Paragraph or isinstance(block, Heading | Paragraph):
        content = normalize_inlines(block.content)
        return block if content is block.content else _rebuilt(block, content=content)
    if isinstance(block, Preformatted):
        return replace(block, content=normalize_preformatted(block.content))
    if isinstance(block, Table):
        caption = normalize_inlines(block.caption)
        return block if caption is block.caption else replace(block, caption=caption)
    if isinstance(block, CodeBlock):
        text = "\n".join(line.rstrip() for line in block.text.replace("\r\n", "\n").split("\n"))
        language = normalize_space(block.language) if block.language else None
        return replace(block, text=text.strip("\n"), language=language or None)
    if isinstance(block, Media):
        title = normalize_space(block.title) if block.title else None
        provider = normalize_space(block.provider) if block.provider else None
        return replace(block, title=title or None, provider=provider or None)
    if isinstance(block, Figure):
        credit = normalize_space(block.credit) if block.credit else None
        alt = normalize_space(block.alt) if block.alt is not None else None
        return replace(block, caption=normalize_inlines(block.caption), credit=credit or None, alt=alt)
    return block


def _safe_normalized(block: Block) -> Block:
    return _normalize_block(safe_block(block))


def _keep(block: Block) -> bool:
    if type(block) is Paragraph or isinstance(block, Heading | Paragraph | Preformatted):
        return not is_blank(block.content)
    if isinstance(block, Figure):
        return bool(block.src or block.credit or not is_blank(block.caption))
    if isinstance(block, Quote):
        return bool(block.blocks)
    if isinstance(block, Table):
        return any(row.cells for row in block.rows())
    if isinstance(block, CodeBlock):
        return bool(block.text.strip())
    if isinstance(block, HorizontalRule):
        return True
    if isinstance(block, Media):
        return bool(block.src or block.poster or block.title)
    return bool(block.items)


def _prune(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if type(block) is Paragraph:
            pass  # (not a container: none of the cases below)
        elif isinstance(block, Quote):
            inner = _prune(block.blocks)
            if inner is not block.blocks:
                block = replace(block, blocks=inner)
        elif isinstance(block, ListBlock):
            entries = tuple(item for item in (_prune(i) for i in block.items) if item)
            if len(entries) != len(block.items) or any(
                a is not b for a, b in zip(entries, block.items, strict=False)
            ):
                block = replace(block, items=entries)
        elif isinstance(block, Table):
            # an emptied cell stays: it holds its place in the grid
            block = map_cells(block, lambda cell: replace(cell, blocks=_prune(cell.blocks)))
            block = replace(block, head=_rows(block.head), bodies=tuple(_rows(b) for b in block.bodies))
            block = replace(block, bodies=tuple(b for b in block.bodies if b), foot=_rows(block.foot))
        elif isinstance(block, DefinitionList):
            items = (DefinitionItem(term=i.term, definitions=_prune(i.definitions)) for i in block.items)
            block = replace(
                block, items=tuple(i for i in items if i.definitions or not is_blank(i.term.content))
            )
        if _keep(block):
            out.append(block)
    # a rule separates: one at either end, or next to another, separates nothing
    kept = [
        b
        for i, b in enumerate(out)
        if not (isinstance(b, HorizontalRule) and i and isinstance(out[i - 1], HorizontalRule))
    ]
    while kept and isinstance(kept[0], HorizontalRule):
        kept.pop(0)
    while kept and isinstance(kept[-1], HorizontalRule):
        kept.pop()
    if (
        len(kept) == len(blocks)
        and type(blocks) is tuple
        and all(a is b for a, b in zip(kept, blocks, strict=True))
    ):
        return blocks  # nothing pruned: the same tuple, which spares rebuilding its container
    return tuple(kept)


def _rows(rows: tuple[Row, ...]) -> tuple[Row, ...]:
    return tuple(row for row in rows if row.cells)


def _number(blocks: tuple[Block, ...], prefix: str = "") -> tuple[Block, ...]:
    counters: dict[str, int] = {}

    def walk(seq: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in seq:
            kind = _PREFIX[type(block)]
            counters[kind] = counters.get(kind, 0) + 1
            new_id = f"{prefix}{kind}{counters[kind]}"
            if type(block) is Paragraph:
                block = _rebuilt(block, id=new_id)  # (what the last case does)
            elif isinstance(block, Quote):
                block = replace(block, id=new_id, blocks=walk(block.blocks))
            elif isinstance(block, ListBlock):
                block = replace(block, id=new_id, items=tuple(walk(item) for item in block.items))
            elif isinstance(block, Table):
                block = map_cells(replace(block, id=new_id), lambda c: replace(c, blocks=walk(c.blocks)))
            elif isinstance(block, DefinitionList):
                items = []
                for item in block.items:
                    (term,) = walk((item.term,))
                    assert isinstance(term, Paragraph)
                    items.append(DefinitionItem(term=term, definitions=walk(item.definitions)))
                block = replace(block, id=new_id, items=tuple(items))
            else:
                block = _rebuilt(block, id=new_id)
            out.append(block)
        return tuple(out)

    return walk(blocks)


#: The fields of each block type, for :func:`_rebuilt`.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _rebuilt(block: BlockT, **changes: object) -> BlockT:
    """``replace(block, **changes)``, without :func:`dataclasses.replace`'s checks on every
    call (blocks have no field outside ``__init__``): every block of every document is
    normalised and numbered."""
    kind = type(block)
    names = _FIELDS.get(kind)
    if names is None:
        assert all(f.init for f in fields(kind)), kind
        names = _FIELDS[kind] = tuple(f.name for f in fields(kind))
    values = {name: getattr(block, name) for name in names}
    values.update(changes)
    return kind(**values)


def _has_ref(inlines: tuple[Inline, ...]) -> bool:
    for node in inlines:
        if type(node) is Text:
            continue  # the most common node: neither a reference nor a container
        if isinstance(node, NoteRef):
            return True
        if isinstance(node, CONTAINERS) and _has_ref(node.content):
            return True
    return False


def make_document(metadata: Metadata, blocks: Sequence[Block], notes: Sequence[DraftNote] = ()) -> Document:
    """Build a :class:`Document` from a reader's draft: normalise, number notes, assign ids.

    Footnotes become ``fn1``, ``fn2``, ... in order of first reference (unreferenced notes
    follow in their own order); references to keys with no note are dropped. Blocks get ids
    ``h1``, ``p1``, ``fig1``, ``quote1``, ``list1`` counted per kind in reading order, and the
    blocks of footnote ``fn1`` get ``fn1-p1``, ... Blank paragraphs and headings are dropped.
    Link targets, image sources and the source URL that the URL policy refuses
    (:mod:`archivepub.model.urls`) are removed with a warning, and so are control characters
    no output can hold (:mod:`archivepub.model.chars`).

    >>> doc = make_document(Metadata(title="T"), [Paragraph(content=(Text("a"), NoteRef("x")))],
    ...                     [DraftNote("x", "1", (Paragraph(content=(Text("n"),)),))])
    >>> [b.id for b in doc.all_blocks()], doc.footnotes[0].id
    (['p1', 'fn1-p1'], 'fn1')
    """
    notes = [DraftNote(n.key, n.label, safe_blocks(tuple(n.blocks))) for n in notes]
    by_key = {note.key: note for note in notes}
    if metadata.source_url is not None:
        metadata = replace(metadata, source_url=safe_url(metadata.source_url, "source URL"))
    # (one walk: the URL policy, then normalisation, block by block, as two walks would)
    body = _prune(map_blocks(tuple(blocks), _safe_normalized))
    order: dict[str, None] = {}  # insertion-ordered, with constant-time membership
    body_refs = False
    for ref in noterefs(body):
        body_refs = True
        if ref.note in by_key:
            order.setdefault(ref.note)
    # notes may refer to other notes: follow them too, in order
    queue = list(order)
    i = 0
    while i < len(queue):
        for ref in noterefs(by_key[queue[i]].blocks):
            if ref.note in by_key and ref.note not in order:
                order[ref.note] = None
                queue.append(ref.note)
        i += 1
    for note in notes:
        order.setdefault(note.key)
    new_ids = {key: f"fn{n}" for n, key in enumerate(order, start=1)}

    def renumber(node: Inline) -> Inline | None:
        if isinstance(node, NoteRef):
            return NoteRef(new_ids[node.note]) if node.note in new_ids else None
        return node

    def fix_refs(block: Block) -> Block:
        # blocks without a note reference are normalised already: only references change here
        if isinstance(block, Heading | Paragraph) and _has_ref(block.content):
            return replace(block, content=normalize_inlines(map_inlines(block.content, renumber)))
        if isinstance(block, Preformatted) and _has_ref(block.content):
            return replace(block, content=normalize_preformatted(map_inlines(block.content, renumber)))
        if isinstance(block, Figure | Table) and _has_ref(block.caption):
            return replace(block, caption=normalize_inlines(map_inlines(block.caption, renumber)))
        return block

    if body_refs:  # (else fix_refs keeps every block, and the body is pruned already)
        body = _prune(map_blocks(body, fix_refs))
    footnotes = []
    for key in order:
        note = by_key[key]
        note_id = new_ids[key]
        note_blocks = _prune(map_blocks(map_blocks(note.blocks, _normalize_block), fix_refs))
        footnotes.append(Footnote(id=note_id, label=note.label, blocks=_number(note_blocks, f"{note_id}-")))
    return clean_document(Document(metadata=metadata, blocks=_number(body), footnotes=tuple(footnotes)))
