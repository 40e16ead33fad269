"""What the review pages show and do, without any web code: the archive's progress, an article
in reading order with each sentence's catalog entry, the help for one entry (memory matches,
glossary terms, the previous source), QA of a draft, saving, and the edition's preview.

Everything goes through the catalog library: the counts are :func:`catalog_status`'s (as
``locales status``), the checks :func:`check_draft`'s (as ``locales check``), saving is
:func:`save_entry` (lock, re-read, merge, atomic write, as ``locales update``). Article ids and
languages are looked up among the archive's folders and the session's languages, never used
as paths as given; images are served only if the article names them and they lie inside its
folder.
"""

from __future__ import annotations

import difflib
import re
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import archivepub
from archivepub.catalogs.checks import Problem, check_draft
from archivepub.catalogs.edit import EntryEdit, SavedEntry, save_entry
from archivepub.catalogs.extract import Segment, extract_segments
from archivepub.catalogs.po import PoEntry, PoFile, parse_po
from archivepub.catalogs.status import CatalogStatus, catalog_status
from archivepub.catalogs.update import archive_articles, catalog_path, merged_catalog, read_catalog
from archivepub.errors import ArchivepubError
from archivepub.model.document import Document
from archivepub.model.nodes import (
    Block,
    DefinitionList,
    Figure,
    Heading,
    ListBlock,
    ModelInfo,
    Paragraph,
    Preformatted,
    Quote,
    Table,
)
from archivepub.model.walk import child_blocks
from archivepub.transforms.backends.base import Progress, Translator
from archivepub.transforms.glossary import Glossary, glossary_for
from archivepub.transforms.memory import TranslationMemory, similarity
from archivepub.transforms.tags import TAG_PATTERN, escape, unescape
from archivepub.transforms.translate import TranslateOptions, model_chain, model_code, translate_segments

__all__ = [
    "ArticleView",
    "BlockView",
    "EntryHelp",
    "Match",
    "NotFoundError",
    "OverviewRow",
    "ReviewSession",
    "SegmentView",
    "Token",
    "diff_words",
    "tokens",
]

_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif"}
_IMAGE_TYPES |= {".webp": "image/webp", ".svg": "image/svg+xml"}
_WORDS = re.compile(r"<[^<>]*>|\w+|\s+|[^\w\s]")


class NotFoundError(ArchivepubError):
    """No such article, language, entry or file in the archive under review."""


# --- tagged strings for display --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of a tagged string: ``kind`` ``"text"`` (unescaped) or ``"tag"`` (``<a1>``)."""

    kind: str
    text: str


def tokens(tagged: str) -> list[Token]:
    """Cut a tagged string into text and tags, for display (tags as marks, text as text).

    >>> [(t.kind, t.text) for t in tokens("a &lt;b&gt; <em>c</em><note1/>")]
    [('text', 'a <b> '), ('tag', '<em>'), ('text', 'c'), ('tag', '</em>'), ('tag', '<note1/>')]
    """
    out: list[Token] = []
    at = 0
    for match in TAG_PATTERN.finditer(tagged):
        if match.start() > at:
            out.append(Token("text", unescape(tagged[at : match.start()])))
        out.append(Token("tag", match.group(0)))
        at = match.end()
    if at < len(tagged):
        out.append(Token("text", unescape(tagged[at:])))
    return out


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """The word-by-word difference of two source texts: ``(op, text)`` with op ``"equal"``,
    ``"delete"`` (only in ``old``) or ``"insert"`` (only in ``new``). Tags count as words.

    >>> diff_words("used a sample<note1/>.", "used a large sample<note1/>.")
    [('equal', 'used a '), ('insert', 'large '), ('equal', 'sample<note1/>.')]
    """
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out: list[tuple[str, str]] = []

    def put(op: str, words: list[str]) -> None:
        if not words:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + "".join(words))
        else:
            out.append((op, "".join(words)))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            put("equal", a[i1:i2])
        else:
            put("delete", a[i1:i2])
            put("insert", b[j1:j2])
    return out


# --- views -----------------------------------------------------------------------------------------


@dataclass(slots=True, kw_only=True)
class SegmentView:
    """One sentence: its source, its catalog entry and what the editor needs."""

    id: str
    kind: str
    msgid: str
    msgstr: str
    fuzzy: bool
    previous: str | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        """``reviewed``, ``fuzzy`` or ``untranslated`` (as ``locales status`` counts it)."""
        return "untranslated" if not self.msgstr else "fuzzy" if self.fuzzy else "reviewed"

    @property
    def source_tokens(self) -> list[Token]:
        """The source, for display."""
        return tokens(self.msgid)

    @property
    def target_tokens(self) -> list[Token]:
        """The translation, for display."""
        return tokens(self.msgstr)

    @property
    def previous_diff(self) -> list[tuple[str, str]]:
        """The previous source against the current one (empty without a previous source)."""
        return diff_words(self.previous, self.msgid) if self.previous is not None else []


