"""The output folder DIST: its layout, the checks before writing, the lock, atomic installs,
the pending marks that make a killed build safe, and the fault points of the kill tests."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from archivepub.build.report import MANIFEST_FORMAT
from archivepub.errors import (
    WriteError,
)

__all__ = ["FAULT_ENV", "MANIFEST_NAME"]

#: The incremental manifest, at the root of DIST.
MANIFEST_NAME = "build-manifest.json"


_ARTICLE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")


_RESERVED = {"bags"}


_TMP = ".tmp"


#: Markers of articles whose outputs are being replaced: set before, cleared once the manifest
#: that records them is saved. An article with a marker is rebuilt, whatever the manifest says.
_PENDING = "pending"  # under DIST/.tmp/


#: What DIST may hold besides article folders and bags before a manifest is written.
_OURS = frozenset({".lock", _TMP, "build-manifest.json"})


#: The lock file of earlier versions (a build now locks DIST itself); removed when met.
_LOCK = ".lock"


def _related(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are the same folder, or one is inside the other."""
    return a == b or a in b.parents or b in a.parents


def _check_dist(dist: Path, guarded: Sequence[tuple[str, Path | None]]) -> None:
    """Refuse a DIST that would write over what is not the build's own.

    DIST may not be, hold or sit inside any of ``guarded`` (the archive, the locales folder,
    the memory, the configuration); an existing DIST must be a folder, empty or holding a
    previous build (its manifest, or nothing but what a build makes at its start).
    """
    where = dist.resolve()
    for what, path in guarded:
        if path is not None and _related(where, path.resolve()):
            raise WriteError(
                f"the output folder may not be, hold or sit inside {what} ({path}): choose another -o DIST",
                source=dist,
            )
    if not dist.exists() and not dist.is_symlink():
        return
    if not dist.is_dir():
        raise WriteError("the output folder exists and is not a folder", source=dist)
    try:
        names = {entry.name for entry in dist.iterdir()}
    except OSError as exc:
        raise WriteError(f"cannot list the output folder: {exc.strerror or exc}", source=dist) from exc
    manifest = dist / MANIFEST_NAME
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_bytes())
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT:
            return
        raise WriteError(
            f"{MANIFEST_NAME} is not an archivepub build manifest: this folder is not archivepub's"
            " output; choose an empty or new -o DIST",
            source=dist,
        )
    leftover = {n for n in names if not (n in _OURS or n.startswith(f".{MANIFEST_NAME}."))}
    if leftover:
        shown = ", ".join(sorted(leftover)[:3]) + (", ..." if len(leftover) > 3 else "")
        raise WriteError(
            f"the output folder is not empty ({shown}) and holds no archivepub build"
            f" ({MANIFEST_NAME}): choose an empty or new -o DIST",
            source=dist,
        )


@contextlib.contextmanager
def _locked(dist: Path) -> Iterator[None]:
    """Hold DIST for one build: an exclusive lock on the folder itself (no lock file is left)."""
    try:
        fd = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise WriteError(f"cannot open: {exc.strerror or exc}", source=dist) from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise WriteError("another build is writing into this folder", source=dist) from exc
            raise
        with contextlib.suppress(OSError):
            (dist / _LOCK).unlink(missing_ok=True)  # the lock file of an older version
        yield
    finally:
        os.close(fd)


def _remove(path: Path, trash: Path) -> None:
    """Move ``path`` (file or folder) out of the way atomically, then delete it."""
    if not path.exists() and not path.is_symlink():
        return
    moved = trash / f"old-{uuid.uuid4().hex}"
    os.rename(path, moved)
    if moved.is_dir() and not moved.is_symlink():
        shutil.rmtree(moved)
    else:
        moved.unlink()


def _install(new: Path, final: Path, trash: Path) -> None:
    _remove(final, trash)
    final.parent.mkdir(parents=True, exist_ok=True)
    os.rename(new, final)


def _marked(pending: Path) -> list[Path]:
    try:
        return [p for p in pending.iterdir() if _ARTICLE_ID.match(p.name)]
    except OSError:
        return []


def _mark(pending: Path, article_id: str) -> None:
    """Record, durably, that ``article_id``'s outputs are about to be replaced."""
    (pending / article_id).touch()
    fd = os.open(pending, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync(folder: Path) -> None:
    """Make durable everything written so far on ``folder``'s file system (Linux's ``syncfs``,
    else ``os.sync``): the outputs a manifest is about to record.

    Workers write and rename without flushing each file; one flush before each manifest save
    makes a power cut leave either outputs the manifest records in full, or outputs the next
    build rebuilds, never a recorded article whose files the disk had not received.
    """
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise WriteError(f"cannot open: {exc.strerror or exc}", source=folder) from exc
    try:
        syncfs = _syncfs()
        if syncfs is None or syncfs(fd) != 0:
            os.sync()
    finally:
        os.close(fd)


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        function: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return function


#: Environment variable naming a step at which the build kills itself (tests of kills at every
#: step boundary): ``marked``, ``installed-editions``, ``installed-bag`` or ``saved``.
FAULT_ENV = "ARCHIVEPUB_KILL_AT"


def _fault(step: str) -> None:
    if os.environ.get(FAULT_ENV) == step:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
