"""Recognise byline lines ("By Jane Doe", "Автор: Иван Петров") and split author lists."""

# ruff: noqa: RUF001, RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import re

from archivepub.readers._dates import WEEKDAYS, date_at_start, search_date

__all__ = [
    "LABEL_ONLY",
    "LABEL_START",
    "byline_names",
    "fuller_name",
    "names_someone",
    "parse_byline",
    "split_authors",
]

# words that may lead into "by": "Written by X", "Ein Artikel von X", "Publié par X"
_LEADS = (
    r"Written|Words|Text|Story|Reporting|Report|Posted|Published|Compiled|Edited|"
    r"Ein\s+Artikel|Artikel|Ein\s+Beitrag|(?:Blog\s*)?Beitrag|Eingestellt|Erstellt|Veröffentlicht|"
    r"Geschrieben|Verfasst|Publié|Écrit|Rédigé|Publicado|Escrito|Redactado|Publicat|Scritto|"
    r"(?:Eine?\s+)?(?:Kolumne|Kommentar|Gastbeitrag|Analyse|Reportage)|(?:An?\s+)?(?:Column|Commentary|Analysis)"
)
# (not the Dutch "door": "Door Number Three" is an English headline)
_BY = r"by|von|par|por|di|av|af"
# "By X", "Words by X", "Von X", "Veröffentlicht am 9. Juni 2023 von X" (words, then the names)
_PREFIX_WORDS = (
    rf"(?:(?:{_LEADS})\s+(?:(?:am|on|le|el|il)\s+[^:]{{1,40}}?\s+)?)?(?:{_BY})(?:\s*:)?|Von\s*:|By\s*:"
)
# "Автор: X", "Müəllif: X", "Հեղինակ՝ X" (a label, then ":" / "՝" / a dash)
_LABELS = (
    r"Authors?|Writers?|Words|Text|Reporter|Reporting|Story|Автор(?:ы)?|Текст|Текст\s+и\s+фото|"
    r"Подготовил(?:а|и)?|Корреспондент|Автор\s+статьи|Հեղինակ(?:ներ)?|Հեղինակը|Հեղինակներ|"
    r"Müəllif(?:lər)?|Yazar|Yazan|Müəllifi|Autor(?:en|es|a|in|innen)?|Auteur(?:s|e)?|Texte|Testo|"
    r"Verfasser(?:in)?|Autore|Autori|Autrice|Tekst|Teksti|Kirjoittaja|Författare|Forfatter|Skribent"
)
# "Redaktion: X" labels a name; "Redaktion" alone is the newsroom signing
_TEAM = r"Redaktion|Redacción|Redazione|Rédaction"
_BYLINE = re.compile(
    rf"^\s*(?:(?:{_PREFIX_WORDS})\s+|(?:{_LABELS}|{_TEAM})\s*(?::|՝|\s[-–—])\s*)(?P<names>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
#: The start of a line that may be a byline: one of its labels' first words, after a dash or
#: an invisible character perhaps (a cheap test before :func:`byline_names`).
LABEL_START = re.compile(
    rf"^[\s\-–—•\u00ad\u200b\u200c\u200d\u2060\ufeff]*(?:{_LEADS}|{_BY}|{_LABELS}|{_TEAM})(?!\w)",
    re.IGNORECASE,
)
#: The first two letters (lower case) of every word the byline patterns spell out, and "a ":
#: a line whose first word starts otherwise has no label (a test far cheaper than the pattern).
LABEL_OPENINGS = frozenset(
    {w.casefold()[:2] for w in re.findall(r"[^\W\d_]{2,}", f"{_LEADS}|{_BY}|{_LABELS}|{_TEAM}")} | {"a "}
)
#: A line that is only a byline label ("Autor", "Von:", "By"): the name follows on its own line.
LABEL_ONLY = re.compile(
    rf"^\s*(?:(?:{_LEADS})\s+)?(?:{_BY}|{_LABELS})\s*[:՝]?\s*$",
    re.IGNORECASE,
)
# what only labels a byline and names no one ("Posted on", "Veröffentlicht am", "No author")
_NOT_NAMES = frozenset(
    {
        "by", "von", "par", "por", "di", "de", "on", "am", "le", "el", "il", "the", "in", "at",
        "av", "af",
        "posted", "published", "written", "veröffentlicht", "eingestellt", "erstellt", "geschrieben",
        "publié", "publicado", "author", "authors", "autor", "auteur", "no", "none", "admin",
        "share", "teilen", "comments", "comment", "kommentare", "more", "mehr", "login", "logout",
        "anmelden", "abmelden", "register", "registrieren", "connexion",
    }
)  # fmt: skip

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


_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
#: A word in lower case in a part of a byline: a description, not a name ("von" and "de" aside).
_DESCRIBES = re.compile(
    r"(?<![\w'’])(?!(?:de|da|van|von|der|den|la|le|di|del|du|al|el|bin|ibn)\b)[^\W\d_A-Z]\w*"
)


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


def byline_names(text: str) -> str | None:
    """What follows a byline's label ("By X", "von X", "par X", "Autor: X"), unchecked; None
    when ``text`` does not start with one.

    >>> byline_names("By Staff Writer"), byline_names("Staff Writer")
    ('Staff Writer', None)
    """
    found = _BYLINE.match(_clean_line(text))
    return found.group("names").strip() if found else None


def _clean_line(text: str) -> str:
    """A line with its spaces folded, without invisible characters (soft hyphens split a name
    invisibly: "Mat\u00adthi\u00adas") and the dash or bullet that may lead into it."""
    return " ".join(_INVISIBLE.sub("", text).split()).lstrip("-–—• ")


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
    >>> split_authors("Peter Roe/SP-X"), split_authors("hessenschau.de/bb")
    (['Peter Roe'], ['hessenschau.de/bb'])

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
    # a final period stays after an initial or a short abbreviation ("Joe S.", "Perry Bacon Jr.")
    names = [part.strip(" \t.,;/|") if not re.search(r"\b\w{1,2}\.$", part.strip()) else part.strip(" \t,;/|")
             for part in parts]  # fmt: skip
    out: list[str] = []
    for name in names:
        name = re.sub(r"\s+", " ", name).strip()
        agency = _AGENCY_AFTER.search(name)
        if agency and len(name[: agency.start()].split()) >= 2:
            name = name[: agency.start()]  # "Peter Roe/SP-X": the agency the story came through
        if name and name not in out:
            out.append(name)
    return out


_LEADING_TIME = re.compile(
    r"^[\s,|\u2013\u2014-]*(?:\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?)?[\s,|\u2013\u2014-]*", re.I
)
_AGENCY_AFTER = re.compile(r"(?<=[^\W\d_])\s*/\s*[A-Z][\w-]{1,10}$")
_STAFF = re.compile(r"(?:\s+\S+)?\s+staff(?:\s+(?:writer|reporter))?\s*$", re.IGNORECASE)


def _strip_tail(names: str) -> str:
    """Remove a date, a time, a role and separators that follow the names."""
    # cut at a pipe, a bullet or a middle dot: what follows is a date or a section
    names = re.split(r"\s*[|•·]\s*|\s+[–—]\s+|\s+-\s+", names, maxsplit=1)[0]
    # cut at a date ("on 18 April 2024", ", 18 April 2024", "18.04.2024")
    found = search_date(names)
    if found is not None:
        head = names[: found[1]]
        # what stands between the names and the date: "on", a weekday, a comma
        # ("\b": never cut "le" off "Thiele" or "on" off "Redaktion")
        joiner = (
            rf"(?:,?\s*(?:\b(?:on|am|le|el|от|published|updated)\b)?\s*(?:\b(?:{_WEEKDAY_ALT})\b\.?)?,?\s*)$"
        )
        head = re.sub(joiner, "", head, flags=re.IGNORECASE)
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
    # a handle ("@jdoe") or a staff title after the name; a role in brackets ("(Press officer
    # of the EJW)"), where one word in brackets may be an agency ("(Reuters)")
    names = re.sub(r"\s+@\w+\s*$", "", names)
    if not _WITH.search(names):  # ("(with Y and Z)" names co-authors)
        names = re.sub(r"\s*\((?:[^()\s]+\s+)+[^()\s]+\)\s*$", "", names)
    staff = _STAFF.search(names)
    if staff and len(names[: staff.start()].split()) >= 2:
        names = names[: staff.start()]
    return names.strip(" ,;/|-–—")


def fuller_name(shown: str, stated: str) -> bool:
    """True when ``shown`` is ``stated`` completed: a first name or a nickname the page states
    and the full name it shows ("Nils", "Nils Pickert"), or a name the page states behind a
    role ("FOCUS-Online-Experte Robin Tschöpe", "Robin Tschöpe").

    >>> fuller_name("Nils Pickert", "Nils"), fuller_name("Robin Roe", "Expert Robin Roe")
    (True, True)
    >>> fuller_name("Nils Pickert", "Anna Berg"), fuller_name("Nils", "Nils Pickert")
    (False, False)
    """
    a = re.findall(r"[\w'’.\-]+", shown.casefold())
    b = re.findall(r"[\w'’.\-]+", stated.casefold())
    if len(a) < 2 or not b or a == b or not _looks_like_name(shown):
        return False
    if len(b) < len(a) and a[: len(b)] == b:
        # (not "Nils Veröffentlicht", "Jo Roe @jroe")
        return not any(word in _NOT_NAMES for word in a[len(b) :]) and "@" not in shown
    return len(a) < len(b) and b[-len(a) :] == a


def names_someone(text: str) -> bool:
    """False for what only labels a byline ("Posted on", "Veröffentlicht am", "No author").

    >>> names_someone("Posted on"), names_someone("jancak")
    (False, True)
    """
    words = re.findall(r"\w+", text.casefold())
    return bool(words) and not all(word in _NOT_NAMES for word in words)


def _looks_like_handle(text: str) -> bool:
    """A user name as forums and blogs print it: one token, letters first ("lupa", "c1ph4")."""
    return bool(re.fullmatch(r"[^\W\d_][\w.\-]{1,29}", text)) and names_someone(text)


def parse_byline(text: str, *, handles: bool = False) -> list[str] | None:
    """Return the authors named by a byline line, or None if the line is not a byline.

    >>> parse_byline("By Jane Doe, John Roe and Ann Poe")
    ['Jane Doe', 'John Roe', 'Ann Poe']
    >>> parse_byline("By Jane Doe, Staff Writer | 18 April 2024")
    ['Jane Doe']
    >>> parse_byline("Автор: Иван Петров")
    ['Иван Петров']
    >>> parse_byline("By the end of the week the harbour was full.") is None
    True

    >>> parse_byline("Veröffentlicht am 9. Juni 2023 von Anna Berg")
    ['Anna Berg']
    >>> parse_byline("06.11.2023 13:30 von Olga Berg"), parse_byline("9 June 2023 | By Jo Lee")
    (['Olga Berg'], ['Jo Lee'])
    >>> parse_byline("von lupa am 26/10/13", handles=True)
    ['lupa']

    :param text: one line of a page.
    :param handles: also accept a user name ("lupa") where a forum or blog prints one.
    """
    line = _clean_line(text)
    if not line or len(line) > 200:
        return None
    match = _BYLINE.match(line)
    if match is None:
        # a date before the label: "06.11.2023 13:30 von Olga", "9 June 2023 | By Jo Lee"
        found = date_at_start(line[:40])
        if found is None:
            return None
        rest = _LEADING_TIME.sub("", line[found[2] :])
        match = _BYLINE.match(rest)
        if match is None:
            return None
    names_text = _strip_tail(match.group("names"))
    if handles:
        # "lupa am 26/10/13": a user name before a date the date finder does not know
        names_text = re.split(r"\s+(?:am|on|le|el|il)\s+\d", names_text, maxsplit=1)[0]
    if not names_text:
        return None
    names = split_authors(names_text)
    # what follows the names after a comma and describes them ("Uta Berg, project lead in Tunis")
    while (
        len(names) > 1
        and len(names[-1].split()) >= 3
        and re.search(r",\s*" + re.escape(names[-1]), names_text)  # (after a comma, not an "and")
        and not _looks_like_name(names[-1])
        and _DESCRIBES.search(names[-1])
    ):
        names.pop()
    if not names or not all(names_someone(name) for name in names):
        return None
    if not all(_looks_like_name(name) or (handles and _looks_like_handle(name)) for name in names):
        return None
    return names
