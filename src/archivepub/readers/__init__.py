"""Readers: turn a source (HTML, scraped plain text, TEI, archival JSON) into a Document.

``READERS`` maps a format name to its reader; :func:`read` detects the format and reads.
Each reader takes the source's bytes, an optional ``url`` (to resolve relative links and to
record as the source URL) and a ``name`` used in error messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archivepub.errors import ArchivepubError, ReadError, UnknownFormatError

if TYPE_CHECKING:
    from archivepub.model import Document

__all__ = ["CAPTURE_READERS", "READERS", "Reader", "detect_format", "read"]


class Reader(Protocol):
    """The signature every reader has. ``language`` is the source's language when it is known
    elsewhere (``meta.toml``): readers of formats that may not declare one (HTML, plain text)
    use it instead of identifying the language; the others ignore it."""

    def __call__(
        self, data: bytes, *, url: str | None = None, name: str = "<bytes>", language: str | None = None
    ) -> Document: ...


def _lazy(module: str, function: str, *, takes_language: bool = False) -> Reader:
    def reader(
        data: bytes, *, url: str | None = None, name: str = "<bytes>", language: str | None = None
    ) -> Document:
        import importlib

        fn: Callable[..., Document] = getattr(importlib.import_module(module), function)
        if takes_language:
            return fn(data, url=url, name=name, language=language)
        return fn(data, url=url, name=name)

    reader.__name__ = function
    reader.__doc__ = f"Read with :func:`{module}.{function}`."
    return reader


#: Format name -> reader. Each reader's module is imported on first use.
READERS: dict[str, Reader] = {
    "html": _lazy("archivepub.readers.html", "read_html", takes_language=True),
    "text": _lazy("archivepub.readers.text", "read_text", takes_language=True),
    "tei": _lazy("archivepub.readers.tei", "read_tei"),
    "json": _lazy("archivepub.readers.json", "read_json"),
}

#: Formats of web captures (files, not bytes): :func:`read` takes one article page from them
#: with :func:`archivepub.captures.read_capture`, ``url`` choosing the page.
CAPTURE_READERS = ("warc", "wacz", "mhtml")

_SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".txt": "text",
    ".text": "text",
    ".json": "json",
}


# A TEI root: after the prolog (XML declaration, comments, PIs, a DOCTYPE, which the TEI reader
# then refuses) comes <TEI> (maybe prefixed).
_TEI_ROOT = re.compile(
    rb"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)*<(?:[A-Za-z_][\w.-]*:)?TEI[\s>/]",
    re.S,
)
_TEI_NS = b"http://www.tei-c.org/ns/1.0"


def detect_format(data: bytes, name: str | None = None) -> str:
    """Return the format of a source from its file name suffix, else from its first bytes.

    TEI is recognised by its content (root element ``TEI`` in the TEI namespace), so ``.xml``
    and ``.tei`` files that are not TEI are sniffed like any other file.

    >>> detect_format(b'{"schema": "archivepub/1"}')
    'json'
    >>> detect_format(b"<!DOCTYPE html><p>x")
    'html'
    >>> detect_format(b"Just some text.")
    'text'
    >>> detect_format(b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0">', "a.xml")
    'tei'
    """
    if name:
        suffix = Path(name).suffix.lower()
        if suffix in _SUFFIXES:
            return _SUFFIXES[suffix]
    head = data[:4096]
    for bom in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    stripped = head.lstrip()
    lowered = stripped.lower().replace(b"\x00", b"")
    narrow = head.replace(b"\x00", b"")
    if stripped.startswith(b"{") and b'"schema"' in head:
        return "json"
    if _TEI_NS in narrow and _TEI_ROOT.match(narrow):
        return "tei"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<!--", b"<head", b"<body", b"<meta")):
        return "html"
    tags = sum(lowered.count(t) for t in (b"<p>", b"<p ", b"<div", b"<a href", b"<br", b"<span"))
    if tags >= 2:
        return "html"
    return "text"


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    format: str | None = None,
    url: str | None = None,
    language: str | None = None,
) -> Document:
    """Read an article into a :class:`~archivepub.model.Document`.

    :param source: a path, or the source's bytes.
    :param format: ``"html"``, ``"text"``, ``"tei"`` or ``"json"``, or for a capture file
        ``"warc"``, ``"wacz"`` or ``"mhtml"``; detected when omitted.
    :param url: the page's address: relative links and images resolve against it, and it is
        recorded as ``metadata.source_url`` when the page names none. For a capture, it
        chooses the page (see :func:`archivepub.captures.read_capture`).
    :param language: the source's language when it is known elsewhere (a BCP-47 tag, e.g. from
        ``meta.toml``): an HTML page that declares none and a plain-text page get it instead
        of having their language identified, which loads a language model (tens of MB, up to a
        second and more) the first time.
    :raises ReadError: (or a subclass) naming the file, and the line where known.

    >>> read(b'{"schema": "archivepub/1", "metadata": {"title": "T", "subtitle": null, "authors": [],'
    ...      b' "date": null, "language": "en", "site_name": null, "source_url": null},'
    ...      b' "blocks": [], "footnotes": []}').metadata.title
    'T'
    """
    from archivepub._io import read_bytes

    if not isinstance(source, bytes | bytearray | memoryview) and (
        format in CAPTURE_READERS or (format is None and Path(source).suffix.lower() not in _SUFFIXES)
    ):
        from archivepub.captures import capture_format, read_capture

        if (format or capture_format(source)) in CAPTURE_READERS:
            return read_capture(source, url=url)
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), "<bytes>"
    else:
        data, name = read_bytes(source), os.fspath(source)
    fmt = format or detect_format(data, None if name == "<bytes>" else name)
    reader = READERS.get(fmt)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnknownFormatError(f"unknown format {fmt!r} (known: {known})", source=name)
    try:
        if language:
            return reader(data, url=url, name=name, language=language)
        return reader(data, url=url, name=name)
    except ArchivepubError:
        raise
    except RecursionError as exc:
        raise ReadError("the document is nested too deeply to read", source=name) from exc
    except Exception as exc:  # a reader bug must still not crash a batch run with a traceback
        raise ReadError(
            f"could not read ({type(exc).__name__}: {exc}); this is a bug in archivepub, please report it",
            source=name,
        ) from exc
