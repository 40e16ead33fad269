# ruff: noqa: RUF001  (Russian text is meant)
"""What a build's editions and bags say about themselves: partial translations withheld or
marked, translators and reviews credited, numbers checked, bags an archivist can check, and
problems shown in the summary (issue 15)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import zipfile
from pathlib import Path

import bagit
import pytest
from lxml import etree

from archivepub.build import BuildOptions, build_archive
from archivepub.catalogs import catalog_path, parse_po
from archivepub.cli import main
from archivepub.model import Text
from archivepub.transforms.translate import number_forms, translate_segments
from conftest import Epubcheck, TeiSchema
from test_build_review import review

REPO = Path(__file__).resolve().parents[1]
TEI = {"t": "http://www.tei-c.org/ns/1.0"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"h": "http://www.w3.org/1999/xhtml"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Three short articles in three languages, and the number-only paragraph a model never needs.
ARTICLES = {
    "harbour-en": (
        "en",
        "The harbour in winter\n\nThe boats stayed in port all week while the storm passed.\n\n"
        "The market reopened on Monday, as the old hands had said it would.\n\n1914.\n",
    ),
    "port-fr": (
        "fr",
        "Le port en hiver\n\nLes bateaux sont restés au port toute la semaine pendant la tempête.\n\n"
        "Le marché a rouvert lundi, comme les anciens l'avaient annoncé.\n",
    ),
    "pristav-cs": (
        "cs",
        "Přístav v zimě\n\nLodě zůstaly celý týden v přístavu, zatímco přecházela bouře.\n\n"
        "Trh se znovu otevřel v pondělí, jak staří rybáři předpověděli.\n",
    ),
}


def mixed_archive(base: Path) -> Path:
    archive = base / "archive"
    for article_id, (lang, text) in ARTICLES.items():
        folder = archive / article_id
        folder.mkdir(parents=True)
        (folder / "article.txt").write_text(text, encoding="utf-8")
        (folder / "meta.toml").write_text(f'language = "{lang}"\ndate = "2024-02-03"\n', encoding="utf-8")
    return archive


def coastal_archive(base: Path, config: str = "") -> tuple[Path, Path]:
    """The bundled coastal-archives article alone, with its catalogs and ``config`` added."""
    archive = base / "archive"
    archive.mkdir()
    shutil.copytree(REPO / "archive" / "coastal-archives", archive / "coastal-archives")
    text = (REPO / "archive" / "archivepub.toml").read_text(encoding="utf-8")
    given = set(re.findall(r"^(\w+) =", config, re.M))
    kept = [line for line in text.splitlines() if line.split(" =")[0] not in given]  # config's win
    (archive / "archivepub.toml").write_text("\n".join(kept) + "\n" + config, encoding="utf-8")
    shutil.copytree(REPO / "locales", base / "locales")
    return archive, base / "locales"


def tei(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def epub_file(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        member = next(n for n in z.namelist() if n.endswith(name))
        return etree.fromstring(z.read(member))


# --- item 2: partial editions ------------------------------------------------------------------


def test_a_build_without_models_publishes_no_untranslated_edition_and_says_how_to_fix_it(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = mixed_archive(tmp_path)
    dist = tmp_path / "dist"
    assert main(["build", str(archive), "-o", str(dist), "--langs", "ru,hy", "--jobs", "1", "--json"]) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["totals"]["withheld"] == 6
    assert report["totals"]["partial"] == 0
    for article in report["articles"]:
        lang = ARTICLES[article["id"]][0]
        assert article["status"] == "built"
        assert article["withheld"] == ["ru", "hy"]
        # only the original is published: nothing in Russian or Armenian that is not
        assert {Path(e).parts[1] for e in article["editions"]} == {lang}
        assert not (dist / article["id"] / "ru").exists()
        events = json.loads((dist / "bags" / article["id"] / "data" / "provenance.json").read_text("utf-8"))
        assert events["events"][-1]["event"] == "published"
        assert events["events"][-1]["withheld"] == ["ru", "hy"]
    err = captured.err
    assert "6 translations not published (untranslated segments): harbour-en/ru, harbour-en/hy" in err
    assert "archivepub models fetch" in err
    assert "locales/" in err
    assert "--partial" in err
    assert re.search(r"; 6 warnings\n", err)


def test_partial_editions_carry_a_notice_and_the_source_language(
    tmp_path: Path,
    packages_dir: Path,
    epubcheck: Epubcheck,
    tei_schema: TeiSchema,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = mixed_archive(tmp_path)
    dist = tmp_path / "dist"
    code = main(["build", str(archive), "-o", str(dist), "--langs", "ru", "--jobs", "1", "--partial"])
    assert code == 0
    err = capsys.readouterr().err
    assert "3 partial translations published with a notice: harbour-en/ru, port-fr/ru, pristav-cs/ru" in err
    epub = dist / "port-fr" / "ru" / "port-fr.ru.epub"
    title_page = epub_file(epub, "titlepage.xhtml")
    notice = title_page.xpath("//h:p[@class='partial-notice']", namespaces=XHTML)
    assert notice
    assert notice[0].text.startswith("Неполный перевод")
    text = epub_file(epub, "text.xhtml")
    assert text.xpath("//h:body/h:p[@class='partial-notice']", namespaces=XHTML)
    paragraphs = text.xpath("//h:p[contains(@class, 'untranslated')]", namespaces=XHTML)
    assert paragraphs
    assert all(p.get("lang") == "fr" for p in paragraphs)
    # the number-only paragraph is copied, not untranslated and not machine output
    en = json.loads((dist / "harbour-en" / "ru" / "harbour-en.ru.json").read_text("utf-8"))
    origins = [p["origin"] for b in en["blocks"] for p in b.get("provenance", [])]
    assert origins[-1] == "copied"
    assert "machine" not in origins
    root = tei(dist / "port-fr" / "ru" / "port-fr.ru.tei.xml")
    assert root.xpath("//t:notesStmt/t:note[@type='partial']", namespaces=TEI)
    assert {p.get(XML_LANG) for p in root.xpath("//t:body//t:p", namespaces=TEI)} == {"fr"}
    for path in dist.rglob("*.tei.xml"):
        tei_schema.assert_valid(path.read_bytes())
    results = epubcheck.check(sorted(dist.glob("*/*/*.epub")))
    assert all(r.clean for r in results.values()), {p.name: r for p, r in results.items() if not r.clean}


# --- item 1: origins and number checks ---------------------------------------------------------


@pytest.mark.parametrize("written", ["1,400", "1400", "1 400", "1\u202f400", "1.400"])
def test_number_forms_agree_across_locales(written: str) -> None:
    assert "1400" in number_forms(written)


def test_a_reviewed_1400_is_neither_a_repair_nor_a_finding_and_a_wrong_number_is_a_finding(
    tmp_path: Path, packages_dir: Path, tei_schema: TeiSchema
) -> None:
    archive, locales = coastal_archive(tmp_path)
    dist = tmp_path / "dist"
    options = BuildOptions(languages=("ru",), formats=("json", "tei"), jobs=1)
    assert build_archive(archive, dist, options).exit_code == 0
    ru = json.loads((dist / "coastal-archives" / "ru" / "coastal-archives.ru.json").read_text("utf-8"))
    texts = {
        b["id"]: "".join(c.get("text", "") for c in b["content"]) for b in ru["blocks"] if "content" in b
    }
    block = next(i for i, t in texts.items() if "1400" in t)  # the translator wrote 1400 for 1,400
    entries = next(b for b in ru["blocks"] if b["id"] == block)["provenance"]
    assert all(e == {"origin": "reviewed"} for e in entries)
    record = json.loads((dist / "bags" / "coastal-archives" / "data" / "provenance.json").read_text("utf-8"))
    assert all(not s["repairs"] for b in record["translations"]["ru"]["blocks"] for s in b["segments"])

    path = catalog_path(locales, "ru", "coastal-archives")
    entry = next(e for e in parse_po(path.read_bytes()).active() if "roughly 1,400" in e.msgid)
    assert "1400" in entry.msgstr
    wrong = entry.msgstr.replace("1400", "1500")  # the same reviewed text with a wrong number
    review(locales, "coastal-archives", "ru", entry.msgctxt or "", wrong)
    assert build_archive(archive, dist, options).exit_code == 0
    ru = json.loads((dist / "coastal-archives" / "ru" / "coastal-archives.ru.json").read_text("utf-8"))
    entries = next(b for b in ru["blocks"] if b["id"] == block)["provenance"]
    flagged = [e for e in entries if "findings" in e]
    assert flagged == [{"origin": "reviewed", "findings": ["number 1,400 not found in the translation"]}]
    assert not any("repairs" in e for e in entries)
    xml = (dist / "coastal-archives" / "ru" / "coastal-archives.ru.tei.xml").read_bytes()
    tei_schema.assert_valid(xml)
    root = etree.fromstring(xml)
    assert [d.text for d in root.xpath("//t:interp/t:desc[@type='finding']", namespaces=TEI)] == [
        "number 1,400 not found in the translation"
    ]
    assert not root.xpath("//t:interp/t:desc[@type='repair']", namespaces=TEI)


def test_a_number_machine_output_drops_is_a_repair_note_and_a_regrouped_one_is_none() -> None:
    from archivepub.transforms.backends import FakeTranslator

    pieces = [(Text("We counted 1,400 boats."),)]
    regrouped = FakeTranslator(lambda s, a, b: s.replace("1,400", "1\u00a0400"))
    out = translate_segments(pieces, "en", "ru", translator=regrouped)
    assert (out[0].origin, out[0].repairs, out[0].findings) == ("machine", (), ())
    dropped = FakeTranslator(lambda s, a, b: s.replace("1,400", "many"))
    out = translate_segments(pieces, "en", "ru", translator=dropped)
    assert out[0].repairs == ("number 1,400 not found in the translation",)
    assert out[0].findings == ()


# --- item 3: translated editions say so --------------------------------------------------------

CONFIG = """
contact_name = "Ada Archivist"
contact_email = "ada@archive.example"
bag_group = "coastal-collection"
translators = { ru = ["Anna Petrova"] }
"""


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """coastal-archives built into Russian (reviewed throughout), bilingual, with a contact and
    a translator in archivepub.toml and SOURCE_DATE_EPOCH set."""
    base = tmp_path_factory.mktemp("credited")
    archive, _ = coastal_archive(base, CONFIG)
    dist = base / "dist"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
        patch.setenv("ARGOS_PACKAGES_DIR", str(base / "packages"))
        report = build_archive(archive, dist, BuildOptions(languages=("ru",), bilingual=True, jobs=1))
    assert report.exit_code == 0
    assert report.articles[0].withheld == []
    return dist


def test_a_translated_epub_names_its_original_translators_and_review(
    credited: Path, epubcheck: Epubcheck
) -> None:
    folder = credited / "coastal-archives" / "ru"
    for name in ("coastal-archives.ru.epub", "coastal-archives.en-ru.epub"):
        opf = epub_file(folder / name, ".opf")
        contributors = opf.xpath("//dc:contributor", namespaces=OPF)
        assert [c.text for c in contributors] == ["Anna Petrova"]
        role = opf.xpath(f"//opf:meta[@refines='#{contributors[0].get('id')}']", namespaces=OPF)
        assert [(m.get("property"), m.text) for m in role] == [("role", "trl")]
        titles = opf.xpath("//dc:title", namespaces=OPF)
        assert titles[1].text == "The harbour remembers: saving a century of coastal records"
        assert titles[1].get(XML_LANG) == "en"
        assert [s.text for s in opf.xpath("//dc:source", namespaces=OPF)] == [
            "https://www.tidewater-review.example/culture/2024/06/coastal-archives"
        ]
    page = epub_file(folder / "coastal-archives.ru.epub", "titlepage.xhtml")
    said = "\n".join("".join(p.itertext()) for p in page.xpath("//h:p", namespaces=XHTML))
    assert "Переведено с: английский, The harbour remembers" in said
    assert "Перевод: Anna Petrova" in said
    assert page.xpath("//h:p[@class='reviewed']/h:time/@datetime", namespaces=XHTML) == ["2026-11-25"]
    assert not page.xpath("//h:p[@class='machine-translation']", namespaces=XHTML)
    results = epubcheck.check(sorted(folder.glob("*.epub")))
    assert all(r.clean for r in results.values())


def test_a_translated_tei_header_says_who_translated_and_when(credited: Path, tei_schema: TeiSchema) -> None:
    xml = (credited / "coastal-archives" / "ru" / "coastal-archives.ru.tei.xml").read_bytes()
    tei_schema.assert_valid(xml)
    root = etree.fromstring(xml)
    stmt = root.xpath("//t:titleStmt/t:respStmt", namespaces=TEI)
    assert [s.findtext("t:persName", namespaces=TEI) for s in stmt] == ["Anna Petrova"]
    person = stmt[0].get("{http://www.w3.org/XML/1998/namespace}id")
    changes = root.xpath("//t:revisionDesc/t:change", namespaces=TEI)
    assert [(c.get("type"), c.get("when"), c.get("who")) for c in changes] == [
        ("read", "2023-11-14", None),
        ("translated", "2023-11-14", None),
        ("reviewed", "2026-11-25", f"#{person}"),
    ]
    # every reviewed segment points at the translator
    assert set(root.xpath("//t:body//t:p/@resp", namespaces=TEI)) == {f"#{person}"}
    original = root.xpath("//t:sourceDesc/t:bibl[@type='original']/t:title", namespaces=TEI)[0]
    assert (original.text, original.get(XML_LANG)) == (
        "The harbour remembers: saving a century of coastal records",
        "en",
    )


# --- item 4: bags ------------------------------------------------------------------------------


def test_a_bag_is_bagit_1_0_with_the_archives_contact_and_its_history(credited: Path) -> None:
    bag_dir = credited / "bags" / "coastal-archives"
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert bag.version_info == (1, 0)
    info = dict(line.split(": ", 1) for line in (bag_dir / "bag-info.txt").read_text("utf-8").splitlines())
    assert info["Bagging-Date"] == "2023-11-14"  # SOURCE_DATE_EPOCH's
    assert info["Contact-Name"] == "Ada Archivist"
    assert info["Contact-Email"] == "ada@archive.example"
    assert info["Bag-Group-Identifier"] == "coastal-collection"
    assert info["Source-URL"] == "https://www.tidewater-review.example/culture/2024/06/coastal-archives"
    assert info["Source-Date"] == "2024-06-09"
    for name in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        paths = [line.split(None, 1)[1] for line in (bag_dir / name).read_text("utf-8").splitlines()]
        assert paths == sorted(paths)
    record = json.loads((bag_dir / "data" / "provenance.json").read_text("utf-8"))
    events = record["events"]
    assert [e["event"] for e in events] == ["read", "reviewed", "published"]
    assert events[1]["agent"] == ["Anna Petrova"]
    assert events[1]["date"] == "2026-11-25"
    assert events[1]["segments"] == record["translations"]["ru"]["segments"]["reviewed"]
    assert "coastal-archives/ru/coastal-archives.ru.epub" in events[-1]["editions"]


def test_every_image_a_tei_or_epub_names_is_in_the_bag(credited: Path) -> None:
    data = credited / "bags" / "coastal-archives" / "data"
    checked = 0
    for path in data.glob("editions/*/*.tei.xml"):
        for url in tei(path).xpath("//t:graphic/@url", namespaces=TEI):
            assert (path.parent / url).resolve().is_file(), (path.name, url)
            assert (path.parent / url).resolve().is_relative_to(data.resolve())
            checked += 1
    for path in data.glob("editions/*/*.epub"):
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            for member in [n for n in names if n.endswith(".xhtml")]:
                for src in etree.fromstring(z.read(member)).xpath("//h:img/@src", namespaces=XHTML):
                    assert str(Path(member).parent / src) in names or src in names, (path.name, src)
                    checked += 1
    assert checked


def test_without_source_date_epoch_the_bag_is_dated_the_day_it_is_made(
    tmp_path: Path, packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    archive, _ = coastal_archive(tmp_path)
    before = datetime.datetime.now(datetime.UTC).date().isoformat()
    build_archive(archive, tmp_path / "dist", BuildOptions(languages=("ru",), formats=("json",), jobs=1))
    after = datetime.datetime.now(datetime.UTC).date().isoformat()
    bag = bagit.Bag(str(tmp_path / "dist" / "bags" / "coastal-archives"))
    assert bag.info["Bagging-Date"] in {before, after}


# --- item 5: a build shows its problems ---------------------------------------------------------


def test_a_missing_font_is_shown_and_installing_it_rebuilds(
    tmp_path: Path, packages_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from archivepub.writers.epub import FONT_PATH_ENV, armenian_font_files

    system = armenian_font_files()
    if not system:
        pytest.skip("no Noto Armenian font on this machine (Debian: fonts-noto-core)")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setenv(FONT_PATH_ENV, str(fonts))
    archive = tmp_path / "archive"
    archive.mkdir()
    shutil.copytree(REPO / "archive" / "gyumri-newspapers", archive / "gyumri-newspapers")
    dist = tmp_path / "dist"
    args = ["build", str(archive), "-o", str(dist), "--langs", "hy", "--formats", "epub", "--jobs", "1"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert re.search(r"; [1-9]\d* warnings\n", err)
    assert "gyumri-newspapers: hy: " in err
    assert "Armenian" in err

    shutil.copy(system[0], fonts / system[0].name)  # the user installs the font
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "built gyumri-newspapers" in err
    assert "; 0 warnings" in err
    with zipfile.ZipFile(dist / "gyumri-newspapers" / "hy" / "gyumri-newspapers.hy.epub") as z:
        assert any(n.endswith(".ttf") or n.endswith(".otf") for n in z.namelist())
    assert main(args) == 0  # and nothing changed since: skipped
    assert "skipped gyumri-newspapers" in capsys.readouterr().err


def test_the_summary_prints_the_first_warnings_and_all_with_verbose(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = mixed_archive(tmp_path)
    args = ["build", str(archive), "--langs", "ru,hy,az", "--jobs", "1"]
    assert main([*args, "-o", str(tmp_path / "a")]) == 0
    err = capsys.readouterr().err
    assert "9 warnings (the first 5; all with --verbose):" in err
    assert len(re.findall(r"^  \S+: (ru|hy|az): \d+ of \d+ segments left untranslated$", err, re.M)) == 5
    assert main([*args, "-o", str(tmp_path / "b"), "--verbose"]) == 0
    err = capsys.readouterr().err
    assert len(re.findall(r"^  \S+: (ru|hy|az): \d+ of \d+ segments left untranslated$", err, re.M)) == 9


def test_the_new_configuration_keys_are_checked_with_file_and_line(tmp_path: Path) -> None:
    from archivepub.build import load_config
    from archivepub.errors import ReadError

    (tmp_path / "archivepub.toml").write_text(CONFIG + "partial = true\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.translators == (("ru", ("Anna Petrova",)),)
    assert (config.contact_name, config.bag_group, config.partial) == (
        "Ada Archivist",
        "coastal-collection",
        True,
    )
    for bad, message in (
        ('partial = "yes"\n', "partial must be true or false"),
        ('translators = ["Anna"]\n', "translators must be a table of language = list of names"),
    ):
        (tmp_path / "archivepub.toml").write_text('publisher = "P"\n' + bad, encoding="utf-8")
        with pytest.raises(ReadError) as caught:
            load_config(tmp_path)
        assert message in str(caught.value)
        assert caught.value.line == 2