@dataclass(slots=True, kw_only=True)
class BlockView:
    """A block of the article in reading order, with its sentences."""

    kind: str
    id: str
    level: int = 0
    segments: list[SegmentView] = field(default_factory=list)
    alt: list[SegmentView] = field(default_factory=list)
    image: str | None = None
    remote_image: str | None = None
    credit: str | None = None
    children: list[BlockView] = field(default_factory=list)
    items: list[list[BlockView]] = field(default_factory=list)
    ordered: bool = False


@dataclass(slots=True, kw_only=True)
class NoteView:
    """A footnote: its label and blocks."""

    id: str
    label: str
    blocks: list[BlockView]


@dataclass(slots=True, kw_only=True)
class ArticleView:
    """An article and its catalog in one language, as the article page shows them."""

    article_id: str
    lang: str
    source_lang: str
    path: Path
    exists: bool
    behind: bool
    status: CatalogStatus
    title: list[SegmentView]
    subtitle: list[SegmentView]
    blocks: list[BlockView]
    notes: list[NoteView]
    segments: list[SegmentView]


@dataclass(slots=True, kw_only=True)
class OverviewRow:
    """One article of the archive page: its catalogs' counts per language.

    ``cells[lang]`` is the catalog's status, ``None`` where there is no catalog yet; the
    article's own language is left out of ``cells``.
    """

    article_id: str
    title: str
    source_lang: str
    cells: dict[str, CatalogStatus | None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """A translation of a similar sentence: from the memory or another catalog."""

    score: float
    source: str
    target: str
    origin: str
    where: str


@dataclass(slots=True, kw_only=True)
class EntryHelp:
    """What the editor shows beside one entry."""

    msgctxt: str
    msgid: str
    msgstr: str
    fuzzy: bool
    found: bool
    matches: list[Match]
    terms: list[tuple[str, str]]
    machine: bool
    comments: list[str]


# --- the session ---------------------------------------------------------------------------------


class ReviewSession:
    """The archive, the catalogs and the helpers a review server works with.

    :param archive: the archive folder (``<article-id>/article.*``).
    :param locales: the catalogs folder.
    :param langs: the target languages under review.
    :param memory: a translation memory file to take matches from (read only; ignored if
        it does not exist).
    :param translator: the MT backend for machine suggestions (default: CTranslate2 over the
        installed models); ``machine=False`` offers none.
    :param machine: offer machine suggestions where a model is installed.
    """

    def __init__(
        self,
        archive: Path,
        locales: Path,
        langs: Sequence[str],
        *,
        memory: Path | None = None,
        translator: Translator | None = None,
        machine: bool = True,
    ) -> None:
        self.archive = Path(archive)
        self.locales = Path(locales)
        self.langs = tuple(dict.fromkeys(model_code(lang) for lang in langs))
        self.memory = memory
        self.machine_enabled = machine
        self._translator = translator
        self._lock = threading.Lock()
        self._mt_lock = threading.Lock()
        self._docs: dict[str, tuple[tuple[int, int], Document]] = {}
        self._catalogs: dict[Path, tuple[tuple[int, int], list[tuple[str | None, str, str]]]] = {}
        self._previews: dict[tuple[str, str], tuple[tuple[object, ...], bytes]] = {}

    # --- lookups: only what the archive holds ----------------------------------------------------

    def articles(self) -> list[tuple[str, Path]]:
        """The archive's articles: ``(id, source file)``."""
        return archive_articles(self.archive)

    def source(self, article_id: str) -> Path:
        """The source file of an article of the archive (:class:`NotFoundError` otherwise)."""
        for known, path in self.articles():
            if known == article_id:
                return path
        raise NotFoundError(f"no article {article_id!r} in {self.archive}")

    def language(self, lang: str) -> str:
        """``lang`` if it is under review (:class:`NotFoundError` otherwise)."""
        if lang not in self.langs:
            raise NotFoundError(f"{lang!r} is not a language under review ({', '.join(self.langs)})")
        return lang

    def document(self, article_id: str) -> Document:
        """The article as ``locales update`` reads it (cached while the file is unchanged)."""
        path = self.source(article_id)
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._docs.get(article_id)
            if cached is not None and cached[0] == stamp:
                return cached[1]
        doc = archivepub.read(path)
        with self._lock:
            self._docs[article_id] = (stamp, doc)
        return doc

    def _check_pair(self, article_id: str, lang: str) -> tuple[Document, str]:
        self.language(lang)
        doc = self.document(article_id)
        source_lang = model_code(doc.metadata.language)
        if source_lang == lang:
            raise NotFoundError(f"{article_id} is written in {lang}: it has no {lang} catalog")
        return doc, source_lang

    # --- the archive page ----------------------------------------------------------------------

    def overview(self) -> list[OverviewRow]:
        """Every article with the counts of its catalogs, as ``locales status`` counts them."""
        rows: list[OverviewRow] = []
        for article_id, _ in self.articles():
            doc = self.document(article_id)
            source_lang = model_code(doc.metadata.language)
            cells: dict[str, CatalogStatus | None] = {}
            for lang in self.langs:
                if lang == source_lang:
                    continue
                path = catalog_path(self.locales, lang, article_id)
                cells[lang] = (
                    catalog_status(read_catalog(path), str(path), article_id, lang)
                    if path.is_file()
                    else None
                )
            rows.append(
                OverviewRow(
                    article_id=article_id, title=doc.metadata.title, source_lang=source_lang, cells=cells
                )
            )
        return rows

    # --- the article page ----------------------------------------------------------------------

    def _merged(self, article_id: str, lang: str) -> tuple[Document, str, Path, bytes | None, PoFile]:
        doc, source_lang = self._check_pair(article_id, lang)
        path = catalog_path(self.locales, lang, article_id)
        data = path.read_bytes() if path.is_file() else None
        merged = merged_catalog(data, path, extract_segments(doc), article_id, lang, source_lang)
        return doc, source_lang, path, data, parse_po(merged, source=str(path))

    def article(self, article_id: str, lang: str) -> ArticleView:
        """The article in reading order, each sentence with its entry in the catalog as
        ``locales update`` would merge it now (the file itself is not written)."""
        doc, source_lang, path, data, po = self._merged(article_id, lang)
        entries = {e.key: e for e in po.active()}
        segments = extract_segments(doc)
        views = {s.id: _segment_view(s, entries.get((s.id, s.text))) for s in segments}
        by_block: dict[str, list[SegmentView]] = {}
        for seg in segments:
            by_block.setdefault(seg.block, []).append(views[seg.id])
        folder = self.source(article_id).parent
        builder = _BlockViews(by_block, folder)
        on_disk = {e.key for e in parse_po(data, source=str(path)).active()} if data is not None else set()
        return ArticleView(
            article_id=article_id,
            lang=lang,
            source_lang=source_lang,
            path=path,
            exists=data is not None,
            behind=on_disk != set(entries),
            status=catalog_status(po, str(path), article_id, lang),
            title=by_block.get("title", []),
            subtitle=by_block.get("subtitle", []),
            blocks=builder.blocks(doc.blocks),
            notes=[
                NoteView(id=note.id, label=note.label, blocks=builder.blocks(note.blocks))
                for note in doc.footnotes
            ],
            segments=list(views.values()),
        )

    def _entry(self, article_id: str, lang: str, msgctxt: str) -> tuple[Document, str, Path, PoEntry]:
        doc, source_lang, path, _, po = self._merged(article_id, lang)
        entry = next((e for e in po.active() if e.msgctxt == msgctxt), None)
        if entry is None:
            raise NotFoundError(f"{path}: no entry {msgctxt!r}")
        return doc, source_lang, path, entry

    # --- the editor -----------------------------------------------------------------------------

    def help(self, article_id: str, lang: str, msgctxt: str, msgid: str) -> EntryHelp:
        """The entry as the catalog holds it now, with matches, glossary terms and whether a
        machine suggestion can be asked for. ``found`` is false when the catalog's entry
        ``msgctxt`` has another source than ``msgid`` (the page is out of date)."""
        _, source_lang, _, entry = self._entry(article_id, lang, msgctxt)
        glossary = glossary_for(self.locales, lang)
        return EntryHelp(
            msgctxt=msgctxt,
            msgid=entry.msgid,
            msgstr=entry.msgstr,
            fuzzy=entry.fuzzy,
            found=entry.msgid == msgid,
            matches=self.matches(article_id, source_lang, lang, entry),
            terms=_terms(entry.msgid, glossary),
            machine=self.machine_available(source_lang, lang),
            comments=list(entry.extracted),
        )

    def matches(
        self, article_id: str, source_lang: str, lang: str, entry: PoEntry, limit: int = 5
    ) -> list[Match]:
        """Translations of similar sentences: the memory's, then other catalogs' reviewed entries."""
        found: list[Match] = []
        if self.memory is not None and self.memory.is_file():
            with TranslationMemory(self.memory) as memory:
                for score, hit in memory.similar(source_lang, lang, entry.msgid, limit=limit):
                    found.append(
                        Match(
                            score=score,
                            source=hit.source,
                            target=hit.target,
                            origin=hit.origin,
                            where="memory",
                        )
                    )
        for other, _ in self.articles():
            path = catalog_path(self.locales, lang, other)
            for msgctxt, msgid, msgstr in self._reviewed(path):
                if other == article_id and msgctxt == entry.msgctxt:
                    continue
                score = similarity(entry.msgid, msgid, threshold=0.6)
                if score >= 0.6:
                    found.append(
                        Match(
                            score=score, source=msgid, target=msgstr, origin="reviewed", where=f"{other}.po"
                        )
                    )
        found.sort(key=lambda m: (-m.score, m.where != "memory", m.source))
        unique: dict[tuple[str, str], Match] = {}
        for match in found:
            unique.setdefault((match.source, match.target), match)
        return list(unique.values())[:limit]

    def _reviewed(self, path: Path) -> list[tuple[str | None, str, str]]:
        try:
            stat = path.stat()
        except OSError:
            return []
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._catalogs.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            po = read_catalog(path)
        except ArchivepubError:
            return []  # a malformed catalog gives no matches; its own page names the problem
        rows = [(e.msgctxt, e.msgid, e.msgstr) for e in po.active() if e.msgstr and not e.fuzzy]
        with self._lock:
            self._catalogs[path] = (stamp, rows)
        return rows

    @property
    def translator(self) -> Translator:
        """The MT backend (made on first use)."""
        if self._translator is None:
            from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator

            self._translator = CTranslate2Translator()
        return self._translator

    def machine_available(self, source_lang: str, lang: str) -> bool:
        """Whether a machine suggestion can be made (a model, or two through English)."""
        return self.machine_enabled and model_chain(self.translator, source_lang, lang) is not None

    def machine(self, article_id: str, lang: str, msgctxt: str) -> tuple[str, str, list[str]] | None:
        """A machine translation of one sentence: ``(text, model, repairs)``, or ``None``
        without a model. It is only a suggestion: nothing is stored or saved."""
        doc, source_lang = self._check_pair(article_id, lang)
        if not self.machine_available(source_lang, lang):
            return None
        segment = next((s for s in extract_segments(doc) if s.id == msgctxt), None)
        if segment is None:
            raise NotFoundError(f"{article_id}: no sentence {msgctxt!r}")
        options = TranslateOptions(keep_untranslated=True, store_in_memory=False)
        with self._mt_lock:
            [result] = translate_segments(
                [segment.pieces],
                source_lang,
                lang,
                translator=self.translator,
                glossary=glossary_for(self.locales, lang),
                options=options,
            )
        if result.origin == "untranslated":
            return None
        return result.text, result.model.name if result.model else "", list(result.repairs)

    def check(self, article_id: str, lang: str, msgctxt: str, msgstr: str, fuzzy: bool) -> list[Problem]:
        """``locales check``'s findings for ``msgstr`` as the translation of entry ``msgctxt``."""
        _, source_lang, path, entry = self._entry(article_id, lang, msgctxt)
        entry.msgstr = msgstr
        entry.set_fuzzy(fuzzy and bool(msgstr))
        return check_draft(entry, path, lang, glossary_for(self.locales, lang), source_lang=source_lang)

    def save(self, article_id: str, lang: str, edit: EntryEdit) -> SavedEntry:
        """Save one entry (:func:`~archivepub.catalogs.edit.save_entry`)."""
        doc, _ = self._check_pair(article_id, lang)
        return save_entry(self.locales, doc, article_id, lang, edit)

    # --- files ---------------------------------------------------------------------------------

    def image(self, article_id: str, src: str) -> tuple[Path, str]:
        """The file and media type of a local image the article shows (only those, and only
        inside the article's folder)."""
        doc = self.document(article_id)
        folder = self.source(article_id).parent.resolve()
        named = {b.src for b in doc.all_blocks() if isinstance(b, Figure) and b.src}
        path = (folder / src).resolve()
        media = _IMAGE_TYPES.get(path.suffix.lower())
        if src not in named or media is None or not path.is_relative_to(folder) or not path.is_file():
            raise NotFoundError(f"{article_id}: no image {src!r}")
        return path, media

    def preview(self, article_id: str, lang: str) -> zipfile.ZipFile:
        """The EPUB edition of the article in ``lang`` as ``archivepub build`` makes it now
        (reviewed entries first, then the memory, then the models), as a zip to read from."""
        from archivepub.build import load_config, read_article, translate_edition
        from archivepub.writers.epub import EpubOptions, write_epub

        self._check_pair(article_id, lang)
        source = self.source(article_id)
        folder = source.parent
        catalog = catalog_path(self.locales, lang, article_id)
        stamp = tuple(
            (p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else None
            for p in (source, folder / "meta.toml", catalog, self.archive / "archivepub.toml")
        )
        with self._lock:
            cached = self._previews.get((article_id, lang))
        if cached is None or cached[0] != stamp:
            config = load_config(self.archive)
            doc = read_article(folder)
            memory = (
                TranslationMemory(self.memory) if self.memory is not None and self.memory.is_file() else None
            )
            try:
                with self._mt_lock:
                    edition = translate_edition(
                        doc,
                        article_id,
                        lang,
                        locales=self.locales,
                        translator=self.translator if self.machine_enabled else _NoModels(),
                        memory=memory,
                    )
            finally:
                if memory is not None:
                    memory.close()
            data = write_epub(
                edition, EpubOptions(assets=folder, publisher=config.publisher), report=lambda d: None
            )
            cached = (stamp, data)
            with self._lock:
                self._previews[(article_id, lang)] = cached
        return zipfile.ZipFile(BytesIO(cached[1]))


class _NoModels:
    """A translator that knows no language pair (previews without machine translation)."""

    def supports(self, source: str, target: str) -> bool:
        return False

    def model_info(self, source: str, target: str) -> ModelInfo:
        raise NotFoundError(f"no model for {source} -> {target}")

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        raise NotFoundError(f"no model for {source} -> {target}")


def _segment_view(segment: Segment, entry: PoEntry | None) -> SegmentView:
    return SegmentView(
        id=segment.id,
        kind=segment.kind,
        msgid=segment.text,
        msgstr=entry.msgstr if entry is not None else "",
        fuzzy=entry.fuzzy if entry is not None else False,
        previous=entry.previous_msgid if entry is not None and entry.fuzzy else None,
        comments=list(entry.extracted) if entry is not None else segment.comments,
    )


def _terms(msgid: str, glossary: Glossary | None) -> list[tuple[str, str]]:
    if glossary is None or glossary.pattern is None:
        return []
    out: dict[str, str] = {}
    for match in glossary.pattern.finditer(msgid):
        target = escape(glossary.target_of(match.group(0)))
        out.setdefault(
            unescape(match.group(0)), unescape(target if target not in ("", "=") else match.group(0))
        )
    return list(out.items())


class _BlockViews:
    def __init__(self, by_block: dict[str, list[SegmentView]], folder: Path) -> None:
        self.by_block = by_block
        self.folder = folder

    def blocks(self, blocks: Sequence[Block]) -> list[BlockView]:
        return [self.block(b) for b in blocks]

    def block(self, block: Block) -> BlockView:
        segs = self.by_block.get(block.id, [])
        if isinstance(block, Heading):
            return BlockView(kind="heading", id=block.id, level=block.level, segments=segs)
        if isinstance(block, Paragraph):
            return BlockView(kind="paragraph", id=block.id, segments=segs)
        if isinstance(block, Figure):
            alt_prefix = f"{block.id}.alt."
            view = BlockView(
                kind="figure",
                id=block.id,
                segments=[s for s in segs if not s.id.startswith(alt_prefix)],
                alt=[s for s in segs if s.id.startswith(alt_prefix)],
                credit=block.credit,
            )
            if block.src and re.match(r"[a-z][a-z0-9+.-]*:", block.src, re.I):
                view.remote_image = block.src
            elif block.src:
                view.image = block.src
            return view
        if isinstance(block, Quote):
            return BlockView(kind="quote", id=block.id, children=self.blocks(block.blocks))
        if isinstance(block, Preformatted):
            return BlockView(kind="paragraph", id=block.id, segments=segs)
        if isinstance(block, Table | DefinitionList):
            # shown as a box of its texts in reading order: the caption, then cell by cell
            caption = [BlockView(kind="paragraph", id=block.id, segments=segs)] if segs else []
            return BlockView(kind="quote", id=block.id, children=caption + self.blocks(child_blocks(block)))
        if not isinstance(block, ListBlock):
            return BlockView(kind="paragraph", id=block.id)  # code, a rule, media: nothing to translate
        return BlockView(
            kind="list", id=block.id, ordered=block.ordered, items=[self.blocks(item) for item in block.items]
        )
