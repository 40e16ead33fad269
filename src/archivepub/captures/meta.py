"""The capture provenance of an imported article, as ``meta.toml`` stores it, and back.

``archivepub import`` writes a ``[capture]`` table and one ``[[images]]`` table per image into
the article's ``meta.toml``; the build reads them (:func:`read_capture_meta`) and puts them
back on the document read from ``article.html`` (:func:`apply_capture_meta`): the capture's
provenance on the metadata, and on each figure the local image file and where it came from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archivepub.errors import DocumentError, ReadError
from archivepub.model import Block, CaptureInfo, Document, Figure, ImageInfo, map_blocks

__all__ = ["ImportedImage", "apply_capture_meta", "capture_toml", "read_capture_meta", "toml_string"]

_CAPTURE_KEYS = ("url", "time", "record_id", "payload_digest", "software", "file", "format")
_IMAGE_KEYS = ("src", "src_sha256", "file", "url", "media_type", "digest", "origin", "time", "record_id")


@dataclass(frozen=True, slots=True)
class ImportedImage:
    """An image stored in an article's folder: the figure ``src`` it stands for, its file, its provenance.

    A ``data:`` URL is too long to repeat, so such an image is matched by ``src_sha256``, the
    SHA-256 of the figure's ``src``.
    """

    src: str | None
    src_sha256: str | None
    file: str
    info: ImageInfo

    def matches(self, src: str) -> bool:
        """True when this image stands for a figure whose ``src`` is ``src``."""
        if self.src is not None:
            return self.src == src
        return hashlib.sha256(src.encode("utf-8")).hexdigest() == self.src_sha256


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML).

    >>> toml_string('a "quoted" \\\\ path')
    '"a \\\\"quoted\\\\" \\\\\\\\ path"'
    """
    return json.dumps(value, ensure_ascii=False)


def _line(key: str, value: str | None) -> str:
    return "" if value is None else f"{key} = {toml_string(value)}\n"


def capture_toml(capture: CaptureInfo, images: list[ImportedImage]) -> str:
    """The ``[capture]`` and ``[[images]]`` tables of ``meta.toml``."""
    out = ["\n[capture]\n"]
    out += [_line(key, getattr(capture, key)) for key in _CAPTURE_KEYS]
    for image in images:
        info = image.info
        out.append("\n[[images]]\n")
        out.append(_line("src", image.src))
        out.append(_line("src_sha256", image.src_sha256))
        out.append(_line("file", image.file))
        out += [_line(key, getattr(info, key)) for key in ("url", "media_type", "digest", "origin", "time")]
        out.append(_line("record_id", info.record_id))
    return "".join(out)


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _strings(table: object, name: str, keys: tuple[str, ...], path: Path, text: str) -> dict[str, str]:
    line = _line_of(text, "[capture]" if name == "capture" else "[[images]]")
    if not isinstance(table, dict):
        raise ReadError(f"{name} must be a table", source=path, line=line)
    for key, value in table.items():
        if key not in keys:
            raise ReadError(
                f"unknown key {key!r} in [{name}] (known: {', '.join(keys)})",
                source=path,
                line=_line_of(text, key),
            )
        if not isinstance(value, str) or not value.strip():
            raise ReadError(f"{name}.{key} must be a non-empty string", source=path, line=_line_of(text, key))
    return dict(table)


def read_capture_meta(
    data: Mapping[str, Any], path: Path, text: str
) -> tuple[CaptureInfo | None, tuple[ImportedImage, ...]]:
    """Read and check the ``[capture]`` table and the ``[[images]]`` tables of a ``meta.toml``.

    :raises ReadError: naming the file and line for an unknown key or a value of the wrong type.
    """
    capture = None
    if "capture" in data:
        values = _strings(data["capture"], "capture", _CAPTURE_KEYS, path, text)
        if "url" not in values:
            raise ReadError("[capture] needs a url", source=path, line=_line_of(text, "[capture]"))
        capture = CaptureInfo(**values)
    images: list[ImportedImage] = []
    tables = data.get("images", [])
    if not isinstance(tables, list):
        raise ReadError(
            "images must be an array of tables ([[images]])", source=path, line=_line_of(text, "images")
        )
    for table in tables:
        values = _strings(table, "images", _IMAGE_KEYS, path, text)
        missing = [k for k in ("file", "media_type", "digest") if k not in values]
        if missing or ("src" in values) == ("src_sha256" in values):
            need = ", ".join(missing) or "src or src_sha256 (one of them)"
            raise ReadError(f"[[images]] needs {need}", source=path, line=_line_of(text, "[[images]]"))
        info = ImageInfo(
            url=values.get("url"),
            media_type=values["media_type"],
            digest=values["digest"],
            origin=values.get("origin", "capture"),
            time=values.get("time"),
            record_id=values.get("record_id"),
        )
        images.append(ImportedImage(values.get("src"), values.get("src_sha256"), values["file"], info))
    return capture, tuple(images)


def apply_capture_meta(
    doc: Document, capture: CaptureInfo | None, images: tuple[ImportedImage, ...], folder: Path
) -> tuple[Document, list[str]]:
    """Put an imported article's provenance back on the document read from its folder.

    Each figure whose ``src`` an ``[[images]]`` entry stands for gets the entry's local file as
    ``src`` (when the file is there, inside ``folder``) and its provenance as ``image``.
    Returns the document and warnings (an image file missing from the folder).

    :raises ReadError: when the provenance is malformed (a bad digest or time).
    """
    warnings: list[str] = []
    base = folder.resolve()

    def visit(block: Block) -> Block:
        if not isinstance(block, Figure) or not block.src:
            return block
        image = next((i for i in images if i.matches(block.src or "")), None)
        if image is None:
            return block
        target = (base / image.file).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            warnings.append(f"{block.id}: image file {image.file} is missing from {folder}")
            return block
        return dataclasses.replace(block, src=image.file, image=image.info)

    blocks, notes, metadata = doc.blocks, doc.footnotes, doc.metadata
    if images:
        blocks = map_blocks(blocks, visit)
        notes = tuple(dataclasses.replace(n, blocks=map_blocks(n.blocks, visit)) for n in notes)
    if capture is not None:
        metadata = dataclasses.replace(metadata, capture=capture)
    try:
        return Document(metadata=metadata, blocks=blocks, footnotes=notes), warnings
    except DocumentError as exc:
        raise ReadError(f"bad capture provenance: {exc}", source=folder / "meta.toml") from exc
