# ruff: noqa: RUF001  (Armenian text is meant)
"""Translating whole documents with real CTranslate2 models: structure, provenance, pivoting."""

from __future__ import annotations

from pathlib import Path

import pytest

import archivepub
from archivepub import Document, TranslateError, TranslateOptions
from archivepub.model import DraftNote, Figure, Heading, NoteRef, Paragraph, Provenance, iter_inlines
from archivepub.model.walk import inline_content
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options, CTranslate2Translator
from translation_samples import Models, install, sample_document


def _structure(doc: Document) -> list[tuple[str, str, tuple[tuple[str, str | None, str | None], ...]]]:
    """Every block's id and kind, and the skeleton of its inlines (types, URLs, notes)."""
    out = []
    for block in doc.all_blocks():
        skeleton: tuple[tuple[str, str | None, str | None], ...] = tuple(
            (type(n).__name__, getattr(n, "url", None), getattr(n, "note", None))
            for n in iter_inlines(inline_content(block))
        )
        out.append((block.id, type(block).__name__, skeleton))
    return out


@pytest.mark.parametrize("target", ["ru", "hy", "az"])
def test_copy_model_keeps_every_noteref_link_and_emphasis_in_place(copy_models: Path, target: str) -> None:
    doc = sample_document()
    out = archivepub.translate(doc, target)
    # a copy model translates to the same text: every block must come back as it was
    assert _structure(out) == _structure(doc)
    for before, after in zip(doc.all_blocks(), out.all_blocks(), strict=True):
        assert inline_content(before) == inline_content(after)
    assert [n.id for n in out.footnotes] == [n.id for n in doc.footnotes]
    assert [n.label for n in out.footnotes] == [n.label for n in doc.footnotes]
    assert out.metadata.title == doc.metadata.title
    assert out.metadata.subtitle == doc.metadata.subtitle
    # the title and the standfirst carry one machine entry per sentence, naming the model
    machine = Provenance(origin="machine", model=f"translate-en_{target}-0_1")
    assert out.metadata.title_provenance == (machine,)
    assert out.metadata.subtitle_provenance == (machine, machine)  # "Letters from 1915. A first look."
    assert out.metadata.language == {"az": "az-Latn"}.get(target, target)
    assert out.metadata.source_language == "en"
    assert [m.name for m in out.metadata.models] == [f"translate-en_{target}-0_1"]
    fig = next(b for b in out.all_blocks() if isinstance(b, Figure))
    assert fig.credit == "Photo: John Smith, CC BY-SA 4.0"
    assert fig.src == "img/bridge.jpg"
    assert fig.alt == "An old stone bridge."
    # one provenance entry per sentence, machine (copied: the one without words), no repairs needed
    p1 = next(b for b in out.blocks if b.id == "p1")
    assert isinstance(p1, Paragraph)
    assert len(p1.provenance) == 3
    entries = [entry for block in out.all_blocks() for entry in getattr(block, "provenance", ())]
    assert all(entry.repairs == () for entry in entries)
    assert [e for e in entries if e.origin != "machine"] == [Provenance(origin="copied")]
    assert all(e.model == f"translate-en_{target}-0_1" for e in entries if e.origin == "machine")
    assert Document.from_json(out.to_json()) == out


def test_sentences_and_footnotes_carry_provenance(copy_models: Path) -> None:
    out = archivepub.translate(sample_document(), "ru")
    heading = out.blocks[0]
    assert isinstance(heading, Heading)
    assert [p.model for p in heading.provenance] == ["translate-en_ru-0_1"]
    note_block = out.footnote("fn1").blocks[0]
    assert isinstance(note_block, Paragraph)
    assert len(note_block.provenance) == 2  # "Letter No. 12." and "Kept in box 4."
    fig = next(b for b in out.all_blocks() if isinstance(b, Figure))
    assert len(fig.provenance) == 2  # caption, then alt text
    data = out.to_dict()
    assert data["blocks"][1]["provenance"][0] == {"origin": "machine", "model": "translate-en_ru-0_1"}
    assert data["metadata"]["source_language"] == "en"


