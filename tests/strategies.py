"""Hypothesis strategies over the whole document model (normalised documents only).

Documents are built with :func:`archivepub.model.make_document`, so they are in its normal
form: whitespace collapsed, footnotes ``fn1..`` in order of first reference, canonical ids.
They hold every block and inline kind, nested quotes and lists, headings everywhere, notes
referenced from paragraphs, headings, captions and other notes (once, several times or
never), text in Latin, Cyrillic and Armenian with XML-special characters and whitespace edge
cases, and - for translations - source language, translators, models and per-segment
provenance.
"""

from __future__ import annotations

import datetime
import functools

from hypothesis import strategies as st

from archivepub.model import (
    Block,
    CaptureInfo,
    Cell,
    Code,
    CodeBlock,
    ColumnSpec,
    DefinitionItem,
    DefinitionList,
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Footnote,
    Heading,
    HorizontalRule,
    ImageInfo,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Media,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Preformatted,
    Provenance,
    Quote,
    Row,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    make_document,
)
from archivepub.model.urls import url_problem

__all__ = ["documents", "metadata", "originals", "raw_documents", "translations"]

NOTE_KEYS = ("a", "b", "c", "d", "e")

_LETTERS = (
    "abcxyzABZ"  # Latin
    "éßø"
    "абвжщыЁЯ"  # Cyrillic
    "աբգդեւՀՄԱ"  # Armenian
    "0129"
)
# XML-special characters, punctuation (Armenian full stop and comma), and whitespace of every
# kind: make_document collapses ASCII whitespace, keeps no-break and narrow spaces.
_OTHER = "<>&\"';:.,-—«»\u0589\u055d!?/#%()[]{}\u00a0\u202f\u2009 \t\n\r"
_ALPHABET = st.sampled_from(_LETTERS + _OTHER)

words = st.text(_ALPHABET, min_size=0, max_size=12)
nonblank = st.text(_ALPHABET, min_size=1, max_size=12).filter(lambda s: s.strip(" \t\n\r\u00a0") != "")
# metadata strings are kept exactly as given (no normalisation): leading, trailing, inner spaces
raw_strings = st.text(st.sampled_from(_LETTERS + _OTHER), min_size=0, max_size=16)

urls = st.one_of(
    st.sampled_from(
        [
            "https://example.org/",
            "https://example.org/a?b=1&c=2#frag",
            "http://пример.рф/путь",
            "https://hy.example/Հայաստան",
            "mailto:someone@example.org",
            "img/photo 1.jpg",
            "a%20b",
            "",
            "#fn1",
        ]
    ),
    # any text the URL policy keeps (archivepub.model.urls): "a:b" has a scheme that is refused
    st.text(st.sampled_from("abc/:.%# \u00a0?=&\t\u043f\u0440"), min_size=0, max_size=12).filter(
        lambda u: url_problem(u) is None
    ),
)

languages = st.sampled_from(["en", "ru", "hy", "az-Latn", "az", "und", "sr-Cyrl-RS", "de-CH"])
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))
times = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1)).map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")),
    st.just("2024-05-01T12:00:00.123456Z"),
)
optional_raw = st.one_of(st.none(), raw_strings)


@st.composite
def images(draw: st.DrawFn) -> ImageInfo:
    """Where a figure's image came from: a capture, a saved page, a fetch."""
    return ImageInfo(
        url=draw(st.one_of(st.none(), urls)),
        media_type=draw(st.sampled_from(["image/jpeg", "image/png", "image/svg+xml", "image/webp"])),
        digest="sha256:" + draw(st.text("0123456789abcdef", min_size=64, max_size=64)),
        origin=draw(st.sampled_from(["capture", "saved", "fetched"])),
        time=draw(times),
        record_id=draw(st.one_of(st.none(), st.just("<urn:uuid:7b3c1a8e-0c1d-4b7e-9a55-0e2b3f4d5c6a>"))),
    )


