"""Translate a :class:`~archivepub.model.Document` into another language, markup and notes intact.

Every translatable text (title, standfirst, headings, paragraphs, captions, image alt texts,
table cells, definition terms, the lines of preformatted text, footnote bodies) is cut into
sentences, each sentence's inline markup becomes tags
(:mod:`~archivepub.transforms.tags`), and the sentences the translation memory does not
know go to the model in one batch per language pair. The result keeps every block and
footnote id; each translated heading, paragraph and figure carries one
:class:`~archivepub.model.Provenance` per sentence (a figure: its caption's sentences, then
its alt text's), and so do the title and the standfirst (``Metadata.title_provenance``,
``Metadata.subtitle_provenance``). Credits, URLs, footnote labels, code (blocks and inline)
and media descriptions are not translated.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from archivepub.errors import TranslateError
from archivepub.model.build import normalize_inlines, normalize_preformatted
from archivepub.model.document import Document
from archivepub.model.nodes import (
    Block,
    DefinitionItem,
    DefinitionList,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    ModelInfo,
    Paragraph,
    Preformatted,
    Provenance,
    Quote,
    Strong,
    Table,
    Text,
)
from archivepub.model.walk import map_cells, plain_text
from archivepub.transforms.backends.base import Progress, Translator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options, CTranslate2Translator
from archivepub.transforms.glossary import Glossary, Protected, protect, restore
from archivepub.transforms.memory import TranslationMemory, normalize_segment
from archivepub.transforms.segment import segment_inlines, split_text
from archivepub.transforms.tags import TagMap, inlines_to_tagged, tagged_to_inlines

__all__ = [
    "SegmentTranslation",
    "TranslateOptions",
    "check_models",
    "language_tag",
    "missing_model_message",
    "model_chain",
    "model_code",
    "number_forms",
    "preformatted_lines",
    "segment_content",
    "segment_plain",
    "translate_document",
    "translate_documents",
    "translate_segments",
]

#: Output language tags that differ from the code models use (see docs/translation.md).
_OUTPUT_TAGS = {"az": "az-Latn"}
_LETTER = re.compile(r"[^\W\d_]")
# a number as written: digits, separated by . , : / - or by a (no-break, thin) space before a
# group of three digits (1 400, 1\u202f400)
_NUMBER = re.compile(r"\d+(?:(?:[.,:/-]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_GROUPED = re.compile(r"\d{1,3}(?:([ \u00a0\u202f.,'])\d{3})(?:\1\d{3})*\Z")


def number_forms(number: str) -> set[str]:
    """The values a number as written may stand for, in one spelling each.

    Thousands may be grouped with a comma, a full stop, a (no-break or thin) space or nothing,
    and a decimal point may be a comma: ``1,400``, ``1400``, ``1 400`` and ``1.400`` share the
    form ``1400``; ``3,5`` and ``3.5`` share ``3.5``.

    >>> sorted(number_forms("1,400")), sorted(number_forms("1 400")), sorted(number_forms("3,5"))
    (['1.400', '1400'], ['1400'], ['3.5'])
    """
    return set(_number_forms(number))


_DECIMAL = re.compile(r"\d+[.,]\d+")
_NOT_DIGIT = re.compile(r"\D")


@functools.lru_cache(maxsize=4096)
def _number_forms(number: str) -> frozenset[str]:
    """:func:`number_forms`, kept: a text's years and figures recur in every language."""
    number = number.replace("\u00a0", " ").replace("\u202f", " ")
    forms = {number.replace(",", ".")} if _DECIMAL.fullmatch(number) else {number}
    if _GROUPED.match(number):
        forms.add(_NOT_DIGIT.sub("", number))
    if " " in number:  # "1990 300" may also be two numbers side by side
        forms.discard(number)
    return frozenset(forms)


def _numbers_missing(numbers: Sequence[str], target: str) -> list[str]:
    """The ``numbers`` (of a source text) that ``target`` writes in none of their forms."""
    if not numbers:  # most sentences: nothing to look for in the target
        return []
    written = _NUMBER.findall(target)
    if not set(numbers).difference(written):  # each written as in the source: each is found
        return []
    found: set[str] = set()
    for number in written:
        found |= _number_forms(number)
        for part in number.split():
            found |= _number_forms(part)
    missing = []
    for number in dict.fromkeys(numbers):
        forms = _number_forms(number)
        parts = number.split()
        if forms & found or (len(parts) > 1 and all(_number_forms(p) & found for p in parts)):
            continue
        missing.append(number)
    return missing


