"""The BagIt bag of one article: source, editions, catalogs and provenance."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from archivepub.build.files import _files, _os_message
from archivepub.catalogs import catalog_path
from archivepub.errors import (
    BagError,
)

__all__: list[str] = []  # internal to the build; archivepub.build exports its API


def _make_bag(
    bag_dir: Path,
    *,
    folder: Path,
    editions: Path,
    locales: Path | None,
    languages: Sequence[str],
    article_id: str,
    record: Mapping[str, Any],
    info: Mapping[str, str],
) -> None:
    """Make ``bag_dir`` a BagIt bag of the article: source, editions, catalogs, provenance."""
    import bagit

    for path in _files(folder):
        dest = bag_dir / "source" / path.relative_to(folder)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, dest)
    shutil.copytree(editions, bag_dir / "editions")
    if locales is not None:
        for lang in languages:
            po = catalog_path(locales, lang, article_id)
            if po.is_file():
                dest = bag_dir / "locales" / lang / "LC_MESSAGES" / po.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(po, dest)
    (bag_dir / "provenance.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    from archivepub import __version__

    bag_info = dict(info)
    bag_info["Bag-Software-Agent"] = f"archivepub {__version__} (bagit.py {bagit.VERSION})"
    try:
        bagit.make_bag(str(bag_dir), bag_info, processes=1, checksums=["sha256", "sha512"])
        _bagit_1_0(bag_dir, ("sha256", "sha512"))
        _sorted_tagmanifests(bag_dir, ("sha256", "sha512"))
        bagit.Bag(str(bag_dir)).validate(processes=1)
    except OSError as exc:
        raise BagError(f"cannot make the bag: {_os_message(exc, str(bag_dir))}", source=bag_dir) from exc
    except (bagit.BagError, RuntimeError) as exc:
        raise BagError(f"cannot make the bag: {exc}", source=bag_dir) from exc


def _bagit_1_0(bag_dir: Path, algorithms: Sequence[str]) -> None:
    """Declare BagIt 1.0 (RFC 8493; bagit.py writes 0.97, whose layout is the same) and sort
    the payload manifests by path (bagit.py lists them in the order its workers finish)."""
    from archivepub.build.provenance import BAGIT_VERSION

    (bag_dir / "bagit.txt").write_text(
        f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n", encoding="utf-8"
    )
    for alg in algorithms:
        manifest = bag_dir / f"manifest-{alg}.txt"
        lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split(" ", 1)[1])), encoding="utf-8")


def _sorted_tagmanifests(bag_dir: Path, algorithms: Sequence[str]) -> None:
    """Rewrite the tag manifests in file-name order (bagit.py lists them in directory order)."""
    tags = sorted(p.name for p in bag_dir.iterdir() if p.is_file() and not p.name.startswith("tagmanifest-"))
    for alg in algorithms:
        lines = [f"{hashlib.new(alg, (bag_dir / name).read_bytes()).hexdigest()} {name}\n" for name in tags]
        (bag_dir / f"tagmanifest-{alg}.txt").write_text("".join(lines), encoding="utf-8")
