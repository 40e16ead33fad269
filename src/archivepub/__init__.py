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
from archivepub.transforms.translate import TranslateOptions
from archivepub.transforms.translate import translate_document as translate

__version__ = "0.1.0"

__all__ = [
    "READERS",
    "ArchivepubError",
    "BagError",
    "CatalogError",
    "Document",
    "DocumentError",
    "Metadata",
    "ReadError",
    "SchemaVersionError",
    "StrictModeError",
    "TranslateError",
    "TranslateOptions",
    "UnknownFormatError",
    "WriteError",
    "__version__",
    "detect_format",
    "read",
    "translate",
]
