"""The batch build of the bundled archive: editions, validity, bags, incremental, atomic."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest
from lxml import etree

from archivepub.build import ORIGINS, BuildOptions, BuildReport, build_archive, load_config
from archivepub.cli import main
from archivepub.errors import ReadError
from archivepub.transforms.backends import argos
from conftest import Epubcheck, TeiSchema
from translation_samples import Models

REPO = Path(__file__).resolve().parents[1]
ARCHIVE = REPO / "archive"
ARTICLES = sorted(p.name for p in ARCHIVE.iterdir() if p.is_dir())
SOURCE_LANGUAGES = {
    "coastal-archives": "en",
    "three-alphabets": "en",
    "glass-negatives": "ru",
    "gyumri-newspapers": "hy",
    "molla-nasreddin": "az",
}
#: (article, language) of every edition: the original, and ru, hy, az where they differ from it
EDITIONS = sorted({(a, lang) for a, src in SOURCE_LANGUAGES.items() for lang in (src, "ru", "hy", "az")})


def tree(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (the lock file and the manifest left out)."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in (".lock", "build-manifest.json"):
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def environment(models: Models, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Copy models en <-> ru, hy, az installed in a packages folder of this module's own."""
    base = tmp_path_factory.mktemp("build-env")
    env = {
        "ARGOS_PACKAGES_DIR": str(base / "packages"),
        "XDG_DATA_HOME": str(base / "xdg-data"),
        "XDG_CONFIG_HOME": str(base / "xdg-config"),
        "XDG_CACHE_HOME": str(base / "xdg-cache"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        for name, file in models.files.items():
            if name.startswith("copy-"):
                argos.install_package(file)
        yield env


def copy_archive(dest: Path) -> Path:
    """A copy of the bundled archive (and of the locales beside it, if any) under ``dest``."""
    shutil.copytree(ARCHIVE, dest / "archive")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", dest / "locales")
    return dest / "archive"


@pytest.fixture(scope="module")
def built(environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """The bundled archive built once, in two worker processes, with bilingual editions."""
    base = tmp_path_factory.mktemp("built")
    archive = copy_archive(base)
    dist = base / "dist"
    report = build_archive(archive, dist, BuildOptions(jobs=2, bilingual=True))
    return dist, report


def test_bundled_archive_builds_every_edition(built: tuple[Path, BuildReport]) -> None:
    dist, report = built
    assert [a.id for a in report.articles] == ARTICLES
    assert all(a.status == "built" for a in report.articles), [a.error for a in report.failed]
    assert report.exit_code == 0
    for article_id, source in SOURCE_LANGUAGES.items():
        languages = {source, "ru", "hy", "az"}
        # beside the language folders, the images the TEI editions name by ../images/...
        images = {"images"} if (ARCHIVE / article_id / "images").is_dir() else set()
        assert {p.name for p in (dist / article_id).iterdir()} == languages | images
        for tei in (dist / article_id).glob("*/*.tei.xml"):
            for url in re.findall(r'<graphic url="([^"]+)"', tei.read_text(encoding="utf-8")):
                assert (tei.parent / url).is_file(), (tei, url)
        for lang in languages:
            folder = dist / article_id / lang
            expected = {f"{article_id}.{lang}.{ext}" for ext in ("epub", "tei.xml", "json")}
            if lang != source:
                expected.add(f"{article_id}.{source}-{lang}.epub")
            assert {p.name for p in folder.iterdir()} == expected
            doc = json.loads((folder / f"{article_id}.{lang}.json").read_text(encoding="utf-8"))
            if lang != source:
                assert doc["metadata"]["language"] == {"az": "az-Latn"}.get(lang, lang)
                assert doc["metadata"]["source_language"].split("-")[0] == source
        assert (dist / "bags" / article_id / "bagit.txt").is_file()
    assert not (dist / ".tmp").exists()


def test_every_epub_passes_epubcheck(built: tuple[Path, BuildReport], epubcheck: Epubcheck) -> None:
    dist, _ = built
    epubs = sorted(p for p in dist.rglob("*.epub") if "bags" not in p.parts)
    # every edition (the original and each translation) and a bilingual one per translation
    assert len(epubs) == len(EDITIONS) + len(EDITIONS) - len(SOURCE_LANGUAGES)
    results = epubcheck.check(epubs)
    bad = {path.name: r.messages for path, r in results.items() if not r.clean}
    assert not bad


def test_every_tei_is_valid_and_points_at_its_original(
    built: tuple[Path, BuildReport], tei_schema: TeiSchema
) -> None:
    dist, _ = built
    teis = sorted(p for p in dist.rglob("*.tei.xml") if "bags" not in p.parts)
    assert len(teis) == len(EDITIONS)
    for path in teis:
        data = path.read_bytes()
        tei_schema.assert_valid(data)
        article_id, lang = path.name.split(".")[:2]
        if lang == SOURCE_LANGUAGES[article_id]:
            continue
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        targets = {c for c in root.xpath("//@corresp") if "#" in c}
        assert targets, path
        for target in targets:
            file, _, ident = target.partition("#")
            original = (path.parent / file).resolve()
            assert original.is_file(), target
            ids = set(etree.parse(str(original)).getroot().xpath("//@xml:id"))
            assert ident in ids, target


def test_every_bag_validates_and_holds_the_article(built: tuple[Path, BuildReport]) -> None:
    dist, _ = built
    for article_id, source in SOURCE_LANGUAGES.items():
        bag = bagit.Bag(str(dist / "bags" / article_id))
        bag.validate()
        assert sorted(bag.algorithms) == ["sha256", "sha512"]
        assert bag.info["Source-Organization"] == "archivepub project"
        assert bag.version_info == (1, 0)
        assert bag.info["Contact-Name"] == "archivepub sample archive team"  # archivepub.toml's
        assert bag.info["Bag-Group-Identifier"] == "archivepub-sample-archive"
        assert bag.info["External-Identifier"] == article_id
        assert bag.info["Payload-Oxum"]
        assert len(bag.info["Bagging-Date"]) == 10
        payload = set(bag.payload_files())
        source_files = {
            f"data/source/{p.relative_to(ARCHIVE / article_id).as_posix()}"
            for p in (ARCHIVE / article_id).rglob("*")
            if p.is_file()
        }
        assert source_files <= payload
        for lang in {source, "ru", "hy", "az"}:
            for ext in ("epub", "tei.xml", "json"):
                name = f"{article_id}.{lang}.{ext}"
                assert f"data/editions/{lang}/{name}" in payload
                edition = dist / article_id / lang / name
                assert (dist / "bags" / article_id / "data" / "editions" / lang / name).read_bytes() == (
                    edition.read_bytes()
                )
        record = json.loads((dist / "bags" / article_id / "data" / "provenance.json").read_text("utf-8"))
        assert record["article"] == article_id
        assert record["source"]["language"].split("-")[0] == source
        assert record["versions"]["archivepub"]
        assert record["versions"]["ebooklib"]
        translations = record["translations"]
        assert set(translations) == {"ru", "hy", "az"} - {source}
        for lang in translations:
            catalog = REPO / "locales" / lang / "LC_MESSAGES" / f"{article_id}.po"
            if catalog.is_file():
                bagged = dist / "bags" / article_id / "data" / "locales" / lang / "LC_MESSAGES" / catalog.name
                assert bagged.read_bytes() == catalog.read_bytes()
        for lang, entry in translations.items():
            # the title (and the standfirst, where there is one) are recorded and counted too
            assert len(entry["title"]) >= 1, lang
            segments = [
                *entry["title"],
                *entry["subtitle"],
                *(s for b in entry["blocks"] for s in b["segments"]),
            ]
            origins = [s["origin"] for s in segments]
            assert origins, lang
            assert {o: origins.count(o) for o in ORIGINS} == entry["segments"]
            # every segment whose origin is machine names a model the record lists
            named = {m["name"] for m in entry["models"]}
            assert all(s["model"] in named for s in segments if s["origin"] == "machine")


def test_the_bundled_archive_is_published_with_reviewed_text(built: tuple[Path, BuildReport]) -> None:
    """The team's reviewed catalogs cover every segment: no machine output, nothing untranslated."""
    _, report = built
    counts = report.segments()
    assert set(counts) == {"ru", "hy", "az"}
    for lang, row in counts.items():
        assert row["reviewed"] > 0, lang
        assert row["reviewed"] == sum(row.values()), (lang, row)


@pytest.fixture(scope="module")
def built_by_models(
    environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BuildReport]:
    """The bundled archive built with no catalogs: every translation comes from the copy models."""
    base = tmp_path_factory.mktemp("built-by-models")
    shutil.copytree(ARCHIVE, base / "archive")
    (base / "no-locales").mkdir()
    options = BuildOptions(jobs=2, formats=("json",), locales=base / "no-locales")
    return base / "dist", build_archive(base / "archive", base / "dist", options)


def test_copy_models_give_machine_provenance(built_by_models: tuple[Path, BuildReport]) -> None:
    dist, report = built_by_models
    ru = json.loads((dist / "coastal-archives" / "ru" / "coastal-archives.ru.json").read_text("utf-8"))
    assert [m["name"] for m in ru["metadata"]["models"]] == ["translate-en_ru-0_1"]
    origins = {p["origin"] for b in ru["blocks"] for p in b.get("provenance", [])}
    assert origins == {"machine"}
    # the title and the standfirst say they are machine output from the same model
    machine = {"origin": "machine", "model": "translate-en_ru-0_1"}
    assert ru["metadata"]["title_provenance"] == [machine]
    assert ru["metadata"]["subtitle_provenance"] == [machine] * len(ru["metadata"]["subtitle_provenance"])
    # Russian to Armenian goes through English: both models are recorded
    hy = json.loads((dist / "glass-negatives" / "hy" / "glass-negatives.hy.json").read_text("utf-8"))
    assert [m["name"] for m in hy["metadata"]["models"]] == ["translate-ru_en-0_1", "translate-en_hy-0_1"]
    counts = report.segments()
    assert set(counts) == {"ru", "hy", "az"}
    assert all(c["machine"] > 0 and c["untranslated"] == 0 for c in counts.values())


def test_meta_toml_overrides_what_the_page_lacks(built: tuple[Path, BuildReport]) -> None:
    dist, _ = built
    ru = json.loads((dist / "glass-negatives" / "ru" / "glass-negatives.ru.json").read_text("utf-8"))
    assert (
        ru["metadata"]["source_url"] == "https://vestnik-goroda.example/kultura/2023/03/steklyannaya-pamyat/"
    )
    # its relative links now resolve against that address (no link is dropped from the EPUB)
    text = json.dumps(ru)
    assert "https://vestnik-goroda.example/spravochnik/muzei/" in text
    tei = (dist / "three-alphabets" / "hy" / "three-alphabets.hy.tei.xml").read_text("utf-8")
    assert "CC BY-SA 4.0" in tei
    assert "CC BY 4.0" in (dist / "coastal-archives" / "en" / "coastal-archives.en.tei.xml").read_text(
        "utf-8"
    )


def test_two_builds_are_byte_identical(built: tuple[Path, BuildReport], tmp_path: Path) -> None:
    dist, _ = built
    archive = copy_archive(tmp_path)
    again = build_archive(archive, tmp_path / "dist", BuildOptions(jobs=1, bilingual=True))
    assert again.exit_code == 0
    assert tree(tmp_path / "dist") == tree(dist)


def run_cli(*args: str) -> tuple[int, dict[str, Any]]:
    """Run ``archivepub build ... --json`` in this process; return the exit code and report."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["build", *args, "--json", "--quiet"])
    return code, json.loads(out.getvalue())


def test_second_run_skips_everything_and_force_rebuilds(environment: dict[str, str], tmp_path: Path) -> None:
    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    code, first = run_cli(str(archive), "-o", str(dist), "--jobs", "1", "--langs", "ru,hy")
    assert code == 0
    assert first["totals"]["built"] == 5
    before = {p: p.stat().st_mtime_ns for p in dist.rglob("*") if p.is_file() and p.name != ".lock"}
    code, second = run_cli(str(archive), "-o", str(dist), "--jobs", "1", "--langs", "ru,hy")
    assert code == 0
    assert second["totals"]["skipped"] == 5
    assert second["totals"]["built"] == 0
    assert second["totals"]["segments"] == first["totals"]["segments"]
    assert [a["editions"] for a in second["articles"]] == [a["editions"] for a in first["articles"]]
    manifest = dist / "build-manifest.json"
    assert {p: p.stat().st_mtime_ns for p in before if p != manifest} == {
        p: t for p, t in before.items() if p != manifest
    }
    # an edited source rebuilds that article only
    source = archive / "three-alphabets" / "article.txt"
    source.write_text(source.read_text("utf-8").replace("212 letters", "213 letters"), "utf-8")
    code, third = run_cli(str(archive), "-o", str(dist), "--jobs", "1", "--langs", "ru,hy")
    statuses = {a["id"]: a["status"] for a in third["articles"]}
    assert statuses.pop("three-alphabets") == "built"
    assert set(statuses.values()) == {"skipped"}
    assert "213 letters" in (dist / "three-alphabets" / "en" / "three-alphabets.en.json").read_text("utf-8")
    # --force rebuilds every article, into the same bytes
    snapshot = tree(dist)
    code, forced = run_cli(str(archive), "-o", str(dist), "--jobs", "1", "--langs", "ru,hy", "--force")
    assert code == 0
    assert forced["totals"]["built"] == 5
    assert tree(dist) == snapshot


def test_json_report_matches_the_files(environment: dict[str, str], tmp_path: Path) -> None:
    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    code, report = run_cli(str(archive), "-o", str(dist), "--jobs", "2", "--formats", "epub,json")
    assert code == 0
    listed = {e for a in report["articles"] for e in a["editions"]}
    on_disk = {
        p.relative_to(dist).as_posix()
        for p in dist.rglob("*")
        if p.is_file() and p.parts[len(dist.parts)] not in ("bags",) and p.parent != dist
    }
    assert listed == on_disk
    assert not any(e.endswith(".tei.xml") for e in listed)
    assert report["totals"]["editions"] == len(listed) == len(EDITIONS) * 2
    for article in report["articles"]:
        assert (dist / article["bag"] / "bag-info.txt").is_file()
        for lang, counts in article["segments"].items():
            data = json.loads(
                (dist / article["id"] / lang / f"{article['id']}.{lang}.json").read_text("utf-8")
            )
            meta = data["metadata"]
            provenance = [p["origin"] for b in _blocks(data) for p in b.get("provenance", [])]
            provenance += [
                p["origin"] for key in ("title_provenance", "subtitle_provenance") for p in meta.get(key, [])
            ]
            assert counts["machine"] == provenance.count("machine")
            assert sum(counts.values()) == len(provenance)


def _blocks(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    def walk(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for block in blocks:
            yield block
            for key in ("blocks",):
                if key in block:
                    yield from walk(block[key])
            for item in block.get("items", []):
                yield from walk(item)

    yield from walk(data["blocks"])
    for note in data["footnotes"]:
        yield from walk(note["blocks"])


def test_a_broken_article_is_reported_and_the_others_build(
    environment: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = copy_archive(tmp_path)
    (archive / "coastal-archives" / "meta.toml").write_text(
        'licence = "CC0"\nauthors = "A. Person"\n', "utf-8"
    )
    (archive / "no-source").mkdir()
    (archive / "no-source" / "notes.md").write_text("not an article", "utf-8")
    dist = tmp_path / "dist"
    code = main(["build", str(archive), "-o", str(dist), "--jobs", "2", "--langs", "ru"])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{archive / 'coastal-archives' / 'meta.toml'}:2: authors must be a list of strings" in err
    assert "no-source" in err
    assert "no source" in err
    for article_id in SOURCE_LANGUAGES:
        if article_id != "coastal-archives":
            assert (dist / article_id / "ru" / f"{article_id}.ru.epub").is_file()
    assert not (dist / "coastal-archives").exists()
    assert not (dist / "no-source").exists()
    # fixed, the next run builds it and skips the others
    (archive / "coastal-archives" / "meta.toml").write_text(
        'licence = "CC0"\nauthors = ["A. Person"]\n', "utf-8"
    )
    shutil.rmtree(archive / "no-source")
    code, report = run_cli(str(archive), "-o", str(dist), "--jobs", "1", "--langs", "ru")
    assert code == 0
    assert {a["id"]: a["status"] for a in report["articles"]}["coastal-archives"] == "built"
    assert report["totals"]["skipped"] == 4
    en = json.loads((dist / "coastal-archives" / "en" / "coastal-archives.en.json").read_text("utf-8"))
    assert en["metadata"]["authors"] == ["A. Person"]


def test_malformed_archivepub_toml_exits_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = copy_archive(tmp_path)
    config = archive / "archivepub.toml"
    config.write_text('publisher = "P"\n\nlanguages = ["ru", "hy"\norganisation = "O"\n', "utf-8")
    code = main(["build", str(archive), "-o", str(tmp_path / "dist")])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{config}:4:" in err
    assert "Traceback" not in err
    assert not (tmp_path / "dist").exists()
    config.write_text('publisher = "P"\nlicense = "CC0"\n', "utf-8")
    with pytest.raises(ReadError, match=r"archivepub.toml:2: unknown key 'license'"):
        load_config(archive)
    assert main(["build", str(archive), "-o", str(tmp_path / "dist")]) == 2


def test_removed_article_outputs_are_removed(environment: dict[str, str], tmp_path: Path) -> None:
    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    options = BuildOptions(jobs=1, languages=("ru",), formats=("json",))
    assert build_archive(archive, dist, options).exit_code == 0
    shutil.rmtree(archive / "molla-nasreddin")
    report = build_archive(archive, dist, options)
    assert [a.id for a in report.articles] == [a for a in ARTICLES if a != "molla-nasreddin"]
    assert not (dist / "molla-nasreddin").exists()
    assert not (dist / "bags" / "molla-nasreddin").exists()


@pytest.mark.parametrize(("moment", "jobs"), [("working", "1"), ("installing", "1"), ("working", "2")])
def test_a_killed_build_leaves_no_partial_file_and_the_next_run_finishes(
    built: tuple[Path, BuildReport], environment: dict[str, str], tmp_path: Path, moment: str, jobs: str
) -> None:
    reference, _ = built
    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    env = {**os.environ, **environment}
    command = [sys.executable, "-m", "archivepub", "build", str(archive), "-o", str(dist), "--bilingual"]
    process = subprocess.Popen([*command, "--jobs", jobs], env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if moment == "working" and _staged_editions(dist):
                break
            if moment == "installing" and (dist / ARTICLES[0]).is_dir():
                break
            time.sleep(0.002)
        assert process.poll() is None, "the build ended before it could be killed"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait()
        assert process.stderr is not None
        process.stderr.close()
    # its worker processes die with it (they would otherwise go on translating)
    assert _wait_for_no_process_naming(str(dist)), "a worker outlived the killed build"
    expected = tree(reference)
    left = tree(dist)
    finished = {k: v for k, v in left.items() if not k.startswith(".tmp/")}
    assert len(finished) < len(expected)
    # every file outside the work folder is complete: the same bytes as a whole build
    assert {k: expected.get(k) for k in finished} == finished
    manifest = dist / "build-manifest.json"
    if manifest.exists():
        json.loads(manifest.read_text("utf-8"))
    rerun = subprocess.run([*command, "--jobs", "2"], env=env, capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    assert tree(dist) == expected


def _wait_for_no_process_naming(text: str, timeout: float = 10) -> bool:
    """Wait until no process has ``text`` in its command line; False if one still does."""
    deadline = time.monotonic() + timeout
    while True:
        alive = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if text.encode() in cmdline.read_bytes():
                    alive.append(cmdline.parent.name)
            except OSError:
                continue
        if not alive:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal, as stderr is in an interactive shell."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True], ids=["plain", "terminal"])
def test_progress_and_summary(built: tuple[Path, BuildReport], terminal: bool) -> None:
    from archivepub import _build_ui

    _, report = built
    stream = _Terminal() if terminal else io.StringIO()
    with _build_ui.progress(stream) as show:
        assert show is not None
        for n, article in enumerate(report.articles, start=1):
            show(article, n, len(report.articles))
    _build_ui.summary(report, stream)
    text = stream.getvalue()
    if not terminal:
        assert f"archivepub: [1/5] built {ARTICLES[0]}" in text.splitlines()
    totals = report.segments()
    assert "5 articles: 5 built, 0 skipped (unchanged), 0 failed" in text
    for lang, counts in totals.items():
        row = next(line for line in text.splitlines() if line.strip(" │|").startswith(lang + " "))
        assert [int(c) for c in row.replace("│", " ").split()[1:]] == [counts[o] for o in ORIGINS]


def test_two_builds_cannot_write_into_one_dist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    held = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)  # what a running build holds: DIST itself
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert main(["build", str(archive), "-o", str(dist), "--jobs", "1"]) == 2
    finally:
        os.close(held)
    assert "another build is writing into this folder" in capsys.readouterr().err
    assert list(dist.iterdir()) == []


def test_readme_first_command_builds_the_bundled_archive_offline(tmp_path: Path, packages_dir: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("\n", 1)[0].split("#", 1)[0]
    steps = [step.split() for step in first.split("&&")]
    assert steps[0][:3] == ["python3", "-m", "venv"]
    assert steps[1][:3] == [".venv/bin/pip", "install", "-e"]
    assert steps[-1] == [".venv/bin/archivepub", "build"]
    # the build step, in a copy of the repository's archive, with no translation model installed
    copy_archive(tmp_path)
    script = Path(sys.executable).with_name("archivepub")
    result = subprocess.run(
        [str(script), *steps[-1][1:]], cwd=tmp_path, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "5 articles: 5 built, 0 skipped (unchanged), 0 failed" in result.stderr
    for article_id, lang in EDITIONS:
        for ext in ("epub", "tei.xml", "json"):
            assert (tmp_path / "dist" / article_id / lang / f"{article_id}.{lang}.{ext}").is_file()
    for article_id in SOURCE_LANGUAGES:
        bagit.Bag(str(tmp_path / "dist" / "bags" / article_id)).validate()


def _ctrl_c_as_at_a_terminal() -> None:
    """In the child: SIGINT does what it does for a command started at a terminal. A shell
    starting a job in the background without job control (``cmd &`` in a script, as a CI
    runner may) makes it ignored, and Python keeps an ignored SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _staged_editions(dist: Path) -> bool:
    """True once the build has staged an edition (the scratch folders come and go meanwhile)."""
    try:
        return any((dist / ".tmp").glob("*/*/editions/*/*"))
    except FileNotFoundError:  # a folder went between being listed and being read
        return False


def test_ctrl_c_stops_cleanly(
    built: tuple[Path, BuildReport], environment: dict[str, str], tmp_path: Path
) -> None:
    reference, _ = built
    archive = copy_archive(tmp_path)
    dist = tmp_path / "dist"
    command = [sys.executable, "-m", "archivepub", "build", str(archive), "-o", str(dist), "--bilingual"]
    process = subprocess.Popen(
        [*command, "--jobs", "2"],
        env={**os.environ, **environment},
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_at_a_terminal,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if _staged_editions(dist):
                break
            time.sleep(0.002)
        assert process.poll() is None, "the build ended before it could be interrupted"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
    finally:  # whatever fails above, no build is left running behind the test
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert "interrupted; the next build finishes the work" in err
    assert "Traceback" not in err
    assert not (dist / ".tmp").exists()
    expected = tree(reference)
    assert {k: expected.get(k) for k in tree(dist)} == tree(dist)


@pytest.mark.parametrize(
    "args", [["--formats", "pdf"], ["--jobs", "0"], ["--langs", ","], ["--langs", "Russian"]], ids=str
)
def test_bad_options_exit_2(args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = copy_archive(tmp_path)
    try:
        code = main(["build", str(archive), "-o", str(tmp_path / "dist"), *args])
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "error" in err
    assert not (tmp_path / "dist").exists()


def test_manifest_saved_in_pieces_is_the_json_of_the_whole(tmp_path: Path) -> None:
    # the manifest is written one article at a time (a save of thousands of articles every
    # few seconds holds no second copy of them); its text must be the JSON of the whole, and
    # the next build must read it back: every report built, skipped ones kept as saved
    from archivepub.build.plan import _load_manifest, _save_manifest
    from archivepub.build.report import MANIFEST_FORMAT, ArticleReport

    built = ArticleReport(
        id="b-article",
        status="skipped",  # a report shared with the build report is saved as built
        source_language="de",
        editions=["b-article/de/b-article.de.epub"],
        bag="bags/b-article",
        segments={"ru": {"memory": 3, "reviewed": 1}},
        warnings=["ru: 1 of 4 segments left untranslated — «Grüße»", 'a "quoted" \\ line\n'],
    )
    saved = {"id": "a-article", "status": "built", "editions": [], "segments": {}}
    manifest = {"b-article": {"key": "k2", "report": built}, "a-article": {"key": "k1", "report": saved}}
    _save_manifest(tmp_path, manifest)
    text = (tmp_path / "build-manifest.json").read_text("utf-8")
    whole = {
        "format": MANIFEST_FORMAT,
        "articles": {
            "a-article": {"key": "k1", "report": saved},
            "b-article": {"key": "k2", "report": {**built.to_dict(), "status": "built"}},
        },
    }
    assert text == json.dumps(whole, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert _load_manifest(tmp_path) == whole["articles"]
    _save_manifest(tmp_path, {})
    assert _load_manifest(tmp_path) == {}
    assert json.loads((tmp_path / "build-manifest.json").read_text("utf-8"))["articles"] == {}


def test_totals_are_the_json_reports_totals(built: tuple[Path, BuildReport]) -> None:
    _, report = built
    totals = report.totals()
    assert totals == report.to_dict()["totals"]
    assert (
        totals["articles"] == len(report.articles) == totals["built"] + totals["skipped"] + totals["failed"]
    )
    assert totals["editions"] == sum(len(a.editions) for a in report.articles) > 0