@st.composite
def captures(draw: st.DrawFn) -> CaptureInfo:
    """The provenance of an article read from a web capture."""
    return CaptureInfo(
        url=draw(urls.filter(lambda u: u.strip() != "")),
        time=draw(times),
        record_id=draw(optional_raw),
        payload_digest=draw(st.one_of(st.none(), st.just("sha1:XJ7M6PBT2RRBQ5OLW5ZJEWBYGHAQBEYI"))),
        software=draw(optional_raw),
        file=draw(optional_raw),
        format=draw(st.sampled_from([None, "warc", "wacz", "mhtml", "folder", "single-file", "html"])),
    )


@functools.lru_cache
def inlines(depth: int = 2) -> st.SearchStrategy[tuple[Inline, ...]]:
    """Inline content: text, emphasis, strong, superscript, subscript, links (nested), note
    references, inline code and line breaks."""
    leaf: st.SearchStrategy[Inline] = st.one_of(
        words.map(Text),
        words.map(Text),
        st.sampled_from(NOTE_KEYS).map(NoteRef),
        words.map(Code),
        st.just(LineBreak()),
    )
    if depth > 0:
        inner = inlines(depth - 1)
        node = st.one_of(
            leaf,
            inner.map(Emphasis),
            inner.map(Strong),
            st.builds(Link, urls, inner),
            inner.map(Superscript),
            inner.map(Subscript),
        )
    else:
        node = leaf
    return st.lists(node, min_size=0, max_size=5).map(tuple)


@functools.lru_cache
def _content() -> st.SearchStrategy[tuple[Inline, ...]]:
    # at least one visible character, so the block survives normalisation
    return st.tuples(inlines(), nonblank.map(Text), inlines()).map(lambda t: (*t[0], t[1], *t[2]))


@st.composite
def provenances(draw: st.DrawFn, models: tuple[str, ...]) -> tuple[Provenance, ...]:
    """One provenance entry per segment (1-4 segments)."""
    entries = []
    for _ in range(draw(st.integers(1, 4))):
        origin = draw(st.sampled_from(["reviewed", "memory", "machine", "untranslated"]))
        model = draw(st.sampled_from((None, *models))) if models else None
        if origin == "untranslated":
            model = None
        if origin == "machine" and models:
            model = draw(st.sampled_from(models))
        repairs = tuple(draw(st.lists(nonblank, max_size=2)))
        entries.append(Provenance(origin=origin, model=model, repairs=repairs))
    return tuple(entries)


@st.composite
def blocks(draw: st.DrawFn, depth: int = 2, models: tuple[str, ...] | None = None) -> tuple[Block, ...]:
    """A sequence of draft blocks (no ids), with provenance when ``models`` is not ``None``."""

    def prov() -> tuple[Provenance, ...]:
        if models is None:
            return ()
        return draw(st.one_of(st.just(()), provenances(models)))

    out: list[Block] = []
    for _ in range(draw(st.integers(0 if depth < 2 else 1, 5))):
        kinds = ["p", "p", "h", "fig", "code", "pre", "hr", "media"]
        kinds += ["quote", "list", "table", "dl"] if depth > 0 else []
        kind = draw(st.sampled_from(kinds))
        if kind == "p":
            out.append(Paragraph(content=draw(_content()), provenance=prov()))
        elif kind == "h":
            out.append(Heading(level=draw(st.integers(1, 6)), content=draw(_content()), provenance=prov()))
        elif kind == "fig":
            src = draw(st.one_of(st.none(), urls))
            caption = draw(st.one_of(st.just(()), _content()))
            credit = draw(st.one_of(st.none(), nonblank))
            if not src and not caption and not credit:
                credit = "© Archive"
            alt = draw(st.one_of(st.none(), words))
            image = draw(st.one_of(st.none(), images())) if src else None
            out.append(
                Figure(src=src, alt=alt, caption=caption, credit=credit, provenance=prov(), image=image)
            )
        elif kind == "quote":
            out.append(Quote(blocks=draw(blocks(depth - 1, models))))
        elif kind == "list":
            items = draw(st.lists(blocks(depth - 1, models), min_size=1, max_size=3))
            out.append(ListBlock(ordered=draw(st.booleans()), items=tuple(items)))
        elif kind == "code":
            out.append(
                CodeBlock(text=draw(nonblank), language=draw(st.sampled_from([None, "python", "c++"])))
            )
        elif kind == "pre":
            out.append(Preformatted(content=draw(_content()), provenance=prov()))
        elif kind == "hr":
            out.append(HorizontalRule())
        elif kind == "media":
            out.append(
                Media(
                    kind=draw(st.sampled_from(["video", "audio", "embed"])),
                    src=draw(st.one_of(st.none(), urls)),
                    title=draw(st.one_of(st.just("A film"), nonblank)),
                    provider=draw(st.one_of(st.none(), nonblank)),
                    poster=draw(st.one_of(st.none(), urls)),
                )
            )
        elif kind == "table":
            out.append(draw(tables(depth - 1, models)))
        else:
            entries = []
            for _ in range(draw(st.integers(1, 3))):
                term = Paragraph(content=draw(_content()), provenance=prov())
                entries.append(DefinitionItem(term=term, definitions=draw(blocks(depth - 1, models))))
            out.append(DefinitionList(items=tuple(entries)))
    return tuple(out)


