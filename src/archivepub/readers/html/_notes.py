"""Footnotes: find note references and their definitions in every common HTML encoding.

Linked notes (``<sup><a href="#fn1">``, ``role="doc-noteref"``, ``epub:type="noteref"``,
O'Reilly ``data-type="noteref"``, Wikipedia ``cite_note``, WordPress plugins) are found on the
whole page before boilerplate is removed; plain ``[1]`` markers with a list of definitions are
found in the article afterwards. Each reference is replaced by a ``NOTEREF_TAG`` element and
each definition is taken out of the tree, to be converted to blocks by the caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import normalize_space
from archivepub.readers.html._blocks import NOTEREF_TAG
from archivepub.readers.html._clean import is_furniture
from archivepub.readers.html._util import (
    HEADINGS,
    Page,
    Sizes,
    class_parts,
    class_tokens,
    drop,
    elements,
    tag,
    text_of,
    text_start,
    within,
)

__all__ = ["NOTE_HEADINGS", "FoundNote", "extract_linked", "extract_plain", "remove_empty_note_sections"]

#: Headings (case-folded, without a final colon) that introduce a list of notes.
NOTE_HEADINGS = frozenset(
    {
        "notes",
        "note",
        "footnotes",
        "footnote",
        "endnotes",
        "references",
        "notes and references",
        "sources and notes",
        "citations",
        "примечания",
        "примечание",
        "сноски",
        "ссылки и примечания",
        "примітки",
        "ծանոթագրություններ",
        "ծանոթագրություն",
        "qeydlər",
        "qeyd",
        "izahlar",
        "notas",
        "anmerkungen",
        "fußnoten",
        "einzelnachweise",
    }
)
_BACK_TEXTS = frozenset(
    {"↩", "↩︎", "↩︎︎", "^", "↑", "⤴", "⬆", "back", "return", "return to text", "back to text", "top"}
)
_NOTE_PARTS = frozenset(
    {
        "footnote",
        "footnotes",
        "fn",
        "note",
        "notes",
        "endnote",
        "endnotes",
        "references",
        "reflist",
        "reference",
    }
)
_REF_TOKENS = frozenset(
    {
        "footnote-ref",
        "footnote-reference",
        "footnote-link",
        "footnote-identifier-link",
        "footnoteref",
        "fn-ref",
        "fnref",
        "noteref",
        "note-ref",
        "reference",
        "easy-footnote",
        "fn",
        "footnote",
        "endnote-ref",
        "sdfootnoteanc",
        "sdendnoteanc",
    }
)
_DEF_ROLES = frozenset({"doc-footnote", "doc-endnote", "doc-biblioentry", "note"})
_BACKLINK_PARTS = frozenset({"backlink", "backref", "back", "top", "return"})
_NOTE_ID = re.compile(r"^(fn|ftn|foot|note|endnote|ref|cite|sdfootnote|sdendnote)[-_:.]?\w*\d", re.IGNORECASE)
_LABEL = re.compile(r"^[\[(]?\s*([\w*†‡§¶#]{1,6}|note\s+\w{1,4})\s*[\])]?$", re.IGNORECASE)


@dataclass
class FoundNote:
    """A note definition taken out of the page: its ``key``, visible ``label`` and element.

    ``strip_label`` says the definition repeats its label at its start ("1. text", "[1] text").
    """

    key: str
    label: str
    element: HtmlElement
    strip_label: bool = True


def _epub_type(el: HtmlElement) -> str:
    for name, value in el.attrib.items():
        if name.lower().endswith("type") and name.lower() != "type" and ("epub" in name.lower()):
            return value.lower()
    return ""


def _label_of(text: str) -> str:
    text = normalize_space(text)
    match = _LABEL.match(text)
    return match.group(1) if match else text.strip("[]() ")


def _strong_ref(a: HtmlElement) -> bool:
    """The anchor says it is a note reference (role, epub:type, data-type, class)."""
    for el in (a, a.getparent()):
        if el is None:
            continue
        if (el.get("role") or "").lower() == "doc-noteref":
            return True
        if "noteref" in _epub_type(el).split():
            return True
        if (el.get("data-type") or "").lower() == "noteref":
            return True
        if any(t in _REF_TOKENS for t in class_tokens(el)) and tag(el) in {"a", "sup", "span"}:
            return True
        if el.get("data-fn") is not None:
            return True
    href = a.get("href") or ""
    return href.startswith(("#cite_note", "#fn", "#footnote", "#endnote", "#easy-footnote", "#ftn", "#_ftn"))


def _in_sup(a: HtmlElement) -> bool:
    parent = a.getparent()
    if parent is not None and tag(parent) == "sup":
        return True
    return a.find(".//sup") is not None


def _def_like(el: HtmlElement) -> bool:
    """The element is (or sits in) a footnote list, by role, epub:type, data-type or class."""
    node: HtmlElement | None = el
    depth = 0
    while node is not None and depth < 5:
        if (node.get("role") or "").lower() in {*_DEF_ROLES, "doc-endnotes", "doc-footnotes"}:
            return True
        etype = _epub_type(node)
        if etype and set(etype.split()) & {
            "footnote",
            "footnotes",
            "endnote",
            "endnotes",
            "rearnote",
            "rearnotes",
        }:
            return True
        if (node.get("data-type") or "").lower() in {"footnote", "footnotes", "endnote", "endnotes"}:
            return True
        if class_parts(node) & _NOTE_PARTS or any(_NOTE_ID.match(t) for t in class_tokens(node)):
            return True
        node = node.getparent()
        depth += 1
    return False


def _starts_with_label(el: HtmlElement, label: str) -> bool:
    """The element's text opens with the note's label ("1. ...", "[1] ...", "1) ...")."""
    text = text_start(el, len(label) + 8)
    return bool(re.match(rf"^[\[(]?{re.escape(label)}[\]).:]?\s", text))


def _definition(target: HtmlElement, label: str, sizes: Sizes) -> HtmlElement | None:
    """The element holding a note's text, from the element its reference points at."""
    if (
        tag(target) in {"li", "p", "aside", "div", "dd", "section", "td", "blockquote"}
        and sizes.text(target) > len(label) + 1
    ):
        return target
    node = target.getparent()
    while node is not None:
        if tag(node) in {"li", "p", "dd", "div", "aside", "section", "tr"}:
            return node
        node = node.getparent()
    return None


