"""The HTML reader's fast paths give the answers of the slower code they stand for.

Speed-ups that replace a general computation by a cheaper one valid on most input (see
``benchmarks/read.py``) are checked here against the general one, including on the input
where the cheap one does not apply.
"""

from __future__ import annotations

import random
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


@pytest.mark.parametrize(
    "words", [_header._UPDATE_WORD, _header._LAST_CHANGE_WORD], ids=["update", "last-change"]
)
def test_the_lower_cased_searches_know_every_character_where_lower_casing_differs(
    words: re.Pattern[str],
) -> None:
    # the "updated" search and the "last changed" precheck run on lower-cased text; a page
    # holding one of these characters goes the case-blind way
    odd = _case_blind_mismatches(words)
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


@pytest.mark.parametrize(
    "text",
    [
        "This page was last edited on 29 January 2020",
        "LAST MODIFIED 3 May",
        "Diese Seite wurde zuletzt am 2. März 2021 geändert",
        "Dernière Mise À Jour : 3 mai",
        "ÚLTIMA ACTUALIZACIÓN 3 de mayo",
        "Senast Ändrad 2021-03-02",
        "Zuletzt\u0131 geändert",
        "nothing of the kind",
        "",
    ],
)
def test_the_last_change_precheck_never_misses_a_line_the_pattern_finds(text: str) -> None:
    # the precheck may say yes where the pattern finds nothing, never the reverse; texts that
    # run into each other ("Seelast edited on ...") still pass it, where \b would not
    for joined in (text, "See" + text, text + "further"):
        if _header._LAST_CHANGE.search(text) is not None:
            assert _header._mentions_last_change(joined)


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


def test_the_anywhere_notices_are_tried_on_every_line_they_can_match() -> None:
    # _ANYWHERE_NOISE and _ANYWHERE_NOTICES (furniture lines with a leading ".{0,n}") are only
    # tried on a line that holds one of _ANYWHERE_WORDS: no line they match may lack one
    from archivepub.readers.html import _clean

    pieces = [
        "5 min read",
        "12 minutes reading",
        "all rights reserved",
        "alle rechte vorbehalten",
        "tous droits réservés",
        "todos los derechos reservados",
        "video",
        "(3:20)",
        "to view the full story",
        "to continue reading this article",
        "for the full article",
        "already a subscriber",
        "already member",
        "download our",
        "app",
        "apps",
        "cancela cuando quieras",
        "is not responsible for the views",
        "n'engage que ses auteurs",
        "n\u2019engagent que leurs auteurs",
        "dieser beitrag enthält unbezahlte werbung",
        "the post contains affiliate links",
        "affiliate-link",
        "links on this page",
        "eine provision",
        "a commission",
        "comisión",
        "we use cookies",
        "delivered to your inbox",
        "未经授权",
        "禁止转载",
        " is on twitter at ",
        "©",
        "news",
        "x",
        " ",
        " ",
        "2024",
        "the",
        "our",
        "\u0131",
        "\u017f",
    ]
    matched = 0
    for line in _lines(pieces, seed=5, most=6):
        if _clean._ANYWHERE_NOISE.match(line) or _clean._ANYWHERE_NOTICES.match(line):
            matched += 1
            assert _clean._may_match_anywhere(line), line
    assert matched > 1000  # the generator does reach the patterns


def test_the_anywhere_words_know_every_character_a_case_blind_match_pairs_otherwise() -> None:
    # a line is case-folded before the patterns (case-blind) see it; a character that a
    # case-blind match pairs with a letter of _ANYWHERE_WORDS but that case-folding does not
    # turn into it must send the line to the patterns whatever words it holds
    from archivepub.readers.html import _clean

    letters = {c for word in _clean._ANYWHERE_WORDS for c in word if c.isalpha()}
    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    odd = {
        ch
        for letter in letters
        for ch in re.findall(re.escape(letter), every, re.IGNORECASE)
        if ch.casefold() != letter
    }
    assert {ch for ch in odd if not _clean._ANYWHERE_ODD.search(ch)} == set()


