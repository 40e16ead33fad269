# ruff: noqa: RUF001  (typographic quotes and dashes are meant)
"""The article's title: the headline the page shows, or the one its head states.

The head (``og:title``, JSON-LD ``headline``, ``<title>``) often states a teaser written for
search engines and social media, or adds the site's name or a section; the ``h1`` over the
article is what a reader sees. The visible headline wins unless it is not a title at all (the
site's name in a banner, a label such as "Read also:") or it merges the stated title with a
kicker or a date.
"""

from __future__ import annotations

import re
import unicodedata

from archivepub.model import normalize_space
from archivepub.readers.html._metadata import HeadMetadata, title_parts
from archivepub.readers.html._util import host_of

__all__ = ["choose_title", "fold_title"]

_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "«": '"',
        "»": '"',
        "‹": "'",
        "›": "'",
        "–": "-",
        "—": "-",
        "‐": "-",
        "…": "...",
        "\u00ad": None,
        "\u200b": None,
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"\w+")


def fold_title(text: str) -> str:
    """A title reduced for comparison: NFC, typographic quotes and dashes made plain, soft
    hyphens removed, lower case, spaces folded.

    >>> fold_title("„Welches  Europa“ \u2013 wir") == fold_title('"welches Europa" - WIR')
    True
    """
    return normalize_space(unicodedata.normalize("NFC", text).translate(_FOLD)).casefold()


def _words(text: str) -> set[str]:
    return set(_WORD.findall(fold_title(text)))


def _title_like(text: str) -> bool:
    """A headline rather than a label, a number or a symbol."""
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 3 and not text.rstrip().endswith(":")


def _site_like(shown: str, head: HeadMetadata, stated: str, url: str | None) -> bool:
    """The visible "headline" is the site's name: the site name stated in the head, the part
    of ``<title>`` that is not the stated title, or the name of the host."""
    folded = fold_title(shown)
    if head.site_name and folded == fold_title(head.site_name):
        return True
    if head.html_title:
        parts = [fold_title(p) for p in title_parts(head.html_title)]
        if len(parts) > 1 and folded in parts and folded not in fold_title(stated):
            return True
    host = host_of(url or head.canonical)
    squeezed = re.sub(r"[\W_]+", "", folded)
    return len(squeezed) >= 4 and squeezed in re.sub(r"[\W_]+", "", host.casefold())


def _after_kicker(stated: str, shown: str, spaced: str) -> str | None:
    """The headline of a title that puts a kicker before it: the head states both parts with a
    separator between them ("Topic | Headline", "Headline - Topic"), and the visible headline
    sets them in elements of their own, one after the other, without it ("Topic" "Headline").
    The headline is the part the visible one ends with."""
    parts = title_parts(stated)
    if len(parts) != 2:
        return None
    seen = {fold_title(shown), fold_title(spaced)}
    for kicker, headline in (parts, parts[::-1]):
        if _title_like(headline) and (
            fold_title(f"{kicker} {headline}") in seen or fold_title(f"{kicker}{headline}") in seen
        ):
            return headline
    return None


def choose_title(
    stated: str,
    shown: str | None,
    *,
    head: HeadMetadata,
    url: str | None,
    in_article: bool = True,
    spaced: str | None = None,
) -> str:
    """The article's title from the title the head states (site name already stripped) and
    the text of the visible headline (``None`` when the page shows none).

    >>> head = HeadMetadata(site_name="Harbour News")
    >>> choose_title("Tides rise again - Harbour News", "Tides rise again", head=head, url=None)
    'Tides rise again'
    >>> choose_title("Tides rise", "Harbour News", head=head, url=None)
    'Tides rise'
    >>> choose_title("Why the tides rise", "Weather Why the tides rise", head=head, url=None)
    'Why the tides rise'
    >>> choose_title("Weather | Why the tides rise", "WeatherWhy the tides rise", head=head, url=None)
    'Why the tides rise'

    :param in_article: the visible headline sits in the article (not in the page's banner):
        a headline that shares no words with the stated title wins only then.
    :param spaced: the visible headline with a space between its elements (a kicker in a
        span of its own runs into the headline in ``shown``).
    """
    if not shown or not normalize_space(shown):
        return stated
    shown = normalize_space(shown)
    if not stated:
        return shown
    a, b = fold_title(stated), fold_title(shown)
    if a == b:
        return shown  # the same words: the visible typography
    if not _title_like(shown) or _site_like(shown, head, stated, url):
        return stated
    headline = _after_kicker(stated, shown, spaced or shown)
    if headline is not None:
        return headline
    if len(a) >= 12 and (a in b or a in fold_title(spaced or shown)):
        return stated  # the visible headline adds a kicker, a date or a subtitle line
    if b in a:
        # the head adds the site, a section or a kicker; unless the "headline" sits in the
        # page's banner and is the lesser part the head adds: "Long title :: Site"
        rest = a.replace(b, " ", 1)
        return shown if in_article or a.startswith(b) or len(rest.split()) <= len(b.split()) else stated
    mine, theirs = _words(shown), _words(stated)
    shared = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
    return shown if shared >= 0.3 or in_article else stated
