"""Download the images of a bare saved page (``archivepub import --fetch-images``): off by default.

This is the one part of archivepub that touches the network, and only when asked. Each
download is a plain HTTP(S) GET: no cookies, no credentials, ``http`` and ``https`` only, at
most :attr:`FetchOptions.max_bytes` bytes of an ``image/*`` type within
:attr:`FetchOptions.timeout` seconds, at most five redirects, each checked like the first. An
address in a private, loopback, link-local or otherwise reserved range is refused unless
:attr:`FetchOptions.allow_private` is set; the connection is made to the address that was
checked, so a name cannot resolve to another one in between. Downloads are kept in a cache
folder, so importing again does not download again.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import http.client
import ipaddress
import json
import os
import socket
import ssl
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from archivepub._io import atomic_write
from archivepub.captures._pages import Article, FoundImage, sniff_image
from archivepub.errors import ArchivepubError
from archivepub.model import Block, Figure, ImageInfo, map_blocks

__all__ = ["FetchError", "FetchOptions", "default_cache", "fetch_image", "fetch_missing"]

_MAX_REDIRECTS = 5
_CHUNK = 1 << 16


class FetchError(ArchivepubError):
    """An image could not be downloaded (refused address, wrong type, too large, too slow)."""


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/archivepub/images`` (default ``~/.cache/archivepub/images``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "archivepub" / "images"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    """Limits of :func:`fetch_image`.

    :param max_bytes: the largest image downloaded.
    :param timeout: seconds for a whole download (connection, redirects and body).
    :param cache: the cache folder (default :func:`default_cache`).
    :param allow_private: allow private, loopback and link-local addresses (a local test
        server, an intranet); refused by default.
    :param user_agent: the ``User-Agent`` header sent.
    """

    max_bytes: int = 20 * 1024 * 1024
    timeout: float = 30.0
    cache: Path | None = None
    allow_private: bool = False
    user_agent: str = "archivepub (image fetch for an archival copy)"


def _check_address(host: str, port: int, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        address = str(info[4][0])
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        public = ip.is_global and not ip.is_multicast
        if public or allow_private:
            return address
    raise FetchError(f"{host} resolves to a private or reserved address (not fetched; see --allow-private)")


class _HTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _HTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _get(url: str, options: FetchOptions) -> tuple[bytes, str]:
    deadline = time.monotonic() + options.timeout
    for _ in range(_MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http and https URLs are fetched")
        port = parts.port or (443 if scheme == "https" else 80)
        address = _check_address(parts.hostname, port, options.allow_private)
        left = deadline - time.monotonic()
        if left <= 0:
            raise FetchError(f"{url}: took longer than {options.timeout} s")
        kind = _HTTPS if scheme == "https" else _HTTP
        conn = kind(parts.hostname, port, address, left)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request(
                "GET",
                target,
                headers={
                    "User-Agent": options.user_agent,
                    "Accept": "image/*",
                    "Accept-Encoding": "identity",
                },
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"{url}: redirect without a Location")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(f"{url}: HTTP status {response.status}")
            media = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()
            if not media.startswith("image/"):
                raise FetchError(f"{url}: not an image ({media or 'no Content-Type'})")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > options.max_bytes:
                raise FetchError(f"{url}: {declared} bytes, more than {options.max_bytes}")
            parts_read: list[bytes] = []
            size = 0
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > options.max_bytes:
                    raise FetchError(f"{url}: more than {options.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: took longer than {options.timeout} s")
                parts_read.append(chunk)
            return b"".join(parts_read), url
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(f"{url}: {exc}") from exc
        finally:
            conn.close()
    raise FetchError(f"{url}: more than {_MAX_REDIRECTS} redirects")


def fetch_image(url: str, options: FetchOptions) -> tuple[bytes, str]:
    """Download one image (or take it from the cache); return its bytes and the fetch time.

    :raises FetchError: when the URL is refused or the download fails a limit.
    """
    cache = options.cache or default_cache()
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    data_path, meta_path = cache / f"{key}.bin", cache / f"{key}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
        if meta.get("url") == url and meta.get("sha256") == hashlib.sha256(data).hexdigest():
            return data, str(meta["fetched"])
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    data, _final = _get(url, options)
    fetched = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        cache.mkdir(parents=True, exist_ok=True)
        atomic_write(data_path, data)
        record = {"url": url, "fetched": fetched, "sha256": hashlib.sha256(data).hexdigest()}
        atomic_write(meta_path, json.dumps(record).encode())
    except ArchivepubError:
        pass  # a cache that cannot be written only costs a download next time
    return data, fetched


def fetch_missing(article: Article, options: FetchOptions) -> tuple[Article, list[FoundImage], list[str]]:
    """Download the images of ``article``'s figures that have none; return the article with
    their provenance (origin ``fetched``, the fetch time), the images, and the warnings left."""
    base = article.document.metadata.source_url
    fetched: dict[str, FoundImage | None] = {}
    warnings: list[str] = []

    def visit(block: Block) -> Block:
        if not isinstance(block, Figure) or not block.src or block.image is not None:
            return block
        if block.src not in fetched:
            url = urljoin(base, block.src) if base else block.src
            found = None
            try:
                data, when = fetch_image(url, options)
                kind = sniff_image(data)
                if kind is None:
                    raise FetchError(f"{url}: not a PNG, JPEG, GIF, WebP, AVIF or SVG image")
                digest = "sha256:" + hashlib.sha256(data).hexdigest()
                info = ImageInfo(url=url, media_type=kind[0], digest=digest, origin="fetched", time=when)
                found = FoundImage(block.src, data, info)
            except FetchError as exc:
                warnings.append(
                    f"{block.id}: image not fetched: {exc}; the figure keeps its caption and credit"
                )
            fetched[block.src] = found
        image = fetched[block.src]
        return block if image is None else dataclasses.replace(block, image=image.info)

    doc = article.document
    doc = dataclasses.replace(
        doc,
        blocks=map_blocks(doc.blocks, visit),
        footnotes=tuple(dataclasses.replace(n, blocks=map_blocks(n.blocks, visit)) for n in doc.footnotes),
    )
    images = [f for f in fetched.values() if f is not None]
    return dataclasses.replace(article, document=doc, warnings=()), images, warnings