def test_model_that_drops_tags_loses_no_note_and_records_repairs(models: Models, packages_dir: Path) -> None:
    install(models.files["random-en_ru"])
    doc = sample_document()
    short = CTranslate2Options(beam_size=1, max_decoding_length=24)
    out = archivepub.translate(doc, "ru", options=TranslateOptions(engine=short))
    refs = [
        n.note for b in out.all_blocks() for n in iter_inlines(inline_content(b)) if isinstance(n, NoteRef)
    ]
    assert sorted(refs) == sorted(
        n.note for b in doc.all_blocks() for n in iter_inlines(inline_content(b)) if isinstance(n, NoteRef)
    )
    p1 = next(b for b in out.blocks if b.id == "p1")
    assert isinstance(p1, Paragraph)
    repairs = [r for p in p1.provenance for r in p.repairs]
    assert "note fn1 re-attached at the end of the segment" in repairs
    assert any(r.startswith("link https://example.org/archive_2") for r in repairs)
    # a re-attached note ends its own sentence: fn1 is in the first sentence's output
    assert [b.id for b in out.all_blocks()] == [b.id for b in doc.all_blocks()]
    origins = [p.origin for b in out.all_blocks() for p in getattr(b, "provenance", ())]
    assert set(origins) == {"machine", "copied"}
    assert origins.count("copied") == 1


def test_one_model_call_per_document(copy_models: Path) -> None:
    translator = CTranslate2Translator()
    archivepub.translate(sample_document(), "hy", translator=translator)
    assert len(translator.calls) == 1
    source, target, count = translator.calls[0]
    assert (source, target) == ("en", "hy")
    assert count > 10


def test_many_documents_one_call(copy_models: Path) -> None:
    from archivepub.transforms.translate import translate_documents

    translator = CTranslate2Translator()
    docs = [sample_document(), sample_document()]
    out = translate_documents(docs, "az", translator=translator)
    assert len(out) == 2
    assert len(translator.calls) == 1


def test_pivot_through_english_records_both_models(models: Models, packages_dir: Path) -> None:
    install(models.files["copy-ru_en"], models.files["copy-en_hy"])
    doc = sample_document(language="ru")
    out = archivepub.translate(doc, "hy")
    assert [m.name for m in out.metadata.models] == ["translate-ru_en-0_1", "translate-en_hy-0_1"]
    assert _structure(out) == _structure(doc)
    assert out.metadata.source_language == "ru"
    assert out.blocks[0].provenance[0].model == "translate-en_hy-0_1"  # type: ignore[union-attr]


def test_missing_model_names_the_pair_and_the_command(packages_dir: Path) -> None:
    with pytest.raises(TranslateError) as info:
        archivepub.translate(sample_document(), "hy")
    message = str(info.value)
    assert "en -> hy" in message
    assert "archivepub models install" in message
    assert "archivepub models add" in message


def test_unknown_source_language_is_an_error() -> None:
    with pytest.raises(TranslateError, match="--from"):
        archivepub.translate(sample_document(language="und"), "ru", translator=FakeTranslator())


def test_fake_translator_output_is_used_and_tags_repaired() -> None:
    fake = FakeTranslator(lambda s, a, b: "[" + s.replace("<note1/>", "") + "]")
    out = archivepub.translate(sample_document(), "ru", translator=fake)
    p2 = next(b for b in out.blocks if b.id == "p2")
    assert isinstance(p2, Paragraph)
    assert NoteRef("fn5") in p2.content
    assert p2.provenance[0].repairs == ("note fn5 re-attached at the end of the segment",)
    assert out.metadata.title == "[The valley archive]"


def test_armenian_source_is_cut_at_armenian_full_stops(models: Models, packages_dir: Path) -> None:
    install(models.files["copy-hy_en"])
    from archivepub.model import Emphasis, Metadata, Text, make_document

    doc = make_document(
        Metadata(title="Նամակներ", language="hy"),
        [
            Paragraph(
                content=(
                    Text("Ո՞վ է գրել այն։ 1915 թ. "),
                    Emphasis((Text("Պոլսում"),)),
                    Text("։"),
                    NoteRef("a"),
                    Text(" Այո՛։"),
                )
            )
        ],
        [DraftNote("a", "1", (Paragraph(content=(Text("Տե՛ս արխիվը։"),)),))],
    )
    translator = CTranslate2Translator()
    out = archivepub.translate(doc, "en", translator=translator)
    p1 = out.blocks[0]
    assert isinstance(p1, Paragraph)
    assert p1.content == doc.blocks[0].content  # type: ignore[union-attr]
    assert len(p1.provenance) == 3
    assert out.metadata.language == "en"
    assert out.metadata.source_language == "hy"


