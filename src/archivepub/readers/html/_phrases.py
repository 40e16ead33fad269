"""Inline constructs the converter keeps: line breaks, superscript, subscript, inline code."""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from archivepub.model import Code, Inline, LineBreak, NoteRef, Subscript, Superscript, iter_inlines

__all__ = ["CODE_TAGS", "code_inline", "line_break", "scripted"]

#: Elements read as inline code (program text, keys to press, program output).
CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})
_SPACE = re.compile(r"\s+")


def line_break() -> Inline:
    """A ``<br>``: a hard line break."""
    return LineBreak()


def code_inline(el: HtmlElement) -> list[Inline]:
    """Inline code: its text verbatim, runs of whitespace (which HTML shows as one) as one space."""
    text = _SPACE.sub(" ", el.text_content())
    return [Code(text)] if text.strip() else []


def scripted(name: str, content: list[Inline]) -> list[Inline]:
    """``content`` of a ``sup`` or ``sub`` element as superscript or subscript.

    A superscript that holds a note reference is the reference's mark: the reference alone
    stays (writers draw note marks raised themselves). Any other element's content is returned
    as it is.
    """
    if name not in {"sup", "sub"} or not content:
        return content
    if any(isinstance(node, NoteRef) for node in iter_inlines(content)):
        return content
    return [Superscript(tuple(content)) if name == "sup" else Subscript(tuple(content))]
