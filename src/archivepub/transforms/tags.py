"""Inline markup as tags in a string, and back: what machine translation and PO catalogs see.

A segment's inlines become one string with ``<em>…</em>``, ``<strong>…</strong>``,
``<sup>…</sup>``, ``<sub>…</sub>``, ``<a1>…</a1>`` (links, numbered in order, URLs kept
aside), ``<note1/>`` (note references, numbered in order), ``<code1/>`` (inline code,
numbered in order, its text kept aside: code is never given to a model) and ``<br/>`` (line
breaks). Literal ``<`` in text is written ``&lt;`` (and ``&`` as ``&amp;`` only
where it would read as one of these escapes). Reading a string back is tolerant: whatever a
translation model did to the tags, note references are never lost (a dropped one is
re-attached at the end of the segment), a link or emphasis that cannot be rebuilt keeps its
text, and every repair is described in the returned list.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from archivepub.model.build import normalize_inlines
from archivepub.model.nodes import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    NoteRef,
    Strong,
    Subscript,
    Superscript,
    Text,
)

__all__ = ["TAG_PATTERN", "TagMap", "escape", "inlines_to_tagged", "tagged_to_inlines", "unescape"]


@dataclass(frozen=True, slots=True)
class TagMap:
    """What the numbered tags of one tagged string stand for.

    ``links[i]`` is the URL of ``<a{i+1}>``, ``notes[i]`` the footnote id of ``<note{i+1}/>``
    and ``codes[i]`` the text of ``<code{i+1}/>``; ``emphasis``, ``strong``, ``sup`` and ``sub``
    count the ``<em>``, ``<strong>``, ``<sup>`` and ``<sub>`` spans and ``breaks`` the ``<br/>``
    (to notice lost ones).
    """

    links: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    emphasis: int = 0
    strong: int = 0
    codes: tuple[str, ...] = ()
    sup: int = 0
    sub: int = 0
    breaks: int = 0


_NO_TAGS = TagMap()

#: A tag as a model may return it (spaces and letter case tolerated). No two runs of spaces
#: touch, so a ``<`` followed by a long run of spaces is tried in linear time.
TAG_PATTERN = re.compile(
    r"<\s*(?:(?P<close>/)\s*)?(?P<name>em|strong|sup|sub|br|a\s*(?P<link>\d+)|note\s*(?P<note>\d+)"
    r"|code\s*(?P<code>\d+))\s*(?:(?P<empty>/)\s*)?>",
    re.IGNORECASE,
)
#: Tags nested deeper than this are removed (with a repair) rather than kept: no text needs
#: it, and the document model's recursion stays bounded.
MAX_DEPTH = 32
_ESCAPE = re.compile(r"<|&(?=(?:lt|gt|amp);)")
_UNESCAPE = re.compile(r"&(lt|gt|amp);")
_NAMES = {Emphasis: "em", Strong: "strong", Superscript: "sup", Subscript: "sub"}


def escape(text: str) -> str:
    """Escape text so that it cannot be read as a tag.

    >>> escape("a < b & c &lt;")
    'a &lt; b & c &amp;lt;'
    """
    if "<" not in text and "&" not in text:  # most text: nothing to escape, no scan
        return text
    return _ESCAPE.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)


def unescape(text: str) -> str:
    """Undo :func:`escape`.

    >>> unescape("a &lt; b & c &amp;lt;")
    'a < b & c &lt;'
    """
    if "&" not in text:  # most text: nothing to undo, no scan
        return text
    return _UNESCAPE.sub(lambda m: {"lt": "<", "gt": ">", "amp": "&"}[m.group(1)], text)


def inlines_to_tagged(inlines: tuple[Inline, ...]) -> tuple[str, TagMap]:
    """Serialise inlines to a tagged string and the map of its numbered tags.

    >>> text, tags = inlines_to_tagged(
    ...     (Text("See "), Link("https://e.org", (Emphasis((Text("this"),)),)), NoteRef("fn3"))
    ... )
    >>> text
    'See <a1><em>this</em></a1><note1/>'
    >>> tags
    TagMap(links=('https://e.org',), notes=('fn3',), emphasis=1, strong=0, codes=(), sup=0, sub=0, breaks=0)

    :param inlines: the inline content of one segment.
    """
    links: list[str] = []
    notes: list[str] = []
    codes: list[str] = []
    counts = {"em": 0, "strong": 0, "sup": 0, "sub": 0, "br": 0}

    def render(nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(escape(node.text))
            elif isinstance(node, NoteRef):
                notes.append(node.note)
                out.append(f"<note{len(notes)}/>")
            elif isinstance(node, Code):
                codes.append(node.text)
                out.append(f"<code{len(codes)}/>")
            elif isinstance(node, LineBreak):
                counts["br"] += 1
                out.append("<br/>")
            elif isinstance(node, Link):
                links.append(node.url)
                n = len(links)
                out.append(f"<a{n}>{render(node.content)}</a{n}>")
            elif isinstance(node, Emphasis | Strong | Superscript | Subscript):
                name = _NAMES[type(node)]
                counts[name] += 1
                out.append(f"<{name}>{render(node.content)}</{name}>")
        return "".join(out)

    text = render(inlines)
    return text, TagMap(
        links=tuple(links),
        notes=tuple(notes),
        emphasis=counts["em"],
        strong=counts["strong"],
        codes=tuple(codes),
        sup=counts["sup"],
        sub=counts["sub"],
        breaks=counts["br"],
    )


@dataclass(slots=True)
class _Open:
    name: str  # "em", "strong", "a1", ...
    children: list[Inline]


def _wrap(frame: _Open, tags: TagMap) -> Inline:
    content = tuple(frame.children)
    if frame.name == "em":
        return Emphasis(content)
    if frame.name == "strong":
        return Strong(content)
    if frame.name == "sup":
        return Superscript(content)
    if frame.name == "sub":
        return Subscript(content)
    return Link(tags.links[int(frame.name[1:]) - 1], content)


def _describe(name: str, tags: TagMap) -> str:
    if name in ("em", "strong"):
        return "emphasis" if name == "em" else "strong emphasis"
    if name in ("sup", "sub"):
        return "superscript" if name == "sup" else "subscript"
    return f"link {tags.links[int(name[1:]) - 1]}"


def tagged_to_inlines(text: str, tags: TagMap) -> tuple[tuple[Inline, ...], tuple[str, ...]]:
    """Read a (translated) tagged string back into inlines, repairing what the model broke.

    Returns the inlines and the repairs made, in words a reviewer can act on.

    >>> tags = TagMap(links=("https://e.org",), notes=("fn3",))
    >>> tagged_to_inlines("Voir <a1>ceci</a1><note1/>", tags)[0]
    (Text(text='Voir '), Link(url='https://e.org', content=(Text(text='ceci'),)), NoteRef(note='fn3'))
    >>> inlines, repairs = tagged_to_inlines("Voir <a1>ceci", tags)
    >>> inlines[-1], repairs[1]
    (NoteRef(note='fn3'), 'note fn3 re-attached at the end of the segment')

    :param text: the tagged string (as :func:`inlines_to_tagged` wrote it, then translated).
    :param tags: the map returned with the source string.
    """
    if "<" not in text and (tags is _NO_TAGS or tags == _NO_TAGS):
        # no tag to read and none expected (most sentences): what the loop below would make
        return normalize_inlines([Text(unescape(text))] if text else []), ()
    repairs: list[str] = []
    root = _Open("", [])
    stack = [root]
    in_stack: defaultdict[str, int] = defaultdict(
        int
    )  # names of the open frames (a closing tag finds its own in O(1))
    too_deep: defaultdict[str, int] = defaultdict(
        int
    )  # opened beyond MAX_DEPTH, not kept: their closing tags go too
    seen_links: set[int] = set()
    seen_notes: set[int] = set()
    seen_codes: set[int] = set()
    breaks = 0
    opened = {"em": 0, "strong": 0, "sup": 0, "sub": 0}

    pos = 0
    for match in TAG_PATTERN.finditer(text):
        start = match.start()
        if start > pos:  # the text before the tag
            stack[-1].children.append(Text(unescape(text[pos:start])))
        pos = match.end()
        raw = match.group(0)
        close, tag_name, link, note, code, empty = match.groups()
        if note is not None:
            n = int(note)
            if not 1 <= n <= len(tags.notes):
                repairs.append(f"unknown tag {raw} removed")
            elif n in seen_notes:
                repairs.append(f"repeated note {tags.notes[n - 1]} removed")
            else:
                seen_notes.add(n)
                stack[-1].children.append(NoteRef(tags.notes[n - 1]))
            continue
        if code is not None:
            n = int(code)
            if not 1 <= n <= len(tags.codes):
                repairs.append(f"unknown tag {raw} removed")
            elif n in seen_codes:
                repairs.append(f"repeated code {tags.codes[n - 1]!r} removed")
            else:
                seen_codes.add(n)
                stack[-1].children.append(Code(tags.codes[n - 1]))
            continue
        name = tag_name.lower()
        if name == "br":
            if close:
                repairs.append(f"stray closing tag {raw} removed")
            else:
                breaks += 1
                stack[-1].children.append(LineBreak())
            continue
        if link is not None:
            n = int(link)
            if not 1 <= n <= len(tags.links):
                repairs.append(f"unknown tag {raw} removed")
                continue
            name = f"a{n}"
        if empty:
            repairs.append(f"empty tag {raw} removed")
            continue
        if close is None:
            if len(stack) > MAX_DEPTH:
                too_deep[name] += 1
                too_deep["*"] += 1  # how many in all, for one repair at the end
                continue
            if name.startswith("a") and int(name[1:]) in seen_links:
                repairs.append(f"repeated {_describe(name, tags)} kept as text")
                stack.append(_Open("#" + name, []))  # content goes to a throwaway frame, then merged
                in_stack["#" + name] += 1
                continue
            if name.startswith("a"):
                seen_links.add(int(name[1:]))
            else:
                opened[name] += 1
            stack.append(_Open(name, []))
            in_stack[name] += 1
            continue
        # a closing tag
        if too_deep[name]:
            too_deep[name] -= 1
            continue
        target = name if in_stack[name] else "#" + name if in_stack["#" + name] else None
        if target is None:
            repairs.append(f"stray closing tag {raw} removed")
            continue
        while stack[-1].name != target:
            repairs.append(f"{_describe(stack[-1].name.lstrip('#'), tags)} closed early (tags crossed)")
            _close_any(stack, tags, in_stack)
        _close_any(stack, tags, in_stack)
    if pos < len(text):
        stack[-1].children.append(Text(unescape(text[pos:])))
    if too_deep["*"]:
        repairs.append(f"{too_deep['*']} tags nested more than {MAX_DEPTH} deep removed (their text kept)")
    while len(stack) > 1:
        repairs.append(f"{_describe(stack[-1].name.lstrip('#'), tags)} closed at the end of the segment")
        _close_any(stack, tags, in_stack)
    for n, url in enumerate(tags.links, start=1):
        if n not in seen_links:
            repairs.append(f"link {url} lost: its text was kept without the link")
    if tags.emphasis or tags.strong or tags.sup or tags.sub:
        for name, expected in (
            ("em", tags.emphasis),
            ("strong", tags.strong),
            ("sup", tags.sup),
            ("sub", tags.sub),
        ):
            if opened[name] < expected:
                lost = expected - opened[name]
                repairs.append(f"{lost} {_describe(name, tags)} span(s) lost: the text was kept without it")
    if breaks != tags.breaks:
        repairs.append(f"{tags.breaks} line break(s) in the source, {breaks} in the translation")
    for n, code in enumerate(tags.codes, start=1):
        if n not in seen_codes:
            root.children.append(Code(code))
            repairs.append(f"code {code!r} re-attached at the end of the segment")
    for n, note in enumerate(tags.notes, start=1):
        if n not in seen_notes:
            root.children.append(NoteRef(note))
            repairs.append(f"note {note} re-attached at the end of the segment")
    return normalize_inlines(root.children), tuple(repairs)


def _close_any(stack: list[_Open], tags: TagMap, in_stack: defaultdict[str, int]) -> None:
    frame = stack.pop()
    in_stack[frame.name] -= 1
    if frame.name.startswith("#"):
        stack[-1].children.extend(frame.children)  # a repeated link: keep its content as text
        return
    stack[-1].children.append(_wrap(frame, tags))
