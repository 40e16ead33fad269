"""A tiny OPUS-MT release written by the tests: a real Marian model, no download.

The weights are numpy arrays under Marian's parameter names (``encoder_l1_self_Wq``,
``decoder_l1_context_Wo``, ``decoder_ff_logit_out_W``, ...) with Marian's configuration in
``special:model.yml``, saved as ``.npz`` beside ``decoder.yml``, the vocabulary YAML and
SentencePiece models ``source.spm`` and ``target.spm`` trained here, exactly the files of an
OPUS-MT release. The weights make an identity translator (the construction of
``ct2_models``' copy model, in Marian's layout: a pre-norm transformer whose last decoder
layer's cross-attention reads the source token at its own position), so that what goes in
must come out of the converted model.
"""

from __future__ import annotations

import json
import math
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
import yaml

import ct2_models

__all__ = ["NPZ_NAME", "VOCAB_NAME", "build_release", "zip_release"]

NPZ_NAME = "opus.spm1k-spm1k.transformer-align.model1.npz.best-perplexity.npz"
VOCAB_NAME = "opus.spm1k-spm1k.vocab.yml"


def _vocab_yaml(tokens: list[str]) -> str:
    # as Marian writes it: one "token: id" per line, tokens quoted with JSON-style escapes
    return "".join(f"{json.dumps(t, ensure_ascii=False)}: {i}\n" for i, t in enumerate(tokens))


def _marian_weights(
    vocab_size: int, d: int, heads: int, ffn: int, layers: int, seed: int
) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    weights: dict[str, np.ndarray] = {}
    dt = d // 2  # token subspace; the rest is the position subspace
    dp = d - dt
    codes = rng.standard_normal((vocab_size, dt)).astype(np.float32)
    positions = rng.standard_normal((512, dp)).astype(np.float32)
    emb = np.zeros((vocab_size, d), np.float32)
    emb[:, :dt] = codes
    pos = np.zeros((512, d), np.float32)
    pos[:, dt:] = positions
    scale = math.sqrt(d)  # Marian (and CTranslate2 after conversion) scale embeddings by sqrt(d)

    def small(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * 0.02).astype(np.float32)

    def norm(prefix: str, suffix: str = "_pre") -> None:
        weights[f"{prefix}_ln_scale{suffix}"] = np.ones((1, d), np.float32)
        weights[f"{prefix}_ln_bias{suffix}"] = np.zeros((1, d), np.float32)

    def attention(
        scope: str,
        q: np.ndarray | None = None,
        k: np.ndarray | None = None,
        v: np.ndarray | None = None,
        o: np.ndarray | None = None,
    ) -> None:
        # Marian keeps W as (in, out): the transpose of CTranslate2's (out, in)
        for name, w in (("q", q), ("k", k), ("v", v)):
            weights[f"{scope}_W{name}"] = (small(d, d) if w is None else w).T.copy()
            weights[f"{scope}_b{name}"] = np.zeros((1, d), np.float32)
        weights[f"{scope}_Wo"] = (np.zeros((d, d), np.float32) if o is None else o).T.copy()
        weights[f"{scope}_bo"] = np.zeros((1, d), np.float32)
        norm(f"{scope}_Wo")

    def feed_forward(scope: str) -> None:
        weights[f"{scope}_W1"] = small(ffn, d).T.copy()
        weights[f"{scope}_b1"] = np.zeros((1, ffn), np.float32)
        weights[f"{scope}_W2"] = np.zeros((ffn, d), np.float32)  # residual only: the copy survives
        weights[f"{scope}_b2"] = np.zeros((1, d), np.float32)
        norm(f"{scope}_ffn")

    weights["encoder_Wemb"] = emb / scale
    weights["decoder_Wemb"] = emb * 0.05 / scale
    weights["Wpos"] = pos
    for i in range(1, layers + 1):
        attention(f"encoder_l{i}_self")
        feed_forward(f"encoder_l{i}_ffn")
        attention(f"decoder_l{i}_self")
        if i == layers:  # match positions, copy the token code of the same position
            hd = d // heads
            npd, ntd = min(hd, dp), min(hd, dt)
            q = np.zeros((d, d), np.float32)
            k = np.zeros((d, d), np.float32)
            v = np.zeros((d, d), np.float32)
            for h in range(heads):
                s0 = h * hd
                q[s0 : s0 + npd, dt : dt + npd] = np.eye(npd) * 4.0
                k[s0 : s0 + npd, dt : dt + npd] = np.eye(npd)
                v[s0 : s0 + ntd, :ntd] = np.eye(ntd)
            o = np.zeros((d, d), np.float32)
            o[:ntd, :ntd] = np.eye(ntd) * 10.0
            attention(f"decoder_l{i}_context", q, k, v, o)
        else:
            attention(f"decoder_l{i}_context")
        feed_forward(f"decoder_l{i}_ffn")
    norm("encoder_top", "")
    norm("decoder_top", "")
    proj = np.zeros((vocab_size, d), np.float32)
    proj[:, :dt] = codes
    weights["decoder_ff_logit_out_W"] = proj.T.copy()
    weights["decoder_ff_logit_out_b"] = np.zeros((1, vocab_size), np.float32)
    config = {
        "type": "transformer",
        "enc-depth": layers,
        "dec-depth": layers,
        "dim-emb": d,
        "transformer-heads": heads,
        "transformer-dim-ffn": ffn,
        "transformer-decoder-autoreg": "self-attention",
        "transformer-no-projection": False,
        "transformer-ffn-activation": "relu",
        "transformer-preprocess": "n",
        "transformer-postprocess": "da",
        "transformer-postprocess-top": "n",
        "transformer-postprocess-emb": "d",
        "transformer-guided-alignment-layer": "last",
        "tied-embeddings-all": False,
    }
    weights["special:model.yml"] = np.frombuffer(yaml.safe_dump(config).encode() + b"\0", dtype=np.int8)
    return weights


