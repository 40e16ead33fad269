"""From a captured page to a Document: is it an article, what is its provenance, where are its images."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

from archivepub.captures._base import IMAGE_LIMIT, PAGE_LIMIT, Capture, Page
from archivepub.captures._mhtml import MhtmlCapture
from archivepub.captures._saved import SavedPage, decode_data_url
from archivepub.errors import ArchivepubError, ReadError
from archivepub.model import Block, CaptureInfo, Document, Figure, ImageInfo, Link, map_blocks, plain_text
from archivepub.model.walk import descend, inline_content, iter_inlines

__all__ = ["Article", "FoundImage", "Skipped", "articles", "read_page", "sniff_image"]

#: A page with fewer words of body text than this is not an article (an index, a gallery).
MIN_WORDS = 40
#: A page whose body text is more than this share of link text is an index or list page.
MAX_LINK_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class FoundImage:
    """An image of a figure found in the capture: the figure's ``src``, its bytes and provenance."""

    src: str
    data: bytes
    info: ImageInfo


@dataclass(frozen=True, slots=True)
class Article:
    """An article page of a capture, read.

    ``document`` carries the capture's provenance in ``metadata.capture`` and, on each figure
    whose image was found, ``image`` (its figures' ``src`` are still the page's references);
    ``html`` is the page's payload as captured (decoded from transfer and content
    encodings); ``images`` the images found; ``warnings`` the images that were not.
    """

    page: Page
    html: bytes
    document: Document
    images: tuple[FoundImage, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A page of a capture that is not read as an article, and why."""

    url: str
    reason: str


def sniff_image(data: bytes) -> tuple[str, str] | None:
    """Return (media type, file extension) of an image by its content, or None.

    >>> sniff_image(b"\\x89PNG\\r\\n\\x1a\\n...")
    ('image/png', 'png')
    """
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif", "avif"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return "image/svg+xml", "svg"
    return None


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def article_problem(doc: Document) -> str | None:
    """Why a page read as ``doc`` is not an article (too little text, mostly links), or None."""
    total = links = 0
    for block in descend(doc.blocks):
        content = inline_content(block)
        total += _words(plain_text(content))
        for node in iter_inlines(content):
            if isinstance(node, Link):
                links += _words(plain_text(node.content))
    if total < MIN_WORDS:
        return f"not an article: {total} words of text (an index, gallery or error page?)"
    if links > MAX_LINK_SHARE * total:
        return f"not an article: {links} of its {total} words are links (an index page?)"
    return None


def _capture_info(capture: Capture, page: Page, doc: Document) -> CaptureInfo:
    url = page.url
    if isinstance(capture, SavedPage) and capture.page_url is None:
        url = doc.metadata.source_url or capture.name
    return CaptureInfo(
        url=url,
        time=page.entry.time,
        record_id=page.entry.record_id,
        payload_digest=page.entry.digest,
        software=capture.software,
        file=capture.name,
        format=capture.format,
    )


def _page_url(capture: Capture, page: Page) -> str | None:
    if isinstance(capture, SavedPage):
        return capture.page_url
    return page.url


def read_page(capture: Capture, page: Page, *, at: str | None = None, check: bool = True) -> Article:
    """Read one page of ``capture`` into an :class:`Article`.

    :param at: prefer the captures of the page's images nearest this time (ISO 8601).
    :param check: refuse pages that are not articles (too little text, mostly links).
    :raises ReadError: naming the capture and the page when the page cannot be read or, with
        ``check``, is not an article.
    """
    from archivepub.readers.html import read_html

    html = capture.payload(page.payload, PAGE_LIMIT)
    url = _page_url(capture, page)
    name = f"{capture.path}#{page.url}" if not isinstance(capture, SavedPage) else str(capture.path)
    doc = read_html(html, url=url, name=name)
    if check:
        problem = article_problem(doc)
        if problem is not None:
            raise ReadError(problem, source=name)
    doc = dataclasses.replace(
        doc, metadata=dataclasses.replace(doc.metadata, capture=_capture_info(capture, page, doc))
    )
    finder = _ImageFinder(capture, html, url, at, page.entry.time)
    doc, images, warnings = finder.apply(doc)
    return Article(page, html, doc, images, warnings)


def articles(capture: Capture, *, at: str | None = None) -> Iterator[Article | Skipped]:
    """Every page of ``capture``, read: an :class:`Article`, or :class:`Skipped` with the reason."""
    for page in capture.pages(at):
        try:
            yield read_page(capture, page, at=at)
        except ArchivepubError as exc:
            reason = exc.message if isinstance(exc, ReadError) else str(exc)
            yield Skipped(page.url, reason)


# --- images ----------------------------------------------------------------------------------


def image_candidates(html: bytes, url: str | None, name: str) -> dict[str, list[str]]:
    """For each image of a page, keyed by the ``src`` the HTML reader gives its figure, every
    reference that may name it: the lazy-load attributes, each ``srcset`` and ``<picture>``
    candidate (largest first), then ``src``."""
    from archivepub.readers.html._figures import (
        _LAZY_ATTRS,
        _PLACEHOLDER,
        _SRCSET_ITEM,
        image_src,
        inline_image,
        local_image,
    )
    from archivepub.readers.html._parse import parse_html
    from archivepub.readers.html._util import resolve_url, tag

    try:
        root = parse_html(html, name=name)
    except ArchivepubError:
        return {}
    base = url
    for el in root.iter("base"):
        href = el.get("href")
        if href:
            base = resolve_url(href, url) or url
            break

    def srcset(value: str | None) -> list[str]:
        items = []
        for match in _SRCSET_ITEM.finditer(value or ""):
            if match.group(1):
                size = float(match.group(2)) if match.group(2) else 1.0
                items.append((size, match.group(1)))
        return [u for _, u in sorted(items, key=lambda i: -i[0])]

    def absolute(raw: str) -> str | None:
        raw = raw.strip()
        if not raw or (_PLACEHOLDER.search(raw) and not inline_image(raw)):
            return None
        if raw.startswith("data:"):
            return raw
        return local_image(raw) or resolve_url(raw, base)

    out: dict[str, list[str]] = {}
    for img in root.iter("img"):
        if not isinstance(img, HtmlElement):
            continue
        key = image_src(img, base)
        if key is None:
            continue
        raw: list[str] = [img.get(a) or "" for a in _LAZY_ATTRS]
        for attr in ("srcset", "data-srcset", "data-lazy-srcset"):
            raw += srcset(img.get(attr))
        parent = img.getparent()
        if parent is not None and tag(parent) == "picture":
            for source in parent.iter("source"):
                raw += srcset(source.get("srcset") or source.get("data-srcset"))
        raw.append(img.get("src") or "")
        found = out.setdefault(key, [key])
        for candidate in map(absolute, raw):
            if candidate and candidate not in found:
                found.append(candidate)
    return out


class _ImageFinder:
    """Finds the images of a page's figures in the capture the page came from."""

    def __init__(
        self, capture: Capture, html: bytes, url: str | None, at: str | None, page_time: str | None
    ) -> None:
        self.capture = capture
        self.page_time = page_time
        self.url = url
        self.at = at
        self.candidates = image_candidates(html, url, str(capture.path))
        self.found: dict[str, FoundImage | None] = {}
        self.warnings: list[str] = []

    def apply(self, doc: Document) -> tuple[Document, tuple[FoundImage, ...], tuple[str, ...]]:
        def visit(block: Block) -> Block:
            if isinstance(block, Figure) and block.src:
                image = self.find(block.src, block.id)
                if image is not None:
                    return dataclasses.replace(block, image=image.info)
            return block

        blocks = map_blocks(doc.blocks, visit)
        notes = tuple(dataclasses.replace(n, blocks=map_blocks(n.blocks, visit)) for n in doc.footnotes)
        doc = dataclasses.replace(doc, blocks=blocks, footnotes=notes)
        images = tuple(f for f in self.found.values() if f is not None)
        return doc, images, tuple(self.warnings)

    def find(self, src: str, figure_id: str) -> FoundImage | None:
        if src in self.found:
            return self.found[src]
        result = None
        reasons: list[str] = []
        for candidate in self.candidates.get(src, [src]):
            result = self._candidate(src, candidate, reasons)
            if result is not None:
                break
        if result is None:
            shown = src if len(src) <= 120 else src[:100] + "..."
            why = f" ({'; '.join(reasons)})" if reasons else ""
            self.warnings.append(
                f"{figure_id}: image {shown} is not in the capture{why}; "
                "the figure keeps its caption and credit"
            )
        self.found[src] = result
        return result

    def _candidate(self, src: str, ref: str, reasons: list[str]) -> FoundImage | None:
        capture = self.capture
        origin = "saved" if isinstance(capture, SavedPage) else "capture"
        if ref.startswith("data:"):
            decoded = decode_data_url(ref)
            if decoded is None:
                reasons.append("malformed data: URL")
                return None
            return self._image(src, decoded[1], None, origin, self.page_time, None, reasons)
        if isinstance(capture, SavedPage):
            path = capture.local_file(ref)
            if path is None:
                return None
            try:
                data = path.read_bytes()
            except OSError as exc:
                reasons.append(f"cannot read {path.name}: {exc.strerror or exc}")
                return None
            return self._image(src, data, None, origin, None, None, reasons)
        url = urljoin(self.url, ref) if self.url else ref
        found = capture.resolve(url, self.at)
        if found is None and isinstance(capture, MhtmlCapture) and not ref.startswith("cid:"):
            found = capture.resolve(ref, self.at)
        if found is None:
            return None
        entry, payload = found
        status = entry.status or payload.status
        if status != 200:
            reasons.append(f"{url} was captured with status {status}")
            return None
        try:
            data = capture.payload(payload, IMAGE_LIMIT)
        except ReadError as exc:
            reasons.append(exc.message)
            return None
        return self._image(src, data, url, origin, entry.time, payload.record_id, reasons)

    @staticmethod
    def _image(
        src: str,
        data: bytes,
        url: str | None,
        origin: str,
        time: str | None,
        record_id: str | None,
        reasons: list[str],
    ) -> FoundImage | None:
        kind = sniff_image(data)
        if kind is None:
            reasons.append(f"{url or 'the data'} is not a PNG, JPEG, GIF, WebP, AVIF or SVG image")
            return None
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        info = ImageInfo(
            url=url, media_type=kind[0], digest=digest, origin=origin, time=time, record_id=record_id
        )
        return FoundImage(src, data, info)
