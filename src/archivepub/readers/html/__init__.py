"""Read an HTML article (any encoding, any amount of page furniture) into a Document.

The steps, each in its own module: decode and parse safely (``_parse``), read the head's
metadata and JSON-LD (``_metadata``), remove scripts and hidden elements (``_clean``), take
linked footnotes out (``_notes``), take the visible header out: standfirst, byline, dateline
(``_header``), remove boilerplate (``_clean``), find the article (``_content``), take plain-text
notes out (``_notes``) and convert what is left to blocks (``_blocks``, ``_figures``).
See ``docs/reading-html.md`` for the rules.
"""

from __future__ import annotations

import re
from dataclasses import replace

from lxml.html import HtmlElement

from archivepub.errors import ReadError
from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Figure,
    Heading,
    Inline,
    Metadata,
    NoteRef,
    Paragraph,
    Text,
    descend,
    make_document,
    map_blocks,
    map_inlines,
    normalize_inlines,
    normalize_space,
    plain_text,
)
from archivepub.model.walk import inline_content
from archivepub.readers._byline import parse_byline
from archivepub.readers._language import identify_language
from archivepub.readers.html._blocks import SUP_MARK, Converter
from archivepub.readers.html._clean import remove_boilerplate, remove_junk
from archivepub.readers.html._content import content_hints, find_article, prune_link_lists
from archivepub.readers.html._header import drop_title, same_title, take_header
from archivepub.readers.html._metadata import HeadMetadata, read_head, strip_site_suffix
from archivepub.readers.html._notes import (
    FoundNote,
    extract_linked,
    extract_plain,
    remove_empty_note_sections,
)
from archivepub.readers.html._parse import parse_html
from archivepub.readers.html._util import Sizes, drop, elements, resolve_url, tag, text_of

__all__ = ["read_html"]

_MARKER = re.compile(r"\[(\d{1,3})\]")
_LEFTOVER = re.compile(r"\s*(\[\s*\]|\(\s*\)|\^|↩︎?|↑)\s*$")


def read_html(
    data: bytes, *, url: str | None = None, name: str = "<bytes>", language: str | None = None
) -> Document:
    """Read an HTML article into a :class:`~archivepub.model.Document`.

    >>> page = (b'<html lang="en"><head><title>Tides | Harbour News</title></head><body>'
    ...         b'<nav>Home</nav><article><h1>Tides</h1><p class="byline">By Ann Lee</p>'
    ...         b'<p>The tide came in<sup><a href="#n1">1</a></sup>.</p></article>'
    ...         b'<ol class="footnotes"><li id="n1">Twice a day.</li></ol></body></html>')
    >>> doc = read_html(page)
    >>> doc.metadata.title, doc.metadata.authors, doc.footnotes[0].label
    ('Tides', ('Ann Lee',), '1')

    :param data: the page's bytes (any encoding: BOM, ``<meta charset>``, else detected).
    :param url: the page's address; relative links and images resolve against it (or
        against ``<base href>``), and it is recorded as ``source_url``.
    :param name: the file name used in error messages.
    :param language: the page's language when it is known elsewhere (a BCP-47 tag): used when
        the page declares none, instead of identifying it (which loads a language model).
    :raises ReadError: for a page that cannot be parsed or holds no article text.
    """
    try:
        return _read(data, url=url, name=name, language=language)
    except RecursionError as exc:
        raise ReadError("the page is nested too deeply to read", source=name) from exc


def _base_url(root: HtmlElement, url: str | None) -> str | None:
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            resolved = resolve_url(href, url)
            if resolved:
                return resolved
    return url


def _title(head: HeadMetadata, title_el: HtmlElement | None) -> str:
    site = head.site_name
    for candidate in head.titles:
        return strip_site_suffix(candidate, site)
    if title_el is not None:
        return text_of(title_el)
    if head.html_title:
        return strip_site_suffix(head.html_title, site)
    return ""


