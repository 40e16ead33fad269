"""The files of an article: listing (UTF-8 names only, no symbolic links) and hashing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from archivepub.errors import (
    ReadError,
)

__all__: list[str] = []  # internal to the build; archivepub.build exports its API


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> list[Path]:
    """Every regular file under ``folder``, sorted; symbolic links are not followed."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            _check_name(path)
            if path.is_file() and not path.is_symlink():
                out.append(path)
    return out


def _check_name(path: Path) -> None:
    """Refuse a file name that is not UTF-8 (it could not be recorded in a manifest or a bag)."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError as exc:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")
        raise ReadError("the file name is not UTF-8: rename the file", source=shown) from exc


def _os_message(exc: OSError, where: str) -> str:
    """One line for an operating-system error; shutil.copytree's holds a list of them."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list) and exc.args[0]:
        errors = exc.args[0]
        first = errors[0]
        src, dst, why = first if isinstance(first, tuple) and len(first) == 3 else (None, where, first)
        more = f" (and {len(errors) - 1} more files)" if len(errors) > 1 else ""
        return f"{dst or src or where}: {why}{more}"
    return f"{exc.filename or where}: {exc.strerror or exc}"
