"""The build's configuration: ``archivepub.toml``, an article's ``meta.toml``, :class:`BuildOptions`."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivepub.captures.meta import ImportedImage, read_capture_meta
from archivepub.errors import (
    ReadError,
)
from archivepub.i18n import check_language
from archivepub.model import CaptureInfo
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

__all__ = [
    "CONFIG_NAME",
    "DEFAULT_LANGUAGES",
    "EXECUTORS",
    "FORMATS",
    "META_NAME",
    "ArchiveConfig",
    "BuildOptions",
    "load_config",
]

#: The archive's configuration file, at the archive's root.
CONFIG_NAME = "archivepub.toml"


#: An article's optional metadata overrides, in its folder.
META_NAME = "meta.toml"


#: Languages built when neither the options nor ``archivepub.toml`` name any.
DEFAULT_LANGUAGES = ("ru", "hy", "az")


#: Where articles can be built (``BuildOptions.executor``, ``archivepub.toml``'s ``executor``).
EXECUTORS = ("local", "dask")
#: Output formats, in the order they are written.
FORMATS = ("epub", "tei", "json")


_LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")


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
    :param contact_name: who answers for the bags (bag-info ``Contact-Name``).
    :param contact_email: their address (bag-info ``Contact-Email``).
    :param bag_group: the collection the bags belong to (bag-info ``Bag-Group-Identifier``).
    :param translators: the translators per target language (``{ru = ["Name"]}``), credited in
        the editions unless an article's ``meta.toml`` names its own (default: the catalog's
        ``Last-Translator``).
    :param partial: publish translations with untranslated segments (with a notice).
    :param executor: where articles are built: ``local`` (worker processes on this machine)
        or ``dask`` (a ``dask.distributed`` cluster; see ``docs/scale.md``).
    :param scheduler: the Dask scheduler's address (``tcp://HOST:8786``).
    :param path: the configuration file read, if any.
    """

    publisher: str | None = None
    organisation: str | None = None
    licence: str | None = None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    locales: Path | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    bag_group: str | None = None
    translators: tuple[tuple[str, tuple[str, ...]], ...] = ()
    partial: bool = False
    executor: str | None = None
    scheduler: str | None = None
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
        elif kind is bool:
            if not isinstance(value, bool):
                raise ReadError(f"{key} must be true or false", source=path, line=_line_of(text, key))
        elif kind is dict:
            if not isinstance(value, dict) or not all(
                isinstance(v, list) and all(isinstance(n, str) and n.strip() for n in v)
                for v in value.values()
            ):
                raise ReadError(
                    f"{key} must be a table of language = list of names",
                    source=path,
                    line=_line_of(text, key),
                )
            value = tuple((lang, tuple(names)) for lang, names in sorted(value.items()))
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
            "contact_name": str,
            "contact_email": str,
            "bag_group": str,
            "translators": dict,
            "partial": bool,
            "executor": str,
            "scheduler": str,
        },
    )
    executor = values.get("executor")
    if executor is not None and executor not in EXECUTORS:
        raise ReadError(
            f"executor must be one of {', '.join(EXECUTORS)}, not {executor!r}",
            source=path,
            line=_line_of(text, "executor"),
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
        contact_name=values.get("contact_name"),
        contact_email=values.get("contact_email"),
        bag_group=values.get("bag_group"),
        translators=values.get("translators", ()),
        partial=values.get("partial", False),
        executor=executor,
        scheduler=values.get("scheduler"),
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
    translators: tuple[tuple[str, tuple[str, ...]], ...] | None = None
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
            "translators": dict,
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
        translators=values.get("translators"),
        capture=capture,
        images=images,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildOptions:
    """What :func:`build_archive` builds and how.

    :param languages: target languages (default: ``archivepub.toml``'s, else ru, hy, az).
        Each article also gets an edition in its own language (the original).
    :param formats: any of ``epub``, ``tei``, ``json``.
    :param bilingual: also write a bilingual EPUB (original + translation) per translation.
    :param jobs: worker processes (default: the number of CPUs; 1 builds in this process).
    :param strict: an article with untranslated segments or writer warnings fails.
    :param partial: publish translations that have untranslated segments, with a notice
        (default: ``archivepub.toml``'s ``partial``, else no: such editions are withheld).
    :param force: rebuild every article, changed or not.
    :param locales: the PO catalogs and glossaries (default: ``archivepub.toml``'s
        ``locales``, else ``locales/`` beside the archive folder if it exists).
    :param memory: a translation memory to read (default: none).
    :param store_memory: store the build's new machine translations in ``memory`` (by this
        process, after each article; workers only read a snapshot taken at the start), so the
        next build finds them as memory hits. Off by default: then a build never writes to the
        memory and the same inputs always give the same editions.
    :param engine: how the translation models run.
    :param executor: ``local`` (default: ``archivepub.toml``'s, else ``local``) or ``dask``.
    :param scheduler: the Dask scheduler's address (default: ``archivepub.toml``'s).
    """

    languages: tuple[str, ...] | None = None
    formats: tuple[str, ...] = FORMATS
    bilingual: bool = False
    jobs: int | None = None
    strict: bool = False
    partial: bool | None = None
    force: bool = False
    locales: Path | None = None
    memory: Path | None = None
    store_memory: bool = False
    engine: CTranslate2Options = field(default_factory=CTranslate2Options)
    executor: str | None = None
    scheduler: str | None = None
