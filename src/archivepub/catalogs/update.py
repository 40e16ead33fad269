"""``locales update``: extract, merge, pre-fill and write catalogs; feed reviewed entries to the memory."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError

import archivepub
from archivepub.catalogs.extract import Segment, extract_segments
from archivepub.catalogs.files import CatalogFile, read_settled, replace_catalog
from archivepub.catalogs.merge import MACHINE_NOTE, MEMORY_NOTE, REPAIR_NOTE, machine_model, merge_segments
from archivepub.catalogs.plurals import plural_forms
from archivepub.catalogs.po import PoFile, keep_layout, parse_po, render_po
from archivepub.errors import ArchivepubError, CatalogError
from archivepub.model.document import Document
from archivepub.model.nodes import ModelInfo
from archivepub.transforms.backends.base import Progress, Translator
from archivepub.transforms.glossary import Glossary
from archivepub.transforms.memory import TranslationMemory
from archivepub.transforms.translate import (
    SegmentTranslation,
    TranslateOptions,
    model_code,
    translate_segments,
)

__all__ = [
    "DEFAULT_LANGS",
    "SOURCE_NAMES",
    "CatalogUpdate",
    "UpdateOptions",
    "archive_articles",
    "catalog_path",
    "feed_memory",
    "merged_catalog",
    "read_catalog",
    "update_catalog",
    "update_catalogs",
]

#: The target languages of the bundled archive.
DEFAULT_LANGS = ("ru", "hy", "az")
#: The names an article's source may have in its folder, in order of preference.
SOURCE_NAMES = (
    "article.json",
    "article.xml",
    "article.tei.xml",
    "article.html",
    "article.htm",
    "article.txt",
)

Report = Callable[[str], None]


def catalog_path(locales: Path, lang: str, article_id: str) -> Path:
    """Where the catalog of ``article_id`` in ``lang`` lives: ``<locales>/<lang>/LC_MESSAGES/<id>.po``.

    >>> catalog_path(Path("locales"), "az-Latn", "molla-nasreddin").as_posix()
    'locales/az/LC_MESSAGES/molla-nasreddin.po'

    :param locales: the locales folder.
    :param lang: the target language (a code, or a BCP-47 tag whose primary subtag is used).
    :param article_id: the article's id (its folder name in the archive).
    """
    if not article_id or "/" in article_id or "\\" in article_id or article_id.startswith("."):
        raise CatalogError(f"invalid article id {article_id!r}")
    return Path(locales) / model_code(lang) / "LC_MESSAGES" / f"{article_id}.po"


def archive_articles(archive: Path) -> list[tuple[str, Path]]:
    """The articles of an archive folder: ``(article id, source file)``, sorted by id.

    An article is a sub-folder holding one of :data:`SOURCE_NAMES`; other folders are skipped.

    :param archive: the archive folder.
    """
    if not archive.is_dir():
        raise archivepub.ReadError("not a folder", source=archive)
    out: list[tuple[str, Path]] = []
    for folder in sorted(p for p in archive.iterdir() if p.is_dir() and not p.name.startswith(".")):
        source = next((folder / n for n in SOURCE_NAMES if (folder / n).is_file()), None)
        if source is not None:
            out.append((folder.name, source))
    return out


def read_catalog(path: Path) -> PoFile:
    """Read and parse a catalog (strictly: :class:`CatalogError` with file and line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    return parse_po(data, source=str(path))


def feed_memory(
    memory: TranslationMemory,
    locales: Path,
    article_id: str,
    source_lang: str,
    target_lang: str,
    *,
    catalog: PoFile | None = None,
) -> int:
    """Store an article's catalog entries in the translation memory; return how many were fed.

    Reviewed entries (translated, not ``fuzzy``) go in with origin ``reviewed`` (replacing
    anything); fuzzy machine output (an entry archivepub pre-filled from a model, not yet
    reviewed) goes in with origin ``machine`` and its model, where nothing reviewed exists.
    Fuzzy entries whose source changed, obsolete entries, and entries whose ``msgstr`` is
    empty or only white space (no translation) are not fed. The keys are the
    entries' ``msgid``: exactly what :func:`archivepub.translate` looks up. A missing catalog
    feeds nothing.

    :param memory: the memory to store into.
    :param locales: the locales folder.
    :param article_id: the article's id.
    :param source_lang: the article's language (code or tag).
    :param target_lang: the catalog's language (code or tag).
    :param catalog: the catalog, already read (by :func:`read_catalog`): it is not read again.
    :raises CatalogError: if the catalog is malformed.
    """
    po = catalog
    if po is None:
        path = catalog_path(locales, target_lang, article_id)
        if not path.is_file():
            return 0
        po = read_catalog(path)
    source, target = model_code(source_lang), model_code(target_lang)
    reviewed: list[tuple[str, str]] = []
    machine: dict[str, list[tuple[str, str]]] = {}
    for entry in po.active():
        if entry.msgid_plural is not None or not entry.msgstr.strip():
            continue  # an empty (or blank) msgstr is no translation, reviewed or not
        if not entry.fuzzy:
            reviewed.append((entry.msgid, entry.msgstr))
            continue
        model = machine_model(entry)
        if model is not None:
            machine.setdefault(model, []).append((entry.msgid, entry.msgstr))
    memory.store(source, target, reviewed, origin="reviewed")
    count = len(reviewed)
    for name, pairs in machine.items():
        known = memory.lookup(source, target, (s for s, _ in pairs))
        fresh = [(s, t) for s, t in pairs if s not in known or known[s].origin != "reviewed"]
        memory.store(source, target, fresh, origin="machine", model=ModelInfo(name=name))
        count += len(fresh)
    return count


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateOptions:
    """How ``locales update`` pre-fills entries.

    :param memory: a translation memory to take suggestions from (and store new MT in).
    :param translator: the MT backend (default: CTranslate2 over the installed models).
    :param machine: pre-fill from MT where a model is installed (``False``: memory only).
    :param glossary: per target language code, its glossary (applied to MT).
    :param translate: pivot and engine settings for MT.
    """

    memory: TranslationMemory | None = None
    translator: Translator | None = None
    machine: bool = True
    glossary: dict[str, Glossary] = field(default_factory=dict)
    translate: TranslateOptions = field(default_factory=TranslateOptions)


@dataclass(slots=True)
class CatalogUpdate:
    """What an update did to one catalog."""

    path: Path
    article_id: str
    lang: str
    created: bool = False
    written: bool = False
    kept: int = 0
    moved: int = 0
    changed: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0
    from_memory: int = 0
    from_machine: int = 0
    untranslated: int = 0
    #: the file changed on disk while the update ran; it was read again and merged anew
    reread: bool = False


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%d %H:%M+0000")


def _language_name(lang: str) -> str:
    try:
        return str(Locale.parse(model_code(lang)).get_display_name("en"))
    except (UnknownLocaleError, ValueError):
        return lang


def _new_header(po: PoFile, article_id: str, lang: str, source_lang: str, now: str) -> None:
    po.header_comments = [
        f"{_language_name(lang)} translation of the article \u201c{article_id}\u201d"
        f" ({_language_name(source_lang)} original).",
        "Review guide: docs/review.md. Keep the tags (<em>, <a1>, <note1/>) and clear",
        "the fuzzy flag of each entry you have reviewed.",
        "",
    ]
    po.headers = [
        ("Project-Id-Version", article_id),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", now),
        ("PO-Revision-Date", now),
        ("Last-Translator", ""),
        ("Language-Team", ""),
    ]


def _set_headers(po: PoFile, article_id: str, lang: str, source_lang: str, *, new: bool) -> None:
    """Fill in the header fields a catalog lacks.

    A field the catalog already has is the translators' (or their tools'): it is never
    rewritten, whatever babel or CLDR release is installed. Only ``X-Source-Language``, which
    says what the entries are translated from, follows the article. A new catalog's
    ``Plural-Forms`` comes from :data:`archivepub.catalogs.plurals.PLURAL_FORMS`.
    """
    if new:
        po.header_flags = [f for f in po.header_flags if f != "fuzzy"]
    defaults = (
        ("Project-Id-Version", article_id),
        ("Report-Msgid-Bugs-To", ""),
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", ""),
        ("Language", model_code(lang)),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(model_code(lang))[0]),
    )
    for name, value in defaults:
        if po.header(name) is None:
            po.set_header(name, value)
    po.set_header("X-Source-Language", model_code(source_lang))


