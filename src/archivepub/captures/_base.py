"""What every kind of capture offers: an index of its records, lookups by URL, payloads.

A :class:`Capture` holds a small :class:`Entry` per HTTP response, revisit or resource
record (never the payloads): the index is built in one streaming pass, and payloads are read
back one at a time, by position, when a page or an image is wanted. Lookups follow redirects
and revisit records inside the capture.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from archivepub.errors import ReadError

__all__ = [
    "IMAGE_LIMIT",
    "PAGE_LIMIT",
    "Capture",
    "Entry",
    "Page",
    "normalize_url",
    "parse_time",
]

#: The largest page payload read (bytes, after content decoding); larger pages are skipped.
PAGE_LIMIT = 32 * 1024 * 1024
#: The largest image payload read; larger images are skipped.
IMAGE_LIMIT = 64 * 1024 * 1024
#: Redirects followed inside a capture before giving up.
MAX_REDIRECTS = 8

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z\Z")


def normalize_url(url: str) -> str:
    """The form URLs are compared in: scheme and host lowercased, default port and fragment dropped.

    >>> normalize_url("HTTPS://News.Example:443/a/b?x=1#top")
    'https://news.example/a/b?x=1'
    """
    url = url.strip()
    if url.startswith("<") and url.endswith(">"):
        url = url[1:-1]
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    if parts.username or parts.password:
        host = f"{parts.netloc.rsplit('@', 1)[0]}@{host}"
    path = parts.path or ("/" if host else "")
    return urlunsplit((scheme, host, path, parts.query, ""))


def parse_time(value: str | None) -> str | None:
    """A capture time as ISO 8601 UTC (``2024-05-01T12:00:00Z``), from WARC or HTTP forms.

    >>> parse_time("2024-05-01T12:00:00Z"), parse_time("2024-05-01T14:00:00+02:00")
    ('2024-05-01T12:00:00Z', '2024-05-01T12:00:00Z')
    >>> parse_time("Wed, 01 May 2024 12:00:00 GMT"), parse_time("soon")
    ('2024-05-01T12:00:00Z', None)
    """
    if not value:
        return None
    value = value.strip()
    if _TIME.match(value):
        return value
    when: datetime.datetime | None = None
    try:
        when = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        import email.utils

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    try:
        return when.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (OverflowError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of a capture's index: what it says about a URL, and where its payload is.

    ``kind`` is ``response``, ``revisit`` or ``resource``; ``status`` the HTTP status (200 for
    a resource); ``media_type`` the declared type without parameters; ``location`` a
    redirect's absolute target; ``refers_to`` a revisit's original URL and ``digest`` the
    payload digest as the capture states it. ``where`` locates the payload for the capture
    that made the entry.
    """

    kind: str
    url: str
    time: str | None
    record_id: str | None
    digest: str | None
    status: int
    media_type: str | None
    location: str | None = None
    refers_to: str | None = None
    where: Any = None

    @property
    def is_html(self) -> bool:
        """True when the record declares an HTML type."""
        return self.media_type in _HTML_TYPES


@dataclass(frozen=True, slots=True)
class Page:
    """An HTML page of a capture (status 200), after redirects and revisits.

    ``url`` is the page's captured address, ``entry`` the record that stands for it (a
    revisit, if the page was captured again unchanged), ``payload`` the record holding its
    bytes and ``aliases`` the addresses that redirect to it inside the capture.
    """

    url: str
    entry: Entry
    payload: Entry
    aliases: tuple[str, ...] = ()

    @property
    def time(self) -> str | None:
        """The capture time of the page."""
        return self.entry.time


_SCHEMA = """
CREATE TABLE entry (
    seq INTEGER PRIMARY KEY, kind TEXT, url TEXT, key TEXT, time TEXT, record_id TEXT,
    digest TEXT, status INTEGER, media_type TEXT, location TEXT, location_key TEXT,
    refers_to TEXT, member TEXT, offset INTEGER
);
CREATE INDEX entry_key ON entry (key);
CREATE INDEX entry_digest ON entry (digest) WHERE kind != 'revisit';
CREATE INDEX entry_location ON entry (location_key) WHERE location_key IS NOT NULL;
CREATE UNIQUE INDEX entry_record ON entry (record_id);
"""
_COLUMNS = "kind, url, time, record_id, digest, status, media_type, location, refers_to, member, offset"


