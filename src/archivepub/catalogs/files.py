"""Catalog files on disk: read them with what identifies the version read, and replace them
without losing a translator's save.

Editors save a catalog in place (truncate, then write: VS Code, nano, Emacs with
``backup-by-copying``) or by rename-and-recreate (vim's default: the old file is renamed to a
backup, a new one is written), so for a moment the file is empty, half written or absent.
:func:`replace_catalog` is the one way archivepub rewrites a catalog (``locales update``, and
any tool that saves reviewed entries): holding the locales folder's lock it reads the file,
waits while the file is being saved, merges, checks that no reviewed translation would be
lost and that the file on disk is still the version it read, and replaces it atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from archivepub._io import atomic_write
from archivepub.catalogs.po import PoEntry, PoFile, parse_po
from archivepub.errors import CatalogError

__all__ = [
    "QUIET_SECONDS",
    "SETTLE_SECONDS",
    "CatalogFile",
    "CatalogWrite",
    "locked",
    "read_catalog_file",
    "read_settled",
    "replace_catalog",
    "reviewed_translations",
]

#: How long :func:`replace_catalog` waits, in all, for a catalog being saved to settle.
SETTLE_SECONDS = 10.0
#: A catalog that changed since it was read is used once it has not changed for this long
#: (an editor writing slowly, or in several pieces, has finished).
QUIET_SECONDS = 2.0

#: Called as ``fault_hook(stage, path)`` at each step of :func:`replace_catalog`, so that a
#: test can play an editor saving at exactly that moment: ``"locked"`` (the lock is held,
#: nothing read yet), ``"read"`` (a version was read), ``"wait"`` (about to wait for the file
#: to settle), ``"merged"`` (the new text is ready, not yet checked against the disk).
fault_hook: Callable[[str, Path], None] | None = None


def _hook(stage: str, path: Path) -> None:
    if fault_hook is not None:
        fault_hook(stage, path)


@dataclass(frozen=True, slots=True)
class CatalogFile:
    """One version of a catalog file: its bytes (``None``: there was no file) and identity."""

    path: Path
    data: bytes | None
    size: int = 0
    mtime_ns: int = 0
    inode: int = 0
    device: int = 0
    digest: str = ""

    def same_version(self, other: CatalogFile) -> bool:
        """Whether ``other`` is this very version (size, mtime, inode and SHA-256 alike)."""
        mine = (self.data is None, self.size, self.mtime_ns, self.inode, self.device, self.digest)
        return mine == (
            other.data is None,
            other.size,
            other.mtime_ns,
            other.inode,
            other.device,
            other.digest,
        )

    @property
    def blank(self) -> bool:
        """Whether there is no file, or nothing but white space in it."""
        return self.data is None or not self.data.strip()


def read_catalog_file(path: Path) -> CatalogFile:
    """Read ``path`` with its identity (a file that changes while it is read is read again).

    :raises CatalogError: if the file exists but cannot be read.
    """
    for _ in range(5):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return CatalogFile(path, None)
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror or exc}", source=path) from exc
        try:
            before = os.fstat(fd)
            chunks: list[bytes] = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            after = os.fstat(fd)
        except OSError as exc:
            raise CatalogError(f"cannot read: {exc.strerror or exc}", source=path) from exc
        finally:
            os.close(fd)
        data = b"".join(chunks)
        version = CatalogFile(
            path,
            data,
            after.st_size,
            after.st_mtime_ns,
            after.st_ino,
            after.st_dev,
            hashlib.sha256(data).hexdigest(),
        )
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) and len(
            data
        ) == after.st_size:
            break
    return version


def read_settled(path: Path) -> tuple[CatalogFile, PoFile]:
    """Read and parse a catalog; one that does not parse while an editor may still be writing
    it (modified in the last :data:`QUIET_SECONDS`) is read again, for at most
    :data:`SETTLE_SECONDS`.

    :raises CatalogError: if it is malformed (and not being saved), or cannot be read.
    """
    deadline = time.monotonic() + SETTLE_SECONDS
    delay = 0.02
    while True:
        version = read_catalog_file(path)
        try:
            return version, parse_po(version.data or b"", source=str(path))
        except CatalogError:
            if not _recent(version) or time.monotonic() >= deadline:
                raise
        _hook("wait", path)
        time.sleep(delay)
        delay = min(delay * 2, 0.25)


def reviewed_translations(po: PoFile) -> Counter[tuple[str, ...]]:
    """The reviewed translations of a catalog (entries with a translation and no ``fuzzy``
    flag, obsolete ones included), each as the tuple of its forms.

    An entry whose every form is blank (white space only) holds no translation.
    """
    return Counter(_forms(e) for e in po.entries if not e.fuzzy and _has_text(_forms(e)))


def _forms(entry: PoEntry) -> tuple[str, ...]:
    return tuple(entry.msgstr_plural) if entry.msgid_plural is not None else (entry.msgstr,)


def _has_text(forms: tuple[str, ...]) -> bool:
    return any(f.strip() for f in forms)


@contextlib.contextmanager
def locked(locales: Path) -> Iterator[None]:
    """Hold an exclusive lock on the locales folder itself (one writer at a time).

    The lock is an ``flock`` on the folder's descriptor, so no lock file is left. Where
    ``fcntl`` does not exist (Windows) there is no lock; the catalog is still checked
    against the version read just before it is replaced.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        locales.mkdir(parents=True, exist_ok=True)
        fd = os.open(locales, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise CatalogError(f"cannot open the locales folder: {exc.strerror or exc}", source=locales) from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


@dataclass(slots=True)
class CatalogWrite:
    """What :func:`replace_catalog` did."""

    path: Path
    #: the file was replaced (or created)
    written: bool = False
    #: there was no file: a new one was created
    created: bool = False
    #: how many times the file was found changed after a merge, and read and merged again
    rereads: int = 0
    #: the version the last merge was made on
    base: CatalogFile | None = None


#: Given the catalog as it is on disk, return its new bytes, or ``None`` to leave it as it is.
Change = Callable[[CatalogFile], bytes | None]


def replace_catalog(
    path: Path,
    change: Change,
    *,
    locales: Path,
    first: CatalogFile | None = None,
    known: Collection[str] = (),
    replaced: Collection[tuple[str | None, str]] = (),
) -> CatalogWrite:
    """Lock, re-read, merge, check, and atomically replace one catalog: the only way archivepub
    rewrites a catalog, so that a translator's save is never lost.

    Holding the lock on ``locales`` (:func:`locked`):

    1. the file is read; while it is being saved it is waited for (at most
       :data:`SETTLE_SECONDS` in all) and read again: a version that changed since ``first``
       is used once it has not changed for :data:`QUIET_SECONDS`, and a file that is empty or
       missing while ``first`` held reviewed translations is never taken as a new catalog
       (:class:`CatalogError` if it stays so; nothing is written);
    2. ``change`` makes the new text from what is on disk now (``None``: leave it);
    3. the new text must hold every reviewed translation of the version read (except those
       of the entries in ``replaced``), else :class:`CatalogError` and nothing is written;
    4. if the file on disk is no longer the version read (size, mtime, inode or SHA-256
       differ), it is read and merged again (step 1); else it is replaced atomically (a
       missing file is created only if it is still missing, never over a file an editor has
       just made).

    :param path: the catalog.
    :param change: makes the new bytes from the version on disk (called again after a re-read).
    :param locales: the folder whose lock serialises every writer of its catalogs.
    :param first: the version the caller read earlier (an update reads, then translates for
        minutes), if any.
    :param known: reviewed translations the caller knows this catalog's sentences have (the
        translation memory's), for a catalog ``first`` did not find: an empty file is then
        not overwritten.
    :param replaced: ``(msgctxt, msgid)`` of entries whose reviewed translation ``change``
        may replace or clear (a reviewer's edit).
    :raises CatalogError: the catalog is malformed, vanished or stays empty, keeps changing, or
        would lose a reviewed translation.
    """
    result = CatalogWrite(path)
    first_reviewed = _reviewed_of(first) if first is not None else Counter()
    with locked(Path(locales)):
        _hook("locked", path)
        deadline = time.monotonic() + SETTLE_SECONDS
        delay = 0.02
        while True:
            current = read_catalog_file(path)
            _hook("read", path)
            problem, fatal = _vanished(current, first, first_reviewed, known)
            po: PoFile | None = None
            if problem is None and not current.blank:
                try:
                    po = parse_po(current.data or b"", source=str(path))
                except CatalogError as exc:
                    if not _recent(current):
                        raise
                    problem, fatal = exc, True  # half written, perhaps
            out = None
            if problem is None:
                out = change(current)
                if out is None:
                    result.base = current
                    return result  # nothing to write: nothing to wait for
                if _recent(current):
                    problem, fatal = _being_saved(path), True
            if problem is not None:
                if time.monotonic() < deadline:
                    _hook("wait", path)
                    time.sleep(delay)
                    delay = min(delay * 2, 0.25)
                    continue
                if fatal:
                    raise problem
                if out is None:
                    out = change(current)
                    if out is None:
                        result.base = current
                        return result
            assert out is not None
            result.base = current
            _check_kept(po or PoFile(), out, replaced, path)
            _hook("merged", path)
            if read_catalog_file(path).same_version(current):
                if current.data is not None:
                    atomic_write(path, out)
                    _written(path)
                    result.written = True
                    return result
                if _create(path, out):
                    _written(path)
                    result.written = result.created = True
                    return result
            # saved meanwhile: read and merge again (what the editor wrote is kept)
            result.rereads += 1
            if result.rereads > 5:
                raise CatalogError("keeps changing while it is being updated: nothing written", source=path)
            deadline = time.monotonic() + SETTLE_SECONDS


#: (device, inode, mtime) of the catalogs this process wrote: no editor is saving those
_OURS: set[tuple[int, int, int]] = set()


def _written(path: Path) -> None:
    with contextlib.suppress(OSError):
        st = path.stat()
        _OURS.add((st.st_dev, st.st_ino, st.st_mtime_ns))


def _recent(version: CatalogFile) -> bool:
    """Whether ``version`` was modified in the last :data:`QUIET_SECONDS` by someone else
    than this process (an editor may still be writing it)."""
    if version.data is None or (version.device, version.inode, version.mtime_ns) in _OURS:
        return False
    # abs(): a file server's clock may be a little ahead; a time far in the future is no save
    return abs(time.time_ns() - version.mtime_ns) < QUIET_SECONDS * 1e9


def _being_saved(path: Path) -> CatalogError:
    return CatalogError(
        f"was saved moments ago and has not been left alone for {QUIET_SECONDS:g} s since (an editor"
        " is still writing it?): nothing written; run the update again",
        source=path,
    )


def _reviewed_of(version: CatalogFile) -> Counter[tuple[str, ...]]:
    if version.blank:
        return Counter()
    assert version.data is not None
    try:
        return reviewed_translations(parse_po(version.data, source=str(version.path)))
    except CatalogError:
        return Counter()


def _vanished(
    current: CatalogFile,
    first: CatalogFile | None,
    first_reviewed: Counter[tuple[str, ...]],
    known: Collection[str],
) -> tuple[CatalogError | None, bool]:
    """Whether ``current`` is empty or missing while it should not be (an editor's save in
    progress), and whether it is an error if that lasts. ``(None, False)``: use it."""
    if not current.blank:
        return None, False
    path = current.path
    state = "missing" if current.data is None else "empty"
    if first_reviewed:
        count = sum(first_reviewed.values())
        return CatalogError(
            f"is {state}, but held {count} reviewed translations when the update read it"
            " (an editor may be saving it): nothing written; run the update again",
            source=path,
        ), True
    if current.data is not None and known:
        return CatalogError(
            f"is empty, while the translation memory holds {len(known)} reviewed translations"
            " of its sentences: not overwritten (delete the empty file to start it anew)",
            source=path,
        ), True
    if first is not None and not first.blank:
        # it had entries (none reviewed): wait for the editor's new file, else start anew
        return CatalogError(f"is {state}", source=path), False
    return None, False


def _check_kept(po: PoFile, out: bytes, replaced: Collection[tuple[str | None, str]], path: Path) -> None:
    """Refuse ``out`` if it lacks a reviewed translation ``po`` has (a merge must keep them all)."""
    skip = set(replaced)
    before = Counter(
        _forms(e) for e in po.entries if not e.fuzzy and _has_text(_forms(e)) and e.key not in skip
    )
    if not before:
        return
    new = parse_po(out, source=str(path))
    after = Counter(_forms(e) for e in new.entries if _has_text(_forms(e)))
    lost = before - after
    if lost:
        forms = next(iter(lost))
        entry = next(e for e in po.entries if _forms(e) == forms)
        raise CatalogError(
            f"the new catalog would lose {sum(lost.values())} reviewed translations (the first of"
            f" msgctxt {entry.msgctxt!r}): nothing written; please report this",
            source=path,
            line=entry.msgstr_line or None,
        )


def _create(path: Path, data: bytes) -> bool:
    """Write a new file at ``path`` atomically, only if there is still none; ``False`` if one
    appeared meanwhile (nothing is written then)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", source=path) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)  # fails if the path exists: never over an editor's new file
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    except OSError as exc:
        raise CatalogError(f"cannot write: {exc.strerror or exc}", source=path) from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