def _suggestion_notes(result: SegmentTranslation) -> list[str]:
    if result.origin in ("reviewed", "memory") and (result.model is None or result.origin == "reviewed"):
        kind = "reviewed" if result.origin == "reviewed" else "machine output"
        return [f"{MEMORY_NOTE} ({kind}), not reviewed here"]
    if result.model is not None:
        notes = [f"{MACHINE_NOTE}{result.model.name}, not reviewed"]
        notes += [f"{REPAIR_NOTE}{r}" for r in result.repairs]
        return notes
    return []


def _prefill(po: PoFile, suggestions: dict[str, SegmentTranslation], update: CatalogUpdate) -> None:
    for entry in po.active():
        if entry.msgid_plural is not None:
            continue
        result = suggestions.get(entry.msgid)
        if result is None or not result.text.strip():
            continue  # an empty suggestion is none
        # only unreviewed machine output gives way, and only to a reviewed translation
        if entry.msgstr and (machine_model(entry) is None or result.origin != "reviewed"):
            continue
        if result.origin == "untranslated":
            update.untranslated += 1
            continue
        if result.origin == "copied":
            continue  # no words (a number, a lone note mark): the translator types it
        entry.msgstr = result.text
        entry.set_fuzzy(True)
        entry.extracted = [
            n for n in entry.extracted if not n.startswith((MACHINE_NOTE, MEMORY_NOTE, REPAIR_NOTE))
        ]
        entry.extracted += _suggestion_notes(result)
        if result.origin == "machine":
            update.from_machine += 1
        else:
            update.from_memory += 1


