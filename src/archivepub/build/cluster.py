"""Building on a ``dask.distributed`` cluster: :class:`DaskExecutor` (``--executor dask``).

What travels (``docs/scale.md``): to each worker once per build, a plugin with the CTranslate2
settings, a snapshot of the translation memory, the glossaries and ``SOURCE_DATE_EPOCH``; with
each task (a batch of up to :data:`_BATCH` articles), each article's files and PO catalogs
(or only their paths when the workers see this machine's files). Back to this process: each
article's editions' and bag's bytes, its report and, with ``store_memory``, its new machine
translations. The workers write nothing shared: this process installs every result with the
build's atomic, locked, incremental logic, so a killed client leaves no partial output and a
killed worker's tasks simply run again on another worker.

Each worker must have the models this machine has (``archivepub models list``) and the same
versions of archivepub and its dependencies: the build checks at the start and fails naming
the worker that differs, since its editions would not be the ones this machine makes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, Worker, WorkerPlugin, as_completed, get_worker
from distributed.scheduler import KilledWorker

from archivepub.build.article import _build_one, _Done, _failed, _Learned, _WorkerState
from archivepub.build.executors import Done, Executor
from archivepub.build.files import _files
from archivepub.build.plan import _models_id, _Settings, _Task, _versions
from archivepub.build.report import ArticleReport
from archivepub.catalogs import catalog_path
from archivepub.errors import ArchivepubError, ClusterError, TranslateError
from archivepub.transforms.backends.base import Translator
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

__all__ = ["DaskExecutor"]

#: Files of a folder, as (path relative to the folder, in POSIX form, bytes).
_Files = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, slots=True)
class _Shipped:
    """One article, as it travels to a worker."""

    build: str
    article_id: str
    folder: str  # the article's folder on the client, for messages
    files: _Files
    catalogs: _Files  # relative to the locales folder
    settings: _Settings


@dataclass(frozen=True, slots=True)
class _Returned:
    """One article's result, as it travels back."""

    report: ArticleReport
    editions: _Files
    bag: _Files
    learned: tuple[_Learned, ...]


