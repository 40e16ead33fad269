"""File input and output in one place: atomic writes (temp file + rename) and safe reads."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from archivepub.errors import ReadError, WriteError

__all__ = ["atomic_write", "read_bytes"]


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of ``path``, or raise :class:`ReadError` naming it."""
    try:
        return Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise ReadError("is a directory, not a file", source=path) from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file", source=path) from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", source=path) from exc


def _write_special(target: Path, mode: int, data: bytes) -> None:
    """Write to a device or a pipe in place (it is never replaced); refuse anything else."""
    if stat.S_ISDIR(mode):
        raise WriteError("is a folder: name a file to write", source=target)
    if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        raise WriteError("is not a regular file, a device or a pipe: name a file to write", source=target)
    try:
        with target.open("wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=target) from exc


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is
    renamed over ``path``. On any failure the temporary file is removed and
    :class:`WriteError` is raised; ``path`` is left as it was. A ``path`` that is a device
    (``/dev/null``, ``/dev/stdout``) or a named pipe is written to in place, never replaced; a
    folder or a socket is refused.
    """
    target = Path(path)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=path) from exc
    if mode is not None and not stat.S_ISREG(mode):
        _write_special(target, mode, data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", source=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write: {exc.strerror or exc}", source=path) from exc
        raise
