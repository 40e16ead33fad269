"""What a build reports: one :class:`ArticleReport` per article, the :class:`BuildReport`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["MANIFEST_FORMAT", "ORIGINS", "ArticleReport", "BuildReport", "Progress"]

#: The format stamp of the manifest and of the report.
MANIFEST_FORMAT = "archivepub-build/1"


#: Segment origins counted in reports.
ORIGINS = ("reviewed", "memory", "machine", "copied", "untranslated")


@dataclass(slots=True, kw_only=True)
class ArticleReport:
    """What happened to one article.

    ``status`` is ``built``, ``skipped`` (unchanged since the last build) or ``failed``
    (``error`` says why). ``editions`` lists the files written, relative to DIST;
    ``segments`` counts translated segments per language and origin; ``withheld`` names the
    languages whose translation was not published (untranslated segments, partial editions not
    allowed), ``partial`` those published with untranslated segments and a notice.
    """

    id: str
    status: str
    error: str | None = None
    source_language: str | None = None
    editions: list[str] = field(default_factory=list)
    bag: str | None = None
    segments: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values."""
        return {
            "id": self.id,
            "status": self.status,
            "error": self.error,
            "source_language": self.source_language,
            "editions": list(self.editions),
            "bag": self.bag,
            "segments": {lang: dict(c) for lang, c in self.segments.items()},
            "warnings": list(self.warnings),
            "withheld": list(self.withheld),
            "partial": list(self.partial),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArticleReport:
        """Rebuild a report from :meth:`to_dict`'s output."""
        return cls(
            id=str(data["id"]),
            status=str(data["status"]),
            error=data.get("error"),
            source_language=data.get("source_language"),
            editions=list(data.get("editions", [])),
            bag=data.get("bag"),
            segments={k: dict(v) for k, v in data.get("segments", {}).items()},
            warnings=list(data.get("warnings", [])),
            withheld=list(data.get("withheld", [])),
            partial=list(data.get("partial", [])),
        )


@dataclass(slots=True, kw_only=True)
class BuildReport:
    """The outcome of a build: one :class:`ArticleReport` per article, sorted by id."""

    archive: str
    dist: str
    articles: list[ArticleReport] = field(default_factory=list)

    @property
    def failed(self) -> list[ArticleReport]:
        """The articles that failed."""
        return [a for a in self.articles if a.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0 when every article was built or skipped, 1 when any failed."""
        return 1 if self.failed else 0

    def segments(self) -> dict[str, dict[str, int]]:
        """Segments per language and origin over every article (built or skipped)."""
        total: dict[str, dict[str, int]] = {}
        for article in self.articles:
            for lang, counts in article.segments.items():
                row = total.setdefault(lang, dict.fromkeys(ORIGINS, 0))
                for origin, n in counts.items():
                    row[origin] = row.get(origin, 0) + n
        return dict(sorted(total.items()))

    def totals(self) -> dict[str, Any]:
        """Counts over every article (the ``totals`` of :meth:`to_dict`), without turning each
        article's report into JSON values."""

        def count(status: str) -> int:
            return sum(a.status == status for a in self.articles)

        return {
            "articles": len(self.articles),
            "built": count("built"),
            "skipped": count("skipped"),
            "failed": count("failed"),
            "editions": sum(len(a.editions) for a in self.articles),
            "bags": sum(a.bag is not None for a in self.articles),
            "withheld": sum(len(a.withheld) for a in self.articles),
            "partial": sum(len(a.partial) for a in self.articles),
            "warnings": sum(len(a.warnings) for a in self.articles),
            "segments": self.segments(),
        }

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON values (what ``archivepub build --json`` prints)."""
        from archivepub import __version__

        return {
            "format": MANIFEST_FORMAT,
            "archivepub": __version__,
            "archive": self.archive,
            "dist": self.dist,
            "totals": self.totals(),
            "articles": [a.to_dict() for a in self.articles],
        }


#: Called after each article with its report, the number of articles done and the total.
Progress = Callable[[ArticleReport, int, int], None]
