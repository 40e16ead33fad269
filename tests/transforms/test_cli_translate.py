# ruff: noqa: RUF001  (Cyrillic and Armenian text is meant)
"""The translation commands: translate, models, tm."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from archivepub import Document
from archivepub.cli import main
from translation_samples import Models, install, sample_document


def _source(tmp_path: Path) -> Path:
    path = tmp_path / "article.json"
    path.write_text(sample_document().to_json(), encoding="utf-8")
    return path


def test_translate_writes_one_document_per_language_and_reuses_memory(
    copy_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _source(tmp_path)
    out = tmp_path / "out"
    memory = tmp_path / "tm.sqlite"
    args = [
        "translate",
        str(src),
        "--to",
        "ru,hy,az",
        "-o",
        str(out),
        "--memory",
        str(memory),
        "--beam",
        "2",
        "--threads",
        "1",
        "--locales",
        str(tmp_path / "no-locales"),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["article.az.json", "article.hy.json", "article.ru.json"]
    az = Document.from_json((out / "article.az.json").read_text(encoding="utf-8"))
    assert az.metadata.language == "az-Latn"
    assert [b.id for b in az.all_blocks()] == [b.id for b in sample_document().all_blocks()]
    assert "en -> ru (ru): 23 segments (22 machine, 0 memory, 0 reviewed, 1 copied), 0 repairs" in err
    assert main(args) == 0
    err = capsys.readouterr().err
    for lang in ("ru", "hy", "az-Latn"):
        assert f"({lang}): 23 segments (0 machine, 22 memory, 0 reviewed, 1 copied)" in err
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_translate_uses_the_locales_glossary(copy_models: Path, tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    (locales / "hy").mkdir(parents=True)
    (locales / "hy" / "glossary.tsv").write_text("valley\tհովիտ\n", encoding="utf-8")
    assert (
        main(
            [
                "translate",
                str(_source(tmp_path)),
                "--to",
                "hy",
                "-o",
                str(tmp_path),
                "--no-memory",
                "--locales",
                str(locales),
                "-q",
            ]
        )
        == 0
    )
    hy = Document.from_json((tmp_path / "article.hy.json").read_text(encoding="utf-8"))
    assert hy.metadata.title == "The հովիտ archive"


def test_translate_without_a_model_exits_2_naming_the_pair(
    packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["translate", str(_source(tmp_path)), "--to", "hy", "-o", str(tmp_path / "o"), "--no-memory"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("archivepub: error: no translation model for en -> hy")
    assert "archivepub models install" in err
    assert not (tmp_path / "o" / "article.hy.json").exists()


def test_tm_export_and_import(copy_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memory = tmp_path / "tm.sqlite"
    assert (
        main(
            [
                "translate",
                str(_source(tmp_path)),
                "--to",
                "ru",
                "-o",
                str(tmp_path),
                "--memory",
                str(memory),
                "-q",
            ]
        )
        == 0
    )
    tmx = tmp_path / "memory.tmx"
    assert main(["tm", "export", "-o", str(tmx), "--memory", str(memory)]) == 0
    text = tmx.read_text(encoding="utf-8")
    assert text.count("<tu ") == 22  # 19 block sentences and 3 of the title and standfirst
    assert '<prop type="x-model">translate-en_ru-0_1</prop>' in text
    other = tmp_path / "other.sqlite"
    assert main(["tm", "import", str(tmx), "--memory", str(other), "--origin", "reviewed"]) == 0
    assert "imported 22 translations" in capsys.readouterr().err
    assert (
        main(["translate", str(_source(tmp_path)), "--to", "ru", "-o", str(tmp_path), "--memory", str(other)])
        == 0
    )
    assert "(0 machine, 0 memory, 22 reviewed, 1 copied)" in capsys.readouterr().err
    assert main(["tm", "import", str(tmp_path / "missing.tmx"), "--memory", str(other)]) == 2


def test_bad_output_folder_memory_and_model_are_clear_errors(
    models: Models, packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _source(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["translate", str(src), "--to", "ru", "-o", str(blocker), "--no-memory"]) == 2
    assert f"{blocker}: cannot create the output folder" in capsys.readouterr().err
    bad_memory = tmp_path / "memory.sqlite"
    bad_memory.write_bytes(b"this is not a database, just text" * 100)
    assert main(["translate", str(src), "--to", "ru", "-o", str(tmp_path), "--memory", str(bad_memory)]) == 2
    assert f"{bad_memory}: cannot open the translation memory" in capsys.readouterr().err
    # a package whose model file is garbage installs (it is a well-formed package) but cannot load
    broken = tmp_path / "broken.argosmodel"
    with zipfile.ZipFile(models.files["copy-en_ru"]) as zin, zipfile.ZipFile(broken, "w") as zout:
        for item in zin.infolist():
            data = b"garbage" if item.filename.endswith("model.bin") else zin.read(item)
            zout.writestr(item, data)
    assert main(["models", "install", str(broken)]) == 0
    assert main(["translate", str(src), "--to", "ru", "-o", str(tmp_path), "--no-memory"]) == 2
    err = capsys.readouterr().err
    assert "cannot load model translate-en_ru-0_1" in err
    assert "Traceback" not in err


def test_a_target_in_the_source_language_is_refused_before_any_work(
    packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["translate", str(_source(tmp_path)), "--to", "ru,en", "-o", str(out), "--no-memory"]) == 2
    assert "article.json is already in en: leave it out of --to" in capsys.readouterr().err
    assert not out.exists()


def _html(path: Path, title: str, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    return path


def test_two_inputs_of_the_same_name_get_outputs_that_cannot_collide(
    copy_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _html(tmp_path / "pages" / "a" / "source.html", "The river archive", "The river rose in 1936.")
    b = _html(tmp_path / "pages" / "b" / "source.html", "The mountain school", "The school opened in 1901.")
    other = _html(tmp_path / "pages" / "c" / "notes.html", "Notes", "A short note about the archive.")
    out = tmp_path / "out"
    args = ["translate", str(a), str(b), str(other), "--to", "ru,hy", "-o", str(out), "--no-memory"]
    assert main([*args, "--threads", "1"]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == [
        "a/source.hy.json",
        "a/source.ru.json",
        "b/source.hy.json",
        "b/source.ru.json",
        "notes.hy.json",
        "notes.ru.json",
    ]
    # each output is the translation of its own input (the copy model gives the text back)
    assert Document.from_json((out / "a" / "source.ru.json").read_text("utf-8")).metadata.title == (
        "The river archive"
    )
    assert Document.from_json((out / "b" / "source.ru.json").read_text("utf-8")).metadata.title == (
        "The mountain school"
    )
    assert "(replaced" not in capsys.readouterr().err
    # a later run that writes over an earlier output says so
    assert (
        main(["translate", str(a), "--to", "ru", "-o", str(out / "a"), "--no-memory", "--threads", "1"]) == 0
    )
    assert f"-> {out / 'a' / 'source.ru.json'} (replaced the earlier file)" in capsys.readouterr().err


def test_every_pair_is_checked_before_the_first_model_runs(
    models: Models, packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install(models.files["copy-en_ru"])
    capsys.readouterr()
    out = tmp_path / "out"
    code = main(["translate", str(_source(tmp_path)), "--to", "ru,hy,az", "-o", str(out), "--no-memory"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("archivepub: error: no translation model for en -> hy, en -> az. ")
    assert "nor through" not in err  # the source is English: there is nothing to go through
    # the advice names commands that get a model, not a file the user does not have
    assert "Get one per pair with `archivepub models fetch --from en --to hy`" in err
    assert "`archivepub models add --opus-mt RELEASE.zip --from en --to hy`" in err
    assert "translate-en_hy" not in err
    assert len(err.splitlines()) == 1
    assert list(out.iterdir()) == []  # ru was not translated (nor written) before hy failed


def test_a_memory_that_holds_every_sentence_needs_no_model(
    models: Models, packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    install(models.files["copy-en_hy"])
    memory = tmp_path / "tm.sqlite"
    src = _source(tmp_path)
    assert (
        main(["translate", str(src), "--to", "hy", "-o", str(tmp_path), "--memory", str(memory), "-q"]) == 0
    )
    assert main(["models", "remove", "translate-en_hy-0_1"]) == 0
    assert main(["translate", str(src), "--to", "hy", "-o", str(tmp_path), "--memory", str(memory)]) == 0
    assert "(0 machine, 22 memory, 0 reviewed, 1 copied)" in capsys.readouterr().err


def test_a_pair_that_could_go_through_english_says_so(
    packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "article.json"
    src.write_text(sample_document("ru").to_json(), encoding="utf-8")
    assert main(["translate", str(src), "--to", "hy", "-o", str(tmp_path / "o"), "--no-memory"]) == 2
    err = capsys.readouterr().err
    assert "no translation model for ru -> hy (nor through en). " in err
    assert main(["translate", str(src), "--to", "hy", "-o", str(tmp_path / "o"), "--no-pivot"]) == 2
    assert "no translation model for ru -> hy. " in capsys.readouterr().err


def test_models_list_with_nothing_installed_says_how_to_get_one(
    packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "list"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no translation models installed in {packages_dir}. Get one with" in captured.err
    assert "archivepub models fetch --from en --to ru" in captured.err
    assert "archivepub models add --opus-mt RELEASE.zip" in captured.err
