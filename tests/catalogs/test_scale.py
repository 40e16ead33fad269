# ruff: noqa: RUF001  (Russian text is meant)
"""Catalogs at scale: long strings, deep tags and mass edits are handled, in linear time.

Speed itself is measured by ``benchmarks/po.py``; these tests pin what the linear paths do.
"""

from __future__ import annotations

import pytest

from archivepub.catalogs import merge
from archivepub.catalogs.checks import TOOLKIT_LIMIT, check_catalog
from archivepub.catalogs.extract import extract_segments
from archivepub.catalogs.merge import merge_segments
from archivepub.catalogs.po import PoEntry, PoFile, parse_po, render_po
from archivepub.model import Emphasis, Metadata, Paragraph, Text, make_document
from archivepub.transforms.tags import MAX_DEPTH, TAG_PATTERN, TagMap, tagged_to_inlines


def _catalog(msgid: str, msgstr: str) -> PoFile:
    return PoFile(
        headers=[("X-Source-Language", "en")],
        entries=[PoEntry(msgid=msgid, msgstr=msgstr, msgctxt="p1.1", line=5, msgstr_line=6)],
    )


def test_a_long_string_skips_translate_toolkit_but_not_its_error_checks() -> None:
    filler = "x" * 20_000  # translate-toolkit's emails check alone took ~30 s on this
    source = (
        f"In 1931<note1/> the <a1>ledger</a1> {filler} went to https://archive.example/a and a@b.example."
    )
    target = f"В 1932 <a1>книга</a1> {filler} ушла на https://archive.example/b и c@b.example."
    problems = check_catalog(_catalog(source, target), "x.po", "ru")
    found = {(p.check, p.level) for p in problems}
    assert ("long", "warning") in found
    for check in ("numbers", "notes", "urls", "emails"):
        assert (check, "error") in found, check
    [long] = [p for p in problems if p.check == "long"]
    assert f"{len(source)} characters: translate-toolkit's checks skipped" in long.message
    assert str(long).startswith("x.po:6: [long] warning: p1.1: ")
    # the same entry, right, has only the warning
    assert [
        p.check for p in check_catalog(_catalog(source, source.replace("ledger", "книга")), "x.po", "ru")
    ] == ["long"]


def test_short_strings_still_get_every_toolkit_check() -> None:
    source = "x" * (TOOLKIT_LIMIT - 10) + "."
    problems = check_catalog(_catalog(source, source + "  "), "x.po", "ru")
    assert "long" not in {p.check for p in problems}
    assert "endwhitespace" in {p.check for p in problems}


def test_tags_nested_thousands_deep_are_a_repair_not_a_crash() -> None:
    deep = "<em>" * 3000 + "text" + "</em>" * 3000  # was a RecursionError
    inlines, repairs = tagged_to_inlines(deep, TagMap(emphasis=1))
    assert f"{3000 - MAX_DEPTH} tags nested more than {MAX_DEPTH} deep removed (their text kept)" in repairs
    depth, node = 0, inlines[0]
    while isinstance(node, Emphasis):
        depth, node = depth + 1, node.content[0]
    assert depth == MAX_DEPTH
    assert node == Text("text")
    problems = check_catalog(_catalog("<em>A</em> b.", deep), "x.po", "ru")
    assert any("nested more than" in p.message for p in problems if p.check == "markup")


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("a < / em > b", ["< / em >"]),
        ("<" + " " * 50_000 + "em>", ["<" + " " * 50_000 + "em>"]),
        ("<" + " " * 50_000 + "x <note1/>", ["<note1/>"]),  # minutes before: two runs of \s* met
        ("<em" + " " * 50_000 + "/x</em>", ["</em>"]),
        ("< a 1 >< note2 / ></A1>", ["< a 1 >", "< note2 / >", "</A1>"]),
    ],
)
def test_tags_are_found_whatever_the_spaces(text: str, tags: list[str]) -> None:
    assert [m.group(0) for m in TAG_PATTERN.finditer(text)] == tags


def test_a_tag_number_larger_than_the_text_makes_no_large_table() -> None:
    problems = check_catalog(_catalog("See <a999999999>this</a999999999>.", "Смотри это."), "x.po", "ru")
    assert "links" in {p.check for p in problems}


def test_mass_edits_keep_every_translation_among_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merge, "MAX_PAIRS", 50)
    monkeypatch.setattr(merge, "NEIGHBOURS", 3)
    texts = [
        f"Ledger {i} of the harbour office was copied by hand in the winter of {1900 + i}." for i in range(80)
    ]
    old = PoFile(
        entries=[PoEntry(msgid=t, msgstr=f"Перевод {i}", msgctxt=f"p{i + 1}.1") for i, t in enumerate(texts)]
    )
    # every sentence edited at once (a house style change), and one paragraph inserted
    edited = [t.replace("by hand", "by volunteers") for t in texts]
    edited.insert(40, "A new paragraph about something else entirely, never translated.")
    doc = make_document(Metadata(title="T", language="en"), [Paragraph(content=(Text(t),)) for t in edited])
    result = merge_segments(old, [s for s in extract_segments(doc) if s.id != "title.1"], "a")
    assert (result.changed, result.new, result.obsoleted) == (80, 1, 0)
    for entry in result.po.entries:
        if entry.msgid.startswith("Ledger"):
            i = int(entry.msgid.split()[1])
            assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == (f"Перевод {i}", True, texts[i])


def test_an_edited_long_sentence_keeps_its_translation() -> None:
    long = "The clerk wrote " + ", ".join(f"entry {i}" for i in range(3000)) + "."
    old = PoFile(entries=[PoEntry(msgid=long, msgstr="Писарь записал всё.", msgctxt="p1.1")])
    doc = make_document(
        Metadata(title="T", language="en"),
        [Paragraph(content=(Text(long.replace("entry 2999", "entry 3000")),))],
    )
    [entry] = [e for e in merge_segments(old, extract_segments(doc), "a").po.entries if e.msgctxt == "p1.1"]
    assert (entry.msgstr, entry.fuzzy, entry.previous_msgid) == ("Писарь записал всё.", True, long)
    assert parse_po(render_po(PoFile(entries=[entry]))).entries[0].previous_msgid == long
