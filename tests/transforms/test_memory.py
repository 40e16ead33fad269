# ruff: noqa: RUF001  (Cyrillic and Armenian text is meant)
"""Translation memory: exact hits skip the model, reviewed work wins, TMX round trip."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import archivepub
from archivepub import ReadError
from archivepub.cli import main as cli_main
from archivepub.errors import ArchivepubWarning
from archivepub.model import ModelInfo, Paragraph
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator
from archivepub.transforms.memory import TranslationMemory, normalize_segment
from translation_samples import sample_document


def test_second_run_makes_zero_model_calls(copy_models: Path, tmp_path: Path) -> None:
    doc = sample_document()
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        first_translator = CTranslate2Translator()
        first = archivepub.translate(doc, "ru", translator=first_translator, memory=memory)
        assert len(first_translator.calls) == 1
        stored = len(memory)
        assert stored > 10
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        second_translator = CTranslate2Translator()
        second = archivepub.translate(doc, "ru", translator=second_translator, memory=memory)
        assert second_translator.calls == []
        assert len(memory) == stored
    assert second.blocks[1].content == first.blocks[1].content  # type: ignore[union-attr]
    origins = {p.origin for b in second.all_blocks() for p in getattr(b, "provenance", ())}
    assert origins == {"memory", "copied"}  # the bare "1915" is copied, not translated
    p1 = second.blocks[1]
    assert isinstance(p1, Paragraph)
    assert {p.model for p in p1.provenance} == {"translate-en_ru-0_1"}
    assert [m.name for m in second.metadata.models] == ["translate-en_ru-0_1"]
    # the title and standfirst come from the memory too, still naming the model that made them
    meta = second.metadata
    assert {(p.origin, p.model) for p in (*meta.title_provenance, *meta.subtitle_provenance)} == {
        ("memory", "translate-en_ru-0_1")
    }
    assert len(meta.title_provenance) == 1
    assert len(meta.subtitle_provenance) == 2


def test_changed_sentence_alone_goes_to_the_model(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    fake = FakeTranslator(lambda s, a, b: s.upper())
    archivepub.translate(sample_document(), "ru", translator=fake, memory=memory)
    from dataclasses import replace

    from archivepub.model import Text

    doc = sample_document()
    changed = replace(
        doc, blocks=(doc.blocks[0], Paragraph(id="p1", content=(Text("A new sentence."),)), *doc.blocks[2:])
    )
    # the old p1 noterefs are gone, so drop the notes that only it referred to
    changed = replace(
        changed, footnotes=tuple(n for n in doc.footnotes if n.id not in {"fn1", "fn2", "fn3", "fn4"})
    )
    fake.calls.clear()
    archivepub.translate(changed, "ru", translator=fake, memory=memory)
    assert fake.calls == [("en", "ru", ["A new sentence."])]


def test_reviewed_translation_wins_over_machine_output(tmp_path: Path) -> None:
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    model = ModelInfo(name="m1")
    memory.store("en", "ru", [("Another item.", "Машинный.")], origin="machine", model=model)
    memory.store("en", "ru", [("Another item.", "Проверенный.")], origin="reviewed")
    assert memory.store("en", "ru", [("Another item.", "Снова машина.")], origin="machine", model=model) == 0
    entry = memory.lookup("en", "ru", ["Another item."])["Another item."]
    assert (entry.target, entry.origin, entry.model) == ("Проверенный.", "reviewed", None)
    out = archivepub.translate(sample_document(), "ru", translator=FakeTranslator(), memory=memory)
    item = next(b for b in out.all_blocks() if b.id == "p5")
    assert isinstance(item, Paragraph)
    assert item.content[0].text == "Проверенный."  # type: ignore[union-attr]
    assert item.provenance[0].origin == "reviewed"
    assert item.provenance[0].model is None


def test_tmx_round_trip_keeps_tags_origin_and_model(tmp_path: Path) -> None:
    memory = TranslationMemory(":memory:")
    model = ModelInfo(name="translate-en_hy-1_0", version="1.0", license="CC-BY-4.0")
    memory.store(
        "en",
        "hy",
        [("See <a1>the <em>map</em></a1>.<note1/>", "Տես <a1><em>քարտեզը</em></a1>։<note1/>")],
        origin="machine",
        model=model,
        created="2024-04-18T10:00:00Z",
    )
    memory.store("en", "ru", [("A & B &lt; C", "А и Б")], origin="reviewed", created="2024-04-18T10:00:00Z")
    data = memory.export_tmx()
    root = etree.fromstring(data)
    assert root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "*all*"  # type: ignore[union-attr]
    seg = root.find("body/tu/tuv/seg")
    assert seg is not None
    assert [child.tag for child in seg] == ["bpt", "bpt", "ept", "ept", "ph"]
    again = TranslationMemory(":memory:")
    assert again.import_tmx(data) == 2
    assert list(again.entries()) == list(memory.entries())


def test_tmx_from_a_cat_tool_counts_as_reviewed(tmp_path: Path) -> None:
    tmx = b"""<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en"><seg>The <bpt i="1">&lt;em&gt;</bpt>bridge<ept i="1">&lt;/em&gt;</ept>.</seg></tuv>
