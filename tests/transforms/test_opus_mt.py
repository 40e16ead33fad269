"""``archivepub models add --opus-mt``: an OPUS-MT (Marian) release converted and installed here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import archivepub
from archivepub import Document
from archivepub.cli import main
from archivepub.transforms.backends.argos import installed_packages
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options
from archivepub.transforms.translate import TranslateOptions
from marian_models import NPZ_NAME, build_release, zip_release
from translation_samples import sample_document

TESTS = Path(__file__).resolve().parent.parent
NAME = "translate-en_hy-opus-mt-opus-2020-01-01"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny OPUS-MT release folder (identity weights), as the release zip unpacks."""
    return build_release(tmp_path_factory.mktemp("opus") / "opus-2020-01-01")


@pytest.fixture
def release_zip(release: Path, tmp_path: Path) -> Path:
    return zip_release(release, tmp_path / "opus-2020-01-01.zip")


def test_a_release_zip_converts_installs_and_translates(
    release_zip: Path, packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "add", "--opus-mt", str(release_zip), "--from", "en", "--to", "hy"]) == 0
    err = capsys.readouterr().err
    assert f"added {NAME} (en -> hy, converted from {release_zip}, int8, licence CC-BY-4.0)" in err
    [package] = installed_packages()
    assert (package.name, package.source, package.target) == (NAME, "en", "hy")
    assert (package.version, package.license) == ("2020.01.01", "CC-BY-4.0")
    assert package.target_sentencepiece == "target_sentencepiece.model"  # target.spm decodes
    with zipfile.ZipFile(release_zip) as zf:
        assert package.sentencepiece.read_bytes() == zf.read("source.spm")
        assert package.target_spm.read_bytes() == zf.read("target.spm")
    config = json.loads((package.model_dir / "config.json").read_text("utf-8"))
    assert config["add_source_eos"] is True  # Marian reads "tokens </s>"
    # the same code path as every model: `models list` shows it with its licence
    assert main(["models", "list"]) == 0
    assert f"{NAME}\ten -> hy\tversion 2020.01.01 source-eos=yes license=CC-BY-4.0" in capsys.readouterr().out
    # the identity weights give every sentence back: tokens of the vocabulary go through the
    # converted model and the target SentencePiece model
    doc = sample_document()
    greedy = TranslateOptions(engine=CTranslate2Options(beam_size=1))
    hy = archivepub.translate(doc, "hy", options=greedy)
    assert hy.metadata.title == doc.metadata.title
    assert [b.content for b in hy.blocks[:3]] == [b.content for b in doc.blocks[:3]]  # type: ignore[union-attr]
    [model] = hy.metadata.models
    assert (model.name, model.license, model.version) == (NAME, "CC-BY-4.0", "2020.01.01")
    assert {
        p.model for b in hy.all_blocks() for p in getattr(b, "provenance", ()) if p.origin == "machine"
    } == {NAME}
    # and through the command line, as a user runs it
    out = tmp_path / "out"
    assert main(["translate", str(_json(tmp_path, doc)), "--to", "hy", "-o", str(out), "--no-memory"]) == 0
    assert (
        Document.from_json((out / "article.hy.json").read_text("utf-8")).metadata.title
        == "The valley archive"
    )


def _json(tmp_path: Path, doc: Document) -> Path:
    path = tmp_path / "article.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    return path


def test_int8_is_the_default_and_smaller_than_float32(release: Path, packages_dir: Path) -> None:
    assert (
        main(["models", "add", "--opus-mt", str(release), "--from", "en", "--to", "hy", "--name", "q8"]) == 0
    )
    args = ["models", "add", "--opus-mt", str(release), "--from", "en", "--to", "hy", "--name", "f32"]
    assert main([*args, "--quantization", "float32"]) == 0
    sizes = {p.name: (p.model_dir / "model.bin").stat().st_size for p in installed_packages()}
    assert sizes["q8"] < 0.6 * sizes["f32"]


