# ruff: noqa: RUF001  (Cyrillic and Armenian text is meant)
"""Installing, wrapping and removing model packages; untrusted package files are refused."""

from __future__ import annotations

import email.message
import io
import json
import os
import stat
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

import archivepub
from archivepub.cli import main
from archivepub.transforms.backends.argos import installed_packages
from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator
from translation_samples import Models, sample_document


def test_install_list_and_remove(
    models: Models, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "install", str(models.files["copy-en_ru"])]) == 0
    assert main(["models", "list"]) == 0
    out = capsys.readouterr().out
    assert "translate-en_ru-0_1\ten -> ru\tversion 0.1" in out
    assert (packages_dir / "translate-en_ru-0_1" / "model" / "model.bin").is_file()
    assert main(["models", "remove", "translate-en_ru-0_1"]) == 0
    assert installed_packages() == []
    assert main(["models", "remove", "translate-en_ru-0_1"]) == 2
    assert "no installed package" in capsys.readouterr().err


def test_reinstall_replaces_the_package(models: Models, packages_dir: Path) -> None:
    for _ in range(2):
        assert main(["models", "install", str(models.files["copy-en_az"])]) == 0
    assert [p.name for p in installed_packages()] == ["translate-en_az-0_1"]
    assert [p.name for p in packages_dir.iterdir()] == ["translate-en_az-0_1"]


