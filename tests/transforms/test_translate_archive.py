"""The sample archive's articles, read by the real readers and translated with copy models."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

import archivepub
from archivepub import Document, TranslateOptions
from archivepub.model import NoteRef, iter_inlines
from archivepub.model.walk import inline_content, plain_text
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options
from translation_samples import Models, install

ARCHIVE = Path(__file__).resolve().parents[2] / "archive"
ARTICLES = sorted(ARCHIVE.glob("*/article.*"))
GREEDY = TranslateOptions(engine=CTranslate2Options(beam_size=1))  # a copy model needs no beam


def _skeleton(doc: Document) -> list[tuple[str, tuple[tuple[str, str | None, str | None], ...]]]:
    return [
        (
            b.id,
            tuple(
                (type(n).__name__, getattr(n, "url", None), getattr(n, "note", None))
                for n in iter_inlines(inline_content(b))
            ),
        )
        for b in doc.all_blocks()
    ]


def test_the_archive_has_articles_with_notes() -> None:
    assert len(ARTICLES) >= 3
    docs = [archivepub.read(path) for path in ARTICLES]
    assert any(
        any(isinstance(n, NoteRef) for b in d.all_blocks() for n in iter_inlines(inline_content(b)))
        for d in docs
    )


@pytest.mark.parametrize("path", ARTICLES, ids=[p.parent.name for p in ARTICLES])
def test_archive_article_keeps_every_note_link_and_emphasis(
    path: Path, models: Models, packages_dir: Path
) -> None:
    install(
        *(models.files[f"copy-{pair}"] for pair in ("en_ru", "en_hy", "en_az", "ru_en", "hy_en", "az_en"))
    )
    doc = archivepub.read(path)
    source = doc.metadata.language.split("-")[0]
    for target in [t for t in ("ru", "hy", "az", "en") if t != source]:
        out = archivepub.translate(doc, target, options=GREEDY)
        assert _skeleton(out) == _skeleton(doc), f"{path.parent.name} -> {target}"
        assert [n.id for n in out.footnotes] == [n.id for n in doc.footnotes]
        for before, after in zip(doc.all_blocks(), out.all_blocks(), strict=True):
            # SentencePiece normalises its input with NFKC (Armenian "և" -> "եւ")
            expected = unicodedata.normalize("NFKC", plain_text(inline_content(before)))
            assert plain_text(inline_content(after)) == expected
            for entry in getattr(after, "provenance", ()):
                assert entry.repairs == ()
