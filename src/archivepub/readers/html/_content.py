"""Find the article among what is left of the page: semantic hints, then readability-style scoring."""

from __future__ import annotations

import math
import re
from functools import lru_cache

import lxml.etree
from lxml.html import HtmlElement

from archivepub.readers._credit import strip_credit_label
from archivepub.readers.html._blocks import NOTEREF_TAG
from archivepub.readers.html._util import (
    HEADINGS,
    Page,
    Sizes,
    class_parts,
    class_tokens,
    tag,
    text_of,
    within,
)

__all__ = ["content_hints", "find_article", "names_article", "own_story", "prune_link_lists"]

# class names / ids that name the article body, strongest first
_HINT_TOKENS = (
    "post-content",
    "entry-content",
    "article-body",
    "article__body",
    "articlebody",
    "article-content",
    "article__content",
    "article-text",
    "story-body",
    "story-content",
    "storycontent",
    "post-body",
    "postbody",
    "entry-body",
    "c-entry-content",
    "blog-post-content",
    "post-entry",
    "td-post-content",
    "rich-text",
    "mw-parser-output",
    "body-text",
)
_HINT_SET = frozenset(_HINT_TOKENS)
# (a union of attribute and tag steps: libxml2 finds these far faster than a test of every element)
_MAYBE_HINT = lxml.etree.XPath(
    "descendant-or-self::*/@itemprop/.. | descendant-or-self::*/@data-type/.."
    " | descendant-or-self::*/@role/.. | descendant-or-self::main"
)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story|chapter", re.IGNORECASE
)
_NEGATIVE = re.compile(
    r"-ad-|hidden|banner|combx|comment|com-|contact|foot|footer|footnote|gdpr|masthead|media|meta|outbrain"
    r"|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|nav|menu",
    re.IGNORECASE,
)
_PARAGRAPHS = frozenset({"p", "pre", "td", "blockquote", "li", "dd"})
_MAYBE_PARAGRAPH = ("p", "pre", "td", "blockquote", "div", "section", "span", "font", "center")
_BLOCK_CHILDREN = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "dl",
        "blockquote",
        "pre",
        "figure",
        "main",
        *HEADINGS,
    }
)

#: the elements a run of loose text in a box goes on through (see :func:`_loose_runs`)
_PHRASING = frozenset(
    {
        "a",
        "abbr",
        "b",
        "br",
        "cite",
        "code",
        "em",
        "i",
        "mark",
        "q",
        "s",
        "small",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
    }
)


def content_hints(page: Page, root: HtmlElement) -> list[HtmlElement]:
    """Elements under ``root`` that say they are the article body, strongest hint first."""
    sizes = page.sizes
    found: dict[HtmlElement, None] = {}  # ordered, with constant-time membership
    by_token: dict[str, list[HtmlElement]] = {}
    chapters: list[HtmlElement] = []
    mains: list[HtmlElement] = []
    for el in page.in_order(_MAYBE_HINT(root)):
        if (el.get("itemprop") or "").lower() == "articlebody":
            found[el] = None
        if (el.get("data-type") or "").lower() == "chapter":
            chapters.append(el)
        if tag(el) == "main" or (el.get("role") or "").lower() == "main":
            mains.append(el)
    for el in page.named(tokens=_HINT_SET):
        if root is page.root or within(el, root):
            for token in class_tokens(el) & _HINT_SET:
                by_token.setdefault(token, []).append(el)
    for token in _HINT_TOKENS:
        members = set(by_token.get(token, []))
        group = [
            el for el in by_token.get(token, []) if not any(node in members for node in el.iterancestors())
        ]
        if len(group) > 1:
            # the body is split in several boxes of one class: take the element holding them all
            common = _common_ancestor(group)
            if common is not None and tag(common) not in {"body", "html"}:
                found.setdefault(common)
        for el in group:
            found.setdefault(el)
    for el in chapters:
        found.setdefault(el)
    articles = [el for el in root.iter("article")]
    articles.sort(key=lambda a: _weight(a, sizes), reverse=True)
    for el in [*articles, *mains]:
        found.setdefault(el)
    return list(found)


def names_article(el: HtmlElement) -> bool:
    """The element says by itself that it is the article (not as the box around such boxes)."""
    if tag(el) in {"article", "main"} or (el.get("role") or "").lower() == "main":
        return True
    return (el.get("itemprop") or "").lower() == "articlebody" or bool(class_tokens(el) & _HINT_SET)


