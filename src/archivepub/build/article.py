"""One article's build, as a worker runs it: read, translate, write the editions, make the bag."""

from __future__ import annotations

import dataclasses
import os
import shutil
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivepub.build.bag import _BagWriter, _copy_sources, _make_bag
from archivepub.build.config import META_NAME, _load_meta, _Meta
from archivepub.build.files import _os_message
from archivepub.build.plan import _Settings, _Task, _versions
from archivepub.build.provenance import (
    PROVENANCE_FORMAT,
    Credits,
    bag_info,
    bagging_date,
    catalog_credits,
    events,
    untranslated_count,
)
from archivepub.build.report import MANIFEST_FORMAT, ORIGINS, ArticleReport
from archivepub.captures.meta import apply_capture_meta
from archivepub.catalogs import PoFile, catalog_path, feed_memory, read_catalog
from archivepub.errors import (
    ArchivepubError,
    ArchivepubWarning,
    ReadError,
    StrictModeError,
)
from archivepub.model import Document, Figure, ModelInfo, Provenance
from archivepub.transforms.backends.base import Translator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options
from archivepub.transforms.memory import MemoryEntry, TranslationMemory
from archivepub.transforms.translate import TranslateOptions

__all__ = ["read_article", "translate_edition"]

#: Source file names an article folder may hold (exactly one of them).
_SOURCES = ("article.html", "article.htm", "article.txt", "article.xml", "article.json")


@dataclass(frozen=True, slots=True)
class _Learned:
    """New machine translations of one language pair, made by one model: what a build that
    stores in the memory (``BuildOptions.store_memory``) hands back to the client."""

    source_lang: str
    target_lang: str
    pairs: tuple[tuple[str, str], ...]
    model: ModelInfo | None


@dataclass(frozen=True, slots=True)
class _Done:
    report: ArticleReport
    edition_dir: str | None
    bag_dir: str | None
    learned: tuple[_Learned, ...] = ()


def _failed(task: _Task, error: str) -> _Done:
    return _Done(ArticleReport(id=task.article_id, status="failed", error=error), None, None)


class _LayeredMemory(TranslationMemory):
    """An article's reviewed PO entries (a throwaway memory) over the user's memory, read-only.

    With ``learned`` given, new machine translations stored while translating are appended to
    it instead (the client stores them in the user's memory; workers only read a snapshot).
    The throwaway database is opened by the first store into it: an article without a
    catalog (most of them) never opens one.
    """

    def __init__(self, base: TranslationMemory | None, learned: list[_Learned] | None = None) -> None:
        # TranslationMemory.__init__ (the connection) waits for the first store: see _open
        self.path = ":memory:"
        self.opened = False
        self.base = base
        self.learned = learned
        self.recording = False

    def _open(self) -> None:
        if not self.opened:
            super().__init__(":memory:")
            self.opened = True

    def close(self) -> None:
        """Close the throwaway layer (the base memory stays open)."""
        if self.opened:
            super().close()

    def __getattr__(self, name: str) -> Any:
        if name == "_db":  # any other use of the throwaway layer opens it
            self._open()
            return self.__dict__["_db"]
        raise AttributeError(name)

    def store(
        self,
        source_lang: str,
        target_lang: str,
        pairs: Iterable[tuple[str, str]],
        *,
        origin: str,
        model: ModelInfo | None = None,
        created: str | None = None,
    ) -> int:
        """Store in the throwaway layer (the catalogs); once recording, keep for the client."""
        if not self.recording:
            self._open()
            return super().store(source_lang, target_lang, pairs, origin=origin, model=model, created=created)
        kept = tuple((src, tgt) for src, tgt in pairs if tgt)  # an untranslated segment is not learned
        if self.learned is not None and kept and origin == "machine" and model is not None:
            self.learned.append(_Learned(source_lang, target_lang, kept, model))
        return len(kept)

    def lookup(self, source_lang: str, target_lang: str, segments: Any) -> dict[str, MemoryEntry]:
        """Hits of the article's catalogs; the base memory's where they have none (or a reviewed one)."""
        keys = list(segments)
        found = super().lookup(source_lang, target_lang, keys) if self.opened else {}
        if self.base is not None:
            for key, entry in self.base.lookup(source_lang, target_lang, keys).items():
                mine = found.get(key)
                if mine is None or (mine.origin != "reviewed" and entry.origin == "reviewed"):
                    found[key] = entry
        return found


