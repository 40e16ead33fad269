# ruff: noqa: RUF001  (Russian text is meant)
"""What GNU gettext accepts, archivepub accepts; what msgfmt refuses, archivepub refuses.

Each case is checked against the real ``msgfmt``: duplicates across active and obsolete
entries, plural entries (also obsolete, with previous fields), and strings holding line
separators, NEL and control characters.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from catalog_helpers import msgfmt_check

from archivepub.build import BuildOptions, build_archive
from archivepub.catalogs import (
    UpdateOptions,
    catalog_path,
    parse_po,
    read_catalog,
    render_po,
    update_catalogs,
)
from archivepub.catalogs.checks import check_catalog
from archivepub.catalogs.plurals import PLURAL_FORMS
from archivepub.catalogs.status import load_statuses
from archivepub.cli import main
from archivepub.errors import CatalogError
from archivepub.model import Metadata, Paragraph, Text, make_document

ARTICLE = "ledgers"
FIRST = "The ledgers were copied in 1931."
SECOND = "Each page was photographed twice."
REVIEWED = {
    "Ledgers": "Книги",
    FIRST: "Книги переписали в 1931 году.",
    SECOND: "Каждую страницу сфотографировали дважды.",
}
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'


def _msgfmt(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def archive(tmp_path: Path, packages_dir: Path) -> Path:
    folder = tmp_path / "archive" / ARTICLE
    folder.mkdir(parents=True)
    doc = make_document(
        Metadata(title="Ledgers", language="en"),
        [Paragraph(content=(Text(FIRST),)), Paragraph(content=(Text(SECOND),))],
    )
    (folder / "article.json").write_text(doc.to_json(), encoding="utf-8")
    return tmp_path / "archive"


def _catalog(archive: Path, entries: str) -> tuple[Path, Path]:
    """The article's catalog as an update makes it, reviewed throughout, with ``entries`` added."""
    locales = archive.parent / "locales"
    update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    path = catalog_path(locales, "ru", ARTICLE)
    po = read_catalog(path)
    po.set_header("Plural-Forms", PLURAL_FORMS["ru"])
    for entry in po.entries:
        entry.msgstr = REVIEWED[entry.msgid]
    path.write_bytes(render_po(po) + entries.encode("utf-8"))
    return locales, path


# --- an obsolete entry with the key of an active one ----------------------------------------


DUPLICATE = f'\n#~ msgctxt "p1.1"\n#~ msgid "{FIRST}"\n#~ msgstr "Книги копировали в 1931 году."\n'


def test_an_obsolete_entry_with_an_active_entrys_key_is_refused_as_msgfmt_does(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locales, path = _catalog(archive, DUPLICATE)
    done = _msgfmt(path)
    assert done.returncode == 1
    assert "duplicate message definition" in done.stderr
    line = path.read_text(encoding="utf-8").split("\n").index(f'#~ msgid "{FIRST}"') + 1
    assert f"{path}:{line}: duplicate message definition" in done.stderr
    with pytest.raises(CatalogError) as info:
        read_catalog(path)
    assert (info.value.source, info.value.line) == (str(path), line)
    assert "duplicate entry (one of them obsolete, #~)" in str(info.value)
    # every command refuses it with the file and line, and nothing is written (no translation lost)
    before = path.read_bytes()
    for action in ("update", "status", "check"):
        args = ["locales", action, "--locales", str(locales)]
        if action == "update":
            args[2:2] = [str(archive), "--langs", "ru", "--no-memory"]
        assert main(args) == 2, action
        assert f"{path}:{line}: duplicate entry" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_two_obsolete_entries_with_one_key_are_a_duplicate_too(archive: Path) -> None:
    _, path = _catalog(archive, DUPLICATE.replace("p1.1", "p9.1") * 2)
    assert "duplicate message definition" in _msgfmt(path).stderr
    with pytest.raises(CatalogError, match=r"duplicate entry \(both obsolete"):
        read_catalog(path)


# --- plural entries -----------------------------------------------------------------------------

PLURALS = (
    '\n# a translator\'s own entry\n#, fuzzy\n#| msgid "%d box"\n#| msgid_plural "%d boxes"\n'
    'msgid "%d ledger"\nmsgid_plural "%d ledgers"\n'
    'msgstr[0] "%d книга"\nmsgstr[1] "%d книги"\nmsgstr[2] "%d книг"\n'
    '\nmsgid "%d page"\nmsgid_plural "%d pages"\n'
    'msgstr[0] "%d страница"\nmsgstr[1] "%d страницы"\nmsgstr[2] "%d страниц"\n'
    '\n#~| msgid "%d crate"\n#~| msgid_plural "%d crates"\n#~ msgid "%d chest"\n#~ msgid_plural "%d chests"\n'
    '#~ msgstr[0] "%d сундук"\n#~ msgstr[1] "%d сундука"\n#~ msgstr[2] "%d сундуков"\n'
)


def test_plural_entries_parse_render_back_and_survive_an_update(archive: Path) -> None:
    locales, path = _catalog(archive, PLURALS)
    msgfmt_check(path)
    data = path.read_bytes()
    po = parse_po(data, source=str(path))
    fuzzy, page, chest = (e for e in po.entries if e.msgid_plural is not None)
    assert (fuzzy.msgid, fuzzy.msgid_plural, fuzzy.fuzzy) == ("%d ledger", "%d ledgers", True)
    assert fuzzy.msgstr_plural == ["%d книга", "%d книги", "%d книг"]
    assert (fuzzy.previous_msgid, fuzzy.previous_msgid_plural) == ("%d box", "%d boxes")
    assert page.translated
    assert not page.fuzzy
    assert (chest.obsolete, chest.previous_msgid_plural, chest.msgstr_plural[2]) == (
        True,
        "%d crates",
        "%d сундуков",
    )
    assert render_po(po) == data
    # rewritten from scratch (no kept bytes), the entries come out the same
    for entry in po.entries:
        entry.raw = None
    po.header_raw = None
    again = parse_po(render_po(po))
    assert [e.state() for e in again.entries] == [e.state() for e in po.entries]
    # status and check read it; plural entries are counted like the others
    [status] = load_statuses(locales)
    assert status.counts["reviewed"].entries == 4  # title, two sentences, %d page
    assert status.counts["fuzzy"].entries == 1
    assert not [p for p in check_catalog(po, path, "ru") if p.level == "error"]
    # the update keeps them: entries that are not sentences of the article become obsolete,
    # with every form of their translation and their previous source
    [update] = update_catalogs(archive, locales, ["ru"])
    assert update.obsoleted == 2
    after = read_catalog(path)
    plurals = {e.msgid: e for e in after.entries if e.msgid_plural is not None}
    assert set(plurals) == {"%d ledger", "%d page", "%d chest"}
    assert all(e.obsolete for e in plurals.values())
    assert plurals["%d ledger"].msgstr_plural == ["%d книга", "%d книги", "%d книг"]
    assert plurals["%d ledger"].previous_msgid_plural == "%d boxes"
    assert plurals["%d page"].msgstr_plural == ["%d страница", "%d страницы", "%d страниц"]
    assert plurals["%d chest"].previous_msgid_plural == "%d crates"
    assert {e.msgid: e.msgstr for e in after.active()} == REVIEWED
    msgfmt_check(path)


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "z"\nmsgstr[1] "y"\n', "wrong index"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\n', "wrong index"),
        ('msgid "a"\nmsgstr "x"\nmsgstr[0] "y"\n', "after msgstr"),
    ],
)
def test_misnumbered_plural_forms_are_refused_as_msgfmt_does(entry: str, words: str, archive: Path) -> None:
    _, path = _catalog(archive, "\n" + entry)
    assert _msgfmt(path).returncode == 1
    with pytest.raises(CatalogError, match=words) as info:
        read_catalog(path)
    assert (info.value.line or 0) > 0


