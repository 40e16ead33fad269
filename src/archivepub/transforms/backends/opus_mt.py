"""OPUS-MT releases converted and installed on the archive's own machine, without torch.

An OPUS-MT release (a zip such as ``opus-2019-12-18.zip``, or the folder it unpacks to) holds
a Marian model: the weights (``*.npz``), ``decoder.yml`` naming them and the vocabularies
(YAML), and the SentencePiece models ``source.spm`` and ``target.spm``. CTranslate2's own
Marian converter (``ctranslate2.converters.OpusMTConverter``) turns it into a CTranslate2
model with numpy and PyYAML only; :func:`add_opus_mt` quantises it (int8 by default) and
installs it with :func:`~archivepub.transforms.backends.argos.add_package`, the code path of
every other model, with its licence recorded.

The release is untrusted input: the zip is checked entry by entry before anything is
unpacked (:func:`~archivepub.transforms.backends.argos.check_zip`), ``decoder.yml`` may only
name files beside it, and the weights are read without pickles.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from archivepub.errors import TranslateError
from archivepub.transforms.backends.argos import (
    MAX_PACKAGE_BYTES,
    PackageInfo,
    add_package,
    check_zip,
    extract_zip,
    packages_dir,
)

__all__ = ["DEFAULT_LICENSE", "QUANTIZATIONS", "add_opus_mt", "release_license"]

#: The licence OPUS-MT publishes its models under, recorded when a release names none.
DEFAULT_LICENSE = "CC-BY-4.0"
#: Weight types the converter can write (``int8`` is about a quarter of ``float32``).
QUANTIZATIONS = ("int8", "int8_float32", "int16", "float16", "float32")
_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,254}\Z")
_LICENSES = (
    (
        re.compile(r"\bCC[- ]BY[- ]NC[- ]SA[- ]4\.0\b|Attribution-NonCommercial-ShareAlike 4\.0", re.I),
        "CC-BY-NC-SA-4.0",
    ),
    (re.compile(r"\bCC[- ]BY[- ]NC[- ]4\.0\b|Attribution-NonCommercial 4\.0", re.I), "CC-BY-NC-4.0"),
    (re.compile(r"\bCC[- ]BY[- ]SA[- ]4\.0\b|Attribution-ShareAlike 4\.0", re.I), "CC-BY-SA-4.0"),
    (re.compile(r"\bCC[- ]BY[- ]4\.0\b|Creative Commons Attribution 4\.0", re.I), "CC-BY-4.0"),
    (re.compile(r"\bApache[- ]License,? (?:Version |v)?2\.0\b|\bApache-2\.0\b", re.I), "Apache-2.0"),
    (re.compile(r"\bMIT License\b|^license: *mit\b", re.I | re.M), "MIT"),
)


def release_license(folder: Path) -> str | None:
    """The licence a release's ``LICENSE`` or ``README.md`` names (an SPDX identifier), if any.

    :param folder: the unpacked release.
    """
    for name in ("LICENSE", "LICENSE.txt", "LICENSE.md", "README.md", "README"):
        path = folder / name
        if not path.is_file() or path.is_symlink():
            continue
        text = path.read_bytes()[:200_000].decode("utf-8", "replace")
        for pattern, spdx in _LICENSES:
            if pattern.search(text):
                return spdx
    return None


def _release_version(name: str) -> str:
    """``opus-2019-12-18`` -> ``2019.12.18`` (the release date), else ``1.0``."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", name)
    return ".".join(match.groups()) if match else "1.0"


def _plain_file(folder: Path, name: object, what: str, decoder: Path) -> Path:
    """A file that ``decoder.yml`` names: a plain file right beside it, nothing else."""
    if not isinstance(name, str) or not _FILE.match(name):
        raise TranslateError(f"{decoder}: {what} {name!r} is not a file name beside decoder.yml")
    path = folder / name
    if path.is_symlink() or not path.is_file():
        raise TranslateError(f"{decoder}: {what} {name} is missing (or not a plain file)")
    return path


