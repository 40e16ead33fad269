"""Read an HTML article (any encoding, any amount of page furniture) into a Document.

The steps, each in its own module: decode and parse safely (``_parse``), read the head's
metadata and JSON-LD (``_metadata``), remove scripts and hidden elements (``_clean``), take
linked footnotes out (``_notes``), take the visible header out: standfirst, byline, dateline
(``_header``), remove boilerplate (``_clean``), find the article (``_content``), take plain-text
notes out (``_notes``) and convert what is left to blocks (``_blocks``, ``_figures``).
See ``docs/reading-html.md`` for the rules.
"""

from __future__ import annotations

import contextlib
import html
import re
import warnings
from collections.abc import Sequence
from dataclasses import replace

from lxml.html import HtmlElement

from archivepub.errors import ArchivepubWarning, ReadError
from archivepub.model import (
    Block,
    Document,
    DraftNote,
    Figure,
    Heading,
    Inline,
    Link,
    Metadata,
    NoteRef,
    Paragraph,
    Superscript,
    Text,
    block_text,
    descend,
    inline_content,
    iter_inlines,
    make_document,
    map_blocks,
    map_inlines,
    normalize_inlines,
    normalize_space,
    plain_text,
)
from archivepub.readers._byline import byline_names, fuller_name, names_someone, parse_byline
from archivepub.readers._dates import url_date
from archivepub.readers._language import LANGUAGE_SAMPLE, identify_language
from archivepub.readers.html._blocks import SUP_MARK, Converter
from archivepub.readers.html._clean import remove_boilerplate, remove_junk
from archivepub.readers.html._content import (
    content_hints,
    find_article,
    names_article,
    own_story,
    prune_link_lists,
)
from archivepub.readers.html._header import (
    drop_title,
    first_date_in_text,
    last_change_line,
    only_time_stamp,
    same_title,
    take_header,
    updated_line,
)
from archivepub.readers.html._media import mark_media
from archivepub.readers.html._metadata import (
    HeadMetadata,
    days_apart,
    host_label,
    month_first_language,
    read_head,
    strip_site_suffix,
)
from archivepub.readers.html._notes import (
    FoundNote,
    extract_linked,
    extract_plain,
    remove_empty_note_sections,
)
from archivepub.readers.html._parse import decode_page, parse_page, parse_text
from archivepub.readers.html._title import choose_title
from archivepub.readers.html._util import Page, elements, host_of, resolve_url, tag, text_of

__all__ = ["FallbackWarning", "read_html"]

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


class FallbackWarning(ArchivepubWarning):
    """No part of the page scored as the article: the reader fell back to a looser reading
    (fewer furniture rules, the densest text region) or to the article text the page states
    in its JSON-LD. The document is complete, but may hold page furniture.

    An :class:`~archivepub.errors.ArchivepubWarning` (so a ``UserWarning``): the command line
    and ``archivepub build`` report it like the other warnings, and ``--strict`` fails on it."""


class _NoArticleError(Exception):
    """This way of reading found no article text (the caller tries the next one)."""


