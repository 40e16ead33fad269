"""Normalise the date expressions found on article pages to ``YYYY-MM-DD``.

Understands ISO 8601 (the date is taken as written, zones are not converted), day-first
numeric dates (``12.03.2023``), and day-month-year / month-day-year forms with month names
in English, Russian, Ukrainian, Armenian, Azerbaijani, Turkish, German, French, Spanish,
Portuguese, Italian, Dutch, the Scandinavian languages, Polish, Czech, Romanian, Hungarian and
Finnish, including the genitive forms and the trailing "г." / "года" / "թ." / "-cü il" that
follow a year; and the Chinese, Japanese and Korean ``2020年2月14日`` / ``2020년 2월 14일``.
"""

# ruff: noqa: RUF001, RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["WEEKDAYS", "find_date", "parse_date", "search_date", "url_date"]

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "января", "январь", "янв", "січня", "січень", "հունվարի", "հունվար",
        "yanvar", "ocak", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "janeiro",
        "gennaio", "gen",
        "januari", "stycznia", "styczeń", "ledna", "leden", "ianuarie", "január", "tammikuuta", "tammikuu"),
    2: ("february", "feb", "февраля", "февраль", "фев", "лютого", "лютий", "փետրվարի", "փետրվար",
        "fevral", "şubat", "februar", "février", "févr", "fév", "febrero", "fevereiro", "fev",
        "febbraio",
        "februari", "lutego", "luty", "února", "únor", "februarie", "február", "helmikuuta", "helmikuu"),
    3: ("march", "mar", "марта", "март", "мар", "березня", "березень", "մարտի", "մարտ", "mart",
        "märz", "mrz", "mars", "marzo", "março",
        "maart", "marts", "marca", "marzec", "března", "březen", "martie", "március", "maaliskuuta",
        "maaliskuu"),
    4: ("april", "apr", "апреля", "апрель", "апр", "квітня", "квітень", "ապրիլի", "ապրիլ",
        "aprel", "nisan", "avril", "avr", "abril", "abr", "aprile",
        "kwietnia", "kwiecień", "dubna", "duben", "aprilie", "április", "huhtikuuta", "huhtikuu"),
    5: ("may", "мая", "май", "травня", "травень", "մայիսի", "մայիս", "mayıs", "mai", "mayo",
        "maio", "maggio", "mag",
        "mei", "maj", "maja", "května", "květen", "május", "toukokuuta", "toukokuu"),
    6: ("june", "jun", "июня", "июнь", "июн", "червня", "червень", "հունիսի", "հունիս", "iyun",
        "haziran", "juni", "juin", "junio", "junho", "giugno", "giu",
        "czerwca", "czerwiec", "června", "červen", "iunie", "június", "kesäkuuta", "kesäkuu"),
    7: ("july", "jul", "июля", "июль", "июл", "липня", "липень", "հուլիսի", "հուլիս", "iyul",
        "temmuz", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug",
        "lipca", "lipiec", "července", "červenec", "iulie", "július", "heinäkuuta", "heinäkuu"),
    8: ("august", "aug", "августа", "август", "авг", "серпня", "серпень", "օգոստոսի", "օգոստոս",
        "avqust", "ağustos", "août", "aout", "agosto", "ago",
        "augustus", "augusti", "sierpnia", "sierpień", "srpna", "srpen", "augusztus", "elokuuta", "elokuu"),
    9: ("september", "sep", "sept", "сентября", "сентябрь", "сен", "сент", "вересня", "вересень",
        "սեպտեմբերի", "սեպտեմբեր", "sentyabr", "eylül", "septembre", "septiembre", "setiembre",
        "setembro", "set", "settembre",
        "września", "wrzesień", "září", "septembrie", "szeptember", "syyskuuta", "syyskuu"),
    10: ("october", "oct", "октября", "октябрь", "окт", "жовтня", "жовтень", "հոկտեմբերի",
         "հոկտեմբեր", "oktyabr", "ekim", "oktober", "okt", "octobre", "octubre", "outubro", "out",
         "ottobre", "ott",
        "października", "październik", "října", "říjen", "octombrie", "október", "lokakuuta", "lokakuu"),
    11: ("november", "nov", "ноября", "ноябрь", "нояб", "листопада", "листопад", "նոյեմբերի",
         "նոյեմբեր", "noyabr", "kasım", "novembre", "noviembre", "novembro", "noiembrie",
        "listopada", "listopad", "listopadu", "november", "marraskuuta", "marraskuu"),
    12: ("december", "dec", "декабря", "декабрь", "дек", "грудня", "грудень", "դեկտեմբերի",
         "դեկտեմբեր", "dekabr", "aralık", "dezember", "dez", "décembre", "déc", "diciembre", "dic",
         "dezembro", "dicembre",
        "grudnia", "grudzień", "prosince", "prosinec", "decembrie", "december", "joulukuuta", "joulukuu"),
}  # fmt: skip

