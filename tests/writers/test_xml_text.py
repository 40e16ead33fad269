"""The writers' XML text checks: the printable fast path gives the regular expression's answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archivepub.errors import WriteError
from archivepub.writers._xml import _NOT_XML, check_text, strip_non_xml

# XML 1.0's Char production, written out here rather than taken from the module
_XML_CHAR = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def test_every_character_xml_cannot_hold_is_one_isprintable_rejects() -> None:
    # the fast path skips the search for a printable string: sound only if this holds for this
    # Python's Unicode tables
    for code in range(0x110000):
        char = chr(code)
        if _XML_CHAR.match(char) is None:
            assert not char.isprintable(), f"U+{code:04X}"


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
def test_strip_and_check_agree_with_xml_chars(text: str) -> None:
    kept = "".join(c for c in text if _XML_CHAR.match(c))
    assert strip_non_xml(text) == kept
    assert _NOT_XML.sub("", text) == kept
    if kept == text:
        assert check_text(text, "title") == text
    else:
        with pytest.raises(WriteError, match=r"^title: character U\+"):
            check_text(text, "title")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Архив\u00a01887", "Архив\u00a01887"),
        ("tab\there\nline\r", "tab\there\nline\r"),
        ("bell\x07 and \x1b escape", "bell and  escape"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("\ufffe\uffff\ufffd", "\ufffd"),
        ("\U0001d504 astral", "\U0001d504 astral"),
    ],
)
def test_strip_non_xml_examples(text: str, kept: str) -> None:
    assert strip_non_xml(text) == kept
