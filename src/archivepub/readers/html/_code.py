"""Preformatted text: ``pre`` as a code block (program text) or as preformatted prose/verse."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from archivepub.model import Block, CodeBlock, DefinitionItem, DefinitionList, Paragraph, Preformatted
from archivepub.readers.html._util import class_tokens, tag

if TYPE_CHECKING:
    from archivepub.readers.html._blocks import Converter

__all__ = ["definition_list", "pre_block"]

_LANGUAGE = re.compile(r"(?:language|lang|brush|highlight-source|sourcecode)[-:_]?([a-z0-9+#.-]+)\Z", re.I)
_CODE_CLASSES = frozenset(
    {"code", "sourcecode", "source-code", "highlight", "codehilite", "prettyprint", "hljs"}
)


def _language(*elements: HtmlElement) -> str | None:
    for el in elements:
        lang = el.get("data-lang") or el.get("data-language")
        if lang:
            return lang.strip().lower() or None
        for token in class_tokens(el):
            match = _LANGUAGE.match(token)
            if match:
                return match.group(1).lower()
    return None


def pre_block(conv: Converter, el: HtmlElement) -> Block:
    """A ``pre`` element: program text as a :class:`CodeBlock`, anything else (a poem, a table
    of figures typed with spaces) as :class:`Preformatted` with its spacing and inline markup."""
    kids = [c for c in el if tag(c)]
    code = kids[0] if len(kids) == 1 and tag(kids[0]) in {"code", "samp", "kbd"} else None
    outside = (el.text or "").strip() or (code is not None and (code.tail or "").strip())
    language = _language(el, *([code] if code is not None else []))
    tokens = {t.lower() for t in class_tokens(el)}
    if (code is not None and not outside) or language is not None or tokens & _CODE_CLASSES:
        return CodeBlock(text=el.text_content(), language=language)
    return Preformatted(content=tuple(conv.inlines(el)))


def definition_list(conv: Converter, el: HtmlElement) -> DefinitionList:
    """A ``dl``: each ``dt`` a term, the ``dd`` elements after it its definition (their blocks
    in order); a ``dd`` before any term gets an empty term."""
    items: list[DefinitionItem] = []
    term: Paragraph | None = None
    definitions: list[Block] = []

    def close() -> None:
        if term is not None:
            items.append(DefinitionItem(term=term, definitions=tuple(definitions)))

    children = [c for c in el if tag(c)]
    # a wrapper div around each dt/dd group is allowed by HTML
    flat: list[HtmlElement] = []
    for child in children:
        if tag(child) == "div" and any(tag(g) in {"dt", "dd"} for g in child):
            flat.extend(g for g in child if tag(g))
        else:
            flat.append(child)
    for child in flat:
        name = tag(child)
        if name == "dt":
            close()
            term = Paragraph(content=tuple(conv.inlines(child)))
            definitions = []
        elif name == "dd":
            if term is None:
                term = Paragraph(content=())
            definitions.extend(conv.blocks(child))
    close()
    return DefinitionList(items=tuple(items))