def _read(data: bytes, *, url: str | None, name: str, language: str | None) -> Document:
    text, utf8 = decode_page(data, name=name)
    root = parse_page(text, utf8, name=name)
    head = read_head(root, url=_base_url(root, url, None))
    base = _base_url(root, url, head.canonical)
    try:
        doc = _read_tree(root, head, base=base, url=url, relaxed=False, language=language)
    except _NoArticleError:
        pass
    else:
        if _text_size(doc) < _LITTLE_TEXT:
            # furniture rules that took almost everything: a page whose markup left the
            # article inside a box named as furniture ("sidebar" never closed)
            with contextlib.suppress(_NoArticleError):
                relaxed = _read_tree(
                    parse_page(text, utf8, name=name),
                    head,
                    base=base,
                    url=url,
                    relaxed=True,
                    language=language,
                )
                if _unlinked_size(relaxed) >= 4 * max(_text_size(doc), 1):
                    warnings.warn(
                        f"{name}: the furniture rules left almost no text; read the page with fewer of them",
                        FallbackWarning,
                        stacklevel=3,
                    )
                    doc = relaxed
        if not head.body or _text_size(doc) >= len(normalize_space(head.body)):
            return doc  # (the page shows as much text as its JSON-LD states, or more)
        shown = _shown_share(doc, head.body)
        if shown >= _SHOWN or (shown == 0.0 and _text_size(doc) * 2 >= len(normalize_space(head.body))):
            # the page shows the stated text, or a text of its own much longer than it
            return doc
        # the page shows a notice or a teaser (and perhaps a subscription offer), its JSON-LD
        # states the article text
        with contextlib.suppress(_NoArticleError):
            stated = _read_tree(
                _stated_tree(head.body, name), head, base=base, url=url, relaxed=True, language=language
            )
            if _text_size(stated) > _text_size(doc):
                warnings.warn(
                    f"{name}: the page shows little of the article; read the text its JSON-LD states",
                    FallbackWarning,
                    stacklevel=3,
                )
                if stated.metadata.subtitle is None and doc.metadata.subtitle:
                    # the page's standfirst, which the stated text does not repeat
                    return replace(stated, metadata=replace(stated.metadata, subtitle=doc.metadata.subtitle))
                return stated
        return doc
    # no part of the page scored as the article: read it again with fewer furniture rules,
    # and compare with the article text the page may state in its JSON-LD (a page its
    # scripts fill in shows little more than a notice)
    found: list[tuple[Document, str]] = []
    with contextlib.suppress(_NoArticleError):
        doc = _read_tree(
            parse_page(text, utf8, name=name), head, base=base, url=url, relaxed=True, language=language
        )
        found.append((doc, "read the page with fewer furniture rules"))
    if head.body:
        with contextlib.suppress(_NoArticleError):
            doc = _read_tree(
                _stated_tree(head.body, name), head, base=base, url=url, relaxed=True, language=language
            )
            found.append((doc, "read the article text its JSON-LD states (articleBody)"))
    if not found:
        raise ReadError("no article text found", source=name)
    doc, how = max(found, key=lambda item: _text_size(item[0]))
    warnings.warn(f"{name}: no part of the page scored as the article; {how}", FallbackWarning, stacklevel=3)
    return doc


#: A reading that keeps less text than this (in characters) is compared with a relaxed one.
_LITTLE_TEXT = 250
#: A page that shows at least this share of the text its JSON-LD states is read as shown.
_SHOWN = 0.25
_WORDS = re.compile(r"\w+")
_RUN = 5


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _WORDS.findall(text.casefold())
    return {tuple(words[i : i + _RUN]) for i in range(max(len(words) - _RUN + 1, 0))}


def _shown_share(doc: Document, stated: str) -> float:
    """The share of the runs of words of the text the JSON-LD states that the page's reading
    shows (1.0 for a stated text too short to tell)."""
    wanted = _runs(stated)
    if not wanted:
        return 1.0
    shown = _runs(" ".join(block_text(b) for b in descend(doc.blocks)))
    return len(wanted & shown) / len(wanted)


def _stated_tree(body: str, name: str) -> HtmlElement:
    return parse_text(f"<html><body><article>{_as_html(body)}</article></body></html>", name=name)


def _shows_text(blocks: Sequence[Block]) -> bool:
    """True when the text of ``blocks`` is not blank once whitespace is normalised (what
    ``normalize_space`` leaves of whitespace and zero-width spaces only is empty)."""
    return any(block_text(b).replace("\u200b", " ").strip() for b in descend(blocks))