def test_the_notice_word_hints_never_turn_away_a_line_a_pattern_finds() -> None:
    # _notice_words tries its patterns only on lines holding one of _NOTICE_HINTS
    from archivepub.readers.html import _clean

    pieces = [
        "sign up here",
        "subscribe now",
        "straight to your phone",
        "im abo",
        "als e-paper",
        "am kiosk",
        "bahnhofskiosk",
        "einzelheft",
        "abonniere",
        "abonnieren sie",
        "abonnieren!",
        "abgelegt unter",
        "posted in",
        "ohne dein einverständnis",
        "without your consent",
        "letzte änderung:",
        "zuletzt aktualisiert am",
        "aktualisiert am",
        "last modified",
        "last updated",
        "dernière mise à jour",
        "12.03.2024",
        "10:15",
        "uhr",
        "pm",
        "news",
        "the",
        "x",
        ":",
        " ",
    ]
    found = 0
    for line in _lines(pieces, seed=8, most=5):
        if any(pattern.search(line) for pattern, _, _ in _clean._NOTICE_WORDS):
            found += 1
            assert any(hint in line for hint in _clean._NOTICE_HINTS), line
    assert found > 1000  # the generator does reach the patterns


def test_the_folded_furniture_patterns_match_a_folded_line_as_the_case_blind_ones_do() -> None:
    # is_boilerplate_line matches _NOISE and _NOTICES without IGNORECASE on a case-folded line
    # that holds no dotless i (U+0131): no other character a case-folded line can hold is paired,
    # case-blind, with a letter or a character class of the patterns that it is not
    from archivepub.readers.html import _clean

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    folded = "".join(sorted(set(every.casefold())))
    for pattern in (_clean._NOISE, _clean._NOTICES):
        literal = re.sub(r"\\.", "", pattern.pattern)  # (escapes such as \S and \d are caseless)
        assert literal == literal.lower(), "the patterns' words must be lower case"
        classes = set(re.findall(r"\[[^\]]*\]", pattern.pattern))
        atoms = {re.escape(c) for c in literal if c.isalpha()} | classes
        odd = set()
        for atom in atoms:
            odd |= set(re.findall(atom, folded, re.IGNORECASE)) - set(re.findall(atom, folded))
        assert odd == {"\u0131"}
    # a line holding one goes the case-blind way
    assert _clean.is_boilerplate_line("ADVERT\u0131SEMENT")
    assert _clean._furniture_patterns("advert\u0131sement")[0] is _clean._NOISE


def test_the_word_trees_find_what_the_alternations_of_their_words_do() -> None:
    from archivepub.readers.html import _clean

    rng = random.Random(3)
    for words in (_clean._ANYWHERE_WORDS, _clean._NOTICE_HINTS, ("a", "ab", "abc", "b", "c.d")):
        tree = re.compile(_clean._one_of(words))
        plain = re.compile("|".join(re.escape(word) for word in words))
        pieces = [*words, *(word[: len(word) // 2] for word in words), "x", " ", "."]
        for _ in range(3000):
            line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
            assert (tree.search(line) is None) == (plain.search(line) is None), line


def _lines(pieces: list[str], *, seed: int, most: int) -> list[str]:
    """30,000 case-folded lines of 1 to ``most`` of ``pieces``, the same on every run."""
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(pieces) for _ in range(rng.randint(1, most))).casefold() for _ in range(30_000)
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"<p>caf\xc3\xa9 \xed\xa0\x80 tea</p>",  # an encoded lone surrogate, in otherwise valid UTF-8
        b"<p>" + "café ".encode() * 40 + b"\xed\xb0\x80\xff</p>",
        b"\xef\xbb\xbf<p>caf\xc3\xa9 \xed\xa0\x80</p>",  # the same after a byte-order mark
        b"<p>caf\xc3\xa9 \x00 tea \x01 \xef\xbf\xbe</p>",  # NUL (looked for in the bytes) and others
        "<p>\u201ccaf\u00e9\u201d \x0b</p>".encode(),  # text wider than Latin-1
    ],
)
def test_text_decoded_as_utf8_never_holds_a_lone_surrogate(data: bytes) -> None:
    # decode_html skips the surrogate scan for text decoded as UTF-8: the codec must never give one
    from archivepub.readers._encoding import decode
    from archivepub.readers.html import _parse

    text, codec = decode(data, name="page.html")
    if codec == "utf-8":
        assert not re.search("[\ud800-\udfff]", text)
    assert not _parse._BAD_CHARS.search(_parse.decode_html(data, name="page.html"))


