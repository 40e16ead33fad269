"""How far review has got: reviewed, fuzzy and untranslated entries and words per catalog."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archivepub.catalogs.po import PoFile
from archivepub.catalogs.update import read_catalog
from archivepub.errors import CatalogError
from archivepub.transforms.tags import TAG_PATTERN, unescape

__all__ = [
    "STATES",
    "CatalogStatus",
    "Count",
    "catalog_status",
    "find_catalogs",
    "load_statuses",
    "status_table",
    "word_count",
]

#: The states of an entry, in the order tables show them.
STATES = ("reviewed", "fuzzy", "untranslated")
_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")


def word_count(text: str) -> int:
    """Words of a source text, tags left out.

    >>> word_count("The <em>harbour's</em> ledgers, 1920-1939<note1/>.")
    4
    """
    return len(_WORD.findall(unescape(TAG_PATTERN.sub(" ", text))))


@dataclass(slots=True)
class Count:
    """Entries and source words."""

    entries: int = 0
    words: int = 0

    def add(self, other: Count) -> None:
        """Add ``other`` to this count."""
        self.entries += other.entries
        self.words += other.words


@dataclass(slots=True)
class CatalogStatus:
    """The state of one catalog (obsolete entries are not counted)."""

    path: str
    article: str
    lang: str
    counts: dict[str, Count] = field(default_factory=lambda: {s: Count() for s in STATES})

    @property
    def total(self) -> Count:
        """All entries and words of the catalog."""
        out = Count()
        for count in self.counts.values():
            out.add(count)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (see ``archivepub locales status --json``)."""
        data: dict[str, Any] = {"path": self.path, "article": self.article, "lang": self.lang}
        for state in STATES:
            data[state] = {"entries": self.counts[state].entries, "words": self.counts[state].words}
        total = self.total
        data["total"] = {"entries": total.entries, "words": total.words}
        return data


def catalog_status(po: PoFile, path: str, article: str, lang: str) -> CatalogStatus:
    """Count a catalog's entries: reviewed (translated, not fuzzy), fuzzy (translated, fuzzy)
    and untranslated (empty ``msgstr``, or only white space, fuzzy or not).

    :param po: the parsed catalog.
    :param path: its file name.
    :param article: the article id.
    :param lang: the target language.
    """
    status = CatalogStatus(path=path, article=article, lang=lang)
    for entry in po.active():
        forms = entry.msgstr_plural if entry.msgid_plural is not None else [entry.msgstr]
        translated = entry.translated and all(f.strip() for f in forms)  # blank is no translation
        state = "untranslated" if not translated else "fuzzy" if entry.fuzzy else "reviewed"
        count = status.counts[state]
        count.entries += 1
        count.words += word_count(entry.msgid)
    return status


def find_catalogs(locales: Path, langs: Sequence[str] | None = None) -> list[tuple[str, str, Path]]:
    """Every article catalog under ``locales``: ``(lang, article id, path)``, sorted.

    :param locales: the locales folder.
    :param langs: only these languages (default: every folder with an ``LC_MESSAGES``).
    """
    if not locales.is_dir():
        raise CatalogError("no such folder", source=locales)
    out: list[tuple[str, str, Path]] = []
    for lang_dir in sorted(p for p in locales.iterdir() if (p / "LC_MESSAGES").is_dir()):
        if langs is not None and lang_dir.name not in langs:
            continue
        for path in sorted((lang_dir / "LC_MESSAGES").glob("*.po")):
            out.append((lang_dir.name, path.stem, path))
    return out


def status_table(statuses: Iterable[CatalogStatus]) -> tuple[list[list[str]], dict[str, Any]]:
    """Rows of the status table (with a header and a total row) and the JSON report.

    Each state's column is ``entries (words)``; the total row is the sum of the rows above.
    """
    items = list(statuses)
    header = ["article", "lang", *STATES, "total"]
    rows = [header]
    totals = {s: Count() for s in STATES}
    for st in items:
        for s in STATES:
            totals[s].add(st.counts[s])
        rows.append([st.article, st.lang, *(_cell(st.counts[s]) for s in STATES), _cell(st.total)])
    grand = Count()
    for count in totals.values():
        grand.add(count)
    rows.append(["total", "", *(_cell(totals[s]) for s in STATES), _cell(grand)])
    report = {
        "catalogs": [st.as_dict() for st in items],
        "total": {
            **{s: {"entries": totals[s].entries, "words": totals[s].words} for s in STATES},
            "total": {"entries": grand.entries, "words": grand.words},
        },
    }
    return rows, report


def _cell(count: Count) -> str:
    return f"{count.entries} ({count.words} w)"


def load_statuses(locales: Path, langs: Sequence[str] | None = None) -> list[CatalogStatus]:
    """The status of every catalog under ``locales`` (malformed ones raise :class:`CatalogError`)."""
    return [
        catalog_status(read_catalog(path), str(path), article, lang)
        for lang, article, path in find_catalogs(locales, langs)
    ]