<tuv xml:lang="az"><seg>K\xc3\xb6rp\xc3\xbc.</seg></tuv></tu></body></tmx>"""
    memory = TranslationMemory(":memory:")
    assert memory.import_tmx(tmx) == 1
    entry = memory.lookup("en", "az", ["The <em>bridge</em>."])["The <em>bridge</em>."]
    assert (entry.target, entry.origin) == ("Körpü.", "reviewed")


def test_a_tmx_unit_with_an_empty_target_is_skipped_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, it was stored as a reviewed empty translation and the build published the
    edition without that sentence, marked "reviewed" (issue 11)."""
    tmx = b"""<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="x" creationtoolversion="1" o-tmf="x"/><body>
<tu><tuv xml:lang="en"><seg>The bridge.</seg></tuv><tuv xml:lang="az"><seg></seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The river.</seg></tuv><tuv xml:lang="az"><seg>  </seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>The road.</seg></tuv><tuv xml:lang="az"><seg>Yol.</seg></tuv></tu>
</body></tmx>"""
    memory = TranslationMemory(":memory:")
    with pytest.warns(ArchivepubWarning, match="empty az translation") as caught:
        assert memory.import_tmx(tmx, source="units.tmx") == 1
    assert [str(w.message).split(":")[:2] for w in caught] == [["units.tmx", "4"], ["units.tmx", "5"]]
    assert memory.lookup("en", "az", ["The bridge.", "The river."]) == {}
    assert memory.lookup("en", "az", ["The road."])["The road."].target == "Yol."
    (tmp_path / "units.tmx").write_bytes(tmx)
    code = cli_main(["tm", "import", str(tmp_path / "units.tmx"), "--memory", str(tmp_path / "m.db")])
    assert code == 0
    err = capsys.readouterr().err
    assert "archivepub: warning:" in err
    assert "imported 1 translations" in err


def test_bad_tmx_is_a_read_error_with_its_line() -> None:
    memory = TranslationMemory(":memory:")
    with pytest.raises(ReadError, match=r"memory\.tmx:2"):
        memory.import_tmx(b"<tmx>\n<body></tmx>", source="memory.tmx")
    with pytest.raises(ReadError, match="not a TMX"):
        memory.import_tmx(b"<html/>", source="x.tmx")
    entity = (
        b'<!DOCTYPE tmx [<!ENTITY e SYSTEM "file:///etc/passwd">]><tmx><body><tu>'
        b'<tuv xml:lang="en"><seg>&e;</seg></tuv><tuv xml:lang="ru"><seg>x</seg></tuv></tu></body></tmx>'
    )
    memory.import_tmx(entity, source="e.tmx")
    assert all("root:" not in e.source for e in memory.entries())


_WHITESPACE_RUNS = re.compile(r"\s+")


def test_split_breaks_at_exactly_the_characters_regex_whitespace_matches() -> None:
    # normalize_segment collapses white space with str.split(): the memory's keys stay those
    # of the regular expression r"\s+" only if both agree on every character
    for code in range(0x110000):
        char = chr(code)
        assert bool(_WHITESPACE_RUNS.fullmatch(char)) == (char.split() == []), f"U+{code:04X}"


@given(
    st.text(
        alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000ae\u0301\u00e9<>/"), max_size=30
    )
)
def test_normalize_segment_is_nfc_with_white_space_runs_collapsed(text: str) -> None:
    expected = _WHITESPACE_RUNS.sub(" ", unicodedata.normalize("NFC", text)).strip()
    assert normalize_segment(text) == expected
    assert normalize_segment(expected) == expected


def test_memory_finds_a_segment_whatever_its_spacing_and_composition(tmp_path: Path) -> None:
    with TranslationMemory(tmp_path / "tm.sqlite") as memory:
        memory.store("en", "ru", [("Caf\u00e9 <em>archive</em>", "Кафе <em>архив</em>")], origin="reviewed")
        hits = memory.lookup("en", "ru", ["\u2028 Cafe\u0301\u00a0\t<em>archive</em>\n"])
    assert [(key, entry.target) for key, entry in hits.items()] == [
        ("Caf\u00e9 <em>archive</em>", "Кафе <em>архив</em>")
    ]
