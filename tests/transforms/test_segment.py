# ruff: noqa: RUF001  (multilingual text: Cyrillic, Armenian and Azerbaijani letters are meant)
"""Sentence segmentation per language, on text and on inline sequences."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archivepub.model import Emphasis, Inline, Link, NoteRef, Strong, Text, normalize_inlines
from archivepub.transforms.segment import segment_inlines, split_text


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Dr. Brown came. He left!", ["Dr. Brown came.", "He left!"]),
        (
            "en",
            "See e.g. the map, i.e. the old one. Then go.",
            ["See e.g. the map, i.e. the old one.", "Then go."],
        ),
        (
            "en",
            "J. R. Smith wrote it in 1915. 12 pages survive.",
            ["J. R. Smith wrote it in 1915.", "12 pages survive."],
        ),
        (
            "en",
            'He said "Stop." Then he left. (See fig. 3.) And more.',
            ['He said "Stop."', "Then he left.", "(See fig. 3.)", "And more."],
        ),
        (
            "en",
            "It was lost… Nobody knew. version 2.0 is out.",
            ["It was lost…", "Nobody knew. version 2.0 is out."],
        ),
        (
            "ru",
            "Это т.е. пример. Им. Горького, г. Москва. А. С. Пушкин писал.",
            ["Это т.е. пример.", "Им. Горького, г. Москва.", "А. С. Пушкин писал."],
        ),
        (
            "ru",
            "Музей открыт в 1920 г. в Баку. «Новая» выставка! Когда?",
            ["Музей открыт в 1920 г. в Баку.", "«Новая» выставка!", "Когда?"],
        ),
        (
            "hy",
            "Ո՞վ է գրել այն։ 1915 թ. Պոլսում։ Այո՛։ Ինչու՜ այդպես։",
            ["Ո՞վ է գրել այն։", "1915 թ. Պոլսում։", "Այո՛։", "Ինչու՜ այդպես։"],
        ),
        ("hy", "Նամակը գրվել է: Հետո կորել է:", ["Նամակը գրվել է:", "Հետո կորել է:"]),
        (
            "az",
            "Bu məs. şəhərdir. Bakı gözəldir. Səh. 5-də yazılıb. Prof. Əliyev gəldi.",
            ["Bu məs. şəhərdir.", "Bakı gözəldir.", "Səh. 5-də yazılıb.", "Prof. Əliyev gəldi."],
        ),
        (
            "az",
            "Kitab 1918-ci ildə çap olundu. Şəkil: Əli Vəliyev.",
            ["Kitab 1918-ci ildə çap olundu.", "Şəkil: Əli Vəliyev."],
        ),
    ],
)
def test_split_text(lang: str, text: str, expected: list[str]) -> None:
    assert split_text(text, lang) == expected


def test_noteref_after_full_stop_stays_with_its_sentence() -> None:
    inlines = (
        Text("First ends."),
        NoteRef("fn1"),
        NoteRef("fn2"),
        Text(" Second"),
        NoteRef("fn3"),
        Text(" goes on."),
        NoteRef("fn4"),
    )
    segs = segment_inlines(inlines, "en")
    assert segs == [
        (Text("First ends."), NoteRef("fn1"), NoteRef("fn2")),
        (Text("Second"), NoteRef("fn3"), Text(" goes on."), NoteRef("fn4")),
    ]


def test_sentences_span_markup_and_cuts_stay_outside_it() -> None:
    inlines = (
        Text("A "),
        Emphasis((Text("long. Italic"),)),
        Text(" run. Then "),
        Link("https://e.org/", (Strong((Text("a link"),)),)),
        Text(". Last."),
    )
    segs = segment_inlines(inlines, "en")
    assert segs == [
        (Text("A "), Emphasis((Text("long. Italic"),)), Text(" run.")),
        (Text("Then "), Link("https://e.org/", (Strong((Text("a link"),)),)), Text(".")),
        (Text("Last."),),
    ]


def test_no_boundary_gives_one_segment_and_empty_gives_none() -> None:
    assert segment_inlines((Text("no full stop"),), "en") == [(Text("no full stop"),)]
    assert segment_inlines((), "en") == []


_words = st.sampled_from(
    ["Dr.", "e.g.", "word", "End.", "Yes!", "Why?", "т.е.", "Это.", "Այո։", "1915.", "»", "(A.)"]
)
_node = st.one_of(
    st.lists(_words, min_size=1, max_size=4).map(lambda w: Text(" ".join(w) + " ")),
    st.sampled_from(["fn1", "fn2"]).map(NoteRef),
    st.lists(_words, min_size=1, max_size=3).map(lambda w: Emphasis((Text(" ".join(w)),))),
)


@given(st.lists(_node, max_size=8), st.sampled_from(["en", "ru", "hy", "az"]))
def test_segments_joined_with_a_space_give_back_the_inlines(nodes: list[Inline], lang: str) -> None:
    inlines = normalize_inlines(nodes)
    joined: list[Inline] = []
    for segment in segment_inlines(inlines, lang):
        if joined:
            joined.append(Text(" "))
        joined.extend(segment)
    assert normalize_inlines(joined) == inlines
