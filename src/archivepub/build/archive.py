"""The build of a whole archive: plan, run the tasks on an executor, install the results."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from archivepub.build.article import _Done
from archivepub.build.config import _LANG, EXECUTORS, FORMATS, ArchiveConfig, BuildOptions, load_config
from archivepub.build.dist import (
    _ARTICLE_ID,
    _PENDING,
    _RESERVED,
    _TMP,
    MANIFEST_NAME,
    _check_dist,
    _fault,
    _install,
    _locked,
    _mark,
    _marked,
    _remove,
    _sync,
)
from archivepub.build.executors import Executor, LocalExecutor
from archivepub.build.plan import (
    _article_key,
    _articles,
    _common_key,
    _load_manifest,
    _models_id,
    _outputs_present,
    _save_manifest,
    _Settings,
    _Task,
)
from archivepub.build.report import ArticleReport, BuildReport, Progress
from archivepub.errors import (
    ArchivepubError,
    ClusterError,
    ReadError,
    TranslateError,
    WriteError,
)
from archivepub.i18n import check_language
from archivepub.transforms.memory import TranslationMemory

__all__ = ["build_archive"]

#: Seconds between saves of the manifest during a build, at least.
_SAVE_EVERY = 2.0
#: ... and at least this many times as long as the last save took: a save writes the whole
#: manifest, so on a large archive fixed intervals would make the saves grow with its size
#: squared; this way they take at most a twentieth of the build process's time.
_SAVE_SHARE = 20.0


def build_archive(
    archive: str | os.PathLike[str],
    dist: str | os.PathLike[str],
    options: BuildOptions | None = None,
    *,
    progress: Progress | None = None,
) -> BuildReport:
    """Build every article of ``archive`` into ``dist``; return what happened to each.

    Errors of one article are caught and reported in its :class:`ArticleReport` (and make
    :attr:`BuildReport.exit_code` 1); errors of the whole build are raised.

    :param archive: the archive folder (one sub-folder per article, ``archivepub.toml``).
    :param dist: the output folder (created if missing).
    :param options: see :class:`BuildOptions`.
    :param progress: called after each article (built, skipped or failed).
    :raises ReadError: for a malformed ``archivepub.toml`` (file and line) or a missing archive.
    :raises WriteError: when ``dist`` cannot be written or another build is using it.
    :raises ClusterError: with ``executor="dask"``: the scheduler cannot be reached, has no
        worker, or a worker's models or versions differ from this machine's (docs/scale.md).
    """
    options = options or BuildOptions()
    root = Path(archive)
    out = Path(dist)
    config = load_config(root)
    articles = _articles(root, out)
    languages = tuple(options.languages or config.languages)
    for lang in languages:
        problem = None if _LANG.match(lang) else f"not a language code: {lang!r}"
        problem = problem or check_language(lang)
        if problem is not None:
            raise ReadError(problem)
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown or not options.formats:
        raise ReadError(
            f"unknown output format {', '.join(unknown) or '(none)'} (known: {', '.join(FORMATS)})"
        )
    locales = options.locales or config.locales
    if locales is None and (root.resolve().parent / "locales").is_dir():
        locales = root.resolve().parent / "locales"
    if locales is not None and locales.exists() and not locales.is_dir():
        raise ReadError("--locales must name a folder of catalogs, not a file", source=locales)
    if options.memory is not None and options.memory.is_dir():
        raise ReadError("--memory must name a translation memory file, not a folder", source=options.memory)
    if options.store_memory and options.memory is None:
        raise ReadError("--store-memory needs the translation memory to store in: --memory FILE")
    if options.memory is not None:
        # opened here first: a file that is not a memory is an error, not a worker that dies
        TranslationMemory(options.memory).close()
    _check_executor(options, config)
    _check_dist(
        out,
        [
            ("the archive", root),
            ("the locales folder", locales),
            ("the translation memory", options.memory),
            ("the archive's configuration", config.path),
        ],
    )
    settings = _Settings(
        languages=languages,
        formats=tuple(f for f in FORMATS if f in options.formats),
        bilingual=options.bilingual,
        strict=options.strict,
        locales=str(locales.resolve()) if locales is not None else None,
        publisher=config.publisher,
        organisation=config.organisation or config.publisher,
        licence=config.licence,
        bagging_epoch=os.environ.get("SOURCE_DATE_EPOCH"),
        contact_name=config.contact_name,
        contact_email=config.contact_email,
        bag_group=config.bag_group,
        translators=config.translators,
        partial=config.partial if options.partial is None else options.partial,
    )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create the output folder: {exc.strerror or exc}", source=out) from exc
    report = BuildReport(archive=str(archive), dist=str(dist))
    with _locked(out):
        scratch = out / _TMP
        # one folder per run: a worker orphaned by a killed build never writes into this one's
        work = scratch / uuid.uuid4().hex
        marked = _marked(scratch / _PENDING)
        if marked or not (out / MANIFEST_NAME).exists():
            # articles a killed build was replacing leave the manifest (saved before their marks
            # go with the scratch folder); a new DIST is marked as archivepub's before anything
            manifest = _load_manifest(out)
            for marker in marked:
                manifest.pop(marker.name, None)
            _save_manifest(out, manifest)
        try:
            if scratch.exists():
                shutil.rmtree(scratch)  # what a killed build left behind
            for stale in out.glob(f".{MANIFEST_NAME}.*.tmp"):
                stale.unlink()  # a manifest save killed before its rename
            work.mkdir(parents=True)
            (scratch / _PENDING).mkdir()
        except OSError as exc:
            raise WriteError(f"cannot prepare: {exc.strerror or exc}", source=scratch) from exc
        try:
            _run(root, out, work, articles, settings, config, options, report, progress)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    report.articles.sort(key=lambda a: a.id)
    return report


def _run(
    root: Path,
    out: Path,
    work: Path,
    articles: list[tuple[str, Path]],
    settings: _Settings,
    config: ArchiveConfig,
    options: BuildOptions,
    report: BuildReport,
    progress: Progress | None,
) -> None:
    manifest = _load_manifest(out)
    pending = out / _TMP / _PENDING
    common = _common_key(settings, config.path, _models_id())
    total = len(articles)
    done = 0

    def finish(article: ArticleReport) -> None:
        nonlocal done
        done += 1
        report.articles.append(article)
        if progress is not None:
            progress(article, done, total)

    # articles no longer in the archive: their outputs go
    present = {article_id for article_id, _ in articles}
    for gone in [k for k in manifest if k not in present]:
        if _ARTICLE_ID.match(gone) and gone not in _RESERVED:  # never a path out of DIST
            _remove(out / gone, work)
            _remove(out / "bags" / gone, work)
        del manifest[gone]

    scratch = work.resolve()

    def planned() -> Iterator[tuple[_Task, str]]:
        """The articles to build, each with its key, as the executor asks for them: the rest
        are reported here (unchanged: skipped; unreadable: failed). Planning goes on while the
        first articles build (each article's files are listed and hashed)."""
        for article_id, folder in articles:
            if not _ARTICLE_ID.match(article_id) or article_id in _RESERVED:
                finish(
                    ArticleReport(
                        id=article_id,
                        status="failed",
                        error=f"{folder}: an article id is lowercase ASCII letters, digits and hyphens"
                        + (f", and not {article_id!r}" if article_id in _RESERVED else ""),
                    )
                )
                continue
            try:
                key = _article_key(folder, article_id, settings, common)
            except OSError as exc:
                finish(ArticleReport(id=article_id, status="failed", error=f"{folder}: cannot read: {exc}"))
                continue
            except ArchivepubError as exc:
                finish(ArticleReport(id=article_id, status="failed", error=str(exc)))
                continue
            entry = manifest.get(article_id)
            if (
                not options.force
                and isinstance(entry, dict)
                and entry.get("key") == key
                and _outputs_present(out, entry)
            ):
                previous = ArticleReport.from_dict(entry["report"])
                previous.status = "skipped"
                manifest[article_id] = {"key": key, "report": previous}  # one copy in memory, not two
                finish(previous)
                continue
            yield _Task(article_id, str(folder.resolve()), str(scratch / article_id), settings), key

    last_save = time.monotonic()
    interval = _SAVE_EVERY
    unsynced = False  # outputs installed since the last save

    def save() -> None:
        nonlocal last_save, interval, unsynced
        began = time.monotonic()
        if unsynced:  # the outputs first, durably: then the manifest that records them
            _sync(out)
            unsynced = False
        _save_manifest(out, manifest)
        _fault("saved")
        for marker in _marked(pending):  # every install so far is recorded: no article is pending
            marker.unlink()
        last_save = time.monotonic()
        interval = max(_SAVE_EVERY, _SAVE_SHARE * (last_save - began))

    learn = TranslationMemory(options.memory) if options.store_memory and options.memory else None

    def installed(result: _Done, key: str) -> None:
        nonlocal unsynced
        article = result.report
        if article.status == "built":
            try:
                assert result.edition_dir is not None
                assert result.bag_dir is not None
                if article.id in manifest:
                    # first: a kill from here on rebuilds the article. An article the manifest
                    # does not record is rebuilt by the next build anyway: no mark (and no
                    # fsync, which a busy disk makes the slowest step of a first build)
                    _mark(pending, article.id)
                _fault("marked")
                _install(Path(result.edition_dir), out / article.id, work)
                _fault("installed-editions")
                _install(Path(result.bag_dir), out / "bags" / article.id, work)
                _fault("installed-bag")
            except OSError as exc:
                article.status, article.error = "failed", f"{out / article.id}: cannot install: {exc}"
            else:
                unsynced = True
                # the article's scratch folder is empty now: removed here, while the workers
                # build, rather than with every other one after the last article (a thousand
                # folders removed at the end of a build took up to two seconds)
                with contextlib.suppress(OSError):
                    os.rmdir(scratch / article.id)
                manifest[article.id] = {"key": key, "report": article}
                if learn is not None:  # for the next build: this one's workers read a snapshot
                    for new in result.learned:
                        learn.store(
                            new.source_lang, new.target_lang, new.pairs, origin="machine", model=new.model
                        )
                # saved every few seconds (and at the end): a killed build redoes at most that
                if time.monotonic() - last_save >= interval:
                    save()
        if article.status == "failed":
            manifest.pop(article.id, None)
        finish(article)

    try:
        tasks = planned()
        first = next(tasks, None)
        if first is not None:
            memory = options.memory
            if options.store_memory and options.memory is not None:
                # the workers read the memory as it was at the start, whatever this process
                # stores meanwhile: the same inputs give the same editions, in any order
                memory = work / "memory-snapshot.sqlite"
                _snapshot_memory(options.memory, memory)
            _executor(options, config, memory, settings).run(itertools.chain([first], tasks), installed)
    finally:
        save()
        if learn is not None:
            learn.close()


def _check_executor(options: BuildOptions, config: ArchiveConfig) -> None:
    """Refuse, before any work, an executor that cannot run (no scheduler, no dask)."""
    name = options.executor or config.executor or "local"
    if name not in EXECUTORS:
        raise ReadError(f"unknown executor {name!r} (known: {', '.join(EXECUTORS)})")
    if name == "dask":
        scheduler = options.scheduler or config.scheduler
        if not scheduler:
            raise ReadError(
                "the dask executor needs the scheduler's address: --scheduler tcp://HOST:8786"
                " or scheduler in archivepub.toml"
            )
        try:
            import archivepub.build.cluster  # noqa: F401
        except ImportError as exc:
            raise ClusterError(
                f"the dask executor needs dask.distributed: pip install 'archivepub[dask]' ({exc})"
            ) from exc


def _executor(
    options: BuildOptions, config: ArchiveConfig, memory: Path | None, settings: _Settings
) -> Executor:
    """The executor ``options`` (else ``archivepub.toml``) names: local unless ``dask``
    (checked by :func:`_check_executor` first)."""
    if (options.executor or config.executor) == "dask":
        from archivepub.build.cluster import DaskExecutor

        scheduler = options.scheduler or config.scheduler
        assert scheduler is not None
        return DaskExecutor(
            scheduler, options.engine, memory, store_memory=options.store_memory, settings=settings
        )
    return LocalExecutor(
        options.jobs or os.cpu_count() or 1, options.engine, memory, store_memory=options.store_memory
    )


def _snapshot_memory(source: Path, dest: Path) -> None:
    """Copy the translation memory ``source`` into ``dest`` as it is now (SQLite's backup)."""
    try:
        db = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        with contextlib.closing(db), contextlib.closing(sqlite3.connect(dest)) as copy:
            db.backup(copy)
    except sqlite3.Error as exc:
        raise TranslateError(f"{source}: cannot read the translation memory: {exc}") from exc
