# ruff: noqa: RUF001, RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Azerbaijani letters are meant)
"""Rule-based sentence segmentation of text and of inline sequences, per language.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (Armenian: ``։``, and ``:`` used for it)
followed by closing quotes or brackets, note references, whitespace and the start of a new
sentence (an upper-case letter, a digit or an opening quote). A full stop after a known
abbreviation of the language (``Dr.``, ``т.е.``, ``թ.``, ``məs.``) or after an initial
(``J.``, ``А.``) does not end a sentence. Armenian question, exclamation and emphasis marks
(``՞``, ``՜``, ``՛``) sit on a word inside the sentence and never end one.

Inline sequences are cut only between top-level nodes (a sentence may span emphasis and
links, and a sentence boundary inside an emphasised or linked run is not used), and a note
reference after the full stop stays with the sentence before it.
"""

from __future__ import annotations

import re

from archivepub.model.nodes import Code, Inline, LineBreak, NoteRef, Text
from archivepub.model.walk import plain_text

__all__ = ["ABBREVIATIONS", "segment_inlines", "split_text"]

#: Abbreviations (lower case, without the final full stop) that do not end a sentence.
#: Every language also uses the English list (names and Latin forms cross languages).
ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "mr mrs ms dr prof sr jr st mt vs e.g i.e cf al fig figs no nos vol vols pp p ed eds "  # noqa: SIM905
        "jan feb mar apr jun jul aug sep sept oct nov dec approx ca c gen col capt lt rev hon "
        "u.s u.k a.d b.c ph.d op cit ibid viz".split()
    ),
    "ru": frozenset(
        "т.е т.к т.н т.о г гг им см ср ул д тов проф акад св стр рис т ст р пос обл напр ок "  # noqa: SIM905
        "в вв изд ред кн ч гл с.-петерб прим пер о-в оз доц канд".split()
    ),
    "hy": frozenset("թ թթ դ դդ պրոֆ դոկտ տ պ օր ք գ մ.թ.ա մ.թ էջ հ ակադ խմբ".split()),  # noqa: SIM905
    "az": frozenset(
        "məs səh küç akad prof dos c ş k r e.ə b.e bax yan fev mart apr iyn iyl avq sent okt "  # noqa: SIM905
        "noy dek qəs ç red".split()
    ),
}

_TERMINATORS = ".!?…\u0589"  # \u0589 Armenian full stop
_CLOSERS = "\"'»”’)]\u00bb"
_OPENERS = "\"'«“‘([\u00ab¿¡"
_NOTE = "\ue000"  # stands for a note reference in the flattened text
_BOUNDARY = re.compile(
    rf"(?P<end>[{re.escape(_TERMINATORS)}]+)(?P<tail>[{re.escape(_CLOSERS)}{_NOTE}]*)(?P<space>\s+)"
    rf"(?=[{re.escape(_OPENERS)}]*(?P<next>\w))",
)
# Armenian text typed without an Armenian keyboard uses ':' as the full stop
_HY_COLON = re.compile(
    rf"(?P<end>:)(?P<tail>[{re.escape(_CLOSERS)}{_NOTE}]*)(?P<space>\s+)(?=(?P<next>[Ա-Ֆ]))"
)
_WORD_BEFORE = re.compile(r"(\w+(?:[.\-]\w+)*)\Z")


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


