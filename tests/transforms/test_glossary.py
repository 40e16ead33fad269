# ruff: noqa: RUF001  (Cyrillic and Armenian terms are meant)
"""Glossaries: forced translations and do-not-translate terms, applied before MT, checked after."""

from __future__ import annotations

from pathlib import Path

import pytest

import archivepub
from archivepub import ReadError
from archivepub.model import Link, Paragraph, Text
from archivepub.model.walk import plain_text
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.glossary import Glossary, GlossaryEntry, load_glossary, protect, restore
from translation_samples import sample_document

ROOT = Path(__file__).resolve().parents[2]


def test_sample_glossaries_load() -> None:
    for lang in ("ru", "hy", "az"):
        glossary = load_glossary(ROOT / "locales" / lang / "glossary.tsv")
        assert ("archivepub", "archivepub") in [(e.source, e.target) for e in glossary.entries]


def test_terms_are_replaced_by_placeholders_outside_tags_only() -> None:
    glossary = Glossary(
        (
            GlossaryEntry("em", "EM"),
            GlossaryEntry("State Archive", "Госархив"),
            GlossaryEntry("State", "Штат"),
        )
    )
    protected = protect("The <em>State Archive</em> and the State, em.", glossary)
    assert protected.text == "The <em><g1/></em> and the <g2/>, <g3/>."
    assert restore(protected.text, protected) == ("The <em>Госархив</em> and the Штат, EM.", ())


def test_dropped_placeholder_is_recorded() -> None:
    protected = protect("Read https://e.org/a_b today.", None)
    assert protected.text == "Read <g1/> today."
    text, repairs = restore("Читай сегодня. <g7/>", protected)
    assert text == "Читай сегодня. "
    assert repairs == (
        "unknown placeholder <g7/> removed",
        "address https://e.org/a_b missing from the translation",
    )


def test_glossary_applies_through_a_real_copy_model(copy_models: Path, tmp_path: Path) -> None:
    glossary = Glossary((GlossaryEntry("archive", "архив"), GlossaryEntry("Dr. Brown", "Dr. Brown")))
    doc = archivepub.translate(sample_document(), "ru", glossary=glossary)
    assert doc.metadata.title == "The valley архив"
    p1 = doc.blocks[1]
    assert isinstance(p1, Paragraph)
    assert plain_text(p1.content).startswith("Dr. Brown found forty letters in 1915.")
    # the link's URL contains "archive" and is not touched; its text is
    link = next(n for n in p1.content if isinstance(n, Link))
    assert link.url == "https://example.org/archive_2"
    assert link.content == (Text("state архив"),)
    assert all(p.repairs == () for p in p1.provenance)


def test_glossary_is_checked_after_translation() -> None:
    glossary = Glossary((GlossaryEntry("valley", "долина"),))
    fake = FakeTranslator(lambda s, a, b: "Архив." if "<g1/>" in s else s)
    doc = archivepub.translate(sample_document(), "ru", translator=fake, glossary=glossary)
    assert doc.metadata.title == "Архив."
    # the title has no provenance slot; a block with the term records the miss
    glossary2 = Glossary((GlossaryEntry("letters", "письма"),))
    doc = archivepub.translate(sample_document(), "ru", translator=fake, glossary=glossary2)
    heading = doc.blocks[0]
    assert heading.provenance[0].repairs == (  # type: ignore[union-attr]
        "glossary term 'letters' missing from the translation",
        "1 emphasis span(s) lost: the text was kept without it",
    )


def test_malformed_glossary_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("ok\tхорошо\n\tempty source\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"glossary\.tsv:2: empty source term"):
        load_glossary(path)
    path.write_bytes(b"\xff\xfe bad")
    with pytest.raises(ReadError, match="not UTF-8"):
        load_glossary(path)
