"""Small helpers on lxml elements shared by the HTML reader's modules."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import normalize_space

__all__ = [
    "BLOCK_TAGS",
    "HEADINGS",
    "NAME_SPLIT",
    "Page",
    "Sizes",
    "class_parts",
    "class_tokens",
    "drop",
    "elements",
    "following",
    "host_of",
    "link_density",
    "resolve_url",
    "tag",
    "text_of",
]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        *HEADINGS,
    }
)
#: Where class names split into words: ``-``, ``_`` and camelCase.
NAME_SPLIT = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])")


def tag(el: object) -> str:
    """Return the lower-case tag name of an element ("" for comments and the like)."""
    name = el.tag  # type: ignore[attr-defined]
    return name if type(name) is str else ""  # lxml's HTML parser gives lower-case names


def elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Yield the real elements under ``root`` (itself included), skipping comments and PIs."""
    return root.iter(lxml.etree.Element)


def following(root: HtmlElement, el: HtmlElement | None) -> Iterator[HtmlElement]:
    """Yield the elements after ``el`` in document order (its own descendants first); all
    of ``root``'s elements when ``el`` is None."""
    if el is None:
        yield from elements(root)
        return
    yield from el.iterdescendants(lxml.etree.Element)
    # XPath's following::*, one element at a time: callers stop after a few lines of a page
    # (its whole rest made into one list cost more than what they read of it)
    node: HtmlElement | None = el
    while node is not None:
        for sibling in node.itersiblings():
            if type(sibling.tag) is str:
                yield from sibling.iter(lxml.etree.Element)
        node = node.getparent()


_NAMED = lxml.etree.XPath("descendant-or-self::*[@class or @id]")


def _names(el: HtmlElement) -> str:
    cls, ident = el.get("class"), el.get("id")
    if ident is None:
        return cls or ""
    return ident if cls is None else f"{cls} {ident}"


@lru_cache(maxsize=8192)
def _tokens_of(raw: str) -> frozenset[str]:
    return frozenset(t.lower() for t in raw.split())


@lru_cache(maxsize=8192)
def _parts_of(raw: str) -> frozenset[str]:
    parts: set[str] = set()
    for token in raw.split():
        parts.update(p.lower() for p in NAME_SPLIT.split(token) if p)
    return frozenset(parts)


@lru_cache(maxsize=8192)
def _has_stem(parts: frozenset[str], stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stems) for word in parts)


def class_tokens(el: HtmlElement) -> frozenset[str]:
    """Return the lower-case class names and id of ``el``."""
    raw = _names(el)
    return _tokens_of(raw) if raw else frozenset()


def class_parts(el: HtmlElement) -> frozenset[str]:
    """Return the words of ``el``'s class names and id, split on ``-``, ``_`` and camelCase.

    Pages repeat a few class names on thousands of elements: each distinct name is split once.
    """
    raw = _names(el)
    return _parts_of(raw) if raw else frozenset()


def text_start(el: HtmlElement, size: int = 80) -> str:
    """Return about the first ``size`` characters of ``el``'s text, whitespace-normalised.

    Reads only as much text as it needs, so it costs the same on a paragraph and on a page.
    """
    pieces: list[str] = []
    count = 0
    for piece in el.itertext():
        pieces.append(piece)
        count += len(piece)
        if count > 2 * size + 40:
            break
    return normalize_space("".join(pieces))[:size]


def text_of(el: HtmlElement) -> str:
    """Return the whitespace-normalised text of ``el`` and its descendants."""
    if not len(el):
        text = el.text  # (read once: lxml makes a new string each time)
        return normalize_space(text) if text else ""
    return normalize_space(el.text_content())


def within(el: HtmlElement, ancestor: HtmlElement, *, strict: bool = False) -> bool:
    """True when ``el`` is ``ancestor`` or lies inside it (with ``strict``: only inside it)."""
    if el is ancestor:
        return not strict
    return any(node is ancestor for node in el.iterancestors())


def link_density(el: HtmlElement) -> float:
    """Return the share of ``el``'s text that sits inside links (0 for an empty element)."""
    total = len(text_of(el))
    if not total:
        return 0.0
    linked = sum(len(text_of(a)) for a in el.iter("a"))
    return min(1.0, linked / total)


def _flat(text: str | None) -> int:
    if not text or text.isspace():  # most text between elements is an indentation
        return 0
    return len(" ".join(text.split()))


