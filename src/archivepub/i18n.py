"""Language-specific text for outputs: translated labels (gettext) and dates (babel).

Labels such as "Notes" or "Image credit" are looked up in the gettext catalogs of the
``archivepub`` domain under the package's ``locale/`` folder
(``locale/<lang>/LC_MESSAGES/archivepub.mo``); a language without a catalog gets English.

>>> _ = gettext_for("en")
>>> _("Notes")
'Notes'
>>> format_date("2024-04-18", "hy")
'18 ապրիլի, 2024 թ.'
"""

from __future__ import annotations

import datetime
import functools
import gettext
from collections.abc import Callable
from pathlib import Path

__all__ = ["DOMAIN", "LOCALE_DIR", "format_date", "gettext_for", "locale_candidates"]

#: The gettext domain of archivepub's user-visible labels.
DOMAIN = "archivepub"

#: Where the compiled catalogs live: ``LOCALE_DIR/<lang>/LC_MESSAGES/archivepub.mo``.
LOCALE_DIR = Path(__file__).parent / "locale"


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
    from babel import Locale, UnknownLocaleError
    from babel.dates import format_date as babel_format_date

    day = datetime.date.fromisoformat(iso_date)
    try:
        locale = Locale.parse(lang, sep="-") if lang.lower() != "und" else Locale("en")
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale("en")
    return babel_format_date(day, format=format, locale=locale)
