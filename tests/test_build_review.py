"""The build with translators' PO catalogs: reviewed text first, untranslated without a model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import bagit
import pytest

from archivepub.build import BuildOptions, build_archive
from archivepub.catalogs import catalog_path, parse_po, render_po
from archivepub.cli import main
from archivepub.transforms.backends import argos
from translation_samples import Models

REPO = Path(__file__).resolve().parents[1]

#: A sentence of coastal-archives' first paragraph, and a reviewer's Russian for it.
REVIEWED_CONTEXT = "p1.1"
REVIEWED_TEXT = "Подвал портовой конторы Порт-Эллери теперь затапливает примерно дважды за зиму."


def copy_archive(dest: Path) -> tuple[Path, Path]:
    """Copies of the bundled archive and of its locales folder under ``dest``."""
    shutil.copytree(REPO / "archive", dest / "archive")
    shutil.copytree(REPO / "locales", dest / "locales")
    return dest / "archive", dest / "locales"


def review(locales: Path, article_id: str, lang: str, context: str, text: str) -> None:
    """Do what a translator does in Poedit: fill in an entry and clear its fuzzy flag."""
    path = catalog_path(locales, lang, article_id)
    po = parse_po(path.read_bytes(), source=str(path))
    entry = next(e for e in po.active() if e.msgctxt == context)
    entry.msgstr = text
    entry.set_fuzzy(False)
    path.write_bytes(render_po(po))


def reviewed_entries(locales: Path, article_id: str, lang: str) -> int:
    """Reviewed entries of a catalog: the title's, the standfirst's and the body's segments."""
    path = catalog_path(locales, lang, article_id)
    if not path.is_file():
        return 0
    po = parse_po(path.read_bytes(), source=str(path))
    return sum(1 for e in po.active() if e.msgstr and not e.fuzzy)


def provenance(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(block id, origin) of every segment of a translated document in JSON form; the title's
    and the standfirst's segments come first, as ``title`` and ``subtitle``."""
    out: list[tuple[str, str]] = []
    for key in ("title", "subtitle"):
        out.extend((key, p["origin"]) for p in doc["metadata"].get(f"{key}_provenance", []))

    def walk(blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            out.extend((block["id"], p["origin"]) for p in block.get("provenance", []))
            walk(block.get("blocks", []))
            for item in block.get("items", []):
                walk(item)

    walk(doc["blocks"])
    for note in doc["footnotes"]:
        walk(note["blocks"])
    return out


def test_without_a_model_the_build_keeps_reviewed_text_and_counts_the_rest(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, locales = copy_archive(tmp_path)
    review(locales, "coastal-archives", "ru", REVIEWED_CONTEXT, REVIEWED_TEXT)
    dist = tmp_path / "dist"
    assert main(["build", str(archive), "-o", str(dist), "--jobs", "2", "--json", "-q"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["failed"] == 0
    for article in report["articles"]:
        for lang, counts in article["segments"].items():
            assert counts["machine"] == 0
            assert counts["reviewed"] == reviewed_entries(locales, article["id"], lang)
            doc = json.loads(
                (dist / article["id"] / lang / f"{article['id']}.{lang}.json").read_text("utf-8")
            )
            origins = [o for _, o in provenance(doc)]
            assert origins.count("untranslated") == counts["untranslated"]
            assert origins.count("reviewed") == counts["reviewed"]
            assert len(origins) == sum(counts.values())
    ru = json.loads((dist / "coastal-archives" / "ru" / "coastal-archives.ru.json").read_text("utf-8"))
    assert ("p1", "reviewed") in provenance(ru)
    # the reviewed title (msgctxt title.1) says so, in the edition and in the bag's record
    assert ru["metadata"]["title_provenance"] == [{"origin": "reviewed"}]
    record = json.loads((dist / "bags" / "coastal-archives" / "data" / "provenance.json").read_text("utf-8"))
    assert record["translations"]["ru"]["title"] == [
        {"origin": "reviewed", "model": None, "repairs": [], "findings": []}
    ]
    first = ru["blocks"][[b.get("id") for b in ru["blocks"]].index("p1")]
    assert first["content"][0]["text"].startswith(REVIEWED_TEXT)
    # the catalogs travel in the bag
    bag = bagit.Bag(str(dist / "bags" / "coastal-archives"))
    bag.validate()
    assert "data/locales/ru/LC_MESSAGES/coastal-archives.po" in set(bag.payload_files())
    # --strict refuses to publish untranslated text (unless everything is reviewed)
    untranslated = report["totals"]["segments"]["hy"]["untranslated"]
    code = main(["build", str(archive), "-o", str(tmp_path / "strict"), "--jobs", "1", "--strict", "-q"])
    assert code == (1 if untranslated else 0)


def test_reviewed_po_text_wins_over_the_model_and_an_edited_catalog_rebuilds(
    tmp_path: Path, models: Models, packages_dir: Path
) -> None:
    for name in ("copy-en_ru", "copy-en_hy"):
        argos.install_package(models.files[name])
    archive, locales = copy_archive(tmp_path)
    review(locales, "coastal-archives", "ru", REVIEWED_CONTEXT, "")  # not translated yet
    dist = tmp_path / "dist"
    options = BuildOptions(jobs=1, languages=("ru", "hy"), formats=("json",))
    first = build_archive(archive, dist, options)
    assert {a.id: a.status for a in first.articles}["coastal-archives"] == "built"
    ru_path = dist / "coastal-archives" / "ru" / "coastal-archives.ru.json"
    before = provenance(json.loads(ru_path.read_text("utf-8")))
    assert [o for _, o in before].count("machine") == 1  # the one entry left empty
    assert before[[b for b, _ in before].index("p1")] == ("p1", "machine")

    review(locales, "coastal-archives", "ru", REVIEWED_CONTEXT, REVIEWED_TEXT)
    second = build_archive(archive, dist, options)
    statuses = {a.id: a.status for a in second.articles}
    assert statuses.pop("coastal-archives") == "built"
    assert set(statuses.values()) == {"skipped"}
    ru = json.loads(ru_path.read_text("utf-8"))
    p1 = [o for b, o in provenance(ru) if b == "p1"]
    assert p1[0] == "reviewed"
    # the bundled catalogs are reviewed throughout: now nothing comes from the model
    assert {o for _, o in provenance(ru)} == {"reviewed"}
    block = ru["blocks"][[b.get("id") for b in ru["blocks"]].index("p1")]
    assert block["content"][0]["text"].startswith(REVIEWED_TEXT)
    counts = {a.id: a for a in second.articles}["coastal-archives"].segments["ru"]
    assert counts["reviewed"] == reviewed_entries(locales, "coastal-archives", "ru")
    record = json.loads((dist / "bags" / "coastal-archives" / "data" / "provenance.json").read_text("utf-8"))
    assert record["translations"]["ru"]["segments"]["reviewed"] == counts["reviewed"]
