# ruff: noqa: RUF002  (Armenian and Russian examples are meant)
"""QA of catalog entries: translate-toolkit's pofilter checks, plus archivepub's own.

translate-toolkit (GPL-2.0-or-later) runs the checks it knows well, with its rules per target
language (the Armenian full stop ``։`` ends a sentence for ``endpunc``): :data:`TOOLKIT_CHECKS`.
archivepub adds what only it knows:

``notes``     every ``<noteN/>`` of the source is in the translation, once (error)
``links``     every link ``<aN>…</aN>`` of the source is in the translation, once (error)
``markup``    tags are well nested and no emphasis was lost (warning)
``glossary``  a glossary term of the source has its forced translation (warning)
``mt-repair`` the translation engine had to repair this machine output (warning)
``blank``     a reviewed translation that is only white space (error: the build would
              publish nothing for the sentence; it is used as untranslated instead)
``plurals``   a reviewed plural entry has as many forms as the header's ``Plural-Forms`` says
              (error, as for ``msgfmt --check``; article catalogs have no plural entries)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivepub.catalogs.merge import REPAIR_NOTE
from archivepub.catalogs.po import PoEntry, PoFile
from archivepub.transforms.glossary import Glossary
from archivepub.transforms.tags import TAG_PATTERN, TagMap, escape, tagged_to_inlines

__all__ = [
    "ERROR_CHECKS",
    "TOOLKIT_CHECKS",
    "TOOLKIT_LIMIT",
    "Problem",
    "check_catalog",
    "check_draft",
    "check_entry",
    "summarise",
]

#: translate-toolkit checks archivepub runs (others do not fit prose with tags: quoting
#: styles differ by language, capitals after a tag, accelerators, printf, ...).
TOOLKIT_CHECKS = (
    "xmltags",
    "numbers",
    "urls",
    "emails",
    "brackets",
    "endpunc",
    "startpunc",
    "untranslated",
    "unchanged",
    "doublespacing",
    "doublewords",
    "startwhitespace",
    "endwhitespace",
    "newlines",
    "escapes",
    "tabs",
    "purepunc",
)

#: Strings longer than this (in characters) skip translate-toolkit's checks, which take
#: quadratic time on long runs of letters, digits, spaces or ``<``: archivepub's linear
#: versions of its error-level checks run instead, and a ``long`` warning says so.
TOOLKIT_LIMIT = 1000

#: Checks whose failure is an error (``locales check`` exits 1); the others are warnings.
ERROR_CHECKS = frozenset(
    {"xmltags", "numbers", "urls", "emails", "newlines", "escapes", "notes", "links", "plurals", "blank"}
)

_LINK_OPEN = re.compile(r"<a(\d+)>")
_LINK_CLOSE = re.compile(r"</a(\d+)>")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
_NOTE = re.compile(r"<note(\d+)\s*/>")


@dataclass(frozen=True, slots=True)
class Problem:
    """One failed check of one entry.

    ``str(problem)`` is ``file:line: [check] level: id: message``.
    """

    path: str
    line: int
    check: str
    message: str
    msgctxt: str | None = None
    level: str = "warning"

    def __str__(self) -> str:
        where = f"{self.msgctxt}: " if self.msgctxt else ""
        return f"{self.path}:{self.line}: [{self.check}] {self.level}: {where}{self.message}"


def _checker(lang: str, source_lang: str = "en") -> Any:
    from translate.filters import checks
    from translate.lang import factory

    config = checks.CheckerConfig(targetlanguage=lang)
    checker = checks.StandardChecker(checkerconfig=config, limitfilters=list(TOOLKIT_CHECKS))
    checker.config.sourcelang = factory.getlanguage(source_lang)
    return checker


_TAG_NUMBER = re.compile(r"<(/?)(a|note)\d+\s*(/?)>")
_QUOTES = re.compile('["\u00ab\u00bb\u201c\u201d\u201e\u201f]')


def _for_toolkit(text: str, lang: str, target: str) -> str:
    """What translate-toolkit's checks see of a string.

    Tags lose their numbers (``<a>``, ``<note/>``): the numbers check would count them, and
    archivepub's own ``notes`` and ``links`` checks compare the numbered tags. Double quotation
    marks are left out: each language quotes its own way (``"…"``, ``«…»``, ``„…“``) and puts
    the full stop inside or outside, which startpunc and endpunc would report everywhere. An
    Armenian source's full stop ``։`` becomes ``.`` for a target in another language.
    """
    text = _QUOTES.sub("", _TAG_NUMBER.sub(r"<\1\2\3>", text))
    if lang == "hy" and target != "hy":
        text = text.replace("\u0589", ".")
    return text


def _toolkit(checker: Any, entry: PoEntry, source_lang: str, lang: str) -> list[tuple[str, str]]:
    """translate-toolkit's checks of one entry, or, for a string longer than
    :data:`TOOLKIT_LIMIT`, archivepub's linear versions of its error-level checks and a
    ``long`` warning saying that its other checks were skipped."""
    from translate.storage import pypo

    source = _for_toolkit(entry.msgid, source_lang, lang)
    target = _for_toolkit(entry.msgstr, lang, lang)
    size = max(len(entry.msgid), len(entry.msgstr))
    if size > TOOLKIT_LIMIT:
        found = _linear_checks(source, target)
        found.append(
            (
                "long",
                f"{size} characters: translate-toolkit's checks skipped (they take quadratic time on"
                " long strings); tags, notes, links, numbers, URLs, e-mails, line breaks and escapes"
                " were checked",
            )
        )
        return found
    unit = pypo.pounit(source)
    unit.target = target
    failures: dict[str, str] = checker.run_filters(unit)
    return [(name, str(message)) for name, message in failures.items()]


_DIGITS = re.compile(r"\d+")
_URL = re.compile(r"(?:https?:|ftp:|www\.)[\w/.:;+\-~%#$?=&,()]+")
_MAIL_RUN = re.compile(r"[\w.@-]+")
_ANY_TAG = re.compile(r"<[^<>]*>")


def _emails(text: str) -> Counter[str]:
    """E-mail addresses (``name@host``) in ``text``, in one pass."""
    found: Counter[str] = Counter()
    for run in _MAIL_RUN.findall(text):
        if "@" not in run:
            continue
        parts = run.split("@")
        i = 0
        while i + 1 < len(parts):
            if parts[i] and parts[i + 1]:
                found[f"{parts[i]}@{parts[i + 1]}"] += 1
                i += 2
            else:
                i += 1
    return found


def _linear_checks(source: str, target: str) -> list[tuple[str, str]]:
    """The error-level checks of translate-toolkit, in linear time (for long strings)."""
    out: list[tuple[str, str]] = []
    if Counter(_ANY_TAG.findall(source)) != Counter(_ANY_TAG.findall(target)):
        out.append(("xmltags", "Different XML tags"))
    if Counter(_DIGITS.findall(source)) != Counter(_DIGITS.findall(target)):
        out.append(("numbers", "Different numbers"))
    if Counter(_URL.findall(source)) != Counter(_URL.findall(target)):
        out.append(("urls", "Different URLs"))
    if _emails(source) != _emails(target):
        out.append(("emails", "Different e-mails"))
    if (source.count("\n"), source.count("\r")) != (target.count("\n"), target.count("\r")):
        out.append(("newlines", "Different line endings"))
    if source.count("\\") != target.count("\\"):
        out.append(("escapes", "Escapes in original don't match escapes in translation"))
    return out


def _tag_map(msgid: str) -> TagMap:
    # tags are numbered from 1 in each sentence: a number beyond the length of the text is no
    # tag of it (and must not make a table that large)
    links = min(max((int(n) for n in _LINK_OPEN.findall(msgid)), default=0), len(msgid))
    notes = min(max((int(n) for n in _NOTE.findall(msgid)), default=0), len(msgid))
    return TagMap(
        links=tuple(f"#{n}" for n in range(1, links + 1)),
        notes=tuple(f"{n}" for n in range(1, notes + 1)),
        emphasis=msgid.count("<em>"),
        strong=msgid.count("<strong>"),
    )


def _own_checks(entry: PoEntry, glossary: Glossary | None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    source, target = entry.msgid, entry.msgstr
    # counted once per string (not once per tag: a sentence may hold thousands of marks)
    notes = Counter(_NOTE.findall(target))
    for n in sorted(set(_NOTE.findall(source)), key=int):
        count = notes[n]
        if count != 1:
            what = "missing" if count == 0 else f"there {count} times"
            out.append(("notes", f"footnote mark <note{n}/> is {what} in the translation"))
    opens, closes = Counter(_LINK_OPEN.findall(target)), Counter(_LINK_CLOSE.findall(target))
    for n in sorted(set(_LINK_OPEN.findall(source)), key=int):
        opened, closed = opens[n], closes[n]
        if (opened, closed) != (1, 1):
            out.append(
                (
                    "links",
                    f"link <a{n}>…</a{n}> must be in the translation once (found {opened} open, "
                    f"{closed} closed)",
                )
            )
    extra = {m.group(0) for m in TAG_PATTERN.finditer(target)} - {
        m.group(0) for m in TAG_PATTERN.finditer(source)
    }
    for tag in sorted(extra):
        check = "notes" if "note" in tag else "links" if re.match(r"</?a\d", tag) else "markup"
        if check != "markup" or tag not in ("<em>", "</em>", "<strong>", "</strong>"):
            out.append((check, f"tag {tag} is not in the source"))
    _, repairs = tagged_to_inlines(target, _tag_map(source))
    for repair in repairs:
        if repair.startswith(("note ", "link ", "repeated", "unknown tag")):
            continue  # reported above as notes/links
        out.append(("markup", repair))
    if glossary is not None and glossary.pattern is not None:
        for match in dict.fromkeys(m.group(0) for m in glossary.pattern.finditer(source)):
            expected = escape(glossary.target_of(match))
            if expected == "=" or not expected:
                expected = match
            if expected not in target:
                out.append(("glossary", f"glossary: \u201c{match}\u201d should be \u201c{expected}\u201d"))
    for note in entry.extracted:
        if note.startswith(REPAIR_NOTE) and entry.fuzzy:
            out.append(("mt-repair", note[len(REPAIR_NOTE) :]))
    return out


def check_entry(
    entry: PoEntry, lang: str, glossary: Glossary | None = None, source_lang: str = "en"
) -> list[tuple[str, str]]:
    """Run every check on one entry; return ``(check, message)`` pairs.

    >>> e = PoEntry(msgid="In the 1930s<note1/>.", msgstr="В 1940-х.", msgctxt="p1.1")
    >>> sorted(name for name, _ in check_entry(e, "ru"))
    ['notes', 'numbers', 'xmltags']

    :param entry: the entry (untranslated ones fail only ``untranslated``).
    :param lang: the target language code.
    :param glossary: the target language's glossary.
    :param source_lang: the language of the ``msgid``.
    """
    out = _toolkit(_checker(lang, source_lang), entry, source_lang, lang)
    if entry.msgstr:
        out += _own_checks(entry, glossary)
    return out


def _entry_problems(
    entry: PoEntry,
    path: str,
    lang: str,
    source_lang: str,
    checker: Any,
    glossary: Glossary | None,
    *,
    untranslated: bool,
) -> list[Problem]:
    line = entry.msgstr_line or entry.line
    if entry.msgstr and not entry.msgstr.strip() and entry.msgid.strip():
        # a blank reviewed translation would make the sentence vanish from the edition
        message = (
            "the translation is only white space: the sentence would vanish"
            " (empty it to leave it untranslated)"
        )
        return [Problem(path, line, "blank", message, entry.msgctxt, "warning" if entry.fuzzy else "error")]
    if not entry.msgstr:
        if not untranslated:
            return []
        return [Problem(path, line, "untranslated", "not translated", entry.msgctxt, "warning")]
    found = _toolkit(checker, entry, source_lang, lang)
    found += _own_checks(entry, glossary)
    suffix = " (fuzzy)" if entry.fuzzy else ""
    return [
        Problem(
            path, line, name, message + suffix, entry.msgctxt, "error" if name in ERROR_CHECKS else "warning"
        )
        for name, message in found
    ]


def check_catalog(
    po: PoFile, path: str | Path, lang: str, glossary: Glossary | None = None, *, untranslated: bool = True
) -> list[Problem]:
    """Check every active entry of a catalog; return the problems in file order.

    :param po: the parsed catalog.
    :param path: its file name, for the messages.
    :param lang: the target language code.
    :param glossary: the target language's glossary.
    :param untranslated: report empty entries (``untranslated``, a warning).

    The source language is the catalog's ``X-Source-Language`` header (default ``en``).
    """
    source_lang = po.header("X-Source-Language") or "en"
    checker = _checker(lang, source_lang)
    problems: list[Problem] = []
    nplurals = _NPLURALS.search(po.header("Plural-Forms") or "")
    for entry in po.active():
        if entry.msgid_plural is not None:
            # a translator's plural entry (articles have none): msgfmt --check's rule only
            if nplurals is not None and entry.has_translation and not entry.fuzzy:
                forms, wanted = len(entry.msgstr_plural), int(nplurals.group(1))
                if forms != wanted:
                    message = f"{forms} plural forms, the header's Plural-Forms has {wanted}"
                    problems.append(
                        Problem(str(path), entry.msgstr_line, "plurals", message, entry.msgctxt, "error")
                    )
            continue
        problems += _entry_problems(
            entry, str(path), lang, source_lang, checker, glossary, untranslated=untranslated
        )
    return problems


def check_draft(
    entry: PoEntry, path: str | Path, lang: str, glossary: Glossary | None = None, *, source_lang: str = "en"
) -> list[Problem]:
    """Check one entry as ``locales check`` would check it in its catalog: the same checks,
    levels and messages (a review tool runs this on a translation being typed).

    >>> e = PoEntry(msgid="Since 1930<note1/>.", msgstr="С 1930 г.", msgctxt="p2.1", msgstr_line=9)
    >>> for problem in check_draft(e, "ru.po", "ru"):
    ...     print(problem)
    ru.po:9: [xmltags] error: p2.1: Different XML tags
    ru.po:9: [notes] error: p2.1: footnote mark <note1/> is missing in the translation

    :param entry: the entry with the draft as its ``msgstr`` (and its ``fuzzy`` flag as it
        would be saved: ``mt-repair`` is reported for fuzzy entries only).
    :param path: the catalog's file name, for the messages.
    :param lang: the target language code.
    :param glossary: the target language's glossary.
    :param source_lang: the language of the ``msgid`` (the catalog's ``X-Source-Language``).
    """
    checker = _checker(lang, source_lang)
    return _entry_problems(entry, str(path), lang, source_lang, checker, glossary, untranslated=True)


def summarise(problems: Iterable[Problem]) -> tuple[int, int]:
    """``(errors, warnings)`` among ``problems``."""
    items: Sequence[Problem] = list(problems)
    errors = sum(1 for p in items if p.level == "error")
    return errors, len(items) - errors
