"""Fixtures for translation tests: no network, real tiny CTranslate2 models, a sample article.

The models are built once per session (well under a second each) and installed for each test
into its own ``ARGOS_PACKAGES_DIR`` through ``archivepub models install``, the code path a
user's ``.argosmodel`` file takes.
"""

from __future__ import annotations

import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from translation_samples import Models, install

import ct2_models


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted in a test: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session", autouse=True)
def _argos_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """argostranslate creates its folders under XDG paths when first imported: keep them in tmp."""
    home = tmp_path_factory.mktemp("argos-home")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    for key in saved:
        os.environ[key] = str(home / key.lower())
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> Models:
    base = tmp_path_factory.mktemp("ct2")
    copy_root = ct2_models.build_model(base / "copy", mode="copy", extra_tokens=("eng_Latn", "hye_Armn"))
    random_root = ct2_models.build_model(base / "random", mode="random", seed=1)
    files: dict[str, Path] = {}
    for source, target in (("en", "ru"), ("en", "hy"), ("en", "az"), ("ru", "en"), ("hy", "en")):
        name = f"copy-{source}_{target}"
        files[name] = ct2_models.make_argosmodel(
            copy_root, base / f"{name}.argosmodel", from_code=source, to_code=target
        )
    files["random-en_ru"] = ct2_models.make_argosmodel(
        random_root, base / "random-en_ru.argosmodel", from_code="en", to_code="ru", version="0.2"
    )
    return Models(copy_root, random_root, files)


@pytest.fixture
def packages_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty ARGOS_PACKAGES_DIR for this test."""
    path = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


@pytest.fixture
def copy_models(models: Models, packages_dir: Path) -> Path:
    """Copy (identity) models en -> ru, hy, az installed; returns the packages folder."""
    install(models.files["copy-en_ru"], models.files["copy-en_hy"], models.files["copy-en_az"])
    return packages_dir
