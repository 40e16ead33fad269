"""A translator's editor saves a catalog while ``locales update`` runs: nothing is lost.

Each editor is a thread that saves the way the real one does: in place (truncate, then write,
here slowly, in two pieces: VS Code, nano, Emacs with ``backup-by-copying``) or by
rename-and-recreate (vim). The update's fault hook (:data:`archivepub.catalogs.files.fault_hook`)
tells the editor when to take each step, so every interleaving is played deterministically.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest
from catalog_helpers import msgfmt_check

from archivepub.catalogs import UpdateOptions, catalog_path, files, read_catalog, render_po, update_catalogs
from archivepub.catalogs.files import read_catalog_file, replace_catalog, reviewed_translations
from archivepub.catalogs.po import parse_po
from archivepub.errors import CatalogError
from archivepub.model import Metadata, Paragraph, Text, make_document
from archivepub.transforms.memory import TranslationMemory

ARTICLE = "ledgers"
SENTENCES = [
    "The ledgers were copied in 1931 by the harbour clerk.",
    "Each page was photographed twice.",
    "The water reached the basement in 1953.",
    "Volunteers now transcribe a box every week.",
]
REVIEWED = {
    "Ledgers": "Книги",
    SENTENCES[0]: "Книги переписал в 1931 году портовый писарь.",
    SENTENCES[1]: "Каждую страницу сфотографировали дважды.",
    SENTENCES[2]: "Вода дошла до подвала в 1953 году.",
    SENTENCES[3]: "Теперь волонтёры расшифровывают по коробке в неделю.",
}
#: what the translator types in the editor meanwhile (a new reviewed translation of p4.1)
THEIRS = "Волонтёры теперь переписывают по коробке каждую неделю."


def _write_article(archive: Path, sentences: list[str]) -> None:
    folder = archive / ARTICLE
    folder.mkdir(parents=True, exist_ok=True)
    doc = make_document(
        Metadata(title="Ledgers", language="en"), [Paragraph(content=(Text(s),)) for s in sentences]
    )
    (folder / "article.json").write_text(doc.to_json(), encoding="utf-8")


@pytest.fixture
def setup(tmp_path: Path, packages_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Path]:
    """A reviewed catalog, and an edit of the source that the next update must merge."""
    monkeypatch.setattr(files, "QUIET_SECONDS", 0.3)
    monkeypatch.setattr(files, "SETTLE_SECONDS", 5.0)
    archive, locales = tmp_path / "archive", tmp_path / "locales"
    _write_article(archive, SENTENCES)
    update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    path = catalog_path(locales, "ru", ARTICLE)
    po = read_catalog(path)
    for entry in po.entries:
        entry.msgstr = REVIEWED[entry.msgid]
    path.write_bytes(render_po(po))
    os.utime(path, ns=(1_600_000_000 * 10**9,) * 2)  # saved long ago
    _write_article(archive, [SENTENCES[0].replace("1931", "1932"), *SENTENCES[1:]])
    return archive, locales, path


def _their_save(path: Path) -> bytes:
    """The catalog as the translator's editor writes it: p4.1 newly translated."""
    text = path.read_text(encoding="utf-8")
    assert REVIEWED[SENTENCES[3]] in text
    return text.replace(REVIEWED[SENTENCES[3]], THEIRS).encode("utf-8")


class Editor(threading.Thread):
    """An editor saving ``data`` to ``path``: ``steps`` run one by one, each when told to."""

    def __init__(self, steps: list[Callable[[], None]]) -> None:
        super().__init__(daemon=True)
        self.steps = steps
        self.go = [threading.Event() for _ in steps]
        self.done = [threading.Event() for _ in steps]
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            for step, go, done in zip(self.steps, self.go, self.done, strict=True):
                assert go.wait(30)
                step()
                done.set()
        except BaseException as exc:  # pragma: no cover - reported by the test
            self.error = exc
            for event in self.done:
                event.set()

    def step(self, n: int) -> None:
        """Let step ``n`` run and wait until it has."""
        self.go[n].set()
        assert self.done[n].wait(30)
        assert self.error is None, self.error


def in_place(path: Path, data: bytes, cut: int) -> Editor:
    """VS Code, nano: open the file itself, truncate it, write (here in two pieces)."""
    handle: list[BinaryIO] = []

    def truncate_and_write_a_part() -> None:
        f = open(path, "r+b")  # noqa: SIM115 - held open across the two steps
        handle.append(f)
        f.truncate(0)
        f.write(data[:cut])
        f.flush()

    def write_the_rest() -> None:
        handle[0].write(data[cut:])
        handle[0].close()

    return Editor([truncate_and_write_a_part, write_the_rest])