_TAG_TEXT = re.compile(r"<[^<>]*>")


def model_code(tag: str) -> str:
    """The language code models use for a BCP-47 tag: its primary subtag.

    >>> model_code("az-Latn"), model_code("hy")
    ('az', 'hy')
    """
    return tag.split("-")[0].split("_")[0].lower()


def language_tag(code: str) -> str:
    """The BCP-47 tag a translation into ``code`` is labelled with.

    Azerbaijani is written in Latin script in Azerbaijan and in Arabic script in Iran, and
    has no default script, so translations into ``az`` are labelled ``az-Latn``.

    >>> language_tag("az"), language_tag("ru"), language_tag("az-Latn")
    ('az-Latn', 'ru', 'az-Latn')
    """
    return _OUTPUT_TAGS.get(code, code)


@dataclass(frozen=True, slots=True, kw_only=True)
class TranslateOptions:
    """How a document is translated.

    :param source: the source language (default: the document's ``metadata.language``).
    :param pivot: translate through this language when no direct model exists (``None``: never).
    :param engine: CTranslate2 settings, used when no ``translator`` is given.
    :param store_in_memory: store new machine translations in the memory.
    :param keep_untranslated: when no model is installed for the pair, keep the source text of
        each segment the memory does not know (provenance origin ``"untranslated"``) instead of
        raising :class:`~archivepub.errors.TranslateError`.
    """

    source: str | None = None
    pivot: str | None = "en"
    engine: CTranslate2Options = field(default_factory=CTranslate2Options)
    store_in_memory: bool = True
    keep_untranslated: bool = False


@dataclass(slots=True)
class _Segment:
    """One sentence to translate and, once done, its translation and provenance."""

    source_lang: str
    tagged: str
    tags: TagMap
    key: str
    protected: Protected | None = None
    target: str | None = None
    origin: str = "machine"
    model: ModelInfo | None = None
    repairs: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    inlines: tuple[Inline, ...] = ()
    #: the models of the first legs of a pivot translation (source -> pivot)
    pivot: tuple[ModelInfo, ...] = ()

    @property
    def provenance(self) -> Provenance:
        return Provenance(
            origin=self.origin,
            model=self.model.name if self.model else None,
            repairs=self.repairs,
            findings=self.findings,
        )


def _needs_model(tagged: str) -> bool:
    return bool(_LETTER.search(_TAG_TEXT.sub("", tagged)))


@dataclass(slots=True)
class _Group:
    """The segments of one inline sequence, and the containers they were cut inside."""

    segments: list[_Segment]
    wrappers: tuple[Emphasis | Strong | Link, ...] = ()


def segment_content(
    inlines: tuple[Inline, ...], lang: str
) -> tuple[list[tuple[Inline, ...]], tuple[Emphasis | Strong | Link, ...]]:
    """Cut a block's inline content into the segments (sentences) translation works on.

    A block wholly inside one emphasis, strong or link is cut inside it (so that a long italic
    paragraph still goes to the model sentence by sentence): the containers are returned
    apart, outermost first. PO catalogs use the same cut, so that catalog entries, memory keys
    and provenance entries line up.

    >>> pieces, wrappers = segment_content((Emphasis((Text("One. Two."),)),), "en")
    >>> pieces, len(wrappers)
    ([(Text(text='One.'),), (Text(text='Two.'),)], 1)

    :param inlines: the inline content of a heading, paragraph or caption.
    :param lang: the language tag of the text.
    """
    wrappers: list[Emphasis | Strong | Link] = []
    inner = inlines
    while len(inner) == 1 and isinstance(inner[0], Emphasis | Strong | Link):
        wrappers.append(inner[0])
        inner = inner[0].content
    pieces = segment_inlines(inner, lang)
    if len(pieces) < 2:
        wrappers, pieces = [], segment_inlines(inlines, lang)
    return pieces, tuple(wrappers)


_GAP = re.compile(r"[ \t]{2,}|^[ \t]+")