def _content(po: PoFile) -> tuple[object, ...]:
    entries = [replace(e, line=0, msgstr_line=0) for e in po.entries]
    return (po.header_comments, po.headers, po.header_flags, entries)


def _same_content(old: bytes | None, new: bytes) -> bool:
    """Whether two catalogs hold the same entries, comments and headers, however the
    strings are wrapped (a translator's editor wraps its own way: no need to rewrite)."""
    if old is None:
        return False
    if old == new:
        return True
    return _content(parse_po(old)) == _content(parse_po(new))


def _merge(
    data: bytes | None,
    path: Path,
    segments: Sequence[Segment],
    article_id: str,
    lang: str,
    source_lang: str,
    suggestions: dict[str, SegmentTranslation],
) -> tuple[bytes, CatalogUpdate]:
    update = CatalogUpdate(path=path, article_id=article_id, lang=model_code(lang), created=data is None)
    old = parse_po(data, source=str(path)) if data is not None else PoFile()
    now = _now()
    if data is None:
        _new_header(old, article_id, lang, source_lang, now)
    result = merge_segments(old, segments, article_id)
    po = result.po
    for name in ("kept", "moved", "changed", "new", "obsoleted", "revived"):
        setattr(update, name, getattr(result, name))
    _prefill(po, suggestions, update)
    if data is not None and [e.state() for e in po.entries] == [e.state() for e in old.entries]:
        return data, update  # nothing changed: the file stays as it is, byte for byte
    _set_headers(po, article_id, lang, source_lang, new=data is None)
    before = [(e.obsolete, e.key) for e in old.entries]
    after = [(e.obsolete, e.key) for e in po.entries]
    if before != after:
        po.set_header("POT-Creation-Date", now)
    old_strings = {e.key: (e.msgstr, e.fuzzy) for e in old.active()}
    if any(old_strings.get(e.key) != (e.msgstr, e.fuzzy) for e in po.active() if e.msgstr):
        po.set_header("PO-Revision-Date", now)
    keep_layout(po, old)
    return render_po(po), update


def merged_catalog(
    data: bytes | None,
    path: Path,
    segments: Sequence[Segment],
    article_id: str,
    lang: str,
    source_lang: str,
) -> bytes:
    """The catalog ``data`` merged with an article's segments, as ``locales update --no-memory
    --no-mt`` would write it (headers set, nothing pre-filled); ``data`` itself is untouched.

    :param data: the catalog's bytes (``None``: a new catalog).
    :param path: its file name, for error messages.
    :param segments: the article's segments (:func:`~archivepub.catalogs.extract.extract_segments`).
    :param article_id: the article's id.
    :param lang: the target language.
    :param source_lang: the article's language.
    :raises CatalogError: if ``data`` is malformed.
    """
    return _merge(data, path, segments, article_id, lang, source_lang, {})[0]


