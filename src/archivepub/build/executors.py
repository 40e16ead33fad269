"""Where the articles are built: this process, or a pool of local worker processes."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from archivepub.build.article import _build_one, _Done, _failed, _WorkerState
from archivepub.build.config import BuildOptions
from archivepub.build.plan import _Task
from archivepub.transforms.backends.ctranslate2 import CTranslate2Options

__all__: list[str] = []  # internal to the build; archivepub.build exports its API

_STATE: _WorkerState | None = None


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the build process dies (``kill -9`` included)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG


def _init_worker(engine: CTranslate2Options, memory: str | None) -> None:
    global _STATE
    _die_with_parent()
    _STATE = _WorkerState(engine, memory)


def _worker_build(task: _Task) -> _Done:
    assert _STATE is not None
    return _build_one(task, _STATE)


def _run_pool(
    tasks: list[tuple[_Task, str]],
    jobs: int,
    options: BuildOptions,
    installed: Callable[[_Done, str], None],
) -> None:
    engine = options.engine
    if engine.threads == 0:
        engine = dataclasses.replace(engine, threads=max(1, (os.cpu_count() or 1) // jobs))
    with ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_init_worker,
        initargs=(engine, str(options.memory) if options.memory else None),
    ) as pool:
        # a bounded window of submitted tasks keeps memory flat for large archives
        queue = list(reversed(tasks))
        running: dict[Future[_Done], tuple[_Task, str]] = {}
        broken: str | None = None
        while queue or running:
            while queue and len(running) < jobs * 4 and broken is None:
                task, key = queue.pop()
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
                while queue:
                    task, key = queue.pop()
                    installed(_failed(task, broken), key)