def preformatted_lines(content: tuple[Inline, ...]) -> list[list[tuple[str, tuple[Inline, ...]]]]:
    """The lines of preformatted content, each cut into chunks at its runs of spaces.

    Preformatted text is translated line by line and chunk by chunk, the indentation and the
    runs of two or more spaces kept aside (each chunk is the space before it and its
    inlines), so that a poem or a table typed with spaces keeps its shape:

    >>> preformatted_lines((Text("  Ebb   Flood"), LineBreak(), Text("low")))
    [[('  ', (Text(text='Ebb'),)), ('   ', (Text(text='Flood'),))], [('', (Text(text='low'),))]]
    """
    lines: list[list[tuple[str, tuple[Inline, ...]]]] = [[("", ())]]
    for node in content:
        if isinstance(node, LineBreak):
            lines.append([("", ())])
            continue
        if not isinstance(node, Text):
            gap, chunk = lines[-1][-1]
            lines[-1][-1] = (gap, (*chunk, node))
            continue
        pos = 0
        for match in _GAP.finditer(node.text):
            if match.start() > pos:
                gap, chunk = lines[-1][-1]
                lines[-1][-1] = (gap, (*chunk, Text(node.text[pos : match.start()])))
            lines[-1].append((match.group(), ()))
            pos = match.end()
        if pos < len(node.text):
            gap, chunk = lines[-1][-1]
            lines[-1][-1] = (gap, (*chunk, Text(node.text[pos:])))
    return [[(gap, chunk) for gap, chunk in line if gap or chunk] for line in lines]


def segment_plain(text: str | None, lang: str) -> list[tuple[Inline, ...]]:
    """Cut a plain text (title, standfirst, image alt text) into segments.

    >>> segment_plain("A title. With two sentences.", "en")
    [(Text(text='A title.'),), (Text(text='With two sentences.'),)]

    :param text: the text (``None`` or empty gives no segment).
    :param lang: the language tag of the text.
    """
    if not text:
        return []
    out: list[tuple[Inline, ...]] = []
    for sentence in split_text(text, lang):
        out.extend(segment_content((Text(sentence),), lang)[0])
    return out


#: A cut piece of content, as a segment starts: its tagged text, tag map and memory key.
_Cut = tuple[str, TagMap, str]


class _Cuts:
    """The segments of inline contents already cut, by the content's identity.

    A build translates the same document into several languages, one call each: its blocks'
    contents (the same objects) are cut into sentences and tagged once, not once per
    language. An entry keeps its content alive (so that its ``id`` is not reused while
    cached) and is only found again by that very object.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.entries: dict[
            tuple[int, str], tuple[object, list[_Cut], tuple[Emphasis | Strong | Link, ...]]
        ] = {}

    def get(
        self, content: object, lang: str
    ) -> tuple[list[_Cut], tuple[Emphasis | Strong | Link, ...]] | None:
        entry = self.entries.get((id(content), lang))
        if entry is None or entry[0] is not content:
            return None
        return entry[1], entry[2]

    def put(
        self, content: object, lang: str, cuts: list[_Cut], wrappers: tuple[Emphasis | Strong | Link, ...]
    ) -> None:
        with self.lock:  # documents may be translated in several threads
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))  # the oldest
            self.entries[(id(content), lang)] = (content, cuts, wrappers)


_CUTS = _Cuts(1024)


def _cut(piece: tuple[Inline, ...]) -> _Cut:
    tagged, tags = inlines_to_tagged(piece)
    return tagged, tags, normalize_segment(tagged)


class _Job:
    """Collects the segments of many documents, translates them, then rebuilds the documents."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.segments: list[_Segment] = []

    def add_piece(self, piece: tuple[Inline, ...], lang: str) -> _Segment:
        return self._add(_cut(piece), lang)

    def _add(self, cut: _Cut, lang: str) -> _Segment:
        seg = _Segment(lang, *cut)
        self.segments.append(seg)
        return seg

    def add(self, inlines: tuple[Inline, ...], lang: str) -> _Group:
        known = _CUTS.get(inlines, lang)
        if known is None:
            pieces, wrappers = segment_content(inlines, lang)
            known = [_cut(piece) for piece in pieces], wrappers
            _CUTS.put(inlines, lang, *known)
        cuts, wrappers = known
        return _Group([self._add(cut, lang) for cut in cuts], wrappers)

    def add_text(self, text: str | None, lang: str) -> list[_Segment]:
        return [self.add_piece(piece, lang) for piece in segment_plain(text, lang)]


