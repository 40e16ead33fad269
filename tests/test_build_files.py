"""Which files of an article's folder the build hashes (to see whether it changed) and keeps in
its bag: regular files, in a fixed order, never through a symbolic link, never hidden ones."""

from __future__ import annotations

import os
from pathlib import Path

from archivepub.build.files import _files


def test_an_article_folder_lists_its_regular_files_in_walk_order(tmp_path: Path) -> None:
    folder = tmp_path / "article"
    (folder / "images" / "old").mkdir(parents=True)
    (folder / "b-notes").mkdir()
    (folder / ".git").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not the article's")
    for name in ("article.html", "meta.toml", "images/photo.png", "images/old/scan.png", "b-notes/n.txt"):
        (folder / name).write_text(name)
    (folder / ".hidden").write_text("x")
    (folder / ".git" / "config").write_text("x")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    (folder / "broken").symlink_to(tmp_path / "nothing")
    os.mkfifo(folder / "pipe")
    assert [p.relative_to(folder).as_posix() for p in _files(folder)] == [
        "article.html",
        "meta.toml",
        "b-notes/n.txt",
        "images/photo.png",
        "images/old/scan.png",
    ]


def test_a_missing_folder_has_no_files(tmp_path: Path) -> None:
    assert _files(tmp_path / "nothing") == []
