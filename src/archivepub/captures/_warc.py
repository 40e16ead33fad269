"""WARC 1.0/1.1 files (gzip per record or uncompressed) and WACZ packages, through warcio.

The index pass streams every record once (warcio decompresses member by member, so memory
does not grow with the file), keeps a small :class:`Entry` per response, revisit and resource
record, and checks each record's length against what could be read. A record that cannot be
parsed (malformed headers, a truncated or corrupt gzip member) is skipped with a warning that
names its offset, and reading resumes at the next record found after it. Payloads are read
later, one record at a time, by seeking to the record's offset.
"""

from __future__ import annotations

import io
import json
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any
from urllib.parse import urljoin

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from archivepub.captures._base import Capture, Entry, parse_time
from archivepub.errors import ReadError

__all__ = ["WaczCapture", "WarcCapture", "is_warc"]

_GZIP = b"\x1f\x8b\x08"
_CHUNK = 1 << 16
_BLOCK = 1 << 16
#: A WACZ member whose uncompressed size exceeds its compressed size this many times (and
#: 16 MiB) is refused as a decompression bomb.
_BOMB_RATIO = 200
_BOMB_FLOOR = 16 * 1024 * 1024
#: Errors warcio, zlib and the parsers raise on damaged input.
_DAMAGE = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    KeyError,
    UnicodeError,
    OSError,
)