def _text_start(blocks: Sequence[Block], size: int) -> str:
    """The first ``size`` characters (at least) of the blocks' texts joined by spaces: the same
    start as the whole text's, without joining all of it."""
    parts: list[str] = []
    count = -1
    for block in descend(blocks):
        text = block_text(block)
        parts.append(text)
        count += len(text) + 1
        if count >= size:
            break
    return " ".join(parts)


def _text_size(doc: Document) -> int:
    return sum(len(block_text(b)) for b in descend(doc.blocks))


def _unlinked_size(doc: Document) -> int:
    """Characters of the text outside links (a site's menus read as text are nearly all links)."""
    linked = sum(
        len(plain_text(node.content))
        for block in descend(doc.blocks)
        for node in iter_inlines(inline_content(block))
        if isinstance(node, Link)
    )
    return _text_size(doc) - linked


def _as_html(body: str) -> str:
    """JSON-LD ``articleBody`` as HTML: its own markup, else one paragraph per line."""
    if re.search(r"<(p|div|br|h[1-6]|ul|ol|li|blockquote)\b", body, re.IGNORECASE):
        return body
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _base_url(root: HtmlElement, url: str | None, canonical: str | None) -> str | None:
    """What relative links and images resolve against: ``<base href>`` (itself resolved
    against the page's address), else the page's address: ``url``, else the canonical URL."""
    address = url or (canonical if canonical and _ABSOLUTE.match(canonical) else None)
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            resolved = resolve_url(href, address)
            if resolved and (_ABSOLUTE.match(resolved) or address is None):
                return resolved
    return address


_ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)


def _title(
    head: HeadMetadata, title_el: HtmlElement | None, hints: list[HtmlElement], url: str | None
) -> str:
    """The stated title (head, site name stripped) against the visible headline."""
    site = head.site_name
    stated = ""
    # og:title and JSON-LD seldom add the site's name: only a part that is the site goes
    for candidate in head.titles:
        if candidate:
            stated = strip_site_suffix(candidate, site, url=url or head.canonical, generic=False)
            break
    if not stated and head.html_title:
        stated = strip_site_suffix(head.html_title, site, url=url or head.canonical)
    if title_el is None:
        return stated
    in_article = any(names_article(node) for node in title_el.iterancestors())
    spaced = normalize_space(" ".join(title_el.itertext()))
    return choose_title(stated, text_of(title_el), head=head, url=url, in_article=in_article, spaced=spaced)


def _main_heading(root: HtmlElement, head: HeadMetadata, hints: list[HtmlElement]) -> HtmlElement | None:
    """The ``h1`` that titles the article: one repeating a stated title, else the first one."""
    h1s = [el for el in root.iter("h1") if text_of(el)]
    wanted = [normalize_space(t).casefold() for t in [*head.titles, head.html_title or ""] if t]
    for el in h1s:
        text = text_of(el).casefold()
        if any(text == w or (len(text) > 10 and w.startswith(text)) for w in wanted):
            return el
    # a page whose h1 is its section's name or a "Read also" box sets the headline in an h2
    for el in root.iter("h2"):
        text = text_of(el).casefold()
        if len(text) > 10 and any(text == w or w.startswith(text) for w in wanted):
            return el
    for hint in hints:
        for el in hint.iter("h1"):
            if text_of(el):
                return el
    # (not the site's logo set in an h1: a link to the home page and nothing else)
    return next((el for el in h1s if not _home_link(el)), None)


def _home_link(el: HtmlElement) -> bool:
    """The element's text is one link to the site's home page ("/", "https://host/")."""
    links = el.findall(".//a")
    if len(links) != 1 or text_of(links[0]) != text_of(el):
        return False
    href = (links[0].get("href") or "").strip()
    return href in {"/", "./", "#"} or re.fullmatch(r"(?:https?:)?//[^/?#]+/?", href) is not None


