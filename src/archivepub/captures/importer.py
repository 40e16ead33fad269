"""Import captured pages into an archive folder: one article folder per page (``archivepub import``).

Each article page of the sources becomes ``ARCHIVE/<id>/`` holding ``article.html`` (the
page's bytes as captured), ``images/`` (the images of its figures found in the same capture)
and ``meta.toml`` (its address and the capture's provenance), the layout ``archivepub build``
reads. Importing the same capture again adds nothing; a page captured several times keeps the
latest capture, or the one closest to ``at``. Folders are written beside the archive's
articles under a temporary name and renamed into place, so an interrupted import leaves no
half article.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tomllib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from archivepub.captures import Capture, Page, capture_sources, normalize_url, open_capture, parse_time
from archivepub.captures._pages import Article, FoundImage, read_page
from archivepub.captures._saved import SavedPage
from archivepub.captures.fetch import FetchOptions
from archivepub.captures.meta import ImportedImage, capture_toml, toml_string
from archivepub.errors import ArchivepubError, ReadError, WriteError

__all__ = ["ImportOptions", "ImportReport", "import_sources"]

_SLUG = re.compile(r"[^a-z0-9]+")
_USER_KEYS = ("licence", "authors", "title", "date", "language", "identifier")


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportOptions:
    """How :func:`import_sources` imports.

    :param at: with several captures of a page, keep the one closest to this date or time
        (``YYYY-MM-DD`` or ISO 8601); default: the latest.
    :param url: the address of a bare saved page that does not say where it was published.
    :param fetch_images: download the images of bare pages (not of captures) from the web;
        off by default (see :mod:`archivepub.captures.fetch`).
    :param fetch: the download limits (default :class:`~archivepub.captures.fetch.FetchOptions`).
    """

    at: str | None = None
    url: str | None = None
    fetch_images: bool = False
    fetch: FetchOptions | None = None


@dataclass(slots=True)
class ImportReport:
    """What an import did: ``added``, ``replaced`` and ``unchanged`` hold (article id, URL);
    ``skipped`` (source, URL, reason) for pages that are not articles; ``warnings`` the rest."""

    added: list[tuple[str, str]] = field(default_factory=list)
    replaced: list[tuple[str, str]] = field(default_factory=list)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Existing:
    article_id: str
    time: str | None
    digest: str | None
    record_id: str | None


@dataclass(slots=True)
class _Choice:
    capture: Capture
    page: Page
    key: str


def _at(value: str | None) -> str | None:
    if value is None:
        return None
    when = parse_time(value if "T" in value else f"{value}T00:00:00Z")
    if when is None:
        raise ReadError(f"--at: not a date or time: {value!r} (use YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)")
    return when


def _existing(archive: Path) -> dict[str, _Existing]:
    """The archive's imported articles, by normalised URL (from their ``meta.toml``)."""
    out: dict[str, _Existing] = {}
    if not archive.is_dir():
        return out
    for folder in sorted(archive.iterdir()):
        meta = folder / "meta.toml"
        if folder.name.startswith((".", "_")) or not meta.is_file():
            continue
        try:
            data = tomllib.loads(meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        capture = data.get("capture")
        if not isinstance(capture, dict) or not isinstance(capture.get("url"), str):
            continue
        entry = _Existing(
            folder.name, capture.get("time"), capture.get("payload_digest"), capture.get("record_id")
        )
        out[normalize_url(capture["url"])] = entry
    return out


def _slug(url: str, fallback: str) -> str:
    """An article id from a URL's last path segment (``.../harbour-lights/`` -> ``harbour-lights``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    segments = [s for s in unquote(parts.path).split("/") if s]
    name = segments[-1] if segments else (parts.hostname or fallback)
    name = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", name, flags=re.I)
    if name.lower() in {"index", "default", "article", "story"} and len(segments) > 1:
        name = segments[-2]
    slug = _SLUG.sub("-", name.lower()).strip("-")[:60].strip("-")
    return slug or _SLUG.sub("-", fallback.lower()).strip("-")[:60] or "article"


def _closer(new: str | None, old: str | None, at: str | None) -> bool:
    """True when a capture at time ``new`` should replace one at ``old``."""
    if old is None:
        return new is not None
    if new is None:
        return False
    if at is None:
        return new > old
    from archivepub.captures._base import _seconds

    target = _seconds(at)
    return (abs(_seconds(new) - target), _seconds(new)) < (abs(_seconds(old) - target), _seconds(old))


def import_sources(
    sources: Sequence[str | os.PathLike[str]],
    archive: str | os.PathLike[str],
    options: ImportOptions | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import the article pages of ``sources`` (captures, saved pages, folders) into ``archive``.

    :param sources: WARC, WACZ, MHTML files, saved HTML pages, or folders holding them.
    :param archive: the archive folder (created if missing).
    :param options: see :class:`ImportOptions`.
    :param progress: called with one line per article added, replaced or skipped.
    :raises ReadError: naming the file when a source cannot be read at all.
    :raises WriteError: when the archive cannot be written.
    """
    options = options or ImportOptions()
    at = _at(options.at)
    root = Path(archive)
    report = ImportReport()
    say = progress or (lambda line: None)
    files = [path for source in sources for path in capture_sources(source)]
    captures: list[Capture] = []
    try:
        choices: dict[str, _Choice] = {}
        for path in files:
            capture = open_capture(path)
            captures.append(capture)
            if isinstance(capture, SavedPage) and capture.page_url is None and options.url:
                capture.page_url = options.url
            for page in capture.pages(at):
                key = page.url
                if isinstance(capture, SavedPage):
                    key = capture.page_url or str(capture.path.resolve())
                key = normalize_url(key)
                old = choices.get(key)
                if old is None or _closer(page.time, old.page.time, at):
                    choices[key] = _Choice(capture, page, key)
                    lost = old
                else:
                    lost = _Choice(capture, page, key)
                if old is not None and lost is not None:
                    winner = choices[key].capture.name
                    reason = f"another capture of this page is kept ({winner}, {choices[key].page.time})"
                    report.skipped.append((lost.capture.name, lost.page.url, reason))
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"cannot create the archive folder: {exc.strerror or exc}", source=root) from exc
        existing = _existing(root)
        for choice in choices.values():
            _import_one(choice, root, existing, at, options, report, say)
        for capture in captures:
            report.warnings.extend(capture.warnings)
    finally:
        for capture in captures:
            capture.close()
    return report