def _entry(row: tuple[Any, ...]) -> Entry:
    kind, url, time, record_id, digest, status, media_type, location, refers_to, member, offset = row
    return Entry(
        kind, url, time, record_id, digest, status, media_type, location, refers_to, (member, offset)
    )


class _Index:
    """The records of a capture, in a temporary SQLite database.

    SQLite keeps a private temporary database in a small page cache (about 2 MiB) and spills
    the rest to a temporary file, so the index of a capture of any size takes the same memory.
    """

    def __init__(self) -> None:
        self.db = sqlite3.connect("")
        self.db.executescript(_SCHEMA)

    def add(self, entry: Entry) -> bool:
        """Add a record; False (and nothing added) when its record id is already indexed."""
        member, offset = entry.where if isinstance(entry.where, tuple) else (None, entry.where)
        location_key = normalize_url(entry.location) if entry.location else None
        try:
            self._insert(entry, member, offset, location_key)
        except sqlite3.IntegrityError:
            return False
        return True

    def _insert(self, entry: Entry, member: object, offset: object, location_key: str | None) -> None:
        self.db.execute(
            f"INSERT INTO entry (key, location_key, {_COLUMNS}) VALUES ({', '.join('?' * 13)})",
            (
                normalize_url(entry.url),
                location_key,
                entry.kind,
                entry.url,
                entry.time,
                entry.record_id,
                entry.digest,
                entry.status,
                entry.media_type,
                entry.location,
                entry.refers_to,
                member,
                offset,
            ),
        )

    def query(self, sql: str, *args: object) -> Iterator[tuple[Any, ...]]:
        # one open transaction for the whole life of the index (it is never committed: the
        # connection sees its own rows, and committing after every record costs a journal write)
        yield from self.db.execute(sql, args)

    def close(self) -> None:
        self.db.close()


