"""Argos Translate packages on disk: find, install (safely), wrap and remove them.

An Argos package is a folder with ``metadata.json``, a CTranslate2 model in ``model/`` and
``sentencepiece.model``; a ``.argosmodel`` file is that folder zipped. Packages live where
argostranslate keeps them: ``$ARGOS_PACKAGES_DIR`` if set, else argostranslate's data folder
(``~/.local/share/argos-translate/packages``). Installed packages are read with
``argostranslate.package.Package``; installing does not use argostranslate's
``install_from_path`` (which extracts any zip as it is) but checks every entry first: a
package file is untrusted input.

archivepub reads three keys of ``metadata.json`` that Argos does not define (Argos ignores
them): ``license``, ``source_token`` (a source-language token such as NLLB's ``eng_Latn``,
put before the source tokens), ``source_eos`` (end the source with ``</s>``, as Hugging Face
tokenizers do for NLLB, M2M100 and OPUS-MT, unless the model's ``config.json`` already says
``add_source_eos``) and ``target_sentencepiece`` (a separate SentencePiece model for the
target side, as OPUS-MT models have).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from archivepub.errors import TranslateError

__all__ = [
    "PackageInfo",
    "add_package",
    "check_zip",
    "extract_zip",
    "fetch_package",
    "find_package",
    "install_package",
    "installed_packages",
    "packages_dir",
    "remove_package",
]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}\Z")
_CODE = re.compile(r"[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*\Z")
#: An installed package may not be bigger than this (zip bombs).
MAX_PACKAGE_BYTES = 8 * 1024**3
_MAX_ENTRIES = 10_000
_SPM_NAMES = ("sentencepiece.model", "sentencepiece.bpe.model", "spm.model", "source.spm")


@dataclass(frozen=True, slots=True, kw_only=True)
class PackageInfo:
    """An installed translation package: what it translates and how to run it."""

    name: str
    path: Path
    source: str
    target: str
    version: str = ""
    license: str | None = None
    target_prefix: str = ""
    source_token: str = ""
    source_eos: bool = False
    target_sentencepiece: str = ""

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder."""
        return self.path / "model"

    @property
    def sentencepiece(self) -> Path:
        """The SentencePiece model of the source side."""
        return self.path / "sentencepiece.model"

    @property
    def target_spm(self) -> Path:
        """The SentencePiece model that decodes the output (the source one unless set)."""
        return self.path / self.target_sentencepiece if self.target_sentencepiece else self.sentencepiece


def _argos(module: str) -> Any:
    """Import ``argostranslate.<module>``; its first import creates folders under HOME."""
    try:
        return importlib.import_module(f"argostranslate.{module}")
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        raise TranslateError(
            f"argostranslate cannot create its folders ({exc.strerror or exc}:{where}): set HOME (or"
            " XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME) to a writable folder"
        ) from exc


