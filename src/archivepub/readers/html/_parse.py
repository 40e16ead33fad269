"""Decode HTML bytes and parse them with lxml safely (no network, no DTD, no entity expansion)."""

from __future__ import annotations

import codecs
import re

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from archivepub.errors import ReadError
from archivepub.readers._encoding import decode, html_declared_charset

__all__ = [
    "MAX_BYTES",
    "decode_html",
    "decode_page",
    "parse_fragment",
    "parse_html",
    "parse_page",
    "parse_text",
]

#: Pages larger than this are refused (a web article is a few megabytes at most).
MAX_BYTES = 64 * 1024 * 1024

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# characters XML (and so lxml) refuses in text: C0 controls except tab, newline and CR,
# lone surrogates, and the two non-characters U+FFFE / U+FFFF
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# the same characters but the surrogates, one by one (U+0000 first)
_BAD_SINGLES = tuple(chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def _declared_charset(data: bytes) -> str | None:
    """The charset the page declares: in its first 4 KB, else in a ``<meta>`` later in its head
    (a long ``<style>`` or ``<script>`` can push the declaration past the first 4 KB)."""
    found = html_declared_charset(data)
    if found is not None:
        return found
    head = data[:65536]
    lowered = head.lower()
    end = lowered.find(b"<body")
    end = len(head) if end == -1 else end
    pos = lowered.find(b"charset", 3900, end)
    while pos != -1:
        start = lowered.rfind(b"<meta", 0, pos)
        if start != -1 and pos - start < 300:
            found = html_declared_charset(head[start : start + 1024])
            if found is not None:
                return found
        pos = lowered.find(b"charset", pos + 7, end)
    return None


def _parser(encoding: str | None = None) -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(
        encoding=encoding,
        recover=True,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
        compact=True,
        default_doctype=False,
        collect_ids=False,
        huge_tree=False,
    )
    parser.set_element_class_lookup(_CLASSES)
    return parser


# lxml.html's own lookup is Python code that lxml calls for every element object it makes,
# to give forms and their fields classes of their own (which the reader does not use): the
# same classes for every element, chosen by lxml itself, make walking a tree faster
_CLASSES = lxml.etree.ElementDefaultClassLookup(
    element=HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def parse_html(data: bytes, *, name: str) -> HtmlElement:
    """Decode ``data`` (BOM, then ``<meta charset>``, then detection) and parse it into a tree.

    The HTML parser never loads a DTD, never expands external entities and never touches the
    network. Anything lxml cannot make a tree of raises :class:`ReadError` naming ``name``.

    >>> parse_html(b"<p>caf\\xc3\\xa9</p>", name="x.html").findtext(".//p")
    'café'

    :param data: the page's bytes.
    :param name: the file name used in error messages.
    """
    return parse_text(decode_html(data, name=name), name=name)


def decode_html(data: bytes, *, name: str) -> str:
    """Decode a page's bytes into the text :func:`parse_text` parses (see :func:`parse_html`)."""
    return decode_page(data, name=name)[0]


def decode_page(data: bytes, *, name: str) -> tuple[str, bytes | None]:
    """:func:`decode_html`'s text, and ``data`` itself when it is exactly that text in UTF-8
    (else ``None``): :func:`parse_page` parses those bytes, which spares lxml converting the
    text back into UTF-8 (the same tree)."""
    if len(data) > MAX_BYTES:
        raise ReadError(f"the page is larger than {MAX_BYTES // (1024 * 1024)} MB", source=name)
    text, encoding = decode(data, name=name, declared=_declared_charset(data))
    declaration = _XML_DECL.match(text)
    if declaration is not None:
        text = text[declaration.end() :]
    if encoding == "utf-8":
        # the codec decodes U+0000 only from a NUL byte: looked for in the bytes (in text wider
        # than Latin-1, a search for U+0000 cannot use memchr and is several times slower)
        clean = b"\x00" not in data and not _may_hold_bad_chars(text, surrogates=False, nul=False)
    else:
        clean = not _may_hold_bad_chars(text)
    if not clean:
        text = _BAD_CHARS.sub("", text)
    if not text or text.isspace():  # (``not text.strip()``, without copying the page)
        raise ReadError("no article text found (the file is empty)", source=name)
    # the text is data's strict UTF-8 decoding, unchanged: no byte-order mark, no replacement
    # character (a lossy decoding), no declaration or character removed
    same = (
        encoding == "utf-8"
        and clean
        and declaration is None
        and type(data) is bytes
        and not data.startswith(codecs.BOM_UTF8)
        and "\ufffd" not in text
    )
    return text, data if same else None


def parse_page(text: str, utf8: bytes | None, *, name: str) -> HtmlElement:
    """Parse a page :func:`decode_page` decoded: its UTF-8 bytes when it gave them, else its
    text (see :func:`parse_text`)."""
    if utf8 is None:
        return parse_text(text, name=name)
    return _parsed(utf8, _parser(encoding="utf-8"), name)


def _may_hold_bad_chars(text: str, *, surrogates: bool = True, nul: bool = True) -> bool:
    """False when ``text`` holds none of ``_BAD_CHARS``: a page is scanned for each character
    with ``in`` (much faster than the regular expression's scan of a whole page), and for lone
    surrogates by encoding it (the only characters UTF-8 cannot encode). ``surrogates=False``
    skips that second scan for text that cannot hold any: text decoded as UTF-8 (strictly or
    with replacement characters), since Python's UTF-8 codec never decodes a lone surrogate;
    ``nul=False`` leaves out U+0000, for a caller that looked for it elsewhere."""
    if any(ch in text for ch in (_BAD_SINGLES if nul else _BAD_SINGLES[1:])):
        return True
    if not surrogates or text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_text(text: str, *, name: str) -> HtmlElement:
    """Parse decoded page text into a tree, safely (see :func:`parse_html`)."""
    return _parsed(text, _parser(), name)


def _parsed(source: str | bytes, parser: lxml.html.HTMLParser, name: str) -> HtmlElement:
    try:
        root = lxml.html.document_fromstring(source, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"no article text found (not parseable as HTML: {exc})", source=name) from exc
    if root is None or not isinstance(root, HtmlElement):
        raise ReadError("no article text found", source=name)
    return root


def parse_fragment(text: str) -> HtmlElement | None:
    """Parse markup found inside a page (a ``<script type="text/template">``) into a ``div``,
    with the same safe parser; None when it holds nothing."""
    text = _BAD_CHARS.sub("", text)
    if not text.strip():
        return None
    try:
        root = lxml.html.document_fromstring(f"<html><body><div>{text}</div></body></html>", parser=_parser())
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    div = root.find("body/div") if isinstance(root, HtmlElement) else None
    return div if isinstance(div, HtmlElement) else None