def is_warc(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts a WARC file, plain or gzip-compressed."""
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(_GZIP):
        try:
            return zlib.decompressobj(31).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False


class _QuietIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, reporting a record not followed by blank lines instead of printing it."""

    def __init__(self, fileobj: IO[bytes], on_gap: Any) -> None:
        # 64 KiB blocks (warcio's default is 16 KiB); larger ones are slower: every gzip member's
        # leftover bytes are carried into the next one
        super().__init__(fileobj, no_record_parse=False, verify_http=False, block_size=_BLOCK)
        self._on_gap = on_gap

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            stripped = line.rstrip()
            if len(stripped) == 0 or first_line:
                empty_size += len(line)
                if len(stripped) != 0:
                    self._on_gap(self.fh.tell() - self.reader.rem_length() - empty_size)
                first_line = False
                continue
            return line, empty_size


def _header(headers: Any, name: str) -> str | None:
    if headers is None:
        return None
    value = headers.get_header(name)
    return str(value).strip() if value else None


def _media_type(value: str | None) -> str | None:
    if not value:
        return None
    return value.split(";", 1)[0].strip().lower() or None


class WarcCapture(Capture):
    """A WARC file (or a WARC inside a WACZ), indexed in one streaming pass."""

    def __init__(self, path: Path, *, fmt: str = "warc") -> None:
        super().__init__(path=path, format=fmt)
        self._files: dict[str | None, IO[bytes]] = {}
        self._last_id: str | None = None  # the pending record, not yet in the index

    def close(self) -> None:
        """Close the WARC file(s)."""
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        super().close()

    # --- the index pass --------------------------------------------------------------------

    def open(self) -> WarcCapture:
        """Index the file's records; return ``self``."""
        try:
            handle: IO[bytes] = self.path.open("rb")
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}", source=self.path) from exc
        self._files[None] = handle
        self.scan(handle, None)
        return self

    def scan(self, handle: IO[bytes], member: str | None) -> None:
        """Index every record of ``handle`` (a seekable file; ``member`` names it in a WACZ)."""
        where = f"{member}: " if member else ""
        handle.seek(0)
        head = handle.read(4096)
        if not is_warc(head):
            raise ReadError(f"{where}not a WARC file (no WARC/1.x record at offset 0)", source=self.path)
        gz = head.startswith(_GZIP)
        position: int | None = 0
        while position is not None:
            position = self._scan_from(handle, member, position, gz, where)

    def _scan_from(
        self, handle: IO[bytes], member: str | None, start: int, gz: bool, where: str
    ) -> int | None:
        """Index records from ``start``; return where to resume after a damaged record, or None."""
        handle.seek(start)

        def gap(offset: int) -> None:
            self.warn(f"{where}offset {offset}: record not followed by blank lines (bad Content-Length?)")

        iterator = _QuietIterator(handle, gap)
        pending: Entry | None = None
        offset = start
        try:
            for record in iterator:
                if pending is not None:
                    self._add(pending, where)
                    pending = None
                offset = iterator.offset
                if record.rec_type == "warcinfo":
                    self._warcinfo(record)
                self._check_length(record, offset)
                pending = self._entry(record, member, offset, where)
            if pending is not None:
                self._add(pending, where)
            end = iterator.offset
            size = handle.seek(0, io.SEEK_END)
            if end < size:
                handle.seek(end)
                if handle.read(_CHUNK).strip(b"\r\n\x00 "):
                    self.warn(
                        f"{where}offset {end}: {size - end} bytes at the end are not a complete record "
                        "(truncated file?)"
                    )
            return None
        except _TruncatedError as exc:
            self.warn(f"{where}offset {exc.offset}: {exc} (record skipped)")
        except _DAMAGE as exc:
            if pending is not None and iterator.offset != offset:
                self._add(pending, where)  # the damage is in a later record
            failed = iterator.offset
            reason = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
            self.warn(f"{where}offset {failed}: truncated or malformed record skipped ({reason!r})")
            offset = failed
        return self._resync(handle, offset + 1, gz)

    def _add(self, entry: Entry, where: str) -> None:
        if not self.add(entry):
            offset = entry.where[1]
            self.warn(f"{where}offset {offset}: duplicate record {entry.record_id} (skipped)")

    @staticmethod
    def _resync(handle: IO[bytes], start: int, gz: bool) -> int | None:
        """The offset of the next record start at or after ``start``, or None at the end."""
        magic = _GZIP if gz else b"WARC/1."
        handle.seek(start)
        carry = b""
        base = start
        while True:
            chunk = handle.read(_CHUNK)
            if not chunk:
                return None
            data = carry + chunk
            at = data.find(magic)
            while at != -1:
                found = base - len(carry) + at
                if gz or found == 0 or data[max(0, at - 4) : at].endswith(b"\n"):
                    return found
                at = data.find(magic, at + 1)
            carry = data[-(len(magic) + 4) :]
            base += len(chunk)

    @staticmethod
    def _check_length(record: Any, offset: int) -> None:
        """Read the record's block to its end; bytes still owed at the end mean it was cut."""
        stream = record.raw_stream
        while stream.read(_BLOCK):
            pass
        missing = getattr(stream, "limit", 0)
        if isinstance(missing, int) and missing > 0:
            raise _TruncatedError(offset, f"truncated record ({missing} of {record.length} bytes missing)")

    def _entry(self, record: Any, member: str | None, offset: int, where: str) -> Entry | None:
        headers = record.rec_headers
        kind = record.rec_type
        if kind not in ("response", "revisit", "resource"):
            return None
        url = _header(headers, "WARC-Target-URI")
        if not url:
            self.warn(f"{where}offset {offset}: {kind} record without WARC-Target-URI (skipped)")
            return None
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1]
        if not url.lower().startswith(("http:", "https:", "urn:", "file:")):
            return None
        record_id = _header(headers, "WARC-Record-ID")
        if record_id is not None:
            if record_id == self._last_id:
                self.warn(f"{where}offset {offset}: duplicate record {record_id} (skipped)")
                return None
            self._last_id = record_id
        http = record.http_headers
        status, media, location = 0, None, None
        if kind == "resource":
            status, media = 200, _media_type(_header(headers, "Content-Type"))
        elif http is not None and http.statusline:
            code = http.get_statuscode()
            status = int(code) if code and str(code).isdigit() else 0
            media = _media_type(_header(http, "Content-Type"))
            target = _header(http, "Location")
            if target:
                try:
                    location = urljoin(url, target)
                except ValueError:
                    location = None
        elif kind == "response":
            self.warn(f"{where}offset {offset}: response without HTTP headers: {url} (skipped)")
            return None
        return Entry(
            kind=kind,
            url=url,
            time=parse_time(_header(headers, "WARC-Date")),
            record_id=record_id,
            digest=_header(headers, "WARC-Payload-Digest"),
            status=status,
            media_type=media,
            location=location,
            refers_to=_header(headers, "WARC-Refers-To-Target-URI"),
            where=(member, offset),
        )

    def _warcinfo(self, record: Any) -> None:
        if self.software is not None:
            return
        try:
            text = record.content_stream().read(65536).decode("utf-8", "replace")
        except _DAMAGE:
            return
        for line in text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() == "software" and value.strip():
                self.software = value.strip()
                return

    # --- payloads --------------------------------------------------------------------------

    def payload(self, entry: Entry, limit: int) -> bytes:
        """Read one record's payload, decoded from chunked and content encodings."""
        member, offset = entry.where
        handle = self._files[member]
        where = f"{member}: " if member else ""
        try:
            handle.seek(offset)
            record = next(iter(ArchiveIterator(handle, verify_http=False)))
            stream = record.content_stream()
            parts: list[bytes] = []
            size = 0
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise ReadError(
                        f"{where}offset {offset}: payload of {entry.url} is larger than {limit} bytes",
                        source=self.path,
                    )
                parts.append(chunk)
        except ReadError:
            raise
        except (*_DAMAGE, StopIteration) as exc:
            raise ReadError(
                f"{where}offset {offset}: cannot read the record: {exc}", source=self.path
            ) from exc
        return b"".join(parts)