def _join(group: _Group) -> tuple[Inline, ...]:
    if len(group.segments) == 1:
        content = group.segments[0].inlines  # normal already: tagged_to_inlines' own output
    else:
        parts: list[Inline] = []
        for seg in group.segments:
            if parts:
                parts.append(Text(" "))
            parts.extend(seg.inlines)
        content = normalize_inlines(parts)
    for wrapper in reversed(group.wrappers):
        content = (replace(wrapper, content=content),)
    return content


def _join_text(segments: list[_Segment]) -> str:
    return " ".join(plain_text(seg.inlines) for seg in segments).strip()


@dataclass(slots=True)
class _DocPlan:
    doc: Document
    source: str
    source_tag: str
    title: list[_Segment]
    subtitle: list[_Segment]
    blocks: dict[int, tuple[_Group, list[_Segment]]]  # id(block) -> (content or caption, alt)
    #: id(preformatted block) -> its lines: each a list of (spaces before, segments) chunks
    lines: dict[int, list[list[tuple[str, _Group]]]] = field(default_factory=dict)


def _plan_blocks(blocks: Sequence[Block], job: _Job, lang: str, plan: _DocPlan) -> None:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            plan.blocks[id(block)] = (job.add(block.content, lang), [])
        elif isinstance(block, Figure):
            plan.blocks[id(block)] = (job.add(block.caption, lang), job.add_text(block.alt, lang))
        elif isinstance(block, Quote):
            _plan_blocks(block.blocks, job, lang, plan)
        elif isinstance(block, ListBlock):
            for item in block.items:
                _plan_blocks(item, job, lang, plan)
        elif isinstance(block, Table):
            plan.blocks[id(block)] = (job.add(block.caption, lang), [])
            for row in block.rows():
                for cell in row.cells:
                    _plan_blocks(cell.blocks, job, lang, plan)
        elif isinstance(block, DefinitionList):
            for def_item in block.items:
                _plan_blocks((def_item.term, *def_item.definitions), job, lang, plan)
        elif isinstance(block, Preformatted):
            lines = [
                [(gap, job.add(chunk, lang)) for gap, chunk in line]
                for line in preformatted_lines(block.content)
            ]
            plan.lines[id(block)] = lines
            plan.blocks[id(block)] = (_Group([s for line in lines for _, g in line for s in g.segments]), [])
        # code blocks, rules and media placeholders hold nothing to translate


def _rebuild(blocks: tuple[Block, ...], plan: _DocPlan) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            group, _ = plan.blocks[id(block)]
            provenance = tuple(s.provenance for s in group.segments)
            new: Block = replace(block, content=_join(group), provenance=provenance)
        elif isinstance(block, Figure):
            group, alt = plan.blocks[id(block)]
            new = replace(
                block,
                caption=_join(group),
                alt=_join_text(alt) if block.alt is not None else None,
                provenance=tuple(s.provenance for s in [*group.segments, *alt]),
            )
        elif isinstance(block, Quote):
            new = replace(block, blocks=_rebuild(block.blocks, plan))
        elif isinstance(block, ListBlock):
            new = replace(block, items=tuple(_rebuild(item, plan) for item in block.items))
        elif isinstance(block, Table):
            group, _ = plan.blocks[id(block)]
            new = map_cells(block, lambda cell: replace(cell, blocks=_rebuild(cell.blocks, plan)))
            new = replace(new, caption=_join(group), provenance=tuple(s.provenance for s in group.segments))
        elif isinstance(block, DefinitionList):
            items = []
            for def_item in block.items:
                term, *definitions = _rebuild((def_item.term, *def_item.definitions), plan)
                assert isinstance(term, Paragraph)
                items.append(DefinitionItem(term=term, definitions=tuple(definitions)))
            new = replace(block, items=tuple(items))
        elif isinstance(block, Preformatted):
            content: list[Inline] = []
            segments: list[_Segment] = []
            for n, line in enumerate(plan.lines[id(block)]):
                if n:
                    content.append(LineBreak())
                for gap, chunk_group in line:
                    content.extend([Text(gap), *_join(chunk_group)])
                    segments.extend(chunk_group.segments)
            new = replace(
                block,
                content=normalize_preformatted(content),
                provenance=tuple(s.provenance for s in segments),
            )
        else:
            new = block
        out.append(new)
    return tuple(out)