class DaskExecutor(Executor):
    """Builds on the ``dask.distributed`` cluster whose scheduler is at ``scheduler``.

    :param scheduler: the scheduler's address (``tcp://HOST:8786``).
    :param engine: CTranslate2 settings (``threads=0``: each machine's CPUs shared out between
        its workers).
    :param memory: the translation memory (or its snapshot) the workers read, if any.
    :param store_memory: hand new machine translations back with each result.
    :param settings: what every article is built with (for the glossaries shipped).
    :param timeout: seconds to reach the scheduler and to wait for a first worker (default:
        Dask's ``distributed.comm.timeouts.connect``).
    """

    def __init__(
        self,
        scheduler: str,
        engine: CTranslate2Options,
        memory: Path | None,
        *,
        store_memory: bool = False,
        settings: _Settings,
        timeout: float | None = None,
    ) -> None:
        self.scheduler = scheduler
        self.engine = engine
        self.memory = memory
        self.store_memory = store_memory
        self.settings = settings
        self.timeout = timeout

    def run(self, tasks: Iterable[tuple[_Task, str]], done: Done) -> None:
        """Build every task on the cluster, as :meth:`Executor.run` says (the first ones are
        taken to size the batches, the rest as batches are submitted).

        :raises ClusterError: the scheduler cannot be reached, has no worker, a worker differs
            from this machine (models, versions), or the cluster is lost during the build.
        """
        with _without_tracebacks():
            self._run(iter(tasks), done)

    def _run(self, tasks: Iterator[tuple[_Task, str]], done: Done) -> None:
        client = self._connect()
        try:
            threads = self._check_workers(client)
            build = f"archivepub-{uuid.uuid4().hex}"
            plugin = _BuildPlugin(
                build,
                self.engine,
                _serialize_memory(self.memory) if self.memory is not None else None,
                store_memory=self.store_memory,
                glossaries=_glossaries(self.settings),
                epoch=os.environ.get("SOURCE_DATE_EPOCH"),
                models=_models_id(),
                versions=_versions(),
                threads=threads,
            )
            client.register_plugin(plugin, name=build)
            try:
                # enough tasks to size the batches (the rest are taken as batches are submitted)
                head = list(itertools.islice(tasks, _BATCH * 4 * max(1, len(threads)) + 1))
                shared = bool(head) and _shared_filesystem(client, head[0][0])
                self._submit(client, build, head, tasks, done, workers=len(threads), shared=shared)
            finally:
                with contextlib.suppress(Exception):  # the cluster may be gone: nothing left to undo
                    client.unregister_worker_plugin(build)
        finally:
            client.close()

    def _connect(self) -> Client:
        if self.timeout is None:
            import dask.config
            from dask.utils import parse_timedelta

            self.timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"), "s")
        try:
            return Client(self.scheduler, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc

    def _check_workers(self, client: Client) -> dict[str, int]:
        """Each worker's CTranslate2 threads (its machine's CPUs shared out between its workers),
        after checking every worker has this machine's models and versions."""
        try:
            if not client.scheduler_info()["workers"]:
                client.wait_for_workers(1, timeout=self.timeout)
            identities: dict[str, dict[str, Any]] = client.run(_identity)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"the Dask cluster at {self.scheduler} has no worker: {exc}") from exc
        models, versions = _models_id(), _versions()
        for address, identity in sorted(identities.items()):
            problem = _difference(models, versions, identity["models"], identity["versions"])
            if problem is not None:
                raise ClusterError(f"worker {address}: {problem}")
        per_host: dict[str, int] = {}
        for identity in identities.values():
            per_host[identity["host"]] = per_host.get(identity["host"], 0) + 1
        return {
            address: max(1, identity["cpus"] // per_host[identity["host"]])
            for address, identity in identities.items()
        }

    def _submit(
        self,
        client: Client,
        build: str,
        head: list[tuple[_Task, str]],
        rest: Iterator[tuple[_Task, str]],
        done: Done,
        *,
        workers: int,
        shared: bool,
    ) -> None:
        # Articles travel in batches (one task builds several): a task costs a round trip
        # through the scheduler and opening the worker's memory snapshot, which one article
        # cannot amortise. At least four batches per worker keep the load balanced; at most
        # two per worker are submitted at a time, which keeps the client's memory flat for
        # large archives (shipped files are read as their batch is submitted).
        # The tasks are planned as they are taken: ``head`` holds the first ones, enough to
        # size the batches (more than _BATCH batches per worker's four: then the size is
        # _BATCH, however many follow).
        size = _batch_size(len(head), workers)

        def chunks() -> Iterator[list[tuple[_Task, str]]]:
            batch: list[tuple[_Task, str]] = []
            for item in itertools.chain(head, rest):
                batch.append(item)
                if len(batch) == size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        queue = chunks()
        more = True  # batches may be left to submit
        window = 2 * max(1, workers)
        running: dict[object, list[tuple[_Task, str]]] = {}
        pending = as_completed(loop=client.loop)

        def submit() -> None:
            nonlocal more
            batch = next(queue, None)
            if batch is None:
                more = False
                return
            name = f"{build}-{batch[0][0].article_id}"
            future: Any
            if shared:  # the workers see this machine's files: they read and write them in place
                future = client.submit(_build_in_place, build, [t for t, _ in batch], key=name, pure=False)
            else:
                shipped = [_ship(task, build) for task, _ in batch]
                future = client.submit(_build_shipped, shipped, key=name, pure=False)
            running[future.key] = batch
            pending.add(future)

        while more and len(running) < window:
            submit()
        for future in pending:
            batch = running.pop(future.key)
            results: list[_Done]
            try:
                returned: list[_Returned | _Done] = future.result()
            except ArchivepubError as exc:
                results = [_failed(task, str(exc)) for task, _ in batch]
            except KilledWorker as exc:
                results = [
                    _failed(task, f"{task.folder}: the workers building it died: {exc}") for task, _ in batch
                ]
            except CancelledError as exc:
                raise ClusterError(f"the Dask cluster at {self.scheduler} was lost during the build") from exc
            except Exception as exc:  # an unexpected bug: report it for the batch's articles, go on
                results = [
                    _failed(task, f"{task.folder}: unexpected {type(exc).__name__}: {exc}")
                    for task, _ in batch
                ]
            else:
                results = [
                    item if isinstance(item, _Done) else _unpack(item, task)
                    for item, (task, _) in zip(returned, batch, strict=True)
                ]
            future.release()
            for result, (_, key) in zip(results, batch, strict=True):
                done(result, key)
            while more and len(running) < window:
                submit()


#: The most articles one task builds.
_BATCH = 8


def _batch_size(articles: int, workers: int) -> int:
    """Articles per task: as many as leave four tasks per worker, from 1 to :data:`_BATCH`."""
    return max(1, min(_BATCH, articles // (4 * max(1, workers))))


class _NoTraceback(logging.Filter):
    """Keeps Dask's client messages, without the tracebacks of its own internals: a lost
    scheduler is reported once, as a :class:`ClusterError` (no traceback reaches the user)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info or record.exc_text:
            record.exc_info, record.exc_text = None, None
            return bool(record.getMessage().strip())  # logger.exception(CancelledError()): nothing left
        return True


@contextlib.contextmanager
def _without_tracebacks() -> Iterator[None]:
    logger = logging.getLogger("distributed.client")
    quiet = _NoTraceback()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _shared_filesystem(client: Client, task: _Task) -> bool:
    """True when every worker sees this machine's files at the same paths (one machine, or a
    shared file system): a file written now in the build's scratch folder, the article's folder
    and the catalogs. Then no file travels: workers read the article and write its editions
    and bag in the scratch folder, as local worker processes do."""
    token = uuid.uuid4().hex
    probe = Path(task.work).parent / f"probe-{token}"
    probe.write_text(token, encoding="utf-8")
    try:
        folders = [task.folder, *([task.settings.locales] if task.settings.locales else [])]
        seen: dict[str, bool] = client.run(_sees, str(probe), token, folders)
    finally:
        probe.unlink(missing_ok=True)
    return bool(seen) and all(seen.values())


def _serialize_memory(path: Path) -> bytes:
    """The translation memory as it is now, as bytes (committed WAL content included)."""
    import sqlite3

    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        with contextlib.closing(db):
            return db.serialize()
    except sqlite3.Error as exc:
        raise TranslateError(f"{path}: cannot read the translation memory: {exc}") from exc


def _glossaries(settings: _Settings) -> _Files:
    if settings.locales is None:
        return ()
    locales = Path(settings.locales)
    if not locales.is_dir():
        return ()
    return tuple(
        (f"{folder.name}/glossary.tsv", (folder / "glossary.tsv").read_bytes())
        for folder in sorted(locales.iterdir())
        if (folder / "glossary.tsv").is_file()
    )


def _ship(task: _Task, build: str) -> _Shipped:
    folder = Path(task.folder)
    files = tuple((p.relative_to(folder).as_posix(), p.read_bytes()) for p in _files(folder))
    catalogs: list[tuple[str, bytes]] = []
    if task.settings.locales is not None and Path(task.settings.locales).is_dir():
        locales = Path(task.settings.locales)
        for lang in sorted(p.name for p in locales.iterdir() if p.is_dir()):
            po = catalog_path(locales, lang, task.article_id)
            if po.is_file():
                catalogs.append((po.relative_to(locales).as_posix(), po.read_bytes()))
    return _Shipped(build, task.article_id, task.folder, files, tuple(catalogs), task.settings)


def _unpack(returned: _Returned, task: _Task) -> _Done:
    """Write a worker's result under the task's scratch folder, as a local worker would have."""
    if returned.report.status != "built":
        return _Done(returned.report, None, None)
    work = Path(task.work)
    editions, bag = work / "editions", work / "bag"
    for base, files in ((editions, returned.editions), (bag, returned.bag)):
        base.mkdir(parents=True)
        for rel, data in files:
            path = base / rel
            if ".." in Path(rel).parts or Path(rel).is_absolute():
                raise ClusterError(f"a worker returned a file outside the article: {rel!r}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return _Done(returned.report, str(editions), str(bag), returned.learned)


# --- on the workers ----------------------------------------------------------------------------


def _sees(probe: str, token: str, folders: list[str]) -> bool:
    """On a worker: whether the client's probe file (with its token) and folders are here."""
    try:
        return Path(probe).read_text(encoding="utf-8") == token and all(Path(f).is_dir() for f in folders)
    except (OSError, UnicodeDecodeError):
        return False


def _identity() -> dict[str, Any]:
    """What the client compares with its own: models, versions; and the worker's machine."""
    import socket

    return {
        "models": _models_id(),
        "versions": _versions(),
        "host": socket.gethostname(),
        "cpus": os.cpu_count() or 1,
    }


def _difference(
    models: list[str], versions: dict[str, str], theirs: list[str], their_versions: dict[str, str]
) -> str | None:
    """Why a worker would not make this machine's editions, or ``None``."""
    missing = sorted(set(models) - set(theirs))
    if missing:
        return f"lacks the model(s) {', '.join(missing)}: install them there (archivepub models install)"
    extra = sorted(set(theirs) - set(models))
    if extra:
        return f"has model(s) this machine has not ({', '.join(extra)}): its editions would differ"
    differ = sorted(
        k for k in versions.keys() | their_versions.keys() if versions.get(k) != their_versions.get(k)
    )
    if differ:
        shown = ", ".join(
            f"{k} {their_versions.get(k, 'absent')} (here {versions.get(k, 'absent')})" for k in differ
        )
        return f"runs other versions: {shown}"
    return None


@dataclass(slots=True)
class _Prepared:
    """What a worker keeps for one build: settings, memory snapshot, glossaries, what is wrong."""

    engine: CTranslate2Options
    memory: Path | None
    store_memory: bool
    glossaries: _Files
    problem: str | None


#: This worker's builds, by plugin name.
_BUILDS: dict[str, _Prepared] = {}
#: Translators by settings: the models stay loaded from one build to the next.
_TRANSLATORS: dict[CTranslate2Options, Translator] = {}
#: Articles are built one at a time in a worker process (warnings are caught process-wide).
_ONE_AT_A_TIME = threading.Lock()


class _BuildPlugin(WorkerPlugin):
    """Prepares a worker for one build: models (loaded once per worker), memory snapshot."""

    def __init__(
        self,
        name: str,
        engine: CTranslate2Options,
        memory: bytes | None,
        *,
        store_memory: bool,
        glossaries: _Files,
        epoch: str | None,
        models: list[str],
        versions: dict[str, str],
        threads: dict[str, int],
    ) -> None:
        self.name = name
        self.engine = engine
        self.memory = memory
        self.store_memory = store_memory
        self.glossaries = glossaries
        self.epoch = epoch
        self.models = models
        self.versions = versions
        self.threads = threads

    def setup(self, worker: Worker) -> None:
        """Open the memory snapshot and the translator; note what differs from the client."""
        if self.epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.epoch
        engine = self.engine
        if engine.threads == 0:
            fallback = max(1, (os.cpu_count() or 1) // max(1, worker.state.nthreads))
            engine = dataclasses.replace(engine, threads=self.threads.get(worker.address, fallback))
        if engine not in _TRANSLATORS:
            from archivepub.transforms.backends.ctranslate2 import CTranslate2Translator

            _TRANSLATORS[engine] = CTranslate2Translator(engine)
        memory = None
        if self.memory is not None:
            memory = Path(worker.local_directory) / f"{self.name}-memory.sqlite"
            memory.write_bytes(self.memory)
        problem = _difference(self.models, self.versions, _models_id(), _versions())
        _BUILDS[self.name] = _Prepared(engine, memory, self.store_memory, self.glossaries, problem)

    def teardown(self, worker: Worker) -> None:
        """Close and remove the memory snapshot."""
        prepared = _BUILDS.pop(self.name, None)
        if prepared is not None and prepared.memory is not None:
            for path in (prepared.memory, *prepared.memory.parent.glob(f"{prepared.memory.name}-*")):
                path.unlink(missing_ok=True)


def _prepared(build: str) -> _Prepared:
    worker = get_worker()
    prepared = _BUILDS.get(build)
    if prepared is None:
        raise ClusterError(f"worker {worker.address}: the build's setup did not run there")
    if prepared.problem is not None:
        raise ClusterError(f"worker {worker.address}: {prepared.problem}")
    return prepared


def _state(prepared: _Prepared) -> _WorkerState:
    # the memory is opened in the thread that uses it (SQLite connections stay in theirs)
    return _WorkerState(
        prepared.engine,
        prepared.memory,
        store_memory=prepared.store_memory,
        translator=_TRANSLATORS[prepared.engine],
    )


def _build_in_place(build: str, tasks: list[_Task]) -> list[_Done]:
    """Build articles on this worker from the client's files, into the build's scratch folder
    (a shared file system), as a local worker process does."""
    prepared = _prepared(build)
    with _ONE_AT_A_TIME:
        state = _state(prepared)
        try:
            results = []
            for task in tasks:
                shutil.rmtree(task.work, ignore_errors=True)  # what a killed worker left of it
                results.append(_build_one(task, state))
            return results
        finally:
            state.close()


def _build_shipped(batch: list[_Shipped]) -> list[_Returned]:
    """Build articles on this worker, each in a scratch folder of its own."""
    if not batch:
        return []
    worker = get_worker()
    prepared = _prepared(batch[0].build)
    with _ONE_AT_A_TIME:
        state = _state(prepared)
        try:
            return [_build_one_shipped(shipped, prepared, state, worker) for shipped in batch]
        finally:
            state.close()


def _build_one_shipped(
    shipped: _Shipped, prepared: _Prepared, state: _WorkerState, worker: Worker
) -> _Returned:
    with tempfile.TemporaryDirectory(prefix="archivepub-", dir=worker.local_directory) as tmp:
        root = Path(tmp)
        folder = root / "archive" / shipped.article_id
        _write(folder, shipped.files)
        locales: Path | None = None
        if shipped.settings.locales is not None:
            locales = root / "locales"
            _write(locales, (*prepared.glossaries, *shipped.catalogs))
        settings = dataclasses.replace(shipped.settings, locales=str(locales) if locales else None)
        task = _Task(shipped.article_id, str(folder), str(root / "work" / shipped.article_id), settings)
        done = _build_one(task, state)
        report = done.report
        # messages name the client's folders, not this worker's scratch copies
        places = [(str(folder), shipped.folder)]
        if locales is not None and shipped.settings.locales is not None:
            places.append((str(locales), shipped.settings.locales))
        report.error = _relocate(report.error, places) if report.error else report.error
        report.warnings = [_relocate(w, places) for w in report.warnings]
        if report.status != "built" or done.edition_dir is None or done.bag_dir is None:
            return _Returned(report, (), (), ())
        return _Returned(report, _read(Path(done.edition_dir)), _read(Path(done.bag_dir)), done.learned)


def _write(base: Path, files: _Files) -> None:
    for rel, data in files:
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            raise ClusterError(f"a file outside the article was shipped: {rel!r}")
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _read(base: Path) -> _Files:
    return tuple(
        (path.relative_to(base).as_posix(), path.read_bytes())
        for path in sorted(base.rglob("*"))
        if path.is_file()
    )


def _relocate(text: str, places: Sequence[tuple[str, str]]) -> str:
    for here, there in places:
        text = text.replace(here, there)
    return text
