"""Inline markup as tags and back, with the repairs made when a model breaks the tags."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archivepub.model import Emphasis, Inline, Link, NoteRef, Strong, Text, normalize_inlines
from archivepub.transforms.tags import TagMap, inlines_to_tagged, tagged_to_inlines

SAMPLE: tuple[Inline, ...] = (
    Text("The "),
    Emphasis((Text("editor"),)),
    Text(" wrote "),
    NoteRef("fn2"),
    Link("https://e.org/a_b?x=1&y=2", (Text("this "), Strong((Text("letter"),)))),
    Text(" < 3 &lt; 4."),
    NoteRef("fn1"),
)


def test_round_trip_is_exact() -> None:
    text, tags = inlines_to_tagged(SAMPLE)
    assert text == (
        "The <em>editor</em> wrote <note1/><a1>this <strong>letter</strong></a1> &lt; 3 &amp;lt; 4.<note2/>"
    )
    assert tags == TagMap(links=("https://e.org/a_b?x=1&y=2",), notes=("fn2", "fn1"), emphasis=1, strong=1)
    assert tagged_to_inlines(text, tags) == (SAMPLE, ())


def test_dropped_notes_are_reattached_at_the_end_and_recorded() -> None:
    _, tags = inlines_to_tagged(SAMPLE)
    inlines, repairs = tagged_to_inlines(
        "Der Redakteur schrieb <a1>diesen <strong>Brief</strong></a1>.", tags
    )
    assert inlines[-2:] == (NoteRef("fn2"), NoteRef("fn1"))
    assert "note fn2 re-attached at the end of the segment" in repairs
    assert "note fn1 re-attached at the end of the segment" in repairs
    assert any("emphasis span(s) lost" in r for r in repairs)


def test_garbled_tags_are_repaired_and_recorded() -> None:
    _, tags = inlines_to_tagged(SAMPLE)
    text = (
        "< EM >x</em> <note 2 /> <a1>y <strong>z</a1></strong> </b> <note9/> <note2/> <a1>again</a1> <note1/>"
    )
    inlines, repairs = tagged_to_inlines(text, tags)
    assert [n for n in inlines if isinstance(n, NoteRef)] == [NoteRef("fn1"), NoteRef("fn2")]
    assert [n.url for n in inlines if isinstance(n, Link)] == ["https://e.org/a_b?x=1&y=2"]
    assert any(isinstance(n, Emphasis) for n in inlines)
    assert "strong emphasis closed early (tags crossed)" in repairs
    assert "stray closing tag </strong> removed" in repairs
    assert "unknown tag <note9/> removed" in repairs
    assert "repeated note fn1 removed" in repairs
    assert "repeated note fn2 removed" not in repairs
    assert "repeated link https://e.org/a_b?x=1&y=2 kept as text" in repairs
    assert "again" in "".join(n.text for n in inlines if isinstance(n, Text))


def test_a_model_that_drops_every_tag_loses_no_note() -> None:
    _, tags = inlines_to_tagged(SAMPLE)
    inlines, repairs = tagged_to_inlines("garbage output", tags)
    assert inlines == (Text("garbage output"), NoteRef("fn2"), NoteRef("fn1"))
    assert len(repairs) == 5


_text = st.text(alphabet="ab <&;/>lt.", min_size=1, max_size=6).map(Text)
_inline = st.recursive(
    _text | st.sampled_from(["fn1", "fn2"]).map(NoteRef),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda c: Emphasis(tuple(c))),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: Strong(tuple(c))),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: Link("https://e.org/", tuple(c))),
    ),
    max_leaves=8,
)


@given(st.lists(_inline, max_size=5))
def test_round_trip_property(nodes: list[Inline]) -> None:
    inlines = normalize_inlines(nodes)
    text, tags = inlines_to_tagged(inlines)
    assert tagged_to_inlines(text, tags) == (inlines, ())


@given(
    st.lists(_inline, max_size=5),
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.sampled_from(["<em>", "</em>", "<a1>", "</a1>", "<note2/>", " ", "  ", "<br/>"]),
        ),
        max_size=4,
    ),
)
def test_what_is_read_back_is_normal(nodes: list[Inline], edits: list[tuple[int, str]]) -> None:
    # a translation's content is what tagged_to_inlines reads, used as it is when a block is
    # one segment: it must be normal already, whatever the model did to the tags and spaces
    text, tags = inlines_to_tagged(normalize_inlines(nodes))
    for at, piece in edits:
        text = text[:at] + piece + text[at:]
    inlines, _ = tagged_to_inlines(text, tags)
    assert normalize_inlines(list(inlines)) == inlines
