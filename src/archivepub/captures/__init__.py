"""Web captures as sources: WARC, WACZ, MHTML and pages saved by a browser (a reader stage).

Archivists rarely hold a bare HTML file: they hold web captures. This package opens them,
lists the article pages they hold, reads a page into a :class:`~archivepub.model.Document`
with the capture's provenance (``metadata.capture``) and finds each figure's image in the
same capture (``Figure.image``). :func:`archivepub.captures.importer.import_sources` adds
captured pages to an archive folder; ``docs/captures.md`` is the guide.

::

    from archivepub.captures import open_capture, articles

    with open_capture("crawl.warc.gz") as capture:
        for item in articles(capture):   # an Article, or Skipped with its reason
            print(item)

WARC and WACZ files are read with warcio (the Webrecorder project's streaming WARC library,
the one pywb and the WACZ tools use): it reads WARC 1.0 and 1.1, record-by-record gzip or
uncompressed, and decodes chunked and content-encoded payloads. MHTML is read with the
standard library's ``email`` package.
"""

from __future__ import annotations

import os
from pathlib import Path

from archivepub.captures._base import IMAGE_LIMIT, PAGE_LIMIT, Capture, Entry, Page, normalize_url, parse_time
from archivepub.captures._mhtml import MhtmlCapture, is_mhtml
from archivepub.captures._pages import Article, FoundImage, Skipped, articles, read_page, sniff_image
from archivepub.captures._saved import SavedPage
from archivepub.captures._warc import WaczCapture, WarcCapture, is_warc
from archivepub.errors import ReadError, UnknownFormatError
from archivepub.model import Document

__all__ = [
    "IMAGE_LIMIT",
    "PAGE_LIMIT",
    "Article",
    "Capture",
    "Entry",
    "FoundImage",
    "Page",
    "Skipped",
    "articles",
    "capture_format",
    "capture_sources",
    "normalize_url",
    "open_capture",
    "parse_time",
    "read_capture",
    "read_page",
    "sniff_image",
]

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def capture_format(path: str | os.PathLike[str]) -> str | None:
    """The kind of capture ``path`` is (``warc``, ``wacz``, ``mhtml``, ``html``), or None.

    A saved HTML page is ``html`` here; whether it is a "complete" folder save or a single-file
    page is found when it is opened.
    """
    source = Path(path)
    if not source.is_file():  # a folder, a device or a pipe (never opened: a FIFO would block)
        return None
    try:
        with source.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    name = source.name.lower()
    if is_warc(head):
        return "warc"
    if head.startswith(b"PK\x03\x04") and (name.endswith(".wacz") or b"datapackage.json" in head):
        return "wacz"
    if name.endswith((".mhtml", ".mht")) or is_mhtml(head):
        return "mhtml"
    if name.endswith(_HTML_SUFFIXES):
        return "html"
    return None


def capture_sources(path: str | os.PathLike[str]) -> list[Path]:
    """The capture files ``path`` names: itself, or for a folder the captures and saved pages in it.

    :raises ReadError: when ``path`` does not exist or a folder holds no capture.
    """
    source = Path(path)
    if not source.exists():
        raise ReadError("no such file or folder", source=source)
    if not source.is_dir():
        return [source]
    found = sorted(p for p in source.iterdir() if p.is_file() and capture_format(p) is not None)
    if not found:
        raise ReadError("no capture (WARC, WACZ, MHTML or saved HTML page) in this folder", source=source)
    return found


def open_capture(path: str | os.PathLike[str]) -> Capture:
    """Open and index a capture file: WARC, WACZ, MHTML or a saved HTML page.

    Use it as a context manager (it holds the file open). Records that cannot be read are
    skipped and listed in :attr:`Capture.warnings`.

    :raises ReadError: naming the file (and the offset) when it is not a capture or cannot be
        read at all; :class:`~archivepub.errors.UnknownFormatError` for another kind of file.
    """
    source = Path(path)
    if source.is_dir():
        found = capture_sources(source)
        if len(found) != 1:
            names = ", ".join(p.name for p in found)
            raise ReadError(f"more than one capture in this folder ({names}): name one", source=source)
        source = found[0]
    fmt = capture_format(source)
    capture: WarcCapture | MhtmlCapture | SavedPage
    if fmt == "warc":
        capture = WarcCapture(source)
    elif fmt == "wacz":
        capture = WaczCapture(source)
    elif fmt == "mhtml":
        capture = MhtmlCapture(source)
    elif fmt == "html":
        capture = SavedPage(source)
    elif not source.exists():
        raise ReadError("no such file", source=source)
    elif not source.is_file():
        raise ReadError(
            "not a regular file (a device, a pipe or a socket): save the content to a file first",
            source=source,
        )
    else:
        raise UnknownFormatError("not a web capture (WARC, WACZ, MHTML or saved HTML page)", source=source)
    try:
        return capture.open()
    except BaseException:
        capture.close()
        raise


def read_capture(path: str | os.PathLike[str], *, url: str | None = None, at: str | None = None) -> Document:
    """Read one article page of a capture into a Document with its capture provenance.

    :param url: the page's address (redirects and revisits inside the capture are followed);
        without it the capture must hold exactly one article page.
    :param at: with several captures of the page, take the one closest to this time (ISO 8601
        date or date-time); default the latest.
    :raises ReadError: naming the file when the page is not in the capture, is not an
        article, or the capture holds several articles and no ``url`` was given.
    """
    with open_capture(path) as capture:
        when = (
            parse_time(at)
            if at is not None and "T" in at
            else (parse_time(f"{at}T00:00:00Z") if at else None)
        )
        if url is not None:
            page = capture.find_page(url, when)
            return read_page(capture, page, at=when, check=False).document
        found = [a for a in articles(capture, at=when) if isinstance(a, Article)]
        if len(found) == 1:
            return found[0].document
        if not found:
            raise ReadError("no article page in this capture", source=capture.path)
        urls = ", ".join(a.page.url for a in found[:5]) + (", ..." if len(found) > 5 else "")
        raise ReadError(f"{len(found)} article pages ({urls}): choose one with --url", source=capture.path)
