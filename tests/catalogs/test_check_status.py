# ruff: noqa: RUF001  (Armenian and Russian text is meant)
"""``locales check`` finds planted errors with file:line; ``locales status`` adds up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_helpers import review

from archivepub.catalogs import catalog_path, read_catalog, update_catalogs
from archivepub.catalogs.checks import check_catalog, check_entry
from archivepub.catalogs.po import PoEntry, PoFile
from archivepub.catalogs.status import load_statuses, status_table, word_count
from archivepub.cli import main
from archivepub.model import DraftNote, Link, Metadata, NoteRef, Paragraph, Text, make_document
from archivepub.transforms.glossary import load_glossary

ARTICLE = "letters"
NOTE = "The box held 212 letters<note1/>."
URL = "The scans are at https://archive.example/letters/box-1 for anyone."
LINK = "Read the <a1>catalogue</a1> first."


@pytest.fixture
def catalogs(tmp_path: Path, packages_dir: Path) -> tuple[Path, Path]:
    archive = tmp_path / "archive"
    (archive / ARTICLE).mkdir(parents=True)
    doc = make_document(
        Metadata(title="Letters", language="en"),
        [
            Paragraph(content=(Text("The box held 212 letters"), NoteRef("n"), Text("."))),
            Paragraph(content=(Text(URL),)),
            Paragraph(
                content=(
                    Text("Read the "),
                    Link("https://archive.example/catalogue", (Text("catalogue"),)),
                    Text(" first."),
                )
            ),
        ],
        [DraftNote("n", "1", (Paragraph(content=(Text("Counted in 2021."),)),))],
    )
    (archive / ARTICLE / "article.json").write_text(doc.to_json(), encoding="utf-8")
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["ru", "hy"])
    return archive, locales


def _ctx(path: Path, msgid: str) -> str:
    entry = next(e for e in read_catalog(path).active() if e.msgid == msgid)
    assert entry.msgctxt is not None
    return entry.msgctxt


def test_check_flags_a_dropped_note_a_changed_number_and_a_broken_url(
    catalogs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, locales = catalogs
    path = catalog_path(locales, "ru", ARTICLE)
    review(path, "title.1", "Письма")
    review(path, _ctx(path, NOTE), "В коробке было 213 писем.")  # note dropped, number changed
    review(path, _ctx(path, URL), "Сканы лежат на https://archive.example/leters/box-1 для всех.")
    review(path, _ctx(path, LINK), "Сначала прочтите <a1>каталог.")  # link not closed
    review(path, "fn1-p1.1", "Подсчитано в 2021 году.")  # correct
    code = main(["locales", "check", "--locales", str(locales), "--langs", "ru", "--no-untranslated"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    po = read_catalog(path)
    line_of = {e.msgctxt: e.msgstr_line for e in po.active()}
    found = {(line.split(": [")[0], line.split("[")[1].split("]")[0]) for line in out}
    note_line = f"{path}:{line_of[_ctx(path, NOTE)]}"
    url_line = f"{path}:{line_of[_ctx(path, URL)]}"
    link_line = f"{path}:{line_of[_ctx(path, LINK)]}"
    assert (note_line, "notes") in found
    assert (note_line, "xmltags") in found
    assert (note_line, "numbers") in found
    assert (url_line, "urls") in found
    assert (link_line, "links") in found
    assert not any(line.startswith(f"{path}:{line_of['fn1-p1.1']}:") for line in out)
    assert (link_line, "numbers") not in found  # tag numbers are not numbers
    assert all("] error: " in line or "] warning: " in line for line in out)


def test_check_passes_a_clean_catalog(
    catalogs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, locales = catalogs
    path = catalog_path(locales, "hy", ARTICLE)
    review(path, "title.1", "Նամակներ")
    review(path, _ctx(path, NOTE), "Արկղում կար 212 նամակ<note1/>։")
    review(path, _ctx(path, URL), "Սկանները https://archive.example/letters/box-1 հասցեում են բոլորի համար։")
    review(path, _ctx(path, LINK), "Նախ կարդացեք <a1>կատալոգը</a1>։")
    review(path, "fn1-p1.1", "Հաշվվել է 2021 թ.։")
    code = main(["locales", "check", "--locales", str(locales), "--langs", "hy"])
    captured = capsys.readouterr()
    assert code == 0, captured.out
    assert captured.out == ""  # the Armenian full stop ends a sentence for endpunc


def test_armenian_endpunc_and_glossary(tmp_path: Path) -> None:
    entry = PoEntry(msgid="The letter arrived.", msgstr="Նամակը հասավ.", msgctxt="p1.1")
    assert [name for name, _ in check_entry(entry, "hy")] == ["endpunc"]
    glossary_file = tmp_path / "glossary.tsv"
    glossary_file.write_text("State Archive\tГосударственный архив\n", encoding="utf-8")
    glossary = load_glossary(glossary_file)
    entry = PoEntry(msgid="The State Archive opened.", msgstr="Архив открылся.", msgctxt="p1.1")
    assert ("glossary", "glossary: “State Archive” should be “Государственный архив”") in check_entry(
        entry, "ru", glossary
    )


def test_machine_repairs_are_flagged_while_fuzzy() -> None:
    entry = PoEntry(
        msgid="A <em>box</em>.",
        msgstr="<em>Коробка</em>.",
        msgctxt="p1.1",
        flags=["fuzzy"],
        extracted=["paragraph", "machine translation by m, not reviewed", "MT repair: note fn1 re-attached"],
    )
    problems = check_catalog(_po(entry), "x.po", "ru")
    assert [(p.check, p.level) for p in problems] == [("mt-repair", "warning")]
    entry.flags = []
    assert check_catalog(_po(entry), "x.po", "ru") == []


def _po(entry: PoEntry) -> PoFile:
    return PoFile(entries=[entry])


def test_status_adds_up(catalogs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    _, locales = catalogs
    path = catalog_path(locales, "ru", ARTICLE)
    review(path, "title.1", "Письма")
    review(path, _ctx(path, NOTE), "В коробке было 212 писем<note1/>.")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{_ctx(path, URL)}"')
    lines[at:at] = ["#, fuzzy"]
    path.write_text("\n".join(lines), encoding="utf-8")
    review(path, _ctx(path, URL), "Сканы: https://archive.example/letters/box-1.")
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{_ctx(path, URL)}"')
    lines[at:at] = ["#, fuzzy"]
    path.write_text("\n".join(lines), encoding="utf-8")
    statuses = {(s.lang, s.article): s for s in load_statuses(locales)}
    ru = statuses[("ru", ARTICLE)]
    assert ru.counts["reviewed"].entries == 2
    assert ru.counts["fuzzy"].entries == 1
    assert ru.counts["untranslated"].entries == 2
    assert ru.counts["reviewed"].words == word_count("Letters") + word_count(NOTE)
    assert main(["locales", "status", "--locales", str(locales), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    for key in ("entries", "words"):
        for item in [*report["catalogs"], report["total"]]:
            assert item["total"][key] == sum(item[s][key] for s in ("reviewed", "fuzzy", "untranslated"))
        for state in ("reviewed", "fuzzy", "untranslated", "total"):
            assert report["total"][state][key] == sum(c[state][key] for c in report["catalogs"])
    assert report["total"]["total"]["entries"] == 10
    assert main(["locales", "status", "--locales", str(locales)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["article", "lang", "reviewed", "fuzzy", "untranslated", "total"]
    assert table[-1].split()[:3] == ["total", "2", f"({ru.counts['reviewed'].words}"]
    rows, _ = status_table(statuses.values())
    assert len(rows) == 2 + len(statuses)


def test_status_and_check_refuse_a_malformed_catalog(
    catalogs: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, locales = catalogs
    path = catalog_path(locales, "ru", ARTICLE)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "x\n', encoding="utf-8")
    assert main(["locales", "status", "--locales", str(locales)]) == 2
    assert f"{path}:" in capsys.readouterr().err
    assert main(["locales", "check", "--locales", str(locales)]) == 2


def test_quoting_styles_and_the_armenian_full_stop_are_not_problems() -> None:
    quoted = PoEntry(
        msgid='"The marks keep climbing," she says.', msgstr="«Отметки всё выше», — говорит она."
    )
    assert check_entry(quoted, "ru") == []
    armenian = PoEntry(msgid="Թերթերը վերադառնում են։", msgstr="Газеты возвращаются.")
    assert check_entry(armenian, "ru", source_lang="hy") == []
    assert [name for name, _ in check_entry(armenian, "ru", source_lang="hy") if name == "endpunc"] == []
    unfinished = PoEntry(msgid="Թերթերը վերադառնում են։", msgstr="Газеты возвращаются")
    assert [name for name, _ in check_entry(unfinished, "ru", source_lang="hy")] == ["endpunc"]
