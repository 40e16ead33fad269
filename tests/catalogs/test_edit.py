"""Saving one entry from a review tool: through the same lock, re-read, merge and write as
``locales update``; an entry changed meanwhile is never overwritten silently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from catalog_helpers import LOCALES, copy_archive, msgfmt_check, review

import archivepub
from archivepub.catalogs import (
    EntryConflictError,
    EntryEdit,
    EntryState,
    UpdateOptions,
    catalog_path,
    parse_po,
    read_catalog,
    save_entry,
    update_catalogs,
)
from archivepub.errors import CatalogError

ARTICLE = "coastal-archives"
OLD = "has already used a sample of the entries"
NEW = "has already used a large sample of the entries"


@pytest.fixture
def setup(tmp_path: Path, packages_dir: Path) -> tuple[Path, Path]:
    """The bundled archive and catalogs, with p4.2 of coastal-archives edited in the source,
    so that its Russian entry is fuzzy with the old text as previous source."""
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    html = archive / ARTICLE / "article.html"
    html.write_text(html.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False), articles=[ARTICLE])
    return archive, locales


def _doc(archive: Path) -> archivepub.Document:
    return archivepub.read(archive / ARTICLE / "article.html")


def _entries(path: Path) -> dict[str | None, tuple[str, str, list[str], str | None]]:
    po = read_catalog(path)
    return {e.msgctxt: (e.msgid, e.msgstr, e.flags, e.previous_msgid) for e in po.active()}


def test_accepting_a_fuzzy_entry_changes_that_entry_only(
    setup: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, locales = setup
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the save's time: 2026-01-01 00:00
    path = catalog_path(locales, "ru", ARTICLE)
    before = read_catalog(path)
    fuzzy = next(e for e in before.active() if e.fuzzy)
    assert fuzzy.msgctxt == "p4.2"
    assert fuzzy.previous_msgid is not None
    text = fuzzy.msgstr.replace("по выборке", "по большой выборке")
    edit = EntryEdit(msgctxt="p4.2", msgid=fuzzy.msgid, msgstr=text, fuzzy=False, base=EntryState.of(fuzzy))
    saved = save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    assert saved.written
    assert not saved.reread
    after = read_catalog(path)
    old, new = _entries_of(before), _entries_of(after)
    assert [k for k in new if new[k] != old[k]] == ["p4.2"]
    assert new["p4.2"] == (fuzzy.msgid, text, [], None)
    assert [h for h in after.headers if h not in before.headers] == [
        ("PO-Revision-Date", "2026-01-01 00:00+0000")
    ]
    msgfmt_check(path)


def _entries_of(po: archivepub.catalogs.PoFile) -> dict[str | None, tuple[str, str, list[str], str | None]]:
    return {e.msgctxt: (e.msgid, e.msgstr, e.flags, e.previous_msgid) for e in po.active()}


def test_an_entry_changed_on_disk_meanwhile_is_a_conflict_and_nothing_is_written(
    setup: tuple[Path, Path],
) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    entry = next(e for e in read_catalog(path).active() if e.msgctxt == "p4.2")
    review(path, "p4.2", "Версия из Poedit<a1>лаборатория</a1><note1/>.")  # saved in another editor
    on_disk = path.read_bytes()
    edit = EntryEdit(
        msgctxt="p4.2", msgid=entry.msgid, msgstr="Моя версия.", fuzzy=False, base=EntryState.of(entry)
    )
    with pytest.raises(EntryConflictError) as caught:
        save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    assert caught.value.theirs == EntryState("Версия из Poedit<a1>лаборатория</a1><note1/>.", False)
    assert caught.value.mine == EntryState("Моя версия.", False)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == on_disk
    # the translator chose their version: saved on top of what is on disk now
    again = EntryEdit(
        msgctxt="p4.2", msgid=entry.msgid, msgstr="Моя версия.", fuzzy=False, base=caught.value.theirs
    )
    assert save_entry(locales, _doc(archive), ARTICLE, "ru", again).written
    assert _entries(path)["p4.2"][1] == "Моя версия."


def test_other_entries_saved_meanwhile_are_kept(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    entry = next(e for e in read_catalog(path).active() if e.msgctxt == "p4.2")
    review(path, "title.1", "Гавань помнит")  # another entry, saved in a text editor
    edit = EntryEdit(
        msgctxt="p4.2", msgid=entry.msgid, msgstr=entry.msgstr, fuzzy=False, base=EntryState.of(entry)
    )
    save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    entries = _entries(path)
    assert entries["title.1"][1] == "Гавань помнит"
    assert entries["p4.2"][2] == []
    msgfmt_check(path)


def test_saving_what_the_catalog_already_holds_writes_nothing(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    entry = next(e for e in read_catalog(path).active() if e.msgctxt == "p1.1")
    before = path.read_bytes()
    edit = EntryEdit(
        msgctxt="p1.1", msgid=entry.msgid, msgstr=entry.msgstr, fuzzy=False, base=EntryState.of(entry)
    )
    saved = save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    assert not saved.written
    assert path.read_bytes() == before


def test_an_entry_whose_source_changed_since_the_page_was_read_is_a_conflict(
    setup: tuple[Path, Path],
) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    entry = next(e for e in read_catalog(path).active() if e.msgctxt == "p4.2")
    edit = EntryEdit(
        msgctxt="p4.2",
        msgid=entry.msgid.replace("large", "small"),
        msgstr="x",
        fuzzy=False,
        base=EntryState.of(entry),
    )
    with pytest.raises(EntryConflictError) as caught:
        save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    assert caught.value.theirs == EntryState.of(entry)


def test_a_control_character_is_refused_with_the_file(setup: tuple[Path, Path]) -> None:
    archive, locales = setup
    path = catalog_path(locales, "ru", ARTICLE)
    entry = next(e for e in read_catalog(path).active() if e.msgctxt == "p1.1")
    before = path.read_bytes()
    edit = EntryEdit(
        msgctxt="p1.1", msgid=entry.msgid, msgstr="a\x00b", fuzzy=False, base=EntryState.of(entry)
    )
    with pytest.raises(CatalogError, match=r"coastal-archives\.po: p1\.1: .*U\+0000"):
        save_entry(locales, _doc(archive), ARTICLE, "ru", edit)
    assert path.read_bytes() == before


def test_saving_into_a_missing_catalog_creates_it_up_to_date(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    doc = _doc(archive)
    edit = EntryEdit(
        msgctxt="title.1",
        msgid=doc.metadata.title,
        msgstr="Гавань помнит",
        fuzzy=False,
        base=EntryState("", False),
    )
    saved = save_entry(locales, doc, ARTICLE, "ru", edit)
    assert saved.written
    po = parse_po(saved.path.read_bytes())
    assert po.header("Language") == "ru"
    assert [e.msgstr for e in po.active() if e.msgstr] == ["Гавань помнит"]
    assert len(list(po.active())) > 40
    msgfmt_check(saved.path)