def packages_dir() -> Path:
    """The folder packages are installed into: ``$ARGOS_PACKAGES_DIR`` or argostranslate's."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env)
    settings = _argos("settings")  # creates argostranslate's folders on first import
    return Path(settings.package_data_dir)


def _search_dirs() -> list[Path]:
    dirs = [packages_dir()]
    if not os.environ.get("ARGOS_PACKAGES_DIR"):
        settings = _argos("settings")
        dirs += [Path(d) for d in settings.package_dirs if Path(d) not in dirs]
    return dirs


def _read_package(path: Path) -> PackageInfo:
    try:
        package = _argos("package").Package(path)
        meta = json.loads((path / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise TranslateError(f"{path}: not a readable Argos package: {exc}") from exc
    if not isinstance(meta, dict):
        raise TranslateError(f"{path}/metadata.json: expected a JSON object")
    source, target = package.from_code, package.to_code
    if not isinstance(source, str) or not _CODE.match(source):
        raise TranslateError(f"{path}/metadata.json: from_code {source!r} is not a language code")
    if not isinstance(target, str) or not _CODE.match(target):
        raise TranslateError(f"{path}/metadata.json: to_code {target!r} is not a language code")
    target_spm = str(meta.get("target_sentencepiece") or "")
    if target_spm and not _NAME.match(target_spm):
        raise TranslateError(f"{path}/metadata.json: bad target_sentencepiece {target_spm!r}")
    return PackageInfo(
        name=path.name,
        path=path,
        source=source,
        target=target,
        version=str(package.package_version or ""),
        license=meta.get("license") if isinstance(meta.get("license"), str) else None,
        target_prefix=str(package.target_prefix or ""),
        source_token=str(meta.get("source_token") or ""),
        source_eos=meta.get("source_eos") is True,
        target_sentencepiece=target_spm,
    )


def installed_packages() -> list[PackageInfo]:
    """Every installed translation package with a CTranslate2 model and SentencePiece model.

    Folders that are not packages (or that argostranslate cannot read) are skipped.
    """
    found: list[PackageInfo] = []
    for folder in _search_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or not (path / "metadata.json").is_file():
                continue
            try:
                info = _read_package(path)
            except TranslateError:
                continue
            if (info.model_dir / "model.bin").is_file() and info.sentencepiece.is_file():
                found.append(info)
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version))


def find_package(source: str, target: str) -> PackageInfo | None:
    """The installed package for ``source`` -> ``target`` (the newest version), or ``None``."""
    matches = [p for p in installed_packages() if p.source == source and p.target == target]
    if not matches:
        return None
    return max(matches, key=lambda p: (_version_key(p.version), p.name))


def check_zip(zf: zipfile.ZipFile, source: Path) -> list[tuple[str, ...]]:
    """Refuse an archive that could write outside the folder it is unpacked in, or too much:
    absolute or Windows paths, ``..``, symbolic links, special files, more than 10,000
    entries or more than :data:`MAX_PACKAGE_BYTES` unpacked. Return each entry's path parts.

    :param zf: the open archive (untrusted).
    :param source: its file, named in the errors.
    """
    infos = zf.infolist()
    if not infos:
        raise TranslateError(f"{source}: empty archive")
    if len(infos) > _MAX_ENTRIES:
        raise TranslateError(f"{source}: {len(infos)} entries, more than a model package has")
    out: list[tuple[str, ...]] = []
    total = 0
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        if "\\" in name or name.startswith("/") or re.match(r"[A-Za-z]:", name):
            raise TranslateError(f"{source}: refused entry {name!r}: absolute or Windows path")
        parts = PurePosixPath(name).parts
        if not parts or any(part in ("..", ".", "") for part in parts):
            raise TranslateError(f"{source}: refused entry {name!r}: path traversal")
        if stat.S_ISLNK(mode):
            raise TranslateError(f"{source}: refused entry {name!r}: symbolic link")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise TranslateError(f"{source}: refused entry {name!r}: not a plain file")
        out.append(parts)
        total += info.file_size
    if total > MAX_PACKAGE_BYTES:
        raise TranslateError(f"{source}: {total} bytes uncompressed, more than {MAX_PACKAGE_BYTES}")
    return out


def _check_entries(zf: zipfile.ZipFile, source: Path) -> str:
    """Refuse anything but one folder of plain files; return the folder's name."""
    roots = {parts[0] for parts in check_zip(zf, source)}
    if len(roots) != 1:
        raise TranslateError(f"{source}: an Argos package holds one folder, this has {len(roots)}")
    root = roots.pop()
    if not _NAME.match(root):
        raise TranslateError(f"{source}: refused package folder name {root!r}")
    names = {info.filename for info in zf.infolist()}
    for required in ("metadata.json", "model/model.bin", "sentencepiece.model"):
        if f"{root}/{required}" not in names:
            raise TranslateError(f"{source}: not an Argos translation package (no {root}/{required})")
    return root


