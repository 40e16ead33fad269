# ruff: noqa: RUF002, RUF003  (Chinese punctuation in examples of datelines is meant)
"""The article's visible header: title ``h1``, standfirst, byline and dateline (taken out of the body)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import normalize_space
from archivepub.readers._byline import (
    LABEL_ONLY,
    LABEL_OPENINGS,
    LABEL_START,
    byline_names,
    names_someone,
    split_authors,
)
from archivepub.readers._byline import parse_byline as _parse_line
from archivepub.readers._credit import strip_credit_label
from archivepub.readers._dates import find_date, parse_date, search_date
from archivepub.readers.html._clean import is_furniture
from archivepub.readers.html._util import (
    HEADINGS,
    Page,
    Sizes,
    class_parts,
    elements,
    following,
    tag,
    text_of,
    within,
)

__all__ = [
    "Header",
    "date_text",
    "dateline",
    "drop_title",
    "first_date_in_text",
    "same_title",
    "take_header",
    "updated_line",
]

_STANDFIRST_WORDS = frozenset(
    {
        "standfirst",
        "lead",
        "lede",
        "dek",
        "deck",
        "summary",
        "subtitle",
        "subheadline",
        "subhead",
        "strapline",
        "intro",
        "announce",
        "anons",
        "excerpt",
        "lid",
        "teaser",
        "chapo",
        "chapeau",
        "vorspann",
    }
)
# last words of a class that name the standfirst by the word before them ("lead-text")
_STANDFIRST_TAILS = frozenset({"text", "txt", "content", "paragraph"})
_STANDFIRST_TOKENS = frozenset({"sub-headline", "sub-title", "sub-heading", "article-summary", "subheading"})
_NOT_STANDFIRST = frozenset(
    {
        "image",
        "img",
        "photo",
        "media",
        "video",
        "art",
        "list",
        "item",
        "items",
        "link",
        "links",
        "wrapper",
        "author",
    }
)
_BYLINE_PARTS = frozenset(
    {
        "byline",
        "bylines",
        "author",
        "authors",
        "writer",
        "writers",
        "contributor",
        "contributors",
        "authorname",
        "username",  # (a forum's or a blog's user who posted the article)
    }
)
_NOT_BYLINE = frozenset(
    {
        "bio",
        "box",
        "avatar",
        "image",
        "img",
        "photo",
        "picture",
        "description",
        "about",
        "card",
        "follow",
        "social",
    }
)
_DATE_PARTS = frozenset(
    {
        "date",
        "dateline",
        "published",
        "pubdate",
        "timestamp",
        "time",
        "posted",
        "updated",
        "datetime",
        "meta",
        "submitted",
    }
)
_SPACE = re.compile(r"\s+")
# class words that are furniture in the body but where bylines and datelines live
_HEADER_PARTS = frozenset(
    {
        "byline",
        "bio",
        "meta",
        "post-meta",
        "entry-meta",
        "article-meta",
        "metadata",
        "tags",
        "topics",
        "masthead",
        "author-box",
        "author-info",
        "author-card",
    }
)


@dataclass
class Header:
    """What the visible header of the article says; the elements are already removed."""

    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None


def _in_furniture(page: Page, el: HtmlElement) -> bool:
    """Inside page furniture (byline and meta boxes do not count: bylines live there; nor do
    the boxes that hold the article, nor an article's own header and footer)."""

    def test(node: HtmlElement) -> bool:
        if node in page.protected or node in page.title_boxes:
            return False
        if tag(node) == "header" and _banner(page, node):
            return True
        if not is_furniture(node, _HEADER_PARTS, page.sizes):
            return False
        return not (tag(node) in {"header", "footer"} and _in_article(page, node))

    return page.above(el, test, "header")


_HAS_NAV = lxml.etree.XPath("boolean(descendant::nav | descendant::*[@role='navigation'])")


def _banner(page: Page, header: HtmlElement) -> bool:
    """A ``header`` that is the site's banner: outside the article, holding the site's
    navigation, not the article's headline (its date is the day the page was made)."""
    if header in page.title_boxes or not _HAS_NAV(header):
        return False
    return not any(tag(node) in {"article", "main"} for node in header.iterancestors())


def _in_article(page: Page, el: HtmlElement) -> bool:
    def test(node: HtmlElement) -> bool:
        return tag(node) in {"article", "main"} or node in page.protected

    return page.above(el, test, "in-article", whole=True)  # one walk for all the page's elements


_POSTED_BY = re.compile(r"^(posted|published|written|reported|filed|story|report)\s+by\s+", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s+[|·•]\s+")


def parse_byline(text: str, *, handles: bool = False) -> list[str] | None:
    """The authors a byline line names (see :func:`archivepub.readers._byline.parse_byline`),
    also for "Posted by X on ..." and "Words by X. Photos by Y." (the photographer is a credit).

    >>> parse_byline("Posted by Jane Doe on April 18, 2024")
    ['Jane Doe']
    >>> parse_byline("Words by Jo Lee. Photos by Tom Rix.")
    ['Jo Lee']
    """
    names = _parse_line(text, handles=handles)
    if names:
        return names
    posted = _POSTED_BY.match(text.strip())
    if posted:
        return _parse_line("By " + text.strip()[posted.end() :])
    pieces = [p for p in _SENTENCE.split(text.strip()) if p.strip(" .")]
    if len(pieces) > 1:
        first = _parse_line(pieces[0].rstrip("."))
        rest_is_credit = all(strip_credit_label(p.rstrip(".")) != p.rstrip(".") for p in pieces[1:])
        if first and rest_is_credit:
            return first
    return None


def _in_figure(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None:
        if tag(node) in {"figure", "figcaption", "picture"}:
            return True
        node = node.getparent()
    return False


def _last_part(token: str) -> str:
    parts = [p for p in re.split(r"[-_]+", token) if p]
    return parts[-1] if parts else token


def _standfirst_like(el: HtmlElement) -> bool:
    if (el.get("itemprop") or "").lower() in {"description", "alternativeheadline"} and tag(el) != "meta":
        return True
    classes = el.get("class")
    if classes and _standfirst_class(classes):
        return True
    # an id names it as well ("article_lead"), when it holds no links (a box of site notices
    # with id "announce")
    ident = el.get("id")
    return bool(ident) and _standfirst_class(ident) and el.find(".//a") is None


@lru_cache(maxsize=4096)
def _standfirst_class(classes: str) -> bool:
    for token in classes.lower().split():
        if token in _STANDFIRST_TOKENS:
            return True
        parts = set(re.split(r"[-_]+", token))
        if parts & _NOT_STANDFIRST:
            continue
        if _last_part(token) in _STANDFIRST_WORDS:
            return True
        words = [p for p in re.split(r"[-_]+", token) if p]
        if len(words) >= 2 and words[-1] in _STANDFIRST_TAILS and words[-2] in _STANDFIRST_WORDS:
            return True
    return False


#: A standfirst holds at most this many characters; one marked as the page's description
#: (``itemprop="description"``) this many.
_STANDFIRST = 700
_DESCRIBED = 1500
_NOT_STANDFIRST_TAGS = frozenset(
    {"body", "html", "article", "main", "section", "img", "figure", "a", "li", "ul", "ol"}
)


def _find_standfirst(page: Page, title_el: HtmlElement | None) -> HtmlElement | None:
    root, sizes = page.root, page.sizes
    # after the title, up to the first long paragraph (where the body starts)
    for el in following(root, title_el):
        name = el.tag
        body_starts = name == "p" and sizes.text(el) > 200
        # (a box that says it is the page's description may hold a long lead)
        longest = _DESCRIBED if (el.get("itemprop") or "").lower() == "description" else _STANDFIRST
        if name in _NOT_STANDFIRST_TAGS or not _standfirst_like(el) or sizes.text(el) > longest + 100:
            if body_starts:
                break
            continue
        text = text_of(el)
        if (
            15 <= len(text) <= longest
            and len(el.findall(".//p")) <= 2
            and not _in_figure(el)  # (a picture's caption or credit)
            and not _in_furniture(page, el)
            and el.find(".//img") is None
            and parse_byline(text) is None
            and dateline(text) is None
        ):
            return el
        if body_starts:
            break
    if title_el is None:
        return None
    # a paragraph in the article header between the title and the body
    header = title_el.getparent()
    while header is not None and tag(header) not in {"header", "hgroup"}:
        if tag(header) in {"article", "main", "body"}:
            return _lead_in_title_box(page, title_el)
        header = header.getparent()
    if header is None:
        return _lead_in_title_box(page, title_el)
    after = False
    for el in elements(header):
        if el is title_el:
            after = True
            continue
        if after and tag(el) in {"p", "h2", "h3"} and not _dateish(el, sizes) and not _in_figure(el):
            text = text_of(el)
            # (a heading that repeats the title: the visible headline under a breadcrumb's h1)
            if (
                len(text) >= 20
                and sizes.density(el) <= 0.4  # (a topic's link: "Filed under Elections")
                and parse_byline(text) is None
                and not same_title(text, text_of(title_el))
            ):
                return el
    return None


#: The box of the title holds at most this many characters besides the title and its lead,
#: and at most this share of the page's text.
_TITLE_BOX_MORE = 100
_TITLE_BOX_SHARE = 0.3


def _lead_in_title_box(page: Page, title_el: HtmlElement) -> HtmlElement | None:
    """The paragraph after the title in the small box that holds the title apart from the
    body (a page's "stage": breadcrumb, headline, lead), when nothing else marks the lead."""
    sizes = page.sizes
    limit = sizes.text(title_el) + _STANDFIRST + _TITLE_BOX_MORE
    box, node = title_el, title_el.getparent()
    while node is not None and tag(node) not in {"body", "html"} and sizes.text(node) <= limit:
        box, node = node, node.getparent()
    body = page.root.find("body")
    whole = sizes.text(body if body is not None else page.root)
    if box is title_el or sizes.text(box) > _TITLE_BOX_SHARE * whole or sizes.density(title_el) >= 0.9:
        return None  # (a title that is all one link: the site's name over its tagline)
    for el in following(box, title_el):
        if not within(el, box):
            return None  # past the title's box
        if el.tag != "p":
            continue
        text = text_of(el)
        if (
            20 <= len(text) <= _STANDFIRST
            and sizes.density(el) <= 0.4
            and not _dateish(el, sizes)
            and not _in_figure(el)
            and parse_byline(text) is None
            and dateline(text) is None
            # the box holds the title and its lead, not the story too
            and sizes.text(box) <= sizes.text(title_el) + len(text) + _TITLE_BOX_MORE
            and not _picture_text(el, box)
        ):
            return el
        return None  # only the first paragraph after the title
    return None


_PICTURE_PARTS = frozenset({"image", "img", "photo", "picture", "media", "caption", "credit", "legend"})


def _picture_text(el: HtmlElement, box: HtmlElement) -> bool:
    """``el`` sits in a box named for a picture (a header picture's caption)."""
    for node in el.iterancestors():
        if node is box:
            return False
        if class_parts(node) & _PICTURE_PARTS:
            return True
    return False


def _dateish(el: HtmlElement, sizes: Sizes) -> bool:
    if sizes.text(el) > 100:
        return False
    text = text_of(el)
    return len(text) <= 80 and find_date(text) is not None and len(text.split()) <= 10


def _byline_like(el: HtmlElement) -> bool:
    if el.tag == "byline":
        return True
    if (el.get("rel") or "").lower() == "author" or (el.get("itemprop") or "").lower() in {
        "author",
        "creator",
    }:
        return True
    parts = class_parts(el)
    return bool(parts & _BYLINE_PARTS) and not parts & _NOT_BYLINE


def _byline_block(el: HtmlElement, sizes: Sizes) -> HtmlElement:
    """The outermost short element around a byline part (the whole "By X, 9 June 2023" line)."""
    node = el
    while True:
        parent = node.getparent()
        if parent is None or tag(parent) in {"body", "html", "article", "main", "header", "section"}:
            return node
        if sizes.text(parent) > 200 or (parent.find(".//p") is not None and tag(parent) != "p"):
            return node
        if tag(parent) in HEADINGS or _HAS_HEADING_OR_PICTURE(parent):
            return node
        node = parent


def _lines(el: HtmlElement) -> list[str]:
    """The lines of an element's text, split at ``<br>``."""
    parts: list[str] = [el.text or ""]
    for node in el.iter():
        if node is el:
            continue
        if tag(node) == "br":
            parts.append("")
        elif node.text:
            parts[-1] += node.text
        if node.tail:
            parts[-1] += node.tail
    return [normalize_space(p) for p in parts if normalize_space(p)]


_AUTHOR_PAGE = re.compile(
    r"/(author|authors|autor|autoren|auteur|auteurs|autore|profile|profiles|people|writer|writers|staff"
    r"|by|journalist|journalists|avtor|redaktion|redakteur|periodista|columnist|columnists)/",
    re.I,
)


def _name_children(el: HtmlElement) -> list[str]:
    """Names marked up inside a byline: author links, ``[itemprop=name]``, ``.author-name``."""
    found: list[str] = []
    for node in el.iter():
        if node is el or not tag(node):
            continue
        marked = (
            (tag(node) == "a" and _AUTHOR_PAGE.search(node.get("href") or "") is not None)
            or (node.get("rel") or "").lower() == "author"
            or (node.get("itemprop") or "").lower() == "name"
            or "name" in class_parts(node)
            or "authorname" in class_parts(node)
        )
        if marked and not text_of(node).startswith("@"):
            text = text_of(node)
            names = (
                parse_byline(text) or parse_byline(f"By {text}") or parse_byline(f"By {text}", handles=True)
            )
            for name in names or []:
                if name not in found:
                    found.append(name)
    return found


def _names_from(el: HtmlElement, block: HtmlElement) -> list[str]:
    own = text_of(el)
    line = text_of(block)
    for candidate in (own, line, *_lines(block)):
        names = parse_byline(candidate)
        if names:
            return names
    names = _name_children(el)
    if names:
        return names
    # (a name over its role, split by a line break: "Christoph Hein<br>Editor")
    own_lines = _lines(el)
    first = [f"By {own_lines[0]}"] if len(own_lines) > 1 else []
    # ("By Staff Writer" names no one: no "By" goes before it again)
    labelled = byline_names(own) is not None
    for candidate in () if labelled else (*first, f"By {own}", f"By {line}"):
        names = parse_byline(candidate)
        if names:
            return names
    for candidate in (own,) if labelled else (own, f"By {own}"):
        names = parse_byline(candidate, handles=True)  # a blog's or forum's user name
        if names:
            return names
    if own and len(own) <= 80 and not find_date(own) and names_someone(own) and not LABEL_ONLY.match(own):
        pieces = (_unlabelled(piece) for piece in split_authors(own.strip(" ,;|\u00b7")))
        return [n for n in pieces if n and 1 <= len(n.split()) <= 6 and names_someone(n)]
    return []


# another field of a byline box ("Datum: 15.06.19", "Anzahl der Kommentare: 0"), or a source
# named as the author ("Quelle: hessenschau.de")
_FIELD = re.compile(r"^\s*([^\W\d_][^:]{0,30}?)\s*:\s*(\S.*)$")
_SOURCE_LABELS = frozenset({"quelle", "quellen", "source", "sources", "fuente", "źródło"})


def _unlabelled(piece: str) -> str | None:
    """A name from a byline box without the label the page put before it ("By Staff Writer",
    "von X", "par X", "Autor: X", "Quelle: X"); None for another field of the box."""
    names = byline_names(piece)
    if names is not None:
        return names
    field = _FIELD.match(piece)
    if field is None:
        return piece
    return field.group(2).strip() if field.group(1).casefold() in _SOURCE_LABELS else None


#: How many marked-up byline candidates are read for names before giving up on them.
_BYLINE_CANDIDATES = 200

# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
# (and a page's own <byline> element, as news markup such as NITF names it)
_MAYBE_BYLINE = lxml.etree.XPath(
    "descendant-or-self::*/@rel/.. | descendant-or-self::*/@itemprop/.. | descendant-or-self::byline"
)


def take_header(page: Page, title_el: HtmlElement | None, *, month_first: bool = False) -> Header:
    """Find the standfirst, byline and dateline, remove them from the tree and return them.

    :param page: the page (scripts and hidden elements already gone).
    :param title_el: the article's title ``h1``, if one was found.
    :param month_first: the page's language writes numeric dates month first (US English).
    """
    root, sizes = page.root, page.sizes
    header = Header()
    if title_el is not None:
        # the box that holds the headline (a page builder's intro with share buttons and a
        # breadcrumb) is not furniture for the byline and the dateline under it
        page.title_boxes = frozenset(title_el.iterancestors())
    # byline: a marked-up element first, else a visible "By X" line near the title
    tried = 0
    account = False
    for el in page.named(_BYLINE_PARTS, also=_MAYBE_BYLINE(root)):
        if el.getparent() is None or tag(el) in {"body", "html", "article", "main", "meta", "img"}:
            continue
        if not _byline_like(el) or _in_furniture(page, el) or _in_figure(el) or _in_dated_list(el, sizes):
            continue  # (a comment's author is not the article's)
        tried += 1
        if tried > _BYLINE_CANDIDATES:
            break  # a page of thousands of "author" boxes (a comment thread, a list): no byline
        block = _byline_block(el, sizes)
        if sizes.text(block) > 200:
            continue
        names = _names_from(el, block)
        if not names:
            continue
        header.authors = names
        account = class_parts(el) & _BYLINE_PARTS == {"username"}  # (the site's user who posted it)
        header.date = find_date(date_text(block), month_first=month_first)
        if header.date is None:
            for time in block.iter("time"):
                header.date = parse_date(time.get("datetime") or "", month_first=month_first) or parse_date(
                    date_text(time), month_first=month_first
                )
                if header.date:
                    break
        page.drop(block)
        break
    if not header.authors:
        _visible_byline(page, title_el, header, month_first)
    if not header.authors or account:
        # (an article the site's user posted may be signed by its author: "Beitrag von X")
        header.authors = _labelled_byline(page, title_el) or header.authors
    if not header.authors:
        header.authors = _author_link(page)
    # dates first: a page may set its dateline inside the standfirst's box
    _take_dates(page, header, month_first)
    standfirst = _find_standfirst(page, title_el)
    if standfirst is not None:
        header.subtitle = text_of(standfirst)
        if header.date is None:
            # a dateline run into the standfirst ("Press release of 25 January 2022 | Berlin - ...")
            lead = _LEAD_SPLIT.split(header.subtitle, maxsplit=1)[0]
            header.date = dateline(lead, month_first=month_first) if len(lead) <= 80 else None
        page.drop(standfirst)
    _dateline_after_title(page, title_el, header, month_first)
    return header


_LEAD_SPLIT = re.compile(r"\s[|\u2013\u2014-]\s")


def date_text(el: HtmlElement) -> str:
    """An element's text for finding a date in it: its pieces joined with spaces, since pages
    set a date and its time in adjacent spans ("28.09.19" "12:44")."""
    return normalize_space(" ".join(el.itertext()))


#: How many short lines after the title may hold the byline.
_BYLINE_REACH = 60


def _visible_byline(page: Page, title_el: HtmlElement | None, header: Header, month_first: bool) -> None:
    seen = lines = 0
    root, sizes = page.root, page.sizes
    for el in following(root, title_el):
        if el.getparent() is None:
            continue
        name = tag(el)
        if name not in {"p", "div", "span", "address", "h4", "h5", "h6", "li", "em", "strong"}:
            continue
        if sizes.text(el) > 400:
            if name == "p":
                seen += 1
                if seen > 3:
                    return
            continue
        text = page.text(el)
        if not text or len(text) > 160:
            if len(text) > 160 and name == "p":
                seen += 1
                if seen > 3:
                    return
            continue
        if _HAS_P_OR_DIV(el) or _in_furniture(page, el):
            continue
        lines += 1
        if lines > _BYLINE_REACH:
            return  # a byline sits near the title, not anywhere down a long page
        names = parse_byline(text)
        if names:
            header.authors = names
            header.date = header.date or find_date(text, month_first=month_first)
            page.drop(el)
            return
        if LABEL_ONLY.match(text):
            # "Autor:" on a line of its own, the name on the next
            after = _text_after(el)
            names = parse_byline(f"By {after}") or parse_byline(f"By {after}", handles=True)
            if after and names:
                header.authors = names
                _drop_label_and_name(page, el)
                return


#: The longest line read as a labelled byline away from the title ("Autorin: X, ...").
_LABELLED_LINE = 160
_LABELLED_TAGS = frozenset({"p", "div", "span", "strong", "b", "em", "i", "address", "h4", "h5", "h6"})


def _labelled_byline(page: Page, title_el: HtmlElement | None) -> list[str]:
    """The names of a line that says it is the byline by its label ("Autorin: Uta Berg",
    "Von Anna Berg", "Text: Jo Lee"), anywhere outside the page's furniture: a page may sign
    its article under the text rather than over it. The line is removed."""
    sizes = page.sizes
    for el in page.root.iter(*_LABELLED_TAGS):
        if el.getparent() is None or sizes.text(el) > _LABELLED_LINE:
            continue
        opening = _opening(el)
        if (
            opening.lstrip(_LEAD_IN)[:2].casefold() not in LABEL_OPENINGS
            or LABEL_START.match(opening) is None
        ):
            continue  # (the cheap tests first: the line's first words; most lines have no label)
        text = page.text(el)
        if not text or byline_names(text) is None:
            continue
        names = parse_byline(text)
        if (
            names
            # (far from the title, a one-word "name" is more often a word of a headline)
            and all(len(name.split()) >= 2 for name in names)
            # (a teaser's link "Von Einheimischen und Gästen" is another story's headline)
            and sizes.density(el) < _ALL_LINK
            and not _in_furniture(page, el)
            and not _in_dated_list(el, sizes)
        ):
            page.drop(el)
            return names
    return []


_LEAD_IN = " \t\n\r\u00a0-\u2013\u2014\u2022\u00ad\u200b\u200c\u200d\u2060\ufeff"


def _opening(el: HtmlElement) -> str:
    """The first words of an element's text: its own text, else its first child's (a label
    set in bold: "<b>Von</b> Anna Berg")."""
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None:
            break
        text = node.text
        if text and not text.isspace():
            return text
        node = next(node.iterchildren(lxml.etree.Element), None)
    return ""


#: The share of an element's text in links from which it is a link (a teaser's headline).
_ALL_LINK = 0.9


_LINKS = lxml.etree.XPath("//a[@href]")
# a link to the author's page itself: the folder, then a name (not "/licenses/by/4.0/")
_AUTHOR_LINK = re.compile(_AUTHOR_PAGE.pattern + r"[^/?#]*[^\W\d_][^/?#]*/?(?:[?#].*)?$", re.I)


def _author_link(page: Page) -> list[str]:
    """The name of the first link to an author's page (``/author/jane-roe``) outside the page's
    furniture and its comments, where nothing else names the author: an author box under the
    article ("More from Jane Roe"), a name in a meta bar no class calls a byline."""
    found: str | None = None  # the author page of the first such link
    best: list[str] = []
    for link in _LINKS(page.root):
        href = link.get("href") or ""
        if (found is not None and href != found) or _AUTHOR_LINK.search(href) is None:
            continue
        text = text_of(link)
        if not text or len(text) > 80 or link.getparent() is None:
            continue
        names = parse_byline(text) or parse_byline(f"By {text}")
        # (a person's name: not a label such as "Autoren" or "People")
        if names and len(names) == 1 and len(names[0].split()) >= 2 and not _in_dated_list(link, page.sizes):
            found = href
            # the shortest text of the links to that page: "Jane Roe", not "More from Jane Roe"
            if not best or len(names[0]) < len(best[0]):
                best = names
    return best


def _text_after(el: HtmlElement) -> str:
    """The first words after ``el``: its tail, else the text of the elements that follow."""
    tail = normalize_space(el.tail or "")
    if tail:
        return tail[:120]
    for sibling in el.itersiblings():
        text = normalize_space(" ".join(sibling.itertext()))
        if text:
            return text[:120]
        tail = normalize_space(sibling.tail or "")
        if tail:
            return tail[:120]
    return ""


def _drop_label_and_name(page: Page, label: HtmlElement) -> None:
    """Remove a label and the name after it (its tail, or the next element)."""
    if normalize_space(label.tail or ""):
        label.tail = None
    else:
        for sibling in label.itersiblings():
            if normalize_space(" ".join(sibling.itertext())):
                page.drop(sibling)
                break
    page.drop(label)


def _take_dates(page: Page, header: Header, month_first: bool) -> None:
    """Take the dateline (``time`` elements, ``.date`` lines) out of the article."""
    root, sizes = page.root, page.sizes
    for el in page.named(_DATE_PARTS, also=root.iter("time")):
        if el.getparent() is None:
            continue
        name = tag(el)
        is_time = name == "time"
        if not is_time and not (class_parts(el) & _DATE_PARTS and name not in {"body", "article", "main"}):
            continue
        if sizes.text(el) > 100:
            continue
        text = date_text(el)
        if len(text) > 100 or _in_furniture(page, el) or _in_teaser(page, el) or _in_dated_list(el, sizes):
            continue
        date = None
        if is_time:
            date = (
                parse_date(el.get("datetime") or "", month_first=month_first)
                or parse_date(text, month_first=month_first)
                or find_date(text, month_first=month_first)
            )
        elif text:
            date = find_date(text, month_first=month_first)
        if date is None:
            continue
        if _in_running_text(el, sizes):
            continue
        header.date = header.date or date
        block = el
        parent = el.getparent()
        if parent is not None and tag(parent) in {"p", "div", "span", "li"} and _dateish(parent, sizes):
            block = parent
        page.drop(block)


# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
_LINKED_HEADING = lxml.etree.XPath(
    "descendant::h2[descendant::a[@href]] | descendant::h3[descendant::a[@href]]"
    " | descendant::h4[descendant::a[@href]]"
)
#: The most text a related story's card or a news list's item holds (a title, a teaser line).
_CARD_TEXT = 500


def _in_teaser(page: Page, el: HtmlElement) -> bool:
    """True when ``el`` sits in a small box under a heading that links to another story (a
    related story's card, an item of a news list): its date is that story's. Only boxes
    that do not hold the article's own headline count, a few levels up at most."""
    if not page.title_boxes:
        return False
    node = el.getparent()
    for _ in range(4):
        if node is None or node in page.title_boxes or tag(node) in {"body", "main"}:
            return False
        if page.sizes.text(node) > _CARD_TEXT:
            return False  # a card is small; this box holds a story
        for heading in _LINKED_HEADING(node):
            link = heading.find(".//a[@href]")
            if link is not None and normalize_space(link.text_content()) == text_of(heading):
                return True
        node = node.getparent()
    return False


#: The text an item of a list holds besides its time stamp when it is a post (a comment, a
#: story's teaser), not a field of the article's meta bar ("Published ...", "Updated ..."),
#: unless the list as a whole holds more than a card (``_CARD_TEXT``).
_POST_TEXT = 100


def _in_dated_list(el: HtmlElement, sizes: Sizes) -> bool:
    """True when ``el`` sits in a post of a list whose posts are stamped with times each (a
    comment thread, replies nested in it, a list of stories): the date is that post's, not
    the article's."""
    node = el.getparent()
    for _ in range(10):
        if node is None or tag(node) in {"body", "article", "main"}:
            return False
        if tag(node) == "li":
            holder = node.getparent()
            if holder is None:
                return False
            if sizes.text(node) < sizes.text(el) + _POST_TEXT and sizes.text(holder) <= _CARD_TEXT:
                return False  # a small list of fields: the article's meta bar
            if any(
                item is not node and next(item.iter("time"), None) is not None
                for item in holder.iterchildren("li")
            ):
                return True
        node = node.getparent()
    return False


_DATE_LABEL = re.compile(
    r"^(published|updated|posted|first published|date|опубликовано|обновлено|дата( публикации)?|"
    r"հրապարակվել է|հրապարակված|թարմացվել է|dərc (olunub|edilib)|yenilənib|tarix)\b",
    re.IGNORECASE,
)


def _dateline_after_title(
    page: Page, title_el: HtmlElement | None, header: Header, month_first: bool
) -> None:
    """A short line near the title that is only a date ("18 April 2024", "Published: 9 June 2023"),
    perhaps with a place or a label ("Hamburg, 2. November 2021", "Pressemitteilung vom ...")."""
    seen = 0
    root, sizes = page.root, page.sizes
    for el in following(root, title_el):
        if el.getparent() is None:
            continue
        name = tag(el)
        if name == "p" and sizes.text(el) > 200:
            return
        if sizes.text(el) > 200:
            continue
        if name not in _DATELINE_TAGS:
            continue
        seen += 1
        if seen > 40:
            return
        text = date_text(el)
        if not text or len(text) > 80 or _HAS_P_DIV_OR_IMG(el) or _in_furniture(page, el):
            continue
        if is_furniture(el, _HEADER_PARTS, page.sizes) and el not in page.protected:
            continue  # a comment's date, a related story's
        date = dateline(text, month_first=month_first)
        if date is None:
            continue
        header.date = header.date or date
        page.drop(el)
        return


_DATELINE_TAGS = frozenset(
    {
        "p",
        "div",
        "span",
        "small",
        "em",
        "i",
        "b",
        "strong",
        "li",
        "address",
        "time",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
_SENTENCE_END = re.compile(r"[.!?]\s+[^\W\d_]")


def dateline(text: str, *, month_first: bool = False) -> str | None:
    """The date of a line that is a date, perhaps with a weekday, a time, a place or a label
    of a few words; None for a line of prose that mentions a date.

    >>> dateline("Hamburg, 2. November 2021"), dateline("Pressemitteilung vom 25. Januar 2022 |")
    ('2021-11-02', '2022-01-25')
    >>> dateline("On 2 November 2021 the harbour closed for the winter.") is None
    True
    >>> dateline("发布时间：2020年02月14日"), dateline("1975年1月28日出生于新加坡，祖籍中国江苏省") is None
    ('2020-02-14', True)

    :param text: the line.
    :param month_first: read ``03/04/2024`` as March 4.
    """
    date = parse_date(text, month_first=month_first)
    if date is not None:
        return date
    found = search_date(text, month_first=month_first)
    if found is None or len(text) > 80:
        return None
    rest = f"{text[: found[1]]} {text[found[2] :]}"
    rest = _TIME_OF_DAY.sub(" ", rest)
    words = re.findall(r"[^\W\d_]{2,}", rest)
    limit = 4 if _DATE_LABEL.match(text) else 3
    if len(words) > limit or _SENTENCE_END.search(rest):
        return None
    if len(_CJK.findall(rest)) > _CJK_LABEL:
        return None  # (words of Chinese, Japanese or Korean are not spaced: count characters)
    return found[0]


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
#: The most characters of Chinese, Japanese or Korean a dateline holds besides its date
#: ("发布时间：", "更新于").
_CJK_LABEL = 5


# the texts of the page that hold more than spaces, tabs and line ends (two text nodes in three
# are indentation: libxml2 leaves them out faster than Python can make and test a string for
# each; the callers' own tests, ``isspace`` among them, still see every other one)
_TEXT_NODES = lxml.etree.XPath("//body//text()[normalize-space()]")
# compiled once: ``el.xpath(text)`` compiles its expression on every call
_HAS_HEADING_OR_PICTURE = lxml.etree.XPath("boolean(.//h1|.//h2|.//h3|.//img|.//figure)")
_HAS_P_OR_DIV = lxml.etree.XPath("boolean(.//p|.//div)")
_HAS_P_DIV_OR_IMG = lxml.etree.XPath("boolean(.//p|.//div|.//img)")
# a date that opens a paragraph, ended by a dash or a colon (a dateline run into the text)
_LEADING_DATE = re.compile(r"^([^\W_][\w.,/ ]{4,30}?\d)\s*[-\u2013\u2014:]\s")
_DIGIT = re.compile(r"\d")


def first_date_in_text(page: Page, *, month_first: bool = False, lines_only: bool = False) -> str | None:
    """The first dateline in the page's visible text outside its furniture (comments,
    sidebars, related stories), else the first date a line mentions: the last resort before
    the page's URL. A line that is a date ("14.01.2022 um 09:25", "Erstellt am: 01.11.2023")
    dates the page better than a caption or a citation that mentions one before it ("Picture
    of 31.05.2021", "Vol. 371, 15 January 2021, DOI ..."). With ``lines_only``, only a dateline
    counts."""
    mentioned: str | None = None
    dated = 0
    for piece in _TEXT_NODES(page.root):
        # (two text nodes in three are indentation: a cheap test before the search)
        if not isinstance(piece, str) or piece.isspace() or not _DIGIT.search(piece):
            continue
        text = str(piece)
        if len(text) > 300:
            # a long paragraph counts only with a date that opens it ("27.1.2022 - The ...")
            lead = _LEADING_DATE.match(text.lstrip()[:40])
            if lead is None:
                continue
            text = lead.group(1)
        date = find_date(text, month_first=month_first)
        if date is None:
            continue
        holder = getattr(piece, "getparent", lambda: None)()
        if holder is None or _in_furniture(page, holder):
            continue
        if dateline(text, month_first=month_first) is not None and not _in_list_of_dates(holder):
            return date
        mentioned = mentioned or date
        dated += 1
        if dated >= _MENTIONS:
            break  # (a dateline comes near the first mentions, not after the page's every date)
    return None if lines_only else mentioned


#: How many lines that mention a date are read before giving up on finding a dateline.
_MENTIONS = 10


def _in_list_of_dates(el: HtmlElement) -> bool:
    """True when ``el`` sits in an item of a list whose other items show dates too (a list of
    events, of stories, an archive): a date of the list, not of the page."""
    for node in [el, *el.iterancestors()][:5]:
        if tag(node) == "li":
            holder = node.getparent()
            return holder is not None and any(
                item is not node and find_date(date_text(item)) is not None
                for item in holder.iterchildren("li")
            )
    return False


_LAST_CHANGE = re.compile(
    r"\b(last (?:modified|edited|updated|changed)|zuletzt\b.{0,50}?\b(?:geändert|bearbeitet|aktualisiert)"
    r"|letzte (?:änderung|aktualisierung)|dernière (?:modification|mise à jour)"
    r"|última (?:modificación|actualización|edición|atualização|alteração)"
    r"|ultima modifica|laatst (?:gewijzigd|bewerkt)|senast (?:ändrad|uppdaterad))\b",
    re.IGNORECASE,
)


# words every _LAST_CHANGE match holds (no word boundaries: the texts of elements run together
# in the page's whole text), lower case: searched for once in the lower-cased page first
_LAST_CHANGE_WORD = re.compile(
    r"last (?:modified|edited|updated|changed)|zuletzt|letzte (?:änderung|aktualisierung)"
    r"|dernière (?:modification|mise à jour)"
    r"|última (?:modificación|actualización|edición|atualização|alteração)"
    r"|ultima modifica|laatst (?:gewijzigd|bewerkt)|senast (?:ändrad|uppdaterad)"
)


def _mentions_last_change(text: str) -> bool:
    """True when ``text`` may hold a :data:`_LAST_CHANGE` match (never False when it does)."""
    if _case_odd(text):
        return True  # a letter the lower-casing does not pair as the pattern would: look at each text
    return _LAST_CHANGE_WORD.search(text.lower()) is not None


def last_change_line(page: Page, *, month_first: bool = False) -> str | None:
    """The date of a line that says when the page was last changed ("This page was last
    edited on 29 January 2020", "Diese Seite wurde zuletzt am ... geändert"), wherever it is:
    a wiki or a page without a stated date says so in its footer."""
    if not _mentions_last_change(lxml.etree.tostring(page.root, method="text", encoding=str)):
        return None  # most pages say nothing of a change: one search, not one per text
    for piece in _TEXT_NODES(page.root):
        if not isinstance(piece, str) or len(piece) > 200 or piece.isspace() or not _DIGIT.search(piece):
            continue
        if _LAST_CHANGE.search(piece):
            date = find_date(str(piece), month_first=month_first)
            if date is not None:
                return date
    return None


_UPDATED = re.compile(
    r"\b(?:(?:last )?updated|(?:zuletzt )?aktualisiert|letzte (?:änderung|aktualisierung)|mis à jour"
    r"|actualizad[oa]|atualizad[oa]|aggiornat[oa]|bijgewerkt|обновлено)\b",
    re.IGNORECASE,
)


# the words of _UPDATED without word boundaries (the texts of elements run together)
_UPDATE_WORD = re.compile(
    r"updated|aktualisiert|letzte (?:änderung|aktualisierung)|mis à jour|actualizad|atualizad|aggiornat"
    r"|bijgewerkt|обновлено",
    re.IGNORECASE,
)
# _UPDATE_WORD's words are lower case: searched for in lower-cased text without IGNORECASE,
# which spares the regex engine trying every word at every character of a whole page (ten
# times faster). Both agree on text without these characters, the only ones a case-blind
# match pairs with a letter of those words although ``str.lower`` does not turn them into
# it (or turns them into two characters); see tests/readers/html/test_html_speed_paths.py.
_UPDATE_WORD_LOWER = re.compile(_UPDATE_WORD.pattern)
_CASE_ODD = re.compile("[\u0130\u0131\u017f\u1c80\u1c82]")


def _case_odd(text: str) -> bool:
    """``_CASE_ODD.search(text)``: a few substring scans, faster than the pattern's on a page."""
    return any(ch in text for ch in _CASE_ODD_CHARS)


_CASE_ODD_CHARS = _CASE_ODD.pattern[1:-1]


def _mentions_update(text: str) -> bool:
    """``_UPDATE_WORD.search(text)``, faster."""
    if _case_odd(text):
        return _UPDATE_WORD.search(text) is not None
    return _UPDATE_WORD_LOWER.search(text.lower()) is not None


def updated_line(page: Page, *, month_first: bool = False) -> str | None:
    """The date of a short line that shows when the article was updated ("Updated May 6,
    2019", "Aktualisiert am 17.01.2021"), outside the page's furniture; None when there is
    none. A page that shows such a line is dated by it (see :func:`read_html`)."""
    if not _mentions_update(lxml.etree.tostring(page.root, method="text", encoding=str)):
        return None  # most pages say nothing of an update: one search, not one per text
    for piece in _TEXT_NODES(page.root):
        if not isinstance(piece, str) or len(piece) > 120 or piece.isspace():
            continue  # (two text nodes in three are indentation, which holds no word)
        # every _UPDATED match holds an _UPDATE_WORD match: the cheap test first
        if not _mentions_update(piece) or not _UPDATED.search(piece):
            continue
        holder = getattr(piece, "getparent", lambda: None)()
        if holder is None:
            continue
        # the label and its date may sit in neighbouring elements of one line
        line = holder.getparent() if getattr(piece, "is_tail", False) else holder
        for node in (line, None if line is None else line.getparent()):
            if node is None or tag(node) in {"body", "html"}:
                break
            text = normalize_space(node.text_content())
            if len(text) > 120:
                break
            if not _DIGIT.search(text):
                continue
            found = search_date(text, month_first=month_first)
            if found is None:
                continue
            # the date follows the label ("Updated 6 May"), not a date before it ("6 May, updated")
            label = _UPDATED.search(text)
            if label is None or label.start() > found[1] or _in_furniture(page, node):
                break
            # "Published 3 May | Updated 6 May": the line shows the publication date too
            if search_date(text[: found[1]]) or search_date(text[found[2] :]):
                return None
            return found[0]
    return None


def only_time_stamp(page: Page, *, month_first: bool = False) -> str | None:
    """The date of the page's one ``<time datetime>`` element, wherever it sits (a sidebar box
    of the article, a meta bar its class names call furniture): a page that stamps one time
    stamps its own. None when there are several (a list of stories, comments) or none."""
    stamps = [el for el in page.root.iter("time") if el.get("datetime")]
    if len(stamps) != 1:
        return None
    (el,) = stamps
    return parse_date(el.get("datetime") or "", month_first=month_first) or parse_date(
        date_text(el), month_first=month_first
    )


_TIME_OF_DAY = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:uhr|h|[ap]\.?m\.?)?", re.IGNORECASE)


def _in_running_text(el: HtmlElement, sizes: Sizes) -> bool:
    """True when ``el`` sits in a paragraph of prose (a date in a sentence stays)."""
    node = el.getparent()
    while node is not None and tag(node) not in {"body", "article", "main", "section"}:
        if tag(node) in {"p", "li", "blockquote", "td", "dd", "figcaption"} and sizes.text(node) > 100:
            return True
        node = node.getparent()
    return False


_WORD = re.compile(r"\w+")


def same_title(heading: str, title: str) -> bool:
    """True when a heading repeats the title: equal words, one a prefix of the other (a site
    suffix or a subtitle after a colon), or nearly the same words.

    >>> same_title("Salt roads: a history", "Salt roads"), same_title("Tides", "Winds")
    (True, False)
    """
    a = _WORD.findall(heading.casefold())
    b = _WORD.findall(title.casefold())
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= 2 and longer[: len(shorter)] == shorter:
        return True
    common = len(set(a) & set(b))
    return common / max(len(set(a)), len(set(b))) >= 0.8


def drop_title(root: HtmlElement, title: str) -> HtmlElement | None:
    """Return the first ``h1`` whose text repeats ``title`` (the caller removes it)."""
    for el in root.iter("h1"):
        if same_title(normalize_space(el.text_content()), title):
            return el
    return None