def _ref_wrapper(a: HtmlElement) -> HtmlElement:
    """The outermost inline element that holds nothing but the reference ``a``."""
    text = normalize_space(a.text_content())
    node = a
    while True:
        parent = node.getparent()
        if parent is None or tag(parent) not in {"sup", "span", "small", "b", "strong", "em", "i"}:
            return node
        if normalize_space(parent.text_content()) != text:
            return node
        node = parent


def _replace_with_marker(page: Page, el: HtmlElement, key: str) -> None:
    marker = el.makeelement(NOTEREF_TAG, {"key": key})
    marker.tail = el.tail
    parent = el.getparent()
    if parent is not None:
        page.detaching(el)
        parent.replace(el, marker)


def _is_backlink(a: HtmlElement, label: str) -> bool:
    text = normalize_space(a.text_content()).casefold()
    if not text or text in _BACK_TEXTS or text.strip("[]() ") in _BACK_TEXTS:
        return True
    if (a.get("role") or "").lower() == "doc-backlink":
        return True
    if class_parts(a) & _BACKLINK_PARTS:
        return True
    return text.strip("[]().: ") == label.casefold()


def _clean_definition(el: HtmlElement, label: str) -> None:
    """Drop back-links (↩, ^, "Back", the label linking back) from a definition."""
    todo: list[HtmlElement] = []
    for node in elements(el):
        if node is el:
            continue
        tokens = class_tokens(node)
        marked = (node.get("role") or "").lower() == "doc-backlink" or bool(
            {"mw-cite-backlink", "easy-footnote-to-top"} & set(tokens)
            or class_parts(node) & {"backlink", "backref", "to-top"}
        )
        in_page = tag(node) == "a" and (node.get("href") or "").startswith("#")
        if marked or (in_page and _is_backlink(node, label)):
            todo.append(node)
    for node in todo:
        if node.getparent() is None:
            continue
        wrapper = _ref_wrapper(node) if tag(node) == "a" else node
        drop(wrapper)


