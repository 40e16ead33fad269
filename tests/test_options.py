"""Options that would lose work silently are errors (exit 2) naming what is accepted (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archivepub.build import BuildOptions, build_archive
from archivepub.cli import main
from archivepub.errors import ReadError

REPO = Path(__file__).resolve().parents[1]
TEXT = REPO / "archive" / "three-alphabets" / "article.txt"


@pytest.mark.parametrize(
    "argv",
    [
        ["build", "{archive}", "-o", "{tmp}/dist", "--langs", "xx"],
        ["build", "{archive}", "-o", "{tmp}/dist", "--langs", "ru,qq"],
        ["translate", str(TEXT), "--to", "xx", "-o", "{tmp}/out"],
        ["translate", str(TEXT), "--to", "ru", "--from", "zz", "-o", "{tmp}/out"],
        ["locales", "update", "{archive}", "--langs", "xx", "--locales", "{tmp}/loc"],
        ["locales", "status", "--langs", "xx", "--locales", "{tmp}"],
    ],
)
def test_an_unknown_language_code_is_an_error_naming_known_ones(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``--langs xx`` gave untranslated editions with exit code 0."""
    args = [a.format(archive=REPO / "archive", tmp=tmp_path) for a in argv]
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unknown language code" in err
    assert "ru, hy, az" in err
    assert not (tmp_path / "dist").exists()
    assert not (tmp_path / "out").exists()


def test_an_unknown_language_in_archivepub_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "archivepub.toml").write_text('languages = ["ru", "xx"]\n', encoding="utf-8")
    with pytest.raises(ReadError, match=r"archivepub.toml:1: unknown language code 'xx'"):
        build_archive(tmp_path, tmp_path.parent / "dist-toml", BuildOptions())


def test_an_unknown_language_in_the_library_call_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="unknown language code 'xx'"):
        build_archive(REPO / "archive", tmp_path / "dist", BuildOptions(languages=("xx",)))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "{archive}", "-o", "{tmp}/dist", "--locales", "{file}"], "--locales must name a folder"),
        (
            ["build", "{archive}", "-o", "{tmp}/dist", "--locales", "{tmp}/nowhere"],
            "--locales names no folder",
        ),
        (["build", "{archive}", "-o", "{tmp}/dist", "--memory", "{tmp}"], "--memory must name a file"),
        (["build", "{file}", "-o", "{tmp}/dist"], "ARCHIVE must name a folder"),
        (["translate", str(TEXT), "--to", "ru", "--locales", "{file}", "-o", "{tmp}/out"], "--locales must"),
        (["locales", "update", "{archive}", "--locales", "{file}"], "--locales must name a folder"),
        (["locales", "check", "--locales", "{file}"], "--locales must name a folder"),
        (["tm", "export", "--memory", "{tmp}"], "--memory must name a file"),
        (["tm", "import", "{file}", "--memory", "/dev/null"], "--memory must name a regular file"),
    ],
)
def test_an_option_naming_the_wrong_kind_of_path_is_an_error(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, ``build --locales FILE`` was silently ignored (editions without the reviews)."""
    file = tmp_path / "catalogs.po"
    file.write_text("", encoding="utf-8")
    args = [a.format(archive=REPO / "archive", tmp=tmp_path, file=file) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("archivepub: error:")
    assert message in err
    assert not (tmp_path / "dist").exists()
