"""Translation with CTranslate2 models from Argos packages, one batched call per pair.

Segments are tokenised with the package's SentencePiece model directly (argostranslate's
decoder turns every ``_`` into a space and never strips a target prefix), sent to
``ctranslate2.Translator.translate_batch`` in ONE call with token-based batches, and decoded
with the target prefix (NLLB's ``hye_Armn``, M2M100's ``__hy__``) removed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from archivepub.errors import TranslateError
from archivepub.model.nodes import ModelInfo
from archivepub.transforms.backends.argos import PackageInfo, find_package
from archivepub.transforms.backends.base import Progress

__all__ = ["CTranslate2Options", "CTranslate2Translator"]


@dataclass(frozen=True, slots=True, kw_only=True)
class CTranslate2Options:
    """How CTranslate2 runs.

    :param beam_size: beam width (1 is greedy search: faster, a little worse).
    :param device: ``"cpu"``, ``"cuda"`` or ``"auto"``.
    :param threads: CPU threads per translation (0: CTranslate2 decides).
    :param compute_type: ``"default"`` keeps the model's quantisation (e.g. ``int8``).
    :param max_batch_tokens: source tokens per batch (batches are made by CTranslate2,
        sorted by length).
    :param max_decoding_length: the longest output, in tokens (default: twice the longest
        input plus 16, at least 256, so long sentences are not cut).
    :param max_input_length: longer inputs are truncated by CTranslate2.
    """

    beam_size: int = 4
    device: str = "cpu"
    threads: int = 0
    compute_type: str = "default"
    max_batch_tokens: int = 4096
    max_decoding_length: int | None = None
    max_input_length: int = 1024


@dataclass(slots=True)
class _Loaded:
    package: PackageInfo
    translator: Any
    source_spm: Any
    target_spm: Any
    add_eos: bool


class CTranslate2Translator:
    """A :class:`~archivepub.transforms.backends.base.Translator` over installed Argos packages.

    Models are found with :func:`~archivepub.transforms.backends.argos.find_package` and
    loaded once, on first use.

    :param options: how CTranslate2 runs.
    :param packages: use these packages instead of looking them up (tests, benchmarks).
    """

    def __init__(
        self, options: CTranslate2Options | None = None, *, packages: list[PackageInfo] | None = None
    ) -> None:
        self.options = options or CTranslate2Options()
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
        key = (source, target)
        if key in self._loaded:
            return self._loaded[key]
        package = self._require(source, target)
        import ctranslate2
        import sentencepiece

        opts = self.options
        try:
            translator = ctranslate2.Translator(
                str(package.model_dir),
                device=opts.device,
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
        loaded = _Loaded(package, translator, source_spm, target_spm, add_eos)
        self._loaded[key] = loaded
        return loaded

    def translate_batch(
        self, segments: list[str], source: str, target: str, *, progress: Progress | None = None
    ) -> list[str]:
        """Translate ``segments`` in one ``translate_batch`` call; return them in order."""
        if not segments:
            return []
        loaded = self._load(source, target)
        package, opts = loaded.package, self.options
        tokens = [loaded.source_spm.encode(s, out_type=str) for s in segments]
        if package.source_token:
            tokens = [[package.source_token, *t] for t in tokens]
        if loaded.add_eos:
            tokens = [[*t, "</s>"] for t in tokens]
        prefix = [package.target_prefix] if package.target_prefix else []
        kwargs: dict[str, Any] = {
            "max_batch_size": opts.max_batch_tokens,
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


def _config(package: PackageInfo) -> dict[str, Any]:

    path = package.model_dir / "config.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}
