"""Build a whole archive: every article into editions per language, and one BagIt bag each.

``build_archive(archive, dist, options)`` reads each ``archive/<article-id>/`` folder,
translates the article into the target languages (reviewed PO entries, then the translation
memory, then the installed models), writes EPUB, TEI and JSON editions under
``dist/<article-id>/<lang>/`` and a BagIt bag under ``dist/bags/<article-id>/``. Articles are
built in parallel in worker processes; a failing article is reported and the others go on.
Unchanged articles are skipped (a manifest of input hashes), and outputs are made in
``dist/.tmp/`` and renamed into place, so a build killed at any moment leaves no partial file
and the next run finishes the work. See ``docs/build.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import fcntl
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sys
import tempfile
import time
import tomllib
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivepub.captures.meta import ImportedImage, apply_capture_meta, read_capture_meta
from archivepub.catalogs import catalog_path, feed_memory
from archivepub.errors import (
    ArchivepubError,
    ArchivepubWarning,
    BagError,
    ReadError,
    StrictModeError,
    WriteError,
)
from archivepub.i18n import check_language
from archivepub.model import CaptureInfo, Document, Figure, Provenance
from archivepub.transforms.backends.base import Translator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options
from archivepub.transforms.memory import MemoryEntry, TranslationMemory
from archivepub.transforms.translate import TranslateOptions

__all__ = [
    "ArchiveConfig",
    "ArticleReport",
    "BuildOptions",
    "BuildReport",
    "build_archive",
    "load_config",
    "read_article",
    "translate_edition",
]

#: The archive's configuration file, at the archive's root.
CONFIG_NAME = "archivepub.toml"
#: An article's optional metadata overrides, in its folder.
META_NAME = "meta.toml"
#: The incremental manifest, at the root of DIST.
MANIFEST_NAME = "build-manifest.json"
#: The format stamp of the manifest and of the report.
MANIFEST_FORMAT = "archivepub-build/1"
#: Languages built when neither the options nor ``archivepub.toml`` name any.
DEFAULT_LANGUAGES = ("ru", "hy", "az")
#: Output formats, in the order they are written.
FORMATS = ("epub", "tei", "json")
#: Segment origins counted in reports.
ORIGINS = ("reviewed", "memory", "machine", "copied", "untranslated")
#: Source file names an article folder may hold (exactly one of them).
_SOURCES = ("article.html", "article.htm", "article.txt", "article.xml", "article.json")
_ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_RESERVED = {"bags"}
_TMP = ".tmp"
#: Markers of articles whose outputs are being replaced: set before, cleared once the manifest
#: that records them is saved. An article with a marker is rebuilt, whatever the manifest says.
_PENDING = "pending"  # under DIST/.tmp/
#: What DIST may hold besides article folders and bags before a manifest is written.
_OURS = frozenset({".lock", _TMP, "build-manifest.json"})
#: Seconds between saves of the manifest during a build.
_SAVE_EVERY = 2.0
_LOCK = ".lock"
_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")
#: Distributions whose versions are recorded in provenance and in the incremental key.
_DEPENDENCIES = (
    "archivepub",
    "lxml",
    "ebooklib",
    "babel",
    "charset-normalizer",
    "py3langid",
    "argos-translate-lt",
    "ctranslate2",
    "sentencepiece",
    "bagit",
    "warcio",
)


# --- configuration -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveConfig:
    """The archive's settings, from ``archivepub.toml`` at its root (all optional).

    :param publisher: who publishes the editions (EPUB ``dc:publisher``, TEI ``publisher``).
    :param organisation: the organisation keeping the bags (bag-info ``Source-Organization``;
        default: the publisher).
    :param licence: the licence of the editions (EPUB ``dc:rights``, TEI ``licence``), unless an
        article's ``meta.toml`` names its own.
    :param languages: the target languages (codes: ``ru``, ``hy``, ``az``).
    :param locales: the folder of translators' PO catalogs and glossaries.
    :param path: the configuration file read, if any.
    """

    publisher: str | None = None
    organisation: str | None = None
    licence: str | None = None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    locales: Path | None = None
    path: Path | None = None


def _toml(path: Path) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError("not UTF-8 text", source=path) from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise ReadError(f"malformed TOML: {message}", source=path, line=line) from exc


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _check_keys(data: Mapping[str, Any], text: str, path: Path, types: Mapping[str, type]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = types.get(key)
        if kind is None:
            known = ", ".join(sorted(types))
            raise ReadError(f"unknown key {key!r} (known: {known})", source=path, line=_line_of(text, key))
        if kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                raise ReadError(f"{key} must be a list of strings", source=path, line=_line_of(text, key))
        elif not isinstance(value, str) or not value.strip():
            raise ReadError(f"{key} must be a non-empty string", source=path, line=_line_of(text, key))
        out[key] = value
    return out


def load_config(archive: str | os.PathLike[str]) -> ArchiveConfig:
    """Read ``archivepub.toml`` at the root of ``archive`` (defaults when there is none).

    >>> load_config("/nonexistent").languages
    ('ru', 'hy', 'az')

    :param archive: the archive folder.
    :raises ReadError: naming the file and line for malformed TOML, an unknown key or a value
        of the wrong type.
    """
    root = Path(archive)
    path = root / CONFIG_NAME
    if not path.is_file():
        return ArchiveConfig()
    data, text = _toml(path)
    values = _check_keys(
        data,
        text,
        path,
        {
            "publisher": str,
            "organisation": str,
            "licence": str,
            "languages": list,
            "locales": str,
        },
    )
    languages = tuple(values.get("languages", DEFAULT_LANGUAGES))
    for lang in languages:
        problem = None if _LANG.match(lang) else f"not a language code: {lang!r}"
        problem = problem or check_language(lang)
        if problem is not None:
            raise ReadError(problem, source=path, line=_line_of(text, "languages"))
    locales = values.get("locales")
    return ArchiveConfig(
        publisher=values.get("publisher"),
        organisation=values.get("organisation"),
        licence=values.get("licence"),
        languages=languages,
        locales=(root / locales) if locales else None,
        path=path,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _Meta:
    """An article's ``meta.toml``: values that override or complete what the source says."""

    title: str | None = None
    authors: tuple[str, ...] | None = None
    date: str | None = None
    language: str | None = None
    source_url: str | None = None
    licence: str | None = None
    identifier: str | None = None
    capture: CaptureInfo | None = None
    images: tuple[ImportedImage, ...] = ()


