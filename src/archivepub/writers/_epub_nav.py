"""The EPUB's navigation document (``nav.xhtml``) and NCX (``toc.ncx``), written as text.

ebooklib's writer makes both from the book's table of contents and guide by building an lxml
tree for each (parsing a template, one element at a time) and pretty-printing it: about 105
microseconds of an EPUB edition's 620, against 14 here. The books archivepub makes hold only what
:func:`nav_document` and :func:`ncx_document` write here, byte for byte as ebooklib writes
them: a table of contents of links (``ebooklib.epub.Link``) and sections (a link and its
sub-entries), a guide of ``href`` entries, landmarks, no page list and no play order. For any
other book they return ``None`` and ebooklib writes the file itself.
``tests/writers/test_epub.py`` checks the two ways give the same bytes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import Any

from ebooklib import epub  # type: ignore[import-untyped]

__all__ = ["nav_document", "ncx_document"]

_XHTML = "http://www.w3.org/1999/xhtml"
_OPS = "http://www.idpf.org/2007/ops"
_NCX = "http://www.daisy.org/z3986/2005/ncx/"
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
#: ebooklib's names of the EPUB 2 guide types that differ in EPUB 3 landmarks.
_LANDMARK_TYPES = {"notes": "rearnotes", "text": "bodymatter"}


def _text(value: str) -> str:
    """Character data as libxml2 writes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    """An attribute value (in double quotes) as libxml2 writes it."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def _entries(toc: object) -> list[tuple[epub.Link, list[Any] | None]] | None:
    """The table of contents as (link, sub-entries or None), or None if it holds anything else
    than links and sections of links with a title (which ebooklib's own writer handles)."""
    if not isinstance(toc, list | tuple):
        return None
    out: list[tuple[epub.Link, list[Any] | None]] = []
    for item in toc:
        if isinstance(item, tuple | list):
            if len(item) < 2 or type(item[0]) is not epub.Link or not isinstance(item[1], list | tuple):
                return None
            link, children = item[0], _entries(item[1])
            if children is None:
                return None
        elif type(item) is epub.Link:
            link, children = item, None
        else:
            return None
        if not isinstance(link.title, str) or not link.title or not isinstance(link.href, str):
            return None
        out.append((link, children))
    return out


def _leaf_uids(entries: Sequence[tuple[epub.Link, list[Any] | None]]) -> bool:
    """Whether every link without sub-entries has a string ``uid`` (its NCX id)."""
    return all(
        isinstance(link.uid, str) if children is None else _leaf_uids(children) for link, children in entries
    )


def _relative(href: str, folder: str) -> str:
    """``posixpath.relpath(href, folder)`` (ebooklib's link from the navigation document)."""
    if not folder and "/" not in href and href not in ("", ".", ".."):
        return href  # what relpath gives, without asking for the working directory twice
    return posixpath.relpath(href, folder)


def nav_document(book: epub.EpubBook, item: epub.EpubNav, options: Mapping[str, Any]) -> bytes | None:
    """The navigation document ebooklib's ``EpubWriter._get_nav`` writes, or None (see above)."""
    toc = _entries(book.toc)
    title = item.title or book.title
    if toc is None or options.get("epub3_pages") or not isinstance(title, str) or not title:
        return None
    landmarks = bool(book.guide) and bool(options.get("epub3_landmark"))
    if landmarks:
        heading = options.get("landmark_title", "Guide")
        if not isinstance(heading, str) or not heading:
            return None
        for entry in book.guide:
            if "item" in entry or not entry.get("title") or not isinstance(entry.get("href", ""), str):
                return None
    folder = posixpath.dirname(item.file_name)
    lang = _attr(book.language)
    out = [
        _DECLARATION,
        "<!DOCTYPE html>\n",
        f'<html xmlns="{_XHTML}" xmlns:epub="{_OPS}" lang="{lang}" xml:lang="{lang}">\n',
        "  <head>\n",
        f"    <title>{_text(title)}</title>\n",
    ]
    for link in item.links:
        out.append(f'    <link href="{_attr(link.get("href", ""))}" rel="stylesheet" type="text/css"/>\n')
    out.append("  </head>\n")
    out.append(f'  <body dir="{_attr(item.direction)}">\n' if item.direction else "  <body>\n")
    out.append('    <nav epub:type="toc" id="id" role="doc-toc">\n')
    out.append(f"      <h2>{_text(title)}</h2>\n")

    def section(entries: Sequence[tuple[epub.Link, list[Any] | None]], depth: int) -> None:
        pad = "  " * depth
        if not entries:
            out.append(f"{pad}<ol/>\n")
            return
        out.append(f"{pad}<ol>\n")
        for link, children in entries:
            out.append(f"{pad}  <li>\n")
            out.append(f'{pad}    <a href="{_attr(_relative(link.href, folder))}">{_text(link.title)}</a>\n')
            if children is not None:
                section(children, depth + 2)
            out.append(f"{pad}  </li>\n")
        out.append(f"{pad}</ol>\n")

    section(toc, 3)
    out.append("    </nav>\n")
    if landmarks:
        out.append('    <nav epub:type="landmarks">\n')
        out.append(f"      <h2>{_text(heading)}</h2>\n")
        out.append("      <ol>\n")
        for entry in book.guide:
            kind = entry.get("type", "")
            href = _relative(entry.get("href", ""), folder)
            out.append("        <li>\n")
            out.append(
                f'          <a epub:type="{_attr(_LANDMARK_TYPES.get(kind, kind))}" href="{_attr(href)}">'
                f"{_text(entry['title'])}</a>\n"
            )
            out.append("        </li>\n")
        out.append("      </ol>\n")
        out.append("    </nav>\n")
    out.append("  </body>\n</html>\n")
    return "".join(out).encode("utf-8")


def ncx_document(book: epub.EpubBook, options: Mapping[str, Any]) -> bytes | None:
    """The NCX ebooklib's ``EpubWriter._get_ncx`` writes, or None (see above)."""
    toc = _entries(book.toc)
    play_order = options.get("play_order")
    if (
        toc is None
        or (isinstance(play_order, Mapping) and play_order.get("enabled"))
        or not isinstance(book.title, str)
        or not book.title
        or not isinstance(book.uid, str)
        or not _leaf_uids(toc)
    ):
        return None
    out = [
        _DECLARATION,
        f'<ncx xmlns="{_NCX}" version="2005-1">\n',
        "  <head>\n",
        f'    <meta content="{_attr(book.uid)}" name="dtb:uid"/>\n',
        '    <meta content="0" name="dtb:depth"/>\n',
        '    <meta content="0" name="dtb:totalPageCount"/>\n',
        '    <meta content="0" name="dtb:maxPageNumber"/>\n',
        "  </head>\n",
        "  <docTitle>\n",
        f"    <text>{_text(book.title)}</text>\n",
        "  </docTitle>\n",
    ]
    sections = 0  # ebooklib numbers the sections "sep_0", "sep_1", ... in reading order

    def points(entries: Sequence[tuple[epub.Link, list[Any] | None]], depth: int) -> None:
        nonlocal sections
        pad = "  " * depth
        for link, children in entries:
            if children is None:
                ident = link.uid  # a string: ncx_document checked
            else:
                ident, sections = f"sep_{sections}", sections + 1
            out.append(f'{pad}<navPoint id="{_attr(str(ident))}">\n')
            out.append(f"{pad}  <navLabel>\n")
            out.append(f"{pad}    <text>{_text(link.title)}</text>\n")
            out.append(f"{pad}  </navLabel>\n")
            out.append(f'{pad}  <content src="{_attr(link.href)}"/>\n')
            if children is not None:
                points(children, depth + 1)
            out.append(f"{pad}</navPoint>\n")

    if toc:
        out.append("  <navMap>\n")
        points(toc, 2)
        out.append("  </navMap>\n")
    else:
        out.append("  <navMap/>\n")
    out.append("</ncx>\n")
    return "".join(out).encode("utf-8")
