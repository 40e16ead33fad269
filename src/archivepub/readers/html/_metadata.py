# ruff: noqa: RUF001, RUF002, RUF003  (dashes and marks used as title separators are meant)
"""Article metadata from the page head: <meta> (og:, article:, dc., twitter:), JSON-LD, <html lang>."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date as date_cls
from typing import Any

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import normalize_space
from archivepub.readers._byline import split_authors
from archivepub.readers._dates import parse_date
from archivepub.readers._language import normalize_language_tag
from archivepub.readers.html._util import host_of, resolve_url

__all__ = [
    "HeadMetadata",
    "days_apart",
    "host_label",
    "month_first_language",
    "read_head",
    "strip_site_suffix",
    "title_parts",
]

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "liveblogposting",
        "report",
        "review",
        "medicalscholarlyarticle",
        "satiricalarticle",
        "advertisercontentarticle",
        "discussionforumposting",
        "recipe",
        "howto",
        "videoobject",
        "podcastepisode",
    }
)
# types that may also be something embedded in an article page: read after the articles
_TYPE_RANK = {"discussionforumposting": 1, "recipe": 1, "howto": 1, "videoobject": 2, "podcastepisode": 2}
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "medicalwebpage", "qapage"})
_DATE_METAS = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "sailthru.date",
    "parsely-pub-date",
    "date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
    "uploaddate",
    "publication_date",
    "publication-date",
    "date_published",
    "datecreated",
    "release_date",
    "publish_time",
    "pub_date",
    "prism.publicationdate",
    "citation_online_date",
    "originalpublicationdate",
    "dcterms.available",
    "published-date",
    "published_date",
    "date-published",
    "article_date",
    "article:published_date",
    "og:pubdate",
    "post_date",
)
# dates of the last change: used only when the page states no other date
_MODIFIED_METAS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dateupdate",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)
# microdata on visible elements (``<time itemprop="datePublished" datetime=...>``)
_ITEMPROP_DATES = frozenset({"datepublished", "datecreated", "uploaddate", "publishdate", "dateposted"})
# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
_ITEMPROPS = lxml.etree.XPath("//@itemprop/parent::*[not(self::meta)]")
_SEPARATORS = (" | ", "|", " - ", " – ", " — ", " :: ", " · ", " // ", " _ ", "_", " » ", " › ", " : ")


@dataclass
class HeadMetadata:
    """What the page head (and JSON-LD anywhere in the page) says about the article."""

    titles: list[str] = field(default_factory=list)  # og:title, JSON-LD headline, twitter, dc.title
    html_title: str | None = None  # the <title>
    authors: list[str] = field(default_factory=list)
    #: the stated authors are organisations (JSON-LD says so), not people
    authors_organisation: bool = False
    date: str | None = None
    #: the date comes from a generic ``<meta name="date">`` (often the day the page was made)
    date_weak: bool = False
    #: the date is that of a UTC timestamp: the local calendar day may be the next or the last
    date_utc: bool = False
    modified: str | None = None  # the date of the last change, when the page states one
    #: every publication date the head states (strong sources: not a generic date meta)
    stated_dates: list[str] = field(default_factory=list)
    json_ld_date: str | None = None  # JSON-LD's datePublished as written
    language: str | None = None
    site_name: str | None = None
    canonical: str | None = None
    description: str | None = None
    body: str | None = None  # JSON-LD articleBody (or a posting's text), for pages that show none


def _metas(root: HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        content = normalize_space(content)
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                for k in key.lower().split():
                    found.setdefault(k.replace("dc:", "dc.").replace("dcterms:", "dcterms."), []).append(
                        content
                    )
    return found


def _first(metas: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        values = metas.get(key)
        if values:
            return values[0]
    return None


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.lower().rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()


def _json_ld_objects(root: HtmlElement) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in root.iter("script"):
        kind = (script.get("type") or "").lower().strip()
        if kind != "application/ld+json" or not script.text:
            continue
        text = script.text.strip()
        text = re.sub(r"^\s*(<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
        text = re.sub(r"(-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip().rstrip(";")
        try:
            data = json.loads(text, strict=False)
        except (ValueError, RecursionError):
            continue
        objects.extend(_flatten(data, 0))
    return objects


def _flatten(data: object, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _flatten(graph, depth + 1)
        main = data.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _flatten(main, depth + 1)


def _names(value: object, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    """Names of JSON-LD persons/organisations: a string, an object with a name, a list, an @id."""
    if depth > 4:
        return []
    if isinstance(value, str):
        value = normalize_space(html.unescape(value))
        if not value or value.startswith(("http://", "https://")):
            return []
        return _split_names(value)
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            for name in _names(item, by_id, depth + 1):
                if name not in out:
                    out.append(name)
        return out
    if isinstance(value, dict):
        label: object = value.get("name")
        if label is None and isinstance(value.get("@id"), str) and value["@id"] in by_id:
            target = by_id[value["@id"]]
            if target is not value:
                return _names(target, by_id, depth + 1)
        if isinstance(label, str | list | dict):
            return _names(label, by_id, depth + 1)
    return []


_ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "ngo", "governmentorganization", "localbusiness"}
)


def _organisations(value: object, by_id: dict[str, dict[str, Any]]) -> bool:
    """True when a JSON-LD author is typed as organisations only (the newsroom, the site)."""
    items = value if isinstance(value, list) else [value]
    kinds: list[set[str]] = []
    for item in items:
        if not isinstance(item, dict):
            return False
        if "@type" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        kinds.append(_types(item))
    return bool(kinds) and all(kind and kind <= _ORGANISATION_TYPES for kind in kinds)


def _text(value: object) -> str | None:
    if isinstance(value, str):
        return normalize_space(html.unescape(value)) or None
    if isinstance(value, list) and value:
        return _text(value[0])
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name"))
    return None


def _read_json_ld(root: HtmlElement, meta: HeadMetadata) -> None:
    objects = _json_ld_objects(root)
    by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    articles = [obj for obj in objects if _types(obj) & _ARTICLE_TYPES]
    # an article before a posting, a recipe, a video embedded in it
    articles.sort(key=lambda obj: min(_TYPE_RANK.get(t, 0) for t in _types(obj) & _ARTICLE_TYPES))
    pages = [obj for obj in objects if _types(obj) & _PAGE_TYPES]
    title_el = root.find(".//title")
    page_title = normalize_space(title_el.text_content()).casefold() if title_el is not None else ""
    for obj in [*articles, *pages]:
        options = [_text(obj.get("headline")), _text(obj.get("name")) if obj in articles else None]
        named = [o for o in options if o]
        # Wikipedia's headline is a description; prefer the one the <title> repeats
        named.sort(key=lambda o: 0 if page_title and o.casefold() in page_title else 1)
        if named:
            if named[0] not in meta.titles:
                meta.titles.append(named[0])
            break
    for obj in [*articles, *pages]:
        stated = obj.get("author") or obj.get("creator")
        authors = _names(stated, by_id)
        if authors:
            meta.authors = authors
            meta.authors_organisation = _organisations(stated, by_id)
            break
    for obj in [*articles, *pages]:
        for key in ("datePublished", "dateCreated", "uploadDate"):
            raw = _text(obj.get(key)) or ""
            if parse_date(raw):
                meta.json_ld_date = raw
                break
        if meta.json_ld_date:
            break
    for obj in [*articles, *pages]:
        meta.modified = parse_date(_text(obj.get("dateModified")) or "")
        if meta.modified:
            break
    for obj in [*articles, *pages]:
        publisher = _names(obj.get("publisher"), by_id)
        if publisher:
            meta.site_name = publisher[0] if len(publisher) == 1 else ", ".join(publisher)
            break
    if meta.site_name is None:
        for obj in objects:
            if _types(obj) & {"website"}:
                name = _text(obj.get("name"))
                if name:
                    meta.site_name = name
                    break
    for obj in articles:
        body = _stated_body(obj)
        if body:
            meta.body = body
            break
    for obj in [*articles, *pages]:
        lang = _text(obj.get("inLanguage"))
        normal = normalize_language_tag(lang) if lang else None
        if normal:
            meta.language = normal
            break


def _stated_body(obj: dict[str, Any]) -> str | None:
    """The article text a JSON-LD object states: ``articleBody``, a posting's ``text``, or a
    how-to's or recipe's description, ingredients and steps (one paragraph each)."""
    body = obj.get("articleBody") or obj.get("text")
    if isinstance(body, str) and body.strip():
        return html.unescape(body)
    parts: list[str] = []
    description = obj.get("description")
    if isinstance(description, str):
        parts.append(html.unescape(description))
    for key in ("recipeIngredient", "supply", "tool", "step", "recipeInstructions"):
        parts.extend(_step_texts(obj.get(key), 0))
    paragraphs = [p for p in parts if normalize_space(re.sub(r"<[^>]*>", " ", p))]
    if len(paragraphs) < 2:
        return None
    return "".join(p if p.lstrip().startswith("<") else f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _step_texts(value: object, depth: int) -> list[str]:
    """The texts of a list of steps (strings, ``HowToStep``/``HowToSection`` objects)."""
    if depth > 4:
        return []
    if isinstance(value, str):
        return [html.unescape(value)]
    if isinstance(value, list):
        return [text for item in value for text in _step_texts(item, depth + 1)]
    if isinstance(value, dict):
        own = value.get("text") or value.get("name")
        texts = [html.unescape(own)] if isinstance(own, str) else []
        return texts + _step_texts(value.get("itemListElement"), depth + 1)
    return []


def _split_names(value: str) -> list[str]:
    """Split an author field into names, unless that would make nonsense ("Mac & i")."""
    names = split_authors(value)
    if len(names) > 1 and any(len(n) < 3 or n[:1].islower() for n in names):
        return [value]
    return names or [value]


def _meta_authors(metas: dict[str, list[str]]) -> list[str]:
    # a scholarly page's citation tags name the paper's authors; its "author" metas may name
    # those of the works it cites
    for key in (
        "citation_author",
        "author",
        "article:author",
        "dc.creator",
        "dcterms.creator",
        "parsely-author",
        "article:author_name",
        "sailthru.author",
        "byl",
        "shareaholic:article_author_name",
    ):
        values = [v for v in metas.get(key, []) if not v.startswith(("http://", "https://", "www."))]
        values = [v for v in values if "facebook.com/" not in v and not v.startswith("@")]
        if values:
            out: list[str] = []
            for value in values:
                for name in _split_names(value):
                    if name not in out:
                        out.append(name)
            return out
    return []


_PART_SPLIT = re.compile(r"\s+(?:[|»›·:]|::|//|[-–—])\s+|\s*\|\s*")


def title_parts(title: str) -> list[str]:
    """The parts of a ``<title>`` between separators ("A | B - C" gives A, B, C).

    >>> title_parts("Tides | Harbour News")
    ['Tides', 'Harbour News']
    """
    parts = _PART_SPLIT.split(_END_SEPARATORS.sub("", title.replace("\u00a0", " ")))
    return [p.strip() for p in parts if p.strip()]


def strip_site_suffix(
    title: str, site_name: str | None = None, *, url: str | None = None, generic: bool = True
) -> str:
    """Remove a site name appended to (or put before) a page title: "Title | Site" -> "Title".

    A part goes when it is the site (``site_name``, or the name of the host of ``url``); with
    ``generic``, also when it is short next to the title (as ``<title>`` adds the site's name,
    where ``og:title`` seldom does). A short part after a dash stays when it reads as the end
    of the title ("Würde des Lebens – ein Projekt", "... – was ist günstiger?").

    >>> strip_site_suffix("Floods in the valley | The Daily Planet")
    'Floods in the valley'
    >>> strip_site_suffix("Floods: a story - Daily", "Daily")
    'Floods: a story'
    >>> strip_site_suffix("Harbour News | Tides of change along the northern coast")
    'Tides of change along the northern coast'
    >>> strip_site_suffix("harbournews » Tides of change", url="https://harbournews.org/a")
    'Tides of change'
    >>> strip_site_suffix("harbournews.org // » Tides of change", url="https://harbournews.org/a")
    'Tides of change'
    >>> strip_site_suffix("Tides of change \u2013 until now", generic=True)
    'Tides of change \u2013 until now'
    """
    title = _END_SEPARATORS.sub("", normalize_space(title.replace("\u00a0", " ")))
    site, host = (site_name or "").casefold(), host_label(url)
    only: str | None = None  # after a cut that was not the site, cut only at the same separator
    for _ in range(4):
        stripped, sep, was_site = _strip_once(title, site, host, generic, only)
        if stripped == title or not stripped:
            break
        if not was_site:
            only = sep  # "Title | Section | Forum | Site" is a chain; "A_B :: Site" is not
        title = _END_SEPARATORS.sub("", stripped)  # ("Site // » Title": the "»" goes too)
    return title


# a separator left at either end of a title ("Title :: Site ::")
# (a breadcrumb's "»" or "›" before it: never a quotation mark, which opens with "«" or "‹")
_END_SEPARATORS = re.compile(r"^(?:[|:·»›]+\s+)+|(?:\s+[|:·«‹]+)+$")


def host_label(url: str | None) -> str:
    """The distinctive part of a URL's host: ``www.harbour-news.co.uk`` gives ``harbournews``.

    >>> host_label("https://www.harbour-news.co.uk/a"), host_label(None)
    ('harbournews', '')
    """
    host = host_of(url)
    labels = [label for label in host.casefold().split(".") if label not in {"www", "m", "amp"}]
    while len(labels) > 1 and (len(labels[-1]) <= 3 or labels[-1] in {"info", "blog", "news"}):
        labels.pop()
    return re.sub(r"[\W_]+", "", labels[0]) if labels else ""


def _is_site(part: str, site: str, host: str) -> bool:
    folded = part.strip().casefold()
    if site and (folded == site or (len(site) > 3 and site in folded and len(folded) <= len(site) + 12)):
        return True
    squeezed = re.sub(r"[\W_]+", "", folded)
    if len(host) < 4 or not squeezed:
        return False
    return squeezed in host or (host in squeezed and len(part.split()) <= 4)


def _strip_once(title: str, site: str, host: str, generic: bool, only: str | None) -> tuple[str, str, bool]:
    """One cut: ``(what is left, the separator, whether the part cut was the site)``."""
    for sep in _SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        head, tail = head.strip(), tail.strip()
        if not head or not tail:
            continue
        if _is_site(tail, site, host):
            return head, sep, True
        first, _, rest = title.partition(sep)
        first, rest = first.strip(), rest.strip()
        if rest and _is_site(first, site, host):
            # "Site » Blog » Title": after the site, a breadcrumb ends with the title
            return (rest.rpartition(sep)[2].strip() if sep.strip() in {"»", "›"} else rest), sep, True
        if not generic or (only is not None and sep.strip() != only.strip()):
            continue
        if sep.strip() in {"|", "::", "»", "›", "//", "_", "·"}:
            # "Site | A longer article title": the short part in front is the site
            if sep not in rest and len(first.split()) <= 3 and len(rest.split()) > len(first.split()) + 2:
                return rest, sep, False
            if len(tail.split()) <= 5 and len(head.split()) >= 2:
                return head, sep, False
        continued = tail[:1].islower() or tail.endswith(("?", "!")) or tail.startswith("#")
        if (
            sep.strip() in {"-", "–", "—"}
            and len(tail.split()) <= 3
            and len(head.split()) >= 3
            and not continued
        ):
            return head, sep, False
    return title, "", False


def read_head(root: HtmlElement, *, url: str | None) -> HeadMetadata:
    """Collect the article metadata the page states outside its visible text.

    :param root: the parsed page (before any cleaning: JSON-LD lives in scripts).
    :param url: the page's address, for resolving a relative canonical link.
    """
    meta = HeadMetadata()
    metas = _metas(root)
    # og:title, then JSON-LD's headline, then the other title metas
    meta.titles.extend(metas.get("og:title", [])[:1])
    _read_json_ld(root, meta)
    for key in ("twitter:title", "dc.title", "dcterms.title", "citation_title", "title"):
        value = _first(metas, key)
        if value and not meta.titles:
            meta.titles.append(value)
    title_el = root.find(".//title")
    if title_el is not None:
        meta.html_title = normalize_space(title_el.text_content()) or None

    authors = _meta_authors(metas)
    if authors and not meta.authors:
        meta.authors = authors

    meta.language = _language(root, metas) or meta.language
    month_first = month_first_language(meta.language)
    _pick_date(meta, metas, root, month_first)
    meta.modified = meta.modified or _meta_date(metas, _MODIFIED_METAS, month_first)

    meta.site_name = (
        _first(metas, "og:site_name")
        or meta.site_name
        or _first(metas, "application-name", "twitter:site:name")
    )
    canonical = None
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            canonical = link.get("href")
            break
    canonical = canonical or _first(metas, "og:url", "twitter:url")
    meta.canonical = resolve_url(canonical, url) if canonical else None
    meta.description = _first(metas, "og:description", "description", "twitter:description")
    return meta


def month_first_language(language: str | None) -> bool:
    """True when numeric dates of a page in ``language`` put the month first (US English).

    >>> month_first_language("en-US"), month_first_language("en-GB"), month_first_language("de")
    (True, False, False)
    """
    return language in {"en", "en-US"}


# generic date metas: often the day the page was generated rather than published
_WEAK_DATE_METAS = frozenset({"date", "dc.date", "dcterms.date", "pubdate", "sailthru.date"})
_UTC = re.compile(r"\d[T ]\d{1,2}:\d{2}.*(?:Z|[+-]00:?00|\bGMT|\bUTC)\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"\d[T ]\d{1,2}:\d{2}.*[+-](?!00:?00)\d{2}:?\d{2}\s*$")


def _pick_date(meta: HeadMetadata, metas: dict[str, list[str]], root: HtmlElement, month_first: bool) -> None:
    """The publication date, strongest source first: ``article:published_time``, JSON-LD's
    ``datePublished``, the other date metas, microdata, then the generic date metas
    (``<meta name="date">``, ``dc.date``, ``pubdate``...). A UTC timestamp gives way to another
    source's local day next to it (``2019-10-18T22:04Z`` and ``19 Oct 2019 00:04 +0200``)."""
    found: list[tuple[str, str, bool]] = []  # (raw, date, weak)
    for key in ("article:published_time", "og:article:published_time"):
        found += [(raw, "", False) for raw in metas.get(key, [])]
    if meta.json_ld_date:
        found.append((meta.json_ld_date, "", False))
    for key in _DATE_METAS:
        found += [(raw, "", key in _WEAK_DATE_METAS) for raw in metas.get(key, [])]
    dated = [
        (raw, date, weak) for raw, _, weak in found if (date := parse_date(raw, month_first=month_first))
    ]
    # microdata comes after every source above: it is looked for (a walk of the page) only
    # when it can count, where none of them is a strong date, or the strong date chosen is
    # a UTC timestamp that a local day next to it may replace
    strong = next((item for item in dated if not item[2]), None)
    if strong is None or _UTC.search(strong[0]):
        micro = _microdata_date(root, month_first)
        if micro and (date := parse_date(micro, month_first=month_first)):
            dated.append((micro, date, False))
    if not dated:
        return
    meta.stated_dates = list(dict.fromkeys(date for _raw, date, weak in dated if not weak))
    # a generic date meta is often the day the page was generated: any other source first
    dated.sort(key=lambda item: item[2])
    raw, date, weak = dated[0]
    meta.date, meta.date_weak, meta.date_utc = date, weak, bool(_UTC.search(raw))
    if meta.date_utc:
        for other_raw, other, _weak in dated[1:]:
            if _OFFSET.search(other_raw) and days_apart(date, other) == 1:
                meta.date, meta.date_utc = other, False
                break


