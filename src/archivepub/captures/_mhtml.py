"""MHTML files (a browser's "save as single file", RFC 2557), read with the standard library."""

from __future__ import annotations

import dataclasses
import email
import email.policy
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

from archivepub.captures._base import Capture, Entry, Page, parse_time
from archivepub.errors import ReadError

__all__ = ["MHTML_LIMIT", "MhtmlCapture", "is_mhtml"]

#: The largest MHTML file read (it is parsed in memory, as one message).
MHTML_LIMIT = 256 * 1024 * 1024


def is_mhtml(head: bytes) -> bool:
    """True when ``head`` looks like the headers of a MIME ``multipart/related`` message."""
    text = head[:4096].lower()
    return b"multipart/related" in text and (b"mime-version:" in text or b"content-type:" in text)


class MhtmlCapture(Capture):
    """An MHTML file: every part is a resource record, the first HTML part is the page."""

    def __init__(self, path: Path) -> None:
        super().__init__(path=path, format="mhtml")
        self._payloads: list[bytes] = []
        self.page_url: str | None = None

    def open(self) -> MhtmlCapture:
        """Parse the file and index its parts; return ``self``."""
        try:
            size = self.path.stat().st_size
            if size > MHTML_LIMIT:
                raise ReadError(f"MHTML file larger than {MHTML_LIMIT} bytes", source=self.path)
            with self.path.open("rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.compat32)
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}", source=self.path) from exc
        if not message.is_multipart():
            raise ReadError("not an MHTML file: the message has no parts", source=self.path)
        time = parse_time(message.get("Date"))
        sender = (message.get("From") or "").strip().strip("<>").strip()
        self.software = sender or None
        snapshot = (message.get("Snapshot-Content-Location") or "").strip() or None
        for number, part in enumerate(message.walk()):
            if part.is_multipart():
                continue
            self._part(number, part, time)
        if snapshot:
            self.page_url = snapshot
        html = [e for e in self.entries if e.is_html]
        if not html:
            raise ReadError("MHTML file without an HTML part", source=self.path)
        if self.page_url is None:
            self.page_url = html[0].url
        elif not self.captures_of(self.page_url):
            self.add(dataclasses.replace(html[0], url=self.page_url))
        return self

    def _part(self, number: int, part: Message, time: str | None) -> None:
        location = (part.get("Content-Location") or "").strip()
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if not location and not cid:
            self.warn(f"part {number}: no Content-Location or Content-ID (skipped)")
            return
        try:
            payload = part.get_payload(decode=True)
        except (ValueError, TypeError) as exc:
            self.warn(f"part {number}: cannot decode ({exc}) (skipped)")
            return
        if not isinstance(payload, bytes):
            payload = b""
        index = len(self._payloads)
        self._payloads.append(payload)
        media = (part.get_content_type() or "").lower() or None
        for url in [location] if location else []:
            self.add(Entry("resource", url, time, None, None, 200, media, where=(None, index)))
        if cid:
            self.add(Entry("resource", f"cid:{cid}", time, None, None, 200, media, where=(None, index)))

    def pages(self, at: str | None = None) -> Iterator[Page]:
        """The one page of the file (its parts are the page's images, frames and styles)."""
        assert self.page_url is not None
        try:
            yield self.find_page(self.page_url, at)
        except ReadError as exc:
            self.warn(exc.message)

    def payload(self, entry: Entry, limit: int) -> bytes:
        """The decoded bytes of a part."""
        data: bytes = self._payloads[entry.where[1]]
        if len(data) > limit:
            raise ReadError(f"part for {entry.url} is larger than {limit} bytes", source=self.path)
        return data
