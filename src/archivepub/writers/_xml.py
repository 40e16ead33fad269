"""XML helpers shared by the writers: names, fresh ids, checked text, indenting serialisation."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from lxml import etree

from archivepub.errors import WriteError

__all__ = ["IdPool", "check_text", "escape_uri", "indent", "is_uri", "serialize", "strip_non_xml"]

# Characters XML 1.0 cannot hold at all (not even as character references). Every one of them
# is also one that str.isprintable() rejects (controls, surrogates, U+FFFE and U+FFFF), so a
# printable string, most of a document's text, needs no search (tests/writers/test_xml_text.py)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def check_text(value: str, where: str) -> str:
    """Return ``value`` if XML 1.0 can hold it, else raise :class:`WriteError` naming ``where``.

    >>> check_text("a\\tb", "title")
    'a\\tb'
    >>> check_text("a\\x00b", "title")
    Traceback (most recent call last):
    ...
    archivepub.errors.WriteError: title: character U+0000 cannot be written in XML
    """
    if value.isprintable():
        return value
    bad = _NOT_XML.search(value)
    if bad:
        raise WriteError(f"{where}: character U+{ord(bad.group()):04X} cannot be written in XML")
    return value


def strip_non_xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (controls, lone surrogates,
    U+FFFE/U+FFFF).

    >>> strip_non_xml("a\\x00b\\tc")
    'ab\\tc'
    """
    return text if text.isprintable() else _NOT_XML.sub("", text)


# The datatype TEI uses for pointers (teidata.pointer): xsd:anyURI without whitespace. lxml
# (libxml2) is the judge: a one-attribute schema with that datatype, compiled on first use.
_URI_SCHEMA = b"""<element name="u" xmlns="http://relaxng.org/ns/structure/1.0"
  datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <attribute name="v"><data type="anyURI"><param name="pattern">\\S+</param></data></attribute>
</element>"""
_uri_validator: list[etree.RelaxNG] = []
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


@functools.lru_cache(maxsize=4096)
def is_uri(value: str) -> bool:
    """True when ``value`` is valid as a TEI pointer (``xsd:anyURI``, no whitespace).

    Each answer is kept: an article's links are checked again for each of its editions.

    >>> is_uri("https://example.org/a?b=1#c"), is_uri("a b"), is_uri(":"), is_uri("")
    (True, False, False, False)
    """
    if not value or any(ch in value for ch in " \t\n\r"):
        return False
    if not _uri_validator:
        _uri_validator.append(etree.RelaxNG(etree.fromstring(_URI_SCHEMA)))
    element = etree.Element("u")
    element.set("v", value)
    return _uri_validator[0].validate(element)


def _percent(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode())


def escape_uri(value: str) -> str:
    """Percent-encode ``value`` (UTF-8) into a valid TEI pointer that unquotes back to it.

    Whitespace and ``%`` are always encoded; if that is not enough to make a valid URI, every
    character but ASCII letters, digits and ``-._~/`` is. :func:`urllib.parse.unquote` gives
    ``value`` back either way.

    >>> escape_uri("https://example.org/a b%"), escape_uri(":é b")
    ('https://example.org/a%20b%25', '%3A%C3%A9%20b')
    """
    light = "".join(_percent(ch) if ch.isspace() or ch == "%" else ch for ch in value)
    if is_uri(light):
        return light
    return "".join(ch if ch in _UNRESERVED else _percent(ch) for ch in value)


class IdPool:
    """Hands out ``xml:id`` values that do not clash with ids already in a document.

    >>> pool = IdPool(["title", "p1"])
    >>> pool.fresh("title"), pool.fresh("title"), pool.fresh("prov1")
    ('title_', 'title__', 'prov1')
    """

    def __init__(self, taken: Iterable[str]) -> None:
        self._taken = set(taken)

    def fresh(self, base: str) -> str:
        """Return ``base``, or ``base`` followed by underscores until it is unused; reserve it."""
        value = base
        while value in self._taken:
            value += "_"
        self._taken.add(value)
        return value


def indent(root: etree._Element, element_only: frozenset[str], step: str = "  ") -> None:
    """Indent ``root`` in place, adding whitespace only inside elements in ``element_only``.

    Elements whose content model is mixed (paragraphs, notes, quotes) are never touched, so
    pretty-printing adds no text a reader could mistake for content. ``element_only`` holds
    Clark names (``{namespace}local``).
    """

    def walk(element: etree._Element, depth: int) -> None:
        if element.tag not in element_only:  # mixed content, never indented: not even listed
            return
        children = list(element)
        if not children:
            return
        inner = "\n" + step * (depth + 1)
        element.text = inner
        for child in children:
            child.tail = inner
            walk(child, depth + 1)
        children[-1].tail = "\n" + step * depth

    walk(root, 0)


def serialize(root: etree._Element) -> str:
    """Return ``root`` as XML text with an XML declaration (UTF-8) and a final newline."""
    body = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
