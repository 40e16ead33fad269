"""A build never writes over what is not its own, and agrees with its outputs after any kill."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from archivepub.build import FAULT_ENV, MANIFEST_NAME, BuildOptions, build_archive
from archivepub.cli import main
from archivepub.errors import WriteError

ARTICLE_V1 = (
    "The harbour in winter\n\n"
    "The boats stayed in port all week while the storm passed over the coast.\n\n"
    "Fishing resumed on Monday, as the old hands had said it would, and the market reopened.\n\n"
    "The harbour master wrote every change of wind into the log, as his father had done.\n"
)
ARTICLE_V2 = ARTICLE_V1.replace("Monday", "Thursday")


def small_archive(base: Path) -> Path:
    archive = base / "archive"
    (archive / "harbour").mkdir(parents=True)
    (archive / "harbour" / "article.txt").write_text(ARTICLE_V1, encoding="utf-8")
    (base / "locales" / "ru").mkdir(parents=True)
    return archive


def options() -> BuildOptions:
    return BuildOptions(languages=("ru",), formats=("json",), jobs=1)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    "where",
    [
        "archive",
        "archive/harbour",
        "archive/out",
        ".",
        "locales",
        "locales/ru/out",
        "archive/harbour/article.txt",
    ],
)
def test_dist_may_not_be_hold_or_sit_inside_the_archive_or_the_locales(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = small_archive(tmp_path)
    before = snapshot(tmp_path)
    code = main(["build", str(archive), "-o", str(tmp_path / where), "--langs", "ru", "-q"])
    assert code == 2
    err = capsys.readouterr().err
    assert "archivepub: error:" in err
    assert "-o DIST" in err or "not a folder" in err
    assert snapshot(tmp_path) == before  # not a byte written, not a source lost


def test_a_memory_file_inside_dist_is_refused(tmp_path: Path) -> None:
    archive = small_archive(tmp_path)
    (tmp_path / "dist").mkdir()
    memory = tmp_path / "dist" / "tm.sqlite"
    with pytest.raises(WriteError, match="translation memory"):
        build_archive(archive, tmp_path / "dist", BuildOptions(languages=("ru",), memory=memory, jobs=1))


def test_a_non_empty_folder_that_holds_no_build_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = small_archive(tmp_path)
    home = tmp_path / "documents"
    home.mkdir()
    (home / "thesis.odt").write_bytes(b"years of work")
    assert main(["build", str(archive), "-o", str(home), "--langs", "ru", "-q"]) == 2
    assert "holds no archivepub build" in capsys.readouterr().err
    assert sorted(p.name for p in home.iterdir()) == ["thesis.odt"]
    # a foreign file named like the manifest does not make the folder ours either
    (home / MANIFEST_NAME).write_text("{}", encoding="utf-8")
    assert main(["build", str(archive), "-o", str(home), "--langs", "ru", "-q"]) == 2
    assert sorted(p.name for p in home.iterdir()) == [MANIFEST_NAME, "thesis.odt"]


def test_an_empty_folder_and_a_previous_build_are_accepted(tmp_path: Path) -> None:
    archive = small_archive(tmp_path)
    dist = tmp_path / "dist"
    dist.mkdir()
    assert build_archive(archive, dist, options()).exit_code == 0
    assert (dist / MANIFEST_NAME).is_file()
    again = build_archive(archive, dist, options())
    assert [a.status for a in again.articles] == ["skipped"]


def test_dist_that_is_a_device_is_refused_not_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = small_archive(tmp_path)
    assert main(["build", str(archive), "-o", "/dev/null", "--langs", "ru", "-q"]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert Path("/dev/null").is_char_device()


def test_a_killed_manifest_save_leaves_no_temporary_file_behind(tmp_path: Path) -> None:
    archive = small_archive(tmp_path)
    dist = tmp_path / "dist"
    build_archive(archive, dist, options())
    stale = dist / f".{MANIFEST_NAME}.k1ll3d.tmp"  # what a save killed mid-way left (older versions)
    stale.write_text('{"format": "archivepub-build/1", "articles": {}', encoding="utf-8")
    build_archive(archive, dist, options())
    assert not stale.exists()
    assert sorted(p.name for p in dist.iterdir() if p.name.startswith(".")) == []  # no lock file left


def _build(archive: Path, dist: Path, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(FAULT_ENV, None)
    if kill_at is not None:
        env[FAULT_ENV] = kill_at
    command = [sys.executable, "-m", "archivepub", "build", str(archive), "-o", str(dist)]
    command += ["--langs", "ru", "--formats", "json", "--jobs", "1", "-q"]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("step", ["marked", "installed-editions", "installed-bag", "saved"])
def test_a_kill_at_every_step_never_leaves_a_stale_manifest(
    step: str, tmp_path: Path, packages_dir: Path
) -> None:
    """Build v1; edit the source; kill the build at a step; revert the source to v1; build.

    The last build must publish v1 (before, a kill after installing the edited version's
    outputs left the manifest describing v1, and the last build skipped the article).
    """
    archive = small_archive(tmp_path)
    source = archive / "harbour" / "article.txt"
    dist = tmp_path / "dist"
    assert _build(archive, dist).returncode == 0
    v1 = (dist / "harbour" / "en" / "harbour.en.json").read_text(encoding="utf-8")
    assert "Monday" in v1

    source.write_text(ARTICLE_V2, encoding="utf-8")
    killed = _build(archive, dist, kill_at=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    source.write_text(ARTICLE_V1, encoding="utf-8")
    final = _build(archive, dist)
    assert final.returncode == 0, final.stderr
    assert (dist / "harbour" / "en" / "harbour.en.json").read_text(encoding="utf-8") == v1
    bag_source = dist / "bags" / "harbour" / "data" / "source" / "article.txt"
    assert bag_source.read_text(encoding="utf-8") == ARTICLE_V1
    manifest = json.loads((dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["articles"]) == {"harbour"}
    assert not (dist / ".tmp").exists()  # the marks went with the scratch folder, once recorded


@pytest.mark.parametrize("step", ["installed-editions", "installed-bag"])
def test_a_first_build_killed_after_installing_rebuilds_the_article(
    step: str, tmp_path: Path, packages_dir: Path
) -> None:
    """A first build marks nothing (the manifest records no article yet, so the next build
    rebuilds whatever it installed); killed half-way through installing one, the next build
    gives the same files as a build never killed."""
    archive = small_archive(tmp_path)
    clean = tmp_path / "clean"
    assert _build(archive, clean).returncode == 0
    dist = tmp_path / "dist"
    killed = _build(archive, dist, kill_at=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    final = _build(archive, dist)
    assert final.returncode == 0, final.stderr
    built, expected = snapshot(dist), snapshot(clean)
    assert built.pop(MANIFEST_NAME) == expected.pop(MANIFEST_NAME)
    assert built == expected
    manifest = json.loads((dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["articles"]["harbour"]["report"]["status"] == "built"


def test_outputs_are_made_durable_before_the_manifest_records_them(
    tmp_path: Path, packages_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A power cut must not leave the manifest recording an article whose files the disk never
    received (the next build would skip it): the file system is flushed before each save that
    records newly installed outputs, and not when nothing was installed."""
    import archivepub.build.archive as archive_module

    steps: list[str] = []
    from archivepub.build.dist import _sync as real_sync
    from archivepub.build.plan import _save_manifest as real_save

    def sync(folder: Path) -> None:
        steps.append("sync")
        real_sync(folder)

    def save(dist: Path, articles: Any) -> None:
        steps.append("save " + ",".join(sorted(articles)))
        real_save(dist, articles)

    monkeypatch.setattr(archive_module, "_sync", sync)
    monkeypatch.setattr(archive_module, "_save_manifest", save)
    archive = small_archive(tmp_path)
    build_archive(archive, tmp_path / "dist", options())
    assert steps[-2:] == ["sync", "save harbour"]
    assert steps.index("sync") == len(steps) - 2  # one flush, right before the save recording it
    steps.clear()
    build_archive(archive, tmp_path / "dist", options())  # all skipped: nothing to flush
    assert steps == ["save harbour"]