def _ids(root: HtmlElement, *, big: bool = False) -> dict[str, HtmlElement]:
    """Each id (and anchor name) of the page, with the first element that has it; ``big``
    for a page of many elements (see :data:`_WITH_IDS_LINEAR`)."""
    ids: dict[str, HtmlElement] = {}
    for el in (_WITH_IDS_LINEAR if big else _WITH_IDS)(root):
        for attr in ("id", "name"):
            value = el.get(attr)
            if value and value not in ids and (attr == "id" or tag(el) == "a"):
                ids[value] = el
    return ids


# the elements _ids looks at, in document order: those with an id, links with a name (a union
# of attribute steps: far faster than a walk of every element in Python)
_WITH_IDS = lxml.etree.XPath("descendant-or-self::*/@id/.. | descendant-or-self::a/@name/..")
# the same elements, by a test of every element: slower on a common page, but libxml2 merges
# the parents of the attribute steps above one by one, checking each against those found so
# far, which takes time quadratic in their number (4.5 s for 40,000 ids, 0.03 s this way)
_WITH_IDS_LINEAR = lxml.etree.XPath("descendant-or-self::*[@id or (self::a and @name)]")
#: A page with more elements than this asks for its ids the linear way.
_BIG_PAGE = 5000


def _modern_footnotes(page: Page) -> list[FoundNote]:
    """Modern Footnotes: the note's text follows its reference inline, in a hidden span."""
    found: list[FoundNote] = []
    sups = [s for s in page.root.iter("sup") if "modern-footnotes-footnote" in class_tokens(s)]
    for n, sup in enumerate(sups):
        note = sup.getnext()
        if note is None or not any("modern-footnotes-footnote__note" in t for t in class_tokens(note)):
            continue
        label = normalize_space(sup.text_content()) or str(n + 1)
        key = f"mfn-{n}"
        sup.tail = (sup.tail or "") + (note.tail or "")
        note.tail = None
        page.detaching(note)
        note.getparent().remove(note)  # type: ignore[union-attr]
        note.tag = "p"
        _replace_with_marker(page, sup, key)
        found.append(FoundNote(key=key, label=label, element=note, strip_label=False))
    return found


def extract_linked(page: Page) -> list[FoundNote]:
    """Replace linked note references with markers and take their definitions out.

    A reference is an in-page link (``href="#..."``) marked as a note reference, or a short
    label in a ``sup`` pointing at an element in a footnote list. Several references to one
    definition share one note. Back-links in definitions are dropped. The work grows with
    the number of links times the depth of the page, never with links times links.
    """
    root, sizes = page.root, page.sizes
    found = _modern_footnotes(page)
    ids = _ids(root, big=page.size > _BIG_PAGE)
    # the page's in-page links by target, made for the first reference that needs them (few
    # pages have one): nothing below changes the tree before the last candidate is found
    pointing: dict[str, list[HtmlElement]] | None = None
    candidates: list[_Candidate] = []
    for a in list(root.iter("a")):
        href = (a.get("href") or "").strip()
        if "#" not in href or (not href.startswith("#") and not _strong_ref(a)):
            continue
        frag = unquote(href.split("#", 1)[1])
        target = ids.get(frag)
        if target is None or within(a, target) or tag(target) in HEADINGS:
            continue
        text = normalize_space(a.text_content())
        label = _label_of(text)
        if not label or not _LABEL.match(text):
            continue
        if label.casefold() in _BACK_TEXTS:
            continue
        strong = _strong_ref(a)
        if not strong and not _in_sup(a) and not text.startswith("["):
            continue
        definition = _definition(target, label, sizes)
        if definition is None or within(a, definition) or tag(definition) in {"body", "html"}:
            continue
        if not strong and not _def_like(definition) and not _starts_with_label(definition, label):
            if pointing is None:
                pointing = _links_by_target(root)
            if not _links_back(a, definition, pointing):
                continue
        candidates.append(_Candidate(a, target, label, definition, frag))

    backlinks = _backlinks(candidates, root)
    real = [c for i, c in enumerate(candidates) if i not in backlinks]

    # definitions inside other definitions are handled with them; keys follow the definitions
    keys: dict[HtmlElement, tuple[str, str]] = {}
    for cand in real:
        if cand.definition not in keys:
            keys[cand.definition] = (f"note-{len(keys) + 1}-{cand.frag}", cand.label)
        if cand.a.getparent() is not None:
            _replace_with_marker(page, _ref_wrapper(cand.a), keys[cand.definition][0])

    parents: dict[HtmlElement, None] = {}
    for definition, (key, label) in keys.items():
        parent = definition.getparent()
        if parent is None:
            continue
        parents[parent] = None
        page.drop(definition)
        definition.tail = None
        _clean_definition(definition, label)
        found.append(FoundNote(key=key, label=label, element=definition, strip_label=tag(definition) != "li"))
    for parent in parents:
        _prune_empty(page, parent)
    return found