def _load_meta(folder: Path) -> _Meta:
    path = folder / META_NAME
    if not path.is_file():
        return _Meta()
    data, text = _toml(path)
    # the capture provenance written by `archivepub import` (docs/captures.md)
    capture, images = read_capture_meta(data, path, text)
    data = {k: v for k, v in data.items() if k not in ("capture", "images")}
    values = _check_keys(
        data,
        text,
        path,
        {
            "title": str,
            "authors": list,
            "date": str,
            "language": str,
            "source_url": str,
            "licence": str,
            "identifier": str,
        },
    )
    date = values.get("date")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise ReadError(f"date must be YYYY-MM-DD, not {date!r}", source=path, line=_line_of(text, "date"))
    language = values.get("language")
    if language is not None and not _LANG.match(language):
        raise ReadError(f"not a language tag: {language!r}", source=path, line=_line_of(text, "language"))
    authors = values.get("authors")
    return _Meta(
        title=values.get("title"),
        authors=tuple(authors) if authors is not None else None,
        date=date,
        language=language,
        source_url=values.get("source_url"),
        licence=values.get("licence"),
        identifier=values.get("identifier"),
        capture=capture,
        images=images,
    )


# --- options and reports -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What :func:`build_archive` builds and how.

    :param languages: target languages (default: ``archivepub.toml``'s, else ru, hy, az).
        Each article also gets an edition in its own language (the original).
    :param formats: any of ``epub``, ``tei``, ``json``.
    :param bilingual: also write a bilingual EPUB (original + translation) per translation.
    :param jobs: worker processes (default: the number of CPUs; 1 builds in this process).
    :param strict: an article with untranslated segments or writer warnings fails.
    :param force: rebuild every article, changed or not.
    :param locales: the PO catalogs and glossaries (default: ``archivepub.toml``'s
        ``locales``, else ``locales/`` beside the archive folder if it exists).
    :param memory: a translation memory to read (never written by a build; default: none).
    :param engine: how the translation models run.
    """

    languages: tuple[str, ...] | None = None
    formats: tuple[str, ...] = FORMATS
    bilingual: bool = False
    jobs: int | None = None
    strict: bool = False
    force: bool = False
    locales: Path | None = None
    memory: Path | None = None
    engine: CTranslate2Options = field(default_factory=CTranslate2Options)


@dataclass(slots=True, kw_only=True)
class ArticleReport:
    """What happened to one article.

    ``status`` is ``built``, ``skipped`` (unchanged since the last build) or ``failed``
    (``error`` says why). ``editions`` lists the files written, relative to DIST;
    ``segments`` counts translated segments per language and origin.
    """

    id: str
    status: str
    error: str | None = None
    source_language: str | None = None
    editions: list[str] = field(default_factory=list)
    bag: str | None = None
    segments: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "id": self.id,
            "status": self.status,
            "error": self.error,
            "source_language": self.source_language,
            "editions": list(self.editions),
            "bag": self.bag,
            "segments": {lang: dict(c) for lang, c in self.segments.items()},
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleReport:
        """Rebuild a report from :meth:`to_dict`'s output."""
        return cls(
            id=str(data["id"]),
            status=str(data["status"]),
            error=data.get("error"),
            source_language=data.get("source_language"),
            editions=list(data.get("editions", [])),
            bag=data.get("bag"),
            segments={k: dict(v) for k, v in data.get("segments", {}).items()},
            warnings=list(data.get("warnings", [])),
        )


@dataclass(slots=True, kw_only=True)
class BuildReport:
    """The outcome of a build: one :class:`ArticleReport` per article, sorted by id."""

    archive: str
    dist: str
    articles: list[ArticleReport] = field(default_factory=list)

    @property
    def failed(self) -> list[ArticleReport]:
        """The articles that failed."""
        return [a for a in self.articles if a.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every article was built or skipped, 1 when any failed."""
        return 1 if self.failed else 0

    def segments(self) -> dict[str, dict[str, int]]:
        """Segments per language and origin over every article (built or skipped)."""
        total: dict[str, dict[str, int]] = {}
        for article in self.articles:
            for lang, counts in article.segments.items():
                row = total.setdefault(lang, dict.fromkeys(ORIGINS, 0))
                for origin, n in counts.items():
                    row[origin] = row.get(origin, 0) + n
        return dict(sorted(total.items()))

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values (what ``archivepub build --json`` prints)."""
        from archivepub import __version__

        def count(status: str) -> int:
            return sum(a.status == status for a in self.articles)

        return {
            "format": MANIFEST_FORMAT,
            "archivepub": __version__,
            "archive": self.archive,
            "dist": self.dist,
            "totals": {
                "articles": len(self.articles),
                "built": count("built"),
                "skipped": count("skipped"),
                "failed": count("failed"),
                "editions": sum(len(a.editions) for a in self.articles),
                "bags": sum(a.bag is not None for a in self.articles),
                "segments": self.segments(),
            },
            "articles": [a.to_dict() for a in self.articles],
        }


#: Called after each article with its report, the number of articles done and the total.
Progress = Callable[[ArticleReport, int, int], None]


# --- versions, hashes, the manifest ------------------------------------------------------------


def _versions() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in _DEPENDENCIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    from archivepub import __version__

    out["archivepub"] = __version__
    out["python"] = ".".join(map(str, sys.version_info[:3]))
    return out


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, sorted; symbolic links are not followed."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            _check_name(path)
            if path.is_file() and not path.is_symlink():
                out.append(path)
    return out


def _check_name(path: Path) -> None:
    """Refuse a file name that is not UTF-8 (it could not be recorded in a manifest or a bag)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise ReadError("the file name is not UTF-8: rename the file", source=shown) from exc


def _models_id() -> list[str]:
    from archivepub.transforms.backends import argos

    return [f"{p.name} {p.source}->{p.target} {p.version}" for p in argos.installed_packages()]


@dataclass(frozen=True, slots=True)
class _Settings:
    """Everything a worker needs besides the article: picklable."""

    languages: tuple[str, ...]
    formats: tuple[str, ...]
    bilingual: bool
    strict: bool
    locales: str | None
    publisher: str | None
    organisation: str | None
    licence: str | None
    bagging_epoch: str | None


@dataclass(frozen=True, slots=True)
class _Task:
    article_id: str
    folder: str
    work: str  # the temporary folder the worker writes into
    settings: _Settings


@dataclass(frozen=True, slots=True)
class _Done:
    report: ArticleReport
    edition_dir: str | None
    bag_dir: str | None


def _article_key(folder: Path, article_id: str, settings: _Settings, common: str) -> str:
    h = hashlib.sha256(common.encode())
    for path in _files(folder):
        h.update(f"\0file {path.relative_to(folder).as_posix()} {_file_digest(path)}".encode())
    if settings.locales is not None:
        locales = Path(settings.locales)
        for lang in settings.languages:
            po = catalog_path(locales, lang, article_id)
            h.update(f"\0po {lang} {_file_digest(po) if po.is_file() else '-'}".encode())
    return h.hexdigest()


def _common_key(settings: _Settings, config_path: Path | None, models: list[str]) -> str:
    parts: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "versions": _versions(),
        "settings": dataclasses.asdict(settings),
        "config": _file_digest(config_path) if config_path is not None else None,
        "models": models,
        "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"),
        "glossaries": {},
    }
    if settings.locales is not None:
        for lang in settings.languages:
            glossary = Path(settings.locales) / lang / "glossary.tsv"
            parts["glossaries"][lang] = _file_digest(glossary) if glossary.is_file() else None
    return json.dumps(parts, sort_keys=True)


def _load_manifest(dist: Path) -> dict[str, Any]:
    path = dist / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        return {}
    articles = data.get("articles")
    return articles if isinstance(articles, dict) else {}


def _save_manifest(dist: Path, articles: Mapping[str, Any]) -> None:
    def entry(value: Mapping[str, Any]) -> dict[str, Any]:
        report = value["report"]
        if isinstance(report, ArticleReport):  # shared with the build report: saved as built
            report = {**report.to_dict(), "status": "built"}
        return {"key": value["key"], "report": report}

    data = {"format": MANIFEST_FORMAT, "articles": {k: entry(v) for k, v in sorted(articles.items())}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # the temporary file goes in DIST/.tmp: a save killed before its rename leaves nothing
    # beside the outputs, and the next build clears it with the rest of the scratch folder
    scratch = dist / _TMP
    try:
        scratch.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="manifest-", suffix=".json", dir=scratch)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=dist / MANIFEST_NAME) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode() + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dist / MANIFEST_NAME)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write: {exc.strerror or exc}", source=dist / MANIFEST_NAME) from exc
        raise


# --- the build ---------------------------------------------------------------------------------


def _related(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same folder, or one is inside the other."""
    return a == b or a in b.parents or b in a.parents


def _check_dist(dist: Path, guarded: Sequence[tuple[str, Path | None]]) -> None:
    """Refuse a DIST that would write over what is not the build's own.

    DIST may not be, hold or sit inside any of ``guarded`` (the archive, the locales folder,
    the memory, the configuration); an existing DIST must be a folder, empty or holding a
    previous build (its manifest, or nothing but what a build makes at its start).
    """
    where = dist.resolve()
    for what, path in guarded:
        if path is not None and _related(where, path.resolve()):
            raise WriteError(
                f"the output folder may not be, hold or sit inside {what} ({path}): choose another -o DIST",
                source=dist,
            )
    if not dist.exists() and not dist.is_symlink():
        return
    if not dist.is_dir():
        raise WriteError("the output folder exists and is not a folder", source=dist)
    try:
        names = {entry.name for entry in dist.iterdir()}
    except OSError as exc:
        raise WriteError(f"cannot list the output folder: {exc.strerror or exc}", source=dist) from exc
    manifest = dist / MANIFEST_NAME
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_bytes())
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
            return
        raise WriteError(
            f"{MANIFEST_NAME} is not an archivepub build manifest: this folder is not archivepub's"
            " output; choose an empty or new -o DIST",
            source=dist,
        )
    leftover = {n for n in names if not (n in _OURS or n.startswith(f".{MANIFEST_NAME}."))}
    if leftover:
        shown = ", ".join(sorted(leftover)[:3]) + (", ..." if len(leftover) > 3 else "")
        raise WriteError(
            f"the output folder is not empty ({shown}) and holds no archivepub build"
            f" ({MANIFEST_NAME}): choose an empty or new -o DIST",
            source=dist,
        )


def _articles(archive: Path, dist: Path) -> list[tuple[str, Path]]:
    try:
        entries = sorted(archive.iterdir())
    except FileNotFoundError as exc:
        raise ReadError("no such archive folder", source=archive) from exc
    except NotADirectoryError as exc:
        raise ReadError("not a folder", source=archive) from exc
    except OSError as exc:
        raise ReadError(f"cannot list: {exc.strerror or exc}", source=archive) from exc
    out = []
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith((".", "_")) and entry.resolve() != dist.resolve():
            out.append((entry.name, entry))
    return out


@contextlib.contextmanager
def _locked(dist: Path) -> Iterator[None]:
    try:
        handle = (dist / _LOCK).open("a")
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=dist / _LOCK) from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise WriteError("another build is writing into this folder", source=dist) from exc
            raise
        yield
    finally:
        handle.close()


