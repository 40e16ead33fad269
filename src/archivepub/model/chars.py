"""Characters no output can hold, removed when a document is read (with a warning).

XML 1.0 (TEI, EPUB) cannot hold the C0 controls other than tab and line breaks, U+FFFE,
U+FFFF or lone surrogates, so a document carrying them would make a writer fail long after
it was read. Scraped text brings them in: a terminal's colour codes (ANSI escapes such as
``ESC[31m``), a stray NUL or form feed. :func:`clean_document` removes them from every string
of a document (an ANSI escape sequence whole, not just its ESC), and warns with
:class:`~archivepub.errors.ArchivepubWarning` saying how many characters went.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from typing import Any, TypeVar

from archivepub.errors import ArchivepubWarning
from archivepub.model.nodes import Text

__all__ = ["clean_document", "clean_text"]

# ANSI escape sequences (CSI "ESC [ ... final", OSC "ESC ] ... BEL/ST", two-byte "ESC x"),
# then single characters XML 1.0 cannot hold
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
)
# every character either pattern starts with: one search tells that a string is clean. Once
# the escapes are gone, these characters are removed wherever they are left, the lone C1 CSI
# (U+009B) too: otherwise removing "ESC" from "CSI ESC A" would make a new escape "CSI A",
# and cleaning a cleaned text again (reading a document back) would change it.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x9b\ufffe\uffff\ud800-\udfff]")

T = TypeVar("T")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without ANSI escapes and characters XML cannot hold, and how many went.

    >>> clean_text("\\x1b[1;31mRed\\x1b[0m alert\\x00")
    ('Red alert', 12)

    Cleaning is idempotent: ``clean_text(clean_text(t)[0])[1] == 0`` for every ``t``.
    """
    if not _SUSPECT.search(text):
        return text, 0
    cleaned = _SUSPECT.sub("", _ANSI.sub("", text))
    return cleaned, len(text) - len(cleaned)


#: The field names of each dataclass met (``()`` for other types): the walk below runs over
#: every node of every document read, so it asks :func:`dataclasses.fields` once per type.
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else ()
        _FIELDS[kind] = names
    return names


def _clean(value: Any, removed: list[int]) -> Any:
    if type(value) is Text and not _SUSPECT.search(value.text):
        return value  # the most common node, one string: no walk of its fields
    if isinstance(value, str):
        if not _SUSPECT.search(value):
            return value
        text, count = clean_text(value)
        removed[0] += count
        return text
    if isinstance(value, tuple):
        changed: list[Any] | None = None  # the items so far, once one of them changed
        for i, item in enumerate(value):
            # (the first test of _clean, without the call)
            new = item if type(item) is Text and not _SUSPECT.search(item.text) else _clean(item, removed)
            if changed is None and new is not item:
                changed = list(value[:i])
            if changed is not None:
                changed.append(new)
        if changed is None:
            return value
        items = tuple(changed)
        return _rejoin(items) if any(isinstance(i, Text) for i in items) else items
    if value is None or isinstance(value, type):
        return value
    changes = {}
    for name in _field_names(type(value)):
        old = getattr(value, name)
        new = _clean(old, removed)
        if new is not old:
            changes[name] = new
    return dataclasses.replace(value, **changes) if changes else value


def _rejoin(inlines: tuple[Any, ...]) -> tuple[Any, ...]:
    """Inline content whose text lost characters: no empty run, adjacent runs joined."""
    out: list[Any] = []
    for node in inlines:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)


def clean_document(doc: T) -> T:
    """``doc`` (a Document, or any node) with every string cleaned by :func:`clean_text`.

    Warns once with the number of characters removed; returns ``doc`` itself when none were.
    """
    removed = [0]
    out: T = _clean(doc, removed)
    if removed[0]:
        warnings.warn(
            f"removed {removed[0]} control characters (terminal colour codes, NUL, form feed, ...)"
            " that no output format can hold",
            ArchivepubWarning,
            stacklevel=2,
        )
    return out
