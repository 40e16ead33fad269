"""Translation with CTranslate2 models from Argos packages, one batched call per pair.

Segments are tokenised with the package's SentencePiece model directly (argostranslate's
decoder turns every ``_`` into a space and never strips a target prefix), sent to
``ctranslate2.Translator.translate_batch`` in ONE call with token-based batches, and decoded
with the target prefix (NLLB's ``hye_Armn``, M2M100's ``__hy__``) removed.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from archivepub.errors import TranslateError
from archivepub.model.nodes import ModelInfo
from archivepub.transforms.backends.argos import PackageInfo, find_package
from archivepub.transforms.backends.base import Progress

__all__ = [
    "AUTO_BATCH_TOKENS",
    "MAX_AUTO_PARALLEL",
    "MAX_CACHED_MODELS",
    "CTranslate2Options",
    "CTranslate2Translator",
    "available_cpus",
    "cached_models",
    "clear_model_cache",
]


#: The most translations run at once when the layout is chosen from the machine.
MAX_AUTO_PARALLEL = 8
#: The most source tokens in one batch when the batch size is chosen automatically.
AUTO_BATCH_TOKENS = 1024
#: Loaded models kept for reuse (by every :class:`CTranslate2Translator` of the process).
MAX_CACHED_MODELS = 4


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class CTranslate2Options:
    """How CTranslate2 runs.

    On CPU the layout is chosen from the machine unless given (:meth:`resolved`): as many
    translations at once as there are CPUs (at most :data:`MAX_AUTO_PARALLEL`), one thread
    each, and batches of :data:`AUTO_BATCH_TOKENS` source tokens (:meth:`batch_tokens`;
    CTranslate2 sorts the inputs by length first). See docs/translation.md, "Speed".

    :param beam_size: beam width (1 is greedy search: about 3 times faster, a little worse).
    :param device: ``"cpu"``, ``"cuda"`` or ``"auto"`` (a GPU if CTranslate2 finds one).
    :param threads: CPU threads per translation (CTranslate2's ``intra_threads``; 0: chosen
        from the machine). Given alone, it is the whole budget: one translation at a time.
    :param parallel: translations run at once (CTranslate2's ``inter_threads``, each a batch
        of its own; 0: chosen from the machine).
    :param compute_type: ``"default"`` keeps the model's quantisation (e.g. ``int8``).
    :param max_batch_tokens: source tokens per batch (0: :data:`AUTO_BATCH_TOKENS`).
    :param max_decoding_length: the longest output, in tokens (default: twice the longest
        input plus 16, at least 256, so long sentences are not cut).
    :param max_input_length: longer inputs are truncated by CTranslate2.

    >>> CTranslate2Options().resolved(cpus=2)
    CTranslate2Options(beam_size=4, device='cpu', threads=1, parallel=2, ...)
    >>> CTranslate2Options(threads=2).resolved(cpus=8).parallel
    1
    """

    beam_size: int = 4
    device: str = "cpu"
    threads: int = 0
    parallel: int = 0
    compute_type: str = "default"
    max_batch_tokens: int = 0
    max_decoding_length: int | None = None
    max_input_length: int = 1024

    def resolved(self, cpus: int | None = None) -> CTranslate2Options:
        """These options with the layout (``parallel`` and ``threads``) chosen for the machine.

        :param cpus: the CPUs to plan for (default: :func:`available_cpus`).
        """
        for name in ("beam_size", "threads", "parallel", "max_batch_tokens", "max_input_length"):
            value = getattr(self, name)
            if value < (1 if name in ("beam_size", "max_input_length") else 0):
                raise TranslateError(f"CTranslate2 option {name} cannot be {value}")
        if self.device == "auto":  # what CTranslate2 would pick: a GPU if there is one
            import ctranslate2

            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
            return replace(self, device=device).resolved(cpus)
        if self.parallel and self.threads:
            return self
        if self.device != "cpu":
            return replace(self, parallel=self.parallel or 1)
        cpus = cpus or available_cpus()
        if self.threads:
            return replace(self, parallel=1)
        if self.parallel:
            return replace(self, threads=max(1, cpus // self.parallel))
        parallel = min(cpus, MAX_AUTO_PARALLEL)
        return replace(self, parallel=parallel, threads=max(1, cpus // parallel))

    def batch_tokens(self, total: int) -> int:
        """The batch size, in source tokens, for one call translating ``total`` tokens:
        ``max_batch_tokens``, else :data:`AUTO_BATCH_TOKENS` (CTranslate2 cuts the sorted
        inputs into batches of that size and gives them to the parallel translations).

        Measured on 2 CPUs (docs/benchmarks.md): 1,024-token batches beat both 4,096 (one
        batch, one translation idle) and batches split evenly between the translations (a
        batch of 1,024 tokens costs little more than one of 630).

        >>> CTranslate2Options(parallel=2, threads=1).batch_tokens(4500)
        1024
        >>> CTranslate2Options(max_batch_tokens=4096).batch_tokens(600)
        4096
        """
        return self.max_batch_tokens or AUTO_BATCH_TOKENS


@dataclass(slots=True)
class _Loaded:
    package: PackageInfo
    translator: Any
    source_spm: Any
    target_spm: Any
    add_eos: bool


_CacheKey = tuple[str, int, int, str, str, int, int]
_cache: OrderedDict[_CacheKey, _Loaded] = OrderedDict()
_cache_lock = threading.Lock()
_load_locks: dict[_CacheKey, threading.Lock] = {}


#: Models a forked child inherited: kept, never used and never freed there, because freeing a
#: CTranslate2 translator joins its worker threads, which a forked child does not have.
_inherited: list[_Loaded] = []


def _reset_cache() -> None:
    """In a forked child (the build's workers): the parent's models run on threads the child
    does not have, so the child loads its own."""
    global _cache_lock
    _inherited.extend(_cache.values())
    _cache.clear()
    _load_locks.clear()
    _cache_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_cache)


def clear_model_cache() -> None:
    """Forget every loaded model (their memory is freed once no translator holds them)."""
    with _cache_lock:
        _cache.clear()
        _load_locks.clear()


def cached_models() -> list[str]:
    """The package names of the models loaded and kept for reuse, least recently used first."""
    with _cache_lock:
        return [loaded.package.name for loaded in _cache.values()]


class CTranslate2Translator:
    """A :class:`~archivepub.transforms.backends.base.Translator` over installed Argos packages.

    Models are found with :func:`~archivepub.transforms.backends.argos.find_package` and
    loaded on first use. Loaded models are kept in a cache shared by every translator of the
    process (the :data:`MAX_CACHED_MODELS` most recently used, keyed by model file and
    layout), so that ``archivepub.translate(doc, "ru")`` called again does not load the model
    again; :func:`clear_model_cache` frees them. Translators are safe to use from several
    threads.

    :param options: how CTranslate2 runs.
    :param packages: use these packages instead of looking them up (tests, benchmarks).
    """

    def __init__(
        self, options: CTranslate2Options | None = None, *, packages: list[PackageInfo] | None = None
    ) -> None:
        self.options = options or CTranslate2Options()
        #: :attr:`options` with the layout chosen for this machine
        self.layout = self.options.resolved()
        self._packages = packages
        self._loaded: dict[tuple[str, str], _Loaded] = {}
        #: every batch translated: (source, target, number of segments)
        self.calls: list[tuple[str, str, int]] = []

    def package(self, source: str, target: str) -> PackageInfo | None:
        """The package used for the pair, or ``None``."""
        if self._packages is not None:
            return next((p for p in self._packages if p.source == source and p.target == target), None)
        return find_package(source, target)

    def supports(self, source: str, target: str) -> bool:
        """True when a package translates ``source`` into ``target``."""
        return self.package(source, target) is not None

    def model_info(self, source: str, target: str) -> ModelInfo:
        """Name (the package name), engine, version and licence of the pair's model."""
        package = self._require(source, target)
        return ModelInfo(
            name=package.name, engine="ctranslate2", version=package.version or None, license=package.license
        )

    def _require(self, source: str, target: str) -> PackageInfo:
        package = self.package(source, target)
        if package is None:
            raise TranslateError(f"no model installed for {source} -> {target}")
        return package

    def _load(self, source: str, target: str) -> _Loaded:
        loaded = self._loaded.get((source, target))
        if loaded is not None:
            return loaded
        package = self._require(source, target)
        opts = self.layout
        try:
            stat = (package.model_dir / "model.bin").stat()
        except OSError as exc:
            raise TranslateError(f"cannot load model {package.name} ({package.path}): {exc}") from exc
        key: _CacheKey = (
            str(package.path.resolve()),
            stat.st_mtime_ns,
            stat.st_size,
            opts.device,
            opts.compute_type,
            opts.parallel,
            opts.threads,
        )
        with _cache_lock:
            loaded = _cache.get(key)
            if loaded is not None:
                _cache.move_to_end(key)
            key_lock = _load_locks.setdefault(key, threading.Lock())
        if loaded is None:
            with key_lock:  # two threads asking for one model load it once
                with _cache_lock:
                    loaded = _cache.get(key)
                if loaded is None:
                    loaded = _load_model(package, opts)
                    with _cache_lock:
                        _cache[key] = loaded
                        while len(_cache) > MAX_CACHED_MODELS:
                            old, _ = _cache.popitem(last=False)
                            _load_locks.pop(old, None)
        self._loaded[(source, target)] = loaded
        return loaded

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        """Translate ``segments`` in one ``translate_batch`` call; return them in order."""
        if not segments:
            return []
        loaded = self._load(source, target)
        package, opts = loaded.package, self.layout
        tokens = [loaded.source_spm.encode(s, out_type=str) for s in segments]
        if package.source_token:
            tokens = [[package.source_token, *t] for t in tokens]
        if loaded.add_eos:
            tokens = [[*t, "</s>"] for t in tokens]
        prefix = [package.target_prefix] if package.target_prefix else []
        kwargs: dict[str, Any] = {
            # CTranslate2 sorts the inputs by length (longest first) and cuts them into batches
            "max_batch_size": opts.batch_tokens(sum(map(len, tokens))),
            "batch_type": "tokens",
            "beam_size": opts.beam_size,
            "max_decoding_length": opts.max_decoding_length or max(256, 2 * max(map(len, tokens)) + 16),
            "max_input_length": opts.max_input_length,
        }
        if prefix:
            kwargs["target_prefix"] = [prefix] * len(tokens)
        self.calls.append((source, target, len(segments)))
        try:
            if progress is None:
                results = loaded.translator.translate_batch(tokens, **kwargs)
            else:
                pending = loaded.translator.translate_batch(tokens, asynchronous=True, **kwargs)
                while True:
                    done = sum(1 for r in pending if r.done())
                    progress(done, len(pending))
                    if done == len(pending):
                        break
                    time.sleep(0.25)
                results = [r.result() for r in pending]
        except (RuntimeError, ValueError) as exc:
            raise TranslateError(f"model {package.name} failed: {exc}") from exc
        specials = {"</s>", "<s>", "<pad>", package.source_token, package.target_prefix} - {""}
        out: list[str] = []
        for result in results:
            hyp = list(result.hypotheses[0])
            if prefix and hyp[: len(prefix)] == prefix:
                hyp = hyp[len(prefix) :]
            hyp = [t for t in hyp if t not in specials]
            out.append(loaded.target_spm.decode_pieces(hyp))
        return out


def _load_model(package: PackageInfo, opts: CTranslate2Options) -> _Loaded:
    import ctranslate2
    import sentencepiece

    try:
        translator = ctranslate2.Translator(
            str(package.model_dir),
            device=opts.device,
            inter_threads=opts.parallel,
            intra_threads=opts.threads,
            compute_type=opts.compute_type,
        )
        source_spm = sentencepiece.SentencePieceProcessor(model_file=str(package.sentencepiece))
        target_spm = (
            sentencepiece.SentencePieceProcessor(model_file=str(package.target_spm))
            if package.target_sentencepiece
            else source_spm
        )
        config = _config(package)
    except (RuntimeError, ValueError, OSError) as exc:
        raise TranslateError(f"cannot load model {package.name} ({package.path}): {exc}") from exc
    # Hugging Face models read "[<lang>] tokens </s>"; add the </s> unless the model does
    add_eos = package.source_eos and not config.get("add_source_eos", False)
    return _Loaded(package, translator, source_spm, target_spm, add_eos)


def _config(package: PackageInfo) -> dict[str, Any]:

    path = package.model_dir / "config.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