@st.composite
def tables(draw: st.DrawFn, depth: int, models: tuple[str, ...] | None) -> Table:
    """A table: caption, columns, head, one or two bodies, foot; cells with spans and blocks."""

    def rows(n: int) -> tuple[Row, ...]:
        out = []
        for _ in range(n):
            cells = []
            for _ in range(draw(st.integers(1, 3))):
                cells.append(
                    Cell(
                        blocks=draw(blocks(depth, models))
                        if depth
                        else (Paragraph(content=draw(_content())),),
                        header=draw(st.booleans()),
                        colspan=draw(st.integers(1, 3)),
                        rowspan=draw(st.integers(1, 2)),
                    )
                )
            out.append(Row(cells=tuple(cells)))
        return tuple(out)

    columns = draw(
        st.lists(
            st.builds(
                ColumnSpec,
                align=st.sampled_from([None, "left", "center", "right"]),
                width=st.one_of(st.none(), st.integers(1, 100)),
            ),
            max_size=3,
        )
    )
    provenance: tuple[Provenance, ...] = ()
    caption = draw(st.one_of(st.just(()), _content()))
    if models is not None and caption:
        provenance = draw(st.one_of(st.just(()), provenances(models)))
    return Table(
        caption=caption,
        columns=tuple(columns),
        head=rows(draw(st.integers(0, 1))),
        bodies=tuple(rows(draw(st.integers(1, 2))) for _ in range(draw(st.integers(1, 2)))),
        foot=rows(draw(st.integers(0, 1))),
        provenance=provenance,
    )


@st.composite
def _notes(draw: st.DrawFn, models: tuple[str, ...] | None) -> list[DraftNote]:
    keys = draw(st.lists(st.sampled_from(NOTE_KEYS), unique=True, max_size=len(NOTE_KEYS)))
    labels = st.one_of(
        st.integers(1, 99).map(str), st.sampled_from(["*", "†", "\u0430", "\u0561", "i", "note 1", ""])
    )
    return [DraftNote(key, draw(labels), draw(blocks(1, models))) for key in keys]


@st.composite
def metadata(draw: st.DrawFn, translation: bool = False) -> Metadata:
    """Metadata; a translation also has source language, translators and models."""
    opt = st.one_of(st.none(), raw_strings)
    meta = Metadata(
        title=draw(raw_strings),
        subtitle=draw(opt),
        authors=tuple(draw(st.lists(raw_strings, max_size=3))),
        date=draw(dates),
        language=draw(languages),
        site_name=draw(opt),
        source_url=draw(st.one_of(st.none(), urls)),
        capture=draw(st.one_of(st.none(), captures())),
    )
    if not translation:
        return meta
    names = draw(
        st.lists(st.sampled_from(["opus-mt-en-ru", "nllb-200 600M", "m2m100_418M", "tiny"]), unique=True)
    )
    models = tuple(
        ModelInfo(
            name=name,
            engine=draw(st.sampled_from(["ctranslate2", "argos translate", "ct2"])),
            version=draw(st.sampled_from([None, "1.9", "1.9.6+cu121", "2024-01", "v3"])),
            license=draw(st.sampled_from([None, "CC-BY-4.0", "MIT", "CC-BY-NC 4.0"])),
        )
        for name in names
    )
    return Metadata(
        title=meta.title,
        subtitle=meta.subtitle,
        authors=meta.authors,
        date=meta.date,
        language=meta.language,
        site_name=meta.site_name,
        source_url=meta.source_url,
        source_language=draw(languages),
        translators=tuple(draw(st.lists(raw_strings, max_size=2))),
        models=models,
        title_provenance=draw(st.one_of(st.just(()), provenances(tuple(names)))),
        subtitle_provenance=(
            () if meta.subtitle is None else draw(st.one_of(st.just(()), provenances(tuple(names))))
        ),
        capture=meta.capture,
    )


