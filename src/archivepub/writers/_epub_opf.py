"""The EPUB's package document (``content.opf``), written as text.

ebooklib's writer builds the package document as an lxml tree, one ``SubElement`` per
metadata entry, manifest item and spine entry, and pretty-prints it: about a tenth of an
EPUB edition's time in a build. :func:`opf_document` writes the same bytes as text for the
books archivepub makes: Dublin Core and ``meta`` metadata whose attributes are plain names or
``xml:``/``opf:`` names, items of the usual kinds, a spine of items or their ids, an EPUB 2
guide, no bindings. For any other book (or text XML cannot hold, which ebooklib's writer
handles in its own way) it returns ``None`` and ebooklib writes the file itself.
``tests/writers/test_epub.py`` checks that the two ways give the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ebooklib import epub  # type: ignore[import-untyped]

from archivepub.writers._epub_nav import _attr, _text
from archivepub.writers._xml import strip_non_xml

__all__ = ["opf_document"]

_OPF = epub.NAMESPACES["OPF"]
_DC = epub.NAMESPACES["DC"]
_XML = "http://www.w3.org/XML/1998/namespace"
#: The prefixes of the attribute namespaces the package document declares (or XML's own).
_ATTRIBUTE_PREFIXES = {_XML: "xml", _OPF: "opf", _DC: "dc"}
_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


class _UnwritableError(Exception):
    """The book holds something :func:`opf_document` leaves to ebooklib."""


def _value(value: object) -> str:
    """A string lxml would store as it is; anything else is left to ebooklib."""
    if type(value) is not str or strip_non_xml(value) != value:
        raise _UnwritableError
    return value


def _attributes(attributes: Mapping[Any, Any] | None) -> str:
    """Attributes as libxml2 writes them, in the mapping's order (``None``: none)."""
    if attributes is None:
        return ""
    if not isinstance(attributes, dict):
        raise _UnwritableError
    out = []
    for key, value in attributes.items():
        name = _value(key)
        if name.startswith("{"):
            namespace, _, local = name[1:].partition("}")
            prefix = _ATTRIBUTE_PREFIXES.get(namespace)
            if prefix is None or not local:
                raise _UnwritableError
            name = f"{prefix}:{local}"
        elif not name or ":" in name:
            raise _UnwritableError
        out.append(f' {name}="{_attr(_value(value))}"')
    return "".join(out)


def _element(indent: str, name: str, attributes: Mapping[Any, Any] | None, text: str | None) -> str:
    """An element holding only text (or nothing), on its own line."""
    start = f"{indent}<{name}{_attributes(attributes)}"
    if text is None:
        return start + "/>\n"
    return f"{start}>{_text(_value(text))}</{name}>\n"


def _container(indent: str, name: str, attributes: str, lines: list[str]) -> str:
    """An element holding only elements: each on its own line, or an empty element."""
    if not lines:
        return f"{indent}<{name}{attributes}/>\n"
    return f"{indent}<{name}{attributes}>\n" + "".join(lines) + f"{indent}</{name}>\n"


def opf_document(book: epub.EpubBook, options: Mapping[str, Any]) -> bytes | None:
    """``content.opf`` as ebooklib's ``EpubWriter._write_opf`` writes it, or ``None`` when the
    book holds something this writer leaves to ebooklib.

    :param book: the book, as ebooklib's writer is about to write it.
    :param options: the writer's options.
    """
    try:
        return _package(book, options).encode("utf-8")
    except _UnwritableError:
        return None


def _package(book: epub.EpubBook, options: Mapping[str, Any]) -> str:
    if book.bindings or book.namespaces or "mtime" not in options:
        raise _UnwritableError
    attributes: dict[str, Any] = {"xmlns": _OPF, "unique-identifier": book.IDENTIFIER_ID, "version": "3.0"}
    if book.direction and options["package_direction"]:
        attributes["dir"] = book.direction
    attributes["prefix"] = " ".join(["rendition: http://www.idpf.org/vocab/rendition/#", *book.prefixes])
    parts = [_metadata(book, options), *_manifest_and_spine(book, options), _guide(book, options)]
    return _DECLARATION + _container("", "package", _attributes(attributes), parts)


