"""Inputs and environments that ended in a Python traceback now end in ``archivepub: error:``
with exit code 2 (or a failed article with a one-line reason) (issue 11, finding 8)."""

from __future__ import annotations

import builtins
import errno
import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from archivepub.build import BuildOptions, build_archive
from archivepub.cli import main

REPO = Path(__file__).resolve().parents[1]
TEXT = (REPO / "archive" / "three-alphabets" / "article.txt").read_bytes()


def run(
    args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "archivepub", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=cwd,
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("archivepub: error:"), result.stderr
    assert words in result.stderr


def test_home_that_is_not_a_writable_folder(tmp_path: Path) -> None:
    """argostranslate creates ~/.local on its first import."""
    home = tmp_path / "home-is-a-file"
    home.write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "ARGOS_"))}
    env["HOME"] = str(home)
    assert_clean_error(run(["models", "list"], env), "set HOME")


def test_a_file_name_that_is_not_utf8_fails_its_article_only(tmp_path: Path, packages_dir: Path) -> None:
    for name in ("harbour", "second"):
        (tmp_path / "archive" / name).mkdir(parents=True)
        (tmp_path / "archive" / name / "article.txt").write_bytes(TEXT)
    with open(os.fsencode(tmp_path / "archive" / "harbour") + b"/\xffphoto.jpg", "wb") as handle:
        handle.write(b"x")
    report = build_archive(tmp_path / "archive", tmp_path / "dist", BuildOptions(languages=("ru",), jobs=1))
    failed, built = report.articles
    assert (failed.status, built.status) == ("failed", "built")
    assert failed.error is not None
    assert "\\xffphoto.jpg: the file name is not UTF-8" in failed.error


def test_a_memory_that_is_not_sqlite_with_worker_processes(tmp_path: Path, packages_dir: Path) -> None:
    for name in ("harbour", "second"):
        (tmp_path / "archive" / name).mkdir(parents=True)
        (tmp_path / "archive" / name / "article.txt").write_bytes(TEXT)
    memory = tmp_path / "notes.txt"
    memory.write_text("a text file, not a translation memory " * 4, encoding="utf-8")
    args = ["build", str(tmp_path / "archive"), "-o", str(tmp_path / "dist"), "--langs", "ru"]
    result = run([*args, "--memory", str(memory), "--jobs", "2", "-q"])
    assert_clean_error(result, "cannot open the translation memory")


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_parse_refuses_what_is_not_a_regular_file(kind: str, tmp_path: Path) -> None:
    """``parse /dev/zero`` read without bound; ``parse FIFO`` waited for a writer forever."""
    path = Path("/dev/zero")
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    assert_clean_error(run(["parse", str(path)]), "not a regular file")


def _package(path: Path, *, method: int | None = None, corrupt: bool = False) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("pkg/metadata.json", '{"from_code": "en", "to_code": "ru", "package_version": "1"}')
        zf.writestr("pkg/model/model.bin", b"model bytes " * 50)
        zf.writestr("pkg/sentencepiece.model", b"spm bytes " * 50)
    data = bytearray(path.read_bytes())
    if method is not None:  # mark every entry as compressed with this method (9: deflate64)
        for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            start = 0
            while (at := data.find(signature, start)) >= 0:
                data[at + offset : at + offset + 2] = struct.pack("<H", method)
                start = at + 4
    if corrupt:
        at = data.find(b"model bytes")
        data[at : at + 5] = b"XXXXX"  # the CRC no longer matches
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("method", "corrupt"), [(9, False), (None, True)])
def test_a_corrupt_or_deflate64_package(
    method: int | None, corrupt: bool, tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _package(tmp_path / "model.argosmodel", method=method, corrupt=corrupt)
    assert main(["models", "install", str(package)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("archivepub: error:")
    assert "cannot install" in err
    assert not any((packages_dir / "pkg").glob("*")) if packages_dir.exists() else True


def test_a_worker_out_of_disk_space_reports_one_line(
    tmp_path: Path, packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "archive" / "harbour").mkdir(parents=True)
    (tmp_path / "archive" / "harbour" / "article.txt").write_bytes(TEXT)

    open_ = builtins.open

    def full(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        name = os.fspath(file) if isinstance(file, str | os.PathLike) else ""
        if "w" in mode and "/data/editions/" in name:  # the disk fills as editions go into the bag
            raise OSError(errno.ENOSPC, "No space left on device", name)
        return open_(file, mode, *args, **kwargs)

    # every way a file is opened for writing (open(), Path.open, Path.write_bytes) goes through these
    monkeypatch.setattr(builtins, "open", full)
    monkeypatch.setattr(io, "open", full)
    report = build_archive(tmp_path / "archive", tmp_path / "dist", BuildOptions(languages=("ru",), jobs=1))
    (article,) = report.articles
    assert article.status == "failed"
    assert article.error is not None
    assert "No space left on device" in article.error
    assert "[(" not in article.error  # not shutil's raw list of errors
    assert "\n" not in article.error
