"""Characters no output can hold are removed once, and a cleaned text stays as it is."""

from __future__ import annotations

import warnings

from hypothesis import given
from hypothesis import strategies as st

from archivepub.model import Document, Metadata, Paragraph, Text
from archivepub.model.chars import clean_document, clean_text

# the characters escapes are made of, mixed with plain ones: the shapes that can form an escape
# only once another character between them has gone
_PIECES = st.lists(
    st.sampled_from(["\x1b", "\x9b", "[", "]", "1", ";", " ", "A", "m", "\x07", "\\", "\x00", "x", "\ufffe"]),
    max_size=30,
).map("".join)


@given(st.one_of(_PIECES, st.text(max_size=60)))
def test_cleaning_a_cleaned_text_changes_nothing(text: str) -> None:
    cleaned, removed = clean_text(text)
    assert removed == len(text) - len(cleaned)
    assert clean_text(cleaned) == (cleaned, 0)
    assert not any(ch in cleaned for ch in "\x00\x1b\x9b\ufffe")


def test_removing_an_escape_inside_a_c1_sequence_leaves_no_new_escape() -> None:
    # "CSI ESC A": removing ESC used to leave "CSI A", itself an escape, so reading the
    # document back from its JSON removed two more characters
    assert clean_text("0\x9b\x1b A") == ("0 A", 2)


def test_a_document_read_back_is_the_document() -> None:
    paragraph = Paragraph(id="p1", content=(Text("0\x9b\x1b A"),))
    doc = Document(metadata=Metadata(title="T\x1b[1m"), blocks=(paragraph,))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cleaned = clean_document(doc)
    assert cleaned.metadata.title == "T"
    assert len(caught) == 1
    assert "removed 6 control characters" in str(caught[0].message)
    assert Document.from_json(cleaned.to_json()) == cleaned
