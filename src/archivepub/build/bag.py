"""The BagIt bag of one article: source, editions, catalogs and provenance.

The bag is written as the article is built: every payload file is streamed into
``data/`` once, and hashed (SHA-256 and SHA-512) from the very bytes written, so nothing is
copied twice or read back to be hashed. The layout is bagit.py's ``make_bag``'s, declared as
BagIt 1.0 (RFC 8493, the same layout); ``bag-info.txt`` is sorted, and the manifests and tag
manifests list their files in path order. After writing, each payload file's size
is checked against what was written (``Payload-Oxum``); the bytes are not read back: their
digests were taken from the bytes handed to the operating system, and a re-read would only
see the same bytes in the page cache. The tests validate every bag with bagit.py.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from archivepub._json import dumps_indented
from archivepub.build.files import _files, _os_message
from archivepub.catalogs import catalog_path
from archivepub.errors import BagError

__all__: list[str] = []  # internal to the build; archivepub.build exports its API

#: The checksum algorithms of every bag's manifests.
ALGORITHMS = ("sha256", "sha512")
#: Their constructors (hashlib.new looks the name up on every call).
_HASHES = (("sha256", hashlib.sha256), ("sha512", hashlib.sha512))
#: What bagit.py removes from a bag-info.txt value.
_NEWLINES = re.compile(r"\n|\r|(\r\n)")
#: Bytes read at a time when a file is streamed into the bag.
_CHUNK = 1 << 20


class _BagWriter:
    """Writes the payload of a bag under ``bag_dir/data``, hashing each file as it goes."""

    def __init__(self, bag_dir: Path) -> None:
        self.bag_dir = bag_dir
        self.data = bag_dir / "data"
        #: payload path ("data/...") -> (size, {algorithm: hex digest})
        self.entries: dict[str, tuple[int, dict[str, str]]] = {}
        #: the folders made so far (each made once, not once per file)
        self.folders: set[str] = set()
        # paths joined as text: a bag is a few dozen files, each named by joining strings
        # (a pathlib join costs about as much as writing a small file's bytes)
        self._root = os.fspath(bag_dir)
        self._data = os.path.join(self._root, "data")

    def _target(self, rel: str) -> str:
        path = os.path.join(self._data, rel)
        folder = os.path.dirname(path)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        return path

    def add(self, rel: str, data: bytes, *, also: str | os.PathLike[str] | None = None) -> None:
        """Write ``data`` as ``data/<rel>`` (and to ``also``, outside the bag)."""
        with open(self._target(rel), "wb") as handle:
            handle.write(data)
        if also is not None:
            with open(also, "wb") as handle:
                handle.write(data)
        digests = {alg: new(data).hexdigest() for alg, new in _HASHES}
        self.entries[f"data/{rel}"] = (len(data), digests)

    def copy(self, source: Path, rel: str, *, also: str | os.PathLike[str] | None = None) -> str:
        """Stream the file ``source`` into ``data/<rel>`` (and to ``also``); return its SHA-256."""
        hashers = [new() for _, new in _HASHES]
        size = 0
        with open(source, "rb") as src, open(self._target(rel), "wb") as dst:
            extra = open(also, "wb") if also is not None else None  # noqa: SIM115 (closed below)
            try:
                while chunk := src.read(_CHUNK):
                    dst.write(chunk)
                    if extra is not None:
                        extra.write(chunk)
                    for hasher in hashers:
                        hasher.update(chunk)
                    size += len(chunk)
            finally:
                if extra is not None:
                    extra.close()
        digests = {alg: h.hexdigest() for alg, h in zip(ALGORITHMS, hashers, strict=True)}
        self.entries[f"data/{rel}"] = (size, digests)
        return digests["sha256"]

    def finish(self, info: Mapping[str, str]) -> None:
        """Write the manifests, ``bagit.txt``, ``bag-info.txt`` and the tag manifests."""
        order = sorted(self.entries)  # by path, as docs/build.md says
        written: dict[str, bytes] = {}  # the tag files, for the tag manifests' digests

        def write(name: str, text: str) -> None:
            data = text.encode("utf-8")
            with open(os.path.join(self._root, name), "wb") as handle:
                handle.write(data)
            written[name] = data

        for alg in ALGORITHMS:
            lines = [f"{self.entries[p][1][alg]}  {_encode_filename(p)}\n" for p in order]
            write(f"manifest-{alg}.txt", "".join(lines))
        from archivepub.build.provenance import BAGIT_VERSION

        write("bagit.txt", f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n")
        total = sum(size for size, _ in self.entries.values())
        fields = {**info, "Payload-Oxum": f"{total}.{len(self.entries)}"}
        lines = [f"{key}: {_NEWLINES.sub('', fields[key])}\n" for key in sorted(fields)]
        write("bag-info.txt", "".join(lines))
        _sorted_tagmanifests(self.bag_dir, ALGORITHMS, written)
        for path, (size, _) in self.entries.items():  # what was written is all there
            if os.stat(os.path.join(self._root, path)).st_size != size:
                raise BagError(f"{path}: the file on disk is not what was written", source=self.bag_dir)


def _encode_filename(name: str) -> str:
    """A payload path as bagit.py writes it in a manifest (CR and LF percent-encoded)."""
    return name.replace("\r", "%0D").replace("\n", "%0A")


def _copy_sources(bag: _BagWriter, folder: Path) -> dict[str, str]:
    """Stream every file of the article's folder into ``data/source``; return their SHA-256."""
    return {
        path.relative_to(folder).as_posix(): bag.copy(path, f"source/{path.relative_to(folder).as_posix()}")
        for path in _files(folder)
    }


def _make_bag(
    bag: _BagWriter,
    *,
    locales: Path | None,
    languages: Sequence[str],
    article_id: str,
    record: Mapping[str, Any],
    info: Mapping[str, str],
) -> None:
    """Complete the bag of the article (its source and editions already in): catalogs,
    provenance, manifests and tag files."""
    from archivepub import __version__

    try:
        if locales is not None:
            for lang in languages:
                po = catalog_path(locales, lang, article_id)
                if po.is_file():
                    bag.copy(po, f"locales/{lang}/LC_MESSAGES/{po.name}")
        text = dumps_indented(record, indent=1, sort_keys=True) + "\n"
        bag.add("provenance.json", text.encode("utf-8"))
        bag.finish({**info, "Bag-Software-Agent": f"archivepub {__version__}"})
    except OSError as exc:
        raise BagError(
            f"cannot make the bag: {_os_message(exc, str(bag.bag_dir))}", source=bag.bag_dir
        ) from exc


def _sorted_tagmanifests(
    bag_dir: Path, algorithms: Sequence[str], written: Mapping[str, bytes] | None = None
) -> None:
    """Write the tag manifests in file-name order; ``written`` holds the bytes of tag files
    just written (hashed from them, not read back), any other tag file is read."""
    tags = sorted(p.name for p in bag_dir.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
    contents = {name: (written or {}).get(name) or (bag_dir / name).read_bytes() for name in tags}
    for alg in algorithms:
        lines = [f"{hashlib.new(alg, contents[name]).hexdigest()} {name}\n" for name in tags]
        (bag_dir / f"tagmanifest-{alg}.txt").write_text("".join(lines), encoding="utf-8")
