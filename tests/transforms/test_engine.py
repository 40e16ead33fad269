"""How CTranslate2 runs: the layout chosen from the machine, batch sizes, the shared model cache."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import archivepub
from archivepub import TranslateError, TranslateOptions
from archivepub.cli import _engine, _parser
from archivepub.transforms.backends import ctranslate2 as ct2_backend
from archivepub.transforms.backends.ctranslate2 import (
    CTranslate2Options,
    CTranslate2Translator,
    cached_models,
    clear_model_cache,
)
from translation_samples import Models, install, sample_document


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    clear_model_cache()
    yield
    clear_model_cache()


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every ``ctranslate2.Translator`` made (the real one), with its keyword arguments."""
    import ctranslate2

    made: list[dict[str, Any]] = []
    real = ctranslate2.Translator

    def counting(path: str, **kwargs: Any) -> Any:
        made.append({"path": path, **kwargs})
        return real(path, **kwargs)

    monkeypatch.setattr(ctranslate2, "Translator", counting)
    return made


@pytest.mark.parametrize(
    ("given", "cpus", "parallel", "threads"),
    [
        ({}, 1, 1, 1),
        ({}, 2, 2, 1),  # the best layout measured on 2 cores: two translations of one thread
        ({}, 6, 6, 1),
        ({}, 32, 8, 4),  # at most 8 translations at once; the CPUs are shared among them
        ({"threads": 2}, 8, 1, 2),  # threads alone is the whole budget (a build worker's share)
        ({"parallel": 2}, 8, 2, 4),
        ({"parallel": 3, "threads": 5}, 2, 3, 5),  # both given: taken as they are
        ({"device": "cuda"}, 16, 1, 0),
    ],
)
def test_layout_is_chosen_from_the_machine_unless_given(
    given: dict[str, Any], cpus: int, parallel: int, threads: int
) -> None:
    resolved = CTranslate2Options(**given).resolved(cpus=cpus)
    assert (resolved.parallel, resolved.threads) == (parallel, threads)


@pytest.mark.parametrize(("gpus", "device", "parallel", "threads"), [(0, "cpu", 2, 1), (1, "cuda", 1, 0)])
def test_auto_device_is_what_ctranslate2_finds(
    gpus: int, device: str, parallel: int, threads: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ctranslate2

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: gpus)
    resolved = CTranslate2Options(device="auto").resolved(cpus=2)
    assert (resolved.device, resolved.parallel, resolved.threads) == (device, parallel, threads)


def test_batches_are_1024_tokens_unless_given() -> None:
    two = CTranslate2Options(parallel=2, threads=1)
    assert two.batch_tokens(4514) == 1024  # 5 batches for 2 translations, not 2 of 4,096
    assert two.batch_tokens(900) == 1024
    assert CTranslate2Options(max_batch_tokens=4096, parallel=2).batch_tokens(900) == 4096


def test_bad_settings_are_a_clear_error() -> None:
    with pytest.raises(TranslateError, match="beam_size cannot be 0"):
        CTranslate2Options(beam_size=0).resolved()
    with pytest.raises(TranslateError, match="parallel cannot be -1"):
        CTranslate2Options(parallel=-1).resolved()


def test_the_layout_reaches_ctranslate2(copy_models: Path, loads: list[dict[str, Any]]) -> None:
    translator = CTranslate2Translator(CTranslate2Options(parallel=2, threads=1, beam_size=1))
    assert translator.translate_batch(["The archive opens at nine."], "en", "ru") == [
        "The archive opens at nine."
    ]
    assert [(c["inter_threads"], c["intra_threads"]) for c in loads] == [(2, 1)]
    assert translator._load("en", "ru").translator.num_translators == 2


def test_translate_without_a_translator_loads_the_model_once(
    copy_models: Path, loads: list[dict[str, Any]]
) -> None:
    doc = sample_document()
    first = archivepub.translate(doc, "ru")
    second = archivepub.translate(doc, "ru")
    assert second == first
    assert len(loads) == 1
    assert cached_models() == ["translate-en_ru-0_1"]
    # other settings (another layout) are another model in memory; the beam is not part of it
    archivepub.translate(doc, "ru", options=TranslateOptions(engine=CTranslate2Options(beam_size=1)))
    assert len(loads) == 1
    archivepub.translate(doc, "ru", options=TranslateOptions(engine=CTranslate2Options(threads=1)))
    assert len(loads) == 2


def test_the_cache_is_bounded_least_recently_used_first(
    copy_models: Path, loads: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ct2_backend, "MAX_CACHED_MODELS", 2)
    doc = sample_document()
    for target in ("ru", "hy", "ru", "az"):
        archivepub.translate(doc, target)
    assert cached_models() == ["translate-en_ru-0_1", "translate-en_az-0_1"]  # hy was the oldest
    assert len(loads) == 3
    archivepub.translate(doc, "hy")
    assert len(loads) == 4


def test_threads_share_one_load(copy_models: Path, loads: list[dict[str, Any]]) -> None:
    doc = sample_document()
    results: list[archivepub.Document] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            results.append(archivepub.translate(doc, "hy"))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(results) == 4
    assert all(r == results[0] for r in results)
    assert len(loads) == 1


def test_a_reinstalled_model_is_loaded_again(
    models: Models, copy_models: Path, loads: list[dict[str, Any]]
) -> None:
    doc = sample_document()
    archivepub.translate(doc, "ru")
    install(models.files["copy-en_ru"])  # the same package, installed again: a new model file
    archivepub.translate(doc, "ru")
    assert len(loads) == 2


def _translate_in_child(queue: Any) -> None:
    out = archivepub.translate(sample_document(), "ru")
    queue.put(out.metadata.title)


def test_a_forked_process_loads_its_own_model(copy_models: Path) -> None:
    """A process forked after the parent loaded a model (as the build's worker pool is) does
    not use the parent's: CTranslate2's threads do not survive a fork, and it would hang."""
    archivepub.translate(sample_document(), "ru")
    assert cached_models() == ["translate-en_ru-0_1"]
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_translate_in_child, args=(queue,))
    child.start()
    child.join(timeout=120)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked process hung on the parent's model")
    assert child.exitcode == 0
    assert queue.get(timeout=5) == "The valley archive"


def test_engine_options_on_the_command_line() -> None:
    parser = _parser()
    engine_args = ["--parallel", "2", "--threads", "1", "--batch-tokens", "512", "--beam", "1"]
    args = parser.parse_args(["translate", "a.html", "--to", "ru", "-o", "out", *engine_args])
    assert _engine(args) == CTranslate2Options(beam_size=1, threads=1, parallel=2, max_batch_tokens=512)
    assert _engine(parser.parse_args(["build", "--parallel", "3"])).parallel == 3
    assert _engine(parser.parse_args(["locales", "update", "--beam", "2"])).beam_size == 2
    assert (
        _engine(parser.parse_args(["translate", "a.html", "--to", "ru", "-o", "o"])) == CTranslate2Options()
    )
    with pytest.raises(SystemExit):
        parser.parse_args(["translate", "a.html", "--to", "ru", "-o", "o", "--parallel", "0"])


def test_cpus_follow_the_affinity_mask() -> None:
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no CPU affinity on this system")
    assert ct2_backend.available_cpus() == len(os.sched_getaffinity(0))
