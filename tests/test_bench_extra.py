"""The ``bench`` extra gives working comparison tools (trafilatura, readability-lxml)."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "archive" / "coastal-archives" / "article.html").read_text(encoding="utf-8")


def _installed(name: str) -> bool:
    try:
        importlib.metadata.distribution(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def test_the_bench_extra_names_every_package_trafilatura_needs() -> None:
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]["bench"]
    names = {re.split(r"[<>=!~ \[]", req, maxsplit=1)[0].lower().replace("-", "_") for req in extra}
    assert {"trafilatura", "lxml_html_clean", "readability_lxml"} <= names


@pytest.mark.skipif(
    not _installed("trafilatura"), reason="the bench extra is not installed (.ci/run installs it)"
)
def test_trafilatura_imports_and_extracts() -> None:
    import trafilatura

    text = trafilatura.extract(SAMPLE)
    assert text is not None
    assert "harbour" in text


@pytest.mark.skipif(
    not _installed("readability-lxml"), reason="the bench extra is not installed (.ci/run installs it)"
)
def test_readability_imports_and_extracts() -> None:
    from readability import Document

    assert "harbour" in Document(SAMPLE).summary()
