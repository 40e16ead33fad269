"""Identify the language of a text offline, and normalise language tags to BCP-47 form.

Identification uses py3langid (a maintained fork of langid.py with its model bundled in the
wheel: no download, about 4.5 MB, loaded once in about half a second), with script hints
in front of it: Armenian script means ``hy``, Latin text with ``ə`` means ``az`` (the letter
that tells Azerbaijani from Turkish and Turkmen). See ``docs/reading-text.md``.
"""

# ruff: noqa: RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["LANGUAGE_SAMPLE", "identify_language", "normalize_language_tag"]

#: Fewer letters than this and the text is too short to tell.
MIN_LETTERS = 12
#: Below this (normalised) probability the answer is ``"und"``.
MIN_CONFIDENCE = 0.5
#: Only the first this many characters of a text are looked at.
LANGUAGE_SAMPLE = 5000

_lock = threading.Lock()
_identifier: Any = None


def _get_identifier() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            from py3langid.langid import (  # type: ignore[import-untyped]
                MODEL_DIR,
                MODEL_FILE,
                LanguageIdentifier,
            )

            _identifier = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
        return _identifier


def _script_counts(text: str) -> tuple[int, int, int, int]:
    """Return (letters, Armenian, Latin, Cyrillic) letter counts."""
    letters = armenian = latin = cyrillic = 0
    # every letter (str.isalpha) is in a run of word characters that are not digits or "_";
    # such a run in ASCII is all Latin letters, counted at once, the others letter by letter
    for run in _LETTER_RUNS.findall(text):
        if run.isascii():
            letters += len(run)
            latin += len(run)
            continue
        for ch in run:
            if not ch.isalpha():
                continue
            letters += 1
            code = ord(ch)
            if 0x0530 <= code <= 0x058F or 0xFB13 <= code <= 0xFB17:
                armenian += 1
            elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
                latin += 1
            elif 0x0400 <= code <= 0x052F:
                cyrillic += 1
    return letters, armenian, latin, cyrillic


_LETTER_RUNS = re.compile(r"[^\W\d_]+")


def identify_language(text: str) -> str:
    """Return the BCP-47 primary language tag of ``text``, or ``"und"`` if it cannot tell.

    >>> identify_language("The minister said the talks would continue next week.")
    'en'
    >>> identify_language("Министр заявил, что переговоры продолжатся на следующей неделе.")
    'ru'
    >>> identify_language("Նախարարը հայտարարեց, որ բանակցությունները կշարունակվեն։")
    'hy'
    >>> identify_language("Nazir bildirib ki, danışıqlar gələn həftə davam edəcək.")
    'az'
    >>> identify_language("Hi")
    'und'

    :param text: running text (the longer, the surer; a few thousand characters are used).
    """
    sample = re.sub(r"https?://\S+|\S+@\S+", " ", text[:LANGUAGE_SAMPLE])
    letters, armenian, latin, _cyrillic = _script_counts(sample)
    if letters < MIN_LETTERS:
        return "und"
    if armenian > letters / 2:
        return "hy"
    if latin > letters / 2 and ("ə" in sample or "Ə" in sample):
        return "az"
    lang, prob = _get_identifier().classify(sample)
    lang = str(lang)
    if float(prob) < MIN_CONFIDENCE:
        return "und"
    if lang == "tk":
        # short Azerbaijani or Turkish without their telling letters is often taken for Turkmen:
        # q and x are Azerbaijani (Turkish has neither), ğ and ı without them are Turkish
        if re.search(r"\w[qxQX]|[qxQX]\w", sample):
            return "az"
        if re.search(r"[ğıİ]", sample):
            return "tr"
    return lang


_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def normalize_language_tag(tag: str) -> str | None:
    """Return ``tag`` in BCP-47 form (``en-US``, ``az-Latn``, ``zh-Hans``), or None if it is not one.

    >>> normalize_language_tag("en_US"), normalize_language_tag("EN-us"), normalize_language_tag("az_Latn")
    ('en-US', 'en-US', 'az-Latn')
    >>> normalize_language_tag("zh-hans"), normalize_language_tag("not a tag")
    ('zh-Hans', None)

    :param tag: a language tag as found in a page (``lang``, ``og:locale``, ``dc.language``).
    """
    tag = tag.strip()
    if not _TAG.fullmatch(tag):
        return None
    parts = re.split(r"[-_]", tag)
    out = [parts[0].lower()]
    if out[0] in ("xx", "zz", "und") and len(parts) == 1:
        return "und" if out[0] == "und" else None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())  # script
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())  # region
        elif 5 <= len(part) <= 8 or (len(part) == 4 and part[0].isdigit()):
            out.append(part.lower())  # variant
        else:
            return None
    return "-".join(out)
