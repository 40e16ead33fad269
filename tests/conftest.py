"""Shared fixtures: the TEI P5 schema (tei_all.rng 4.7.0), compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from archivepub.readers.tei import compile_schema

#: ``tei_all.rng`` sits next to the repository: ``<repo>/../shared/schemas/tei_all.rng``.
TEI_ALL = Path(__file__).resolve().parents[1].parent / "shared" / "schemas" / "tei_all.rng"


class TeiSchema:
    """A compiled RelaxNG schema with an assertion helper that shows every error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # the same cache archivepub's validate_tei uses: one compilation per session
        self.relaxng = compile_schema(str(path))

    def errors(self, xml: str | bytes) -> list[str]:
        """Return the schema errors of ``xml`` (an empty list when it is valid)."""
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
        if self.relaxng.validate(tree):
            return []
        return [f"line {e.line}: {e.message}" for e in self.relaxng.error_log]

    def assert_valid(self, xml: str | bytes) -> None:
        """Fail with every schema error (and the document) unless ``xml`` is valid TEI."""
        errors = self.errors(xml)
        if errors:
            text = xml if isinstance(xml, str) else xml.decode("utf-8", "replace")
            pytest.fail("not valid against tei_all.rng:\n" + "\n".join(errors) + "\n\n" + text)


@pytest.fixture(scope="session")
def tei_schema() -> TeiSchema:
    """tei_all.rng compiled once (about 10 s); skipped only when the file is absent."""
    if not TEI_ALL.is_file():
        pytest.skip(f"TEI schema not found at {TEI_ALL} (tei_all.rng 4.7.0 from the TEI Consortium)")
    return TeiSchema(TEI_ALL)