@st.composite
def documents(draw: st.DrawFn, translation: bool | None = None) -> Document:
    """A normalised document; ``translation`` True/False forces the kind, ``None`` draws it."""
    if translation is None:
        translation = draw(st.booleans())
    meta = draw(metadata(translation))
    models = tuple(m.name for m in meta.models) if translation else None
    body = draw(st.one_of(st.just(()), blocks(2, models)))
    return make_document(meta, body, draw(_notes(models)))


def originals() -> st.SearchStrategy[Document]:
    """Documents that are not translations."""
    return documents(translation=False)


def translations() -> st.SearchStrategy[Document]:
    """Translated documents, with provenance on some blocks."""
    return documents(translation=True)


# --- documents as any archival JSON file may hold them (not in make_document's normal form) ----

#: any character, controls and whitespace of every kind included (lone surrogates left out:
#: they cannot be written as UTF-8)
_any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=8)


@functools.lru_cache
def _raw_inlines(depth: int, notes: tuple[str, ...]) -> st.SearchStrategy[tuple[Inline, ...]]:
    leaves: list[st.SearchStrategy[Inline]] = [_any_text.map(Text), words.map(Text)]
    if notes:
        leaves.append(st.sampled_from(notes).map(NoteRef))
    node: st.SearchStrategy[Inline] = st.one_of(*leaves)
    if depth > 0:
        inner = _raw_inlines(depth - 1, notes)
        node = st.one_of(node, inner.map(Emphasis), inner.map(Strong), st.builds(Link, urls, inner))
    return st.lists(node, max_size=4).map(tuple)


@st.composite
def raw_documents(draw: st.DrawFn) -> Document:
    """A valid Document built directly: empty and adjacent text runs, untrimmed whitespace,
    control characters, empty containers and blocks, unreferenced notes, ids in any order."""
    counter = [0]
    note_ids = tuple(f"n{k}" for k in range(draw(st.integers(0, 2))))

    def next_id(prefix: str) -> str:
        counter[0] += 1
        return f"{prefix}{counter[0]}"

    def make_blocks(depth: int) -> tuple[Block, ...]:
        out: list[Block] = []
        content = _raw_inlines(2, note_ids)
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["p", "h", "fig", "quote", "list"] if depth else ["p", "h", "fig"]))
            if kind == "p":
                out.append(Paragraph(id=next_id("p"), content=draw(content)))
            elif kind == "h":
                out.append(Heading(id=next_id("h"), level=draw(st.integers(1, 6)), content=draw(content)))
            elif kind == "fig":
                out.append(
                    Figure(
                        id=next_id("fig"),
                        src=draw(st.one_of(st.none(), urls)),
                        alt=draw(st.one_of(st.none(), _any_text)),
                        caption=draw(content),
                        credit=draw(st.one_of(st.none(), _any_text)),
                    )
                )
            elif kind == "quote":
                out.append(Quote(id=next_id("quote"), blocks=make_blocks(depth - 1)))
            else:
                items = tuple(make_blocks(depth - 1) for _ in range(draw(st.integers(0, 2))))
                out.append(ListBlock(id=next_id("list"), ordered=draw(st.booleans()), items=items))
        return tuple(out)

    body = make_blocks(2)
    notes = tuple(Footnote(id=n, label=draw(_any_text), blocks=make_blocks(1)) for n in note_ids)
    optional = st.one_of(st.none(), _any_text)
    meta = Metadata(
        title=draw(_any_text),
        subtitle=draw(optional),
        authors=tuple(draw(st.lists(_any_text, max_size=2))),
        date=draw(dates),
        language=draw(languages),
        site_name=draw(optional),
        source_url=draw(st.one_of(st.none(), urls)),
    )
    return Document(metadata=meta, blocks=body, footnotes=notes)