def _common_ancestor(group: list[HtmlElement]) -> HtmlElement | None:
    common = list(group[0].iterancestors())
    for el in group[1:]:
        if not common:
            break
        # the common ancestor of everything so far is one of ``common``: the first one above el
        ranks = {node: i for i, node in enumerate(common)}
        first = next((ranks[node] for node in el.iterancestors() if node in ranks), None)
        common = [] if first is None else common[first:]
    return common[0] if common else None


def _weight(el: HtmlElement, sizes: Sizes) -> float:
    """Text outside links, in characters."""
    return sizes.text(el) * (1.0 - sizes.density(el))


def _class_weight(el: HtmlElement) -> int:
    weight = 0
    for value in (el.get("class"), el.get("id")):
        if value:
            weight += _name_weight(value)
    return weight


@lru_cache(maxsize=4096)
def _name_weight(value: str) -> int:
    """What a class attribute or id adds to a box's score (pages repeat a few names)."""
    return (-25 if _NEGATIVE.search(value) else 0) + (25 if _POSITIVE.search(value) else 0)


def _base_score(el: HtmlElement) -> float:
    name = tag(el)
    score = {"div": 5, "article": 5, "section": 3, "pre": 3, "td": 3, "blockquote": 3, "main": 3}.get(name, 0)
    if name in {"address", "ol", "ul", "dl", "dd", "dt", "li", "form"}:
        score -= 3
    if name in HEADINGS or name == "th":
        score -= 5
    return score


def _is_paragraph(el: HtmlElement) -> bool:
    name = tag(el)
    if name in _PARAGRAPHS - {"li", "dd"}:
        return True
    if name in {"div", "section", "span", "font", "center"}:
        # a div with text of its own and no block children reads as a paragraph
        if any(tag(c) in _BLOCK_CHILDREN for c in el):
            return False
        return bool((el.text or "").strip()) or any((c.tail or "").strip() for c in el)
    return False