def _links_by_target(root: HtmlElement) -> dict[str, list[HtmlElement]]:
    """Every in-page link, by the id (or anchor name) it points at."""
    found: dict[str, list[HtmlElement]] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1:
            found.setdefault(unquote(href[1:]), []).append(a)
    return found


def _ref_names(a: HtmlElement) -> list[str]:
    """The ids a back-link may point at to return to the reference ``a``: its own, those of
    the inline elements around it, and an empty anchor just before it."""
    names: list[str] = []
    node: HtmlElement | None = a
    while node is not None:
        names += [v for v in (node.get("id"), node.get("name")) if v]
        if tag(node) not in _INLINE:
            break
        node = node.getparent()
    before = a.getprevious()
    if before is not None and tag(before) == "a" and not normalize_space(before.text_content()):
        names += [v for v in (before.get("id"), before.get("name")) if v]
    return names


def _links_back(a: HtmlElement, definition: HtmlElement, pointing: dict[str, list[HtmlElement]]) -> bool:
    """The definition links back to the reference: a note by its structure, whatever the
    page's language, headings, ids or classes."""
    return any(within(back, definition) for name in _ref_names(a) for back in pointing.get(name, ()))


@dataclass
class _Candidate:
    """A link that may be a note reference: the link, what it points at, its label and note."""

    a: HtmlElement
    target: HtmlElement
    label: str
    definition: HtmlElement
    frag: str


_INLINE = frozenset({"a", "sup", "sub", "span", "small", "b", "strong", "em", "i", "u", "font", "cite"})


def _backlinks(candidates: list[_Candidate], root: HtmlElement) -> set[int]:
    """The candidates that are back-links: a link in one candidate's definition that points
    back at that reference (its link, a wrapper around it, or something inside it), or that
    sits in the note of a reference which itself sits in the link's own note. When two links
    point at each other, the later one is the back-link."""
    if not candidates:
        return set()  # (most pages: no walk of the page for positions)
    position = {el: i for i, el in enumerate(elements(root))}
    by_def: dict[HtmlElement, list[int]] = {}
    for i, cand in enumerate(candidates):
        by_def.setdefault(cand.definition, []).append(i)
    link_of = {cand.a: i for i, cand in enumerate(candidates)}
    # every element that is a reference's link or an inline wrapper around it
    wrapping: dict[HtmlElement, list[int]] = {}
    # the definitions each reference sits in, and the references inside each definition
    def_above: list[set[HtmlElement]] = []
    inside: dict[HtmlElement, list[int]] = {}
    for i, cand in enumerate(candidates):
        node: HtmlElement | None = cand.a
        while node is not None:
            wrapping.setdefault(node, []).append(i)
            if tag(node) not in _INLINE:
                break
            node = node.getparent()
        above = {d for d in cand.a.iterancestors() if d in by_def}
        def_above.append(above)
        for d in above:
            inside.setdefault(d, []).append(i)

    def earlier(j: int, i: int) -> bool:
        return j != i and position.get(candidates[j].a, 0) <= position.get(candidates[i].a, 0)

    found: set[int] = set()
    for i, cand in enumerate(candidates):
        above = def_above[i]
        if not above:
            continue
        # the link points at a reference (or at a wrapper around one, or inside one)
        pointed = set(wrapping.get(cand.target, ()))
        for node in cand.target.iterancestors():
            j = link_of.get(node)
            if j is not None:
                pointed.add(j)
        if any(earlier(j, i) and candidates[j].definition in above for j in pointed):
            found.add(i)
            continue
        # mutual notes: a reference in this link's note has its note around this link
        mine = inside.get(cand.definition, [])
        theirs = [j for d in above for j in by_def[d]]
        if len(mine) <= len(theirs):
            hit = any(earlier(j, i) and candidates[j].definition in above for j in mine)
        else:
            hit = any(earlier(j, i) and cand.definition in def_above[j] for j in theirs)
        if hit:
            found.add(i)
    return found