def _decoder_files(folder: Path) -> tuple[Path, list[Path]]:
    """The weights and vocabularies ``decoder.yml`` names, checked."""
    import yaml

    decoder = folder / "decoder.yml"
    try:
        config: Any = yaml.safe_load(decoder.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        line = f":{exc.problem_mark.line + 1}" if exc.problem_mark is not None else ""
        reason = " ".join(str(exc.problem or exc.context or "malformed").split())
        raise TranslateError(f"{decoder}{line}: not a readable decoder.yml: {reason}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise TranslateError(f"{decoder}: not a readable decoder.yml: {reason}") from exc
    if not isinstance(config, dict):
        raise TranslateError(f"{decoder}: expected a mapping with models and vocabs")
    models, vocabs = config.get("models"), config.get("vocabs")
    if not isinstance(models, list) or len(models) != 1:
        raise TranslateError(f"{decoder}: models should name one .npz file, not {models!r}")
    if not isinstance(vocabs, list) or len(vocabs) not in (1, 2):
        raise TranslateError(f"{decoder}: vocabs should name one or two vocabulary files, not {vocabs!r}")
    weights = _plain_file(folder, models[0], "model", decoder)
    return weights, [_plain_file(folder, v, "vocabulary", decoder) for v in vocabs]


def _check_weights(weights: Path) -> None:
    """An ``.npz`` is a zip too: refuse one that would unpack to more than a model is."""
    try:
        with zipfile.ZipFile(weights) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise TranslateError(f"{weights}: not a Marian .npz model: {exc}") from exc
    if total > MAX_PACKAGE_BYTES:
        raise TranslateError(f"{weights}: {total} bytes of weights, more than {MAX_PACKAGE_BYTES}")


def _release_folder(unpacked: Path, source: Path) -> Path:
    """The folder of an unpacked release that holds ``decoder.yml`` (its top, or its one folder)."""
    if (unpacked / "decoder.yml").is_file():
        return unpacked
    inner = [p for p in unpacked.iterdir() if p.is_dir()]
    if len(inner) == 1 and (inner[0] / "decoder.yml").is_file():
        return inner[0]
    raise TranslateError(f"{source}: no decoder.yml: not an OPUS-MT (Marian) release")


def _convert(folder: Path, out: Path, quantization: str, source: Path) -> None:
    weights, _ = _decoder_files(folder)
    _check_weights(weights)
    for spm in ("source.spm", "target.spm"):
        path = folder / spm
        if path.is_symlink() or not path.is_file():
            raise TranslateError(f"{source}: no {spm}: an OPUS-MT release has source.spm and target.spm")
    import yaml
    from ctranslate2.converters import OpusMTConverter

    try:
        OpusMTConverter(str(folder)).convert(str(out), quantization=quantization)
    except (ValueError, KeyError, TypeError, IndexError, RuntimeError, OSError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise TranslateError(f"{source}: cannot convert the Marian model: {reason}") from exc
    for spm in ("source.spm", "target.spm"):
        shutil.copyfile(folder / spm, out / spm)


def add_opus_mt(
    release: str | os.PathLike[str],
    source: str,
    target: str,
    *,
    license: str | None = None,
    name: str | None = None,
    quantization: str = "int8",
    source_token: str = "",
) -> PackageInfo:
    """Convert an OPUS-MT release into a CTranslate2 model and install it as a package.

    The package is called ``translate-<source>_<target>-opus-mt-<release name>`` unless
    ``name`` is given; its version is the release's date (``opus-2019-12-18`` gives
    ``2019.12.18``); its licence is ``license``, else the one the release's ``LICENSE`` or
    ``README.md`` names, else :data:`DEFAULT_LICENSE` (OPUS-MT's).

    :param release: the release's zip file, or the folder it unpacks to.
    :param source: source language code (``en``).
    :param target: target language code (``hy``).
    :param license: the model's licence (recorded in every translation made with it).
    :param name: the package name.
    :param quantization: the weights' type in the converted model (:data:`QUANTIZATIONS`).
    :param source_token: a token put before every input (multilingual OPUS-MT models choose
        their output language with one, e.g. ``>>hye<<``).
    """
    path = Path(release)
    if quantization not in QUANTIZATIONS:
        raise TranslateError(f"quantization {quantization!r}: choose one of {', '.join(QUANTIZATIONS)}")
    if not path.exists():
        raise TranslateError(f"{path}: no such file or folder")
    dest = packages_dir()
    dest.mkdir(parents=True, exist_ok=True)
    stem = path.name.removesuffix(".zip") if path.is_file() else path.resolve().name
    with tempfile.TemporaryDirectory(prefix=".archivepub-opus-mt-", dir=dest) as tmp:
        work = Path(tmp)
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise TranslateError(f"{path}: not a zip archive, so not an OPUS-MT release")
            try:
                with zipfile.ZipFile(path) as zf:
                    check_zip(zf, path)
                    extract_zip(zf, work / "release")
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise TranslateError(f"{path}: cannot unpack: {exc}") from exc
            folder = _release_folder(work / "release", path)
        elif path.is_dir():
            folder = _release_folder(path, path)
        else:
            raise TranslateError(f"{path}: neither a zip file nor a folder")
        converted = work / "converted"
        _convert(folder, converted, quantization, path)
        return add_package(
            converted,
            source,
            target,
            source_token=source_token,
            source_eos=True,
            license=license or release_license(folder) or DEFAULT_LICENSE,
            name=name or f"translate-{source}_{target}-opus-mt-{re.sub(r'[^A-Za-z0-9_.-]+', '-', stem)}",
            version=_release_version(stem),
        )