def model_chain(
    translator: Translator, source: str, target: str, pivot: str | None = "en"
) -> list[tuple[str, str]] | None:
    """The language pairs a translation from ``source`` into ``target`` runs through: the pair
    itself where a model exists, else through ``pivot``; ``None`` when no model can do it.

    >>> from archivepub.transforms.backends import FakeTranslator
    >>> model_chain(FakeTranslator(lambda s, a, b: s, pairs={("hy", "en"), ("en", "ru")}), "hy", "ru")
    [('hy', 'en'), ('en', 'ru')]

    :param translator: the MT backend.
    :param source: the source language code.
    :param target: the target language code.
    :param pivot: the language to translate through (``None``: never).
    """
    if translator.supports(source, target):
        return [(source, target)]
    if (
        pivot
        and pivot not in (source, target)
        and translator.supports(source, pivot)
        and translator.supports(pivot, target)
    ):
        return [(source, pivot), (pivot, target)]
    return None


def _translate_group(
    segments: list[_Segment],
    source: str,
    target: str,
    translator: Translator,
    options: TranslateOptions,
    progress: Progress | None,
) -> None:
    """Translate ``segments`` (all from ``source``) with the model, directly or by pivot."""
    chain = model_chain(translator, source, target, options.pivot)
    if chain is None and options.keep_untranslated:
        for seg in segments:
            seg.target = seg.tagged
            seg.origin = "untranslated"
            seg.model = None
        return
    if chain is None:
        raise TranslateError(missing_model_message([(source, target)], options.pivot))
    unique: dict[str, str] = {}
    for seg in segments:
        assert seg.protected is not None
        unique.setdefault(seg.protected.text, seg.protected.text)
    texts = list(unique)
    results = texts
    model: ModelInfo | None = None
    for leg_source, leg_target in chain:
        results = translator.translate_batch(results, leg_source, leg_target, progress=progress)
        if len(results) != len(texts):
            raise TranslateError(
                f"model for {leg_source} -> {leg_target} returned {len(results)} "
                f"translations for {len(texts)} segments"
            )
        model = translator.model_info(leg_source, leg_target)
    by_text = dict(zip(texts, results, strict=True))
    for seg in segments:
        assert seg.protected is not None
        seg.target = by_text[seg.protected.text]
        seg.origin = "machine"
        seg.model = model
    if len(chain) == 2:
        first = translator.model_info(*chain[0])
        for seg in segments:
            seg.pivot = (first,)


@functools.lru_cache(maxsize=1024)
def _source_numbers(tagged: str, tags: TagMap) -> tuple[str, ...]:
    """The numbers in the plain text of a source segment (the same for every target language
    of a build)."""
    return tuple(_NUMBER.findall(plain_text(tagged_to_inlines(tagged, tags)[0])))


def _finish(seg: _Segment) -> None:
    text = seg.target if seg.target is not None else seg.tagged
    repairs: list[str] = list(seg.repairs)
    if seg.protected is not None and seg.origin == "machine":
        text, fixed = restore(text, seg.protected)
        repairs.extend(fixed)
    inlines, fixed = tagged_to_inlines(text, seg.tags)
    repairs.extend(fixed)
    seg.target = text
    numbers = _source_numbers(seg.tagged, seg.tags)
    missing = (
        [f"number {n} not found in the translation" for n in _numbers_missing(numbers, plain_text(inlines))]
        if numbers  # most sentences: the translation's text is not needed
        else []
    )
    if seg.origin == "machine":
        repairs.extend(missing)
    else:  # a translator's (or the memory's) text: a finding to check, not a mended output
        seg.findings = tuple(missing)
    seg.inlines = inlines
    seg.repairs = tuple(repairs)