def days_apart(first: str, second: str) -> int:
    """Days between two ``YYYY-MM-DD`` dates.

    >>> days_apart("2019-12-31", "2020-01-01")
    1
    """
    a, b = date_cls.fromisoformat(first), date_cls.fromisoformat(second)
    return abs((a - b).days)


def _meta_date(metas: dict[str, list[str]], keys: tuple[str, ...], month_first: bool) -> str | None:
    for key in keys:
        for value in metas.get(key, []):
            date = parse_date(value, month_first=month_first)
            if date:
                return date
    return None


def _microdata_date(root: HtmlElement, month_first: bool) -> str | None:
    """The date a visible element states as microdata (``itemprop="datePublished"``)."""
    for el in _ITEMPROPS(root):
        if (el.get("itemprop") or "").strip().lower() not in _ITEMPROP_DATES:
            continue
        for value in (el.get("content"), el.get("datetime"), " ".join(el.itertext())):
            date = parse_date(value or "", month_first=month_first)
            if date:
                return date
    return None


def _language(root: HtmlElement, metas: dict[str, list[str]]) -> str | None:
    candidates: list[str | None] = [root.get("lang"), root.get("xml:lang")]
    body = root.find("body")
    if body is not None:
        candidates.append(body.get("lang"))
    candidates.append(_first(metas, "content-language", "dc.language", "language"))
    locale = _first(metas, "og:locale")
    if locale:
        candidates.append(locale.replace("_", "-"))
    for value in candidates:
        if value:
            tag_ = normalize_language_tag(value.split(",")[0].strip())
            if tag_ and tag_ != "und":
                return tag_
    return None