_MONTH_OF: dict[str, int] = {name: number for number, names in _MONTHS.items() for name in names}

#: Weekday names and abbreviations (lowercase) that may precede a date.
WEEKDAYS: tuple[str, ...] = (
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thurs",
    "friday", "fri", "saturday", "sat", "sunday", "sun", "понедельник", "вторник", "среда", "среду",
    "четверг", "пятница", "пятницу", "суббота", "субботу", "воскресенье", "пн", "вт", "ср", "чт",
    "пт", "сб", "вс", "երկուշաբթի", "երեքշաբթի", "չորեքշաբթի", "հինգշաբթի", "ուրբաթ", "շաբաթ",
    "կիրակի", "bazar", "ertəsi", "çərşənbə", "axşamı", "çərşənbə", "cümə", "axşamı", "cümə",
    "şənbə", "pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves",
    "viernes", "sábado", "domingo", "segunda", "terça", "quarta", "quinta", "sexta", "feira",
    "mo", "di", "mi", "do", "fr", "sa", "so", "lun", "mer", "jeu", "ven", "sam", "dim", "mié", "jue",
    "vie", "sáb", "dom",
)  # fmt: skip

#: Words that may surround a date without making the text something other than a date.
_FILLER = set(WEEKDAYS) | {
    "at", "on", "of", "the", "am", "pm", "utc", "gmt", "um", "uhr", "à", "a", "de", "del", "le",
    "г", "года", "год", "в", "թ", "թվականի", "ժամը", "il", "ilin", "ci", "cı", "cu", "cü", "saat",
    "h", "hrs", "updated", "published", "posted", "z", "мск", "msk", "bakı", "baku", "yerevan",
    "երևանի", "ժամանակով", "vaxtı",
}  # fmt: skip

# any word where a month's name stands: _to_iso looks it up in _MONTH_OF (an alternation of
# the 300 names, tried at every position of every text, cost more than the rest of the search)
_M = r"(?P<month>[^\W\d_]{3,12})\.?"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|º|ª|-?(?:ci|cı|cu|cü|inci|ncı|nci|ncü|üncü|ıncı))?\.?"
_Y = r"(?P<year>[12]\d{3})"
_YEAR_TAIL = r"(?:\s*(?:г\.|года|г(?!\w)|թ\.|թվականի|թ(?!\w)|-?(?:ci|cı|cu|cü)\s+il(?:in)?|yılı)|\.(?=\s))?"
_B = r"(?<![\w.])"  # no letter, digit or dot right before
_E = r"(?![\w])"

# 2020年2月14日, 2020년 2월 14일 (Chinese, Japanese, Korean)
_CJK_DATE = re.compile(
    r"(?<!\d)(?P<year>[12]\d{3})\s*[年년]\s*(?P<month>[01]?\d)\s*[月월]\s*(?P<day>[0-3]?\d)\s*[日일]?"
)
# a range of days in one month: its first day (14.–20. Januar 2022, June 9-11, 2023)
_DAY_RANGE = re.compile(
    rf"{_B}{_D}\s*[-\u2013\u2014]\s*[0-3]?\d\.?\s*(?:de\s+)?{_M},?\s*(?:de\s+|del\s+)?{_Y}{_E}",
    re.IGNORECASE,
)
_MONTH_DAY_RANGE = re.compile(rf"{_B}{_M}\s+{_D}\s*[-\u2013\u2014]\s*[0-3]?\d,?\s+{_Y}{_E}", re.IGNORECASE)

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # ISO 8601: 2023-06-09, 2023-06-09T08:30:00+01:00, 2023-06-09 06:01:07
    re.compile(rf"{_B}(?P<year>[12]\d{{3}})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d])"),
    re.compile(rf"{_B}(?P<year>[12]\d{{3}})/(?P<month>[01]?\d)/(?P<day>[0-3]?\d){_E}"),
    _CJK_DATE,
    # 20230609 only as a whole token with a T time (basic ISO): 20230609T083000Z
    re.compile(rf"{_B}(?P<year>[12]\d{{3}})(?P<month>[01]\d)(?P<day>[0-3]\d)(?=T\d)"),
    _DAY_RANGE,
    _MONTH_DAY_RANGE,
    # 9 June 2023, 9. Juni 2023, 9 de junio de 2023, 12 марта 2023 г., 18 aprel 2024-cü il
    re.compile(rf"{_B}{_D}\s*(?:de\s+|of\s+)?{_M},?\s*(?:de\s+|del\s+)?{_Y}{_YEAR_TAIL}{_E}", re.IGNORECASE),
    # June 9, 2023; Jun 9 2023
    re.compile(rf"{_B}{_M}\s+{_D},?\s+{_Y}{_E}", re.IGNORECASE),
    # 2024 թ. ապրիլի 18, 2024-cü il 18 aprel, 2020. február 14.
    re.compile(rf"{_B}{_Y}{_YEAR_TAIL},?\s+{_M}\s+(?P<day>[0-3]?\d){_E}", re.IGNORECASE),
    re.compile(rf"{_B}{_Y}{_YEAR_TAIL},?\s+(?P<day>[0-3]?\d)\s+{_M}{_E}", re.IGNORECASE),
    # 12.03.2023, 12/03/2023, 12-03-2023 (day first, unless the page's language says otherwise)
    re.compile(rf"{_B}(?P<day>[0-3]?\d)(?P<sep>[./-])(?P<month>[01]?\d)(?P=sep){_Y}{_E}"),
    # 28.09.19: a two-digit year, only with dots (00-68 are 2000-2068, 69-99 are 1969-1999)
    re.compile(rf"{_B}(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>\d{{2}})(?![\w.]|\.\d)"),
)