def _prune_empty(page: Page, el: HtmlElement | None) -> None:
    """Remove ``el`` and its ancestors while they are empty footnote containers."""
    sizes = page.sizes
    while el is not None and tag(el) in {"ol", "ul", "div", "section", "aside", "footer", "dl", "span", "p"}:
        if el.getparent() is None:
            return
        if sizes.text(el) or sizes.images(el) or el.find(f".//{NOTEREF_TAG}") is not None:
            return
        parent = el.getparent()
        prev = el.getprevious()
        after = el.getnext()
        page.drop(el)
        while prev is not None and tag(prev) == "hr":
            before = prev.getprevious()
            page.drop(prev)
            prev = before
        # the notes' heading, in whatever language, is left heading nothing
        if prev is not None and tag(prev) in HEADINGS and (after is None or tag(after) in HEADINGS):
            page.drop(prev)
        el = parent


def _is_note_heading(el: HtmlElement) -> bool:
    name = tag(el)
    text = text_of(el).rstrip(":").strip().casefold()
    if text not in NOTE_HEADINGS:
        return False
    if name in HEADINGS:
        return True
    if name in {"p", "div", "strong", "b", "dt"}:
        return len(text) < 40
    return False


def remove_empty_note_sections(page: Page, root: HtmlElement) -> None:
    """Remove "Notes" / "References" headings left with nothing after them under ``root``."""
    sizes = page.sizes
    for el in list(root.iter(*HEADINGS, "p", "div")):
        if sizes.text(el) > 60 or el.getparent() is None or not _is_note_heading(el):
            continue
        nxt = el.getnext()
        while nxt is not None and not sizes.text(nxt) and not sizes.images(nxt):
            nxt = nxt.getnext()
        if nxt is None or tag(nxt) in HEADINGS:
            page.drop(el)


# --- plain-text notes: [1] markers and a list of definitions ------------------------------

_BOX_PARTS = frozenset({"footnotes", "endnotes", "notes", "footnote", "endnote"})
_BRACKET_DEF = re.compile(r"^\s*\[(\d{1,3})\]\s*\S")
_NUMBER_DEF = re.compile(r"^\s*\[?(\d{1,3})\]?[.)]?\s+\S")
_SYMBOL_DEF = re.compile(r"^\s*([*†‡§]{1,3})\s*\S")
_MARKER = re.compile(r"\[(\d{1,3})\]")
_SUP_MARKER = re.compile(r"^\[?\s*(\d{1,3}|[*†‡§]{1,3})\s*\]?$")


def _body_markers(root: HtmlElement, skip: list[HtmlElement]) -> set[str]:
    """Labels used as markers in the text outside ``skip``: ``[1]`` and unlinked ``<sup>1</sup>``."""
    labels: set[str] = set()
    skipped = set(map(id, skip))

    def walk(el: HtmlElement) -> None:
        if id(el) in skipped:
            return
        if tag(el) == "sup" and el.find(".//a") is None:
            match = _SUP_MARKER.match(text_of(el))
            if match:
                labels.add(match.group(1))
        if el.text:
            labels.update(_MARKER.findall(el.text))
        for child in el:
            if not tag(child):
                continue
            walk(child)
            if child.tail:
                labels.update(_MARKER.findall(child.tail))

    walk(root)
    return labels


def _numbered(el: HtmlElement) -> str | None:
    """The label of a paragraph that starts with its number: "[1] ...", "1. ...", "<sup>1</sup> ..."."""
    text = text_start(el, 16)
    first = next((c for c in el if tag(c)), None)
    if first is not None and tag(first) == "sup" and not (el.text or "").strip():
        match = _SUP_MARKER.match(text_of(first))
        if match:
            return match.group(1)
    match = _NUMBER_DEF.match(text) or _SYMBOL_DEF.match(text)
    return match.group(1) if match else None