def test_models_add_nllb_style_model_with_target_prefix_and_source_token(
    models: Models, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # an NLLB-shaped model folder: model.bin, config and vocabulary, sentencepiece.bpe.model
    nllb = packages_dir.parent / "nllb-200-tiny"
    nllb.mkdir()
    for item in (models.copy_root / "model").iterdir():
        (nllb / item.name).write_bytes(item.read_bytes())
    (nllb / "sentencepiece.bpe.model").write_bytes((models.copy_root / "sentencepiece.model").read_bytes())
    code = main(
        [
            "models",
            "add",
            str(nllb),
            "--from",
            "en",
            "--to",
            "hy",
            "--target-prefix",
            "hye_Armn",
            "--source-token",
            "eng_Latn",
            "--license",
            "CC-BY-NC-4.0",
        ]
    )
    assert code == 0
    assert main(["models", "list"]) == 0
    listed = capsys.readouterr().out
    assert "translate-en_hy-nllb-200-tiny\ten -> hy" in listed
    assert "target-prefix=hye_Armn source-token=eng_Latn source-eos=yes license=CC-BY-NC-4.0" in listed
    meta = json.loads((packages_dir / "translate-en_hy-nllb-200-tiny" / "metadata.json").read_text())
    assert meta["target_prefix"] == "hye_Armn"
    translator = CTranslate2Translator()
    sentences = ["The file_name is <em>kept</em>.<note1/>", "Դա <a1>հայերեն</a1> է։"]
    # the model sees "eng_Latn ... </s>", is forced to start with hye_Armn, and we strip it
    assert translator.translate_batch(sentences, "en", "hy") == sentences
    doc = archivepub.translate(sample_document(), "hy", translator=translator)
    assert doc.metadata.models[0].license == "CC-BY-NC-4.0"
    assert "hye" not in doc.to_json()
    assert "Armn" not in doc.to_json()


def test_models_add_refuses_a_folder_without_a_model(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["models", "add", str(tmp_path), "--from", "en", "--to", "hy"]) == 2
    assert "no model.bin" in capsys.readouterr().err


def _zip(path: Path, entries: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def _package(root: str = "translate-en_ru-9_9") -> dict[str, bytes]:
    return {
        f"{root}/metadata.json": b'{"from_code": "en", "to_code": "ru"}',
        f"{root}/model/model.bin": b"x",
        f"{root}/sentencepiece.model": b"x",
    }


@pytest.mark.parametrize(
    ("entries", "symlink", "message"),
    [
        ({**_package(), "translate-en_ru-9_9/../../evil.txt": b"x"}, None, "path traversal"),
        ({**_package(), "/tmp/evil.txt": b"x"}, None, "absolute"),
        ({**_package(), "translate-en_ru-9_9\\..\\evil.txt": b"x"}, None, "Windows"),
        (_package(), "translate-en_ru-9_9/model/link", "symbolic link"),
        ({**_package(), "other/readme.txt": b"x"}, None, "one folder"),
        ({"translate-en_ru-9_9/readme.txt": b"x"}, None, "not an Argos translation package"),
    ],
)
def test_install_refuses_unsafe_or_foreign_zips(
    tmp_path: Path,
    packages_dir: Path,
    entries: dict[str, bytes],
    symlink: str | None,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = _zip(tmp_path / "bad.argosmodel", entries, symlink=symlink)
    assert main(["models", "install", str(bad)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "bad.argosmodel" in err
    assert not (tmp_path / "evil.txt").exists()
    assert not packages_dir.exists() or list(packages_dir.iterdir()) == []


def test_install_refuses_a_file_that_is_not_a_zip(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "model.argosmodel"
    fake.write_text("not a zip")
    assert main(["models", "install", str(fake)]) == 2
    assert "not a zip archive" in capsys.readouterr().err


def test_install_refuses_bad_metadata(tmp_path: Path, packages_dir: Path) -> None:
    entries = _package()
    entries["translate-en_ru-9_9/metadata.json"] = b'{"from_code": "../x", "to_code": "ru"}'
    bad = _zip(tmp_path / "meta.argosmodel", entries)
    assert main(["models", "install", str(bad)]) == 2
    assert list(packages_dir.iterdir()) == []


class _Web:
    """``urllib.request.urlopen`` answering from a dict of addresses (no network in tests)."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages
        self.asked: list[str] = []

    def __call__(self, request: urllib.request.Request, timeout: float = 0) -> io.BytesIO:
        url = request.full_url
        self.asked.append(url)
        if url not in self.pages:
            raise urllib.error.HTTPError(url, 404, "Not Found", email.message.Message(), None)
        return io.BytesIO(self.pages[url])


def test_fetch_installs_the_index_package_through_the_safe_path(
    models: Models,
    packages_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from argostranslate import settings

    mirror = "https://mirror.invalid/translate-en_az-0_1.argosmodel"
    entry = {"package_version": "0.1", "from_code": "en", "to_code": "az", "type": "translate"}
    index = json.dumps([{**entry, "links": ["https://gone.invalid/x.argosmodel", mirror]}]).encode()
    web = _Web({str(settings.remote_package_index): index, mirror: models.files["copy-en_az"].read_bytes()})
    monkeypatch.setattr(urllib.request, "urlopen", web)
    assert main(["models", "fetch", "--from", "en", "--to", "az"]) == 0
    assert [p.name for p in installed_packages()] == ["translate-en_az-0_1"]
    assert web.asked[1:] == ["https://gone.invalid/x.argosmodel", mirror]  # the dead mirror, then the next
    assert [p.name for p in packages_dir.iterdir()] == ["translate-en_az-0_1"]  # no download left over
    assert main(["models", "fetch", "--from", "en", "--to", "hy"]) == 2
    assert "the Argos index has no en -> hy package (it has: en->az)" in capsys.readouterr().err


def test_fetch_without_network_is_one_clean_line(tmp_path: Path) -> None:
    """Offline, ``models fetch`` says so in one line: argostranslate's logging of the raw
    ``URLError(...)`` never reaches the terminal (a separate process: pytest's own logging
    capture would hide it)."""
    script = (
        "import socket, sys, urllib.error, urllib.request\n"
        "def offline(*args, **kwargs):\n"
        "    raise urllib.error.URLError(socket.gaierror(-3, 'Temporary failure in name resolution'))\n"
        "urllib.request.urlopen = offline\n"
        "from archivepub.cli import main\n"
        "sys.exit(main(['models', 'fetch', '--from', 'en', '--to', 'ru']))\n"
    )
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[key] = str(tmp_path / key.lower())
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("archivepub: error: cannot download the Argos package index from https://")
    assert "Temporary failure in name resolution (offline?)" in lines[0]