class Sizes:
    """Text and link-text lengths of every element under a root, measured in one pass.

    Heuristics ask "how much text is in here?" of nested elements again and again; asking
    each element for its whole text makes a deep page quadratic. The measurement stays true
    while elements are removed through :meth:`remove` (as :meth:`Page.drop` does); elements
    added after the measurement are measured on demand.
    """

    def __init__(self, root: HtmlElement, nodes: list[HtmlElement] | None = None) -> None:
        """``nodes``: ``list(root.iter())`` when the caller has it already."""
        self._text: dict[HtmlElement, int] = {}
        self._links: dict[HtmlElement, int] = {}
        self._images: dict[HtmlElement, int] = {}
        #: the page's own elements ("<pp-inline-teaser>", "<amp-ad>": a hyphen in the name),
        #: last first; noted in this walk, which looks at every element's name anyway
        self.custom: list[HtmlElement] = []
        text, link_sizes, image_counts, custom = self._text, self._links, self._images, self.custom
        for el in reversed(list(root.iter()) if nodes is None else nodes):
            name = el.tag
            if type(name) is not str:
                continue  # (a comment or processing instruction: not an element)
            if "-" in name:
                custom.append(el)
            own = el.text
            # _flat, written out: this loop runs over every element of every page
            total = len(" ".join(own.split())) if own and not own.isspace() else 0
            links = 0
            images = 1 if name == "img" else 0
            if len(el):  # (most elements have no children: no iterator made for them)
                for child in el:
                    if type(child.tag) is str:
                        total += text[child]
                        links += link_sizes[child]
                        images += image_counts[child]
                    tail = child.tail
                    if tail and not tail.isspace():
                        total += len(" ".join(tail.split()))
            image_counts[el] = images
            if name == "a":
                links = total
            text[el] = total
            link_sizes[el] = links

    def text(self, el: HtmlElement) -> int:
        """Length of the element's text (whitespace collapsed within each text node)."""
        size = self._text.get(el)
        return size if size is not None else len(text_of(el))

    def images(self, el: HtmlElement) -> int:
        """Number of ``img`` elements in the element (itself included)."""
        count = self._images.get(el)
        return count if count is not None else len(list(el.iter("img")))

    def density(self, el: HtmlElement) -> float:
        """Share of the element's text inside links."""
        total = self.text(el)
        if not total:
            return 0.0
        links = self._links.get(el)
        if links is None:
            return link_density(el)
        return min(1.0, links / total)

    def remove(self, el: HtmlElement) -> None:
        """Take ``el``'s text, links and images off its ancestors (call before detaching it)."""
        size = self._text.get(el)
        if size is None:
            return
        links, images = self._links[el], self._images[el]
        for node in el.iterancestors():
            if node not in self._text:
                break
            self._text[node] -= size
            self._images[node] -= images
            if node.tag == "a":
                self._links[node] = self._text[node]
                links = size  # above a link, all of the removed text was link text
            else:
                self._links[node] -= links


