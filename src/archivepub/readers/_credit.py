"""Split an image caption into the caption proper and its credit ("Photo: Jane Doe").

A credit is recognised only by an explicit label ("Photo:", "Фото:", "Լուսանկարը՝", "©",
"Photo by") at the start of the caption, after a sentence, after a dash or pipe, or in
parentheses at the end; the words "photo" or "image" inside caption prose are never a credit.
"""

# ruff: noqa: RUF001, RUF002, RUF003  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import re

__all__ = ["CREDIT_LABELS", "split_credit", "strip_credit_label"]

#: Labels that introduce a credit when followed by ":" (or "-" / "—" / "՝"), longest first.
CREDIT_LABELS: tuple[str, ...] = (
    "Photo illustration",
    "Photograph",
    "Photographs",
    "Photography",
    "Photos",
    "Photo",
    "Image credit",
    "Image credits",
    "Image source",
    "Images",
    "Image",
    "Picture",
    "Pictures",
    "Illustration",
    "Illustrations",
    "Graphic",
    "Video",
    "Credit",
    "Credits",
    "Source",
    "Courtesy",
    "Фото",
    "Фотография",
    "Фотографии",
    "Источник",
    "Иллюстрация",
    "Изображение",
    "Автор фото",
    "Кадр",
    "Foto",
    "Fotos",
    "Fotoğraf",
    "Fotoğraflar",
    "Kaynak",
    "Şəkil",
    "Şəkillər",
    "Mənbə",
    "Fotoqraf",
    "Bild",
    "Quelle",
    "Crédit",
    "Crédits",
    "Fuente",
    "Fonte",
    "Źródło",
    "Fot.",
    "Fot",
    "Zdjęcie",
    "Kuva",
    "Լուսանկարը",
    "Լուսանկարներ",
    "Լուսանկարները",
    "Լուսանկար",
    "Աղբյուրը",
    "Աղբյուր",
    "Նկարը",
    "Նկար",
)

_LABEL_ALT = "|".join(re.escape(label) for label in sorted(CREDIT_LABELS, key=len, reverse=True))
# "Photo: X", "Фото - X", "Լուսանկարը՝ X"; a label word must be followed by its separator
_LABELLED = re.compile(
    rf"(?:{_LABEL_ALT})\s*(?::|՝|\s[-–—]\s?|[-–—]\s)\s*(?P<credit>\S.*)", re.IGNORECASE | re.DOTALL
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|(?:(?:Image|Photo|Picture)\s+)?Copyright\b:?|&copy;)\s*(?P<credit>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
_BY = re.compile(
    r"(?:Photos?|Photograph|Image|Picture|Illustration|Video)\s+(?:by|courtesy of)\s+"
    r"(?P<credit>\S.*)|Courtesy of\s+(?P<courtesy>\S.*)",
    re.IGNORECASE | re.DOTALL,
)


# what every credit starts with (a label, a copyright sign, "Photo by", "Courtesy of"): a
# text with none of these holds no credit, and a place it does not follow starts none
_CREDIT_START = re.compile(
    rf"(?:{_LABEL_ALT}|©|\(c\)|&copy;|copyright|photo|image|picture|illustration|video|courtesy)",
    re.IGNORECASE,
)
_OTHER_WORDS = ("©", "(c)", "&copy;", "copyright", "photo", "image", "picture", "illustration", "video")
_CREDIT_WORDS = tuple(dict.fromkeys(w.lower() for w in (*CREDIT_LABELS, *_OTHER_WORDS, "courtesy")))
# any of them anywhere in a lowercased text: one search instead of a substring test per word
# ("photo" is enough to find "photographs": words holding another word are left out)
_ANY_CREDIT_WORD = re.compile(
    "|".join(re.escape(w) for w in _CREDIT_WORDS if not any(o != w and o in w for o in _CREDIT_WORDS))
)


def _match_credit(text: str) -> str | None:
    """The credit when the whole of ``text`` is a labelled credit, else None."""
    text = text.strip()
    for pattern in (_LABELLED, _COPYRIGHT, _BY):
        match = pattern.fullmatch(text)
        if match:
            credit = match.group("credit") if match.group("credit") else match.groupdict().get("courtesy")
            if credit:
                credit = credit.strip().rstrip(".").strip()
                # "Photo: © Jane Doe", "Image: (c) AP": a copyright sign after the label
                sign = re.fullmatch(r"(?:©|\(c\))\s*(\S.*)", credit, re.IGNORECASE | re.DOTALL)
                if sign and pattern is not _COPYRIGHT:
                    credit = sign.group(1).strip()
                if credit and len(credit) <= 200:
                    return credit
    return None


def _with_case(text: str) -> bool:
    """Credits start with a capital, a digit, a quote or a symbol (not a lowercase word)."""
    return not text[:1].islower()


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a caption into ``(caption, credit)``; the credit has no label, or is None.

    >>> split_credit("The harbour at dawn. Photo: Jane Doe")
    ('The harbour at dawn.', 'Jane Doe')
    >>> split_credit("Divers near the wreck (Image: Ocean Trust)")
    ('Divers near the wreck', 'Ocean Trust')
    >>> split_credit("Вид на порт. Фото: Иван Петров")
    ('Вид на порт.', 'Иван Петров')
    >>> split_credit("A photo of the harbour at dawn")
    ('A photo of the harbour at dawn', None)

    :param text: the caption as shown under the image.
    """
    text = text.strip()
    if not text:
        return "", None
    folded = text.lower()
    if not _ANY_CREDIT_WORD.search(folded):
        return text, None  # the common case, in time linear in the text
    whole = _match_credit(text)
    if whole is not None:
        return "", whole
    # (Photo: X) / [Photo: X] at the end
    paren = re.search(r"\s*[(\[]([^()\[\]]+)[)\]]\s*\.?\s*$", text)
    if paren:
        credit = _match_credit(paren.group(1))
        if credit is not None:
            return text[: paren.start()].strip(), credit
    # a separator (sentence end, dash, pipe, slash) followed by a labelled credit
    for sep in re.finditer(r"(?:(?<=[.!?…»”\"')։:])\s+|\s+[|/–—-]\s+|\s*\|\s*|\s{2,}|\n)", text):
        if _CREDIT_START.match(text, sep.end()) is None:
            continue  # no credit starts here: no need to match the whole tail
        tail = text[sep.end() :]
        credit = _match_credit(tail)
        if credit is not None and _with_case(tail):
            caption = text[: sep.start()].strip().rstrip("|/–—-").strip()
            return caption, credit
    # "... harbour © Reuters": the copyright sign is unambiguous anywhere
    sign = re.search(r"\s*(?:©|\(c\)(?=\s+[A-Z]))\s*(?P<credit>[^©]+)$", text)
    if sign and sign.start() > 0:
        credit = sign.group("credit").strip().rstrip(".").strip()
        if credit:
            return text[: sign.start()].strip().rstrip("|/–—-,").strip(), credit
    return text, None


def strip_credit_label(text: str) -> str:
    """Remove the label from text known to be a credit (from a credit element).

    >>> strip_credit_label("Photo: Jane Doe"), strip_credit_label("© Reuters")
    ('Jane Doe', 'Reuters')
    >>> strip_credit_label("Jane Doe/Reuters")
    'Jane Doe/Reuters'

    :param text: the credit as shown.
    """
    text = text.strip()
    credit = _match_credit(text)
    if credit is None:
        return text
    # "Photo: © Reuters": a second label
    again = _match_credit(credit)
    return again if again is not None else credit
