"""``locales update``: catalogs made from the archive, merged without losing a translator's work."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_helpers import LOCALES, ROOT, copy_archive, msgfmt_check

from archivepub.catalogs import catalog_path, read_catalog, update_catalogs
from archivepub.cli import main
from archivepub.i18n import LOCALE_DIR


def test_update_creates_one_catalog_per_article_and_target_language(
    tmp_path: Path, packages_dir: Path
) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    updates = update_catalogs(archive, locales, ["ru", "hy", "az"])
    made = sorted(p.relative_to(locales).as_posix() for p in locales.rglob("*.po"))
    # five articles, three languages, minus each article's own language
    assert len(made) == 5 * 3 - 3
    assert "ru/LC_MESSAGES/glass-negatives.po" not in made
    assert "hy/LC_MESSAGES/gyumri-newspapers.po" not in made
    assert "az/LC_MESSAGES/molla-nasreddin.po" not in made
    assert all(u.created and u.written for u in updates)
    for path in locales.rglob("*.po"):
        msgfmt_check(path)
    po = read_catalog(catalog_path(locales, "az", "coastal-archives"))
    assert po.header("Language") == "az"
    assert po.header("Content-Type") == "text/plain; charset=UTF-8"
    assert po.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    assert po.header("X-Source-Language") == "en"
    first = next(po.active())
    assert (first.msgctxt, first.locations) == ("title.1", ["coastal-archives:title"])


def test_a_second_update_of_unchanged_sources_writes_nothing(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    update_catalogs(archive, locales, ["hy"])
    before = {p: p.read_bytes() for p in locales.rglob("*.po")}
    again = update_catalogs(archive, locales, ["hy"])
    assert not any(u.written for u in again)
    assert {p: p.read_bytes() for p in locales.rglob("*.po")} == before


def test_cli_update(tmp_path: Path, capsys: pytest.CaptureFixture[str], packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "loc"
    code = main(
        ["locales", "update", str(archive), "--langs", "ru", "--locales", str(locales), "--no-memory"]
    )
    assert code == 0
    err = capsys.readouterr().err
    assert "created" in err
    assert "entries left empty: no translation model for en -> ru" in err
    assert catalog_path(locales, "ru", "three-alphabets").is_file()


SHIPPED = [*sorted(LOCALES.rglob("*.po")), *sorted(LOCALE_DIR.rglob("*.po")), LOCALE_DIR / "archivepub.pot"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_shipped_catalog_passes_msgfmt_check(path: Path) -> None:
    msgfmt_check(path)
    read_catalog(path)
