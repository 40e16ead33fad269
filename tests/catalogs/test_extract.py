"""Catalog entries line up with what translation cuts, stores and records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from catalog_helpers import ARCHIVE

import archivepub
from archivepub.catalogs import archive_articles, extract_segments
from archivepub.transforms.backends import FakeTranslator
from archivepub.transforms.memory import TranslationMemory


@pytest.mark.parametrize("article", [a for a, _ in archive_articles(ARCHIVE)])
def test_segments_are_the_memory_keys_and_provenance_of_a_translation(article: str) -> None:
    doc = archivepub.read(next((ARCHIVE / article).glob("article.*")))
    segments = extract_segments(doc)
    ids = [s.id for s in segments]
    assert len(ids) == len(set(ids))
    memory = TranslationMemory(":memory:")
    target = "hy" if doc.metadata.language != "hy" else "ru"
    out = archivepub.translate(
        doc, target, translator=FakeTranslator(lambda s, a, b: f"[{s}]"), memory=memory
    )
    stored = {e.source for e in memory.entries()}
    worded = {s.text for s in segments if re.search(r"[^\W\d_]", re.sub(r"<[^<>]*>", "", s.text))}
    assert worded
    assert worded <= stored
    # one provenance entry per segment of each block, in the same order
    per_block: dict[str, int] = {}
    for s in segments:
        per_block[s.block] = per_block.get(s.block, 0) + 1
    for block in out.all_blocks():
        provenance = getattr(block, "provenance", ())
        assert len(provenance) == per_block.get(block.id, 0), block.id


def test_ids_name_title_subtitle_caption_alt_and_footnote_paragraphs() -> None:
    doc = archivepub.read(ARCHIVE / "coastal-archives" / "article.html")
    ids = [s.id for s in extract_segments(doc)]
    assert ids[:2] == ["title.1", "subtitle.1"]
    assert "fig1.1" in ids
    assert "fig1.alt.1" in ids
    assert "fn1-p1.1" in ids
    assert ids.index("fig1.alt.1") == ids.index("fig1.1") + 1


def test_tags_and_comments_tell_the_translator_what_they_stand_for(tmp_path: Path) -> None:
    doc = archivepub.read(ARCHIVE / "coastal-archives" / "article.html")
    seg = next(s for s in extract_segments(doc) if "<a1>" in s.text and "<note1/>" in s.text)
    assert any(c.startswith("<a1> links to https://") for c in seg.comments)
    assert any(c.startswith("<note1/> is the mark of footnote") for c in seg.comments)