def _read_tree(
    root: HtmlElement,
    head: HeadMetadata,
    *,
    base: str | None,
    url: str | None,
    relaxed: bool,
    language: str | None = None,
) -> Document:
    """Read the article of a parsed page; ``relaxed``: without the furniture rules that go by
    class names and without pruning lists of links (the second try, see :func:`read_html`);
    ``language``: the language known from elsewhere, for a page that declares none."""
    mark_media(root, base)
    remove_junk(root)
    page = Page(root)

    linked = extract_linked(page)
    hints = content_hints(page, root)
    for hint in hints[:1]:
        page.protected.update([hint, *hint.iterancestors()])
    title_el = _main_heading(root, head, hints)
    title = _title(head, title_el, hints, url)
    month_first = month_first_language(head.language)
    updated = updated_line(page, month_first=month_first)
    header = take_header(page, title_el, month_first=month_first)
    if head.date is None and header.date is None:
        # a page that says when it was last changed is dated by that, not by a date its
        # text mentions
        header.date = (
            last_change_line(page, month_first=month_first)
            # (where the head states when the page was changed, not a date a line mentions)
            or first_date_in_text(page, month_first=month_first, lines_only=head.modified is not None)
            or only_time_stamp(page, month_first=month_first)
        )
    elif head.date_weak and header.date is None:
        # a generic date meta is often the day the page was made: a dateline the page shows
        # anywhere ("Erstellt am: 01.11.2023") dates it better
        header.date = first_date_in_text(page, month_first=month_first, lines_only=True)
    body = root.find("body")
    plain = extract_plain(page, body if body is not None else root)
    keep = frozenset(h for h in hints[:1] if h.getparent() is not None)
    remove_boilerplate(page, keep, by_name=not relaxed)
    article = find_article(page)
    if article is None:
        raise _NoArticleError
    article = own_story(article, title_el, page.sizes)
    remove_empty_note_sections(page, article)
    if not relaxed:
        prune_link_lists(page, article)
    if title_el is not None and title_el.getparent() is not None and _inside(title_el, article):
        _drop_labels_above(page, title_el, article)
    title_h1 = drop_title(article, title) if title else None
    if title_h1 is not None:
        page.drop(title_h1)
    elif (
        title_el is not None
        and title_el.getparent() is not None
        and _inside(title_el, article)
        and same_title(text_of(title_el), title)
    ):
        page.drop(title_el)
    if not title:
        title = _first_heading_text(article) or "Untitled"

    converter = Converter(base=base, article=article, sizes=page.sizes)
    blocks = converter.blocks(article)
    notes = [*linked, *plain]
    plain_labels = {n.label for n in plain}
    drafts = [_draft(note, converter, plain_labels) for note in notes]
    if plain_labels or converter.sup_marks:
        blocks = list(_resolve_plain_markers(tuple(blocks), plain_labels))
    blocks = _drop_title_heading(blocks, title)
    blocks = _drop_trailing_headings(blocks)

    if not _shows_text(blocks):
        raise _NoArticleError
    language = (
        head.language
        or language
        or identify_language(f"{title}. {header.subtitle or ''} {_text_start(blocks, LANGUAGE_SAMPLE)}")
    )
    authors = _clean_authors(head.authors)
    if header.authors and all(_stands_in(a, head, url) for a in authors):
        authors = header.authors  # the site's name or a user name standing in for the byline
    elif len(authors) == len(header.authors) == 1 and fuller_name(header.authors[0], authors[0]):
        authors = header.authors  # "Nils" stated, "Nils Pickert" shown
    authors = authors or header.authors
    metadata = Metadata(
        title=normalize_space(title),
        subtitle=header.subtitle,
        authors=tuple(dict.fromkeys(normalize_space(a) for a in authors if normalize_space(a))),
        date=_date(head, header.date, url_date(url or head.canonical), updated),
        language=language or "und",
        site_name=head.site_name,
        source_url=url or head.canonical,
    )
    return make_document(metadata, blocks, drafts)


