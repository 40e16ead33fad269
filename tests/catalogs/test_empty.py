"""An empty translation is never a translation: not from the memory, not from a catalog.

A memory unit with an empty target stored as reviewed (a TMX unit with an empty ``<seg>``),
or a reviewed catalog entry whose ``msgstr`` is only white space, would publish an edition
without that sentence, marked reviewed. The sentence is treated as untranslated instead, and
``locales check`` flags the blank entry.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_helpers import msgfmt_check

import archivepub
from archivepub import TranslateOptions
from archivepub.build import BuildOptions, build_archive
from archivepub.catalogs import (
    UpdateOptions,
    catalog_path,
    feed_memory,
    read_catalog,
    render_po,
    update_catalogs,
)
from archivepub.catalogs.status import load_statuses
from archivepub.cli import main
from archivepub.model import Metadata, Paragraph, Text, make_document
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.memory import TranslationMemory

ARTICLE = "ledgers"
FIRST = "The ledgers were copied in 1931."
SECOND = "Each page was photographed twice."


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


def _edition(dist: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((dist / ARTICLE / "ru" / f"{ARTICLE}.ru.json").read_text("utf-8"))
    return data


def _paragraphs(edition: dict[str, object]) -> list[tuple[str, str]]:
    """(text, origin) of each paragraph of an edition in JSON form."""
    blocks = edition["blocks"]
    assert isinstance(blocks, list)
    return [(b["content"][0]["text"], b["provenance"][0]["origin"]) for b in blocks]


def test_an_empty_reviewed_memory_unit_is_never_a_translation(archive: Path, tmp_path: Path) -> None:
    memory_path = tmp_path / "tm.sqlite"
    memory = TranslationMemory(memory_path)
    # what `tm import` of a TMX unit with an empty target stored: reviewed, empty
    memory.store("en", "ru", [(FIRST, ""), (SECOND, " ")], origin="reviewed")
    memory.store("en", "ru", [("Ledgers", "Книги")], origin="reviewed")
    assert set(memory.lookup("en", "ru", [FIRST, SECOND, "Ledgers"])) == {"Ledgers"}
    # translation: the sentence is untranslated (its source kept), not published empty
    doc = archivepub.read(archive / ARTICLE / "article.json")
    out = archivepub.translate(
        doc,
        "ru",
        translator=FakeTranslator(pairs=[]),
        memory=memory,
        options=TranslateOptions(keep_untranslated=True),
    )
    first = out.blocks[0]
    assert isinstance(first, Paragraph)
    assert (first.content[0].text, first.provenance[0].origin) == (FIRST, "untranslated")  # type: ignore[union-attr]
    # locales update does not pre-fill it as a suggestion
    [update] = update_catalogs(
        archive, tmp_path / "locales", ["ru"], UpdateOptions(memory=memory, machine=False)
    )
    assert update.from_memory == 1  # the title only
    po = read_catalog(update.path)
    assert {e.msgid: e.msgstr for e in po.active()} == {"Ledgers": "Книги", FIRST: "", SECOND: ""}
    memory.close()
    # a partial build publishes both sentences, untranslated, never an empty "reviewed" one
    dist = tmp_path / "dist"
    options = BuildOptions(jobs=1, languages=("ru",), formats=("json",), memory=memory_path, partial=True)
    build_archive(archive, dist, options)
    assert _paragraphs(_edition(dist)) == [(FIRST, "untranslated"), (SECOND, "untranslated")]


def test_a_blank_reviewed_catalog_entry_is_flagged_and_never_published(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locales = tmp_path / "locales"
    [update] = update_catalogs(archive, locales, ["ru"], UpdateOptions(machine=False))
    path = update.path
    po = read_catalog(path)
    for entry in po.entries:
        entry.msgstr = {"Ledgers": "Книги", FIRST: "   ", SECOND: "Каждую страницу сфотографировали дважды."}[
            entry.msgid
        ]
    path.write_bytes(render_po(po))
    msgfmt_check(path)  # valid gettext: for msgfmt, "   " is a translation
    line = next(e.msgstr_line for e in read_catalog(path).entries if e.msgid == FIRST)
    # locales check: an error with the file and line
    assert main(["locales", "check", "--locales", str(locales)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:{line}: [blank] error: p1.1: the translation is only white space" in out
    # locales status: untranslated, not reviewed
    [status] = load_statuses(locales)
    assert (status.counts["reviewed"].entries, status.counts["untranslated"].entries) == (2, 1)
    # the memory is not fed with it
    memory = TranslationMemory(":memory:")
    assert feed_memory(memory, locales, ARTICLE, "en", "ru") == 2
    assert FIRST not in memory.lookup("en", "ru", [FIRST])
    # the build keeps the source sentence rather than publishing a blank one as reviewed
    dist, before = tmp_path / "dist", path.read_bytes()
    withheld = build_archive(
        archive, dist, BuildOptions(jobs=1, languages=("ru",), formats=("json",), locales=locales)
    )
    assert withheld.articles[0].withheld == ["ru"]  # not published as a translation at all
    options = BuildOptions(jobs=1, languages=("ru",), formats=("json",), locales=locales, partial=True)
    build_archive(archive, dist, options)
    assert _paragraphs(_edition(dist)) == [
        (FIRST, "untranslated"),
        ("Каждую страницу сфотографировали дважды.", "reviewed"),
    ]
    assert catalog_path(locales, "ru", ARTICLE).read_bytes() == before
