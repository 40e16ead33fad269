"""Older versions of the archival JSON form, upgraded to the current one on read.

``archivepub/1`` had headings, paragraphs, figures, quotes and lists, with text, emphasis,
strong emphasis, links and note references inside. ``archivepub/2`` adds tables, code blocks,
preformatted text, rules, definition lists and media placeholders, and the inlines
superscript, subscript, code and line break; every ``archivepub/1`` value means the same in
``archivepub/2``. Upgrading a version 1 file therefore checks that it holds only what version
1 could hold (a ``"table"`` in a version 1 file is an error naming its path, as a file
written by hand or by another tool might have) and restamps it.
"""

from __future__ import annotations

from typing import Any

from archivepub.errors import ReadError

__all__ = ["CURRENT", "VERSIONS", "upgrade"]

#: The version :meth:`~archivepub.model.Document.to_json` writes.
CURRENT = "archivepub/2"
#: Every version :meth:`~archivepub.model.Document.from_json` reads.
VERSIONS = ("archivepub/1", CURRENT)

_V1_BLOCKS = frozenset({"heading", "paragraph", "figure", "quote", "list"})
_V1_INLINES = frozenset({"text", "emphasis", "strong", "link", "noteref"})


def _check_inlines(value: object, path: str) -> None:
    if not isinstance(value, list):
        return  # the shape is checked by the codec, with the same path
    for i, node in enumerate(value):
        if isinstance(node, dict):
            kind = node.get("type")
            if isinstance(kind, str) and kind not in _V1_INLINES:
                raise ReadError(f"{path}[{i}]: inline type {kind!r} does not exist in archivepub/1")
            _check_inlines(node.get("content"), f"{path}[{i}].content")


def _check_blocks(value: object, path: str) -> None:
    if not isinstance(value, list):
        return
    for i, block in enumerate(value):
        if not isinstance(block, dict):
            continue
        where = f"{path}[{i}]"
        kind = block.get("type")
        if isinstance(kind, str) and kind not in _V1_BLOCKS:
            raise ReadError(f"{where}: block type {kind!r} does not exist in archivepub/1")
        _check_inlines(block.get("content"), f"{where}.content")
        _check_inlines(block.get("caption"), f"{where}.caption")
        _check_blocks(block.get("blocks"), f"{where}.blocks")
        items = block.get("items")
        if isinstance(items, list):
            for j, item in enumerate(items):
                _check_blocks(item, f"{where}.items[{j}]")


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Return the archival JSON object ``data`` (any version in :data:`VERSIONS`) as :data:`CURRENT`.

    >>> upgrade({"schema": "archivepub/1", "metadata": {}, "blocks": [], "footnotes": []})["schema"]
    'archivepub/2'

    :raises ReadError: a version 1 file holds a node version 1 did not have.
    """
    if data.get("schema") == "archivepub/1":
        _check_blocks(data.get("blocks"), "blocks")
        notes = data.get("footnotes")
        if isinstance(notes, list):
            for i, note in enumerate(notes):
                if isinstance(note, dict):
                    _check_blocks(note.get("blocks"), f"footnotes[{i}].blocks")
        data = {**data, "schema": CURRENT}
    return data