def build_release(
    folder: Path,
    *,
    readme: str | None = "# opus-2020-01-01.zip\n\n* dataset: opus\n* license: CC-BY-4.0\n",
    d_model: int = 64,
    heads: int = 2,
    ffn: int = 128,
    layers: int = 1,
    seed: int = 0,
) -> Path:
    """Write an OPUS-MT release into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    ct2_models._write_corpus(corpus, 400, seed)
    for side in ("source", "target"):
        spm.SentencePieceTrainer.train(
            input=str(corpus),
            model_prefix=str(folder / side),
            vocab_size=640,
            model_type="unigram",
            character_coverage=1.0,
            byte_fallback=True,
            hard_vocab_limit=False,
            unk_id=0,
            bos_id=1,
            eos_id=2,
            pad_id=-1,
            minloglevel=2,
        )
        (folder / f"{side}.model").rename(folder / f"{side}.spm")
        (folder / f"{side}.vocab").unlink()
    corpus.unlink()
    sp = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    tokens = ["</s>", "<unk>", *(p for p in pieces if p not in ("<unk>", "<s>", "</s>"))]
    (folder / VOCAB_NAME).write_text(_vocab_yaml(tokens), encoding="utf-8")
    np.savez(folder / NPZ_NAME, **_marian_weights(len(tokens), d_model, heads, ffn, layers, seed))  # type: ignore[arg-type]
    decoder = {
        "models": [NPZ_NAME],
        "vocabs": [VOCAB_NAME, VOCAB_NAME],
        "beam-size": 6,
        "normalize": 0.6,
        "word-penalty": 0,
        "mini-batch": 16,
        "maxi-batch": 100,
        "maxi-batch-sort": "src",
        "relative-paths": True,
    }
    (folder / "decoder.yml").write_text(yaml.safe_dump(decoder), encoding="utf-8")
    if readme is not None:
        (folder / "README.md").write_text(readme, encoding="utf-8")
    return folder


def zip_release(folder: Path, dest: Path, *, extra: dict[str, bytes] | None = None) -> Path:
    """Zip a release the way OPUS-MT publishes it: its files at the top of the archive."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.iterdir()):
            zf.write(path, path.name)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return dest
