"""Language-specific text for outputs: translated labels (gettext) and dates (babel).

Labels such as "Notes" or "Image credit" are looked up in the gettext catalogs of the
``archivepub`` domain under the package's ``locale/`` folder
(``locale/<lang>/LC_MESSAGES/archivepub.mo``, compiled from the reviewed ``.po`` files beside
them: see :mod:`archivepub.catalogs.ui`); a language without a catalog gets English. Dates and
language names come from CLDR through babel.

>>> gettext_for("ru")("Notes"), gettext_for("hy")("Notes"), gettext_for("az-Latn")("Notes")
('Примечания', 'Ծանոթագրություններ', 'Qeydlər')
>>> format_date("2024-04-18", "hy")
'18 ապրիլի 2024 թ.'
>>> language_name("hy"), bcp47("az_Latn")
('հայերեն', 'az-Latn')
"""

from __future__ import annotations

import datetime
import functools
import gettext
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "DATE_PATTERNS",
    "DOMAIN",
    "LOCALE_DIR",
    "bcp47",
    "check_language",
    "format_date",
    "gettext_for",
    "language_name",
    "locale_candidates",
]

#: The gettext domain of archivepub's user-visible labels.
DOMAIN = "archivepub"

#: Where the compiled catalogs live: ``LOCALE_DIR/<lang>/LC_MESSAGES/archivepub.mo``.
LOCALE_DIR = Path(__file__).parent / "locale"

#: Long date patterns that differ from CLDR's: Armenian editors write "18 ապրիլի 2024 թ."
#: without CLDR's comma after the month.
DATE_PATTERNS = {"hy": "d MMMM y 'թ'."}


def locale_candidates(lang: str) -> list[str]:
    """Return the gettext locale names to try for a BCP-47 tag, most specific first.

    >>> locale_candidates("az-Latn-AZ")
    ['az_Latn_AZ', 'az_Latn', 'az']
    >>> locale_candidates("ru")
    ['ru']

    :param lang: a BCP-47 language tag such as ``"ru"``, ``"hy"`` or ``"az-Latn"``.
    """
    parts = [p for p in lang.replace("_", "-").split("-") if p]
    return ["_".join(parts[:n]) for n in range(len(parts), 0, -1)]


@functools.lru_cache(maxsize=64)
def _translations(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=locale_candidates(lang), fallback=True)


def gettext_for(lang: str) -> Callable[[str], str]:
    """Return a ``gettext`` function for ``lang``: labels in that language, else English.

    >>> gettext_for("xx-Unknown")("Contents")
    'Contents'

    :param lang: the BCP-47 tag of the output's language.
    """
    return _translations(lang).gettext


@functools.lru_cache(maxsize=256)
def format_date(iso_date: str, lang: str, *, format: str = "long") -> str:
    """Format a ``YYYY-MM-DD`` date the way ``lang`` writes it (English if babel lacks ``lang``).

    >>> format_date("2024-04-18", "en")
    'April 18, 2024'
    >>> format_date("2024-04-18", "az-Latn")
    '18 aprel 2024'

    :param iso_date: the date as ``YYYY-MM-DD``.
    :param lang: a BCP-47 tag; ``"und"`` and unknown languages fall back to English.
    :param format: a babel date format name (``"long"``, ``"medium"``, ...) or pattern.
    :raises ValueError: if ``iso_date`` is not a valid ``YYYY-MM-DD`` date.
    """
    from babel.dates import format_date as babel_format_date

    day = datetime.date.fromisoformat(iso_date)
    locale = _locale(lang)
    if format == "long":
        format = DATE_PATTERNS.get(locale.language, format)
    return babel_format_date(day, format=format, locale=locale)


@functools.lru_cache(maxsize=64)
def _locale(lang: str) -> Locale:
    # kept: parsing the tag and loading its data took half of each date's formatting (a
    # build formats every article's date in each of its languages); babel only reads a Locale
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang.replace("_", "-"), sep="-") if lang.lower() != "und" else Locale("en")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale("en")


@functools.lru_cache(maxsize=256)
def language_name(lang: str, in_lang: str | None = None) -> str:
    """The name of language ``lang`` in ``in_lang`` (default: in itself), from CLDR.

    >>> language_name("ru"), language_name("az-Latn"), language_name("hy", "en")
    ('русский', 'azərbaycan', 'Armenian')

    :param lang: a BCP-47 tag; the script and region are not named (``az-Latn`` is "azərbaycan").
    :param in_lang: the language to name it in.
    """
    locale = _locale(lang)
    names = locale if in_lang is None else _locale(in_lang)
    return str(names.languages.get(locale.language) or lang)


def bcp47(tag: str | Locale) -> str:
    """A language tag with hyphens, as BCP-47 (EPUB, TEI, HTML) wants it; babel writes underscores.

    >>> from babel import Locale
    >>> bcp47(Locale.parse("az_Latn_AZ")), bcp47("ru")
    ('az-Latn-AZ', 'ru')

    :param tag: a babel ``Locale`` or a tag in either spelling.
    """
    return str(tag).replace("_", "-")


#: Named in the message for an unknown language code.
_EXAMPLES = "ru, hy, az, en, de, fr, tr, ka, uk"


@functools.lru_cache(maxsize=1)
def _known_languages() -> frozenset[str]:
    from babel import Locale

    codes = frozenset(str(code).lower() for code in Locale("en").languages if "_" not in str(code))
    return codes - {"und", "zxx", "mul"}


def check_language(code: str) -> str | None:
    """Why ``code`` is not a language to translate into or from, or ``None`` when it is one.

    A code is known when its language subtag is one of CLDR's (ISO 639: ``ru``, ``hy``, ``az``,
    ``az-Latn``, ``sr-Cyrl-RS``); ``xx`` or ``und`` are not.

    >>> check_language("hy") is None, check_language("az-Latn") is None
    (True, True)
    >>> check_language("xx")  # doctest: +ELLIPSIS
    "unknown language code 'xx' (use an ISO 639 code known to CLDR, such as ru, hy, az, en, ...)"
    """
    primary = code.replace("_", "-").split("-")[0].lower()
    if code and primary in _known_languages():
        return None
    return f"unknown language code {code!r} (use an ISO 639 code known to CLDR, such as {_EXAMPLES})"
