"""Shared fixtures: real external validators (epubcheck, tei_all.rng), started once per session."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from lxml import etree

import ct2_models
from archivepub.readers.tei import BUNDLED_SCHEMA, compile_schema
from translation_samples import Models, install

# --- Hypothesis --------------------------------------------------------------------------

# The property tests draw the same examples on every run by default, so CI on a clean clone
# passes or fails for a change in the code, never for a lucky draw. `explore` draws new
# examples each run: how bugs are looked for (docs/development.md, "Property tests").
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("ARCHIVEPUB_HYPOTHESIS", "repeatable"))

# --- epubcheck -------------------------------------------------------------------------------

#: Where Debian's ``epubcheck`` package (and others) put the epubcheck jar.
_EPUBCHECK_JARS = (
    "/usr/bin/epubcheck",
    "/usr/share/java/epubcheck.jar",
    "/usr/share/epubcheck/epubcheck.jar",
)

#: Checks several files in one JVM (epubcheck's own command line takes one file; each JVM start
#: costs seconds). Run with Java's single-file source launcher against the epubcheck jar.
_BATCH_JAVA = """\
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubcheckBatch {
    public static void main(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            int code = new EpubChecker().run(new String[] {args[i], "--quiet", "--json", args[i + 1]});
            System.out.println("epubcheck-exit " + code + " " + args[i]);
        }
    }
}
"""


@dataclass(frozen=True)
class EpubcheckResult:
    """epubcheck's verdict on one file: counts by severity and the messages themselves."""

    path: Path
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]

    @property
    def clean(self) -> bool:
        """True when epubcheck found no fatal error, no error and no warning."""
        return self.fatals == 0 and self.errors == 0 and self.warnings == 0


class Epubcheck:
    """Runs the epubcheck jar on many EPUB files with as few JVM starts as possible."""

    def __init__(self, java: str, jar: str, workdir: Path) -> None:
        self.java = java
        self.jar = jar
        self.workdir = workdir
        self.source = workdir / "EpubcheckBatch.java"
        self.source.write_text(_BATCH_JAVA, encoding="utf-8")

    def check(self, paths: Sequence[Path]) -> dict[Path, EpubcheckResult]:
        """Validate ``paths`` (one JVM for all of them) and return each file's result."""
        reports = {path: self.workdir / f"report-{n}-{path.name}.json" for n, path in enumerate(paths)}
        args = [str(a) for path in paths for a in (path, reports[path])]
        batch = subprocess.run(
            [self.java, "-cp", self.jar, str(self.source), *args],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if batch.returncode != 0 or not all(r.exists() for r in reports.values()):
            # the source launcher needs the jdk.compiler module; fall back to one JVM per file
            for path, report in reports.items():
                subprocess.run(
                    [self.java, "-jar", self.jar, str(path), "--quiet", "--json", str(report)],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    check=False,
                )
        return {path: self._result(path, report) for path, report in reports.items()}

    @staticmethod
    def _result(path: Path, report: Path) -> EpubcheckResult:
        if not report.exists():
            return EpubcheckResult(path, 1, 0, 0, ("epubcheck wrote no report",))
        data = json.loads(report.read_text(encoding="utf-8"))
        checker = data["checker"]
        messages = tuple(
            f"{m['severity']} {m['ID']}: {m['message']} "
            + ", ".join(f"{loc.get('path')}:{loc.get('line')}" for loc in m.get("locations", []))
            for m in data.get("messages", [])
        )
        return EpubcheckResult(path, checker["nFatal"], checker["nError"], checker["nWarning"], messages)


@pytest.fixture(scope="session")
def epubcheck() -> Iterator[Epubcheck]:
    """The real epubcheck (Debian package ``epubcheck`` + a Java runtime); skipped if missing."""
    java = shutil.which("java")
    jar = next((j for j in _EPUBCHECK_JARS if Path(j).is_file()), None)
    if java is None or jar is None:
        pytest.skip("epubcheck is not installed (Debian: apt-get install epubcheck default-jre-headless)")
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as workdir:
        yield Epubcheck(java, jar, Path(workdir))


# --- TEI P5 schema ----------------------------------------------------------------------------

#: The ``tei_all`` schema archivepub ships (TEI P5 4.7.0), the one ``archivepub validate`` uses.
TEI_ALL = BUNDLED_SCHEMA


class TeiSchema:
    """A compiled RelaxNG schema with an assertion helper that shows every error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # the same cache archivepub's validate_tei uses: one compilation per session
        self.relaxng = compile_schema(str(path))

    def errors(self, xml: str | bytes) -> list[str]:
        """Return the schema errors of ``xml`` (an empty list when it is valid)."""
        data = xml.encode("utf-8") if isinstance(xml, str) else xml
        tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
        if self.relaxng.validate(tree):
            return []
        return [f"line {e.line}: {e.message}" for e in self.relaxng.error_log]

    def assert_valid(self, xml: str | bytes) -> None:
        """Fail with every schema error (and the document) unless ``xml`` is valid TEI."""
        errors = self.errors(xml)
        if errors:
            text = xml if isinstance(xml, str) else xml.decode("utf-8", "replace")
            pytest.fail("not valid against tei_all.rng:\n" + "\n".join(errors) + "\n\n" + text)


@pytest.fixture(scope="session")
def tei_schema() -> TeiSchema:
    """The bundled tei_all.rng, compiled once per session (about 10 s)."""
    return TeiSchema(TEI_ALL)


# --- translation (real tiny CTranslate2 models; no network) ------------------------------------


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may open a network connection: any attempt fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted in a test: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(scope="session")
def models(tmp_path_factory: pytest.TempPathFactory) -> Models:
    """Real CTranslate2 models built once (copy: identity; random: garbage) and their
    ``.argosmodel`` files: copy models en -> ru/hy/az, ru/hy/az -> en, a random en -> ru."""
    base = tmp_path_factory.mktemp("ct2")
    copy_root = ct2_models.build_model(base / "copy", mode="copy", extra_tokens=("eng_Latn", "hye_Armn"))
    random_root = ct2_models.build_model(base / "random", mode="random", seed=1)
    files: dict[str, Path] = {}
    for source, target in (
        ("en", "ru"),
        ("en", "hy"),
        ("en", "az"),
        ("ru", "en"),
        ("hy", "en"),
        ("az", "en"),
    ):
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
    """An empty ``ARGOS_PACKAGES_DIR`` for this test; argostranslate's own folders (made when
    it is first imported) go under ``tmp_path`` too."""
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(key, str(tmp_path / "xdg" / key.lower()))
    path = tmp_path / "packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(path))
    return path


@pytest.fixture
def copy_models(models: Models, packages_dir: Path) -> Path:
    """Copy (identity) models en -> ru, hy, az installed with ``archivepub models install``."""
    install(models.files["copy-en_ru"], models.files["copy-en_hy"], models.files["copy-en_az"])
    return packages_dir