def test_the_text_start_read_for_the_language_is_the_start_of_the_whole_text() -> None:
    from archivepub.model import ListBlock, Paragraph, Quote, Text, block_text, descend
    from archivepub.readers import html

    rng = random.Random(3)
    blocks = [
        Quote(blocks=(Paragraph(content=(Text("q" * rng.randint(0, 40)),)),))
        if i % 7 == 0
        else ListBlock(items=((Paragraph(content=(Text("l" * rng.randint(0, 90)),)),),), ordered=False)
        if i % 5 == 0
        else Paragraph(content=(Text("p" * rng.randint(0, 300)),))
        for i in range(200)
    ]
    whole = " ".join(block_text(b) for b in descend(blocks))
    for size in (0, 1, 5, 99, 100, 101, 4999, 5000, len(whole), len(whole) + 5):
        assert html._text_start(blocks, size)[:size] == whole[:size]


@pytest.mark.parametrize(
    "texts",
    [[""], [" \n\t"], ["\u200b", " \u200b "], ["\u00a0"], ["\u2028\u3000"], ["", "x"], ["\u200bx"], ["\x1c"]],
)
def test_the_blank_body_check_agrees_with_normalizing_the_whole_text(texts: list[str]) -> None:
    from archivepub.model import Paragraph, Text, block_text, descend, normalize_space
    from archivepub.readers import html

    blocks = [Paragraph(content=(Text(t),)) for t in texts]
    whole = " ".join(block_text(b) for b in descend(blocks))
    assert html._shows_text(blocks) == bool(normalize_space(whole))


def test_the_odd_letter_scan_looks_for_every_letter_of_the_pattern() -> None:
    # _case_odd looks for _CASE_ODD's letters with ``in`` instead of searching with the pattern
    expected = {chr(c) for c in range(sys.maxunicode + 1) if _header._CASE_ODD.fullmatch(chr(c))}
    assert set(_header._CASE_ODD_CHARS) == expected
    for text in ["caf\u00e9 \u0131", "\u017f", "plain", ""]:
        assert _header._case_odd(text) == (_header._CASE_ODD.search(text) is not None)


def test_the_date_search_precheck_never_turns_away_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # search_date looks for a year (or a dotted two-digit year) before trying its patterns
    from archivepub.readers import _dates

    numbers = ["2024", "1999", "3024", "19", "07", "1", "12", "\u0662\u0660\u0662\u0664", "3rd", "x1"]
    glue = [".", "/", "-", " ", ", ", "T08", " May ", " марта ", " de ", " \u0433.", "-cü il ", "a"]
    rng = random.Random(11)
    texts = [
        "".join(rng.choice(numbers) + rng.choice(glue) for _ in range(rng.randint(1, 4)))
        for _ in range(20_000)
    ]
    fast = [_dates.search_date(t) for t in texts]
    monkeypatch.setattr(_dates, "_MAY_HOLD_DATE", re.compile(""))
    slow = [_dates.search_date(t) for t in texts]
    assert fast == slow
    assert sum(found is not None for found in slow) > 500  # the texts do hold dates


def test_pruning_twice_prunes_nothing_more() -> None:
    # make_document skips the second pruning of a body without note references: one pruning
    # must leave nothing for another to remove
    from archivepub.model import (
        Block,
        Cell,
        DefinitionItem,
        DefinitionList,
        HorizontalRule,
        ListBlock,
        Paragraph,
        Quote,
        Row,
        Table,
        Text,
        build,
    )

    blank = Paragraph(content=(Text(" "),))
    text = Paragraph(content=(Text("x"),))
    rule = HorizontalRule()
    pieces: list[Block] = [
        blank,
        text,
        rule,
        Quote(blocks=(blank, rule)),
        Quote(blocks=(rule, text, rule, rule)),
        ListBlock(items=((blank,), (rule, blank), (text,)), ordered=False),
        ListBlock(items=((blank,),), ordered=True),
        Table(bodies=((Row(cells=(Cell(blocks=(blank, rule)),)),), (Row(cells=()),))),
        DefinitionList(items=(DefinitionItem(term=Paragraph(content=()), definitions=(blank,)),)),
    ]
    rng = random.Random(4)
    for _ in range(3000):
        blocks = tuple(rng.choice(pieces) for _ in range(rng.randint(0, 7)))
        once = build._prune(blocks)
        assert build._prune(once) == once


