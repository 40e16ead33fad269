"""Writers: turn a Document into an output format (``WRITERS`` maps a format name to its writer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archivepub.writers.epub import write_epub

__all__ = ["WRITERS"]

#: Format name -> writer. Each writer takes a Document first and returns the output's value
#: (``bytes`` for EPUB).
WRITERS: dict[str, Callable[..., Any]] = {
    "epub": write_epub,
}