def _main_heading(root: HtmlElement, head: HeadMetadata, hints: list[HtmlElement]) -> HtmlElement | None:
    """The ``h1`` that titles the article: one repeating a stated title, else the first one."""
    h1s = [el for el in root.iter("h1") if text_of(el)]
    wanted = [normalize_space(t).casefold() for t in [*head.titles, head.html_title or ""] if t]
    for el in h1s:
        text = text_of(el).casefold()
        if any(text == w or (len(text) > 10 and w.startswith(text)) for w in wanted):
            return el
    for hint in hints:
        for el in hint.iter("h1"):
            if text_of(el):
                return el
    return h1s[0] if h1s else None


def _read(data: bytes, *, url: str | None, name: str, language: str | None) -> Document:
    root = parse_html(data, name=name)
    base = _base_url(root, url)
    head = read_head(root, url=base)
    remove_junk(root)

    linked = extract_linked(root)
    hints = content_hints(root)
    title_el = _main_heading(root, head, hints)
    title = _title(head, title_el)
    header = take_header(root, title_el)
    body = root.find("body")
    plain = extract_plain(body if body is not None else root)
    keep = frozenset(h for h in hints[:1] if h.getparent() is not None)
    remove_boilerplate(root, keep)
    article = find_article(root)
    if article is None:
        raise ReadError("no article text found", source=name)
    remove_empty_note_sections(article)
    prune_link_lists(article)
    if title_el is not None and title_el.getparent() is not None and _inside(title_el, article):
        _drop_labels_above(title_el, article)
    title_h1 = drop_title(article, title) if title else None
    if title_h1 is not None:
        drop(title_h1)
    elif (
        title_el is not None
        and title_el.getparent() is not None
        and _inside(title_el, article)
        and same_title(text_of(title_el), title)
    ):
        drop(title_el)
    if not title:
        title = _first_heading_text(article) or "Untitled"

    converter = Converter(base=base, context=normalize_space(article.text_content()), sizes=Sizes(article))
    blocks = converter.blocks(article)
    notes = [*linked, *plain]
    plain_labels = {n.label for n in plain}
    blocks = list(_resolve_plain_markers(tuple(blocks), plain_labels))
    drafts = [_draft(note, converter, plain_labels) for note in notes]
    blocks = _drop_title_heading(blocks, title)

    body_text = " ".join(plain_text(inline_content(b)) for b in descend(blocks))
    if not normalize_space(body_text):
        raise ReadError("no article text found", source=name)
    language = head.language or language or identify_language(f"{title}. {header.subtitle or ''} {body_text}")
    authors = _clean_authors(head.authors)
    if header.authors and all(_is_site(a, head.site_name) for a in authors):
        authors = header.authors  # the site's name standing in for an author
    authors = authors or header.authors
    metadata = Metadata(
        title=normalize_space(title),
        subtitle=header.subtitle,
        authors=tuple(dict.fromkeys(normalize_space(a) for a in authors if normalize_space(a))),
        date=head.date or header.date,
        language=language or "und",
        site_name=head.site_name,
        source_url=url or head.canonical,
    )
    return make_document(metadata, blocks, drafts)


def _clean_authors(authors: list[str]) -> list[str]:
    """Drop a "By" the page left in its stated authors."""
    out: list[str] = []
    for author in authors:
        names = parse_byline(author) if author[:3].casefold() in {"by ", "by\n", "by\t"} else None
        out.extend(n for n in (normalize_space(name) for name in names or [author]) if n)
    return out


def _is_site(author: str, site_name: str | None) -> bool:
    site = (site_name or "").casefold()
    return bool(site) and site.startswith(author.casefold())


def _drop_labels_above(title_el: HtmlElement, article: HtmlElement) -> None:
    """Drop short labels printed above the title (a section name, a kicker): not article text."""
    node: HtmlElement | None = title_el
    while node is not None and node is not article:
        for sibling in list(node.itersiblings(preceding=True)):
            text = text_of(sibling)
            labels = len(text) <= 60 and not text.endswith((".", "!", "?", ":", ";"))
            if tag(sibling) in _LABEL_TAGS and labels and sibling.find(".//img") is None:
                drop(sibling)
        node = node.getparent()


