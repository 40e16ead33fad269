"""Tests for archivepub.readers._byline: byline lines and author lists."""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import pytest

from archivepub.readers._byline import parse_byline, split_authors


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("by Jane Doe", ["Jane Doe"]),
        ("BY JANE DOE", ["JANE DOE"]),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("By Jane Doe, John Roe, and Ann Poe", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("By Jane Doe & John Roe", ["Jane Doe", "John Roe"]),
        ("Words by Mary Smith", ["Mary Smith"]),
        ("Written by Mary Smith", ["Mary Smith"]),
        ("By Jane de la Cruz", ["Jane de la Cruz"]),
        ("By Seán O’Brien", ["Seán O’Brien"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("Авторы: А. Б. Иванов, В. Петров", ["А. Б. Иванов", "В. Петров"]),
        ("Авторы: Иван Петров и Анна Лис", ["Иван Петров", "Анна Лис"]),
        ("Текст: Мария Иванова", ["Мария Иванова"]),
        ("Հեղինակ՝ Արամ Պետրոսյան", ["Արամ Պետրոսյան"]),
        ("Müəllif: Leyla Əliyeva", ["Leyla Əliyeva"]),
        ("Müəlliflər: Leyla Əliyeva və Orxan Həsənov", ["Leyla Əliyeva", "Orxan Həsənov"]),
        ("Von Hans Müller", ["Hans Müller"]),
        ("Par Jean Dupont", ["Jean Dupont"]),
        ("Por María García", ["María García"]),
        ("By Jane Doe, Staff Writer | 18 April 2024", ["Jane Doe"]),
        ("By Jane Doe on 18 April 2024", ["Jane Doe"]),
        ("By Jane Doe 18 April 2024", ["Jane Doe"]),
        ("By Jane Doe, Friday 18 April 2024", ["Jane Doe"]),
        ("By Jane Doe June 9, 2023", ["Jane Doe"]),
        ("By Jane Doe - 5 min read", ["Jane Doe"]),
        ("By Jane Doe in London", ["Jane Doe"]),
        ("By Jane Doe, Economics Correspondent", ["Jane Doe"]),
        ("Автор: Иван Петров, 12 марта 2023", ["Иван Петров"]),
        ("By Reuters", ["Reuters"]),
    ],
)
def test_parse_byline(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "By the end of the week the harbour was full.",
        "By train",
        "by 2025 the port will have doubled",
        "Text: hello world is here",
        "Byline",
        "Bypass road reopens",
        "Door Number Three",
        "Par for the course",
        "Von Braun's rockets",
        "Jane Doe",
        "Автор статьи считает, что это неверно.",
        "By " + "Name " * 60,
    ],
)
def test_not_a_byline(text: str) -> None:
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe", ["Jane Doe"]),
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("A, B & C", ["A", "B", "C"]),
        ("Jane Doe; John Roe", ["Jane Doe", "John Roe"]),
        ("Jane Doe, Jane Doe", ["Jane Doe"]),
        ("Иван Петров и Анна Лис", ["Иван Петров", "Анна Лис"]),
        ("Արամ Պետրոսյան և Աննա Սարգսյան", ["Արամ Պետրոսյան", "Աննա Սարգսյան"]),
        ("", []),
    ],
)
def test_split_authors(text: str, expected: list[str]) -> None:
    assert split_authors(text) == expected


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        (
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
            ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
        ),
        ("Jane Doe (Reuters), John Roe", ["Jane Doe (Reuters)", "John Roe"]),
        ("Anna Berg (text, photos) and Li Wei", ["Anna Berg (text, photos)", "Li Wei"]),
    ],
)
def test_parentheses_are_not_split_but_co_authors_in_them_count(text: str, authors: list[str]) -> None:
    assert split_authors(text) == authors


def test_posted_by_is_a_byline() -> None:
    assert parse_byline("Posted by Jane Doe on 18 April 2024") == ["Jane Doe"]
    assert parse_byline("Posted by the river, the old mill stands.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ein Artikel von Pamela Sladky | 27.01.2022 - 12:45", ["Pamela Sladky"]),
        ("Blog Beitrag von Margarita Koreneva", ["Margarita Koreneva"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
        ("Veröffentlicht am 9. Juni 2023 von Anna Berg", ["Anna Berg"]),
        ("Redaktion: Eberhard Fuhr", ["Eberhard Fuhr"]),
        ("Publié par Jean Dupont", ["Jean Dupont"]),
        ("Escrito por María García", ["María García"]),
        ("By Christian Thiele 12.01.2022", ["Christian Thiele"]),
        ("By Perry Bacon Jr.", ["Perry Bacon Jr."]),
        ("By Joe S.", ["Joe S."]),
        ("By Williams Perdomo @wperdomod", ["Williams Perdomo"]),
        ("By Thilo /", ["Thilo"]),
        ("By Adam Aaronson PhillyVoice Staff", ["Adam Aaronson"]),
    ],
)
def test_bylines_in_more_words_and_languages(text: str, expected: list[str]) -> None:
    assert parse_byline(text) == expected


def test_a_name_is_never_cut_at_on_am_le_el_inside_a_word() -> None:
    assert parse_byline("Von Redaktion am 3. März 2022") is None or parse_byline(
        "Von Redaktion am 3. März 2022"
    ) == ["Redaktion"]
    assert parse_byline("By Anna Leon, 9 June 2023") == ["Anna Leon"]
    assert parse_byline("Von Marie Thiele am 9. Juni 2023") == ["Marie Thiele"]


def test_user_names_only_where_asked_for() -> None:
    assert parse_byline("von lupa am 26/10/13") is None
    assert parse_byline("von lupa am 26/10/13", handles=True) == ["lupa"]
    assert parse_byline("Posted on", handles=True) is None