def test_a_release_folder_and_its_own_licence(release: Path, packages_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "opus-mt-en-hy"
    shutil.copytree(release, folder)
    (folder / "README.md").write_text("# en-hy\n\n* dataset: opus\n", encoding="utf-8")
    (folder / "LICENSE").write_text("Apache License, Version 2.0, January 2004\n", encoding="utf-8")
    assert main(["models", "add", "--opus-mt", str(folder), "--from", "en", "--to", "hy"]) == 0
    [package] = installed_packages()
    assert (package.name, package.license, package.version) == (
        "translate-en_hy-opus-mt-opus-mt-en-hy",
        "Apache-2.0",
        "1.0",
    )
    # --license wins; a release that names none gets OPUS-MT's own, CC-BY 4.0
    (folder / "LICENSE").unlink()
    (folder / "README.md").unlink()
    assert main(["models", "add", "--opus-mt", str(folder), "--from", "en", "--to", "hy", "--name", "a"]) == 0
    args = ["models", "add", "--opus-mt", str(folder), "--from", "en", "--to", "hy", "--name", "b"]
    assert main([*args, "--license", "CC-BY-NC-4.0"]) == 0
    licences = {p.name: p.license for p in installed_packages()}
    assert (licences["a"], licences["b"]) == ("CC-BY-4.0", "CC-BY-NC-4.0")


def test_conversion_needs_neither_torch_nor_transformers(release: Path, tmp_path: Path) -> None:
    """CTranslate2's Marian converter runs with numpy and PyYAML alone: with torch,
    transformers, tensorflow and huggingface_hub made impossible to import, the release still
    converts (in a separate process, so the block is real)."""
    script = (
        "import importlib.abc, sys\n"
        "BLOCKED = ('torch', 'transformers', 'tensorflow', 'huggingface_hub', 'fairseq')\n"
        "class Block(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'{name} is blocked in this test')\n"
        "        return None\n"
        "sys.meta_path.insert(0, Block())\n"
        "from archivepub.transforms.backends.opus_mt import add_opus_mt\n"
        "info = add_opus_mt(sys.argv[1], 'en', 'hy')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in BLOCKED)\n"
        "print(info.name, loaded)\n"
    )
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[key] = str(tmp_path / key.lower())
    done = subprocess.run(
        [sys.executable, "-c", script, str(release)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{NAME} []"


def _bad_zip(release: Path, dest: Path, entries: dict[str, bytes], *, symlink: str | None = None) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    zip_release(release, dest, extra=entries)
    if symlink is not None:
        with zipfile.ZipFile(dest, "a") as zf:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16) | 0
            zf.writestr(info, "/etc/passwd")
    return dest


@pytest.mark.parametrize(
    ("entries", "symlink", "message"),
    [
        ({"../evil.txt": b"x"}, None, "path traversal"),
        ({"a/../../evil.txt": b"x"}, None, "path traversal"),
        ({"/tmp/evil.txt": b"x"}, None, "absolute"),
        ({"..\\evil.txt": b"x"}, None, "Windows"),
        ({}, "target.spm.link", "symbolic link"),
    ],
)
def test_an_unsafe_release_zip_is_refused_before_anything_is_written(
    release: Path,
    packages_dir: Path,
    tmp_path: Path,
    entries: dict[str, bytes],
    symlink: str | None,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = _bad_zip(release, tmp_path / "work" / "opus-2020-01-01.zip", entries, symlink=symlink)
    assert main(["models", "add", "--opus-mt", str(bad), "--from", "en", "--to", "hy"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert str(bad) in err
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "evil.txt").exists()
    assert not (tmp_path / "work" / "evil.txt").exists()
    assert list(packages_dir.iterdir()) == []  # no package, no staging folder left behind


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"decoder.yml": b"models: [../" + NPZ_NAME.encode() + b"]\nvocabs: [a.yml]\n"},
            "is not a file name",
        ),
        ({"decoder.yml": b"models: [/etc/passwd]\nvocabs: [a.yml]\n"}, "is not a file name"),
        ({"decoder.yml": b"models: [missing.npz]\nvocabs: [missing.yml]\n"}, "model missing.npz is missing"),
        ({"decoder.yml": b"[not, a, mapping]\n"}, "expected a mapping"),
        ({"decoder.yml": b"models: [\n"}, "not a readable decoder.yml"),
        ({NPZ_NAME: b"not a zip of arrays"}, "not a Marian .npz model"),
        ({"target.spm": None}, "no target.spm"),
    ],
)
def test_a_broken_release_is_a_clear_error(
    release: Path,
    packages_dir: Path,
    tmp_path: Path,
    change: dict[str, bytes | None],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "release"
    shutil.copytree(release, folder)
    for name, data in change.items():
        if data is None:
            (folder / name).unlink()
        else:
            (folder / name).write_bytes(data)
    assert main(["models", "add", "--opus-mt", str(folder), "--from", "en", "--to", "hy"]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1
    assert list(packages_dir.iterdir()) == []


def test_weights_the_converter_cannot_read_are_a_clear_error(
    release: Path, packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import numpy as np

    folder = tmp_path / "release"
    shutil.copytree(release, folder)
    with np.load(folder / NPZ_NAME) as npz:
        weights = {k: npz[k] for k in npz.files if k != "decoder_l1_context_Wq"}
    np.savez(folder / NPZ_NAME, **weights)
    assert main(["models", "add", "--opus-mt", str(folder), "--from", "en", "--to", "hy"]) == 2
    err = capsys.readouterr().err
    assert "cannot convert the Marian model" in err
    assert len(err.splitlines()) == 1
    assert list(packages_dir.iterdir()) == []


def test_not_a_release_and_wrong_arguments(
    packages_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["models", "add", "--opus-mt", str(empty), "--from", "en", "--to", "hy"]) == 2
    assert "no decoder.yml: not an OPUS-MT (Marian) release" in capsys.readouterr().err
    text = tmp_path / "release.zip"
    text.write_text("not a zip")
    assert main(["models", "add", "--opus-mt", str(text), "--from", "en", "--to", "hy"]) == 2
    assert "not a zip archive" in capsys.readouterr().err
    assert main(["models", "add", "--from", "en", "--to", "hy"]) == 2
    assert "needs a CTranslate2 model folder (DIR) or --opus-mt RELEASE" in capsys.readouterr().err
    assert main(["models", "add", str(empty), "--opus-mt", str(empty), "--from", "en", "--to", "hy"]) == 2
    assert "--opus-mt takes the release alone" in capsys.readouterr().err
