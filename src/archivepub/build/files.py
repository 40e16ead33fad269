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
    """Every regular file under ``folder``, sorted; symbolic links are not followed.

    In ``os.walk``'s order (a folder's files by name, then each of its folders by name), and,
    like it, a folder that cannot be listed is passed over. Hidden names (a leading dot) are
    left out. Each entry's type comes from the folder listing itself, not from a ``stat`` of
    every file (the build lists every article's folder to see whether it changed).
    """
    out: list[Path] = []

    def walk(top: Path) -> None:
        try:
            with os.scandir(top) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        folders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    folders.append(top / entry.name)
                continue
            path = top / entry.name
            _check_name(path)
            try:
                regular = entry.is_file(follow_symlinks=False)
            except OSError:
                regular = False
            if regular:
                out.append(path)
        for sub in folders:
            walk(sub)

    walk(folder)
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
