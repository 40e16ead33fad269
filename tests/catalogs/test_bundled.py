"""The bundled catalogs: complete, reviewed, what translation uses, and safe under update."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from catalog_helpers import ARCHIVE, LOCALES, copy_archive, msgfmt_check

import archivepub
from archivepub import TranslateOptions
from archivepub.catalogs import archive_articles, catalog_path, feed_memory, read_catalog, update_catalogs
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.memory import TranslationMemory
from archivepub.transforms.translate import model_code

ARTICLES = archive_articles(ARCHIVE)
JOBS = [
    (article, source, lang)
    for article, source in ARTICLES
    for lang in ("ru", "hy", "az")
    if model_code(archivepub.read(source).metadata.language) != lang
]


@pytest.mark.parametrize(("article", "source", "lang"), JOBS, ids=[f"{a}-{lang}" for a, _, lang in JOBS])
def test_the_bundled_catalog_translates_the_article_with_reviewed_text_only(
    article: str, source: Path, lang: str, packages_dir: Path
) -> None:
    path = catalog_path(LOCALES, lang, article)
    assert path.is_file(), f"{path} is missing"
    doc = archivepub.read(source)
    memory = TranslationMemory(":memory:")
    feed_memory(memory, LOCALES, article, doc.metadata.language, lang)
    no_model = FakeTranslator(pairs=[])
    out = archivepub.translate(
        doc, lang, translator=no_model, memory=memory, options=TranslateOptions(keep_untranslated=True)
    )
    origins = [p.origin for b in out.all_blocks() for p in getattr(b, "provenance", ())]
    assert origins
    assert set(origins) == {"reviewed"}, f"{path}: {origins.count('untranslated')} segments not reviewed"
    assert out.metadata.title != doc.metadata.title


def test_update_keeps_every_bundled_translation_through_edits(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    before = {p: {e.msgstr for e in read_catalog(p).entries if e.msgstr} for p in locales.rglob("*.po")}
    # unchanged sources: nothing is rewritten, however the translators' editors wrapped lines
    assert not any(u.written for u in update_catalogs(archive, locales))
    # a sentence of the English article is edited
    html = archive / "coastal-archives" / "article.html"
    html.write_text(
        html.read_text(encoding="utf-8").replace("twice a winter", "three times a winter"), "utf-8"
    )
    updates = update_catalogs(archive, locales)
    assert sum(u.changed for u in updates) == 3  # the sentence, in ru, hy and az
    assert sum(u.obsoleted for u in updates) == 0
    after = {p: {e.msgstr for e in read_catalog(p).entries if e.msgstr} for p in locales.rglob("*.po")}
    assert after == before
    for lang in ("ru", "hy", "az"):
        path = catalog_path(locales, lang, "coastal-archives")
        msgfmt_check(path)
        [changed] = [e for e in read_catalog(path).active() if e.fuzzy]
        assert changed.previous_msgid is not None
        assert "twice a winter" in changed.previous_msgid
        assert "three times a winter" in changed.msgid


def test_a_catalog_rewrapped_by_gettext_tools_is_not_rewritten(tmp_path: Path, packages_dir: Path) -> None:
    archive = copy_archive(tmp_path)
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales)
    path = catalog_path(locales, "ru", "three-alphabets")
    subprocess.run(["msgcat", "--width=40", "-o", str(path), str(path)], check=True)
    rewrapped = path.read_bytes()
    [update] = update_catalogs(archive, locales, ["ru"], articles=["three-alphabets"])
    assert not update.written
    assert path.read_bytes() == rewrapped