def update_catalog(
    locales: Path,
    doc: Document,
    article_id: str,
    lang: str,
    options: UpdateOptions | None = None,
    *,
    report: Report | None = None,
) -> CatalogUpdate:
    """Extract ``doc`` and merge it into its catalog for ``lang``, pre-fill and write it.

    The catalog is read, merged and pre-filled (which may take a while when a model runs),
    then written by :func:`~archivepub.catalogs.files.replace_catalog`: holding the locales
    folder's lock, the catalog is read again, waited for while an editor is saving it, merged
    anew on what the translators saved (suggestions are reused), checked to keep every
    reviewed translation, and replaced atomically only if the file on disk is still the one
    read; so no edit is overwritten and a catalog caught empty or missing in the middle of a
    save is never taken as new. The file is written only when its content changes (a file
    that differs only in how its lines are wrapped is left as it is).

    :param locales: the locales folder.
    :param doc: the article (in its source language).
    :param article_id: the article's id.
    :param lang: the target language.
    :param options: memory, translator and MT settings.
    :param report: called with each warning.
    :raises CatalogError: if the existing catalog is malformed, or stays empty, missing or
        changing while it held reviewed translations (nothing is written).
    """
    options = options or UpdateOptions()
    path = catalog_path(locales, lang, article_id)
    source_lang = model_code(doc.metadata.language)
    if source_lang == model_code(lang):
        raise CatalogError(f"{article_id} is written in {lang}: it has no {lang} catalog")
    segments = extract_segments(doc)
    first, first_po = read_settled(path)
    data = first.data
    # a first merge, without suggestions, tells which entries need them
    draft = merge_segments(first_po, segments, article_id).po
    by_text = {s.text: s for s in segments}
    empty = sorted({e.msgid for e in draft.active() if e.msgid_plural is None and not e.msgstr})
    # unreviewed machine output is only worth replacing by a reviewed translation: memory only
    machine = sorted({e.msgid for e in draft.active() if machine_model(e) is not None} - set(empty))
    suggestions: dict[str, SegmentTranslation] = {}
    topts = replace(options.translate, keep_untranslated=True)
    glossary = options.glossary.get(model_code(lang))
    for texts, translator in (
        (empty, options.translator if options.machine else _NoModel()),
        (machine, _NoModel()),
    ):
        pieces = [by_text[t].pieces for t in texts if t in by_text]
        if not pieces or (options.memory is None and isinstance(translator, _NoModel)):
            continue
        results = translate_segments(
            pieces,
            source_lang,
            lang,
            translator=translator,
            memory=options.memory,
            glossary=glossary,
            options=topts,
        )
        suggestions.update((r.source, r) for r in results)
    # what the memory knows reviewed for a catalog that was not there (or empty) when read
    known: list[str] = []
    if first.blank and options.memory is not None:
        hits = options.memory.lookup(source_lang, model_code(lang), (s.text for s in segments))
        known = [h.target for h in hits.values() if h.origin == "reviewed" and h.target.strip()]
    updates: list[CatalogUpdate] = []

    def merge_now(current: CatalogFile) -> bytes | None:
        # what is on disk now (the translators' latest save) is merged, not what was read first
        out, update = _merge(current.data, path, segments, article_id, lang, source_lang, suggestions)
        updates.append(update)
        return None if _same_content(current.data, out) else out

    written = replace_catalog(path, merge_now, locales=Path(locales), first=first, known=known)
    update = updates[-1]
    update.written = written.written
    update.reread = written.rereads > 0 or (written.base is not None and written.base.data != data)
    if update.untranslated and report is not None:
        report(
            f"{path}: {update.untranslated} entries left empty: no translation model for "
            f"{source_lang} -> {model_code(lang)} is installed (see `archivepub models`)"
        )
    return update


class _NoModel:
    """A translator that knows no language pair (memory-only pre-fill)."""

    def supports(self, source: str, target: str) -> bool:
        return False

    def model_info(self, source: str, target: str) -> ModelInfo:
        raise CatalogError(f"no model for {source} -> {target}")

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        raise CatalogError(f"no model for {source} -> {target}")


def update_catalogs(
    archive: Path,
    locales: Path,
    langs: Sequence[str] = DEFAULT_LANGS,
    options: UpdateOptions | None = None,
    *,
    articles: Sequence[str] | None = None,
    report: Report | None = None,
) -> list[CatalogUpdate]:
    """Update the catalogs of every article of ``archive`` in every language of ``langs``.

    An article gets no catalog in its own language. Every existing catalog is parsed before
    any is written: one malformed file stops the run with :class:`CatalogError` (file and
    line) and changes nothing.

    :param archive: the archive folder (``<id>/article.*``).
    :param locales: the locales folder.
    :param langs: target language codes.
    :param options: memory, translator and MT settings.
    :param articles: only these article ids (default: all).
    :param report: called with each warning.
    """
    found = archive_articles(Path(archive))
    if articles is not None:
        known = {a for a, _ in found}
        missing = [a for a in articles if a not in known]
        if missing:
            raise archivepub.ReadError(f"no article {', '.join(missing)} in the archive", source=archive)
        found = [(a, p) for a, p in found if a in articles]
    docs: list[tuple[str, Document]] = []
    for article_id, source in found:
        docs.append((article_id, archivepub.read(source)))
    codes = list(dict.fromkeys(model_code(lang) for lang in langs))
    jobs = [
        (article_id, doc, lang)
        for article_id, doc in docs
        for lang in codes
        if model_code(doc.metadata.language) != lang
    ]
    for article_id, _, lang in jobs:  # refuse before writing anything
        read_settled(catalog_path(locales, lang, article_id))
    out: list[CatalogUpdate] = []
    for article_id, doc, lang in jobs:
        try:
            out.append(update_catalog(locales, doc, article_id, lang, options, report=report))
        except CatalogError:
            raise
        except ArchivepubError as exc:
            raise CatalogError(f"{article_id} ({lang}): {exc}") from exc
    return out
