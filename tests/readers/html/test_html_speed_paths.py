"""The HTML reader's fast paths give the answers of the slower code they stand for.

Speed-ups that replace a general computation by a cheaper one valid on most input (see
``benchmarks/read.py``) are checked here against the general one, including on the input
where the cheap one does not apply.
"""

from __future__ import annotations

import re
import sys

import pytest

from archivepub.readers.html import _header


def _case_blind_mismatches(pattern: re.Pattern[str]) -> set[str]:
    """The characters on which matching case-blind and matching the lower-cased text differ
    for ``pattern``'s letters (or that ``str.lower`` turns into more than one character)."""
    letters = {c for c in pattern.pattern if c.isalpha()}
    assert letters == {c.lower() for c in letters}, "the pattern's words must be lower case"
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    odd: set[str] = set()
    for letter in letters:
        odd.update(ch for ch in re.findall(re.escape(letter), every, re.IGNORECASE) if ch.lower() != letter)
    for ch in every:
        lower = ch.lower()
        if len(lower) != 1 or (lower in letters and not re.fullmatch(re.escape(lower), ch, re.IGNORECASE)):
            odd.add(ch)
    return odd


def test_the_update_word_search_knows_every_character_where_lower_casing_differs() -> None:
    odd = _case_blind_mismatches(_header._UPDATE_WORD)
    assert {ch for ch in odd if not _header._CASE_ODD.search(ch)} == set()


@pytest.mark.parametrize(
    "text",
    [
        "Updated May 6, 2019",
        "LAST UPDATED: 6 May",
        "Aktualisiert am 17.01.2021",
        "Letzte Änderung: gestern",
        "Mis À Jour le 3 mai",
        "ОБНОВЛЕНО 3 мая",
        "Aktual\u0131siert am 17.01.2021",  # dotless i: the same word to a case-blind match
        "\u017f and \u0130 and \u1c82 around no word",
        "aktual\u0130siert",
        "nothing of the kind",
        "",
    ],
)
def test_the_fast_update_word_search_agrees_with_the_case_blind_one(text: str) -> None:
    assert _header._mentions_update(text) == (_header._UPDATE_WORD.search(text) is not None)


def test_the_bad_character_check_finds_every_character_the_parser_refuses() -> None:
    from archivepub.readers.html import _parse

    refused = "".join(chr(i) for i in range(sys.maxunicode + 1) if _parse._BAD_CHARS.match(chr(i)))
    for ch in refused:
        assert _parse._may_hold_bad_chars(f"caf\u00e9 {ch} tea"), hex(ord(ch))
        assert _parse._may_hold_bad_chars(f"tea {ch}"), hex(ord(ch))
    for text in ["tea", "caf\u00e9", "\u6f22\u5b57 \U0001f600", "\t\n\r", ""]:
        assert not _parse._may_hold_bad_chars(text)


_PAGE = """<html><head><meta itemprop="name" content="x"></head><body role="document" itemprop="b">
<nav><a href="/">Home</a></nav><main data-type="chapter"><article itemprop="articleBody" class="c">
<h2><a href="#a">Linked</a></h2><h3>Plain</h3><h4><span><a href="/x">Deep</a></span></h4>
<h4><a>No href</a></h4>
<p hidden>h</p><p aria-hidden="true" style="color:red">s</p><div role="note" itemprop="x" rel="author">n</div>
<aside><footer><menu><li rel="tag">t</li></menu></footer></aside></article></main></body></html>"""


@pytest.mark.parametrize(
    ("module", "name", "original"),
    [
        ("_clean", "_MAYBE_HIDDEN", "descendant::*[@hidden or @aria-hidden or @style]"),
        (
            "_clean",
            "_MAYBE_FURNITURE",
            "descendant::*[@role or @itemprop or self::nav or self::aside or self::footer or self::menu]",
        ),
        ("_content", "_MAYBE_HINT", "descendant-or-self::*[@itemprop or @data-type or @role or self::main]"),
        ("_header", "_MAYBE_BYLINE", "descendant-or-self::*[@rel or @itemprop]"),
        (
            "_header",
            "_LINKED_HEADING",
            "descendant::*[self::h2 or self::h3 or self::h4][descendant::a[@href]]",
        ),
        ("_metadata", "_ITEMPROPS", "//*[@itemprop and not(self::meta)]"),
    ],
)
def test_the_faster_element_queries_find_what_the_plain_ones_did(
    module: str, name: str, original: str
) -> None:
    import importlib

    import lxml.etree

    from archivepub.readers.html._parse import parse_text

    query = getattr(importlib.import_module(f"archivepub.readers.html.{module}"), name)
    root = parse_text(_PAGE, name="page.html")
    for start in (root, root.find("body"), root.find(".//article")):
        assert start is not None
        expected = lxml.etree.XPath(original)(start)
        assert expected, "the page has something to find"
        assert query(start) == expected  # the same elements, in document order
