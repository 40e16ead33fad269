"""Tests for archivepub.readers._credit: captions and their credits apart."""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import pytest

from archivepub.readers._credit import split_credit, strip_credit_label


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        ("The harbour at dawn. Photo: Jane Doe", "The harbour at dawn.", "Jane Doe"),
        ("The harbour at dawn. Photograph: Jane Doe/Reuters", "The harbour at dawn.", "Jane Doe/Reuters"),
        ("The harbour at dawn. Image: Port Authority", "The harbour at dawn.", "Port Authority"),
        ("The harbour at dawn. Image credit: NASA", "The harbour at dawn.", "NASA"),
        ("The harbour at dawn. Picture: Ann Lee", "The harbour at dawn.", "Ann Lee"),
        ("A map of the bay. Illustration: Tom Rix", "A map of the bay.", "Tom Rix"),
        ("The harbour at dawn. Credit: AP", "The harbour at dawn.", "AP"),
        ("Census results. Source: National Office", "Census results.", "National Office"),
        ("Boats in the bay © Jane Doe", "Boats in the bay", "Jane Doe"),
        ("Boats in the bay (c) AP Photo", "Boats in the bay", "AP Photo"),
        ("Mount Ararat. Photo by Jane Doe", "Mount Ararat.", "Jane Doe"),
        ("Divers near the wreck (Photo: Ocean Trust)", "Divers near the wreck", "Ocean Trust"),
        ("Divers near the wreck (Image: Ocean Trust).", "Divers near the wreck", "Ocean Trust"),
        ("Divers near the wreck [Photo by Ann Lee]", "Divers near the wreck", "Ann Lee"),
        ("The market — Photo: Jane Doe", "The market", "Jane Doe"),
        ("The market - Credit: AP", "The market", "AP"),
        ("The market | Credit: AP", "The market", "AP"),
        ("Вид на порт. Фото: Иван Петров", "Вид на порт.", "Иван Петров"),
        ("Вид на порт. Фото - Иван Петров", "Вид на порт.", "Иван Петров"),
        ("Карта бухты. Иллюстрация: Анна Лис", "Карта бухты.", "Анна Лис"),
        ("Перепись. Источник: Росстат", "Перепись.", "Росстат"),
        ("Vista del puerto. Foto: Ana Ruiz", "Vista del puerto.", "Ana Ruiz"),
        ("Liman. Fotoğraf: Ali Kaya", "Liman.", "Ali Kaya"),
        ("Liman. Şəkil: Əli Məmmədov", "Liman.", "Əli Məmmədov"),
        ("Xəritə. Mənbə: Dövlət Arxivi", "Xəritə.", "Dövlət Arxivi"),
        ("Նավահանգիստը։ Լուսանկարը՝ Արամ Պետրոսյան", "Նավահանգիստը։", "Արամ Պետրոսյան"),
        ("Նավահանգիստը։ Լուսանկար՝ Արամ Պետրոսյան", "Նավահանգիստը։", "Արամ Պետրոսյան"),
        ("Քարտեզ։ Աղբյուրը՝ Ազգային արխիվ", "Քարտեզ։", "Ազգային արխիվ"),
        ("Photo: Jane Doe", "", "Jane Doe"),
        ("Image: © Jane Doe", "", "Jane Doe"),
        ("The quay in 1952. Photo: (c) Port Museum", "The quay in 1952.", "Port Museum"),
        ("© Reuters", "", "Reuters"),
        (
            "Port w Gdyni, zdjęcie ilustracyjne / Źródło: Pixabay",
            "Port w Gdyni, zdjęcie ilustracyjne",
            "Pixabay",
        ),
    ],
)
def test_split_credit(text: str, caption: str, credit: str) -> None:
    assert split_credit(text) == (caption, credit)


@pytest.mark.parametrize(
    "text",
    [
        "A photo of the harbour at dawn",
        "Images of the war: a new exhibition opens",
        "The source of the river, high in the hills",
        "She took the photo by the harbour wall",
        "Credit card fraud rose in 2023",
        "Фото на память у старой гавани",
        "The picture: a harbour at dawn",
        "",
    ],
)
def test_prose_is_not_a_credit(text: str) -> None:
    assert split_credit(text) == (text, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo: Jane Doe", "Jane Doe"),
        ("Photo: Jane Doe.", "Jane Doe"),
        ("© Reuters", "Reuters"),
        ("©Reuters", "Reuters"),
        ("Copyright Jane Doe", "Jane Doe"),
        ("Image copyright Getty Images", "Getty Images"),
        ("Photo: © Reuters", "Reuters"),
        ("Image credit: NASA/JPL", "NASA/JPL"),
        ("Photo by Ann Lee", "Ann Lee"),
        ("Courtesy of the Smith family", "the Smith family"),
        ("Фото: ТАСС", "ТАСС"),
        ("Լուսանկարը՝ Արամ Պետրոսյան", "Արամ Պետրոսյան"),
        ("Jane Doe/Reuters", "Jane Doe/Reuters"),
        ("  Jane Doe  ", "Jane Doe"),
    ],
)
def test_strip_credit_label(text: str, expected: str) -> None:
    assert strip_credit_label(text) == expected