class _WorkerState:
    """What a worker keeps between articles: the translator (models loaded once) and the memory."""

    def __init__(
        self,
        engine: CTranslate2Options,
        memory: str | os.PathLike[str] | None,
        *,
        store_memory: bool = False,
        translator: Translator | None = None,
    ) -> None:
        from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator

        self.translator = translator or CTranslate2Translator(engine)
        self.engine = engine
        self.memory = TranslationMemory(memory) if memory is not None else None
        #: hand new machine translations back (the memory itself is never written by a worker)
        self.store_memory = store_memory

    def close(self) -> None:
        if self.memory is not None:
            self.memory.close()


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


def _named(source: Path, message: str) -> str:
    """``message`` led by the source's file name (once: a reader may have named it already)."""
    for prefix in (f"{source}: ", f"{source.name}: "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    return f"{source.name}: {message}"


def _read_with_meta(source: Path, meta: _Meta) -> Document:
    from archivepub import read

    return _apply_meta(read(source, url=meta.source_url, language=meta.language), meta)


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
    return _translate(doc, article_id, target, locales, translator, memory, engine, None)


def _catalog(locales: Path | None, article_id: str, lang: str) -> PoFile | None:
    """The article's catalog for ``lang``, read once for the edition (memory and credits)."""
    if locales is None:
        return None
    path = catalog_path(locales, lang, article_id)
    return read_catalog(path) if path.is_file() else None


def _translate(
    doc: Document,
    article_id: str,
    target: str,
    locales: Path | None,
    translator: Translator | None,
    memory: TranslationMemory | None,
    engine: CTranslate2Options | None,
    learned: list[_Learned] | None,
    catalog: PoFile | None = None,
) -> Document:
    """:func:`translate_edition`; with ``learned``, new machine translations are appended to
    it; ``catalog`` is the article's catalog for ``target`` when already read."""
    from archivepub.transforms.glossary import glossary_for
    from archivepub.transforms.translate import model_code, translate_documents

    layered = _LayeredMemory(memory, learned)
    try:
        if locales is not None:
            source = model_code(doc.metadata.language)
            feed_memory(layered, locales, article_id, source, target, catalog=catalog)
        glossary = glossary_for(locales, target) if locales is not None else None
        layered.recording = True
        return translate_documents(
            [doc],
            target,
            translator=translator,
            memory=layered,
            glossary=glossary,
            options=_translate_options(engine or CTranslate2Options(), store=learned is not None),
        )[0]
    finally:
        layered.close()


def _translate_options(engine: CTranslate2Options, *, store: bool = False) -> TranslateOptions:
    return TranslateOptions(engine=engine, store_in_memory=store, keep_untranslated=True)


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
    return [
        {"origin": p.origin, "model": p.model, "repairs": list(p.repairs), "findings": list(p.findings)}
        for p in entries
    ]


def _segments(doc: Document) -> list[dict[str, Any]]:
    out = []
    for block in doc.all_blocks():
        entries = getattr(block, "provenance", ())
        if entries:
            out.append({"block": block.id, "segments": _segment_records(entries)})
    return out


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
    # the bag is written as the article is built: each file streamed in once, hashed as written
    bag = _BagWriter(bag_dir)
    digests = _copy_sources(bag, folder)
    written: list[str] = []
    if "tei" in settings.formats:  # the images TEI editions name (EPUBs hold their own copies)
        _edition_images(doc, folder, editions_dir, {src, *(model_code(t) for t in settings.languages)}, bag)

    made: set[str] = set()  # the language folders made so far
    editions_root = os.fspath(editions_dir)

    def put(lang: str, name: str, data: bytes) -> None:
        folder_ = os.path.join(editions_root, lang)
        if folder_ not in made:
            os.makedirs(folder_, exist_ok=True)
            made.add(folder_)
        bag.add(f"editions/{lang}/{name}", data, also=os.path.join(folder_, name))
        written.append(f"{article_id}/{lang}/{name}")

    def report_epub(diagnostic: EpubDiagnostic) -> None:
        warnings_.append(f"{lang}: {diagnostic}")

    editions: list[tuple[str, Document]] = [(src, doc)]
    learned: list[_Learned] = []
    segments: dict[str, dict[str, int]] = {}
    provenance: dict[str, Any] = {}
    locales = Path(settings.locales) if settings.locales is not None else None
    translations: list[tuple[str, Document, Credits, bool]] = []
    withheld: list[str] = []
    partial: list[str] = []
    for target in settings.languages:
        code = model_code(target)
        if code == src or code in {c for c, _ in editions} or code in withheld:
            continue
        catalog = _catalog(locales, article_id, code)  # read once: for the memory and the credits
        translated = _translate(
            doc,
            article_id,
            code,
            locales,
            state.translator,
            state.memory,
            state.engine,
            learned if state.store_memory else None,
            catalog,
        )
        credits = catalog_credits(
            locales, article_id, code, _translators(meta, settings, code), catalog=catalog
        )
        segments[code] = _counts(translated)
        if segments[code].get("reviewed") and credits.translators:
            translated = _with_translators(translated, credits.translators)
        missing, total = untranslated_count(translated)
        publish = not missing or settings.partial
        if missing:
            warnings_.append(f"{code}: {missing} of {total} segments left untranslated")
        if not publish:
            withheld.append(code)
        else:
            editions.append((code, translated))
            if missing:
                partial.append(code)
        translations.append((code, translated, credits, publish))
        provenance[code] = {
            "language": translated.metadata.language,
            "published": publish,
            "translators": list(translated.metadata.translators),
            "reviewed": credits.reviewed,
            "segments": segments[code],
            "models": [dataclasses.asdict(m) for m in translated.metadata.models],
            "title": _segment_records(translated.metadata.title_provenance),
            "subtitle": _segment_records(translated.metadata.subtitle_provenance),
            "blocks": _segments(translated),
        }
    credits_of = {code: credits for code, _, credits, _ in translations}
    date = bagging_date()  # the build's day (or SOURCE_DATE_EPOCH's): when read and translated

    for lang, edition in editions:
        base = f"{article_id}.{lang}"
        credits = credits_of.get(lang, Credits())
        reviewed = credits.reviewed if lang in segments and segments[lang].get("reviewed") else None
        if "epub" in settings.formats:
            epub_options = EpubOptions(
                assets=folder,
                publisher=settings.publisher,
                rights=licence,
                identifier=f"{meta.identifier}#{lang}" if meta.identifier else None,
                source_title=doc.metadata.title if lang != src else None,
                reviewed=reviewed,
                partial=lang in partial,
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
                read_date=date,
                translated_date=date if lang != src else None,
                reviewed_date=reviewed,
                partial=lang in partial,
            )
            put(lang, f"{base}.tei.xml", write_tei(edition, tei_options).encode("utf-8"))
        if "json" in settings.formats:
            put(lang, f"{base}.json", edition.to_json().encode("utf-8"))

    if settings.strict and warnings_:
        raise StrictModeError(f"{folder}: --strict: " + "; ".join(warnings_))

    from archivepub import __version__

    source_record = {"file": source.name, "sha256": digests[source.name], "language": doc.metadata.language}
    record = {
        "format": MANIFEST_FORMAT,
        "provenance_format": PROVENANCE_FORMAT,
        "article": article_id,
        "source": source_record,
        "licence": licence,
        "capture": _capture_record(doc),
        "events": events(
            doc,
            source_record,
            translations,
            published=written,
            withheld=withheld,
            date=date,
            publisher=settings.publisher,
            agent=f"archivepub {__version__}",
        ),
        "translations": provenance,
        "versions": _versions(),
    }
    _make_bag(
        bag,
        locales=locales,
        languages=[lang for lang, _, _, _ in translations],
        article_id=article_id,
        record=record,
        info=bag_info(
            doc,
            organisation=settings.organisation,
            identifier=meta.identifier or article_id,
            contact_name=settings.contact_name,
            contact_email=settings.contact_email,
            group=settings.bag_group,
            date=date,
        ),
    )
    article = ArticleReport(
        id=article_id,
        status="built",
        source_language=src,
        editions=written,
        bag=f"bags/{article_id}",
        segments=segments,
        warnings=warnings_,
        withheld=withheld,
        partial=partial,
    )
    return _Done(article, str(editions_dir), str(bag_dir), tuple(learned))


def _translators(meta: _Meta, settings: _Settings, lang: str) -> tuple[str, ...]:
    """The translators named for ``lang``: the article's ``meta.toml``, else ``archivepub.toml``."""
    for table in (meta.translators, settings.translators):
        for code, names in table or ():
            if code == lang:
                return names
    return ()


def _with_translators(doc: Document, names: tuple[str, ...]) -> Document:
    known = tuple(dict.fromkeys((*doc.metadata.translators, *names)))
    return dataclasses.replace(doc, metadata=dataclasses.replace(doc.metadata, translators=known))


def _edition_images(
    doc: Document, folder: Path, editions: Path, languages: set[str], bag: _BagWriter
) -> None:
    """Copy the article's local images to ``<article-id>/<src>`` beside the language folders.

    TEI editions name them ``../<src>`` (``TeiOptions.image_base``), a path that resolves in
    ``dist/<article-id>/`` and in the bag's ``data/editions/``. Only files inside the article's
    folder are copied, never into a language folder; each is streamed into the bag's
    ``data/editions/`` in the same pass.
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
        bag.copy(source, f"editions/{rel.as_posix()}", also=dest)


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