def test_the_plain_text_fast_path_normalizes_as_the_general_steps_do() -> None:
    # normalize_inlines takes a short way for nodes of type Text; a subclass of Text goes the
    # general way: both must give the same content
    from archivepub.model import Code, Emphasis, LineBreak, NoteRef, Strong, Text, normalize_inlines

    class Other(Text):
        __slots__ = ()

    def canon(nodes: tuple[object, ...]) -> list[object]:
        out: list[object] = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(("text", node.text))
            elif isinstance(node, Emphasis | Strong):
                out.append((type(node).__name__, canon(node.content)))
            else:
                out.append(node)
        return out

    texts = ["", " ", "  ", "a", " a", "a ", " a  b ", "\n", "\u200b", "x\ty", "\u00a0"]
    rng = random.Random(9)

    def make(kind: type[Text], depth: int = 0) -> tuple[object, ...]:
        nodes: list[object] = []
        for _ in range(rng.randint(0, 6)):
            roll = rng.random()
            if roll < 0.6:
                nodes.append(kind(rng.choice(texts)))
            elif roll < 0.7:
                nodes.append(LineBreak())
            elif roll < 0.75:
                nodes.append(NoteRef("n1"))
            elif roll < 0.8:
                nodes.append(Code(rng.choice(["", "c"])))
            elif depth < 2:
                nodes.append(rng.choice([Emphasis, Strong])(make(kind, depth + 1)))  # type: ignore[arg-type]
        return tuple(nodes)

    for i in range(5000):
        rng.seed(i)
        fast = normalize_inlines(make(Text))  # type: ignore[arg-type]
        rng.seed(i)
        general = normalize_inlines(make(Other))  # type: ignore[arg-type]
        assert canon(fast) == canon(general)


def test_following_yields_the_elements_xpath_following_finds() -> None:
    import lxml.etree

    from archivepub.readers.html._parse import parse_text
    from archivepub.readers.html._util import following

    root = parse_text(_PAGE, name="page.html")
    detached = root.find(".//aside")
    assert detached is not None
    for el in root.iter():
        expected = [*el.iterdescendants(lxml.etree.Element), *lxml.etree.XPath("following::*")(el)]
        assert list(following(root, el)) == expected
    detached.getparent().remove(detached)  # type: ignore[union-attr]
    for el in detached.iter():
        expected = [*el.iterdescendants(lxml.etree.Element), *lxml.etree.XPath("following::*")(el)]
        assert list(following(detached, el)) == expected


@pytest.mark.parametrize(
    "page",
    [
        '<html><head><meta charset="windows-1251"></head><body><p>Привет, café</p></body></html>',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>caf\u00e9 \u2019</p>',
        "<p>emoji \U0001f600 and \u6f22\u5b57</p>\r\n<p>&eacute; &#x1F600; &nbsp;x</p>",
        "<p>plain ASCII</p>",
        "<!DOCTYPE html><html lang=hy><body><h1>\u0540\u0561\u0575</h1><p>a\u00a0b</p></body></html>",
    ],
)
def test_a_utf8_page_parsed_from_its_bytes_gives_the_tree_of_its_text(page: str) -> None:
    import lxml.etree

    from archivepub.readers.html import _parse

    text, utf8 = _parse.decode_page(page.encode("utf-8"), name="page.html")
    assert utf8 is not None
    assert utf8.decode("utf-8") == text
    from_bytes = _parse.parse_page(text, utf8, name="page.html")
    from_text = _parse.parse_text(text, name="page.html")
    assert lxml.etree.tostring(from_bytes, encoding=str) == lxml.etree.tostring(from_text, encoding=str)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf<p>caf\xc3\xa9</p>",  # a byte-order mark: not part of the text
        b'<?xml version="1.0"?><p>caf\xc3\xa9</p>',  # a declaration the text leaves out
        b"<p>caf\xc3\xa9 \x01</p>",  # a control character the text leaves out
        b"<p>caf\xc3\xa9 \xff\xfe broken</p>" + "ß".encode() * 200,  # read with replacement characters
        "<p>Привет</p>".encode("koi8-r"),
    ],
)
def test_only_a_page_whose_bytes_are_its_text_is_parsed_from_them(data: bytes) -> None:
    from archivepub.readers.html import _parse

    _text, utf8 = _parse.decode_page(data, name="page.html")
    assert utf8 is None


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="article:published_time" content="2021-03-04T10:00:00+01:00">', "2021-03-04"),
        ('<meta property="article:published_time" content="2021-03-04T23:30:00Z">', "2021-03-04"),
        ('<meta name="date" content="2021-03-04">', "2020-05-06"),  # a weak date: microdata first
        ("", "2020-05-06"),
    ],
)
def test_microdata_dates_count_where_no_stronger_date_is_stated(head: str, expected: str) -> None:
    # _pick_date walks the page for microdata only where it can change the answer
    from archivepub.readers.html._metadata import read_head
    from archivepub.readers.html._parse import parse_text

    page = (
        f"<html><head>{head}</head><body><article><h1>T</h1>"
        '<time itemprop="datePublished" datetime="2020-05-06T08:00:00+02:00">6 May 2020</time>'
        "<p>Text.</p></article></body></html>"
    )
    assert read_head(parse_text(page, name="page.html"), url=None).date == expected