_RANGE_GUARD = re.compile(r"\d\.?\s*[-\u2013\u2014]\s*\d")
_CJK_GUARD = re.compile("[年년]")
#: Patterns tried only on text that holds what they need (a dash between two numbers, a
#: CJK year sign): most text holds neither, and these patterns are costly to try.
_GUARDS: dict[re.Pattern[str], re.Pattern[str]] = {
    _CJK_DATE: _CJK_GUARD,
    _DAY_RANGE: _RANGE_GUARD,
    _MONTH_DAY_RANGE: _RANGE_GUARD,
}

#: What every one of _PATTERNS needs: a four-digit year from 1000 to 2999, or (the last one)
#: a day, month and two-digit year between dots. Text without it is not searched further.
_MAY_HOLD_DATE = re.compile(r"[12]\d{3}|\d\.[01]?\d\.\d{2}")


def _to_iso(match: re.Match[str], month_first: bool = False) -> str | None:
    parts = match.groupdict()
    month_text = parts["month"]
    if month_text.isdigit():
        month = int(month_text)
    else:
        found = _MONTH_OF.get(month_text.lower())
        if found is None:
            return None
        month = found
    day, year = int(parts["day"]), int(parts["year"])
    if len(parts["year"]) == 2:
        year += 2000 if year < 69 else 1900
    swap = (month_first and day <= 12) or (month > 12 and day <= 12)
    if swap and parts.get("sep") in {"/", "-"} and month_text.isdigit():
        day, month = month, day  # 06/19/2023: American month-first
    if not 1000 <= year <= 2999:
        return None
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def search_date(text: str, *, month_first: bool = False) -> tuple[str, int, int] | None:
    """Return the first date in ``text`` as ``(YYYY-MM-DD, start, end)``, or None.

    >>> search_date("By Jane Doe, 18 April 2024")
    ('2024-04-18', 13, 26)

    :param text: a line that may hold a date among other words.
    :param month_first: read ``03/04/2024`` as March 4 (American usage), not 3 April.
    """
    if _MAY_HOLD_DATE.search(text) is None:
        return None
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        guard = _GUARDS.get(pattern)
        if guard is not None and guard.search(text) is None:
            continue
        for match in pattern.finditer(text):
            iso = _to_iso(match, month_first)
            if iso is not None:
                if best is None or match.start() < best[1]:
                    best = (iso, match.start(), match.end())
                break
    return best


def date_at_start(text: str, *, month_first: bool = False) -> tuple[str, int, int] | None:
    """:func:`search_date`'s answer when the date it finds starts ``text``, else None.

    Each pattern is tried at the start only (a date further on is no answer here), in the
    same order, so the answer is the one :func:`search_date` gives whenever it starts at 0.

    >>> date_at_start("9 June 2023 | By Jo Lee"), date_at_start("By Jo Lee, 9 June 2023")
    (('2023-06-09', 0, 11), None)
    """
    if _MAY_HOLD_DATE.search(text) is None:
        return None
    for pattern in _PATTERNS:
        guard = _GUARDS.get(pattern)
        if guard is not None and guard.search(text) is None:
            continue
        match = pattern.match(text)
        if match is not None:
            iso = _to_iso(match, month_first)
            if iso is not None:
                return iso, match.start(), match.end()
    return None


