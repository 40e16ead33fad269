"""Merge a document's segments into an existing catalog without losing a translator's work.

The rules, applied to each segment in reading order:

1. an entry with the same id and source (``msgctxt`` and ``msgid``) keeps everything: its
   translation, its ``fuzzy`` state, its previous source and the translator's comments;
2. else an entry with the same source under another id (the sentence moved, or a paragraph
   was inserted before it) gives its translation and state;
3. else the translated entry whose source is most similar (at least :data:`SIMILARITY`,
   difflib's ratio, of the first and last :data:`CLIP` characters of a long source; same id
   preferred) and no longer in the article (the sentence was edited) gives its translation
   (when very many sentences were edited at once, only the :data:`NEIGHBOURS` entries
   nearest its place are compared, so that the work stays linear), marked ``fuzzy``, with
   the old source as the previous ``msgid`` (``#|``, and ``#| msgctxt`` if the id
   changed); an entry that already had a previous source keeps the oldest, which is what
   its translation was made from;
4. else the entry is new and empty.

An old entry that no segment took becomes obsolete (``#~``) if it holds a translation (an
empty one is simply dropped; a plural entry, which no segment is, with any of its forms
translated is kept); an obsolete entry whose segment comes back is revived. Plural entries
never lend their translation to a moved or edited sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from archivepub.catalogs.extract import Segment
from archivepub.catalogs.po import PoEntry, PoFile

__all__ = [
    "MACHINE_NOTE",
    "MEMORY_NOTE",
    "REPAIR_NOTE",
    "SIMILARITY",
    "MergeResult",
    "machine_model",
    "merge_segments",
]

#: Extracted comment on machine output: ``machine translation by MODEL, not reviewed ...``.
MACHINE_NOTE = "machine translation by "
#: Extracted comment on a suggestion from the translation memory.
MEMORY_NOTE = "suggested by the translation memory"
#: Extracted comment listing a repair the translation engine made to machine output.
REPAIR_NOTE = "MT repair: "
_STATUS_NOTES = (MACHINE_NOTE, MEMORY_NOTE, REPAIR_NOTE)


def machine_model(entry: PoEntry) -> str | None:
    """The model named by an entry's machine-translation comment, if the entry is fuzzy
    machine output (fuzzy, translated, no previous source), else ``None``.

    >>> e = PoEntry(msgid="a", msgstr="b", flags=["fuzzy"],
    ...     extracted=["machine translation by translate-en_ru-1_9, not reviewed"])
    >>> machine_model(e)
    'translate-en_ru-1_9'
    """
    if not (entry.fuzzy and entry.msgstr and entry.previous_msgid is None):
        return None
    for note in entry.extracted:
        if note.startswith(MACHINE_NOTE):
            return note[len(MACHINE_NOTE) :].split(",")[0].strip() or None
    return None


@dataclass(slots=True)
class MergeResult:
    """A merged catalog and what the merge did (counts of entries)."""

    po: PoFile
    kept: int = 0
    moved: int = 0
    changed: int = 0
    new: int = 0
    obsoleted: int = 0
    revived: int = 0
    #: ids of the entries whose source changed (now fuzzy with a previous msgid)
    changed_ids: list[str] = field(default_factory=list)


def _status_notes(entry: PoEntry) -> list[str]:
    return [n for n in entry.extracted if n.startswith(_STATUS_NOTES)]


def _fresh(seg: Segment, article_id: str) -> PoEntry:
    return PoEntry(
        msgid=seg.text,
        msgctxt=seg.id,
        extracted=seg.comments,
        locations=[f"{article_id}:{seg.block}"],
    )


def merge_segments(old: PoFile, segments: Sequence[Segment], article_id: str) -> MergeResult:
    """Merge ``segments`` into the entries of ``old``; return a new :class:`PoFile`.

    ``old`` is not changed; its header is copied as it is (see
    :func:`archivepub.catalogs.update_catalogs` for the fields archivepub sets).

    >>> from archivepub.catalogs.extract import extract_segments
    >>> from archivepub.model import Metadata, Paragraph, Text, make_document
    >>> doc = make_document(
    ...     Metadata(title="T", language="en"), [Paragraph(content=(Text("The new harbour."),))]
    ... )
    >>> old = PoFile(entries=[PoEntry(msgctxt="p1.1", msgid="The old harbour.", msgstr="Старая гавань.")])
    >>> entry = merge_segments(old, extract_segments(doc), "a").po.entries[1]
    >>> entry.msgstr, entry.fuzzy, entry.previous_msgid
    ('Старая гавань.', True, 'The old harbour.')

    :param old: the catalog as read (an empty :class:`PoFile` for a new one).
    :param segments: the document's segments (:func:`~archivepub.catalogs.extract.extract_segments`).
    :param article_id: the article's id, for the ``#:`` locations.
    """
    result = MergeResult(
        po=PoFile(
            header_comments=list(old.header_comments),
            headers=list(old.headers),
            header_flags=list(old.header_flags),
        )
    )
    active = [e for e in old.entries if not e.obsolete]
    obsolete = [e for e in old.entries if e.obsolete]
    by_key: dict[tuple[str | None, str], PoEntry] = {}
    for e in obsolete + active:  # active entries win over obsolete ones with the same key
        by_key[e.key] = e
    by_msgid: dict[str, list[PoEntry]] = {}
    for e in active + obsolete:
        if e.msgstr and e.msgid_plural is None:
            by_msgid.setdefault(e.msgid, []).append(e)
    for candidates in by_msgid.values():
        candidates.sort(key=lambda e: (e.obsolete, e.fuzzy))  # reviewed active entries first
    used: set[int] = set()
    entries: list[PoEntry] = []
    pending: list[tuple[int, Segment]] = []
    for index, seg in enumerate(segments):
        entry = _fresh(seg, article_id)
        entries.append(entry)
        same = by_key.get((seg.id, seg.text))
        moved = by_msgid.get(seg.text, [None])[0]
        if same is not None:
            _take(entry, same, status=True)
            entry.previous_msgctxt, entry.previous_msgid = same.previous_msgctxt, same.previous_msgid
            if same.obsolete:
                result.revived += 1
            else:
                result.kept += 1
            used.add(id(same))
        elif moved is not None:
            _take(entry, moved, status=True)
            entry.previous_msgid = moved.previous_msgid if moved.fuzzy else None
            result.moved += 1
            used.add(id(moved))
        else:
            pending.append((index, seg))
    # edited sentences: the most similar translated entry whose source is gone
    texts = {seg.text for seg in segments}
    place = {id(e): i for i, e in enumerate(active)}
    candidates = [
        e
        for e in active
        if e.msgstr and e.msgid_plural is None and e.msgid not in texts and id(e) not in used
    ]
    places = [place[id(e)] for e in candidates]
    # many edits at once (a global change of the source): each edited sentence is compared
    # with the old entries nearest its place in the article, not with all of them
    near = len(pending) * len(candidates) > MAX_PAIRS
    for index, seg in pending:
        entry = entries[index]
        pool = candidates
        if near:
            at = bisect.bisect_left(places, index * len(active) / max(len(segments), 1))
            pool = candidates[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]
        edited = _most_similar(seg, [e for e in pool if id(e) not in used])
        if edited is None:
            result.new += 1
            continue
        used.add(id(edited))
        _take(entry, edited, status=False)
        entry.set_fuzzy(True)
        keep_old = edited.fuzzy and edited.previous_msgid is not None
        entry.previous_msgid = edited.previous_msgid if keep_old else edited.msgid
        if edited.msgctxt != seg.id:
            entry.previous_msgctxt = edited.previous_msgctxt if keep_old else edited.msgctxt
        result.changed += 1
        result.changed_ids.append(seg.id)
    result.po.entries.extend(entries)
    taken = {e.key for e in result.po.entries}
    gone: dict[tuple[str | None, str], PoEntry] = {}
    for e in obsolete:
        if e.key not in taken and id(e) not in used:
            gone[e.key] = e
    for e in active:
        if id(e) in used or not e.has_translation or e.key in taken:
            continue
        gone[e.key] = replace(
            e,
            obsolete=True,
            msgstr_plural=list(e.msgstr_plural),
            flags=list(e.flags),
            comments=list(e.comments),
            extracted=list(e.extracted),
            locations=list(e.locations),
        )
        result.obsoleted += 1
    result.po.entries.extend(gone.values())
    return result


#: How similar (difflib ratio) an edited source must be to its old version to keep its translation.
SIMILARITY = 0.6
#: Sources longer than twice this are compared by their first and last this many characters
#: (difflib's ratio takes quadratic time in the length of the strings).
CLIP = 150
#: Above this many (edited sentence, old entry) pairs, each edited sentence is compared only
#: with the :data:`NEIGHBOURS` old entries on each side of its place in the article.
MAX_PAIRS = 20_000
NEIGHBOURS = 25


def _clip(text: str) -> str:
    return text if len(text) <= 2 * CLIP else text[:CLIP] + text[-CLIP:]


def _most_similar(seg: Segment, candidates: Sequence[PoEntry]) -> PoEntry | None:
    best: PoEntry | None = None
    best_score = SIMILARITY
    for entry in candidates:
        matcher = SequenceMatcher(None, _clip(entry.msgid), _clip(seg.text), autojunk=False)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio() + (0.05 if entry.msgctxt == seg.id else 0.0)
        if score >= best_score:
            best, best_score = entry, score
    return best


def _take(entry: PoEntry, old: PoEntry, *, status: bool) -> None:
    """Copy the translator's side of ``old`` into ``entry`` (a fresh entry)."""
    entry.msgstr = old.msgstr
    entry.msgid_plural = old.msgid_plural
    entry.msgstr_plural = list(old.msgstr_plural)
    entry.flags = list(old.flags)
    entry.comments = list(old.comments)
    if status and old.fuzzy:
        entry.extracted = entry.extracted + _status_notes(old)
