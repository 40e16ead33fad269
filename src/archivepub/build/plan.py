"""The plan of an incremental build: the articles, what each task carries to a worker, the
input keys that say whether an article changed, and the manifest recording them in DIST."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivepub.build.dist import _TMP, MANIFEST_NAME
from archivepub.build.files import _file_digest, _files
from archivepub.build.report import MANIFEST_FORMAT, ArticleReport
from archivepub.catalogs import catalog_path
from archivepub.errors import (
    ReadError,
    WriteError,
)

__all__: list[str] = []  # internal to the build; archivepub.build exports its API

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


def _versions() -> dict[str, str]:
    """The versions recorded in provenance and in the incremental key (a fresh copy)."""
    return dict(_installed_versions())


@functools.cache
def _installed_versions() -> tuple[tuple[str, str], ...]:
    """Read once per process: a distribution's metadata takes milliseconds to parse, and
    one article's build asked for it again for every article."""
    out: dict[str, str] = {}
    for name in _DEPENDENCIES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "absent"
    from archivepub import __version__

    out["archivepub"] = __version__
    out["python"] = ".".join(map(str, sys.version_info[:3]))
    return tuple(out.items())


def _models_id() -> list[str]:
    from archivepub.transforms.backends import argos

    out = []
    for p in argos.installed_packages():
        try:  # a model replaced in place (same name and version) changes the key too
            stat = (p.model_dir / "model.bin").stat()
            weights = f"{stat.st_size} {stat.st_mtime_ns}"
        except OSError:
            weights = "-"
        out.append(f"{p.name} {p.source}->{p.target} {p.version} {weights}")
    return out


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
    contact_name: str | None = None
    contact_email: str | None = None
    bag_group: str | None = None
    translators: tuple[tuple[str, tuple[str, ...]], ...] = ()
    partial: bool = False


@dataclass(frozen=True, slots=True)
class _Task:
    article_id: str
    folder: str
    work: str  # the temporary folder the worker writes into
    settings: _Settings


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
    output = dist.resolve()
    for entry in entries:
        if entry.is_dir() and not entry.name.startswith((".", "_")) and entry.resolve() != output:
            out.append((entry.name, entry))
    return out


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


def _fonts_id() -> list[str]:
    """The fonts an EPUB would embed (path, size, modification time): installing one rebuilds."""
    from archivepub.writers.epub import armenian_font_files

    out = []
    for path in armenian_font_files():
        try:
            stat = path.stat()
        except OSError:
            continue
        out.append(f"{path} {stat.st_size} {stat.st_mtime_ns}")
    return out


def _common_key(settings: _Settings, config_path: Path | None, models: list[str]) -> str:
    parts: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "versions": _versions(),
        "fonts": _fonts_id(),
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


def _manifest_chunks(articles: Mapping[str, Any]) -> Iterator[str]:
    """The manifest's JSON text in pieces, one article at a time: the same text as
    ``json.dumps({"format": ..., "articles": {...}}, ensure_ascii=False, separators=(",", ":"))``
    of the whole, without holding a copy of every entry and the whole text at once (a build of
    thousands of articles saves it every few seconds)."""

    def entry(value: Mapping[str, Any]) -> dict[str, Any]:
        report = value["report"]
        if isinstance(report, ArticleReport):  # shared with the build report: saved as built
            report = {**report.to_dict(), "status": "built"}
        return {"key": value["key"], "report": report}

    yield '{"format":' + _compact(MANIFEST_FORMAT) + ',"articles":{'
    for i, article_id in enumerate(sorted(articles)):
        yield ("," if i else "") + _compact(article_id) + ":" + _compact(entry(articles[article_id]))
    yield "}}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _save_manifest(dist: Path, articles: Mapping[str, Any]) -> None:
    # the temporary file goes in DIST/.tmp: a save killed before its rename leaves nothing
    # beside the outputs, and the next build clears it with the rest of the scratch folder
    scratch = dist / _TMP
    try:
        scratch.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="manifest-", suffix=".json", dir=scratch)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=dist / MANIFEST_NAME) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n", buffering=1 << 16) as handle:
            for chunk in _manifest_chunks(articles):
                handle.write(chunk)
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


def _outputs_present(dist: Path, entry: Mapping[str, Any]) -> bool:
    data = entry.get("report")
    if not isinstance(data, dict):
        return False
    paths = [*data.get("editions", []), *([data["bag"] + "/bag-info.txt"] if data.get("bag") else [])]
    return bool(paths) and all((dist / p).is_file() for p in paths)