class _TruncatedError(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


class _Window(io.RawIOBase):
    """A read-only, seekable view of ``size`` bytes of ``handle`` from ``start`` (a stored zip member)."""

    def __init__(self, handle: IO[bytes], start: int, size: int) -> None:
        self.handle = handle
        self.start = start
        self.size = size
        self.pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.pos, io.SEEK_END: self.size}[whence]
        self.pos = max(0, min(self.size, base + offset))
        return self.pos

    def read(self, size: int | None = -1) -> bytes:
        left = self.size - self.pos
        if size is None or size < 0 or size > left:
            size = left
        if size <= 0:
            return b""
        self.handle.seek(self.start + self.pos)
        data = self.handle.read(size)
        self.pos += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not (name.startswith(("/", "\\")) or "\\" in name or ".." in path.parts or ":" in path.parts[0])


class WaczCapture(WarcCapture):
    """A WACZ package: the WARC files under ``archive/`` in a zip, read without extracting.

    Stored members (as the WACZ specification asks) are read in place; compressed ones are
    copied to a temporary file first. Members with unsafe names (``../``, absolute paths) and
    members that would decompress to far more than they hold are skipped with a warning.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, fmt="wacz")
        self._spooled: list[IO[bytes]] = []

    def close(self) -> None:
        """Close the package and remove temporary copies."""
        super().close()
        for handle in self._spooled:
            handle.close()
        self._spooled.clear()

    def open(self) -> WaczCapture:
        """Index every WARC of the package; return ``self``."""
        try:
            raw = self.path.open("rb")
        except OSError as exc:
            raise ReadError(f"cannot read: {exc.strerror or exc}", source=self.path) from exc
        self._files[None] = raw
        try:
            package = zipfile.ZipFile(raw)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ReadError(f"not a WACZ (zip) file: {exc}", source=self.path) from exc
        warcs = 0
        for info in package.infolist():
            name = info.filename
            if not _safe_member(name):
                self.warn(f"unsafe member name {name!r} (skipped)")
                continue
            if name == "datapackage.json":
                self._datapackage(package, info)
                continue
            if not name.lower().endswith((".warc", ".warc.gz")):
                continue
            if info.compress_type != zipfile.ZIP_STORED and info.file_size > max(
                _BOMB_FLOOR, _BOMB_RATIO * max(info.compress_size, 1)
            ):
                self.warn(
                    f"{name}: {info.file_size} bytes from {info.compress_size} compressed: "
                    "refused as a decompression bomb"
                )
                continue
            try:
                handle = self._member(raw, package, info)
                self._files[name] = handle
                self.scan(handle, name)
                warcs += 1
            except ReadError as exc:
                self.warn(exc.message)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
                self.warn(f"{name}: cannot read ({exc}) (skipped)")
        if warcs == 0:
            raise ReadError("no readable WARC file under archive/ in this WACZ", source=self.path)
        return self

    def _member(self, raw: IO[bytes], package: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
        if info.compress_type == zipfile.ZIP_STORED and not info.flag_bits & 0x1:
            raw.seek(info.header_offset)
            local = raw.read(30)
            if len(local) < 30 or local[:4] != b"PK\x03\x04":
                raise ReadError(f"{info.filename}: bad local header", source=self.path)
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            window = _Window(raw, info.header_offset + 30 + name_len + extra_len, info.file_size)
            return io.BufferedReader(window, buffer_size=_CHUNK)
        spool = tempfile.TemporaryFile(prefix="archivepub-wacz-")  # noqa: SIM115 - closed by close()
        self._spooled.append(spool)
        with package.open(info) as member:
            copied = 0
            while chunk := member.read(_CHUNK):
                copied += len(chunk)
                if copied > info.file_size:
                    raise ReadError(f"{info.filename}: larger than its declared size", source=self.path)
                spool.write(chunk)
        spool.seek(0)
        return spool

    def _datapackage(self, package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        if info.file_size > 1 << 20:
            return
        try:
            data = json.loads(package.read(info))
        except (ValueError, zipfile.BadZipFile, OSError, zlib.error):
            self.warn("datapackage.json is not valid JSON (ignored)")
            return
        software = data.get("software") if isinstance(data, dict) else None
        if isinstance(software, str) and software.strip() and self.software is None:
            self.software = software.strip()