def _import_one(
    choice: _Choice,
    root: Path,
    existing: dict[str, _Existing],
    at: str | None,
    options: ImportOptions,
    report: ImportReport,
    say: Callable[[str], None],
) -> None:
    capture, page = choice.capture, choice.page
    old = existing.get(choice.key)
    if old is not None:
        same = (page.entry.record_id and page.entry.record_id == old.record_id) or (
            page.entry.digest and page.entry.digest == old.digest and page.time == old.time
        )
        if same or not _closer(page.time, old.time, at):
            report.unchanged.append((old.article_id, page.url))
            say(f"unchanged {old.article_id} ({page.url})")
            return
    try:
        article = read_page(capture, page, at=at)
    except ArchivepubError as exc:
        reason = exc.message if isinstance(exc, ReadError) else str(exc)
        report.skipped.append((capture.name, page.url, reason))
        say(f"skipped {page.url}: {reason}")
        return
    warnings = list(article.warnings)
    images = list(article.images)
    if options.fetch_images and capture.format == "html":
        from archivepub.captures.fetch import fetch_missing

        fetch_options = options.fetch or FetchOptions()
        article, fetched, warnings = fetch_missing(article, fetch_options)
        images += fetched
    url = article.document.metadata.capture.url if article.document.metadata.capture else page.url
    if old is not None:
        article_id = old.article_id
    else:
        article_id = _fresh_id(root, _slug(url, capture.path.stem))
    read_url = capture.page_url if isinstance(capture, SavedPage) else page.url
    folder = _write_article(root, article_id, article, images, source_url=read_url, replacing=old is not None)
    existing[choice.key] = _Existing(article_id, page.time, page.entry.digest, page.entry.record_id)
    (report.replaced if old is not None else report.added).append((article_id, url))
    report.warnings.extend(f"{folder.name}: {w}" for w in warnings)
    say(f"{'replaced' if old is not None else 'added'} {article_id} ({url})")