class Page:
    """The tree being read and what is measured on it, shared by the reader's steps.

    Holding one Python object per element for the whole read spares lxml from making (and
    classifying) a new one each time a step walks the tree; :meth:`drop` keeps the sizes
    true, so no step has to measure the page again.
    """

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._alive = list(root.iter())
        self._position = {el: i for i, el in enumerate(self._alive)}
        self.sizes = Sizes(root, self._alive)
        self._above: dict[str, dict[HtmlElement, bool]] = {}
        #: elements known to hold the article (and their ancestors): never furniture
        self.protected: set[HtmlElement] = set()
        #: the boxes holding the article's headline: not furniture for its byline and dateline
        self.title_boxes: frozenset[HtmlElement] = frozenset()
        self._texts: dict[HtmlElement, str] = {}
        self._dropped: set[HtmlElement] = set()
        self._named: list[tuple[frozenset[str], frozenset[str], list[HtmlElement]]] | None = None

    @property
    def size(self) -> int:
        """How many nodes the page had when it was measured."""
        return len(self._alive)

    def _index(self) -> list[tuple[frozenset[str], frozenset[str], list[HtmlElement]]]:
        if self._named is None:
            # pages repeat a few names on many elements: group by name, split each name once
            by_name: dict[str, list[HtmlElement]] = {}
            for el in _NAMED(self.root):
                cls, ident = el.get("class"), el.get("id")  # (_names, written out)
                raw = (cls or "") if ident is None else ident if cls is None else f"{cls} {ident}"
                group = by_name.get(raw)
                if group is None:
                    by_name[raw] = [el]
                else:
                    group.append(el)
            self._named = [(_parts_of(raw), _tokens_of(raw), els) for raw, els in by_name.items()]
        return self._named

    def named(
        self,
        parts: frozenset[str] = frozenset(),
        tokens: frozenset[str] = frozenset(),
        stems: tuple[str, ...] = (),
        also: Iterable[HtmlElement] = (),
    ) -> list[HtmlElement]:
        """The elements still in the page whose class or id has one of ``parts`` among its
        words (see :func:`class_parts`), one of ``tokens`` among its names (see
        :func:`class_tokens`), or a word starting with one of ``stems``; and those of ``also``.
        In document order.

        The page's class names are grouped once (a page repeats a few names on many elements,
        and each distinct name is split once), so a rule that looks for a few words costs a
        look at each distinct name, not a walk of the page.
        """
        found: set[HtmlElement] = set(also)
        for name_parts, name_tokens, els in self._index():
            if (
                not parts.isdisjoint(name_parts)
                or not tokens.isdisjoint(name_tokens)
                or (stems and _has_stem(name_parts, stems))
            ):
                found.update(els)
        position = self._position
        return sorted(self._attached_of(found), key=lambda el: position.get(el, -1))

    def _attached_of(self, els: Iterable[HtmlElement]) -> list[HtmlElement]:
        """Those of ``els`` still in the page (see :meth:`attached`), each ancestor looked at
        once for all of them."""
        known: dict[HtmlElement, bool] = {self.root: True}
        out: list[HtmlElement] = []
        for el in els:
            path: list[HtmlElement] = []
            node: HtmlElement | None = el
            while node is not None and node not in known:
                path.append(node)
                node = node.getparent()
            result = node is not None and known[node]
            for visited in path:
                known[visited] = result
            if result:
                out.append(el)
        return out

    def attached(self, el: HtmlElement) -> bool:
        """True while ``el`` is still in the page (not removed with an ancestor)."""
        root = self.root
        node: HtmlElement | None = el
        while node is not None:
            if node is root:
                return True
            node = node.getparent()
        return False

    def in_order(self, els: Iterable[HtmlElement]) -> list[HtmlElement]:
        """``els`` without duplicates, in document order (elements made since last)."""
        position = self._position
        return sorted(set(els), key=lambda el: position.get(el, len(position)))

    def above(
        self, el: HtmlElement, test: Callable[[HtmlElement], bool], key: str, *, whole: bool = False
    ) -> bool:
        """True when an ancestor of ``el`` below ``body`` passes ``test`` (with ``whole``: any
        ancestor, ``body`` and ``html`` included).

        Answers are remembered per ``key`` (one per test) for every ancestor visited, so asking
        about every element of the page costs one walk of it, not one walk per element (a page
        whose containers are never closed nests thousands deep).
        """
        memo = self._above.setdefault(key, {})
        path: list[HtmlElement] = []
        node = el.getparent()
        result = False
        while node is not None:
            known = memo.get(node)
            if known is not None:
                result = known
                break
            if not whole and node.tag in {"body", "html"}:
                break
            path.append(node)
            if test(node):
                result = True
                break
            node = node.getparent()
        for visited in path:
            memo[visited] = result
        return result

    def text(self, el: HtmlElement) -> str:
        """The whitespace-normalised text of ``el`` (see :func:`text_of`), read once per element
        while nothing inside it changes."""
        text = self._texts.get(el)
        if text is None:
            text = self._texts[el] = text_of(el)
        return text

    def detaching(self, el: HtmlElement) -> None:
        """Forget what ``el`` adds to its ancestors: call before taking it out of the tree."""
        self.sizes.remove(el)
        texts = self._texts
        if texts:
            for node in el.iterancestors():
                texts.pop(node, None)

    def drop(self, el: HtmlElement) -> None:
        """Remove ``el`` (keeping its tail text, see :func:`drop`) and update the sizes.

        An element that went with an ancestor this page dropped is left alone: lxml walks the
        whole of an element it detaches, and detaching, one by one, elements nested inside
        each other (a page whose template leaves containers open nests every copy of its
        furniture in the previous one) made reading quadratic.
        """
        if el.getparent() is None:
            return
        dropped = self._dropped
        if dropped and any(node in dropped for node in el.iterancestors()):
            return
        self.detaching(el)
        drop(el)
        dropped.add(el)


def drop(el: HtmlElement) -> None:
    """Remove ``el`` and everything in it, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def resolve_url(href: str | None, base: str | None) -> str | None:
    """Return ``href`` made absolute against ``base``; ``None`` for unsafe or empty links.

    ``javascript:``, ``data:``, ``vbscript:`` and bare ``#`` links give ``None``.

    A protocol-relative ``//host/path`` is a remote address: without a base, it is read as
    ``https:``.

    >>> resolve_url("../a.html", "https://example.org/x/y/z.html")
    'https://example.org/x/a.html'
    >>> resolve_url("javascript:alert(1)", None) is None
    True
    >>> resolve_url("//cdn.example.org/a.jpg", None)
    'https://cdn.example.org/a.jpg'
    """
    if href is None:
        return None
    href = href.strip()
    if not href.isprintable():  # (a printable text holds no control character: most links)
        href = "".join(ch for ch in href if ch >= " " and ch != "\x7f")
    if not href or href == "#":
        return None
    scheme = href.split(":", 1)[0].lower().strip() if ":" in href else ""
    if scheme in {"javascript", "data", "vbscript", "about", "blob"}:
        return None
    if href.startswith("//") and not (base and "://" in base):
        href = "https:" + href
    if base:
        try:
            href = urljoin(base, href)
        except ValueError:
            return href
    try:
        urlsplit(href)
    except ValueError:
        return None
    return href


def host_of(url: str | None) -> str:
    """The host of ``url``, lower-cased; empty for no URL or one that cannot be parsed (a
    malformed ``url=`` argument or canonical link must not stop the reading)."""
    if not url:
        return ""
    try:
        return (urlsplit(url).hostname or "").casefold()
    except ValueError:
        return ""