def test_the_bundled_sources_survive_a_build_into_the_archive(tmp_path: Path) -> None:
    """The reported case: ``archivepub build -o archive`` replaced every article's sources."""
    archive = tmp_path / "archive"
    shutil.copytree(Path(__file__).resolve().parents[1] / "archive", archive)
    before = snapshot(archive)
    with pytest.raises(WriteError, match="the archive"):
        build_archive(archive, archive, BuildOptions(languages=("ru",), jobs=1))
    assert snapshot(archive) == before


@pytest.mark.parametrize(
    "command",
    [
        ["parse", "{src}", "-o", "{out}"],
        ["export", "{src}", "--to", "tei", "-o", "{out}"],
        ["tm", "export", "--memory", "{tm}", "-o", "{out}"],
    ],
)
def test_output_to_a_device_or_a_pipe_writes_in_place(command: list[str], tmp_path: Path) -> None:
    """``-o /dev/null`` (as root this replaced the device node with a regular file) and ``-o FIFO``."""
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE_V1, encoding="utf-8")
    fill = {"src": str(source), "tm": str(tmp_path / "tm.sqlite")}
    assert main([part.format(out="/dev/null", **fill) for part in command]) == 0
    assert Path("/dev/null").is_char_device()

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with fifo.open("rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain)
    reader.start()
    assert main([part.format(out=str(fifo), **fill) for part in command]) == 0
    reader.join(timeout=60)
    assert received
    assert received[0].strip()
    assert fifo.is_fifo()


def test_output_to_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE_V1, encoding="utf-8")
    assert main(["parse", str(source), "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_a_worker_that_dies_fails_the_rest_and_the_next_build_finishes(
    tmp_path: Path, copy_models: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker process that dies mid-build (the kernel's out-of-memory killer, a crash in a
    native library) breaks the pool: every article not yet built is reported failed, naming
    it, the unchanged ones are still skipped, the build returns, and the next build builds
    exactly what is missing."""
    import archivepub.build.executors as executors

    archive = tmp_path / "archive"
    names = ["a-one", "b-two", "c-three", "d-four", "e-five", "f-six"]
    for name in names:
        (archive / name).mkdir(parents=True)
        (archive / name / "article.txt").write_text(ARTICLE_V1.replace("winter", name), encoding="utf-8")
    dist = tmp_path / "dist"
    opts = BuildOptions(languages=("ru",), formats=("json",), jobs=2)
    assert [a.status for a in build_archive(archive, dist, opts).articles] == ["built"] * 6
    for name in names[1:5]:  # four changed, two unchanged
        (archive / name / "article.txt").write_text(ARTICLE_V2.replace("winter", name), encoding="utf-8")
    from archivepub.build.article import _build_one as real

    def dies_on_c(task: Any, state: Any) -> Any:
        if task.article_id == "c-three":
            os._exit(1)
        return real(task, state)

    monkeypatch.setattr(executors, "_build_one", dies_on_c)  # forked workers inherit it
    report = build_archive(archive, dist, opts)
    statuses = {a.id: a.status for a in report.articles}
    assert sorted(statuses) == names  # each article reported once
    assert statuses["a-one"] == statuses["f-six"] == "skipped"
    assert statuses["c-three"] == "failed"
    for article in report.failed:
        assert article.error is not None
        assert "a worker process died" in article.error
    monkeypatch.setattr(executors, "_build_one", real)
    again = {a.id: a.status for a in build_archive(archive, dist, opts).articles}
    assert again == {n: "built" if statuses[n] == "failed" else "skipped" for n in names}
    for name in names:
        text = json.loads((dist / name / "ru" / f"{name}.ru.json").read_text(encoding="utf-8"))
        assert ("Thursday" in json.dumps(text)) is (name in names[1:5])