def _fresh_id(root: Path, slug: str) -> str:
    candidate, n = slug, 1
    while (root / candidate).exists() or candidate == "bags":
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def _image_name(image: FoundImage, used: dict[str, str], taken: set[str]) -> str:
    """``images/<name>.<ext>``: the URL's file name (or ``image``), one file per distinct image."""
    if image.info.digest in used:
        return used[image.info.digest]
    ext = {
        "image/png": "png",
        "image/jpeg": "jpg",
        "image/gif": "gif",
        "image/webp": "webp",
        "image/avif": "avif",
        "image/svg+xml": "svg",
    }.get(image.info.media_type, "bin")
    stem = "image"
    if image.info.url:
        with contextlib.suppress(ValueError):
            last = PurePosixPath(unquote(urlsplit(image.info.url).path)).stem
            stem = _SLUG.sub("-", last.lower()).strip("-")[:50].strip("-") or "image"
    elif not image.src.startswith("data:"):
        stem = (
            _SLUG.sub("-", PurePosixPath(unquote(image.src)).stem.lower()).strip("-")[:50].strip("-")
            or "image"
        )
    name, n = f"images/{stem}.{ext}", 1
    while name in taken:
        n += 1
        name = f"images/{stem}-{n}.{ext}"
    taken.add(name)
    used[image.info.digest] = name
    return name


def _user_meta(folder: Path) -> str:
    """The keys a user added to an article's ``meta.toml`` (kept when a newer capture replaces it)."""
    path = folder / "meta.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    lines = []
    for key in _USER_KEYS:
        value = data.get(key)
        if isinstance(value, str):
            lines.append(f"{key} = {toml_string(value)}\n")
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            lines.append(f"{key} = [{', '.join(toml_string(v) for v in value)}]\n")
    return "".join(lines)


def _write_article(
    root: Path,
    article_id: str,
    article: Article,
    images: list[FoundImage],
    *,
    source_url: str | None,
    replacing: bool,
) -> Path:
    final = root / article_id
    work = root / f".import-{uuid.uuid4().hex}"
    try:
        work.mkdir()
        (work / "article.html").write_bytes(article.html)
        used: dict[str, str] = {}
        taken: set[str] = set()
        stored: list[ImportedImage] = []
        for image in images:
            name = _image_name(image, used, taken)
            target = work / name
            if not target.exists():
                target.parent.mkdir(exist_ok=True)
                target.write_bytes(image.data)
            if image.src.startswith("data:"):
                src_hash = hashlib.sha256(image.src.encode("utf-8")).hexdigest()
                stored.append(ImportedImage(None, src_hash, name, image.info))
            else:
                stored.append(ImportedImage(image.src, None, name, image.info))
        capture = article.document.metadata.capture
        assert capture is not None
        text = f"# Imported by archivepub from {capture.file}: [capture] and [[images]] are its provenance.\n"
        if source_url:
            text += f"source_url = {toml_string(source_url)}\n"
        if replacing:
            text += _user_meta(final)
        text += capture_toml(capture, stored)
        (work / "meta.toml").write_text(text, encoding="utf-8")
        if replacing and final.exists():
            old = root / f".import-old-{uuid.uuid4().hex}"
            os.rename(final, old)
            os.rename(work, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(work, final)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        raise WriteError(f"cannot write the article: {exc.strerror or exc}", source=final) from exc
    return final