_LABEL_TAGS = frozenset({"p", "div", "span", "a", "small", "strong", "b", "em", "h2", "h3", "h4", "h5", "h6"})


def _inside(el: HtmlElement, root: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if node is root:
            return True
        node = node.getparent()
    return False


def _first_heading_text(article: HtmlElement) -> str | None:
    for el in elements(article):
        if tag(el) in {"h1", "h2"} and text_of(el):
            return text_of(el)
    return None


def _drop_title_heading(blocks: list[Block], title: str) -> list[Block]:
    """Drop a heading that repeats the title among the first blocks (levels are kept)."""
    for i, block in enumerate(blocks[:3]):
        if isinstance(block, Heading) and block.level == 1 and same_title(plain_text(block.content), title):
            return blocks[:i] + blocks[i + 1 :]
    return blocks


def _split_markers(node: Inline, labels: set[str]) -> list[Inline]:
    if not isinstance(node, Text) or "[" not in node.text:
        return [node]
    out: list[Inline] = []
    pos = 0
    for match in _MARKER.finditer(node.text):
        if match.group(1) not in labels:
            continue
        before = node.text[pos : match.start()]
        out.append(Text(before.rstrip(" ") if before.strip() else before))
        out.append(NoteRef(f"plain:{match.group(1)}"))
        pos = match.end()
    out.append(Text(node.text[pos:]))
    return [n for n in out if not isinstance(n, Text) or n.text]


def _resolve_inlines(inlines: tuple[Inline, ...], labels: set[str]) -> tuple[Inline, ...]:
    def fix(node: Inline) -> Inline | None:
        if isinstance(node, NoteRef) and node.note.startswith(SUP_MARK):
            label, _, original = node.note[len(SUP_MARK) :].partition("\x00")
            return NoteRef(f"plain:{label}") if label in labels else Text(original)
        return node

    fixed = map_inlines(inlines, fix)
    out: list[Inline] = []
    for node in fixed:
        out.extend(_split_markers(node, labels))
    return tuple(out)


def _resolve_plain_markers(blocks: tuple[Block, ...], labels: set[str]) -> tuple[Block, ...]:
    """Turn ``[1]`` and unlinked ``<sup>1</sup>`` into note references where a note exists."""

    def fix(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph):
            return replace(block, content=_resolve_inlines(block.content, labels))
        if isinstance(block, Figure):
            return replace(block, caption=_resolve_inlines(block.caption, labels))
        return block

    return map_blocks(blocks, fix)


def _strip_label(blocks: list[Block], label: str) -> list[Block]:
    """Remove the label a definition repeats at its start ("1.", "[1]", "1)")."""
    if not blocks or not isinstance(blocks[0], Paragraph):
        return blocks
    content = normalize_inlines(blocks[0].content)
    if not content or not isinstance(content[0], Text):
        return blocks
    pattern = re.compile(
        rf"^\s*(\[{re.escape(label)}\]|\({re.escape(label)}\)|{re.escape(label)}[.):]?)(\s+|$)"
    )
    match = pattern.match(content[0].text)
    if not match:
        return blocks
    first = Text(content[0].text[match.end() :])
    return [Paragraph(content=(first, *content[1:])), *blocks[1:]]


def _strip_leftovers(blocks: list[Block]) -> list[Block]:
    """Remove what back-links leave behind at the end of a note ("[]", "^")."""
    if not blocks or not isinstance(blocks[-1], Paragraph):
        return blocks
    content = normalize_inlines(blocks[-1].content)
    if content and isinstance(content[-1], Text):
        text = _LEFTOVER.sub("", content[-1].text)
        content = (*content[:-1], Text(text))
    return [*blocks[:-1], Paragraph(content=content)]


def _draft(note: FoundNote, converter: Converter, labels: set[str]) -> DraftNote:
    blocks = converter.blocks(note.element)
    if note.strip_label:
        blocks = _strip_label(blocks, note.label)
    blocks = list(_resolve_plain_markers(tuple(blocks), labels - {note.label}))
    blocks = _strip_leftovers(blocks)
    return DraftNote(key=note.key, label=note.label, blocks=tuple(blocks))