@dataclass(slots=True)
class Capture:
    """A web capture opened for reading; see :func:`archivepub.captures.open_capture`.

    Subclasses :meth:`add` their records to the index and implement :meth:`payload`.
    """

    path: Path
    format: str
    software: str | None = None
    warnings: list[str] = field(default_factory=list)
    _index: _Index = field(default_factory=_Index)

    @property
    def name(self) -> str:
        """The capture file's name, as recorded in provenance."""
        return self.path.name

    def __enter__(self) -> Capture:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the files the capture holds open, and its index."""
        self._index.close()

    def warn(self, message: str) -> None:
        """Record a warning about the capture (a record skipped, an image refused)."""
        self.warnings.append(f"{self.name}: {message}")

    def add(self, entry: Entry) -> bool:
        """Add a record to the index; False when a record with its ``WARC-Record-ID`` is
        already there (a duplicate, not added)."""
        return self._index.add(entry)

    @property
    def entries(self) -> list[Entry]:
        """Every indexed record, in the order they were read (loads them all: for small captures)."""
        return [_entry(row) for row in self._index.query(f"SELECT {_COLUMNS} FROM entry ORDER BY seq")]

    def payload(self, entry: Entry, limit: int) -> bytes:
        """Return the payload of ``entry`` (decoded from chunked and content encodings).

        :raises ReadError: naming the file and the record's position when it cannot be read,
            or is larger than ``limit`` bytes.
        """
        raise NotImplementedError

    # --- lookups ---------------------------------------------------------------------------

    def captures_of(self, url: str) -> list[Entry]:
        """Every record of ``url`` (responses, revisits, resources), oldest first."""
        rows = self._index.query(
            f"SELECT {_COLUMNS} FROM entry WHERE key = ? ORDER BY time, seq", normalize_url(url)
        )
        return [_entry(row) for row in rows]

    def _same_payload(self, digest: str) -> list[Entry]:
        rows = self._index.query(
            f"SELECT {_COLUMNS} FROM entry WHERE digest = ? AND kind != 'revisit'", digest
        )
        return [_entry(row) for row in rows]

    def _aliases(self, url: str) -> tuple[str, ...]:
        rows = self._index.query(
            "SELECT url FROM entry WHERE location_key = ? AND status BETWEEN 300 AND 399 ORDER BY seq",
            normalize_url(url),
        )
        return tuple(dict.fromkeys(row[0] for row in rows))

    @staticmethod
    def choose(entries: list[Entry], at: str | None) -> Entry | None:
        """The latest entry, or with ``at`` (ISO time) the one closest to it (earlier on a tie)."""
        if not entries:
            return None
        if at is None:
            return max(entries, key=lambda e: e.time or "")
        target = _seconds(at)
        return min(entries, key=lambda e: (abs(_seconds(e.time) - target), _seconds(e.time)))

    def original(self, revisit: Entry) -> Entry | None:
        """The record whose payload a revisit repeats: same digest, else the URL it refers to."""
        if revisit.digest:
            same = self._same_payload(revisit.digest)
            if revisit.refers_to:
                exact = [e for e in same if normalize_url(e.url) == normalize_url(revisit.refers_to)]
                same = exact or same
            if same:
                return self.choose(same, revisit.time)
        if revisit.refers_to:
            candidates = [e for e in self.captures_of(revisit.refers_to) if e.kind != "revisit"]
            return self.choose(candidates, revisit.time)
        return None

    def resolve(self, url: str, at: str | None = None) -> tuple[Entry, Entry] | None:
        """Look ``url`` up: follow redirects and revisits; return (record, payload record).

        The record is the one that answered for the final URL (a revisit if the page was
        captured again unchanged); the payload record holds the bytes. ``None`` when the URL
        is not in the capture, redirects in a loop, or a revisit's original is missing.
        """
        seen: set[str] = set()
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            key = normalize_url(current)
            if key in seen:
                return None
            seen.add(key)
            entry = self.choose(self.captures_of(current), at)
            if entry is None:
                return None
            if 300 <= entry.status < 400 and entry.location:
                current = entry.location
                continue
            if entry.kind == "revisit":
                original = self.original(entry)
                return None if original is None else (entry, original)
            return entry, entry
        return None

    def pages(self, at: str | None = None) -> Iterator[Page]:
        """Every HTML page with status 200, once per URL (the latest capture, or nearest ``at``).

        Pages come in the order they were first captured; redirects inside the capture name
        their targets' ``aliases``.
        """
        html = "media_type IN ('text/html', 'application/xhtml+xml') OR media_type IS NULL"
        keys = [
            row[0]
            for row in self._index.query(
                f"SELECT key FROM entry GROUP BY key HAVING SUM({html}) > 0 ORDER BY MIN(seq)"
            )
        ]
        for key in keys:
            chosen = self.choose(self.captures_of(key), at)
            if chosen is None or chosen.status not in (0, 200):
                continue
            if not (chosen.is_html or chosen.media_type is None):
                continue
            payload = chosen if chosen.kind != "revisit" else self.original(chosen)
            if payload is None:
                if chosen.is_html:
                    self.warn(f"{chosen.url}: revisit of a record the capture does not hold (skipped)")
                continue
            if _status(chosen, payload) != 200 or not _html(chosen, payload):
                continue
            yield Page(chosen.url, chosen, payload, self._aliases(chosen.url))

    def find_page(self, url: str, at: str | None = None) -> Page:
        """The page captured at ``url`` (following redirects and revisits).

        :raises ReadError: when the capture holds no HTML page with status 200 at ``url``.
        """
        found = self.resolve(url, at)
        if found is None:
            raise ReadError(f"no capture of {url}", source=self.path)
        entry, payload = found
        if _status(entry, payload) != 200:
            raise ReadError(f"{url} was captured with status {_status(entry, payload)}", source=self.path)
        if not _html(entry, payload):
            media = entry.media_type or payload.media_type
            raise ReadError(f"{url} is not an HTML page ({media})", source=self.path)
        return Page(entry.url, entry, payload, self._aliases(entry.url))


def _status(entry: Entry, payload: Entry) -> int:
    """A record's status; a revisit without HTTP headers has its original's."""
    return entry.status or payload.status


def _html(entry: Entry, payload: Entry) -> bool:
    return entry.is_html or (entry.media_type is None and payload.is_html)


def _seconds(time: str | None) -> float:
    if time is None:
        return 0.0
    try:
        return datetime.datetime.fromisoformat(time.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0
