"""``archivepub build --executor dask`` on a real ``dask.distributed.LocalCluster``.

Two worker processes, real tiny CTranslate2 models (copy models: what goes in comes out, so
every segment is a real machine translation), the bundled archive plus generated articles.
The cluster's outputs must be the local build's, byte for byte.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

import dask.config
from distributed import Client, LocalCluster

from archivepub.build import FAULT_ENV, MANIFEST_NAME, ArticleReport, BuildOptions, BuildReport, build_archive
from archivepub.build import archive as archive_module
from archivepub.build import cluster as cluster_module
from archivepub.build import dist as dist_module
from archivepub.cli import main
from archivepub.errors import ClusterError, ReadError
from archivepub.transforms.backends import argos
from translation_samples import Models

REPO = Path(__file__).resolve().parent.parent

# the real socket functions, taken before the autouse fixture refuses all network access
_REAL = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow connections to 127.0.0.1 only (the LocalCluster's scheduler); anything else fails."""
    connect, create_connection, getaddrinfo = _REAL

    def local(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"network access beyond 127.0.0.1 attempted: {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        local(address)
        connect(self, address)

    def guarded_create(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        local(address)
        return create_connection(address, *args, **kwargs)

    def guarded_getaddrinfo(host: str, *args: Any, **kwargs: Any) -> Any:
        local((host,))
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


def tree(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (the lock file and the manifest left out)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in (".lock", MANIFEST_NAME)
    }


_TOPICS = ["harbour", "ledger", "bridge", "orchard", "press", "station"]


def make_archive(base: Path) -> Path:
    """The bundled archive and its locales, plus generated English articles."""
    shutil.copytree(REPO / "archive", base / "archive")
    if (REPO / "locales").is_dir():
        shutil.copytree(REPO / "locales", base / "locales")
    for i, topic in enumerate(_TOPICS):
        folder = base / "archive" / f"generated-{topic}"
        folder.mkdir()
        paragraphs = "".join(
            f"<p>The {topic} record number {i * 10 + n} was kept in the archive with great care."
            f" Volunteers copied it again in the winter of {1900 + i * 7 + n}.</p>\n"
            for n in range(4)
        )
        (folder / "article.html").write_text(
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>The {topic}</title></head><body><article><h1>The {topic}</h1>"
            f"<h2>Where it was kept</h2>\n{paragraphs}</article></body></html>",
            encoding="utf-8",
        )
    return base / "archive"


@pytest.fixture(scope="module")
def environment(models: Models, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Copy models en <-> ru, hy, az in a packages folder of this module's own."""
    base = tmp_path_factory.mktemp("dask-env")
    env = {
        "ARGOS_PACKAGES_DIR": str(base / "packages"),
        "XDG_DATA_HOME": str(base / "xdg-data"),
        "XDG_CONFIG_HOME": str(base / "xdg-config"),
        "XDG_CACHE_HOME": str(base / "xdg-cache"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        for name, file in models.files.items():
            if name.startswith("copy-"):
                argos.install_package(file)
        yield env


@pytest.fixture(scope="module")
def cluster(environment: dict[str, str]) -> Iterator[LocalCluster]:
    """Two worker processes of one thread each; they see this module's models."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", host="127.0.0.1"
    ) as local:
        yield local


@pytest.fixture(scope="module")
def local_build(environment: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The archive built by the local process pool: what the cluster must give."""
    base = tmp_path_factory.mktemp("local")
    archive = make_archive(base)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        report = build_archive(archive, base / "dist", BuildOptions(jobs=2))
    assert report.exit_code == 0, [a.error for a in report.failed]
    assert report.segments()["ru"]["machine"] > 0  # the models did translate
    return tree(base / "dist")


def dask_options(cluster: LocalCluster, **kwargs: Any) -> BuildOptions:
    return BuildOptions(executor="dask", scheduler=cluster.scheduler_address, **kwargs)


@pytest.mark.parametrize("files", ["shared", "shipped"])
def test_a_cluster_build_is_byte_identical_to_a_local_build(
    files: str,
    cluster: LocalCluster,
    local_build: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers on this machine see its files (shared); or are made to get them shipped, as
    workers on other machines without a shared file system do."""
    detect = cluster_module._shared_filesystem
    seen: list[bool] = []

    def shared_filesystem(client: Client, task: Any) -> bool:
        seen.append(detect(client, task))
        return seen[-1] and files == "shared"

    monkeypatch.setattr(cluster_module, "_shared_filesystem", shared_filesystem)
    archive = make_archive(tmp_path)
    # set here only, after the workers started: the build must ship it to them
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    report = build_archive(archive, tmp_path / "dist", dask_options(cluster))
    assert report.exit_code == 0, [a.error for a in report.failed]
    assert len(report.articles) == len(_TOPICS) + 5
    assert tree(tmp_path / "dist") == local_build
    assert not (tmp_path / "dist" / ".tmp").exists()
    assert seen == [True]  # the LocalCluster's workers do see this machine's files


def test_a_worker_killed_mid_build_has_its_tasks_retried_elsewhere(
    cluster: LocalCluster, local_build: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = make_archive(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    killed: list[str] = []
    with Client(cluster.scheduler_address, set_as_default=False) as observer:

        def kill_a_busy_worker(article: ArticleReport, done: int, total: int) -> None:
            if killed:
                return
            busy = [address for address, keys in observer.processing().items() if keys]
            if not busy:
                return
            pid = observer.run(os.getpid, workers=[busy[0]])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(busy[0])

        report = build_archive(archive, tmp_path / "dist", dask_options(cluster), progress=kill_a_busy_worker)
        assert killed, "no worker was busy after the first article: nothing was killed"
        assert report.exit_code == 0, [a.error for a in report.failed]
        assert tree(tmp_path / "dist") == local_build
        observer.wait_for_workers(2, timeout=60)  # the nanny restarts it, for the next tests


def test_a_second_run_is_all_memory_hits(cluster: LocalCluster, tmp_path: Path) -> None:
    """With --store-memory, the client merges the workers' new segments into the memory;
    the cluster and scheduler come from archivepub.toml."""
    archive = make_archive(tmp_path)
    config = archive / "archivepub.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'executor = "dask"\nscheduler = "{cluster.scheduler_address}"\n',
        encoding="utf-8",
    )
    memory = tmp_path / "memory.sqlite"
    options = BuildOptions(memory=memory, store_memory=True, languages=("ru",))
    first = build_archive(archive, tmp_path / "dist", options)
    assert first.exit_code == 0, [a.error for a in first.failed]
    machine = first.segments()["ru"]["machine"]
    assert machine > 0
    second = build_archive(archive, tmp_path / "dist2", options)
    assert second.exit_code == 0, [a.error for a in second.failed]
    assert second.segments()["ru"]["machine"] == 0
    assert second.segments()["ru"]["memory"] == first.segments()["ru"]["memory"] + machine


def test_a_worker_without_a_needed_model_is_an_error_naming_it(
    cluster: LocalCluster, models: Models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # this machine has one more model than the workers
    packages = tmp_path / "packages"
    shutil.copytree(os.environ["ARGOS_PACKAGES_DIR"], packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    argos.install_package(models.files["random-en_ru"])
    archive = make_archive(tmp_path)
    with pytest.raises(ClusterError, match=r"worker tcp://127\.0\.0\.1:\d+: lacks the model") as caught:
        build_archive(archive, tmp_path / "dist", dask_options(cluster))
    assert "random" in str(caught.value) or "0.2" in str(caught.value)
    assert not (tmp_path / "dist" / "generated-harbour").exists()


def test_an_unreachable_scheduler_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:  # a port nobody listens on
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
    archive = make_archive(tmp_path)
    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        scheduler = f"tcp://127.0.0.1:{port}"
        code = main(
            [
                "build",
                str(archive),
                "-o",
                str(tmp_path / "dist"),
                "-q",
                "--executor",
                "dask",
                "--scheduler",
                scheduler,
            ]
        )
    assert code == 2
    err = capsys.readouterr().err
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err


def _cli_build(
    archive: Path, dist: Path, scheduler: str, kill_at: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(FAULT_ENV, None)
    if kill_at is not None:
        env[FAULT_ENV] = kill_at
    command = [sys.executable, "-m", "archivepub", "build", str(archive), "-o", str(dist), "-q"]
    command += ["--langs", "ru", "--executor", "dask", "--scheduler", scheduler]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_a_killed_client_leaves_no_partial_output(cluster: LocalCluster, tmp_path: Path) -> None:
    """Kill the client between installing an article's editions and its bag, after an edit;
    revert the edit: the next cluster build publishes the reverted article, as a local one."""
    archive = make_archive(tmp_path)
    dist = tmp_path / "dist"
    scheduler = cluster.scheduler_address
    assert _cli_build(archive, dist, scheduler).returncode == 0
    before = tree(dist)
    source = archive / "generated-harbour" / "article.html"
    original = source.read_text(encoding="utf-8")
    source.write_text(original.replace("great care", "little care"), encoding="utf-8")
    killed = _cli_build(archive, dist, scheduler, kill_at="installed-editions")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    source.write_text(original, encoding="utf-8")
    final = _cli_build(archive, dist, scheduler)
    assert final.returncode == 0, final.stderr
    assert tree(dist) == before
    manifest = json.loads((dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert "generated-harbour" in manifest["articles"]


def test_the_report_names_the_clients_folders_not_the_workers(
    cluster: LocalCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster_module, "_shared_filesystem", lambda client, task: False)  # files shipped
    archive = make_archive(tmp_path)
    (archive / "generated-press" / "article.txt").write_text("A second source.\n", encoding="utf-8")
    report: BuildReport = build_archive(archive, tmp_path / "dist", dask_options(cluster, languages=("ru",)))
    (failed,) = report.failed
    assert failed.id == "generated-press"
    assert str(archive / "generated-press") in (failed.error or "")
    assert "more than one source" in (failed.error or "")


def test_the_dask_executor_needs_a_scheduler(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = make_archive(tmp_path)
    assert main(["build", str(archive), "-o", str(tmp_path / "dist"), "-q", "--executor", "dask"]) == 2
    assert "the dask executor needs the scheduler's address" in capsys.readouterr().err
    assert not (tmp_path / "dist").exists()  # refused before anything was written


def test_an_unknown_executor_in_the_configuration_names_the_line(tmp_path: Path) -> None:
    archive = make_archive(tmp_path)
    config = archive / "archivepub.toml"
    text = config.read_text(encoding="utf-8") + 'executor = "cloud"\n'
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match="executor must be one of local, dask") as caught:
        build_archive(archive, tmp_path / "dist")
    assert caught.value.line == text.count("\n")


def _start(command: list[str]) -> subprocess.Popen[bytes]:
    """A process of this test, in a session of its own (its children go with it)."""
    return subprocess.Popen(
        [sys.executable, "-m", *command],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_a_scheduler_lost_mid_build_is_a_clear_error_and_a_rerun_completes(
    cluster: LocalCluster,
    local_build: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Kill the scheduler (a process this test starts, with two workers) as soon as the first
    article is installed: the build stops with exit code 2 and one message, what it installed
    is whole (editions, bag, manifest entry), and a rerun against another scheduler completes
    with the local build's files."""
    archive = make_archive(tmp_path)
    dist = tmp_path / "dist"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    address_file = tmp_path / "scheduler.json"
    scheduler = _start(
        [
            "distributed.cli.dask_scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(address_file),
        ]
    )
    workers: subprocess.Popen[bytes] | None = None
    try:
        for _ in range(600):
            if address_file.is_file() and address_file.stat().st_size:
                break
            assert scheduler.poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        workers = _start(
            [
                "distributed.cli.dask_worker",
                "--scheduler-file",
                str(address_file),
                "--nworkers",
                "2",
                "--nthreads",
                "1",
                "--no-dashboard",
            ]
        )
        with Client(address, timeout=60, set_as_default=False) as observer:
            observer.wait_for_workers(2, timeout=120)

        fault = dist_module._fault  # what the build's installs call (imported from dist)
        killed: list[str] = []

        def kill_the_scheduler(step: str) -> None:
            fault(step)
            if step == "installed-bag" and not killed:
                scheduler.kill()
                scheduler.wait()
                killed.append(step)

        monkeypatch.setattr(archive_module, "_fault", kill_the_scheduler)
        with dask.config.set({"distributed.comm.timeouts.connect": "5s"}):
            code = main(
                ["build", str(archive), "-o", str(dist), "-q", "--executor", "dask", "--scheduler", address]
            )
        monkeypatch.setattr(archive_module, "_fault", fault)
    finally:
        scheduler.kill()
        if workers is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(workers.pid, signal.SIGKILL)
            workers.wait()
        scheduler.wait()

    assert killed, "the build ended before an article was installed"
    assert code == 2
    err = capsys.readouterr().err
    assert f"the Dask cluster at {address} was lost during the build" in err
    assert "Traceback" not in err
    # what was installed is whole, and is what the local build makes; nothing half-made is left
    assert not (dist / ".tmp").exists()
    manifest = json.loads((dist / MANIFEST_NAME).read_text(encoding="utf-8"))
    installed = sorted(p.name for p in dist.iterdir() if p.is_dir() and p.name not in ("bags", ".tmp"))
    assert installed
    assert installed == sorted(manifest["articles"])
    assert installed == sorted(p.name for p in (dist / "bags").iterdir())
    assert len(installed) < len(_TOPICS) + 5  # the build did stop
    partial = tree(dist)
    assert partial == {
        name: digest
        for name, digest in local_build.items()
        if name.split("/")[0] in installed or (name.startswith("bags/") and name.split("/")[1] in installed)
    }

    rerun = build_archive(archive, dist, dask_options(cluster))
    assert rerun.exit_code == 0, [a.error for a in rerun.failed]
    assert tree(dist) == local_build
    assert not (dist / ".tmp").exists()
