"""Tests for archivepub.readers._language: offline identification and tag normalisation."""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import pytest

from archivepub.readers._language import identify_language, normalize_language_tag

SENTENCES = {
    "en": [
        "The minister said the talks would continue next week.",
        "Rain is expected across the north on Friday.",
        "It was a quiet morning in the old harbour.",
    ],
    "ru": [
        "Министр заявил, что переговоры продолжатся на следующей неделе.",
        "В пятницу на севере ожидается дождь.",
        "Это было тихое утро в старой гавани.",
    ],
    "uk": [
        "Міністр заявив, що переговори триватимуть наступного тижня.",
        "У п'ятницю на півночі очікується дощ.",
    ],
    "hy": [
        "Նախարարը հայտարարեց, որ բանակցությունները կշարունակվեն հաջորդ շաբաթ։",
        "Ուրբաթ օրը հյուսիսում անձրև է սպասվում։",
        "Հին նավահանգստում հանգիստ առավոտ էր։",
    ],
    "az": [
        "Nazir bildirib ki, danışıqlar gələn həftə davam edəcək.",
        "Cümə günü şimalda yağış gözlənilir.",
        "Köhnə limanda sakit bir səhər idi.",
        "Pullar hara getdi, heç kim bilmir?",  # no ə: the model says Turkmen
    ],
    "tr": [
        "Bakan, görüşmelerin gelecek hafta devam edeceğini söyledi.",
        "Cuma günü kuzeyde yağmur bekleniyor.",
        "Eski limanda sessiz bir sabahtı.",
        "Kapıyı kapat lütfen, hava soğuk.",
        "Para nereye gitti, kimse bilmiyor mu?",
    ],
    "de": ["Der Minister sagte, die Gespräche würden nächste Woche fortgesetzt."],
    "fr": ["Le ministre a déclaré que les négociations se poursuivraient la semaine prochaine."],
}


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, texts in SENTENCES.items() for text in texts]
)
def test_identify_language_short_sentences(lang: str, text: str) -> None:
    assert identify_language(text) == lang


def test_longer_text() -> None:
    text = " ".join(SENTENCES["az"] * 3)
    assert identify_language(text) == "az"


@pytest.mark.parametrize("text", ["", "Hi", "12345 67890 !!!", "OK?", "https://example.com/a/b/c/d/e"])
def test_too_short_or_no_letters_is_und(text: str) -> None:
    assert identify_language(text) == "und"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en", "en"),
        ("en_US", "en-US"),
        ("EN-us", "en-US"),
        ("az_Latn", "az-Latn"),
        ("az_AZ", "az-AZ"),
        ("az-latn-az", "az-Latn-AZ"),
        ("zh-hans", "zh-Hans"),
        ("es-419", "es-419"),
        ("hy-AM", "hy-AM"),
        (" ru ", "ru"),
        ("und", "und"),
        ("", None),
        ("x", None),
        ("english", None),
        ("en US", None),
        ("12", None),
        ("en-", None),
        ("en-a", None),
    ],
)
def test_normalize_language_tag(tag: str, expected: str | None) -> None:
    assert normalize_language_tag(tag) == expected
