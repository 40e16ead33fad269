"""Every exception archivepub raises, under one root.

::

    ArchivepubError                 anything archivepub raises on purpose
    ├── ReadError                   a source could not be read (carries source and line)
    │   ├── UnknownFormatError      the format of a source could not be detected or is unknown
    │   └── SchemaVersionError      an archival JSON file of another schema version
    ├── DocumentError               a Document would be inconsistent (duplicate id, dangling note)
    ├── WriteError                  an output could not be written
    ├── TranslateError              translation failed or no model is installed
    ├── CatalogError                a PO catalog is malformed (carries source and line)
    ├── BagError                    a BagIt package could not be made or is invalid
    ├── ClusterError                a build's cluster cannot be reached or cannot build
    └── StrictModeError             a warning was raised as an error (``--strict``)

    ArchivepubWarning               something was removed or changed to keep an input safe
    └── FallbackWarning             the HTML reader fell back to a looser reading of a page
                                    (in ``archivepub.readers.html``)

Third-party exceptions (lxml, ebooklib, babel, CTranslate2) are caught where archivepub calls
them and re-raised as one of these with ``raise ... from exc``.
"""

from __future__ import annotations

from os import PathLike

__all__ = [
    "ArchivepubError",
    "ArchivepubWarning",
    "BagError",
    "CatalogError",
    "ClusterError",
    "DocumentError",
    "ReadError",
    "SchemaVersionError",
    "StrictModeError",
    "TranslateError",
    "UnknownFormatError",
    "WriteError",
]


class ArchivepubError(Exception):
    """Root of every error archivepub raises on purpose; its message is meant for a user."""


class ArchivepubWarning(UserWarning):
    """Something in an input was removed or changed to keep it safe (an unsafe URL, a control
    character), or read in a looser way than usual (an HTML page read by a fallback); the
    command line prints it as ``archivepub: warning: ...``."""


class _LocatedError(ArchivepubError):
    """An error about a file (or bytes), with the line where it is known."""

    def __init__(
        self,
        message: str,
        *,
        source: str | PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.source = None if source is None else str(source)
        self.line = line
        super().__init__(self._format())

    def _format(self) -> str:
        if self.source is None:
            return self.message
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


class ReadError(_LocatedError):
    """A source could not be read into a Document (``source`` names it, ``line`` if known)."""


class UnknownFormatError(ReadError):
    """The format of a source could not be detected, or no reader handles the named format."""


class SchemaVersionError(ReadError):
    """An archival JSON document declares a schema version this archivepub cannot read."""


class DocumentError(ArchivepubError):
    """A Document would break an invariant: duplicate ids, or a noteref to a missing note."""


class WriteError(_LocatedError):
    """An output could not be written; nothing partial is left at the destination."""


class TranslateError(ArchivepubError):
    """Translation failed, or no model is installed for the requested language pair."""


class CatalogError(_LocatedError):
    """A gettext PO catalog is malformed or could not be updated (``line`` where known)."""


class BagError(_LocatedError):
    """A BagIt package could not be created, or does not validate."""


class ClusterError(ArchivepubError):
    """A build's Dask cluster cannot be reached, has no workers, or a worker cannot build
    (a model or a version that differs from this machine's); the message names the worker."""


class StrictModeError(ArchivepubError):
    """A warning was turned into an error because strict mode was asked for."""