def test_a_plural_entry_with_the_wrong_number_of_forms_is_an_error_for_check(
    archive: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locales, path = _catalog(
        archive, '\nmsgid "%d page"\nmsgid_plural "%d pages"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
    )
    assert "but some messages have only 2 plural forms" in _msgfmt(path).stderr
    assert main(["locales", "check", "--locales", str(locales)]) == 1
    out = capsys.readouterr().out
    line = path.read_text(encoding="utf-8").split("\n").index('msgstr[0] "a"') + 1
    assert f"{path}:{line}: [plurals] error: 2 plural forms, the header's Plural-Forms has 3" in out


# --- characters gettext accepts -------------------------------------------------------------------

#: a reviewed translation holding a line separator, NEL, a form feed and a vertical tab
ODD = "Книги\u2028переписали\x85в 1931\fгоду\vдважды."


def test_line_separators_nel_and_form_feeds_pass_every_command(
    archive: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    locales, path = _catalog(archive, "")
    text = path.read_text(encoding="utf-8").replace('"Книги переписали в 1931 году."', f'"{ODD}"')
    path.write_bytes(text.replace("\f", "\\f").replace("\v", "\\v").encode("utf-8"))
    msgfmt_check(path)
    assert read_catalog(path).entries[1].msgstr == ODD
    before = path.read_bytes()
    assert (
        main(["locales", "update", str(archive), "--locales", str(locales), "--langs", "ru", "--no-memory"])
        == 0
    )
    assert path.read_bytes() == before
    assert main(["locales", "status", "--locales", str(locales), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"]["reviewed"]["entries"] == 3
    assert main(["locales", "check", "--locales", str(locales)]) in (0, 1)
    assert "archivepub: error" not in capsys.readouterr().err
    dist = tmp_path / "dist"
    report_ = build_archive(
        archive, dist, BuildOptions(jobs=1, languages=("ru",), formats=("json",), locales=locales)
    )
    assert [a.status for a in report_.articles] == ["built"]
    doc = json.loads((dist / ARTICLE / "ru" / f"{ARTICLE}.ru.json").read_text("utf-8"))
    assert "переписали" in doc["blocks"][0]["content"][0]["text"]


def test_the_writer_escapes_as_gnu_gettext_does(tmp_path: Path) -> None:
    odd = '1\a2\b3\f4\v5\x016\x7f7\u20288\x859\u2029\t\r\\"'
    written = '"1\\a2\\b3\\f4\\v5\x016\x7f7\u20288\x859\u2029\\t\\r\\\\\\""'
    po = parse_po(HEADER + f'\nmsgid "a"\nmsgstr {written}\n')
    assert po.entries[0].msgstr == odd
    po.entries[0].raw = None
    ours = tmp_path / "ours.po"
    ours.write_bytes(render_po(po))
    if shutil.which("msgcat") is None:
        pytest.fail("msgcat (Debian package gettext) is required")
    gnu = subprocess.run(["msgcat", "--no-wrap", str(ours)], capture_output=True, check=True).stdout
    assert gnu.split(b"\n")[-2] == ours.read_bytes().split(b"\n")[-2]
    assert b"\\a2\\b3\\f4\\v5\x016\x7f7\xe2\x80\xa88\xc2\x859" in gnu