def _metadata(book: epub.EpubBook, options: Mapping[str, Any]) -> str:
    modified = options["mtime"].strftime("%Y-%m-%dT%H:%M:%SZ")
    lines = [_element("    ", "meta", {"property": "dcterms:modified"}, modified)]
    for namespace, entries in book.metadata.items():
        if namespace == _OPF:
            for values in entries.values():
                for text, attributes in values:
                    if "property" in attributes and attributes["property"] == "dcterms:modified":
                        continue
                    lines.append(_element("    ", "meta", attributes, text or None))
        elif namespace == _DC or not namespace:  # dc:title, ...; or meta refining one
            for name, values in entries.items():
                if not isinstance(name, str) or not name.isidentifier():
                    raise _UnwritableError
                tag = f"dc:{name}" if namespace else name
                for text, attributes in values:
                    lines.append(_element("    ", tag, attributes, text))
        else:
            raise _UnwritableError
    declarations = f' xmlns:dc="{_DC}" xmlns:opf="{_OPF}"'
    return _container("  ", "metadata", declarations, lines)


def _manifest_and_spine(book: epub.EpubBook, options: Mapping[str, Any]) -> tuple[str, str]:
    items = []
    ncx_id = None
    for item in book.get_items():
        if not item.manifest:
            continue
        if isinstance(item, epub.EpubNav):
            attributes = {"href": item.get_name(), "id": item.id, "media-type": item.media_type}
            attributes["properties"] = "nav"
        elif isinstance(item, epub.EpubNcx):
            ncx_id = item.id
            attributes = {"href": item.file_name, "id": item.id, "media-type": item.media_type}
        elif isinstance(item, epub.EpubCover):
            attributes = {"href": item.file_name, "id": item.id, "media-type": item.media_type}
            attributes["properties"] = "cover-image"
        else:
            attributes = {"href": item.file_name, "id": item.id, "media-type": item.media_type}
            if hasattr(item, "properties") and len(item.properties) > 0:
                attributes["properties"] = " ".join(item.properties)
            if (
                getattr(item, "media_overlay", None) is not None
                or getattr(item, "media_duration", None) is not None
            ):
                raise _UnwritableError  # media overlays: left to ebooklib
        items.append(_element("    ", "item", attributes, None))
    spine_attributes = {"toc": ncx_id or "ncx"}
    if book.direction and options["spine_direction"]:
        spine_attributes["page-progression-direction"] = book.direction
    refs = []
    for entry in book.spine:
        linear = True
        item = entry
        if isinstance(entry, tuple):
            item = entry[0]
            if len(entry) > 1 and entry[1] == "no":
                linear = False
        if isinstance(item, epub.EpubItem):  # EpubHtml included
            attributes = {"idref": item.get_id()}
            if not item.is_linear or not linear:
                attributes["linear"] = "no"
        elif isinstance(item, str):
            attributes = {"idref": item}
            found = book.get_item_with_id(item)
            if found is not None and (not found.is_linear or not linear):
                attributes["linear"] = "no"
        else:
            raise _UnwritableError
        refs.append(_element("    ", "itemref", attributes, None))
    return (
        _container("  ", "manifest", "", items),
        _container("  ", "spine", _attributes(spine_attributes), refs),
    )


def _guide(book: epub.EpubBook, options: Mapping[str, Any]) -> str:
    if not (len(book.guide) > 0 and options.get("epub2_guide")):
        return ""
    lines = []
    for entry in book.guide:
        if "item" in entry:
            chapter = entry.get("item")
            if not chapter:
                raise _UnwritableError  # ebooklib's own writer fails on it: let it say so
            href, title = chapter.file_name, chapter.title
        else:
            href, title = entry.get("href", ""), entry.get("title", "")
        attributes = {"type": entry.get("type", ""), "title": "" if title is None else title, "href": href}
        lines.append(_element("    ", "reference", attributes, None))
    return _container("  ", "guide", "", lines)
