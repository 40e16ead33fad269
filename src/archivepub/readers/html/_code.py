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
    {
        "code",
        "sourcecode",
        "source-code",
        "highlight",
        "codehilite",
        "prettyprint",
        "hljs",
        "syntaxhighlighter",
    }
)
# the token classes syntax highlighters give the spans of program text (Pygments, highlight.js, Prism)
_TOKEN_CLASSES = frozenset(
    {
        "k",
        "kd",
        "kn",
        "kt",
        "n",
        "nb",
        "nc",
        "nf",
        "nn",
        "nt",
        "na",
        "o",
        "p",
        "s",
        "s1",
        "s2",
        "mi",
        "mf",
        "c",
        "c1",
        "cm",
    }
)
_CODE_CHARS = re.compile(r"[{}=<>$|\\\[\]]|\w\(|^\s*[$#>] |\s--?[a-z]")


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


def _highlighted(el: HtmlElement) -> bool:
    """True when a syntax highlighter marked up ``el``'s text (token classes on its spans)."""
    spans = 0
    for span in el.iter("span"):
        tokens = class_tokens(span)
        if any(t in _TOKEN_CLASSES or t.startswith(("hljs-", "token")) for t in tokens):
            spans += 1
            if spans >= 3:
                return True
    return False


def _looks_like_code(text: str) -> bool:
    """True when most lines hold what program text has and prose or verse does not (braces,
    operators, a call, a prompt, a command's options)."""
    lines = [line for line in text.splitlines() if line.strip()]
    return bool(lines) and sum(bool(_CODE_CHARS.search(line)) for line in lines) * 2 >= len(lines)


def pre_block(conv: Converter, el: HtmlElement) -> Block:
    """A ``pre`` element: program text as a :class:`CodeBlock`, anything else (a poem, a table
    of figures typed with spaces) as :class:`Preformatted` with its spacing and inline markup.

    Program text is a ``pre`` holding one ``code`` element, one that names a language or has a
    code class (itself or the element around it), one a syntax highlighter marked up, or one
    whose lines mostly hold brackets, operators, a prompt or a command's options.
    """
    kids = [c for c in el if tag(c)]
    code = kids[0] if len(kids) == 1 and tag(kids[0]) in {"code", "samp", "kbd"} else None
    outside = (el.text or "").strip() or (code is not None and (code.tail or "").strip())
    parent = el.getparent()
    around = [el, *([code] if code is not None else []), *([parent] if parent is not None else [])]
    language = _language(*around)
    tokens = {t.lower() for node in around for t in class_tokens(node)}
    text = el.text_content()
    if (
        (code is not None and not outside)
        or language is not None
        or tokens & _CODE_CLASSES
        or _highlighted(el)
        or _looks_like_code(text)
    ):
        return CodeBlock(text=text, language=language)
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