def test_progress_is_reported(copy_models: Path) -> None:
    seen: list[tuple[int, int]] = []
    archivepub.translate(sample_document(), "ru", progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1] > 10


def test_given_source_language_overrides_the_documents() -> None:
    fake = FakeTranslator(pairs=[("ru", "hy")])
    out = archivepub.translate(
        sample_document(language="und"), "hy", translator=fake, options=TranslateOptions(source="ru")
    )
    assert out.metadata.source_language == "ru"
    assert fake.calls[0][:2] == ("ru", "hy")


def test_a_paragraph_wholly_in_italics_is_still_cut_into_sentences(copy_models: Path) -> None:
    from archivepub.model import Emphasis, Link, Metadata, Text, make_document

    italic = Emphasis(
        (
            Link(
                "https://e.org/n",
                (
                    Text("Editor's note. This letter was found in 1990."),
                    NoteRef("a"),
                    Text(" It is kept in the archive."),
                ),
            ),
        )
    )
    doc = make_document(
        Metadata(title="T", language="en"),
        [Paragraph(content=(italic,))],
        [DraftNote("a", "1", (Paragraph(content=(Text("Box 4."),)),))],
    )
    fake = FakeTranslator()
    out = archivepub.translate(doc, "ru", translator=fake)
    assert fake.calls[0][2][1:4] == [
        "Editor's note.",
        "This letter was found in 1990.<note1/>",
        "It is kept in the archive.",
    ]
    assert out.blocks[0].content == doc.blocks[0].content  # type: ignore[union-attr]
    assert len(out.blocks[0].provenance) == 3  # type: ignore[union-attr]
    copied = archivepub.translate(doc, "ru")
    assert copied.blocks[0].content == doc.blocks[0].content  # type: ignore[union-attr]


def test_long_sentences_are_not_cut(models: Models, packages_dir: Path) -> None:
    install(models.files["copy-ru_en"])
    from archivepub.model import Metadata, Text, make_document

    # about 400 tokens: a long sentence, but one that occurs in archives
    sentence = (
        "Ящики с негативами нашли в доме на улице Симановского, когда меняли кровлю " * 5 + "в 2019 году."
    )
    doc = make_document(Metadata(title="T", language="ru"), [Paragraph(content=(Text(sentence),))])
    out = archivepub.translate(doc, "en")
    assert out.blocks[0].content == (Text(sentence),)  # type: ignore[union-attr]
    # the same with CTranslate2's default length limit would have cut it
    cut = archivepub.translate(
        doc, "en", options=TranslateOptions(engine=CTranslate2Options(max_decoding_length=256))
    )
    assert cut.blocks[0].content != (Text(sentence),)  # type: ignore[union-attr]


def test_segments_without_words_are_copied_alike_in_translate_and_the_build(packages_dir: Path) -> None:
    """A segment without words (a number after a sentence, a bare year) needs no model: its
    origin is ``copied`` (no model named), in ``archivepub.translate`` and in the build's
    editions alike, with or without a model installed."""
    from archivepub.build import translate_edition
    from archivepub.model import Link, Metadata, Text, make_document

    doc = make_document(
        Metadata(title="Letters", language="en"),
        [
            Paragraph(content=(Text("See the "), Link("https://e.org/r", (Text("report"),)), Text(". 12."))),
            Paragraph(content=(Text("1915"),)),
        ],
    )
    fake = FakeTranslator(lambda s, a, b: s.upper())
    kept = TranslateOptions(keep_untranslated=True)
    for translator, words in ((fake, "machine"), (CTranslate2Translator(), "untranslated")):
        direct = archivepub.translate(doc, "ru", translator=translator, options=kept)
        built = translate_edition(doc, "a1", "ru", locales=None, translator=translator)
        for out in (direct, built):
            origins = [[p.origin for p in b.provenance] for b in out.blocks]  # type: ignore[union-attr]
            assert origins == [[words, "copied"], ["copied"]]
            assert all(p.model is None for b in out.blocks for p in b.provenance if p.origin == "copied")  # type: ignore[union-attr]
            assert out.metadata.models == (() if words == "untranslated" else (fake.model_info("en", "ru"),))
