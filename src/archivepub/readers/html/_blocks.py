"""Convert cleaned HTML elements into model blocks and inlines."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import lxml.etree
from lxml.html import HtmlElement

from archivepub.model import (
    Block,
    Emphasis,
    Figure,
    Heading,
    HorizontalRule,
    Inline,
    Link,
    ListBlock,
    NoteRef,
    Paragraph,
    Quote,
    Strong,
    Text,
    normalize_space,
)
from archivepub.readers.html._code import definition_list, pre_block
from archivepub.readers.html._figures import figure_from, is_caption, is_credit, is_icon, sole_image
from archivepub.readers.html._media import MEDIA_TAG, media_block
from archivepub.readers.html._phrases import CODE_TAGS, code_inline, line_break, scripted
from archivepub.readers.html._tables import read_table
from archivepub.readers.html._util import (
    BLOCK_TAGS,
    HEADINGS,
    Sizes,
    class_parts,
    class_tokens,
    drop,
    resolve_url,
    tag,
    within,
)

__all__ = ["NOTEREF_TAG", "SUP_MARK", "Converter"]

#: The element the note finder puts where a note reference was; ``key`` names the note.
NOTEREF_TAG = "apub-noteref"
#: Prefix of the key of an unlinked superscript number (resolved against plain-text notes).
SUP_MARK = "?sup:"

# (``cite`` names a work or a source; sites use it for whole citations and credits: plain text)
_EMPHASIS = frozenset({"em", "i", "dfn", "var"})
_STRONG = frozenset({"strong", "b"})
_CONTAINERS = frozenset(
    {
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "center",
        "address",
        "details",
        "summary",
        "hgroup",
        "fieldset",
        "dd",
        "dt",
        "li",
        "p",
        "figcaption",
        "body",
        "html",
        "form",
        "nav",
        "dialog",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
    }
)
_DISPLAYSTYLE = re.compile(r"\{\\displaystyle\s*(.*)\}", re.DOTALL)
_QUOTE_MARKS = "\"' \u201c\u201d\u00ab\u00bb\u201e\u2018\u2019"
_SUP_LABEL = re.compile(r"^\[?\s*(\d{1,3}|[*†‡§]{1,3})\s*\]?$")
_CELL_BLOCKS = (
    ".//p|.//div|.//ul|.//ol|.//table|.//h1|.//h2|.//h3|.//h4|.//h5|.//h6|.//figure|.//img|.//blockquote"
)
# compiled once: ``el.xpath(text)`` compiles its expression on every call
_HAS_CELL_BLOCKS = lxml.etree.XPath(f"boolean({_CELL_BLOCKS})")
_HAS_BLOCKS = lxml.etree.XPath(
    "boolean(.//p|.//div|.//ul|.//ol|.//table|.//figure|.//h2|.//h3|.//blockquote)"
)
_HAS_IMG = lxml.etree.XPath("boolean(.//img)")


def _text(value: str) -> Text:
    """A text node of the page as text, without its soft hyphens (U+00AD, ``&shy;``): marks
    where a browser may break a word, invisible otherwise, that would cut the word in two for
    a search, a translation memory or a spell checker (a reading system hyphenates by itself)."""
    return Text(value.replace("\u00ad", "") if "\u00ad" in value else value)


def _is_pull_quote(el: HtmlElement) -> bool:
    tokens = class_tokens(el)
    if any(t in {"pullquote", "pull-quote", "pull_quote", "pullout", "pull-out"} for t in tokens):
        return True
    parts = class_parts(el)
    return {"pull", "quote"} <= parts


@dataclass
class Converter:
    """Turns elements into blocks.

    ``base`` is the URL links and images resolve against; ``context`` the article's whole
    text (a pull quote found twice in it repeats the body and is dropped), or ``article``, the
    element whose whitespace-normalised text it is: read on the first pull quote, if any.
    """

    base: str | None = None
    context: str = ""
    sizes: Sizes | None = None
    #: how many unlinked superscript numbers were read (``SUP_MARK`` references to resolve)
    sup_marks: int = 0
    article: HtmlElement | None = None
    _folded: str | None = field(default=None, init=False, repr=False)

    # --- inlines --------------------------------------------------------------------------

    def inlines(self, el: HtmlElement) -> list[Inline]:
        """Return the inline content of ``el`` (its text, children and their tails)."""
        out: list[Inline] = []
        if el.text:
            out.append(_text(el.text))
        for child in el:
            out.extend(self._inline(child))
            if child.tail:
                out.append(_text(child.tail))
        return out

    def _inline(self, el: HtmlElement) -> list[Inline]:
        name = tag(el)
        if not name:
            return []
        if name == NOTEREF_TAG:
            return [NoteRef(el.get("key") or "")]
        if name == "br":
            return [line_break()]
        if name == "img":
            alt = normalize_space(el.get("alt") or "")
            if alt and "math" in class_parts(el):
                # a formula's image: its alt text is the formula (TeX), without MediaWiki's wrapper
                match = _DISPLAYSTYLE.fullmatch(alt)
                return [Text(match.group(1).strip() if match else alt)]
            if alt and (len(alt) <= 2 or "emoji" in class_parts(el)):
                return [Text(alt)]
            return []
        if name in {"script", "style", "template"}:
            return []
        if name in CODE_TAGS:
            return code_inline(el)
        content = self.inlines(el)
        if name in _EMPHASIS:
            return [Emphasis(tuple(content))]
        if name in _STRONG:
            return [Strong(tuple(content))]
        if name == "a":
            url = resolve_url(el.get("href"), self.base)
            return [Link(url=url, content=tuple(content))] if url else content
        if name == "q":
            return [Text("“"), *content, Text("”")]
        if name == "sup" and el.find(".//a") is None:
            text = normalize_space(el.text_content())
            match = _SUP_LABEL.match(text)
            if match:
                self.sup_marks += 1
                return [NoteRef(f"{SUP_MARK}{match.group(1)}\x00{text}")]
        return scripted(name, content)

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, el: HtmlElement) -> list[Block]:
        """Return the blocks of ``el`` read as a container (loose text becomes paragraphs)."""
        out: list[Block] = []
        self._container(el, out)
        return out

    def _is_blocky(self, el: HtmlElement) -> bool:
        name = tag(el)
        if name == "img":
            return not is_icon(el)
        if name in BLOCK_TAGS or name in {"picture", "table", "figure", MEDIA_TAG}:
            return True
        if name in {NOTEREF_TAG, "br", "sup", "sub"}:
            return False
        if not len(el):
            return False  # (an element without children holds none)
        if _HAS_BLOCKS(el):
            return True
        # a picture is a block; an inline element holding only icons (a formula's image, an
        # emoji) stays in its line
        return self._images(el) > 0 and any(not is_icon(img) for img in el.iter("img"))

    def _images(self, el: HtmlElement) -> int:
        """How many ``img`` elements ``el`` holds (itself included), from the page's sizes."""
        return self.sizes.images(el) if self.sizes is not None else len(list(el.iter("img")))

    def _container(self, el: HtmlElement, out: list[Block]) -> None:
        buf: list[Inline] = []

        def flush() -> None:
            if buf:
                out.append(Paragraph(content=tuple(buf)))
                buf.clear()

        if el.text:
            buf.append(_text(el.text))
        children = [c for c in el if tag(c)]
        skip: set[int] = set()
        for i, child in enumerate(children):
            if i in skip:
                if child.tail:
                    buf.append(_text(child.tail))
                continue
            name = tag(child)
            if name == "br":
                nxt = children[i + 1] if i + 1 < len(children) else None
                if nxt is not None and tag(nxt) == "br" and not (child.tail or "").strip():
                    flush()
                    skip.add(i + 1)
                    j = i + 2
                    while (
                        j < len(children)
                        and tag(children[j]) == "br"
                        and not (children[j - 1].tail or "").strip()
                    ):
                        skip.add(j)
                        j += 1
                else:
                    buf.append(line_break())
            elif self._is_blocky(child):
                flush()
                image = name in {"img", "picture"} or (
                    self._images(child) > 0 and sole_image(child) is not None
                )
                beside = self._beside(children, i) if image else []
                if beside:
                    caption = beside[0] if is_caption(beside[0]) else None
                    extras = tuple(b for b in beside if b is not caption)
                    figure = figure_from(child, self.base, self.inlines, caption=caption, extras=extras)
                    if figure is not None:
                        out.append(figure)
                    skip.update(range(i + 1, i + 1 + len(beside)))
                else:
                    captioned = self._paragraph_figure(child) if name == "p" else None
                    if captioned is not None:
                        out.append(captioned)
                    else:
                        self._block(child, out)
            else:
                buf.extend(self._inline(child))
            if child.tail:
                buf.append(_text(child.tail))
        flush()

    def _block(self, el: HtmlElement, out: list[Block]) -> None:
        name = tag(el)
        if name == MEDIA_TAG:
            out.append(media_block(el))
        elif name == "figure" and el.find(f".//{MEDIA_TAG}") is not None and el.find(".//img") is None:
            caption = el.find(".//figcaption")
            title = normalize_space(caption.text_content()) if caption is not None else None
            for marker in el.iter(MEDIA_TAG):
                out.append(media_block(marker, title or None))
        elif name in HEADINGS:
            content = self.inlines(el)
            out.append(Heading(level=int(name[1]), content=tuple(content)))
        elif name == "figure" and el.find(".//figure") is not None:
            self._container(el, out)  # a gallery of figures, each with its own caption
        elif name == "figure" and len([i for i in el.iter("img") if not is_icon(i)]) > 1:
            self._gallery(el, out)
        elif name in {"img", "picture"} or name == "figure" or self._figure_like(el):
            captioned = name == "figure" and el.find(".//figcaption") is not None
            if _HAS_IMG(el) or name == "img" or captioned:
                figure = figure_from(el, self.base, self.inlines)
                if figure is not None:
                    out.append(figure)
                if name == "figure":
                    self._figure_text(el, out)
            else:
                self._container(el, out)
        elif name == "blockquote":
            if self._repeats_text(el):
                return
            inner: list[Block] = []
            self._container(el, inner)
            if inner:
                out.append(Quote(blocks=tuple(inner)))
        elif name in {"ul", "ol", "menu", "dir"}:
            self._list(el, out)
        elif name == "dl":
            out.append(definition_list(self, el))
        elif name == "table":
            read_table(self, el, out)
        elif name == "pre":
            out.append(pre_block(self, el))
        elif name == "hr":
            out.append(HorizontalRule())
        elif self._repeats_text(el):
            return
        else:
            self._container(el, out)

    def _gallery(self, el: HtmlElement, out: list[Block]) -> None:
        """A ``figure`` with several images: one figure per image, the caption on the last."""
        images = [i for i in el.iter("img") if not is_icon(i)]
        for img in images[:-1]:
            figure = figure_from(img, self.base, self.inlines)
            if figure is not None:
                out.append(figure)
        work = copy.deepcopy(el)
        for img in [i for i in work.iter("img") if not is_icon(i)][:-1]:
            drop(img)
        figure = figure_from(work, self.base, self.inlines)
        if figure is not None:
            out.append(figure)
        self._figure_text(el, out)

    def _repeats_text(self, el: HtmlElement) -> bool:
        """A pull quote that repeats the body's text (it is dropped; one that does not stays)."""
        if not _is_pull_quote(el):
            return False
        text = normalize_space(el.text_content()).strip(_QUOTE_MARKS)
        probe = text[:60]
        return bool(probe) and self._folded_context().count(probe.casefold()) >= 2

    def _folded_context(self) -> str:
        """``context`` case-folded (the article's text when no context was given), once."""
        if self._folded is None:
            context = self.context
            if not context and self.article is not None:
                context = self.context = normalize_space(self.article.text_content())
            self._folded = context.casefold()
        return self._folded

    def _beside(self, children: list[HtmlElement], i: int) -> list[HtmlElement]:
        """The caption and credit elements right after the image ``children[i]``."""
        found: list[HtmlElement] = []
        j = i + 1
        while j < len(children) and len(found) < 2 and not (children[j - 1].tail or "").strip():
            sib = children[j]
            caption = is_caption(sib) and not any(is_caption(f) for f in found)
            credit = is_credit(sib) and len(normalize_space(sib.text_content())) <= 200
            if not (caption or credit):
                break
            found.append(sib)
            j += 1
        return found

    def _paragraph_figure(self, p: HtmlElement) -> Figure | None:
        """``<p><img><br>Caption. Photo: X</p>``: an image with a short caption in one paragraph."""
        kids = [c for c in p if tag(c)]
        if (p.text or "").strip() or len(kids) < 2:
            return None
        first, rest = kids[0], kids[1:]
        if (tag(first) != "img" or is_icon(first)) and sole_image(first) is None:
            return None
        after_break = tag(rest[0]) == "br"
        if after_break:
            rest = rest[1:]
            lead = rest_text = kids[1].tail or ""
        else:
            lead = rest_text = first.tail or ""
        single = (
            not after_break
            and not lead.strip()
            and len(rest) == 1
            and tag(rest[0]) in {"em", "i", "small", "span", "cite", "strong", "b"}
            and not (rest[0].tail or "").strip()
        )
        if not (after_break or single):
            return None
        caption = p.makeelement("span", {})
        caption.text = rest_text
        for node in rest:
            caption.append(copy.deepcopy(node))
        text = normalize_space(caption.text_content())
        if not 0 < len(text) <= 250 or _HAS_IMG(caption):
            return None
        return figure_from(first, self.base, self.inlines, caption=caption)

    def _figure_like(self, el: HtmlElement) -> bool:
        """A ``div`` holding one image with a caption or credit and no other text."""
        if tag(el) not in {"div", "span", "p", "a", "section"}:
            return False
        if self._images(el) != 1:
            return False
        for child in el.iter():
            if child is not el and (is_caption(child) or is_credit(child)):
                rest = normalize_space(el.text_content())
                cap = normalize_space(child.text_content())
                # besides the caption only a credit line may be there: never paragraphs of text
                others = [p for p in el.iter("p", "h1", "h2", "h3", "h4", "li") if not within(p, child)]
                return len(rest) <= len(cap) + 120 and all(
                    len(normalize_space(p.text_content())) < 120 for p in others
                )
        return False

    def _figure_text(self, el: HtmlElement, out: list[Block]) -> None:
        """Text in a ``figure`` besides its image and caption (a quote figure, a poem) stays."""
        for child in el:
            if tag(child) in {"blockquote", "p", "pre"} and not _HAS_IMG(child):
                self._block(child, out)

    def _list(self, el: HtmlElement, out: list[Block]) -> None:
        items: list[tuple[Block, ...]] = []
        for child in el:
            name = tag(child)
            if not name:
                continue
            blocks: list[Block] = []
            if name == "li":
                self._container(child, blocks)
            elif name in {"ul", "ol"} and items:
                # a list nested directly in a list belongs to the item before it
                self._list(child, blocks)
                items[-1] = (*items[-1], *blocks)
                continue
            else:
                self._block(child, blocks) if self._is_blocky(child) else blocks.append(
                    Paragraph(content=tuple(self._inline(child)))
                )
            if blocks:
                items.append(tuple(blocks))
        if items:
            out.append(ListBlock(items=tuple(items), ordered=tag(el) == "ol"))

    def _table(self, el: HtmlElement, out: list[Block]) -> None:
        """Tables keep their text: a layout table's cells read as containers, a data table's
        rows become one paragraph each with the cells separated by `` | ``."""
        rows = [r for r in el.iter("tr") if _owner_table(r) is el]
        caption = el.find("caption")
        if caption is not None:
            out.append(Paragraph(content=tuple(self.inlines(caption))))
        # a layout table is mostly rows with a cell of prose (blocks and some length);
        # a data table has short cells, with at most a few long ones
        prose_rows = sum(
            any(
                len(normalize_space(cell.text_content())) > 200 and bool(_HAS_CELL_BLOCKS(cell))
                for cell in row
                if tag(cell) in {"td", "th"}
            )
            for row in rows
        )
        layout = prose_rows > 0 and prose_rows * 2 >= len(rows)
        for row in rows:
            cells = [c for c in row if tag(c) in {"td", "th"}]
            if layout:
                for cell in cells:
                    self._container(cell, out)
                continue
            content: list[Inline] = []
            for cell in cells:
                inl = self.inlines(cell)
                if not normalize_space("".join(n.text for n in inl if isinstance(n, Text))) and not any(
                    not isinstance(n, Text) for n in inl
                ):
                    continue
                if content:
                    content.append(Text(" | "))
                content.extend(inl)
            if content:
                out.append(Paragraph(content=tuple(content)))


def _owner_table(row: HtmlElement) -> HtmlElement | None:
    node = row.getparent()
    while node is not None and tag(node) != "table":
        node = node.getparent()
    return node
