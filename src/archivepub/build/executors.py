"""Where the articles are built: the executor seam.

The build plans its tasks (:mod:`archivepub.build.plan`), hands them to an :class:`Executor`
and installs each result as it comes back (:mod:`archivepub.build.archive`): the executor is
the only thing a cluster changes. :class:`LocalExecutor` builds in this process (one job) or in
a pool of local worker processes; :class:`~archivepub.build.cluster.DaskExecutor` builds on a
``dask.distributed`` cluster. Whatever the executor, each result is an article's editions and
bag in a folder under the build's scratch space on this machine, and its report.
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import gc
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from archivepub.build.article import _build_one, _Done, _failed, _WorkerState
from archivepub.build.plan import _Task
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

__all__ = ["Executor", "LocalExecutor"]

#: Called by an executor, in the build's process, with each article's result and its key.
Done = Callable[[_Done, str], None]


class Executor(abc.ABC):
    """Builds a build's tasks somewhere and hands each result back to the build's process."""

    @abc.abstractmethod
    def run(self, tasks: Iterable[tuple[_Task, str]], done: Done) -> None:
        """Build every task; call ``done(result, key)`` here, once per task, as each finishes.

        ``tasks`` is iterated once, in this process, and may be planned as it is asked for
        (the build lists and hashes each article's files to decide whether to build it):
        taking a task can take a moment, and runs between calls of ``done``.

        A task that fails gives a ``failed`` report, never an exception; an exception means
        the whole build cannot go on (the results handed back so far stay installed).
        """


class LocalExecutor(Executor):
    """Builds in this process (``jobs=1``) or in ``jobs`` local worker processes.

    :param jobs: worker processes (1: this process).
    :param engine: CTranslate2 settings (``threads=0``: the CPUs shared out between the jobs).
    :param memory: the translation memory the workers read (or its snapshot), if any.
    :param store_memory: hand new machine translations back with each result.
    """

    def __init__(
        self, jobs: int, engine: CTranslate2Options, memory: Path | None, *, store_memory: bool = False
    ) -> None:
        self.jobs = max(1, jobs)
        self.engine = engine
        self.memory = str(memory) if memory is not None else None
        self.store_memory = store_memory

    def run(self, tasks: Iterable[tuple[_Task, str]], done: Done) -> None:
        """Build every task here or in the pool, as :meth:`Executor.run` says: in a pool only
        when there are at least two tasks, of as many workers as there are tasks, up to
        ``jobs`` (the first ``jobs`` tasks are taken to know it)."""
        pending = iter(tasks)
        head = list(itertools.islice(pending, self.jobs))
        jobs = max(1, len(head))
        if jobs == 1:
            state = _WorkerState(self.engine, self.memory, store_memory=self.store_memory)
            try:
                for task, key in itertools.chain(head, pending):
                    done(_build_one(task, state), key)
            finally:
                state.close()
        else:
            self._run_pool(itertools.chain(head, pending), jobs, done)

    def _run_pool(self, tasks: Iterator[tuple[_Task, str]], jobs: int, installed: Done) -> None:
        engine = self.engine
        if engine.threads == 0:
            engine = dataclasses.replace(engine, threads=max(1, (os.cpu_count() or 1) // jobs))
        with ProcessPoolExecutor(
            max_workers=jobs,
            initializer=_init_worker,
            initargs=(engine, self.memory, self.store_memory),
        ) as pool:
            # a bounded window of submitted tasks keeps memory flat for large archives; wide
            # enough that the workers do not run dry while this process is held up, for a tenth
            # of a second at times, flushing the disk before a manifest save (about 0.2 s of
            # work per worker at today's 12 ms per article; a task and its result are a few
            # hundred bytes)
            running: dict[Future[_Done], tuple[_Task, str]] = {}
            broken: str | None = None
            more = True  # tasks may be left to take
            while more or running:
                while more and len(running) < jobs * _WINDOW and broken is None:
                    item = next(tasks, None)
                    if item is None:
                        more = False
                        break
                    task, key = item
                    running[pool.submit(_worker_build, task)] = (task, key)
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(finished, key=lambda f: running[f][0].article_id):
                    task, key = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool as exc:
                        broken = f"a worker process died: {exc}"
                        result = _failed(task, broken)
                    except Exception as exc:  # an unexpected bug in one article: report it, go on
                        result = _failed(task, f"{type(exc).__name__}: {exc}")
                    installed(result, key)
                if broken is not None:
                    for task, key in tasks:
                        installed(_failed(task, broken), key)
                    more = False


#: Tasks submitted ahead per worker process.
_WINDOW = 16

_STATE: _WorkerState | None = None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (``kill -9`` included)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


def _init_worker(engine: CTranslate2Options, memory: str | None, store_memory: bool) -> None:
    global _STATE
    _die_with_parent()
    _STATE = _WorkerState(engine, memory, store_memory=store_memory)
    # what the worker starts with (the modules it inherited, its state) lives as long as it
    # does: out of the cyclic collector's sight, which then scans only what each article
    # makes (half the collector's time: 1.8 % of a build's processor time) and leaves the
    # pages shared with the build process unwritten
    gc.freeze()


def _worker_build(task: _Task) -> _Done:
    assert _STATE is not None
    return _build_one(task, _STATE)