def _run(
    segments: list[_Segment],
    target_code: str,
    translator: Translator | None,
    memory: TranslationMemory | None,
    glossary: Glossary | None,
    options: TranslateOptions,
    progress: Progress | None,
) -> None:
    """Fill every segment's target: memory first, then the model (or the source text)."""
    pending: dict[str, list[_Segment]] = {}
    for lang in dict.fromkeys(seg.source_lang for seg in segments):
        group = [s for s in segments if s.source_lang == lang]
        hits = memory.lookup(lang, target_code, (s.key for s in group)) if memory is not None else {}
        for seg in group:
            entry = hits.get(seg.key)
            if entry is not None:
                seg.target = entry.target
                seg.origin = "reviewed" if entry.origin == "reviewed" else "memory"
                seg.model = entry.model if entry.origin == "machine" else None
            elif not _needs_model(seg.tagged):
                seg.target = seg.tagged  # numbers, punctuation, a lone note mark: no model needed
                seg.origin = "copied"
            else:
                seg.protected = protect(seg.tagged, glossary)
                pending.setdefault(lang, []).append(seg)
    if pending and translator is None:
        translator = CTranslate2Translator(options.engine)
    for lang, group in pending.items():
        assert translator is not None
        _translate_group(group, lang, target_code, translator, options, progress)
    for seg in segments:
        _finish(seg)
    if memory is not None and options.store_in_memory:
        for lang, group in pending.items():
            by_model: dict[ModelInfo | None, list[tuple[str, str]]] = {}
            for seg in group:
                if seg.origin == "untranslated" or not (seg.target or "").strip():
                    continue  # the source text kept for want of a model is no translation
                by_model.setdefault(seg.model, []).append((seg.key, seg.target or ""))
            for model, pairs in by_model.items():
                memory.store(lang, target_code, pairs, origin="machine", model=model)


def _plan(
    docs: Sequence[Document], target_code: str, options: TranslateOptions
) -> tuple[_Job, list[_DocPlan]]:
    """Cut every document into segments for a translation into ``target_code``."""
    job = _Job(target_code)
    plans: list[_DocPlan] = []
    for doc in docs:
        source_tag = options.source or doc.metadata.language
        if source_tag == "und":
            raise TranslateError(
                f"the language of {doc.metadata.title!r} is unknown: give the source language (--from)"
            )
        source = model_code(source_tag)
        if source == target_code:
            raise TranslateError(f"{doc.metadata.title!r} is already in {source_tag}")
        plan = _DocPlan(doc, source, source_tag, [], [], {})
        plan.title = job.add_text(doc.metadata.title, source)
        plan.subtitle = job.add_text(doc.metadata.subtitle, source)
        _plan_blocks(doc.blocks, job, source, plan)
        for note in doc.footnotes:
            _plan_blocks(note.blocks, job, source, plan)
        plans.append(plan)
    return job, plans


def missing_model_message(pairs: Sequence[tuple[str, str]], pivot: str | None = "en") -> str:
    """The error message for language pairs that no installed model translates, with the
    commands that get a model.

    >>> print(missing_model_message([("en", "hy")]))  # doctest: +ELLIPSIS
    no translation model for en -> hy. Get one with `archivepub models fetch --from en --to hy`, which ...
    >>> missing_model_message([("ru", "hy")]).split(".")[0]
    'no translation model for ru -> hy (nor through en)'

    :param pairs: the (source, target) language codes without a model.
    :param pivot: the language a translation may go through (``None``: none), named when it
        could have helped.
    """
    names = ", ".join(
        f"{s} -> {t}" + (f" (nor through {pivot})" if pivot and pivot not in (s, t) else "") for s, t in pairs
    )
    s, t = pairs[0]
    each = " per pair" if len(pairs) > 1 else ""
    return (
        f"no translation model for {names}. Get one{each} with `archivepub models fetch --from {s} --to {t}`,"
        " which downloads it from the Argos index when the index has the pair, or add one you have:"
        f" `archivepub models add --opus-mt RELEASE.zip --from {s} --to {t}` (an OPUS-MT release),"
        f" `archivepub models add DIR --from {s} --to {t}` (a CTranslate2 model) or"
        " `archivepub models install FILE.argosmodel` (see docs/translation.md)"
    )


