"""archivepub: keep articles faithfully, in several languages.

Readers turn a saved web page, a scraped plain-text page or an archival JSON file into one
immutable :class:`Document`; transforms and writers take it from there.
"""

from archivepub.errors import (
    ArchivepubError,
    BagError,
    CatalogError,
    DocumentError,
    ReadError,
    SchemaVersionError,
    StrictModeError,
    TranslateError,
    UnknownFormatError,
    WriteError,
)
from archivepub.model import Document, Metadata
from archivepub.readers import READERS, detect_format, read
from archivepub.writers import WRITERS, TeiOptions, write, write_tei

__version__ = "0.1.0"

__all__ = [
    "READERS",
    "WRITERS",
    "ArchivepubError",
    "BagError",
    "CatalogError",
    "Document",
    "DocumentError",
    "Metadata",
    "ReadError",
    "SchemaVersionError",
    "StrictModeError",
    "TeiOptions",
    "TranslateError",
    "UnknownFormatError",
    "WriteError",
    "__version__",
    "detect_format",
    "read",
    "write",
    "write_tei",
]
