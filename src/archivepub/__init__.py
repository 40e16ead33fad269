"""archivepub: keep articles faithfully, in several languages.

Readers turn a saved web page, a scraped plain-text page or an archival JSON file into one
immutable :class:`Document`; transforms and writers take it from there.
"""

import collections.abc
import importlib
import os

from archivepub.errors import (
    ArchivepubError,
    BagError,
    CatalogError,
    ClusterError,
    DocumentError,
    ReadError,
    SchemaVersionError,
    StrictModeError,
    TranslateError,
    UnknownFormatError,
    WriteError,
)

#: ``typing`` itself is not imported at run time: it is one of the larger imports.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import typing

    from archivepub.model import Document, Metadata
    from archivepub.readers import READERS, detect_format, read
    from archivepub.transforms.translate import TranslateOptions
    from archivepub.transforms.translate import translate_document as translate
    from archivepub.writers import WRITERS, write
    from archivepub.writers import epub as _epub
    from archivepub.writers.epub import EpubOptions
    from archivepub.writers.tei import TeiOptions
del TYPE_CHECKING

#: Public name -> (module, attribute): imported on first use, so that ``import archivepub``
#: (and ``archivepub --version``) does not load lxml, ebooklib, CTranslate2 or sqlite3.
_LAZY = {
    "Document": ("archivepub.model", "Document"),
    "Metadata": ("archivepub.model", "Metadata"),
    "READERS": ("archivepub.readers", "READERS"),
    "detect_format": ("archivepub.readers", "detect_format"),
    "read": ("archivepub.readers", "read"),
    "TranslateOptions": ("archivepub.transforms.translate", "TranslateOptions"),
    "translate": ("archivepub.transforms.translate", "translate_document"),
    "WRITERS": ("archivepub.writers", "WRITERS"),
    "write": ("archivepub.writers", "write"),
    "EpubOptions": ("archivepub.writers.epub", "EpubOptions"),
    "TeiOptions": ("archivepub.writers.tei", "TeiOptions"),
}


def __getattr__(name: str) -> object:
    """Import a public name on first use (PEP 562) and keep it in the module."""
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'archivepub' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"

__all__ = [
    "READERS",
    "WRITERS",
    "ArchivepubError",
    "BagError",
    "CatalogError",
    "ClusterError",
    "Document",
    "DocumentError",
    "EpubOptions",
    "Metadata",
    "ReadError",
    "SchemaVersionError",
    "StrictModeError",
    "TeiOptions",
    "TranslateError",
    "TranslateOptions",
    "UnknownFormatError",
    "WriteError",
    "__version__",
    "detect_format",
    "read",
    "translate",
    "write",
    "write_epub",
    "write_tei",
]


def write_epub(
    doc: "Document | collections.abc.Sequence[Document]",
    path: str | os.PathLike[str],
    options: "EpubOptions | None" = None,
    *,
    report: "_epub.Report | None" = None,
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
    from archivepub.writers import epub as _epub

    try:
        data = _epub.write_epub(doc, options or _epub.EpubOptions(), report=report)
    except WriteError as exc:
        if exc.source is not None:
            raise
        raise WriteError(exc.message, source=path) from exc
    atomic_write(path, data)


def write_tei(
    doc: "Document",
    destination: "str | os.PathLike[str] | typing.BinaryIO",
    options: "TeiOptions | None" = None,
) -> None:
    """Write ``doc`` as TEI P5 (UTF-8) to a path, atomically, or to a binary file object.

    >>> import io
    >>> from archivepub.model import make_document
    >>> out = io.BytesIO()
    >>> write_tei(make_document(Metadata(title="T"), []), out)
    >>> out.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    True

    :param doc: the document.
    :param destination: a path (replaced only on success) or a binary file object.
    :param options: see :class:`~archivepub.writers.tei.TeiOptions` (default: ``TeiOptions()``).
    :raises WriteError: when the document holds text XML cannot represent, or the file
        cannot be written (a path is then left as it was).
    """
    from archivepub.writers import write

    write(doc, destination, format="tei", options=options)