def check_models(
    docs: Sequence[Document],
    targets: Sequence[str],
    *,
    translator: Translator | None = None,
    memory: TranslationMemory | None = None,
    options: TranslateOptions | None = None,
) -> None:
    """Raise :class:`~archivepub.errors.TranslateError` naming every language pair that
    translating ``docs`` into each of ``targets`` would need a model for and has none, before
    any model runs (``archivepub translate --to ru,hy,az`` checks all three first).

    A pair is needed when some segment is neither in ``memory`` nor without words (numbers,
    punctuation); with ``options.keep_untranslated`` nothing is needed.

    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> from archivepub.transforms.backends import FakeTranslator
    >>> doc = make_document(Metadata(title="T", language="en"), [Paragraph(content=(Text("Hello."),))])
    >>> check_models([doc], ["ru", "hy"], translator=FakeTranslator(lambda s, a, b: s, pairs={("en", "ru")}))
    Traceback (most recent call last):
    archivepub.errors.TranslateError: no translation model for en -> hy. Get one with ...

    :param docs: the documents to translate.
    :param targets: the target language codes or tags.
    :param translator: the backend (default: CTranslate2 over the installed packages).
    :param memory: the translation memory the translation will read.
    :param options: source language, pivot, ``keep_untranslated``.
    """
    options = options or TranslateOptions()
    if options.keep_untranslated:
        return
    missing: list[tuple[str, str]] = []
    for target in targets:
        target_code = model_code(target)
        job, _ = _plan(docs, target_code, options)
        for lang in dict.fromkeys(seg.source_lang for seg in job.segments):
            keys = [s.key for s in job.segments if s.source_lang == lang and _needs_model(s.tagged)]
            hits = memory.lookup(lang, target_code, keys) if memory is not None and keys else {}
            if any(key not in hits for key in keys):
                if translator is None:
                    translator = CTranslate2Translator(options.engine)
                if model_chain(translator, lang, target_code, options.pivot) is None:
                    missing.append((lang, target_code))
    if missing:
        raise TranslateError(missing_model_message(list(dict.fromkeys(missing)), options.pivot))


def translate_documents(
    docs: Sequence[Document],
    target: str,
    *,
    translator: Translator | None = None,
    memory: TranslationMemory | None = None,
    glossary: Glossary | None = None,
    options: TranslateOptions | None = None,
    progress: Progress | None = None,
) -> list[Document]:
    """Translate several documents into ``target`` with one model call per language pair.

    See :func:`translate_document`; the documents may have different source languages.
    """
    options = options or TranslateOptions()
    target_code = model_code(target)
    job, plans = _plan(docs, target_code, options)
    _run(job.segments, target_code, translator, memory, glossary, options, progress)
    return [_build(plan, target) for plan in plans]


@dataclass(frozen=True, slots=True, kw_only=True)
class SegmentTranslation:
    """The translation of one segment by :func:`translate_segments`.

    ``text`` is tagged like the source (``<em>``, ``<a1>``, ``<note1/>``); ``origin`` is
    ``"reviewed"`` or ``"memory"`` (a memory hit), ``"machine"`` (model output), ``"copied"``
    (a segment without words, such as a number or a full stop, copied as it is: no model is
    needed or named) or ``"untranslated"`` (no model: ``text`` is the source). ``repairs``
    lists what was mended in machine output, ``findings`` what the checks noticed in other text.
    """

    source: str
    text: str
    origin: str
    model: ModelInfo | None = None
    repairs: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()


def translate_segments(
    pieces: Sequence[tuple[Inline, ...]],
    source: str,
    target: str,
    *,
    translator: Translator | None = None,
    memory: TranslationMemory | None = None,
    glossary: Glossary | None = None,
    options: TranslateOptions | None = None,
    progress: Progress | None = None,
) -> list[SegmentTranslation]:
    """Translate segments (as :func:`segment_content` cuts them) the way documents are translated.

    The memory is consulted first (with the same keys), then the model in one batch. Used to
    pre-fill PO catalogs.

    >>> from archivepub.transforms.backends import FakeTranslator
    >>> out = translate_segments([(Text("Hi."),)], "en", "ru",
    ...     translator=FakeTranslator(lambda s, a, b: s.upper()))
    >>> out[0].text, out[0].origin
    ('HI.', 'machine')

    :param pieces: the segments' inlines.
    :param source: the source language code or tag.
    :param target: the target language code or tag.
    :param translator: the backend (default: CTranslate2 over the installed packages).
    :param memory: a translation memory to read and update.
    :param glossary: the target language's glossary.
    :param options: pivot, engine, ``keep_untranslated`` (``source`` is ignored).
    :param progress: called with (segments done, segments in all) while the model runs.
    """
    options = options or TranslateOptions()
    job = _Job(model_code(target))
    segments = [job.add_piece(piece, model_code(source)) for piece in pieces]
    _run(segments, model_code(target), translator, memory, glossary, options, progress)
    return [
        SegmentTranslation(
            source=seg.tagged,
            text=seg.target if seg.target is not None else seg.tagged,
            origin=seg.origin,
            model=seg.model,
            repairs=seg.repairs,
            findings=seg.findings,
        )
        for seg in segments
    ]


