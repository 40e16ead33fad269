"""Traversals of the document model: iterate, query and rebuild blocks and inlines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from archivepub.model.nodes import (
    Block,
    Cell,
    Code,
    CodeBlock,
    DefinitionItem,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
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
)

#: The inline nodes that hold other inlines.
CONTAINERS = (Emphasis, Strong, Link, Superscript, Subscript)

__all__ = [
    "CONTAINERS",
    "block_text",
    "child_blocks",
    "descend",
    "inline_content",
    "iter_inlines",
    "map_blocks",
    "map_cells",
    "map_inlines",
    "noterefs",
    "plain_text",
]


def child_blocks(block: Block) -> tuple[Block, ...]:
    """Return the blocks directly inside ``block``.

    A quote's blocks, a list's items, a table's cells (head, bodies, foot; row by row), a
    definition list's terms each followed by its definition.
    """
    if type(block) is Paragraph:
        return ()  # the most common block: none of the cases below
    if isinstance(block, Quote):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(child for item in block.items for child in item)
    if isinstance(block, Table):
        return tuple(child for row in block.rows() for cell in row.cells for child in cell.blocks)
    if isinstance(block, DefinitionList):
        return tuple(child for item in block.items for child in (item.term, *item.definitions))
    return ()


def descend(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block in reading order, each container before what it contains."""
    for block in blocks:
        yield block
        yield from descend(child_blocks(block))


def inline_content(block: Block) -> tuple[Inline, ...]:
    """Return a block's own inline content: a heading's or paragraph's text, a caption."""
    if type(block) is Paragraph or isinstance(block, Heading | Paragraph | Preformatted):
        return block.content
    if isinstance(block, Figure | Table):
        return block.caption
    return ()


def block_text(block: Block) -> str:
    """Return the text ``block`` shows itself (not its children's): its inline content as plain
    text, a code block's code, a media placeholder's title.

    >>> block_text(CodeBlock(text="x = 1")), block_text(Paragraph(content=(Text("a"),)))
    ('x = 1', 'a')
    """
    if isinstance(block, CodeBlock):
        return block.text
    if isinstance(block, Media):
        return block.title or ""
    return plain_text(inline_content(block))


def iter_inlines(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Yield every inline node, each container before its content."""
    for node in inlines:
        yield node
        if type(node) is not Text and isinstance(node, CONTAINERS):
            yield from iter_inlines(node.content)


def noterefs(blocks: Iterable[Block]) -> Iterator[NoteRef]:
    """Yield every note reference in ``blocks`` (nested blocks included) in reading order."""
    for block in descend(blocks):
        for node in iter_inlines(inline_content(block)):
            if isinstance(node, NoteRef):
                yield node


def plain_text(inlines: Iterable[Inline]) -> str:
    """Return the text of ``inlines`` without markup; note references are left out, inline
    code is text and a line break is a newline.

    >>> plain_text((Text("a "), Emphasis((Text("b"),)), NoteRef("fn1"), LineBreak(), Code("x")))
    'a b\\nx'
    """
    out: list[str] = []
    _plain_text(inlines, out)
    return "".join(out)


def _plain_text(inlines: Iterable[Inline], out: list[str]) -> None:
    # one call per level, not a generator per level (the translation asks for the text of
    # every translated sentence, and each writer for every block's)
    for node in inlines:
        if type(node) is Text or isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, CONTAINERS):
            _plain_text(node.content, out)


def map_inlines(inlines: tuple[Inline, ...], fn: Callable[[Inline], Inline | None]) -> tuple[Inline, ...]:
    """Rebuild ``inlines`` bottom-up, replacing each node by ``fn(node)`` (``None`` drops it).

    What ``fn`` leaves as it was is not rebuilt: unchanged nodes and tuples come back as
    themselves (readers and transforms run this over every node of every document)."""
    out: list[Inline] = []
    changed = type(inlines) is not tuple
    for node in inlines:
        current = node
        if isinstance(node, CONTAINERS):
            content = map_inlines(node.content, fn)
            if content is not node.content:
                current = replace(node, content=content)
        new = fn(current)
        if new is not node:
            changed = True
        if new is not None:
            out.append(new)
    return tuple(out) if changed else inlines


def map_blocks(blocks: tuple[Block, ...], fn: Callable[[Block], Block]) -> tuple[Block, ...]:
    """Rebuild ``blocks`` bottom-up: children first, then ``fn`` on each block.

    What ``fn`` leaves as it was is not rebuilt: unchanged blocks and tuples come back as
    themselves."""
    out: list[Block] = []
    changed = type(blocks) is not tuple
    for block in blocks:
        new = block
        if type(block) is Paragraph:
            pass  # the most common block: none of the containers below
        elif isinstance(block, Quote):
            inner = map_blocks(block.blocks, fn)
            if inner is not block.blocks:
                new = replace(block, blocks=inner)
        elif isinstance(block, ListBlock):
            items = tuple(map_blocks(item, fn) for item in block.items)
            if _any_new(items, block.items):
                new = replace(block, items=items)
        elif isinstance(block, Table):
            new = map_cells(block, lambda cell: _map_cell(cell, fn))
        elif isinstance(block, DefinitionList):
            entries = tuple(_map_item(item, fn) for item in block.items)
            if _any_new(entries, block.items):
                new = replace(block, items=entries)
        new = fn(new)
        if new is not block:
            changed = True
        out.append(new)
    return tuple(out) if changed else blocks


def _any_new(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    return len(new) != len(old) or any(a is not b for a, b in zip(new, old, strict=False))


def _map_cell(cell: Cell, fn: Callable[[Block], Block]) -> Cell:
    inner = map_blocks(cell.blocks, fn)
    return cell if inner is cell.blocks else replace(cell, blocks=inner)


def _map_item(item: DefinitionItem, fn: Callable[[Block], Block]) -> DefinitionItem:
    term = fn(item.term)
    if not isinstance(term, Paragraph):
        raise TypeError("a definition term must stay a Paragraph")
    definitions = map_blocks(item.definitions, fn)
    if term is item.term and definitions is item.definitions:
        return item
    return DefinitionItem(term=term, definitions=definitions)


def map_cells(table: Table, fn: Callable[[Cell], Cell]) -> Table:
    """Return ``table`` with every cell replaced by ``fn(cell)`` (head, bodies and foot);
    ``table`` itself when ``fn`` returns every cell as it was."""
    changed = False

    def rows(seq: tuple[Row, ...]) -> tuple[Row, ...]:
        nonlocal changed
        out: list[Row] = []
        for row in seq:
            cells = tuple(fn(cell) for cell in row.cells)
            if _any_new(cells, row.cells):
                changed = True
                out.append(Row(cells=cells))
            else:
                out.append(row)
        return tuple(out)

    head, bodies, foot = rows(table.head), tuple(rows(body) for body in table.bodies), rows(table.foot)
    if not changed:
        return table
    return replace(table, head=head, bodies=bodies, foot=foot)
