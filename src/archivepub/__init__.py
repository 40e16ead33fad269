"""archivepub: keep articles faithfully, in several languages.

Readers turn a saved web page, a scraped plain-text page or an archival JSON file into one
immutable :class:`Document`; transforms and writers take it from there.
"""

import collections.abc
import os

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
from archivepub.writers import epub as _epub
from archivepub.writers.epub import EpubOptions

__version__ = "0.1.0"

__all__ = [
    "READERS",
    "ArchivepubError",
    "BagError",
    "CatalogError",
    "Document",
    "DocumentError",
    "EpubOptions",
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
    "write_epub",
]


def write_epub(
    doc: Document | collections.abc.Sequence[Document],
    path: str | os.PathLike[str],
    options: EpubOptions | None = None,
    *,
    report: _epub.Report | None = None,
) -> None:
    """Write ``doc`` as an EPUB 3 file at ``path``, atomically (old file or new, never half).

    :param doc: a document, or ``[original, translation]`` for a bilingual edition.
    :param path: the ``.epub`` file to write; an existing file is replaced only on success.
    :param options: see :class:`~archivepub.writers.epub.EpubOptions`: asset folder for local
        images, modification time, publisher, rights, identifier, Armenian font (default:
        ``EpubOptions()``, which packages no local image).
    :param report: called with each :class:`~archivepub.writers.epub.EpubDiagnostic`.
    :raises WriteError: naming ``path`` if the package cannot be built or written.
    """
    from archivepub._io import atomic_write

    try:
        data = _epub.write_epub(doc, options or EpubOptions(), report=report)
    except WriteError as exc:
        if exc.source is not None:
            raise
        raise WriteError(exc.message, source=path) from exc
    atomic_write(path, data)
