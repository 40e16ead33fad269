"""The ``archivepub`` command line: ``parse`` output, atomic ``-o``, and exit code 2 for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import archivepub
from archivepub.cli import main
from archivepub.model import (
    Document,
    DraftNote,
    Figure,
    Heading,
    Metadata,
    NoteRef,
    Paragraph,
    Text,
    make_document,
)

SCRIPT = Path(sys.executable).with_name("archivepub")


def _document() -> Document:
    return make_document(
        Metadata(
            title="Tide tables", subtitle="A lede", authors=("R. Calloway",), date="2024-06-09", language="en"
        ),
        [
            Heading(level=2, content=(Text("Ledgers"),)),
            Paragraph(content=(Text("Every ship was written down."), NoteRef("a"))),
            Figure(
                src="images/harbour.png", alt="Shelves", caption=(Text("The basement"),), credit="A. Ribeiro"
            ),
        ],
        [DraftNote("a", "1", (Paragraph(content=(Text("Counted in boxes."),)),))],
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "tide.json"
    path.write_text(_document().to_json(), encoding="utf-8")
    return path


def _one_line_error(err: str, *names: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {err!r}"
    assert "Traceback" not in err
    assert lines[0].startswith("archivepub: error: ")
    for name in names:
        assert name in lines[0]
    return lines[0]


def test_parse_prints_the_json(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(source)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert Document.from_json(out) == _document()
    assert out.count("\n") > 10, "indented by default"


def test_parse_compact_is_one_line(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--compact", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert out.endswith("\n")
    assert json.loads(out) == _document().to_dict()


def test_parse_with_explicit_format(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    renamed = source.with_name("tide.data")
    source.rename(renamed)
    assert main(["parse", "--format", "json", str(renamed)]) == 0
    assert Document.from_json(capsys.readouterr().out) == _document()


def test_output_file_is_written_and_replaced(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "tide.model.json"
    target.parent.mkdir()
    target.write_text("old contents", encoding="utf-8")
    assert main(["parse", str(source), "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert Document.from_json(target.read_text(encoding="utf-8")) == _document()
    assert sorted(p.name for p in target.parent.iterdir()) == ["tide.model.json"], "no temporary file left"


def test_output_is_atomic_when_the_write_fails(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "tide.model.json"
    target.write_text("previous edition", encoding="utf-8")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["parse", str(source), "-o", str(target)]) == 2
    _one_line_error(capsys.readouterr().err, str(target), "No space left on device")
    assert target.read_text(encoding="utf-8") == "previous edition"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tide.json", "tide.model.json"]


def test_output_into_a_missing_folder_exits_2(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "out.json"
    assert main(["parse", str(source), "-o", str(target)]) == 2
    _one_line_error(capsys.readouterr().err, str(target))
    assert not target.parent.exists()


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.html"
    assert main(["parse", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "no such file" in _one_line_error(err, str(missing))


def test_directory_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "article.html"
    folder.mkdir()
    assert main(["parse", str(folder)]) == 2
    assert "directory" in _one_line_error(capsys.readouterr().err, str(folder))


def test_malformed_json_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema": "archivepub/1",\n "metadata": {\n   "title": "T",,\n', encoding="utf-8")
    assert main(["parse", str(bad)]) == 2
    _one_line_error(capsys.readouterr().err, f"{bad}:3:")


def test_json_of_the_wrong_shape_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "shape.json"
    data = _document().to_dict()
    data["blocks"][0]["level"] = "two"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["parse", str(bad)]) == 2
    _one_line_error(capsys.readouterr().err, str(bad), "level")


def test_json_of_another_schema_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "future.json"
    data = _document().to_dict()
    data["schema"] = "archivepub/9"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["parse", str(bad)]) == 2
    _one_line_error(capsys.readouterr().err, str(bad), "archivepub/9")


def test_json_that_is_not_utf8_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "latin1.json"
    bad.write_bytes('{"schema": "archivepub/1", "x": "é"}'.encode("latin-1"))
    assert main(["parse", str(bad)]) == 2
    _one_line_error(capsys.readouterr().err, str(bad), "UTF-8")


def test_unknown_format_is_a_usage_error(source: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # argparse rejects the value before any file is opened: exit 2, the option and value named
    with pytest.raises(SystemExit) as stop:
        main(["parse", "--format", "pdf", str(source)])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "--format" in err.splitlines()[-1]
    assert "'pdf'" in err.splitlines()[-1]


def test_unknown_format_through_the_library_names_the_file(source: Path) -> None:
    with pytest.raises(archivepub.UnknownFormatError, match=r"tide\.json: unknown format 'pdf'"):
        archivepub.read(source, format="pdf")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"archivepub {archivepub.__version__}"


def test_installed_console_script(source: Path, tmp_path: Path) -> None:
    assert SCRIPT.exists(), "install archivepub (pip install -e .) to get the console script"
    ok = subprocess.run(
        [str(SCRIPT), "parse", "--compact", str(source)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert Document.from_json(ok.stdout) == _document()

    missing = tmp_path / "missing.txt"
    bad = subprocess.run(
        [str(SCRIPT), "parse", str(missing)], capture_output=True, text=True, check=False, timeout=60
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    _one_line_error(bad.stderr, str(missing))