def _add_points(scores: dict[HtmlElement, float], node: HtmlElement | None, text: str) -> None:
    """Give the boxes above a paragraph of ``text`` its points, fewer the further up; ``node``:
    the paragraph's box."""
    points = 1 + text.count(",") + text.count("\uff0c") + min(len(text) // 100, 3)
    level = 0
    while node is not None and level < 5:
        if tag(node) in {"html"}:
            break
        if node not in scores:
            scores[node] = _base_score(node)
        divider = 1 if level == 0 else 2 if level == 1 else level * 3
        scores[node] += points / divider
        node = node.getparent()
        level += 1


def _loose_runs(el: HtmlElement, sizes: Sizes) -> list[str]:
    """The runs of text ``el`` holds outside its block children (its own text and the
    tails and inline children between them), normalised; none when there is too little."""
    boxes = [c for c in el if tag(c) not in _PHRASING]
    if sizes.text(el) - sum(sizes.text(c) for c in boxes) < 25:
        return []
    runs: list[str] = []
    run: list[str] = [el.text or ""]
    for child in el:
        name = tag(child)
        if name in _PHRASING:
            run.append(child.text_content())
        elif name:
            # a block, or a box of its own (its text is scored there)
            runs.append(" ".join("".join(run).split()))
            run = []
        run.append(child.tail or "")
    runs.append(" ".join("".join(run).split()))
    return [r for r in runs if r]


def _score(page: Page, root: HtmlElement, sizes: Sizes) -> HtmlElement | None:
    scores: dict[HtmlElement, float] = {}  # points earned by the text, with the tag's base
    for el in root.iter(*_MAYBE_PARAGRAPH):
        if sizes.text(el) < 25:
            continue
        if _is_paragraph(el):
            texts = [page.text(el)]
            node = el.getparent()
        else:
            # text loose between a box's blocks (after a picture, between paragraphs) is
            # a paragraph of the box, as if wrapped in a ``p``
            texts = _loose_runs(el, sizes)
            node = el
        for text in texts:
            if len(text) >= 25:
                _add_points(scores, node, text)
    best: HtmlElement | None = None
    best_score = 0.0
    for el, score in scores.items():
        # a name that says "content" tips the balance between boxes of text, but does not
        # earn a box more than its text does (a short "content" box beside the article)
        named = _class_weight(el)
        score += named if named < 0 else min(named, score)
        final = score * (1.0 - sizes.density(el))
        if best is None or final > best_score:
            best, best_score = el, final
    return best


def _prose(el: HtmlElement, sizes: Sizes) -> bool:
    """A paragraph of prose, or a box holding paragraphs of prose (a page builder's row)."""
    if sizes.density(el) >= 0.25:
        return False
    name = tag(el)
    if name == "p":
        return True
    return name in {"div", "section"} and sizes.text(el) >= 200 and el.find(".//p") is not None


def _text_box(el: HtmlElement, sizes: Sizes) -> bool:
    """Prose (see :func:`_prose`), or a box of unlinked items (a recipe's ingredients and
    steps, a product's details, a rental's terms): the article's text in parts."""
    if _prose(el, sizes):
        return True
    return (
        tag(el) in {"div", "section"}
        and sizes.text(el) >= 200
        and sizes.density(el) < 0.25
        and el.find(".//li") is not None
    )


#: A box holding this many characters outside links holds a whole story (see :func:`_with_siblings`).
_STORY_BOX = 1000
#: A parent that adds less than this share of text to the article's box is a wrapper of it.
_WRAPPER_ADDS = 0.05


def _with_siblings(top: HtmlElement, sizes: Sizes) -> HtmlElement:
    """Climb to the parent when the article's text continues in the candidate's siblings."""
    node = top
    for _ in range(3):
        parent = node.getparent()
        if parent is None or tag(parent) in {"html"}:
            break
        own = _weight(node, sizes)
        around = _weight(parent, sizes) - own
        # siblings that are paragraphs of prose, or boxes of them, belong to the article;
        # beside a box holding a whole story, a box of more prose that scored lower is a
        # region of its own (the comments, a blog's sidebar), not more of the story (a box
        # of list items, a recipe's steps, scores nothing and still counts)
        most = own if own >= _STORY_BOX else math.inf
        prose = sum(
            sizes.text(s)
            for s in parent
            if s is not node and _text_box(s, sizes) and (sizes.text(s) <= most or not _prose(s, sizes))
        )
        if prose > 0.15 * own or (around < _WRAPPER_ADDS * own and tag(parent) != "body"):
            node = parent
        else:
            break
    return _with_like_boxes(node, sizes)


def _with_like_boxes(node: HtmlElement, sizes: Sizes) -> HtmlElement:
    """Climb on through wrappers that add nothing to a parent where the story goes on in
    boxes just like the one holding it (a page builder's text modules: same tag, same class)."""
    start = node
    for _ in range(8):
        parent = node.getparent()
        if parent is None or tag(parent) == "html":
            return start
        if tag(parent) == "body":
            break  # the page's sections: like boxes of the body's
        own = _weight(node, sizes)
        if _weight(parent, sizes) - own >= 0.1 * own:
            break
        node = parent
    else:
        return start
    parent = node.getparent()
    if parent is None or tag(parent) == "html" or not node.get("class"):
        return start
    like = sum(
        sizes.text(s)
        for s in parent
        if s is not node and s.tag == node.tag and s.get("class") == node.get("class") and _prose(s, sizes)
    )
    return parent if like > 0.15 * _weight(node, sizes) else start


def _with_sections(article: HtmlElement, sizes: Sizes) -> HtmlElement:
    """An ``article`` whose siblings are more ``article`` elements of prose is one section of
    the page's text (a CMS's content elements): their parent holds the article."""
    parent = article.getparent()
    if parent is None or tag(parent) in {"html", "body"}:
        return article
    sections = [
        s
        for s in parent
        if s is not article
        and tag(s) == "article"
        and sizes.density(s) < 0.25
        and sizes.text(s) >= 200
        and s.find(".//p") is not None
    ]
    more = sum(_weight(s, sizes) for s in sections)
    return parent if len(sections) >= 2 and more >= 0.5 * _weight(article, sizes) else article


def find_article(page: Page) -> HtmlElement | None:
    """Return the element holding the article (``None`` when the page has no text at all).

    A hint (``[itemprop=articleBody]``, ``.entry-content``, ``article``, ``main``...) wins
    when it holds at least half the text of the best readability-style candidate.
    """
    root, sizes = page.root, page.sizes
    body = root.find("body")
    if body is None:
        body = root
    top = _score(page, body, sizes)
    if top is None:
        return body if text_of(body) else None
    top = _with_siblings(top, sizes)
    top_weight = _weight(top, sizes)
    for hint in content_hints(page, body):
        if hint.getparent() is None and hint is not root:
            continue
        weight = _weight(hint, sizes)
        if weight >= 0.5 * top_weight and sizes.density(hint) < 0.5:
            return _with_sections(hint, sizes) if tag(hint) == "article" else _with_lead(hint, sizes)
    return _with_lead(top, sizes)


def _with_lead(article: HtmlElement, sizes: Sizes) -> HtmlElement:
    """The article's parent when what it adds is an opening in prose before it (a live
    blog's lead beside its entries, an introduction in a box of its own) and next to nothing
    else: the story starts there. (Text after the story's box is not the story's: a
    post-scriptum, an appeal to write in.)"""
    parent = article.getparent()
    if parent is None or tag(parent) in {"html", "body"}:
        return article
    own = _weight(article, sizes)
    around = _weight(parent, sizes) - own
    if around < _LEAD_TEXT:
        return article
    lead = sum(_weight(s, sizes) for s in article.itersiblings(preceding=True) if _prose(s, sizes))
    return parent if lead >= _LEAD_TEXT and around - lead < 0.01 * own else article


#: An opening beside the story's box holds at least this many characters outside links.
_LEAD_TEXT = 500


#: A story appended after the article holds at least this many characters.
_STORY_TEXT = 200


def _headline_like(h1: HtmlElement | None, title_el: HtmlElement) -> bool:
    return h1 is not None and h1.get("class") == title_el.get("class")


def own_story(article: HtmlElement, title_el: HtmlElement | None, sizes: Sizes) -> HtmlElement:
    """The box of the story the page is titled by, when ``article`` holds it with the next
    stories a page appends as the reader scrolls: boxes alike (same tag and class), each
    under its own headline (an ``h1`` of the title's class; not a long story's sections,
    whose ``h1`` are its subheadings). Otherwise ``article``."""
    if title_el is None or tag(title_el) != "h1" or not within(title_el, article, strict=True):
        return article
    node = title_el
    while node is not article:
        parent = node.getparent()
        if parent is None:
            return article
        if node.get("class") or tag(node) == "article":
            like = [
                s
                for s in parent
                if s is not node
                and s.tag == node.tag
                and s.get("class") == node.get("class")
                and _headline_like(s.find(".//h1"), title_el)
                and sizes.text(s) >= _STORY_TEXT
            ]
            if like and node.find(".//h1") is title_el:
                return node
        node = parent
    return article


def prune_link_lists(page: Page, article: HtmlElement) -> None:
    """Remove lists and boxes inside the article that are mostly links (related-story lists)."""
    todo: list[HtmlElement] = []
    sizes = page.sizes
    whole = sizes.text(article)
    for el in article.iter("ul", "ol", "div", "section", "table", "p"):
        if el is article:
            continue
        name = el.tag
        if not 0 < sizes.text(el) <= 1500 or sizes.images(el):
            continue
        if next(el.iter(NOTEREF_TAG), None) is not None:  # (el is none: its descendants)
            continue
        text = page.text(el)
        density = sizes.density(el)
        if name in {"ul", "ol"}:
            items = [li for li in el if tag(li) == "li"]
            links_only = all(sizes.density(li) > 0.8 and len(page.text(li).split()) <= 12 for li in items)
            if len(items) >= 2 and links_only and density > 0.8:
                todo.append(el)
            elif len(items) == 1 and density > 0.9 and len(text) <= 120 and not _ADDRESS.match(text):
                todo.append(el)  # a list of one link: a pointer to another story
        elif name == "p":
            if density > 0.9 and len(text) < 120 and len(el.findall(".//a")) >= 2:
                todo.append(el)
        elif density > 0.7 and len(el.findall(".//a")) >= 3:
            todo.append(el)
    todo.extend(_teasers(article, sizes, whole))
    todo.extend(_excerpt_cards(page, article, whole))
    todo.extend(_button_links(article, sizes))
    todo.extend(_trailing_links(article, sizes))
    todo.extend(_set_off_pointers(article, sizes, whole))
    todo.extend(_closing_notes(article, sizes))
    for el in todo:
        page.drop(el)


#: A line that is all one link holds at most this many characters.
_LINK_LINE = 150
_ADDRESS = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def _trailing_links(article: HtmlElement, sizes: Sizes) -> list[HtmlElement]:
    """The paragraphs after the story's last paragraph of text that are each a link and
    nothing else ("Here is the draw", the titles of other stories)."""
    found: list[HtmlElement] = []
    for p in reversed(list(article.iter("p"))):
        size = sizes.text(p)
        if size == 0:
            continue
        if (
            size > _LINK_LINE
            or sizes.density(p) < 0.9
            or sizes.images(p)
            or p.find(f".//{NOTEREF_TAG}") is not None
        ):
            break
        if _ADDRESS.match(text_of(p)):
            break  # an address the writer gives ("www.petition.example"), not a teaser
        found.append(p)
    # (an article of nothing but such lines is a list of links: it stays)
    return found if len(found) < len([p for p in article.iter("p") if sizes.text(p)]) else []


#: A line set off in italics or bold around a link to another page holds at most this many
#: characters, its links at least this many.
_POINTER_LINE = 160
_POINTER_LINK = 15
_EMPHASIS = frozenset({"em", "i", "strong", "b"})


def _set_off_pointers(article: HtmlElement, sizes: Sizes, whole: int) -> list[HtmlElement]:
    """Paragraphs that are one short line set off in italics or bold around a link to another
    page ("Były dowódca wojsk USA w Europie: <a>Rosja jest groźna</a>", "Zum Buch: <a>…</a>"):
    pointers to other stories, not the story's text. A note's number stays a note, a credit a
    credit."""
    found: list[HtmlElement] = []
    for p in article.iter("p"):
        size = sizes.text(p)
        if not 0 < size <= _POINTER_LINE or len(p) != 1 or (p.text or "").strip():
            continue
        inner = p[0]
        if tag(inner) not in _EMPHASIS or (inner.tail or "").strip():
            continue
        links = [a for a in inner.iter("a") if not (a.get("href") or "#").startswith(("#", "mailto:"))]
        linked = sum(sizes.text(a) for a in links)
        if not links or linked < max(_POINTER_LINK, 0.3 * size):
            continue
        if next(p.iterancestors("li", "blockquote", "td", "figure"), None) is not None:
            continue
        bare = text_of(p).strip("()[] ")
        if strip_credit_label(bare) != bare:
            continue  # a credit ("(Credits: …)"), which stays
        found.append(p)
    return found if sum(sizes.text(p) for p in found) < 0.5 * whole else []


# an address to write or call: an e-mail address or label, a telephone number
_ADDRESS_MARK = re.compile(
    r"@|\be-?mail\s*:|\b(tel|phone|telefon|fax)\b\.?\s*:?\s*\+?\d|\+\d{2}[\d /().-]{6,}\d"
    r"|\b\d{3}[-. ]\d{3}[-. ]\d{4}\b",
    re.IGNORECASE,
)
# a line about the writer: a name, then "is a … journalist" in a few languages
_WRITER_BIO = re.compile(
    r"^([\w.'\u2019-]+\s){1,4}(is|was|ist|war|est|était|es|era|è)\s(a|an|the|ein|eine|un|une|una|el|la|il|lo)\s"
    r".{0,80}\b(writer|journalist|reporter|editor|correspondent|columnist|photographer|author|contributor"
    r"|novelist|autor|autorin|journalistin|redakteur|redakteurin|korrespondent|korrespondentin|fotograf"
    r"|fotografin|journaliste|rédacteur|rédactrice|écrivain|écrivaine|periodista|redactor|redactora|escritor"
    r"|escritora|giornalista|scrittore|scrittrice)",
    re.IGNORECASE,
)
#: A closing note in italics holds at most this many characters.
_NOTE_TEXT = 600


def _closing_notes(article: HtmlElement, sizes: Sizes) -> list[HtmlElement]:
    """The paragraphs that end the article set wholly in italics and giving an address to
    write or call, or saying who the writer is: a note about the writer or the publisher ("X
    is the founder of Y … Email: …", "Advertise with us … call …", "Jane Doe is a freelance
    journalist in Berlin."), not the story."""
    found: list[HtmlElement] = []
    for p in reversed(list(article.iter("p"))):
        size = sizes.text(p)
        if size == 0:
            continue
        inner = p[0] if len(p) == 1 else None
        if (
            inner is None
            or tag(inner) not in {"em", "i"}
            or (p.text or "").strip()
            or (inner.tail or "").strip()
            or not 40 <= size <= _NOTE_TEXT
            or (_ADDRESS_MARK.search(text_of(p)) is None and _WRITER_BIO.match(text_of(p)) is None)
            or (size < 80 and _WRITER_BIO.match(text_of(p)) is None)
        ):
            break
        found.append(p)
    return found


#: A teaser holds at most this much text besides its linked title.
_TEASER_TEXT = 300


def _teasers(article: HtmlElement, sizes: Sizes, whole: int) -> list[HtmlElement]:
    """Boxes inside the article that tease another page: a heading that is all one link,
    with perhaps a picture, a kicker and a line of excerpt, and nothing else (the next
    story, a video's card). A linked heading over the article's own text stays."""
    found: list[HtmlElement] = []
    for heading in article.iter("h2", "h3", "h4", "h5", "h6"):
        size = sizes.text(heading)
        if size < 15:
            continue
        # the heading holds the link, or the whole card is one link around the heading
        link = next(heading.iterancestors("a"), None)
        if link is None and sizes.density(heading) >= 0.9:
            link = next(heading.iter("a"), None)
        if link is None or (link.get("href") or "#").startswith("#"):
            continue
        box: HtmlElement | None = None
        node = heading.getparent()
        while node is not None and node is not article:
            if sizes.text(node) > size + _TEASER_TEXT or any(
                h is not heading for h in node.iter("h1", "h2", "h3", "h4", "h5", "h6")
            ):
                break
            box = node
            node = node.getparent()
        if box is not None:
            found.append(box)
    # a page of such boxes is a list of stories, not an article with teasers in it
    if sum(sizes.text(b) for b in found) >= 0.5 * whole:
        return []
    return found


#: A card teasing another story holds at most this many characters.
_CARD_TEXT = 1500
#: What may stand between a card's cut excerpt and its closing link ("Read the article").
_CARD_BUTTON = 40
_CUT = ("\u2026", "...")


def _excerpt_cards(page: Page, article: HtmlElement, whole: int) -> list[HtmlElement]:
    """Boxes inside the article that open with a heading of their own and hold the start of
    another story cut off with an ellipsis, then a link to it (a card embedding the next
    story: "… Read the article"). The article's own sections do not end cut off."""
    sizes = page.sizes
    found: list[HtmlElement] = []
    for heading in article.iter("h2", "h3", "h4", "h5", "h6"):
        if any(within(heading, box) for box in found):
            continue
        box = heading.getparent()
        while box is not None and box is not article and _first_text_element(box, sizes) is heading:
            if sizes.text(box) > _CARD_TEXT:
                break
            if _ends_cut_before_link(page, box):
                found.append(box)
                break
            box = box.getparent()
    return found if sum(sizes.text(b) for b in found) < 0.5 * whole else []


def _first_text_element(box: HtmlElement, sizes: Sizes) -> HtmlElement | None:
    """The first heading or paragraph in ``box`` holding text (``None`` when text comes
    first that is loose in the box)."""
    if (box.text or "").strip():
        return None
    for el in box.iter(*HEADINGS, "p", "div", "span", "a"):
        if el is not box and sizes.text(el) and tag(el) in HEADINGS:
            return el
        if el is not box and sizes.text(el) and not len(el):
            return None
    return None


def _ends_cut_before_link(page: Page, box: HtmlElement) -> bool:
    """Whether ``box``'s text ends with an excerpt cut off with an ellipsis and then a link
    to another page (perhaps after a button's label)."""
    links = [a for a in box.iter("a") if page.sizes.text(a)]
    if not links:
        return False
    last = links[-1]
    href = last.get("href") or "#"
    if href.startswith(("#", "mailto:", "javascript:")):
        return False
    text, label = page.text(box), page.text(last)
    if not label or not text.endswith(label):
        return False
    before = text[: -len(label)].rstrip()
    cut = max(before.rfind(mark) for mark in _CUT)
    return cut > 0 and len(before) - cut <= _CARD_BUTTON


#: class words of a link drawn as a button
_BUTTON_PARTS = frozenset({"button", "btn", "cta"})
#: A button's label holds at most this many characters.
_BUTTON_TEXT = 80


def _button_links(article: HtmlElement, sizes: Sizes) -> list[HtmlElement]:
    """Links drawn as buttons (class words "button", "btn", "cta"; ``role=button``) that
    stand alone in their box: calls to action leading to another page ("Zur Anleitung",
    "Shop now"), not the story's text. A button in a line of text stays."""
    found: list[HtmlElement] = []
    for link in article.iter("a"):
        size = sizes.text(link)
        if not 0 < size <= _BUTTON_TEXT or (link.get("href") or "#").startswith("#"):
            continue
        if not (class_parts(link) & _BUTTON_PARTS or (link.get("role") or "").lower() == "button"):
            continue
        parent = link.getparent()
        if parent is None or sizes.text(parent) != size or sizes.images(link):
            continue
        found.append(link)
    return found