def _date(
    head: HeadMetadata, shown: str | None, in_url: str | None, updated: str | None = None
) -> str | None:
    """The article's date: the date of the update the page shows ("Updated May 6, 2019")
    when it is later than the rest; else the head's, unless the page shows another one and
    the head's is a generic ``<meta name=date>``, or a UTC timestamp a day off the local day
    the page shows or its address holds; else the shown date, the date of the last change,
    the address's."""
    date = _published(head, shown, in_url)
    if updated is not None and shown in {None, updated} and (date is None or updated > date):
        return updated
    return date


def _published(head: HeadMetadata, shown: str | None, in_url: str | None) -> str | None:
    date = head.date
    if date is None:
        return shown or head.modified or in_url
    if shown and shown != date:
        if head.date_weak or shown in head.stated_dates:
            return shown  # (the head's sources disagree, and the page shows one of them)
        if shown == head.modified and shown > date:
            return shown  # the page shows the date of its last change, which its head states
    local = shown or in_url
    if local and head.date_utc and days_apart(date, local) == 1:
        return local
    return date


def _clean_authors(authors: list[str]) -> list[str]:
    """Drop a label the page left in its stated authors ("By X", "par X", "Artikel von: X"),
    and what names no one ("Posted on")."""
    out: list[str] = []
    for author in authors:
        author = _HANDLE_AFTER.sub("", author)  # ("Jane Roe @janeroe")
        names = parse_byline(author, handles=True)
        if names is None:
            author = byline_names(author) or author  # "By Staff Writer": a label, then no name
            if not names_someone(author):
                continue
        out.extend(n for n in (normalize_space(name) for name in names or [author]) if n)
    return out


def _stands_in(author: str, head: HeadMetadata, url: str | None) -> bool:
    """The stated "author" is the site (its name, its host), an organisation (JSON-LD types it
    so, or its name ends in a legal form: "e.V.", "GmbH", "Inc."), a user name ("robert.stitz")
    or an e-mail address."""
    site = (head.site_name or "").casefold()
    if site and site.startswith(author.casefold()):
        return True
    if _EMAIL.search(author) or head.authors_organisation or _LEGAL_FORM.search(author):
        return True  # (an address, an organisation: the newsroom, the publisher)
    if re.fullmatch(r"[a-z0-9]+(?:[._-][a-z0-9]+)*", author) and (len(author) > 12 or "." in author):
        return True
    hostname = host_of(url or head.canonical)
    host = re.sub(r"[\W_]+", "", hostname)
    label = host_label(url or head.canonical)
    # the site's own address in the name ("Deutsche Welle (www.dw.com)")
    for domain in _DOMAIN.findall(author.casefold()):
        if hostname and (hostname == domain or hostname.endswith(f".{domain.removeprefix('www.')}")):
            return True
    # the site's name before a tagline ("L-MAG - Das Magazin für Lesben", any dash)
    name = _TAGLINE.split(author, maxsplit=1)[0]
    for part in {author, name}:
        squeezed = re.sub(r"[\W_]+", "", part.casefold())
        if len(squeezed) >= 3 and (
            squeezed in host
            or (len(part.split()) <= 4 and host.startswith(squeezed))
            # the site's name with an article or a word around it ("Die FURCHE"), not a
            # person's name with the site's (a user's) in brackets
            or (
                len(label) >= 4
                and label in squeezed
                and len(part.split()) <= 3
                and len(label) >= 0.6 * len(squeezed)
            )
        ):
            return True
    return False


_HANDLE_AFTER = re.compile(r"(?<=\w)\s+@\w+$")
# the legal form that ends an organisation's name
_LEGAL_FORM = re.compile(
    r"\s(?:e\.\s?V|GmbH|gGmbH|AG|KG|Inc|Ltd|LLC|S\.\s?A|S\.\s?L|SAS|SARL|S\.\s?p\.\s?A|B\.\s?V|Verlag)\.?$"
)
_EMAIL = re.compile(r"\S@\S+\.\w|\[at\]", re.IGNORECASE)
_DOMAIN = re.compile(r"\b(?:[a-z0-9-]+\.)+[a-z]{2,}\b")
_TAGLINE = re.compile(r"\s+[\u2013\u2014|:-]\s+")


