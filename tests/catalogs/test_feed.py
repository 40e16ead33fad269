"""Reviewed catalog entries reach the build through the memory; machine pre-fill from real models."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_helpers import copy_archive, msgfmt_check, review

import archivepub
from archivepub import TranslateError, TranslateOptions
from archivepub.catalogs import UpdateOptions, catalog_path, feed_memory, read_catalog, update_catalogs
from archivepub.catalogs.merge import machine_model
from archivepub.model import Paragraph, Provenance
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.memory import TranslationMemory

ARTICLE = "three-alphabets"


def _doc(archive: Path) -> archivepub.Document:
    return archivepub.read(archive / ARTICLE / "article.txt")


def test_reviewed_entries_are_what_a_translation_without_a_model_uses(
    tmp_path: Path, packages_dir: Path
) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    path = catalog_path(locales, "ru", ARTICLE)
    review(path, "title.1", "Письма на трёх алфавитах: волонтёры читают вековую переписку семьи")
    review(path, "p1.1", "Коробка из 212 писем стала маленькой школой переводчиков.")
    memory = TranslationMemory(":memory:")
    assert feed_memory(memory, locales, ARTICLE, "en", "ru") == 2
    fake = FakeTranslator(pairs=[])  # no model for en -> ru
    doc = _doc(archive)
    out = archivepub.translate(
        doc, "ru", translator=fake, memory=memory, options=TranslateOptions(keep_untranslated=True)
    )
    assert out.metadata.title == "Письма на трёх алфавитах: волонтёры читают вековую переписку семьи"
    # the title's reviewed entry (msgctxt title.1) is recorded as reviewed, with no model
    assert out.metadata.title_provenance == (Provenance(origin="reviewed"),)
    first = out.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.id == "p1"
    assert first.provenance[0].origin == "reviewed"
    assert first.provenance[0].model is None
    assert {p.origin for b in out.all_blocks() for p in getattr(b, "provenance", ())[1:]} <= {
        "untranslated",
        "machine",  # segments without words (numbers) are copied
    }
    assert fake.calls == []


def test_a_fully_reviewed_catalog_translates_with_no_model_call(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    path = catalog_path(locales, "ru", ARTICLE)
    for n, entry in enumerate(read_catalog(path).active()):
        assert entry.msgctxt is not None
        review(path, entry.msgctxt, f"Перевод {n}. {entry.msgid}")
    msgfmt_check(path)
    memory = TranslationMemory(":memory:")
    fed = feed_memory(memory, locales, ARTICLE, "en", "ru")
    assert fed == len(list(read_catalog(path).active()))
    fake = FakeTranslator()  # a model for every pair: it must not be needed
    out = archivepub.translate(
        _doc(archive), "ru", translator=fake, memory=memory, options=TranslateOptions(keep_untranslated=True)
    )
    assert fake.calls == []
    origins = {p.origin for b in out.all_blocks() for p in getattr(b, "provenance", ())}
    assert origins == {"reviewed"}
    assert out.metadata.title.startswith("Перевод 0. ")
    assert {p.origin for p in out.metadata.title_provenance} == {"reviewed"}
    assert out.metadata.models == ()


def test_without_keep_untranslated_a_missing_model_is_still_an_error(
    tmp_path: Path, packages_dir: Path
) -> None:
    doc = _doc(copy_archive(tmp_path))
    with pytest.raises(TranslateError, match="no translation model for en -> ru"):
        archivepub.translate(doc, "ru", memory=TranslationMemory(":memory:"))
    out = archivepub.translate(doc, "ru", options=TranslateOptions(keep_untranslated=True))
    assert out.metadata.title == doc.metadata.title
    assert out.metadata.title_provenance == (Provenance(origin="untranslated"),)
    first = out.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.provenance[0].origin == "untranslated"
    assert archivepub.Document.from_json(out.to_json()) == out


def test_untranslated_origin_survives_tei(tmp_path: Path, packages_dir: Path) -> None:
    from archivepub.readers.tei import read_tei
    from archivepub.writers.tei import TeiOptions, write_tei

    doc = _doc(copy_archive(tmp_path))
    out = archivepub.translate(doc, "ru", options=TranslateOptions(keep_untranslated=True))
    back = read_tei(write_tei(out, TeiOptions(article_id=ARTICLE)).encode("utf-8"))
    origins = [p.origin for b in back.all_blocks() for p in getattr(b, "provenance", ())]
    assert origins == [p.origin for b in out.all_blocks() for p in getattr(b, "provenance", ())]
    assert "untranslated" in origins
    assert back.metadata.title_provenance == out.metadata.title_provenance


def test_update_prefills_machine_output_as_fuzzy_and_feeds_it_as_machine(
    tmp_path: Path, copy_models: Path
) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(memory=memory), articles=[ARTICLE])
    assert update.from_machine > 0
    assert update.untranslated == 0
    path = catalog_path(locales, "ru", ARTICLE)
    msgfmt_check(path)
    po = read_catalog(path)
    title = next(e for e in po.active() if e.msgctxt == "title.1")
    assert title.fuzzy
    assert title.msgstr == title.msgid  # a copy model
    assert machine_model(title) == "translate-en_ru-0_1"
    assert any(n.startswith("machine translation by translate-en_ru-0_1") for n in title.extracted)
    # every note tag and link the model saw came back
    for entry in po.active():
        for tag in ("<note1/>", "<a1>"):
            assert (tag in entry.msgid) == (tag in entry.msgstr), entry.msgctxt
    # reviewing one entry: it goes to the memory as reviewed, the others stay machine
    review(path, "title.1", "Письма на трёх алфавитах")
    fresh = TranslationMemory(":memory:")
    fed = feed_memory(fresh, locales, ARTICLE, "en", "ru")
    assert fed == sum(1 for e in read_catalog(path).active() if e.msgstr)
    origins = {e.source: (e.origin, e.model.name if e.model else None) for e in fresh.entries()}
    assert origins[title.msgid] == ("reviewed", None)
    assert {o for s, o in origins.items() if s != title.msgid} == {("machine", "translate-en_ru-0_1")}


def test_a_reviewed_memory_entry_replaces_unreviewed_machine_output(
    tmp_path: Path, copy_models: Path
) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    update_catalogs(archive, locales, ["ru"], UpdateOptions(memory=memory), articles=[ARTICLE])
    title = _doc(archive).metadata.title
    memory.store("en", "ru", [(title, "Письма на трёх алфавитах")], origin="reviewed")
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(memory=memory), articles=[ARTICLE])
    assert update.from_memory == 1
    entry = next(
        e for e in read_catalog(catalog_path(locales, "ru", ARTICLE)).active() if e.msgctxt == "title.1"
    )
    assert entry.msgstr == "Письма на трёх алфавитах"
    assert entry.fuzzy  # a suggestion until someone reviews it here
    assert machine_model(entry) is None
    assert any("translation memory" in n for n in entry.extracted)


def test_without_a_model_entries_stay_empty_with_a_warning(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    warnings: list[str] = []
    [update] = update_catalogs(
        archive, tmp_path / "locales", ["hy"], UpdateOptions(), articles=[ARTICLE], report=warnings.append
    )
    assert update.untranslated > 0
    assert update.from_machine == 0
    assert not any(e.msgstr for e in read_catalog(update.path).active())
    [warning] = warnings
    assert "no translation model for en -> hy" in warning
    assert str(update.path) in warning


def test_an_update_without_a_model_stores_no_source_copies_in_the_memory(
    tmp_path: Path, packages_dir: Path
) -> None:
    archive = copy_archive(tmp_path)
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    options = UpdateOptions(memory=memory)
    [first] = update_catalogs(archive, tmp_path / "locales", ["hy"], options, articles=[ARTICLE])
    assert first.untranslated > 0
    # the source text kept for want of a model is not machine output: the memory stays empty,
    # and the next update suggests nothing from it
    assert len(memory) == 0
    [second] = update_catalogs(archive, tmp_path / "locales", ["hy"], options, articles=[ARTICLE])
    assert (second.from_memory, second.written) == (0, False)
