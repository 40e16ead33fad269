"""Pages saved by a browser: "complete" folders, single-file pages with ``data:`` images, bare pages.

A browser's "Save page, complete" writes ``Page.html`` and a ``Page_files/`` folder of the
page's images, and rewrites the page to name them by relative path; Chrome adds a comment
``<!-- saved from url=(0042)https://... -->`` with the page's address. A single-file page
(the SingleFile extension, or a page with its images inlined) holds them as ``data:`` URLs,
and SingleFile records the address and the date in a comment at the top.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from archivepub.captures._base import Capture, Entry, parse_time
from archivepub.errors import ReadError

__all__ = ["SAVED_LIMIT", "SavedPage", "decode_data_url"]

#: The largest saved page read.
SAVED_LIMIT = 64 * 1024 * 1024

_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.I)
_SINGLEFILE = re.compile(rb"<!--\s*Page saved with SingleFile\s*(.*?)-->", re.I | re.S)
_SF_FIELD = re.compile(rb"^\s*(url|saved date):\s*(.+?)\s*$", re.I | re.M)
_DATA_URL = re.compile(r"data:([^;,]*)((?:;[^;,]*)*?),(.*)\Z", re.S | re.I)


def decode_data_url(url: str) -> tuple[str, bytes] | None:
    """The media type and bytes of a ``data:`` URL, or None when it is malformed.

    >>> decode_data_url("data:image/gif;base64,R0lGODlhAQABAAAAACw=")
    ('image/gif', b'GIF89a\\x01\\x00\\x01\\x00\\x00\\x00\\x00,')
    """
    match = _DATA_URL.match(url.strip())
    if match is None:
        return None
    media = match.group(1).strip().lower() or "text/plain"
    params = match.group(2).lower()
    body = match.group(3)
    try:
        if ";base64" in params:
            data = base64.b64decode(re.sub(r"\s+", "", unquote(body)), validate=False)
        else:
            data = unquote_to_bytes(body)
    except (binascii.Error, ValueError):
        return None
    return media, data


class SavedPage(Capture):
    """One saved HTML file and, for a "complete" save, the files beside it."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path, format="html")
        self.page_url: str | None = None
        self.data = b""

    def open(self) -> SavedPage:
        """Read the page and what it says about itself; return ``self``."""
        try:
            if self.path.stat().st_size > SAVED_LIMIT:
                raise ReadError(f"saved page larger than {SAVED_LIMIT} bytes", source=self.path)
            self.data = self.path.read_bytes()
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}", source=self.path) from exc
        head = self.data[:65536]
        time = None
        single = _SINGLEFILE.search(head)
        if single is not None:
            fields = {k.lower(): v for k, v in _SF_FIELD.findall(single.group(1))}
            url = fields.get(b"url")
            self.page_url = url.decode("utf-8", "replace") if url else None
            saved = fields.get(b"saved date")
            if saved:
                text = saved.decode("ascii", "replace")
                time = _singlefile_date(text) or parse_time(text)
            self.software = "SingleFile"
            self.format = "single-file"
        else:
            mark = _SAVED_FROM.search(head)
            if mark is not None:
                self.page_url = mark.group(1).decode("utf-8", "replace")
            if self._files_folder() is not None:
                self.format = "folder"
            elif b"data:image/" in self.data:
                self.format = "single-file"
        if self.page_url is not None and not self.page_url.lower().startswith(("http:", "https:")):
            self.page_url = None
        self.add(
            Entry(
                "resource",
                self.page_url or self.path.as_uri(),
                time,
                None,
                None,
                200,
                "text/html",
                where=None,
            )
        )
        return self

    def _files_folder(self) -> Path | None:
        for suffix in ("_files", "-files", ".files", "_archivos", "-Dateien"):
            candidate = self.path.with_name(self.path.stem + suffix)
            if candidate.is_dir():
                return candidate
        return None

    def payload(self, entry: Entry, limit: int) -> bytes:
        """The page's bytes."""
        if len(self.data) > limit:
            raise ReadError(f"larger than {limit} bytes", source=self.path)
        return self.data

    def local_file(self, src: str) -> Path | None:
        """The file a relative image path names, if it exists inside the page's folder."""
        if not src or ":" in src.split("/", 1)[0] or src.startswith(("/", "\\\\")):
            return None
        path = unquote(urlsplit(src).path)
        if not path or "\\\\" in path:
            return None
        folder = self.path.parent.resolve()
        try:
            target = (folder / path).resolve()
        except (OSError, ValueError, RuntimeError):
            return None
        if not target.is_relative_to(folder) or not target.is_file():
            return None
        return target


def _singlefile_date(text: str) -> str | None:
    """SingleFile's date, like ``Wed May 01 2024 14:00:00 GMT+0200 (Central European Summer Time)``."""
    match = re.match(r"\w{3} (\w{3}) (\d{2}) (\d{4}) (\d{2}:\d{2}:\d{2}) GMT([+-]\d{4})", text.strip())
    if match is None:
        return None
    month, day, year, clock, zone = match.groups()
    return parse_time(f"{day} {month} {year} {clock} {zone}")