def _drop_labels_above(page: Page, title_el: HtmlElement, article: HtmlElement) -> None:
    """Drop short labels printed above the title (a section name, a kicker): not article text."""
    node: HtmlElement | None = title_el
    while node is not None and node is not article:
        for sibling in list(node.itersiblings(preceding=True)):
            if page.sizes.text(sibling) > 80:
                continue
            text = text_of(sibling)
            labels = len(text) <= 60 and not text.endswith((".", "!", "?", ":", ";"))
            if tag(sibling) in _LABEL_TAGS and labels and sibling.find(".//img") is None:
                page.drop(sibling)
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


def _wordless(block: Block) -> bool:
    """A picture without a word (a "back to top" arrow), a blank paragraph."""
    if isinstance(block, Figure):
        return not block.caption and not block.alt
    return isinstance(block, Paragraph) and not normalize_space(block_text(block))


def _drop_trailing_headings(blocks: list[Block]) -> list[Block]:
    """Without the headings at the very end: they head nothing (a list of other stories that
    the page's scripts fill in, "Comments" over no comment)."""
    end = len(blocks)
    while end > 0 and (isinstance(blocks[end - 1], Heading) or _wordless(blocks[end - 1])):
        end -= 1
    if end == 0:
        return blocks
    return blocks[:end] + [b for b in blocks[end:] if isinstance(b, Figure)]


def _split_markers(node: Inline, labels: set[str], exclude: str | None) -> list[Inline]:
    if not isinstance(node, Text) or "[" not in node.text:
        return [node]
    out: list[Inline] = []
    pos = 0
    for match in _MARKER.finditer(node.text):
        if match.group(1) not in labels or match.group(1) == exclude:
            continue
        before = node.text[pos : match.start()]
        out.append(Text(before.rstrip(" ") if before.strip() else before))
        out.append(NoteRef(f"plain:{match.group(1)}"))
        pos = match.end()
    out.append(Text(node.text[pos:]))
    return [n for n in out if not isinstance(n, Text) or n.text]


def _resolve_inlines(
    inlines: tuple[Inline, ...], labels: set[str], exclude: str | None
) -> tuple[Inline, ...]:
    def fix(node: Inline) -> Inline | None:
        if isinstance(node, NoteRef) and node.note.startswith(SUP_MARK):
            label, _, original = node.note[len(SUP_MARK) :].partition("\x00")
            if label in labels and label != exclude:
                return NoteRef(f"plain:{label}")
            return Superscript((Text(original),))  # a power, an ordinal: no note has this mark
        return node

    fixed = map_inlines(inlines, fix)
    out: list[Inline] = []
    for node in fixed:
        out.extend(_split_markers(node, labels, exclude))
    return tuple(out)


def _resolve_plain_markers(
    blocks: tuple[Block, ...], labels: set[str], exclude: str | None = None
) -> tuple[Block, ...]:
    """Turn ``[1]`` and unlinked ``<sup>1</sup>`` into note references where a note exists
    (other than ``exclude``, the note these blocks belong to)."""

    def fix(block: Block) -> Block:
        if isinstance(block, Heading | Paragraph):
            return replace(block, content=_resolve_inlines(block.content, labels, exclude))
        if isinstance(block, Figure):
            return replace(block, caption=_resolve_inlines(block.caption, labels, exclude))
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
    if labels or converter.sup_marks:
        blocks = list(_resolve_plain_markers(tuple(blocks), labels, note.label))
    blocks = _strip_leftovers(blocks)
    return DraftNote(key=note.key, label=note.label, blocks=tuple(blocks))