def _remove(path: Path, trash: Path) -> None:
    """Move ``path`` (file or folder) out of the way atomically, then delete it."""
    if not path.exists() and not path.is_symlink():
        return
    moved = trash / f"old-{uuid.uuid4().hex}"
    os.rename(path, moved)
    if moved.is_dir() and not moved.is_symlink():
        shutil.rmtree(moved)
    else:
        moved.unlink()


def _install(new: Path, final: Path, trash: Path) -> None:
    _remove(final, trash)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.rename(new, final)


def build_archive(
    archive: str | os.PathLike[str],
    dist: str | os.PathLike[str],
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every article of ``archive`` into ``dist``; return what happened to each.

    Errors of one article are caught and reported in its :class:`ArticleReport` (and make
    :attr:`BuildReport.exit_code` 1); errors of the whole build are raised.

    :param archive: the archive folder (one sub-folder per article, ``archivepub.toml``).
    :param dist: the output folder (created if missing).
    :param options: see :class:`BuildOptions`.
    :param progress: called after each article (built, skipped or failed).
    :raises ReadError: for a malformed ``archivepub.toml`` (file and line) or a missing archive.
    :raises WriteError: when ``dist`` cannot be written or another build is using it.
    """
    options = options or BuildOptions()
    root = Path(archive)
    out = Path(dist)
    config = load_config(root)
    articles = _articles(root, out)
    languages = tuple(options.languages or config.languages)
    for lang in languages:
        problem = None if _LANG.match(lang) else f"not a language code: {lang!r}"
        problem = problem or check_language(lang)
        if problem is not None:
            raise ReadError(problem)
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown or not options.formats:
        raise ReadError(
            f"unknown output format {', '.join(unknown) or '(none)'} (known: {', '.join(FORMATS)})"
        )
    locales = options.locales or config.locales
    if locales is None and (root.resolve().parent / "locales").is_dir():
        locales = root.resolve().parent / "locales"
    if locales is not None and locales.exists() and not locales.is_dir():
        raise ReadError("--locales must name a folder of catalogs, not a file", source=locales)
    if options.memory is not None and options.memory.is_dir():
        raise ReadError("--memory must name a translation memory file, not a folder", source=options.memory)
    if options.memory is not None:
        # opened here first: a file that is not a memory is an error, not a worker that dies
        TranslationMemory(options.memory).close()
    _check_dist(
        out,
        [
            ("the archive", root),
            ("the locales folder", locales),
            ("the translation memory", options.memory),
            ("the archive's configuration", config.path),
        ],
    )
    settings = _Settings(
        languages=languages,
        formats=tuple(f for f in FORMATS if f in options.formats),
        bilingual=options.bilingual,
        strict=options.strict,
        locales=str(locales.resolve()) if locales is not None else None,
        publisher=config.publisher,
        organisation=config.organisation or config.publisher,
        licence=config.licence,
        bagging_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create the output folder: {exc.strerror or exc}", source=out) from exc
    report = BuildReport(archive=str(archive), dist=str(dist))
    with _locked(out):
        scratch = out / _TMP
        # one folder per run: a worker orphaned by a killed build never writes into this one's
        work = scratch / uuid.uuid4().hex
        marked = _marked(scratch / _PENDING)
        if marked or not (out / MANIFEST_NAME).exists():
            # articles a killed build was replacing leave the manifest (saved before their marks
            # go with the scratch folder); a new DIST is marked as archivepub's before anything
            manifest = _load_manifest(out)
            for marker in marked:
                manifest.pop(marker.name, None)
            _save_manifest(out, manifest)
        try:
            if scratch.exists():
                shutil.rmtree(scratch)  # what a killed build left behind
            for stale in out.glob(f".{MANIFEST_NAME}.*.tmp"):
                stale.unlink()  # a manifest save killed before its rename
            work.mkdir(parents=True)
            (scratch / _PENDING).mkdir()
        except OSError as exc:
            raise WriteError(f"cannot prepare: {exc.strerror or exc}", source=scratch) from exc
        try:
            _run(root, out, work, articles, settings, config, options, report, progress)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    report.articles.sort(key=lambda a: a.id)
    return report


def _run(
    root: Path,
    out: Path,
    work: Path,
    articles: list[tuple[str, Path]],
    settings: _Settings,
    config: ArchiveConfig,
    options: BuildOptions,
    report: BuildReport,
    progress: Progress | None,
) -> None:
    manifest = _load_manifest(out)
    pending = out / _TMP / _PENDING
    common = _common_key(settings, config.path, _models_id())
    total = len(articles)
    done = 0

    def finish(article: ArticleReport) -> None:
        nonlocal done
        done += 1
        report.articles.append(article)
        if progress is not None:
            progress(article, done, total)

    # articles no longer in the archive: their outputs go
    present = {article_id for article_id, _ in articles}
    for gone in [k for k in manifest if k not in present]:
        if _ARTICLE_ID.match(gone) and gone not in _RESERVED:  # never a path out of DIST
            _remove(out / gone, work)
            _remove(out / "bags" / gone, work)
        del manifest[gone]

    tasks: list[tuple[_Task, str]] = []
    for article_id, folder in articles:
        if not _ARTICLE_ID.match(article_id) or article_id in _RESERVED:
            finish(
                ArticleReport(
                    id=article_id,
                    status="failed",
                    error=f"{folder}: an article id is lowercase ASCII letters, digits and hyphens"
                    + (f", and not {article_id!r}" if article_id in _RESERVED else ""),
                )
            )
            continue
        try:
            key = _article_key(folder, article_id, settings, common)
        except OSError as exc:
            finish(ArticleReport(id=article_id, status="failed", error=f"{folder}: cannot read: {exc}"))
            continue
        except ArchivepubError as exc:
            finish(ArticleReport(id=article_id, status="failed", error=str(exc)))
            continue
        entry = manifest.get(article_id)
        if (
            not options.force
            and isinstance(entry, dict)
            and entry.get("key") == key
            and _outputs_present(out, entry)
        ):
            previous = ArticleReport.from_dict(entry["report"])
            previous.status = "skipped"
            manifest[article_id] = {"key": key, "report": previous}  # one copy in memory, not two
            finish(previous)
            continue
        task = _Task(article_id, str(folder.resolve()), str((work / article_id).resolve()), settings)
        tasks.append((task, key))

    last_save = time.monotonic()

    def save() -> None:
        nonlocal last_save
        _save_manifest(out, manifest)
        _fault("saved")
        for marker in _marked(pending):  # every install so far is recorded: no article is pending
            marker.unlink()
        last_save = time.monotonic()

    def installed(result: _Done, key: str) -> None:
        article = result.report
        if article.status == "built":
            try:
                assert result.edition_dir is not None
                assert result.bag_dir is not None
                _mark(pending, article.id)  # first: a kill from here on rebuilds the article
                _fault("marked")
                _install(Path(result.edition_dir), out / article.id, work)
                _fault("installed-editions")
                _install(Path(result.bag_dir), out / "bags" / article.id, work)
                _fault("installed-bag")
            except OSError as exc:
                article.status, article.error = "failed", f"{out / article.id}: cannot install: {exc}"
            else:
                manifest[article.id] = {"key": key, "report": article}
                # saved every few seconds (and at the end): a killed build redoes at most that
                if time.monotonic() - last_save >= _SAVE_EVERY:
                    save()
        if article.status == "failed":
            manifest.pop(article.id, None)
        finish(article)

    jobs = options.jobs or os.cpu_count() or 1
    jobs = max(1, min(jobs, len(tasks)))
    try:
        if jobs == 1:
            state = _WorkerState(options.engine, options.memory)
            try:
                for task, key in tasks:
                    installed(_build_one(task, state), key)
            finally:
                state.close()
        else:
            _run_pool(tasks, jobs, options, installed)
    finally:
        save()


def _marked(pending: Path) -> list[Path]:
    try:
        return [p for p in pending.iterdir() if _ARTICLE_ID.match(p.name)]
    except OSError:
        return []


def _mark(pending: Path, article_id: str) -> None:
    """Record, durably, that ``article_id``'s outputs are about to be replaced."""
    (pending / article_id).touch()
    fd = os.open(pending, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


#: Environment variable naming a step at which the build kills itself (tests of kills at every
#: step boundary): ``marked``, ``installed-editions``, ``installed-bag`` or ``saved``.
FAULT_ENV = "ARCHIVEPUB_KILL_AT"


def _fault(step: str) -> None:
    if os.environ.get(FAULT_ENV) == step:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _run_pool(
    tasks: list[tuple[_Task, str]],
    jobs: int,
    options: BuildOptions,
    installed: Callable[[_Done, str], None],
) -> None:
    engine = options.engine
    if engine.threads == 0:
        engine = dataclasses.replace(engine, threads=max(1, (os.cpu_count() or 1) // jobs))
    with ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_init_worker,
        initargs=(engine, str(options.memory) if options.memory else None),
    ) as pool:
        # a bounded window of submitted tasks keeps memory flat for large archives
        queue = list(reversed(tasks))
        running: dict[Future[_Done], tuple[_Task, str]] = {}
        broken: str | None = None
        while queue or running:
            while queue and len(running) < jobs * 4 and broken is None:
                task, key = queue.pop()
                running[pool.submit(_worker_build, task)] = (task, key)
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: running[f][0].article_id):
                task, key = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    broken = f"a worker process died: {exc}"
                    result = _failed(task, broken)
                except Exception as exc:  # an unexpected bug in one article: report it, go on
                    result = _failed(task, f"{type(exc).__name__}: {exc}")
                installed(result, key)
            if broken is not None:
                while queue:
                    task, key = queue.pop()
                    installed(_failed(task, broken), key)


def _failed(task: _Task, error: str) -> _Done:
    return _Done(ArticleReport(id=task.article_id, status="failed", error=error), None, None)


def _outputs_present(dist: Path, entry: Mapping[str, Any]) -> bool:
    data = entry.get("report")
    if not isinstance(data, dict):
        return False
    paths = [*data.get("editions", []), *([data["bag"] + "/bag-info.txt"] if data.get("bag") else [])]
    return bool(paths) and all((dist / p).is_file() for p in paths)


# --- one article, in a worker ------------------------------------------------------------------


class _LayeredMemory(TranslationMemory):
    """An article's reviewed PO entries (a throwaway memory) over the user's memory, read-only."""

    def __init__(self, base: TranslationMemory | None) -> None:
        super().__init__(":memory:")
        self.base = base

    def lookup(self, source_lang: str, target_lang: str, segments: Any) -> dict[str, MemoryEntry]:
        """Hits of the article's catalogs; the base memory's where they have none (or a reviewed one)."""
        keys = list(segments)
        found = super().lookup(source_lang, target_lang, keys)
        if self.base is not None:
            for key, entry in self.base.lookup(source_lang, target_lang, keys).items():
                mine = found.get(key)
                if mine is None or (mine.origin != "reviewed" and entry.origin == "reviewed"):
                    found[key] = entry
        return found


class _WorkerState:
    """What a worker keeps between articles: the translator (models loaded once) and the memory."""

    def __init__(self, engine: CTranslate2Options, memory: str | os.PathLike[str] | None) -> None:
        from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator

        self.translator = CTranslate2Translator(engine)
        self.engine = engine
        self.memory = TranslationMemory(memory) if memory is not None else None

    def close(self) -> None:
        if self.memory is not None:
            self.memory.close()


_STATE: _WorkerState | None = None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (``kill -9`` included)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


def _init_worker(engine: CTranslate2Options, memory: str | None) -> None:
    global _STATE
    _die_with_parent()
    _STATE = _WorkerState(engine, memory)


def _worker_build(task: _Task) -> _Done:
    assert _STATE is not None
    return _build_one(task, _STATE)


def _build_one(task: _Task, state: _WorkerState) -> _Done:
    work = Path(task.work)
    try:
        return _build_article(task, state, work)
    except ArchivepubError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _failed(task, str(exc))
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        return _failed(task, _os_message(exc, task.folder))
    except Exception as exc:  # a bug met by one article must not stop the others
        shutil.rmtree(work, ignore_errors=True)
        return _failed(task, f"{task.folder}: unexpected {type(exc).__name__}: {exc}")


def _os_message(exc: OSError, where: str) -> str:
    """One line for an operating-system error; shutil.copytree's holds a list of them."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        errors = exc.args[0]
        first = errors[0]
        src, dst, why = first if isinstance(first, tuple) and len(first) == 3 else (None, where, first)
        more = f" (and {len(errors) - 1} more files)" if len(errors) > 1 else ""
        return f"{dst or src or where}: {why}{more}"
    return f"{exc.filename or where}: {exc.strerror or exc}"


def _source_file(folder: Path) -> Path:
    found = [folder / name for name in _SOURCES if (folder / name).is_file()]
    if not found:
        raise ReadError(f"no source: put the article in one of {', '.join(_SOURCES)}", source=folder)
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        raise ReadError(f"more than one source ({names}): keep one", source=folder)
    return found[0]


def _apply_meta(doc: Document, meta: _Meta) -> Document:
    changes: dict[str, Any] = {}
    for name in ("title", "authors", "date", "language", "source_url"):
        value = getattr(meta, name)
        if value is not None:
            changes[name] = value
    if not changes:
        return doc
    return dataclasses.replace(doc, metadata=dataclasses.replace(doc.metadata, **changes))


def _read_with_meta(source: Path, meta: _Meta) -> Document:
    from archivepub import read

    return _apply_meta(read(source, url=meta.source_url, language=meta.language), meta)


def _named(source: Path, message: str) -> str:
    """``message`` led by the source's file name (once: a reader may have named it already)."""
    for prefix in (f"{source}: ", f"{source.name}: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return f"{source.name}: {message}"


def read_article(folder: str | os.PathLike[str]) -> Document:
    """Read an article of the archive as the build reads it: its one source file
    (``article.html``, ``.txt``, ...), with its ``meta.toml`` applied (capture provenance
    and images included).

    :param folder: the article's folder (``archive/<article-id>``).
    :raises ReadError: no source or more than one, or a malformed ``meta.toml``.
    """
    folder = Path(folder)
    meta = _load_meta(folder)
    doc = _read_with_meta(_source_file(folder), meta)
    return apply_capture_meta(doc, meta.capture, meta.images, folder)[0]


def translate_edition(
    doc: Document,
    article_id: str,
    target: str,
    *,
    locales: Path | None,
    translator: Translator | None = None,
    memory: TranslationMemory | None = None,
    engine: CTranslate2Options | None = None,
) -> Document:
    """Translate an article for its edition in ``target`` as the build does: the reviewed
    entries of its catalog first, then ``memory`` (read only), then the models; a segment
    nobody translated keeps its source text (provenance origin ``untranslated``).

    :param doc: the article (in its source language).
    :param article_id: its id (its catalogs are ``<locales>/<lang>/LC_MESSAGES/<id>.po``).
    :param target: the target language code.
    :param locales: the catalogs and glossaries folder (``None``: none).
    :param translator: the MT backend (default: CTranslate2 over the installed models).
    :param memory: the user's translation memory, if any (nothing is stored in it).
    :param engine: CTranslate2 settings.
    """
    from archivepub.transforms.glossary import glossary_for
    from archivepub.transforms.translate import model_code, translate_documents

    layered = _LayeredMemory(memory)
    try:
        if locales is not None:
            feed_memory(layered, locales, article_id, model_code(doc.metadata.language), target)
        glossary = glossary_for(locales, target) if locales is not None else None
        return translate_documents(
            [doc],
            target,
            translator=translator,
            memory=layered,
            glossary=glossary,
            options=_translate_options(engine or CTranslate2Options()),
        )[0]
    finally:
        layered.close()


def _translate_options(engine: CTranslate2Options) -> TranslateOptions:
    return TranslateOptions(engine=engine, store_in_memory=False, keep_untranslated=True)


def _counts(doc: Document) -> dict[str, int]:
    """Segments per origin: the title's and the standfirst's, then every block's."""
    counts = dict.fromkeys(ORIGINS, 0)
    meta = doc.metadata
    entries = [*meta.title_provenance, *meta.subtitle_provenance]
    for block in doc.all_blocks():
        entries.extend(getattr(block, "provenance", ()))
    for p in entries:
        counts[p.origin] = counts.get(p.origin, 0) + 1
    return counts


def _segment_records(entries: tuple[Provenance, ...]) -> list[dict[str, Any]]:
    return [{"origin": p.origin, "model": p.model, "repairs": list(p.repairs)} for p in entries]


def _segments(doc: Document) -> list[dict[str, Any]]:
    out = []
    for block in doc.all_blocks():
        entries = getattr(block, "provenance", ())
        if entries:
            out.append({"block": block.id, "segments": _segment_records(entries)})
    return out


def _epoch_date() -> str | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    except (ValueError, OverflowError, OSError) as exc:
        raise WriteError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from exc


def _build_article(task: _Task, state: _WorkerState, work: Path) -> _Done:
    from archivepub.transforms.translate import model_code
    from archivepub.writers.epub import EpubDiagnostic, EpubOptions, write_epub
    from archivepub.writers.tei import TeiOptions, write_tei

    settings = task.settings
    folder = Path(task.folder)
    article_id = task.article_id
    source = _source_file(folder)
    meta = _load_meta(folder)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ArchivepubWarning)
        doc = _read_with_meta(source, meta)
    read_warnings = [
        _named(source, str(w.message)) for w in caught if issubclass(w.category, ArchivepubWarning)
    ]
    doc, capture_warnings = apply_capture_meta(doc, meta.capture, meta.images, folder)
    src = model_code(doc.metadata.language)
    if src == "und":
        raise ReadError(
            "the article's language is unknown: set language in meta.toml", source=folder / META_NAME
        )
    licence = meta.licence or settings.licence
    warnings_: list[str] = list(dict.fromkeys([*read_warnings, *capture_warnings]))

    editions_dir = work / "editions"
    bag_dir = work / "bag"
    editions_dir.mkdir(parents=True)
    bag_dir.mkdir()
    written: list[str] = []
    if "tei" in settings.formats:  # the images TEI editions name (EPUBs hold their own copies)
        _edition_images(doc, folder, editions_dir, {src, *(model_code(t) for t in settings.languages)})

    def put(lang: str, name: str, data: bytes) -> None:
        folder_ = editions_dir / lang
        folder_.mkdir(exist_ok=True)
        (folder_ / name).write_bytes(data)
        written.append(f"{article_id}/{lang}/{name}")

    def report_epub(diagnostic: EpubDiagnostic) -> None:
        warnings_.append(f"{lang}: {diagnostic}")

    editions: list[tuple[str, Document]] = [(src, doc)]
    segments: dict[str, dict[str, int]] = {}
    provenance: dict[str, Any] = {}
    for target in settings.languages:
        code = model_code(target)
        if code == src or code in {c for c, _ in editions}:
            continue
        translated = translate_edition(
            doc,
            article_id,
            code,
            locales=Path(settings.locales) if settings.locales is not None else None,
            translator=state.translator,
            memory=state.memory,
            engine=state.engine,
        )
        editions.append((code, translated))
        segments[code] = _counts(translated)
        if segments[code].get("untranslated"):
            warnings_.append(f"{code}: {segments[code]['untranslated']} segments left untranslated")
        provenance[code] = {
            "language": translated.metadata.language,
            "segments": segments[code],
            "models": [dataclasses.asdict(m) for m in translated.metadata.models],
            "title": _segment_records(translated.metadata.title_provenance),
            "subtitle": _segment_records(translated.metadata.subtitle_provenance),
            "blocks": _segments(translated),
        }

    for lang, edition in editions:
        base = f"{article_id}.{lang}"
        if "epub" in settings.formats:
            epub_options = EpubOptions(
                assets=folder,
                publisher=settings.publisher,
                rights=licence,
                identifier=f"{meta.identifier}#{lang}" if meta.identifier else None,
            )
            put(lang, f"{base}.epub", write_epub(edition, epub_options, report=report_epub))
            if settings.bilingual and lang != src:
                put(
                    lang,
                    f"{article_id}.{src}-{lang}.epub",
                    write_epub([doc, edition], epub_options, report=report_epub),
                )
        if "tei" in settings.formats:
            tei_options = TeiOptions(
                article_id=article_id,
                original=f"../{src}/{article_id}.{src}.tei.xml" if lang != src else None,
                publisher=settings.publisher,
                licence=licence,
                source_title=doc.metadata.title if lang != src else None,
                image_base="../",
            )
            put(lang, f"{base}.tei.xml", write_tei(edition, tei_options).encode("utf-8"))
        if "json" in settings.formats:
            put(lang, f"{base}.json", edition.to_json().encode("utf-8"))

    if settings.strict and warnings_:
        raise StrictModeError(f"{folder}: --strict: " + "; ".join(warnings_))

    record = {
        "format": MANIFEST_FORMAT,
        "article": article_id,
        "source": {"file": source.name, "sha256": _file_digest(source), "language": doc.metadata.language},
        "licence": licence,
        "capture": _capture_record(doc),
        "translations": provenance,
        "versions": _versions(),
    }
    _make_bag(
        bag_dir,
        folder=folder,
        editions=editions_dir,
        locales=Path(settings.locales) if settings.locales else None,
        languages=[lang for lang, _ in editions[1:]],
        article_id=article_id,
        record=record,
        info={
            "Source-Organization": settings.organisation or "unknown",
            "External-Identifier": meta.identifier or article_id,
            "External-Description": doc.metadata.title,
            "Bagging-Date": _epoch_date() or doc.metadata.date or "1980-01-01",
            **_capture_bag_info(doc.metadata.capture),
        },
    )
    article = ArticleReport(
        id=article_id,
        status="built",
        source_language=src,
        editions=written,
        bag=f"bags/{article_id}",
        segments=segments,
        warnings=warnings_,
    )
    return _Done(article, str(editions_dir), str(bag_dir))


# --- images and capture provenance of the editions ----------------------------------------------


def _edition_images(doc: Document, folder: Path, editions: Path, languages: set[str]) -> None:
    """Copy the article's local images to ``<article-id>/<src>`` beside the language folders.

    TEI editions name them ``../<src>`` (``TeiOptions.image_base``), a path that resolves in
    ``dist/<article-id>/`` and in the bag's ``data/editions/``. Only files inside the article's
    folder are copied, never into a language folder.
    """
    base = folder.resolve()
    for block in doc.all_blocks():
        if not isinstance(block, Figure) or not block.src or ":" in block.src.split("/", 1)[0]:
            continue
        rel = Path(block.src.split("#", 1)[0].split("?", 1)[0])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0] in languages:
            continue  # never into (or over) an edition's language folder
        source = (base / rel).resolve()
        if not source.is_relative_to(base) or not source.is_file():
            continue
        dest = editions / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)


