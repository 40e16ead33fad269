# ruff: noqa: RUF001  (Russian text is meant)
"""Update after update: reviewed work survives edits of the source, removals and concurrent saves."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from catalog_helpers import copy_archive, msgfmt_check, review

from archivepub.catalogs import (
    UpdateOptions,
    catalog_path,
    parse_po,
    read_catalog,
    render_po,
    update_catalogs,
)
from archivepub.catalogs.po import PoEntry
from archivepub.errors import CatalogError
from archivepub.transforms.backends import FakeTranslator

ARTICLE = "three-alphabets"
SENTENCE = "The box belonged to Anahit Der-Karapetian, who kept it under her bed until she died in 2021"
REMOVED = "Its coordinator, Claire Mounier, saw at once that the letters were a different kind of text:"


def _entry(locales: Path, ctx: str, lang: str = "ru") -> PoEntry:
    po = read_catalog(catalog_path(locales, lang, ARTICLE))
    return next(e for e in po.entries if e.msgctxt == ctx and not e.obsolete)


def _ctx_of(locales: Path, start: str, lang: str = "ru") -> str:
    po = read_catalog(catalog_path(locales, lang, ARTICLE))
    found = next(e for e in po.active() if e.msgid.startswith(start))
    assert found.msgctxt is not None
    return found.msgctxt


def _edit_source(archive: Path, old: str, new: str) -> None:
    path = archive / ARTICLE / "article.txt"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def setup(tmp_path: Path, packages_dir: Path) -> tuple[Path, Path]:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    return archive, locales


def test_reviewed_entries_survive_an_update(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    review(path, "title.1", "Письма на трёх алфавитах: волонтёры читают вековую переписку семьи")
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    entry = _entry(locales, "title.1")
    assert entry.msgstr.startswith("Письма на трёх алфавитах")
    assert not entry.fuzzy
    msgfmt_check(path)


def test_changed_source_keeps_the_translation_as_fuzzy_with_the_previous_msgid(
    setup: tuple[Path, Path],
) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    ctx = _ctx_of(locales, SENTENCE)
    old_msgid = _entry(locales, ctx).msgid
    review(path, ctx, "Коробка принадлежала Анаит Тер-Карапетян, которая хранила её под кроватью.")
    _edit_source(archive, "at the age of ninety-six", "at the age of ninety-seven")
    [update] = update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    assert update.changed == 1
    entry = _entry(locales, ctx)
    assert entry.fuzzy
    assert entry.msgstr == "Коробка принадлежала Анаит Тер-Карапетян, которая хранила её под кроватью."
    assert entry.previous_msgid == old_msgid
    assert "ninety-seven" in entry.msgid
    assert "\n#| msgid " in path.read_text(encoding="utf-8")
    msgfmt_check(path)
    # edited again before anyone reviewed it: the previous msgid stays the one translated
    _edit_source(archive, "at the age of ninety-seven", "aged ninety-seven")
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    entry = _entry(locales, ctx)
    assert entry.previous_msgid == old_msgid
    assert entry.msgstr.startswith("Коробка принадлежала")


def test_a_removed_segment_becomes_obsolete_and_comes_back(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    ctx = _ctx_of(locales, REMOVED)
    review(path, ctx, "Её координатор Клэр Мунье сразу увидела, что письма — текст иного рода:")
    _edit_source(
        archive, REMOVED + " private, abbreviated, full of jokes that only the family understood. ", ""
    )
    [update] = update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    assert update.obsoleted == 1
    po = read_catalog(path)
    [gone] = [e for e in po.entries if e.obsolete]
    assert gone.msgstr.startswith("Её координатор")
    text = path.read_text(encoding="utf-8")
    assert "#~ msgstr" in text
    assert text.index("#~ msgctxt") > max(text.rindex(f'\nmsgctxt "{e.msgctxt}"') for e in po.active())
    msgfmt_check(path)
    # the sentence returns: its reviewed translation is back, not fuzzy
    _edit_source(
        archive,
        "The workshop had until then practised on newspaper articles. ",
        "The workshop had until then practised on newspaper articles. "
        + REMOVED
        + " private, abbreviated, full of jokes that only the family understood. ",
    )
    [update] = update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    assert update.revived == 1
    entry = _entry(locales, ctx)
    assert entry.msgstr.startswith("Её координатор")
    assert not entry.fuzzy
    assert not any(e.obsolete for e in read_catalog(path).entries)


def test_a_sentence_inserted_before_others_moves_their_translations(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    ctx = _ctx_of(locales, SENTENCE)
    review(path, ctx, "Коробка принадлежала Анаит.")
    _edit_source(archive, SENTENCE, "Nobody opened it for decades. " + SENTENCE)
    [update] = update_catalogs(archive, locales, ["ru"], articles=[ARTICLE])
    assert update.moved >= 1
    moved = _entry(locales, _ctx_of(locales, SENTENCE))
    assert moved.msgctxt != ctx
    assert moved.msgstr == "Коробка принадлежала Анаит."
    assert not moved.fuzzy


def test_an_edit_saved_while_the_update_runs_is_not_overwritten(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["ru"], articles=[ARTICLE], options=UpdateOptions(machine=False))
    path = catalog_path(locales, "ru", ARTICLE)

    def translate_while_translator_saves(segment: str, source: str, target: str) -> str:
        # the translator saves the catalog in their editor while the model is running
        if not path.read_text(encoding="utf-8").count("Письма на трёх алфавитах"):
            review(path, "title.1", "Письма на трёх алфавитах")
        return f"[MT] {segment}"

    fake = FakeTranslator(translate_while_translator_saves)
    [update] = update_catalogs(
        archive, locales, ["ru"], articles=[ARTICLE], options=UpdateOptions(translator=fake)
    )
    assert fake.calls  # the model ran, and the file changed under it
    assert update.reread
    title = _entry(locales, "title.1")
    assert (title.msgstr, title.fuzzy) == ("Письма на трёх алфавитах", False)
    other = _entry(locales, "subtitle.1") if _has(locales, "subtitle.1") else _entry(locales, "p1.1")
    assert other.msgstr.startswith("[MT] ")
    assert other.fuzzy
    msgfmt_check(path)


def _has(locales: Path, ctx: str) -> bool:
    return any(e.msgctxt == ctx for e in read_catalog(catalog_path(locales, "ru", ARTICLE)).active())


def _update_in_process(archive: str, locales: str, marker: str) -> None:
    fake = FakeTranslator(lambda s, a, b: f"{marker} {s}")
    update_catalogs(
        Path(archive), Path(locales), ["ru"], articles=[ARTICLE], options=UpdateOptions(translator=fake)
    )


def test_two_updates_at_once_leave_one_valid_catalog(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    review(path, "title.1", "Письма на трёх алфавитах")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_update_in_process, args=(str(archive), str(locales), m)) for m in ("A", "B")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    po = read_catalog(path)
    assert _entry(locales, "title.1").msgstr == "Письма на трёх алфавитах"
    filled = [e for e in po.active() if e.msgctxt != "title.1" and e.msgstr]
    assert filled
    assert all(e.msgstr.startswith(("A ", "B ")) and e.fuzzy for e in filled)
    msgfmt_check(path)


def test_a_malformed_catalog_stops_the_update_and_changes_nothing(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    update_catalogs(archive, locales, ["hy"], articles=[ARTICLE])
    ru = catalog_path(locales, "ru", ARTICLE)
    hy = catalog_path(locales, "hy", ARTICLE)
    lines = ru.read_text(encoding="utf-8").split("\n")
    bad = lines.index('msgctxt "p1.1"') + 2
    lines[bad] = 'msgstr "unterminated'
    ru.write_text("\n".join(lines), encoding="utf-8")
    _edit_source(archive, "at the age of ninety-six", "at the age of ninety-seven")
    before = {p: p.read_bytes() for p in (ru, hy)}
    with pytest.raises(CatalogError) as info:
        update_catalogs(archive, locales, ["hy", "ru"], articles=[ARTICLE])
    assert info.value.source == str(ru)
    assert info.value.line == bad + 1
    assert f"{ru}:{bad + 1}:" in str(info.value)
    assert {p: p.read_bytes() for p in (ru, hy)} == before


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n', 3, "duplicate entry"),
        ('msgid "a"\n', 1, "without msgstr"),
        ('msgid "a\\q"\nmsgstr ""\n', 1, "escape"),
        ('msgstr "b"\n', 1, "before msgid"),
        ('msgid "a"\nmsgstr "b"\n"c\n', 3, "quoted string"),
        ('#| msgid "old"\n#, fuzzy\n', 1, "without an entry"),
        (b'msgid "\xff"\nmsgstr ""\n', 1, "UTF-8"),
    ],
)
def test_parse_errors_name_the_line(text: str | bytes, line: int, words: str) -> None:
    with pytest.raises(CatalogError) as info:
        parse_po(text, source="x.po")
    assert info.value.line == line
    assert words in str(info.value)


def test_previous_fields_and_obsolete_entries_round_trip() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        '# translator note\n#. p\n#: a:p1\n#, fuzzy\n#| msgctxt "p1.1"\n#| msgid ""\n#| "old "\n#| "text"\n'
        'msgctxt "p1.2"\nmsgid "new"\nmsgstr "новый"\n\n'
        '#~| msgid "older"\n#~ msgctxt "p9.1"\n#~ msgid "gone"\n#~ msgstr "ушло"\n'
    )
    po = parse_po(text)
    entry, gone = po.entries
    assert (entry.previous_msgctxt, entry.previous_msgid, entry.comments) == (
        "p1.1",
        "old text",
        ["translator note"],
    )
    assert (gone.obsolete, gone.previous_msgid, gone.msgstr) == (True, "older", "ушло")
    again = parse_po(render_po(po))
    assert again.entries[0].previous_msgid == "old text"
    assert again.entries[1].obsolete
    assert render_po(again) == render_po(po)


def test_an_update_waits_for_the_lock_and_merges_what_was_saved_meanwhile(setup: tuple[Path, Path]) -> None:
    import fcntl
    import os
    import subprocess
    import sys
    import time

    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    _edit_source(archive, "at the age of ninety-six", "at the age of ninety-seven")
    before = path.read_bytes()
    fd = os.open(locales, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another update holds the folder
    try:
        command = [sys.executable, "-m", "archivepub", "locales", "update", str(archive), "--langs", "ru"]
        command += ["--locales", str(locales), "--article", ARTICLE, "--no-memory"]
        proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert proc.poll() is None  # waiting for the lock
        assert path.read_bytes() == before
        review(path, "title.1", "Письма на трёх алфавитах")  # a translator saves meanwhile
    finally:
        os.close(fd)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    title = _entry(locales, "title.1")
    assert (title.msgstr, title.fuzzy) == ("Письма на трёх алфавитах", False)
    changed = _entry(locales, _ctx_of(locales, SENTENCE))
    assert "ninety-seven" in changed.msgid
    msgfmt_check(path)


def test_machine_output_is_not_translated_again_by_the_next_update(
    tmp_path: Path, packages_dir: Path
) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    fake = FakeTranslator(lambda s, a, b: f"[MT] {s}")
    options = UpdateOptions(translator=fake)
    [first] = update_catalogs(archive, locales, ["ru"], options, articles=[ARTICLE])
    assert first.from_machine > 0
    assert len(fake.calls) == 1
    before = catalog_path(locales, "ru", ARTICLE).read_bytes()
    [second] = update_catalogs(archive, locales, ["ru"], options, articles=[ARTICLE])
    assert len(fake.calls) == 1
    assert (second.from_machine, second.written) == (0, False)
    assert catalog_path(locales, "ru", ARTICLE).read_bytes() == before