def _is_abbreviation(before: str, lang: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: J. Smith, А. С. Пушкин
    lowered = word.lower()
    words = ABBREVIATIONS["en"] | ABBREVIATIONS.get(_base(lang), frozenset())
    return lowered in words


def _boundaries(text: str, lang: str) -> list[tuple[int, int]]:
    """Return (start, end) of the whitespace runs in ``text`` that separate sentences."""
    found: list[tuple[int, int]] = []
    patterns = [_BOUNDARY, _HY_COLON] if _base(lang) == "hy" else [_BOUNDARY]
    for pattern in patterns:
        for match in pattern.finditer(text):
            end = match.group("end")
            following = match.group("next")
            if not (following.isupper() or following.isdigit()):
                continue
            if end == "." and _is_abbreviation(text[: match.start("end")], lang):
                continue
            found.append((match.start("space"), match.end("space")))
    return sorted(found)


def split_text(text: str, lang: str) -> list[str]:
    """Split plain ``text`` in language ``lang`` (BCP-47) into sentences.

    >>> split_text("Dr. Brown wrote it, e.g. in 1915. It is lost! Is it?", "en")
    ['Dr. Brown wrote it, e.g. in 1915.', 'It is lost!', 'Is it?']
    >>> split_text("Это т.е. пример. Им. Горького, г. Москва. А. С. Пушкин.", "ru")
    ['Это т.е. пример.', 'Им. Горького, г. Москва.', 'А. С. Пушкин.']
    >>> split_text("Ո՞վ է գրել այն։ 1915 թ. Պոլսում։ Այո՛։", "hy")
    ['Ո՞վ է գրել այն։', '1915 թ. Պոլսում։', 'Այո՛։']

    :param text: the text (whitespace between sentences is dropped).
    :param lang: the language tag; abbreviations of its primary subtag are known.
    """
    out: list[str] = []
    start = 0
    for ws_start, ws_end in _boundaries(text, lang):
        out.append(text[start:ws_start])
        start = ws_end
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _flatten(inlines: tuple[Inline, ...]) -> tuple[str, list[bool]]:
    """Text of ``inlines`` (note references as one private-use character) and, per
    character, whether a cut is allowed there (top-level text only)."""
    parts: list[str] = []
    allowed: list[bool] = []
    for node in inlines:
        if isinstance(node, Text):
            parts.append(node.text)
            allowed.extend([True] * len(node.text))
        elif isinstance(node, NoteRef):
            parts.append(_NOTE)
            allowed.append(False)
        else:
            text = _shown(node)
            parts.append(text)
            allowed.extend([False] * len(text))
    return "".join(parts), allowed


def _shown(node: Inline) -> str:
    """What a node other than text and note references counts as when sentences are cut."""
    if isinstance(node, LineBreak):
        return "\n"
    if isinstance(node, Code):
        return node.text or "x"
    if isinstance(node, NoteRef | Text):
        return "x"
    return plain_text(node.content) or "x"


def segment_inlines(inlines: tuple[Inline, ...], lang: str) -> list[tuple[Inline, ...]]:
    """Split an inline sequence into sentences, each a tuple of inlines.

    Cuts fall only on whitespace in top-level text; the whitespace between sentences is
    dropped (join the segments with one space to rebuild the sequence).

    >>> from archivepub.model import Emphasis
    >>> seq = (Text("One."), NoteRef("fn1"), Text(" Two "), Emphasis((Text("x. Y"),)), Text("."))
    >>> segs = segment_inlines(seq, "en")
    >>> [len(s) for s in segs], segs[0]
    ([2, 3], (Text(text='One.'), NoteRef(note='fn1')))

    :param inlines: a block's inline content (normalised: see ``make_document``).
    :param lang: the language tag of the text.
    """
    flat, allowed = _flatten(inlines)
    cuts = [(a, b) for a, b in _boundaries(flat, lang) if all(allowed[a:b])]
    if not cuts:
        return [inlines] if inlines else []
    segments: list[list[Inline]] = [[]]
    pos = 0
    cut_index = 0
    for node in inlines:
        if isinstance(node, Text):
            text = node.text
            node_start = pos
            consumed = 0
            while cut_index < len(cuts) and cuts[cut_index][0] < node_start + len(text):
                a, b = cuts[cut_index]
                head = text[consumed : a - node_start]
                if head:
                    segments[-1].append(Text(head))
                segments.append([])
                consumed = b - node_start
                cut_index += 1
            tail = text[consumed:]
            if tail:
                segments[-1].append(Text(tail))
            pos += len(text)
        else:
            segments[-1].append(node)
            pos += 1 if isinstance(node, NoteRef) else len(_shown(node))
    return [tuple(seg) for seg in segments if seg]
