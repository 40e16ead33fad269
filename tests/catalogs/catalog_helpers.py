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
