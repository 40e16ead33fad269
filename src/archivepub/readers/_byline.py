"""Recognise byline lines ("By Jane Doe", "Автор: Иван Петров") and split author lists."""

# ruff: noqa: RUF001, RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import re

from archivepub.readers._dates import WEEKDAYS, search_date

__all__ = ["parse_byline", "split_authors"]

# "By X", "Words by X", "Von X" ... (a word, then the names)
_PREFIX_WORDS = r"(?:Written\s+|Words\s+|Text\s+|Story\s+|Reporting\s+|Report\s+|Posted\s+)?by|Von|Par|Por"
# "Автор: X", "Müəllif: X", "Հեղինակ՝ X" (a label, then ":" / "՝" / a dash)
_LABELS = (
    r"Authors?|Writers?|Words|Text|Reporter|Reporting|Story|Автор(?:ы)?|Текст|Текст\s+и\s+фото|"
    r"Подготовил(?:а|и)?|Корреспондент|Автор\s+статьи|Հեղինակ(?:ներ)?|Հեղինակը|Հեղինակներ|"
    r"Müəllif(?:lər)?|Yazar|Yazan|Müəllifi|Autor(?:en|es|a)?|Auteur(?:s|e)?|Texte|Testo"
)
_BYLINE = re.compile(
    rf"^\s*(?:(?:{_PREFIX_WORDS})\s+|(?:{_LABELS})\s*(?::|՝|\s[-–—])\s*)(?P<names>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)

_ROLE_WORDS = (
    r"(?:staff\s+writer|staff\s+reporter|senior\s+\w+|chief\s+\w+|\w+\s+correspondent|correspondent|"
    r"reporter|editor|contributor|columnist)s?|special\s+to\s+.*|for\s+.*|in\s+[A-Z].*|"
    r"корреспондент|обозреватель|редактор|журналист|специально\s+для\s+.*|"
    r"müxbir|redaktor|թղթակից|խմբագիր"
)
_CONJ = r"(?:and|und|et|y|e|и|və|ve|և|ու)"
_AND = re.compile(rf"\s*(?:,\s*{_CONJ}\s+|,|;|&|\s+{_CONJ}\s+)\s*", re.IGNORECASE)
_WEEKDAY_ALT = "|".join(sorted((re.escape(w) for w in WEEKDAYS if " " not in w), key=len, reverse=True))
#: "X (with Y and Z)": the co-authors named in a parenthesis are authors too
_WITH = re.compile(r"\(\s*(?:with|avec|mit|con|com|с|ilə)\s+([^()]+)\)", re.IGNORECASE)
_PAREN = re.compile(r"\([^()]*\)")
_NAME_PART = re.compile(r"[^\W\d_][\w'’.\-]*", re.UNICODE)


def _looks_like_name(text: str) -> bool:
    """A personal or agency name: 1-6 words, mostly capitalised, no sentence punctuation."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 80:
        return False
    if re.search(r"[!?;:\"«»“”]|\d", text):
        return False
    small = {"de", "da", "van", "von", "der", "den", "la", "le", "di", "del", "bin", "ibn", "al", "el", "du"}
    if not any(w[:1].isupper() for w in words):
        return False
    return all(w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words)


def split_authors(text: str) -> list[str]:
    """Split a known author string into names.

    >>> split_authors("Jane Doe and John Roe")
    ['Jane Doe', 'John Roe']
    >>> split_authors("A, B & C")
    ['A', 'B', 'C']
    >>> split_authors("А. Б. Иванов, В. Петров")
    ['А. Б. Иванов', 'В. Петров']

    >>> split_authors("Martin Untersinger (avec Damien Leloup et Morgane Tual)")
    ['Martin Untersinger', 'Damien Leloup', 'Morgane Tual']
    >>> split_authors("Jane Doe (Reuters), John Roe")
    ['Jane Doe (Reuters)', 'John Roe']

    :param text: one or more names, joined by commas, "and", "&", "и", "və", "և"; co-authors
        in a "(with X and Y)" parenthesis are names too; other parentheses are never split.
    """
    text = _WITH.sub(lambda m: f", {m.group(1)}", text)
    # separators inside a remaining parenthesis belong to it: hide them while splitting
    hidden = {f"\x00{i}\x00": m.group(0) for i, m in enumerate(_PAREN.finditer(text))}
    for key, value in hidden.items():
        text = text.replace(value, key, 1)
    parts = []
    for part in _AND.split(text.strip()):
        for key, value in hidden.items():
            part = part.replace(key, value)
        parts.append(part)
    names = [part.strip(" \t.,;") if not re.search(r"\b\w\.$", part.strip()) else part.strip(" \t,;")
             for part in parts]  # fmt: skip
    out: list[str] = []
    for name in names:
        name = re.sub(r"\s+", " ", name).strip()
        if name and name not in out:
            out.append(name)
    return out


def _strip_tail(names: str) -> str:
    """Remove a date, a time, a role and separators that follow the names."""
    # cut at a pipe, a bullet or a middle dot: what follows is a date or a section
    names = re.split(r"\s*[|•·]\s*|\s+[–—]\s+|\s+-\s+", names, maxsplit=1)[0]
    # cut at a date ("on 18 April 2024", ", 18 April 2024", "18.04.2024")
    found = search_date(names)
    if found is not None:
        head = names[: found[1]]
        # what stands between the names and the date: "on", a weekday, a comma
        head = re.sub(rf"(?:,?\s*(?:on|am|le|el|от|published|updated)?\s*(?:(?:{_WEEKDAY_ALT})\.?)?,?\s*)$",
                      "", head, flags=re.IGNORECASE)  # fmt: skip
        names = head
    names = re.sub(r"\s*\b(?:updated|published|posted|обновлено|опубликовано)\b.*$", "", names, flags=re.I)
    # cut a role after a comma: "Jane Doe, Staff Writer"
    parts = [p for p in re.split(r"\s*,\s*", names)]
    kept: list[str] = []
    for part in parts:
        if re.fullmatch(_ROLE_WORDS, part, re.IGNORECASE):
            break
        kept.append(part)
    names = ", ".join(kept)
    names = re.sub(r"\s+(?:in|for)\s+[A-Z][\w ]*$", "", names)
    return names.strip(" ,.;")


def parse_byline(text: str) -> list[str] | None:
    """Return the authors named by a byline line, or None if the line is not a byline.

    >>> parse_byline("By Jane Doe, John Roe and Ann Poe")
    ['Jane Doe', 'John Roe', 'Ann Poe']
    >>> parse_byline("By Jane Doe, Staff Writer | 18 April 2024")
    ['Jane Doe']
    >>> parse_byline("Автор: Иван Петров")
    ['Иван Петров']
    >>> parse_byline("By the end of the week the harbour was full.") is None
    True

    :param text: one line of a page.
    """
    line = " ".join(text.split())
    if not line or len(line) > 200:
        return None
    match = _BYLINE.match(line)
    if match is None:
        return None
    names_text = _strip_tail(match.group("names"))
    if not names_text:
        return None
    names = split_authors(names_text)
    if not names or not all(_looks_like_name(name) for name in names):
        return None
    return names
