"""The documentation stays true: its JSON examples parse, its links between pages resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archivepub.model import Document

ROOT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
_FENCE = re.compile(r"```json\n(.*?)```", re.S)


def _documents(page: Path) -> list[str]:
    return [block for block in _FENCE.findall(page.read_text(encoding="utf-8")) if '"schema"' in block]


def test_model_page_has_complete_examples() -> None:
    assert len(_documents(ROOT / "docs" / "model.md")) >= 2


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_json_examples_are_valid_documents(page: Path) -> None:
    for text in _documents(page):
        doc = Document.from_json(text)
        assert doc.to_dict() == json.loads(text)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_relative_links_resolve(page: Path) -> None:
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        assert (page.parent / target).exists(), f"{page.name} links to {target}, which does not exist"