def _build(plan: _DocPlan, target: str) -> Document:
    doc = plan.doc
    segments = [*plan.title, *plan.subtitle]
    for content, alt in plan.blocks.values():
        segments.extend(content.segments)
        segments.extend(alt)
    models: dict[str, ModelInfo] = {}
    for seg in segments:
        for model in (*seg.pivot, seg.model):
            if model is not None:
                models.setdefault(model.name, model)
    meta: Metadata = replace(
        doc.metadata,
        title=_join_text(plan.title) or doc.metadata.title,
        subtitle=_join_text(plan.subtitle) if doc.metadata.subtitle else doc.metadata.subtitle,
        title_provenance=tuple(seg.provenance for seg in plan.title),
        subtitle_provenance=tuple(seg.provenance for seg in plan.subtitle) if doc.metadata.subtitle else (),
        language=language_tag(target),
        source_language=plan.source_tag,
        models=tuple(models.values()),
    )
    footnotes = tuple(
        Footnote(id=note.id, label=note.label, blocks=_rebuild(note.blocks, plan)) for note in doc.footnotes
    )
    return Document(metadata=meta, blocks=_rebuild(doc.blocks, plan), footnotes=footnotes)


def translate_document(
    doc: Document,
    target: str,
    *,
    translator: Translator | None = None,
    memory: TranslationMemory | None = None,
    glossary: Glossary | None = None,
    options: TranslateOptions | None = None,
    progress: Progress | None = None,
) -> Document:
    """Return ``doc`` translated into ``target`` (``"ru"``, ``"hy"``, ``"az"``).

    Every block and footnote keeps its id, every note reference, link and emphasis is kept
    (repairs are recorded in each segment's provenance), ``metadata.language`` becomes the
    target's tag (``az-Latn`` for ``az``), ``metadata.source_language`` the source's, and
    ``metadata.models`` lists the models used. Sentences found in ``memory`` are not sent to
    the model; new machine translations are stored in it.

    >>> from archivepub.model import Metadata, Paragraph, NoteRef, Footnote
    >>> from archivepub.transforms.backends import FakeTranslator
    >>> note = Footnote(id="fn1", label="1", blocks=(Paragraph(id="fn1-p1", content=(Text("Note."),)),))
    >>> doc = Document(metadata=Metadata(title="Old", language="en"), footnotes=(note,),
    ...     blocks=(Paragraph(id="p1", content=(Text("Hello."), NoteRef("fn1"))),))
    >>> ru = translate_document(doc, "ru", translator=FakeTranslator(lambda s, a, b: s.upper()))
    >>> ru.metadata.title, ru.blocks[0].content, ru.blocks[0].provenance[0].origin
    ('OLD', (Text(text='HELLO.'), NoteRef(note='fn1')), 'machine')
    >>> ru.metadata.title_provenance
    (Provenance(origin='machine', model='fake-en_ru', repairs=(), findings=()),)

    :param doc: the document to translate.
    :param target: the target language code or tag.
    :param translator: the backend (default: CTranslate2 over the installed Argos packages).
    :param memory: a translation memory to read and update.
    :param glossary: the target language's glossary.
    :param options: source language, pivot and engine settings.
    :param progress: called with (segments done, segments in all) while the model runs.
    """
    return translate_documents(
        [doc],
        target,
        translator=translator,
        memory=memory,
        glossary=glossary,
        options=options,
        progress=progress,
    )[0]
