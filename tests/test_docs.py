"""The documentation stays true: its JSON examples parse, its links between pages resolve."""

from __future__ import annotations

import doctest
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


_SESSION = re.compile(r"```pycon\n(.*?)```", re.S)


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_python_sessions_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name files under archive/
    parser = doctest.DocTestParser()
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    for number, session in enumerate(_SESSION.findall(page.read_text(encoding="utf-8")), start=1):
        test = parser.get_doctest(session, {}, f"{page.name}[{number}]", str(page), 0)
        runner = doctest.DocTestRunner(optionflags=flags)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0, f"{page.name}: session {number} fails"