_FOOTER = frozenset({"footer"})


def _in_furniture(page: Page, el: HtmlElement) -> bool:
    """Inside page furniture (a sidebar, comments...); an article's footer does not count."""

    def test(node: HtmlElement) -> bool:
        return (
            node not in page.protected and tag(node) != "footer" and is_furniture(node, _FOOTER, page.sizes)
        )

    return page.above(el, test, "notes")


def _drop_leading_label(el: HtmlElement, label: str) -> None:
    """Remove a superscript label that opens a definition ("<sup>1</sup> text")."""
    first = next((c for c in el if tag(c)), None)
    if first is None or tag(first) != "sup" or (el.text or "").strip():
        return
    match = _SUP_MARKER.match(text_of(first))
    if match and match.group(1) == label:
        drop(first)


def _run_label(el: HtmlElement) -> str | None:
    """The label of a definition paragraph outside a notes section: "[1] ...", "<sup>1</sup> ..."."""
    match = _BRACKET_DEF.match(text_start(el, 16))
    if match:
        return match.group(1)
    first = next((c for c in el if tag(c)), None)
    if (
        first is not None
        and tag(first) == "sup"
        and not (el.text or "").strip()
        and first.find(".//a") is None
    ):
        label = _SUP_MARKER.match(text_of(first))
        if label and (first.tail or "").strip():
            return label.group(1)
    return None


def _section_after(heading: HtmlElement, sizes: Sizes) -> list[tuple[str, HtmlElement, bool]]:
    """Definitions following a notes heading: an ``ol``/``ul`` or numbered paragraphs."""
    return _definitions(heading.getnext(), sizes)


def _notes_box(el: HtmlElement, sizes: Sizes) -> list[tuple[str, HtmlElement, bool]]:
    """Definitions in a list or box whose class says it holds notes (``ol.footnotes``)."""
    if tag(el) in {"ol", "ul"}:
        return _definitions(el, sizes, alone=True)
    first = next((c for c in el if tag(c)), None)
    if first is not None and sizes.text(first) <= 60 and _is_note_heading(first):
        first = first.getnext()
    return _definitions(first, sizes)


def _definitions(
    node: HtmlElement | None, sizes: Sizes, *, alone: bool = False
) -> list[tuple[str, HtmlElement, bool]]:
    """Definitions from ``node`` on (or in ``node`` only): ``ol`` items, numbered paragraphs."""
    defs: list[tuple[str, HtmlElement, bool]] = []
    while node is not None and tag(node) not in HEADINGS:
        name = tag(node)
        if name == "ol":
            start = node.get("start") or "1"
            number = int(start) if start.isdigit() else 1
            for li in node:
                if tag(li) != "li":
                    continue
                value = li.get("value")
                number = int(value) if value and value.isdigit() else number
                own = _numbered(li)
                defs.append((own or str(number), li, own is not None))
                number += 1
        elif name == "ul":
            for li in node:
                if tag(li) == "li":
                    own = _numbered(li)
                    if own is None:
                        return defs
                    defs.append((own, li, True))
        elif name in {"p", "div", "li"}:
            own = _numbered(node)
            if own is None:
                if sizes.text(node):
                    break
            else:
                defs.append((own, node, True))
        elif sizes.text(node):
            break
        if alone:
            break
        node = node.getnext()
    return defs


def _trailing_list(root: HtmlElement, sizes: Sizes) -> list[tuple[str, HtmlElement, bool]]:
    """Notes by structure alone: the last list of the article, with nothing but short text
    after it, whose items number exactly the ``[1]`` ... ``[n]`` markers of the text before it
    (whatever its heading says, or with none)."""
    lists = list(root.iter("ol"))
    if not lists:
        return []
    last = lists[-1]
    items = [li for li in last if tag(li) == "li"]
    if len(items) < 2 or any(tag(a) in {"ol", "ul", "li"} for a in last.iterancestors()):
        return []
    after = sum(sizes.text(el) for el in _FOLLOWING_ELEMENTS(last) if not len(el))
    if after > 300:
        return []
    before = _body_markers(root, [last])
    numbers = sorted(int(label) for label in before if label.isdigit())
    if len(numbers) < 2 or numbers != list(range(1, len(items) + 1)):
        return []
    return [(str(n), li, _numbered(li) is not None) for n, li in enumerate(items, start=1)]


