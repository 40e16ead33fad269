"""Traversals of the document model: iterate, query and rebuild blocks and inlines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from archivepub.model.nodes import (
    Block,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Text,
)

__all__ = [
    "child_blocks",
    "descend",
    "inline_content",
    "iter_inlines",
    "map_blocks",
    "map_inlines",
    "noterefs",
    "plain_text",
]


def child_blocks(block: Block) -> tuple[Block, ...]:
    """Return the blocks directly inside ``block`` (a quote's blocks, a list's items)."""
    if isinstance(block, Quote):
        return block.blocks
    if isinstance(block, ListBlock):
        return tuple(child for item in block.items for child in item)
    return ()


def descend(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block in reading order, each container before what it contains."""
    for block in blocks:
        yield block
        yield from descend(child_blocks(block))


def inline_content(block: Block) -> tuple[Inline, ...]:
    """Return a block's own inline content: a heading's or paragraph's text, a caption."""
    if isinstance(block, Heading | Paragraph):
        return block.content
    if isinstance(block, Figure):
        return block.caption
    return ()


def iter_inlines(inlines: Iterable[Inline]) -> Iterator[Inline]:
    """Yield every inline node, each container before its content."""
    for node in inlines:
        yield node
        if isinstance(node, Emphasis | Strong | Link):
            yield from iter_inlines(node.content)


def noterefs(blocks: Iterable[Block]) -> Iterator[NoteRef]:
    """Yield every note reference in ``blocks`` (nested blocks included) in reading order."""
    for block in descend(blocks):
        for node in iter_inlines(inline_content(block)):
            if isinstance(node, NoteRef):
                yield node


def plain_text(inlines: Iterable[Inline]) -> str:
    """Return the text of ``inlines`` without markup; note references are left out.

    >>> plain_text((Text("a "), Emphasis((Text("b"),)), NoteRef("fn1")))
    'a b'
    """
    return "".join(node.text for node in iter_inlines(inlines) if isinstance(node, Text))


def map_inlines(inlines: tuple[Inline, ...], fn: Callable[[Inline], Inline | None]) -> tuple[Inline, ...]:
    """Rebuild ``inlines`` bottom-up, replacing each node by ``fn(node)`` (``None`` drops it)."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Emphasis | Strong | Link):
            node = replace(node, content=map_inlines(node.content, fn))
        new = fn(node)
        if new is not None:
            out.append(new)
    return tuple(out)


def map_blocks(blocks: tuple[Block, ...], fn: Callable[[Block], Block]) -> tuple[Block, ...]:
    """Rebuild ``blocks`` bottom-up: children first, then ``fn`` on each block."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Quote):
            block = replace(block, blocks=map_blocks(block.blocks, fn))
        elif isinstance(block, ListBlock):
            block = replace(block, items=tuple(map_blocks(item, fn) for item in block.items))
        out.append(fn(block))
    return tuple(out)
