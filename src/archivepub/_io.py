"""File input and output in one place: atomic writes (temp file + rename) and safe reads."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from archivepub.errors import ReadError, WriteError

__all__ = ["atomic_write", "read_bytes"]


#: The largest file :func:`read_bytes` reads (an article, a catalog, a TMX file).
MAX_READ_BYTES = 512 * 1024 * 1024


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_READ_BYTES) -> bytes:
    """Return the bytes of ``path``, or raise :class:`ReadError` naming it.

    Only regular files are read (a device such as ``/dev/zero`` or a named pipe is refused
    before it is opened), and at most ``limit`` bytes: a longer file is refused.
    """
    try:
        with open(path, "rb", opener=_open_regular) as handle:
            # read(n) allocates n bytes before it reads: ask for the file's size (plus one byte,
            # to see a file that grew meanwhile), not for the limit (half a gigabyte reserved
            # for every small file, which fails where the system does not overcommit memory)
            size = min(os.fstat(handle.fileno()).st_size, limit)
            data = handle.read(size + 1)
            if len(data) > size and len(data) <= limit:
                data += handle.read(limit + 1 - len(data))
    except IsADirectoryError as exc:
        raise ReadError("is a directory, not a file", source=path) from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file", source=path) from exc
    except _NotRegularError as exc:
        raise ReadError(
            "not a regular file (a device, a pipe or a socket): save the content to a file first", source=path
        ) from exc
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}", source=path) from exc
    if len(data) > limit:
        raise ReadError(f"larger than {limit // (1024 * 1024)} MB: refused", source=path)
    return data


class _NotRegularError(OSError):
    """The path names something other than a regular file."""


def _open_regular(path: str, flags: int) -> int:
    # O_NONBLOCK: opening a FIFO for reading must not wait for a writer before it can be refused
    fd = os.open(path, flags | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", path)
        if not stat.S_ISREG(mode):
            raise _NotRegularError(path)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


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
