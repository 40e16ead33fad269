# ruff: noqa: RUF002  (Cyrillic examples are meant)
"""Glossaries (do-not-translate terms and forced translations) and protected spans.

A glossary is a UTF-8 tab-separated file, one per target language, conventionally
``locales/<lang>/glossary.tsv``::

    # source term<TAB>target term      (lines starting with # are comments)
    State Archive<TAB>Государственный архив
    Archivepub<TAB>=

A target of ``=`` (or an empty one) keeps the term as it is. Terms match whole words, case
sensitively, longest first, and never inside a tag. Before translation each match, and every
URL and e-mail address in the text, becomes a placeholder ``<g1/>``, ``<g2/>``, … that the
model copies; after translation the placeholders are replaced by the forced target (or the
original URL) and checked: a placeholder the model dropped is recorded as a repair.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from archivepub.errors import ReadError
from archivepub.transforms.tags import TAG_PATTERN, escape

__all__ = [
    "Glossary",
    "GlossaryEntry",
    "Protected",
    "glossary_for",
    "glossary_path",
    "load_glossary",
    "protect",
    "restore",
]

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]»]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PLACEHOLDER = re.compile(r"<\s*g\s*(\d+)\s*/?\s*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A source term and its forced translation (the term itself for do-not-translate)."""

    source: str
    target: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms of one target language."""

    entries: tuple[GlossaryEntry, ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.entries:
            terms = sorted({e.source for e in self.entries}, key=len, reverse=True)
            alternation = "|".join(re.escape(escape(t)) for t in terms)
            object.__setattr__(self, "_pattern", re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"))

    def target_of(self, term: str) -> str:
        """The forced translation of ``term``."""
        for entry in self.entries:
            if escape(entry.source) == term:
                return entry.target
        return term

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled matcher of every term (``None`` for an empty glossary)."""
        return self._pattern


def glossary_path(locales: str | os.PathLike[str], lang: str) -> Path:
    """Where the glossary of ``lang`` lives under a ``locales`` folder."""
    return Path(locales) / lang / "glossary.tsv"


def glossary_for(locales: str | os.PathLike[str], lang: str) -> Glossary | None:
    """The glossary of ``lang`` (a code or tag: ``az-Latn`` uses ``az``) under ``locales``, if any.

    :param locales: the folder holding ``<lang>/glossary.tsv`` files.
    :param lang: the target language.
    """
    path = glossary_path(locales, lang.split("-")[0].lower())
    return load_glossary(path) if path.is_file() else None


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read a glossary file (see the module documentation for the format).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "glossary.tsv"
    >>> _ = p.write_text("# comment\\nState Archive\\tГосархив\\nArchivepub\\t=\\n", encoding="utf-8")
    >>> [(e.source, e.target) for e in load_glossary(p).entries]
    [('State Archive', 'Госархив'), ('Archivepub', 'Archivepub')]

    :param path: the ``.tsv`` file.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError("glossary is not UTF-8", source=path) from exc
    except OSError as exc:
        raise ReadError(f"cannot read glossary: {exc.strerror or exc}", source=path) from exc
    entries: list[GlossaryEntry] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        columns = line.split("\t")
        source = columns[0].strip()
        target = columns[1].strip() if len(columns) > 1 else ""
        if not source:
            raise ReadError("empty source term", source=path, line=number)
        if len(columns) > 3:
            raise ReadError(
                "expected: source term, tab, target term (and an optional note)", source=path, line=number
            )
        entries.append(GlossaryEntry(source, source if target in ("", "=") else target, number))
    return Glossary(tuple(entries))


@dataclass(frozen=True, slots=True)
class Protected:
    """A tagged string with placeholders, and what each placeholder stands for."""

    text: str
    #: (what to put back, how to name it in a repair) for ``<g1/>``, ``<g2/>``, ...
    values: tuple[tuple[str, str], ...] = ()


def protect(tagged: str, glossary: Glossary | None = None) -> Protected:
    """Replace URLs, e-mail addresses and glossary terms in the text parts by placeholders.

    >>> g = Glossary((GlossaryEntry("State Archive", "Госархив"),))
    >>> p = protect("See <a1>the State Archive</a1> at https://e.org/a_b.", g)
    >>> p.text
    'See <a1>the <g1/></a1> at <g2/>.'
    >>> restore("Смотри <a1><g1/></a1>: <g2/>.", p)
    ('Смотри <a1>Госархив</a1>: https://e.org/a_b.', ())

    :param tagged: a tagged segment (see :mod:`archivepub.transforms.tags`).
    :param glossary: the terms of the target language.
    """
    values: list[tuple[str, str]] = []
    out: list[str] = []
    pos = 0

    def replace_term(match: re.Match[str]) -> str:
        term = match.group(0)
        values.append((escape(glossary.target_of(term)) if glossary else term, f"glossary term {term!r}"))
        return f"<g{len(values)}/>"

    def replace_url(match: re.Match[str]) -> str:
        values.append((match.group(0), f"address {match.group(0)}"))
        return f"<g{len(values)}/>"

    def chunk(text: str) -> str:
        text = _URL.sub(replace_url, text)
        if glossary is not None and glossary.pattern is not None:
            parts = re.split(r"(<g\d+/>)", text)
            text = "".join(p if i % 2 else glossary.pattern.sub(replace_term, p) for i, p in enumerate(parts))
        return text

    for match in TAG_PATTERN.finditer(tagged):
        out.append(chunk(tagged[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(chunk(tagged[pos:]))
    return Protected("".join(out), tuple(values))


def restore(text: str, protected: Protected) -> tuple[str, tuple[str, ...]]:
    """Put back what the placeholders of ``protected`` stand for; return the text and repairs."""
    repairs: list[str] = []
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= len(protected.values):
            repairs.append(f"unknown placeholder {match.group(0)} removed")
            return ""
        if n in seen:
            repairs.append(f"{protected.values[n - 1][1]} repeated by the model")
        seen.add(n)
        return protected.values[n - 1][0]

    restored = _PLACEHOLDER.sub(put_back, text)
    for n, (_value, label) in enumerate(protected.values, start=1):
        if n not in seen:
            repairs.append(f"{label} missing from the translation")
    return restored, tuple(repairs)