_FOLLOWING_ELEMENTS = lxml.etree.XPath("following::*")


def extract_plain(page: Page, root: HtmlElement) -> list[FoundNote]:
    """Take plain-text note definitions out of the article and return them.

    Definitions are a "Notes" (etc.) heading followed by an ``ol`` or numbered paragraphs, or
    a run of ``[1] text`` paragraphs. A definition is only taken when its label is used as a
    marker in the text (``[1]``, ``<sup>1</sup>``); everything else stays as it was.
    """
    if root.find(".//sup") is None and not _MARKER.search(root.text_content()):
        return []  # no marker anywhere: no definition can be taken
    groups: list[list[tuple[str, HtmlElement, bool]]] = []
    headings: list[HtmlElement] = []
    taken: set[int] = set()
    sizes = page.sizes
    for el in list(root.iter(*HEADINGS, "p", "div", "strong", "b")):
        if sizes.text(el) <= 60 and _is_note_heading(el) and not _in_furniture(page, el):
            heading = el
            while tag(heading) in {"strong", "b"} and heading.getparent() is not None:
                parent = heading.getparent()
                assert parent is not None
                if sizes.text(parent) > sizes.text(heading) + 2 or text_of(parent) != text_of(heading):
                    break
                heading = parent
            defs = _section_after(heading, sizes)
            if defs:
                groups.append(defs)
                headings.append(heading)
                taken.update(id(d) for _l, d, _s in defs)
    for el in page.named(_BOX_PARTS):
        boxed = tag(el) in {"ol", "ul", "div", "section", "aside", "footer"} and within(el, root)
        if boxed and not _in_furniture(page, el):
            defs = [d for d in _notes_box(el, sizes) if id(d[1]) not in taken]
            if defs:
                groups.append(defs)
                taken.update(id(d) for _l, d, _s in defs)
    for el in list(root.iter("p", "div", "li")):
        if id(el) in taken or el.getparent() is None:
            continue
        if sizes.text(el) > 3000:
            continue
        if _run_label(el) is None or _in_furniture(page, el):
            continue
        prev = el.getprevious()
        if prev is not None and id(prev) in taken and _run_label(prev) is not None:
            continue
        run: list[tuple[str, HtmlElement, bool]] = []
        node: HtmlElement | None = el
        while node is not None and tag(node) in {"p", "div", "li"}:
            label = _run_label(node)
            if label is None:
                break
            run.append((label, node, True))
            taken.add(id(node))
            node = node.getnext()
        if run:
            groups.append(run)
    if not groups:
        trailing = _trailing_list(root, sizes)
        if trailing:
            groups.append(trailing)
    if not groups:
        return []
    all_defs = [d for group in groups for _l, d, _s in group]
    used = _body_markers(root, all_defs + headings)
    found: list[FoundNote] = []
    seen: set[str] = set()
    parents: dict[HtmlElement, None] = {}
    for group in groups:
        group_used = [g for g in group if g[0] in used and g[0] not in seen]
        if not group_used:
            continue
        for label, definition, strip in group:
            if label not in used or label in seen:
                continue
            seen.add(label)
            parent = definition.getparent()
            page.drop(definition)
            definition.tail = None
            _clean_definition(definition, label)
            _drop_leading_label(definition, label)
            found.append(FoundNote(key=f"plain:{label}", label=label, element=definition, strip_label=strip))
            if parent is not None:
                parents[parent] = None
    for parent in parents:
        _prune_empty(page, parent)
    for heading in headings:
        if heading.getparent() is not None:
            nxt = heading.getnext()
            while nxt is not None and not sizes.text(nxt):
                nxt = nxt.getnext()
            if nxt is None or tag(nxt) in HEADINGS:
                page.drop(heading)
    return found