def test_the_script_counts_count_every_letter_as_a_walk_of_the_text_does() -> None:
    # _script_counts counts ASCII runs of letters at once: the same counts as a test of every
    # character (letters of every script, digits of every kind, marks, numerals, "_")
    from archivepub.readers import _language

    def walk(text: str) -> tuple[int, int, int, int]:
        letters = armenian = latin = cyrillic = 0
        for ch in text:
            if ch.isalpha():
                letters += 1
                code = ord(ch)
                if 0x0530 <= code <= 0x058F or 0xFB13 <= code <= 0xFB17:
                    armenian += 1
                elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
                    latin += 1
                elif 0x0400 <= code <= 0x052F:
                    cyrillic += 1
        return letters, armenian, latin, cyrillic

    every = "".join(chr(i) for i in range(0x3000) if not 0xD800 <= i < 0xE000)
    pieces = ["word", "Ünïcödé", "Привет", "Բարեւ", "ﬓ", "x²", "Ⅻ", "½", "٣", "a_b", "ə", " ", "-", "\u0301"]
    rng = random.Random(2)
    texts = [every, *("".join(rng.choice(pieces) for _ in range(20)) for _ in range(2000))]
    for text in texts:
        assert _language._script_counts(text) == walk(text)


def test_the_linear_id_query_finds_what_the_union_does() -> None:
    # a big page asks for its ids with a test of every element (the union of attribute steps
    # takes time quadratic in the number of ids): the same elements, in the same order
    from archivepub.readers.html import _notes
    from archivepub.readers.html._parse import parse_text

    page = (
        '<html><body id="b"><a name="top"></a><div id="x"><a id="r1" name="n1" href="#f1">1</a>'
        '<span name="not-an-anchor">s</span><p id="x">again</p></div>'
        '<ol><li id="f1">One <a href="#r1">^</a></li><li id="">empty</li></ol></body></html>'
    )
    root = parse_text(page, name="page.html")
    assert _notes._WITH_IDS_LINEAR(root) == _notes._WITH_IDS(root)
    assert _notes._ids(root, big=True) == _notes._ids(root)
    assert set(_notes._ids(root)) == {"b", "top", "x", "r1", "n1", "f1"}


def test_the_text_query_leaves_out_only_texts_the_callers_skip() -> None:
    # _TEXT_NODES leaves out the texts of nothing but spaces, tabs and line ends, which
    # first_date_in_text, last_change_line and updated_line skip themselves (``isspace``)
    import lxml.etree

    from archivepub.readers.html._parse import parse_html

    page = (
        "<html><head><title>T</title></head><body>\n  <div>\n\t<p>Updated 6 May 2024</p>\r\n"
        "<p>\u00a0</p> <span>\u2003</span><p><b>a</b> \n <i>b</i>\u00a0\n</p>\n"
        "<table>\n<tr><td>1</td>\n</tr></table>\n</div>\n</body></html>"
    )
    root = parse_html(page.encode(), name="page.html")
    every = lxml.etree.XPath("//body//text()")(root)
    kept = _header._TEXT_NODES(root)
    assert [str(t) for t in kept] == [str(t) for t in every if t.strip(" \t\r\n")]
    assert [t.getparent() for t in kept] == [t.getparent() for t in every if t.strip(" \t\r\n")]
    assert all(t.isspace() for t in every if not t.strip(" \t\r\n"))
    assert any("\u00a0" in t for t in kept)  # (a no-break space is not XML's white space)
