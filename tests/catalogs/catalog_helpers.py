"""Helpers shared by the catalog tests: the bundled archive and GNU msgfmt."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = ROOT / "archive"
LOCALES = ROOT / "locales"


def msgfmt_check(path: Path) -> None:
    """Fail the test unless GNU ``msgfmt --check`` accepts ``path``."""
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt (Debian package gettext) is required")
    done = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"msgfmt --check {path}:\n{done.stderr}"


def copy_archive(tmp_path: Path) -> Path:
    """A copy of the bundled archive (sources only, no images) that a test may edit."""
    dest = tmp_path / "archive"
    shutil.copytree(ARCHIVE, dest, ignore=shutil.ignore_patterns("images"))
    return dest


def review(path: Path, ctx: str, msgstr: str) -> None:
    """Edit a catalog the way a translator in a text editor does: write ``msgstr`` for the
    entry ``ctx`` and delete its ``fuzzy`` flag (no archivepub code involved)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(f'msgctxt "{ctx}"')
    start = at
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    for i in range(start, at):
        if lines[i].startswith("#,"):
            flags = [f.strip() for f in lines[i][2:].split(",") if f.strip() != "fuzzy"]
            lines[i] = "#, " + ", ".join(flags) if flags else "#<drop>"
    end = next(i for i in range(at, len(lines)) if lines[i].startswith("msgstr"))
    stop = end + 1
    while stop < len(lines) and lines[stop].startswith('"'):
        stop += 1
    escaped = msgstr.replace("\\", "\\\\").replace('"', '\\"')
    lines[end:stop] = [f'msgstr "{escaped}"']
    path.write_text("\n".join(line for line in lines if line != "#<drop>"), encoding="utf-8")
