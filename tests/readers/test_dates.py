"""Tests for archivepub.readers._dates: one date expression, and a date inside a line."""

# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Turkic letters are meant)

from __future__ import annotations

import pytest

from archivepub.readers._dates import find_date, parse_date, search_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06-09", "2023-06-09"),
        ("2023-06-09T08:30:00+01:00", "2023-06-09"),
        ("2023-06-09T23:30:00-05:00", "2023-06-09"),  # the date as written, zone not converted
        ("2023-06-09T08:30:00.123Z", "2023-06-09"),
        ("2023-06-09 06:01:07", "2023-06-09"),
        ("20230609T083000Z", "2023-06-09"),
        ("2023/06/09", "2023-06-09"),
        ("9 June 2023", "2023-06-09"),
        ("09 Jun 2023", "2023-06-09"),
        ("June 9, 2023", "2023-06-09"),
        ("Jun 9 2023", "2023-06-09"),
        ("Sept. 9, 2023", "2023-09-09"),
        ("9th June 2023", "2023-06-09"),
        ("18th of April 2024", "2024-04-18"),
        ("2024-04-18Z", "2024-04-18"),
        ("9 июня 2023 г., 08:30 МСК", "2023-06-09"),
        ("Friday, 9 June 2023", "2023-06-09"),
        ("Tue, 09 Jun 2023 08:30:00 GMT", "2023-06-09"),
        ("June 9, 2023 at 10:30 am EDT", "2023-06-09"),
        ("12 марта 2023", "2023-03-12"),
        ("12 марта 2023 г.", "2023-03-12"),
        ("12 марта 2023 года, 14:05", "2023-03-12"),
        ("пятница, 12 МАРТА 2023", "2023-03-12"),
        ("12 березня 2023", "2023-03-12"),
        ("12.03.2023", "2023-03-12"),
        ("1.3.2023", "2023-03-01"),
        ("12/03/2023", "2023-03-12"),
        ("06/19/2023", "2023-06-19"),
        ("18 ապրիլի 2024", "2024-04-18"),
        ("18 ապրիլի 2024 թ.", "2024-04-18"),
        ("2024 թ. ապրիլի 18", "2024-04-18"),
        ("18 aprel 2024", "2024-04-18"),
        ("18 aprel 2024-cü il", "2024-04-18"),
        ("18 Nisan 2024", "2024-04-18"),
        ("9. Juni 2023", "2023-06-09"),
        ("9. März 2023", "2023-03-09"),
        ("9 juin 2023", "2023-06-09"),
        ("1er juin 2023", "2023-06-01"),
        ("9 de junio de 2023", "2023-06-09"),
        ("21 de dezembro de 2018", "2018-12-21"),
        ("9 giugno 2023", "2023-06-09"),
        ("  9 June 2023  ", "2023-06-09"),
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "2023-02-30",
        "30 February 2023",
        "31 April 2024",
        "29 February 2023",
        "9 June 0999",
        "9 June 3001",
        "2023-13-01",
        "32.01.2023",
        "The meeting on 9 June 2023 was long",  # a sentence, not a date
        "June 2023",  # no day
        "2023",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_leap_day() -> None:
    assert parse_date("29 February 2024") == "2024-02-29"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published 18 April 2024, 10:30 BST", "2024-04-18"),
        ("Опубликовано: 12 марта 2023, 14:05", "2023-03-12"),
        ("Հրապարակված է՝ 18 ապրիլի 2024 թ., 10:30", "2024-04-18"),
        ("Dərc olunub: 18 aprel 2024, 10:30", "2024-04-18"),
        ("Updated: June 9, 2023 · 5 min read", "2023-06-09"),
        ("first 2 May 1990, then 3 June 2000", "1990-05-02"),
        ("no date 30 February 2023 here", None),
        ("We ate 18 apples in 2024", None),
        ("nothing at all", None),
    ],
)
def test_find_date(text: str, expected: str | None) -> None:
    assert find_date(text) == expected


def test_search_date_gives_the_span() -> None:
    found = search_date("By Jane Doe on 18 April 2024, London")
    assert found is not None
    iso, start, end = found
    assert iso == "2024-04-18"
    assert "By Jane Doe on 18 April 2024, London"[start:end] == "18 April 2024"