def extract_zip(zf: zipfile.ZipFile, dest: Path) -> None:
    """Unpack an archive that :func:`check_zip` accepted into ``dest``, never more bytes than
    :data:`MAX_PACKAGE_BYTES` (whatever its headers say)."""
    budget = MAX_PACKAGE_BYTES
    for info in zf.infolist():
        target = dest.joinpath(*PurePosixPath(info.filename).parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(1 << 20):
                budget -= len(chunk)
                if budget < 0:
                    raise TranslateError("package is bigger than its zip header says")
                out.write(chunk)


def _move_into_place(staged: Path, final: Path) -> None:
    """Rename ``staged`` to ``final``, replacing an older copy only once the new one is there."""
    old: Path | None = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(staged, final)
    except OSError:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def install_package(path: str | os.PathLike[str]) -> PackageInfo:
    """Install a ``.argosmodel`` file into :func:`packages_dir` and return the package.

    The archive must hold exactly one folder with ``metadata.json``, ``model/model.bin`` and
    ``sentencepiece.model``; absolute paths, ``..``, symbolic links, special files and archives
    that unpack to more than :data:`MAX_PACKAGE_BYTES` are refused before anything is written.
    An installed package of the same name is replaced.

    :param path: the ``.argosmodel`` (zip) file.
    """
    source = Path(path)
    if not source.is_file():
        raise TranslateError(f"{source}: no such file")
    if not zipfile.is_zipfile(source):
        raise TranslateError(f"{source}: not a zip archive, so not an .argosmodel package")
    dest_dir = packages_dir()
    try:
        with zipfile.ZipFile(source) as zf:
            root = _check_entries(zf, source)
            dest_dir.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".archivepub-install-", dir=dest_dir))
            try:
                extract_zip(zf, staging)
                _read_package(staging / root)  # refuse a package argostranslate cannot read
                _move_into_place(staging / root, dest_dir / root)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise TranslateError(f"{source}: cannot install: {exc}") from exc
    except NotImplementedError as exc:  # deflate64 and other methods zipfile cannot unpack
        raise TranslateError(f"{source}: cannot install: {exc} (repack it with deflate)") from exc
    return _read_package(dest_dir / root)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "model"