def find_date(text: str, *, month_first: bool = False) -> str | None:
    """Return the first date in ``text`` as ``YYYY-MM-DD``, or None.

    >>> find_date("Published 18 April 2024, 10:30 BST")
    '2024-04-18'
    >>> find_date("Опубликовано: 12 марта 2023, 14:05")
    '2023-03-12'
    >>> find_date("No date here, 30 February 2023 is not one") is None
    True
    >>> find_date("Posted 03/04/2024"), find_date("Posted 03/04/2024", month_first=True)
    ('2024-04-03', '2024-03-04')
    >>> find_date("发布时间：2020年02月14日 10:47"), find_date("2020. február 14.")
    ('2020-02-14', '2020-02-14')
    >>> find_date("14 lutego 2020"), find_date("14. helmikuuta 2020"), find_date("14 februari 2020")
    ('2020-02-14', '2020-02-14', '2020-02-14')
    >>> find_date("Weekly report 14. - 20. Januar 2022"), find_date("Open June 9\u201311, 2023")
    ('2022-01-14', '2023-06-09')

    :param text: a line that may hold a date among other words.
    :param month_first: read ``03/04/2024`` as March 4 (American usage), not 3 April.
    """
    found = search_date(text, month_first=month_first)
    return None if found is None else found[0]


_TIME = re.compile(
    r"(?:T|\s|,|\b)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:Z|[+-]\d{2}:?\d{2}|[+-]\d{2}\b|\b[A-Z]{2,5}\b)?",
    re.IGNORECASE,
)


_COMPACT = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_BASIC_TIME = re.compile(r"^T\d{4,6}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def parse_date(text: str, *, month_first: bool = False) -> str | None:
    """Normalise one date expression to ``YYYY-MM-DD``; None when ``text`` is not a date.

    A weekday, a time and a time zone may accompany the date; any other words make the text
    something other than a date. Zones are not converted: the date is the one written.

    >>> parse_date("2023-06-09T08:30:00+01:00")
    '2023-06-09'
    >>> parse_date("Friday, 9 June 2023")
    '2023-06-09'
    >>> parse_date("12 марта 2023 г.")
    '2023-03-12'
    >>> parse_date("18 ապրիլի 2024 թ.")
    '2024-04-18'
    >>> parse_date("2023-02-30") is None
    True
    >>> parse_date("28.09.19 12:44")
    '2019-09-28'
    >>> parse_date("20200214"), parse_date("20201314")
    ('2020-02-14', None)

    :param text: the date as written (a ``<time datetime>``, a meta value, a dateline).
    :param month_first: read ``03/04/2024`` as March 4 (American usage), not 3 April.
    """
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if _COMPACT.fullmatch(text):  # a value that is only the date, unseparated: 20200214
        try:
            return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            return None
    for pattern in _PATTERNS:
        guard = _GUARDS.get(pattern)
        if guard is not None and guard.search(text) is None:
            continue
        # (the first match that names a month: a word where a month stands may be another)
        match = next((m for m in pattern.finditer(text) if _to_iso(m, month_first)), None)
        if match is None:
            continue
        iso = _to_iso(match, month_first)
        if iso is None:
            continue
        after = _BASIC_TIME.sub(" ", text[match.end() :], count=1)
        rest = text[: match.start()] + " " + after
        rest = _TIME.sub(" ", rest)
        words = re.findall(r"[^\W\d_]+", rest.lower())
        if all(word in _FILLER for word in words):
            return iso
    return None


_URL_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<month>0[1-9]|1[0-2])(?P=sep)(?P<day>0[1-9]|[12]\d|3[01])(?![\d])"
)


def url_date(url: str | None) -> str | None:
    """The date in a page's address (``/2020/01/23/slug``, ``/2016-04-15-slug``), or None.

    >>> url_date("https://example.org/2020/01/23/blogposting/"), url_date("https://example.org/a/12345")
    ('2020-01-23', None)

    :param url: the page's address.
    """
    if not url:
        return None
    path = url.split("://", 1)[-1].split("/", 1)[-1] if "/" in url.split("://", 1)[-1] else ""
    for match in _URL_DATE.finditer(path.split("?", 1)[0]):
        if not match.group("sep") and not re.search(r"(?:^|[/_-])" + match.group(0) + r"(?:$|[/_.-])", path):
            continue  # eight digits inside a longer number or word
        try:
            return _dt.date(
                int(match.group("year")), int(match.group("month")), int(match.group("day"))
            ).isoformat()
        except ValueError:
            continue
    return None
