"""Read the archival JSON form back into a :class:`~archivepub.model.Document`."""

from __future__ import annotations

from archivepub.errors import ReadError
from archivepub.model import Document

__all__ = ["read_json"]


def read_json(data: bytes, *, url: str | None = None, name: str = "<bytes>") -> Document:
    """Read a document from its archival JSON form (``url`` is ignored: the JSON has its own).

    >>> from archivepub.model import Metadata
    >>> read_json(Document(metadata=Metadata(title="T"), blocks=()).to_json().encode()).metadata.title
    'T'
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(f"JSON is not UTF-8 (byte {exc.start})", source=name) from exc
    try:
        return Document.from_json(text)
    except ReadError as exc:
        raise type(exc)(exc.message, source=name, line=exc.line) from exc
