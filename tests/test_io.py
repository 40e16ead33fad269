"""Safe reads (archivepub._io.read_bytes): the size limit, and no memory reserved beyond the file."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from archivepub._io import read_bytes
from archivepub.errors import ReadError


def test_a_small_file_reserves_no_more_than_its_size(tmp_path: Path) -> None:
    # read(n) allocates n bytes first: asking for the limit reserved half a gigabyte for every
    # article, catalog and image read, which fails where memory is not overcommitted
    path = tmp_path / "page.html"
    path.write_bytes(b"<p>x</p>" * 1000)
    tracemalloc.start()
    try:
        data = read_bytes(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 1 << 20


@pytest.mark.parametrize("size", [0, 1, 99, 100])
def test_files_up_to_the_limit_are_read_whole(tmp_path: Path, size: int) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))
    assert read_bytes(path, limit=100) == path.read_bytes()


def test_a_file_over_the_limit_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ReadError, match=r"big\.bin"):
        read_bytes(path, limit=100)