def rename_and_recreate(path: Path, data: bytes) -> Editor:
    """vim: rename the file to a backup, write a new file, delete the backup."""
    backup = path.with_name(path.name + "~")

    def rename() -> None:
        os.rename(path, backup)

    def create_a_part() -> None:
        with open(path, "xb") as f:
            f.write(data[: len(data) // 3])

    def finish() -> None:
        with open(path, "r+b") as f:
            f.seek(len(data) // 3)
            f.write(data[len(data) // 3 :])
        os.unlink(backup)

    return Editor([rename, create_a_part, finish])


def _play(monkeypatch: pytest.MonkeyPatch, script: dict[str, list[Callable[[], None]]]) -> list[str]:
    """Run the actions of ``script[stage]`` one per call of the fault hook at that stage."""
    seen: list[str] = []

    def hook(stage: str, path: Path) -> None:
        seen.append(stage)
        actions = script.get(stage)
        if actions:
            actions.pop(0)()

    monkeypatch.setattr(files, "fault_hook", hook)
    return seen


def _assert_merged(path: Path) -> None:
    """Every reviewed translation is there, the editor's save is kept, the source edit merged."""
    po = read_catalog(path)
    active = {e.msgid: e for e in po.active()}
    edited = active[SENTENCES[0].replace("1931", "1932")]
    assert (edited.msgstr, edited.fuzzy, edited.previous_msgid) == (
        REVIEWED[SENTENCES[0]],
        True,
        SENTENCES[0],
    )
    assert active[SENTENCES[3]].msgstr == THEIRS
    assert not active[SENTENCES[3]].fuzzy
    for source in ("Ledgers", SENTENCES[1], SENTENCES[2]):
        assert (active[source].msgstr, active[source].fuzzy) == (REVIEWED[source], False)
    msgfmt_check(path)


@pytest.mark.parametrize("where", ["inside a string", "between two entries"])
def test_an_in_place_save_during_the_update_is_waited_for_and_merged(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    archive, locales, path = setup
    data = _their_save(path)
    # cut inside p3.1's msgstr, or just before p3.1 (the part parses: two entries seem gone)
    anchor = data.index(b'msgctxt "p3.1"')
    cut = data.index(b"\xd0\x92\xd0\xbe\xd0\xb4\xd0\xb0", anchor) if where == "inside a string" else anchor
    editor = in_place(path, data, cut)
    editor.start()
    # the editor truncates and writes a part just as the update takes the lock; it writes the
    # rest while the update waits for the file to settle
    seen = _play(monkeypatch, {"locked": [lambda: editor.step(0)], "wait": [lambda: editor.step(1)]})
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    assert "wait" in seen
    assert update.written
    assert update.reread
    _assert_merged(path)


def test_a_rename_and_recreate_save_during_the_update_is_waited_for_and_merged(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, locales, path = setup
    editor = rename_and_recreate(path, _their_save(path))
    editor.start()
    # renamed away as the update takes the lock (the update finds no file), a third of the new
    # file written at its first wait (a file with a third of the entries), the rest at its second
    seen = _play(
        monkeypatch,
        {"locked": [lambda: editor.step(0)], "wait": [lambda: editor.step(1), lambda: editor.step(2)]},
    )
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    assert seen.count("wait") >= 2
    assert (update.written, update.created, update.reread) == (True, False, True)
    assert not path.with_name(path.name + "~").exists()
    _assert_merged(path)


def test_a_save_between_merge_and_replace_is_merged_again(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, locales, path = setup
    data = _their_save(path)
    editor = in_place(path, data, len(data))

    def save_at_once() -> None:
        editor.step(0)
        editor.step(1)

    editor.start()
    # the whole save lands after the update merged, before it replaces the file
    seen = _play(monkeypatch, {"merged": [save_at_once]})
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    assert seen.count("merged") == 2  # merged, found changed, read and merged again
    assert update.written
    assert update.reread
    _assert_merged(path)


def test_a_catalog_that_stays_empty_is_never_taken_as_new(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, locales, path = setup
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.5)

    # an editor truncated the file and died before writing anything
    def truncate() -> None:
        path.write_bytes(b"")

    _play(monkeypatch, {"locked": [truncate]})
    with pytest.raises(CatalogError) as info:
        update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    assert info.value.source == str(path)
    assert "is empty, but held 5 reviewed translations when the update read it" in str(info.value)
    assert path.read_bytes() == b""  # not replaced by a new, untranslated catalog


def test_a_catalog_that_vanished_is_never_taken_as_new(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    archive, locales, path = setup
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.5)
    backup = path.with_name(path.name + "~")
    _play(monkeypatch, {"locked": [lambda: os.rename(path, backup)]})
    with pytest.raises(CatalogError, match="is missing, but held 5 reviewed translations"):
        update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    assert not path.exists()
    assert len(reviewed_translations(parse_po(backup.read_bytes()))) == 5


def test_an_empty_catalog_the_memory_knows_is_not_overwritten(
    setup: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    archive, locales, path = setup
    monkeypatch.setattr(files, "SETTLE_SECONDS", 0.5)
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    memory.store("en", "ru", [(SENTENCES[1], REVIEWED[SENTENCES[1]])], origin="reviewed")
    path.write_bytes(b"")  # caught in the middle of a save when the update starts
    with pytest.raises(CatalogError, match="is empty, while the translation memory holds 1 reviewed"):
        update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False, memory=memory))
    assert path.read_bytes() == b""
    # a catalog that is simply not there yet is made, pre-filled from the memory
    path.unlink()
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False, memory=memory))
    assert update.created
    assert update.from_memory == 1


def test_no_write_may_lose_a_reviewed_translation(setup: tuple[Path, Path, Path]) -> None:
    _, locales, path = setup
    before = path.read_bytes()

    def drop_one(current: files.CatalogFile) -> bytes:
        assert current.data is not None
        po = parse_po(current.data)
        po.entries = [e for e in po.entries if e.msgctxt != "p3.1"]
        return render_po(po)

    with pytest.raises(CatalogError, match="would lose 1 reviewed translations") as info:
        replace_catalog(path, drop_one, locales=locales, first=read_catalog_file(path))
    assert info.value.line is not None
    assert path.read_bytes() == before
    # a reviewer's deliberate change of that entry is allowed when declared

    def edit_one(current: files.CatalogFile) -> bytes:
        assert current.data is not None
        po = parse_po(current.data)
        entry = next(e for e in po.entries if e.msgctxt == "p3.1")
        entry.msgstr = "Вода дошла до подвала."
        return render_po(po)

    key = ("p3.1", SENTENCES[2])
    done = replace_catalog(path, edit_one, locales=locales, first=read_catalog_file(path), replaced=[key])
    assert done.written
    assert next(e for e in read_catalog(path).entries if e.key == key).msgstr == "Вода дошла до подвала."