def _capture_record(doc: Document) -> dict[str, Any] | None:
    """The capture provenance recorded in the bag's ``provenance.json``: the page and its images."""
    capture = doc.metadata.capture
    images = [
        {"figure": b.id, "file": b.src, **dataclasses.asdict(b.image)}
        for b in doc.all_blocks()
        if isinstance(b, Figure) and b.image is not None
    ]
    if capture is None and not images:
        return None
    return {"page": dataclasses.asdict(capture) if capture else None, "images": images}


def _capture_bag_info(capture: CaptureInfo | None) -> dict[str, str]:
    """bag-info.txt fields naming the capture the article was read from."""
    if capture is None:
        return {}
    fields = {
        "Capture-URL": capture.url,
        "Capture-Date": capture.time,
        "Capture-WARC-Record-ID": capture.record_id,
        "Capture-Payload-Digest": capture.payload_digest,
        "Capture-Software": capture.software,
        "Capture-File": capture.file,
        "Capture-Format": capture.format,
    }
    return {key: " ".join(value.split()) for key, value in fields.items() if value}


# --- BagIt -------------------------------------------------------------------------------------


def _make_bag(
    bag_dir: Path,
    *,
    folder: Path,
    editions: Path,
    locales: Path | None,
    languages: Sequence[str],
    article_id: str,
    record: Mapping[str, Any],
    info: Mapping[str, str],
) -> None:
    """Make ``bag_dir`` a BagIt bag of the article: source, editions, catalogs, provenance."""
    import bagit

    for path in _files(folder):
        dest = bag_dir / "source" / path.relative_to(folder)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    shutil.copytree(editions, bag_dir / "editions")
    if locales is not None:
        for lang in languages:
            po = catalog_path(locales, lang, article_id)
            if po.is_file():
                dest = bag_dir / "locales" / lang / "LC_MESSAGES" / po.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(po, dest)
    (bag_dir / "provenance.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    from archivepub import __version__

    bag_info = dict(info)
    bag_info["Bag-Software-Agent"] = f"archivepub {__version__} (bagit.py {bagit.VERSION})"
    try:
        bagit.make_bag(str(bag_dir), bag_info, processes=1, checksums=["sha256", "sha512"])
        _sorted_tagmanifests(bag_dir, ("sha256", "sha512"))
        bagit.Bag(str(bag_dir)).validate(processes=1)
    except OSError as exc:
        raise BagError(f"cannot make the bag: {_os_message(exc, str(bag_dir))}", source=bag_dir) from exc
    except (bagit.BagError, RuntimeError) as exc:
        raise BagError(f"cannot make the bag: {exc}", source=bag_dir) from exc


def _sorted_tagmanifests(bag_dir: Path, algorithms: Sequence[str]) -> None:
    """Rewrite the tag manifests in file-name order (bagit.py lists them in directory order)."""
    tags = sorted(p.name for p in bag_dir.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
    for alg in algorithms:
        lines = [f"{hashlib.new(alg, (bag_dir / name).read_bytes()).hexdigest()} {name}\n" for name in tags]
        (bag_dir / f"tagmanifest-{alg}.txt").write_text("".join(lines), encoding="utf-8")
