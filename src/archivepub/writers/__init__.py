"""Writers: turn a Document into an output format (TEI P5 text; more formats register here).

``WRITERS`` maps a format name to a :class:`Writer` record: the function that renders a
document, whether it gives text or bytes, and the usual file suffix. :func:`write` renders and
writes atomically to a path, or to a binary file object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from archivepub._io import atomic_write
from archivepub.errors import UnknownFormatError, WriteError
from archivepub.model import Document
from archivepub.writers.tei import TeiOptions
from archivepub.writers.tei import write_tei as render_tei

__all__ = ["WRITERS", "TeiOptions", "Writer", "write", "write_tei"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Writer:
    """A writer in the :data:`WRITERS` table.

    ``render`` takes the document (and ``None`` or the format's options object) and returns
    text (``kind == "text"``, written as UTF-8) or bytes (``kind == "bytes"``).
    """

    name: str
    kind: str
    suffix: str
    description: str
    render: Callable[[Document, object | None], str | bytes]


def _render_tei(doc: Document, options: object | None) -> str:
    if options is None:
        return render_tei(doc)
    if not isinstance(options, TeiOptions):
        raise TypeError(f"TEI options must be TeiOptions, not {type(options).__name__}")
    return render_tei(doc, options)


#: Format name -> writer.
WRITERS: dict[str, Writer] = {
    "tei": Writer(name="tei", kind="text", suffix=".tei.xml", description="TEI P5 XML", render=_render_tei),
}


def _output(data: bytes, destination: str | os.PathLike[str] | BinaryIO) -> None:
    if isinstance(destination, str | os.PathLike):
        atomic_write(destination, data)
        return
    try:
        destination.write(data)
    except OSError as exc:
        name = getattr(destination, "name", "<file>")
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=str(name)) from exc


def write(
    doc: Document,
    destination: str | os.PathLike[str] | BinaryIO,
    *,
    format: str,
    options: object | None = None,
) -> None:
    """Render ``doc`` in ``format`` and write it to a path (atomically) or a binary file.

    :param doc: the document.
    :param destination: a path (written atomically: the old file or the new, never half) or
        a file object opened for writing bytes.
    :param format: a key of :data:`WRITERS`, e.g. ``"tei"``.
    :param options: the format's options (e.g. :class:`TeiOptions`), or ``None`` for defaults.
    :raises UnknownFormatError: for a format no writer handles.
    :raises WriteError: when the output cannot be written (nothing partial is left).
    """
    writer = WRITERS.get(format)
    if writer is None:
        known = ", ".join(sorted(WRITERS))
        raise UnknownFormatError(f"unknown output format {format!r} (known: {known})")
    result = writer.render(doc, options)
    _output(result.encode("utf-8") if isinstance(result, str) else result, destination)


def write_tei(
    doc: Document,
    destination: str | os.PathLike[str] | BinaryIO,
    options: TeiOptions | None = None,
) -> None:
    """Write ``doc`` as TEI P5 (UTF-8) to a path, atomically, or to a binary file object.

    >>> import io
    >>> from archivepub.model import Metadata, make_document
    >>> out = io.BytesIO()
    >>> write_tei(make_document(Metadata(title="T"), []), out)
    >>> out.getvalue().startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    True

    :param doc: the document.
    :param destination: a path or a binary file object.
    :param options: see :class:`TeiOptions` (default: ``TeiOptions()``).
    :raises WriteError: when the document holds text XML cannot represent, or the file
        cannot be written (a path is then left as it was).
    """
    write(doc, destination, format="tei", options=options)
