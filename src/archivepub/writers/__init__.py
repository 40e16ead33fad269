"""Writers: turn a Document into an output format (``WRITERS`` maps a format name to its writer).

Each writer takes a Document first (and optionally the format's options object) and returns
the output's value: ``str`` for TEI, ``bytes`` for EPUB. :func:`write` renders with one of
them and writes the result atomically to a path, or to a binary file object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, BinaryIO

from archivepub._io import atomic_write
from archivepub.errors import UnknownFormatError, WriteError
from archivepub.model import Document
from archivepub.writers.epub import write_epub
from archivepub.writers.tei import write_tei

__all__ = ["WRITERS", "write"]

#: Format name -> writer. Each writer takes a Document first and returns the output's value
#: (``bytes`` for EPUB, ``str`` for TEI, written as UTF-8).
WRITERS: dict[str, Callable[..., Any]] = {
    "epub": write_epub,
    "tei": write_tei,
}


def write(
    doc: Document,
    destination: str | os.PathLike[str] | BinaryIO,
    *,
    format: str,
    options: object | None = None,
) -> None:
    """Render ``doc`` in ``format`` and write it to a path (atomically) or a binary file.

    >>> import io
    >>> from archivepub.model import Metadata, make_document
    >>> out = io.BytesIO()
    >>> write(make_document(Metadata(title="T"), []), out, format="tei")
    >>> out.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    True

    :param doc: the document.
    :param destination: a path (written atomically: the old file or the new, never half) or
        a file object opened for writing bytes.
    :param format: a key of :data:`WRITERS`, e.g. ``"tei"``.
    :param options: the format's options (e.g. :class:`~archivepub.writers.tei.TeiOptions`),
        or ``None`` for its defaults.
    :raises UnknownFormatError: for a format no writer handles.
    :raises WriteError: when the output cannot be rendered or written (nothing partial is
        left at a path; a path that already existed keeps its old content).
    """
    writer = WRITERS.get(format)
    if writer is None:
        known = ", ".join(sorted(WRITERS))
        raise UnknownFormatError(f"unknown output format {format!r} (known: {known})")
    result = writer(doc) if options is None else writer(doc, options)
    data = result.encode("utf-8") if isinstance(result, str) else bytes(result)
    if isinstance(destination, str | os.PathLike):
        atomic_write(destination, data)
        return
    try:
        destination.write(data)
    except OSError as exc:
        name = getattr(destination, "name", "<file>")
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=str(name)) from exc