def add_package(
    model_dir: str | os.PathLike[str],
    source: str,
    target: str,
    *,
    target_prefix: str = "",
    source_token: str = "",
    source_eos: bool | None = None,
    license: str | None = None,
    name: str | None = None,
    version: str = "1.0",
    sentencepiece: str | os.PathLike[str] | None = None,
) -> PackageInfo:
    """Wrap a CTranslate2 model folder and its SentencePiece model as an installed package.

    For NLLB-200 give ``target_prefix="hye_Armn"`` and ``source_token="eng_Latn"``; for
    M2M100 ``"__hy__"`` and ``"__en__"``; OPUS-MT needs neither but ``source_eos=True`` (its
    ``target.spm`` is used to decode when present). The SentencePiece model is
    ``sentencepiece`` or the first of ``sentencepiece.model``, ``sentencepiece.bpe.model``,
    ``spm.model``, ``source.spm``.

    :param model_dir: a folder with the CTranslate2 ``model.bin`` and its vocabulary files.
    :param source: source language code (``en``).
    :param target: target language code (``hy``).
    :param target_prefix: a token forced at the start of the output and stripped from it.
    :param source_token: a token put before the source tokens.
    :param source_eos: end every input with ``</s>`` (default: when ``source_token`` is given).
    :param license: the model's licence (recorded in every translation made with it).
    :param name: the package name (default ``translate-<source>_<target>-<folder name>``).
    :param version: the package version.
    :param sentencepiece: the SentencePiece model, if it is not in ``model_dir``.
    """
    src_dir = Path(model_dir)
    if not (src_dir / "model.bin").is_file():
        raise TranslateError(f"{src_dir}: no model.bin: not a CTranslate2 model folder")
    for code in (source, target):
        if not _CODE.match(code):
            raise TranslateError(f"{code!r} is not a language code")
    spm = (
        Path(sentencepiece)
        if sentencepiece
        else next((src_dir / n for n in _SPM_NAMES if (src_dir / n).is_file()), None)
    )
    if spm is None or not spm.is_file():
        raise TranslateError(f"{src_dir}: no SentencePiece model (give one with --sentencepiece)")
    package_name = name or f"translate-{source}_{target}-{_slug(src_dir.resolve().name)}"
    if not _NAME.match(package_name):
        raise TranslateError(f"{package_name!r} is not a valid package name")
    meta: dict[str, Any] = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": source,
        "from_name": source,
        "to_code": target,
        "to_name": target,
        "type": "translate",
        "links": [],
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    if source_token:
        meta["source_token"] = source_token
    if source_eos if source_eos is not None else bool(source_token):
        meta["source_eos"] = True
    if license:
        meta["license"] = license
    dest_dir = packages_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".archivepub-add-", dir=dest_dir))
    try:
        pkg = staging / package_name
        (pkg / "model").mkdir(parents=True)
        skip = {spm.resolve()}
        for item in sorted(src_dir.iterdir()):
            if item.is_file() and not item.is_symlink() and item.resolve() not in skip:
                if item.name == "target.spm":
                    shutil.copyfile(item, pkg / "target_sentencepiece.model")
                    meta["target_sentencepiece"] = "target_sentencepiece.model"
                elif item.suffix not in (".spm",):
                    shutil.copyfile(item, pkg / "model" / item.name)
        shutil.copyfile(spm, pkg / "sentencepiece.model")
        (pkg / "metadata.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        (pkg / "README.md").write_text(
            f"CTranslate2 model {src_dir.name} ({source} -> {target}), added by `archivepub models add`.\n",
            encoding="utf-8",
        )
        info = _read_package(pkg)
        _move_into_place(pkg, dest_dir / package_name)
    except OSError as exc:
        raise TranslateError(f"{src_dir}: cannot add the model: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _read_package(dest_dir / info.name)


def remove_package(name: str) -> None:
    """Remove the installed package called ``name`` (its folder name)."""
    for package in installed_packages():
        if package.name == name:
            with contextlib.suppress(FileNotFoundError):
                shutil.rmtree(package.path)
            return
    raise TranslateError(f"no installed package called {name!r} (see `archivepub models list`)")


def _download(url: str, dest: Path, what: str) -> None:
    """Fetch ``url`` into ``dest``; a failure is one :class:`TranslateError` line."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "archivepub"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response, open(dest, "wb") as out:
            while chunk := response.read(1 << 20):
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise TranslateError(f"cannot download {what} from {url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise TranslateError(f"cannot download {what} from {url}: {exc.reason} (offline?)") from exc
    except (OSError, ValueError) as exc:
        raise TranslateError(f"cannot download {what} from {url}: {exc}") from exc


def fetch_package(source: str, target: str) -> PackageInfo:
    """Download the Argos index's package for ``source`` -> ``target`` and install it.

    The only function of archivepub that uses the network, and only when called
    (``archivepub models fetch``). The index is downloaded to argostranslate's index file and
    read with ``argostranslate.package``; the package is downloaded next to the packages folder
    and installed with the checks of :func:`install_package`. A network failure is a
    :class:`~archivepub.errors.TranslateError` with one line of explanation.

    :param source: source language code.
    :param target: target language code.
    """
    argos_package = _argos("package")
    settings = _argos("settings")

    from archivepub._io import atomic_write

    index = Path(settings.local_package_index)
    dest_dir = packages_dir()
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".archivepub-fetch-", dir=dest_dir) as tmp:
        fetched = Path(tmp) / "index.json"
        _download(str(settings.remote_package_index), fetched, "the Argos package index")
        try:
            atomic_write(index, fetched.read_bytes())
            available = argos_package.get_available_packages()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise TranslateError(f"{index}: unreadable Argos package index: {exc}") from exc
        match = [p for p in available if p.from_code == source and p.to_code == target]
        if not match:
            pairs = ", ".join(
                sorted(f"{p.from_code}->{p.to_code}" for p in available if p.type == "translate")
            )
            raise TranslateError(f"the Argos index has no {source} -> {target} package (it has: {pairs})")
        links = [str(link) for link in (match[0].links or [])]
        if not links:
            raise TranslateError(f"the Argos index names no address for the {source} -> {target} package")
        downloaded = Path(tmp) / "package.argosmodel"
        failure: TranslateError | None = None
        for link in links:  # mirrors, in the index's order
            try:
                _download(link, downloaded, f"the {source} -> {target} package")
            except TranslateError as exc:
                failure = failure or exc
                continue
            return install_package(downloaded)
        assert failure is not None
        raise failure
