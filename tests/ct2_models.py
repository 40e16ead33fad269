# ruff: noqa: RUF001  (Cyrillic, Armenian and Azerbaijani letters are meant)
"""Real, tiny CTranslate2 translation models built offline for the tests and the benchmark.

No torch and no download: the weights are numpy arrays and the SentencePiece vocabulary is
trained on a corpus generated here. ``mode="copy"`` gives an exact identity translator (what
goes in comes out, markup included): hand-set weights make the decoder's cross-attention read
the source token at its own position. ``mode="random"`` gives garbage output for plumbing,
timing and for a model that drops markup. :func:`make_argosmodel` wraps a model as the
``.argosmodel`` zip a user would download, so tests install it through the same code path.
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece as spm
from ctranslate2.specs import transformer_spec

__all__ = ["build_model", "make_argosmodel", "make_minisbd_onnx"]

_SUBJECTS = [
    "The archive",
    "The editor",
    "A translator",
    "The museum",
    "Our library",
    "The author",
    "The photographer",
    "The committee",
    "This article",
    "The historian",
    "The reader",
    "The publisher",
    "The city council",
    "The village school",
    "A local journalist",
]
_VERBS = [
    "describes",
    "publishes",
    "translates",
    "reviews",
    "preserves",
    "mentions",
    "explains",
    "collects",
    "discusses",
    "restores",
    "illustrates",
    "quotes",
]
_OBJECTS = [
    "the history of the region",
    "a letter from 1915",
    "the first edition",
    "several photographs",
    "the footnotes",
    "an unknown poem",
    "the map of the valley",
    "the original sources",
    "a short biography",
    "the image credits",
    "the church records",
]
_TAILS = [
    "in detail",
    "with great care",
    "for the first time",
    "in three languages",
    "without any changes",
    "according to the notes",
    "after many years",
    "during the summer",
]
_EXTRAS = [
    "See note <note1/>.",
    "Photo: John Smith.",
    "Source: State Archive, 1923.",
    "It was <em>printed</em> in 1898.",
    "Translated by <strong>Anna K.</strong>",
    "Dr. Brown wrote it.",
    "Read <a1>more</a1> at https://example.org/archive.",
]
# every letter of the Russian, Armenian and Azerbaijani alphabets, so that text in those
# languages is cut into letters, not into the bytes of its UTF-8 form
_ALPHABETS = [
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
    "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆև ԱԲԳԴԵԶԷԸԹԺԻԼԽԾԿՀՁՂՃՄՅՆՇՈՉՊՋՌՍՎՏՐՑՒՓՔՕՖ ։ ՞ ՜ ՛ ՝",
    "əğıöşüçqx ƏĞİÖŞÜÇQX «» — –",
]


def _write_corpus(path: Path, n_lines: int, seed: int, extra: Sequence[str] = ()) -> None:
    rnd = random.Random(seed)
    lines = []
    for _ in range(n_lines):
        line = f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {rnd.choice(_OBJECTS)} {rnd.choice(_TAILS)}."
        if rnd.random() < 0.4:
            line += " " + rnd.choice(_EXTRAS)
        lines.append(line)
    lines.extend(_ALPHABETS)
    lines.extend(extra)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _ln(spec: Any, d: int) -> None:
    spec.gamma = np.ones((d,), dtype=np.float32)
    spec.beta = np.zeros((d,), dtype=np.float32)


def _lin(
    spec: Any,
    out_dim: int,
    in_dim: int,
    rng: np.random.Generator,
    *,
    zero: bool = False,
    weight: np.ndarray | None = None,
) -> None:
    if weight is not None:
        spec.weight = weight.astype(np.float32)
    elif zero:
        spec.weight = np.zeros((out_dim, in_dim), dtype=np.float32)
    else:
        spec.weight = (rng.standard_normal((out_dim, in_dim)) * 0.02).astype(np.float32)
    spec.bias = np.zeros((out_dim,), dtype=np.float32)


def _random_spec(spec: Any, v: int, d: int, f: int, rng: np.random.Generator) -> None:
    spec.encoder.embeddings[0].weight = (rng.standard_normal((v, d)) * 0.1).astype(np.float32)
    _ln(spec.encoder.layer_norm, d)
    for layer in spec.encoder.layer:
        _ln(layer.self_attention.layer_norm, d)
        _lin(layer.self_attention.linear[0], 3 * d, d, rng)
        _lin(layer.self_attention.linear[1], d, d, rng)
        _ln(layer.ffn.layer_norm, d)
        _lin(layer.ffn.linear_0, f, d, rng)
        _lin(layer.ffn.linear_1, d, f, rng)
    spec.decoder.embeddings.weight = (rng.standard_normal((v, d)) * 0.1).astype(np.float32)
    _ln(spec.decoder.layer_norm, d)
    for layer in spec.decoder.layer:
        _ln(layer.self_attention.layer_norm, d)
        _lin(layer.self_attention.linear[0], 3 * d, d, rng)
        _lin(layer.self_attention.linear[1], d, d, rng)
        _ln(layer.attention.layer_norm, d)
        _lin(layer.attention.linear[0], d, d, rng)
        _lin(layer.attention.linear[1], 2 * d, d, rng)
        _lin(layer.attention.linear[2], d, d, rng)
        _ln(layer.ffn.layer_norm, d)
        _lin(layer.ffn.linear_0, f, d, rng)
        _lin(layer.ffn.linear_1, d, f, rng)
    proj = (rng.standard_normal((v, d)) * 0.1).astype(np.float32)
    _lin(spec.decoder.projection, v, d, rng, weight=proj)


def _copy_spec(
    spec: Any, v: int, d: int, f: int, heads: int, rng: np.random.Generator, max_positions: int
) -> None:
    # d_model = token subspace (dt) + position subspace (dp); the last decoder layer's
    # cross-attention matches positions and copies the token code at the same position.
    dt = d // 2
    dp = d - dt
    codes = rng.standard_normal((v, dt)).astype(np.float32)
    positions = rng.standard_normal((max_positions, dp)).astype(np.float32)
    emb = np.zeros((v, d), np.float32)
    emb[:, :dt] = codes
    pos = np.zeros((max_positions, d), np.float32)
    pos[:, dt:] = positions
    spec.encoder.scale_embeddings = False
    spec.decoder.scale_embeddings = False
    spec.encoder.embeddings[0].weight = emb
    spec.encoder.position_encodings.encodings = pos
    _ln(spec.encoder.layer_norm, d)
    for layer in spec.encoder.layer:
        _ln(layer.self_attention.layer_norm, d)
        _lin(layer.self_attention.linear[0], 3 * d, d, rng)
        _lin(layer.self_attention.linear[1], d, d, rng, zero=True)
        _ln(layer.ffn.layer_norm, d)
        _lin(layer.ffn.linear_0, f, d, rng)
        _lin(layer.ffn.linear_1, d, f, rng, zero=True)
    spec.decoder.embeddings.weight = emb * 0.05
    spec.decoder.position_encodings.encodings = pos
    _ln(spec.decoder.layer_norm, d)
    last = len(spec.decoder.layer) - 1
    for i, layer in enumerate(spec.decoder.layer):
        _ln(layer.self_attention.layer_norm, d)
        _lin(layer.self_attention.linear[0], 3 * d, d, rng)
        _lin(layer.self_attention.linear[1], d, d, rng, zero=True)
        _ln(layer.attention.layer_norm, d)
        if i == last:
            hd = d // heads
            npd, ntd = min(hd, dp), min(hd, dt)
            q = np.zeros((d, d), np.float32)
            kv = np.zeros((2 * d, d), np.float32)
            for h in range(heads):
                s0 = h * hd
                q[s0 : s0 + npd, dt : dt + npd] = np.eye(npd) * 4.0
                kv[s0 : s0 + npd, dt : dt + npd] = np.eye(npd)
                kv[d + s0 : d + s0 + ntd, :ntd] = np.eye(ntd)
            out = np.zeros((d, d), np.float32)
            out[:ntd, :ntd] = np.eye(ntd) * 10.0
            _lin(layer.attention.linear[0], d, d, rng, weight=q)
            _lin(layer.attention.linear[1], 2 * d, d, rng, weight=kv)
            _lin(layer.attention.linear[2], d, d, rng, weight=out)
        else:
            _lin(layer.attention.linear[0], d, d, rng)
            _lin(layer.attention.linear[1], 2 * d, d, rng)
            _lin(layer.attention.linear[2], d, d, rng, zero=True)
        _ln(layer.ffn.layer_norm, d)
        _lin(layer.ffn.linear_0, f, d, rng)
        _lin(layer.ffn.linear_1, d, f, rng, zero=True)
    proj = np.zeros((v, d), np.float32)
    proj[:, :dt] = codes
    _lin(spec.decoder.projection, v, d, rng, weight=proj)
    spec.config.add_source_eos = True  # the copy model stops when it copies </s>


def build_model(
    outdir: Path,
    *,
    mode: str = "copy",
    layers: int = 1,
    d_model: int = 64,
    heads: int = 2,
    ffn: int = 128,
    vocab_size: int = 640,
    extra_tokens: tuple[str, ...] = (),
    pad_vocab_to: int = 0,
    quantization: str | None = None,
    seed: int = 0,
    max_positions: int = 1024,
    extra_corpus: Sequence[str] = (),
    spm_type: str = "unigram",
) -> Path:
    """Write ``outdir/model/`` (CTranslate2) and ``outdir/sentencepiece.model``; return ``outdir``.

    ``extra_tokens`` (e.g. NLLB's ``eng_Latn``, ``hye_Armn``) are appended to the model's
    vocabulary, as language tokens are in multilingual models; ``extra_corpus`` lines are
    added to the SentencePiece training text (with ``spm_type="bpe"`` their words become whole
    pieces, as in a real model's vocabulary).
    """
    outdir.mkdir(parents=True, exist_ok=True)
    corpus = outdir / "corpus.txt"
    _write_corpus(corpus, 400, seed, extra_corpus)
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(outdir / "sentencepiece"),
        vocab_size=vocab_size,
        model_type=spm_type,
        character_coverage=1.0,
        byte_fallback=True,
        hard_vocab_limit=False,
        unk_id=0,
        bos_id=1,
        eos_id=2,
        pad_id=-1,
        minloglevel=2,
    )
    corpus.unlink()
    (outdir / "sentencepiece.vocab").unlink()
    sp = spm.SentencePieceProcessor(model_file=str(outdir / "sentencepiece.model"))
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    vocab += list(extra_tokens)
    vocab += [f"<dummy_{i}>" for i in range(max(0, pad_vocab_to - len(vocab)))]
    spec = transformer_spec.TransformerSpec.from_config(num_layers=layers, num_heads=heads, pre_norm=True)
    rng = np.random.default_rng(seed)
    if mode == "copy":
        _copy_spec(spec, len(vocab), d_model, ffn, heads, rng, max_positions)
    elif mode == "random":
        _random_spec(spec, len(vocab), d_model, ffn, rng)
    else:
        raise ValueError(mode)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization=quantization)
    model_dir = outdir / "model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir()
    spec.save(str(model_dir))
    return outdir


def make_argosmodel(
    model_root: Path,
    dest: Path,
    *,
    from_code: str,
    to_code: str,
    version: str = "0.1",
    target_prefix: str = "",
    with_sbd: bool = False,
) -> Path:
    """Zip ``model_root`` (from :func:`build_model`) as an Argos ``.argosmodel`` file at ``dest``.

    ``with_sbd`` adds a rule-based MiniSBD sentence splitter so that argostranslate's own
    ``translate()`` runs offline (only the benchmark needs it).
    """
    name = f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    meta: dict[str, Any] = {
        "package_version": version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
        "links": [],
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}/metadata.json", json.dumps(meta, indent=2))
        zf.writestr(f"{name}/README.md", "Tiny offline test model; not a real translator.\n")
        zf.write(model_root / "sentencepiece.model", f"{name}/sentencepiece.model")
        for path in sorted((model_root / "model").iterdir()):
            zf.write(path, f"{name}/model/{path.name}")
        if with_sbd:
            sbd = model_root / f"{from_code}.onnx"
            make_minisbd_onnx(sbd, from_code)
            zf.write(sbd, f"{name}/minisbd/{from_code}.onnx")
    return dest


# --- a rule-based MiniSBD sentence splitter as a raw ONNX protobuf (no onnx package) ------


def _varint(n: int) -> bytes:
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint((field << 3) | wire)


def _f_varint(field: int, v: int) -> bytes:
    return _key(field, 0) + _varint(v)


def _f_bytes(field: int, b: bytes) -> bytes:
    return _key(field, 2) + _varint(len(b)) + b


def _f_str(field: int, s: str) -> bytes:
    return _f_bytes(field, s.encode("utf-8"))


def _tensor(name: str, arr: np.ndarray) -> bytes:
    data_type = 1 if arr.dtype == np.float32 else 7
    b = b"".join(_f_varint(1, d) for d in arr.shape)
    b += _f_varint(2, data_type) + _f_str(8, name) + _f_bytes(9, np.ascontiguousarray(arr).tobytes())
    return b


def _value_info(name: str, elem_type: int, dims: list[str | int]) -> bytes:
    shape = b""
    for d in dims:
        dim = _f_str(2, d) if isinstance(d, str) else _f_varint(1, d)
        shape += _f_bytes(1, dim)
    tensor_type = _f_varint(1, elem_type) + _f_bytes(2, shape)
    return _f_str(1, name) + _f_bytes(2, _f_bytes(1, tensor_type))


def _node(op: str, inputs: list[str], outputs: list[str], name: str) -> bytes:
    b = b"".join(_f_str(1, i) for i in inputs) + b"".join(_f_str(2, o) for o in outputs)
    return b + _f_str(3, name) + _f_str(4, op)


def make_minisbd_onnx(path: Path, lang_code: str = "en") -> None:
    """Write a MiniSBD model: a character of ``.!?`` followed by a space ends a sentence."""
    chars = sorted(
        set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()[]<>-/_\u0589")
    )
    id2unit = ["<PAD>", "<UNK>", *chars]
    unit2id = {u: i for i, u in enumerate(id2unit)}
    is_end = np.zeros((len(id2unit),), np.float32)
    for c in ".!?\u0589":
        is_end[unit2id[c]] = 1.0
    is_space = np.zeros((len(id2unit),), np.float32)
    is_space[unit2id[" "]] = 1.0
    is_space[unit2id["<PAD>"]] = 1.0
    lab0 = np.array([1, 0, 0, 0, 0], np.float32)
    lab1 = np.array([0, 1, 0, 0, 0], np.float32)
    lab2 = np.array([0, 0, 1, 0, 0], np.float32)
    inits = [
        _tensor("is_end", is_end),
        _tensor("is_space", is_space),
        _tensor("pads", np.array([0, 0, 0, 1], np.int64)),
        _tensor("one", np.array(1.0, np.float32)),
        _tensor("start1", np.array([1], np.int64)),
        _tensor("big", np.array([2**62], np.int64)),
        _tensor("ax1", np.array([1], np.int64)),
        _tensor("ax_last", np.array([-1], np.int64)),
        _tensor("lab0", lab0),
        _tensor("lab1_m0", lab1 - lab0),
        _tensor("lab2_m1", lab2 - lab1),
    ]
    nodes = [
        _node("Gather", ["is_end", "units"], ["E"], "g_end"),
        _node("Gather", ["is_space", "units"], ["S"], "g_sp"),
        _node("Pad", ["S", "pads", "one"], ["Sp"], "pad"),
        _node("Slice", ["Sp", "start1", "big", "ax1"], ["Snext"], "slice"),
        _node("Mul", ["E", "Snext"], ["SENT"], "mul"),
        _node("Unsqueeze", ["Snext", "ax_last"], ["Snext3"], "u1"),
        _node("Unsqueeze", ["SENT", "ax_last"], ["SENT3"], "u2"),
        _node("Mul", ["Snext3", "lab1_m0"], ["a1"], "m1"),
        _node("Mul", ["SENT3", "lab2_m1"], ["a2"], "m2"),
        _node("Add", ["lab0", "a1"], ["b1"], "add1"),
        _node("Add", ["b1", "a2"], ["logits"], "add2"),
    ]
    graph = b"".join(_f_bytes(1, n) for n in nodes) + _f_str(2, "rule_sbd")
    graph += b"".join(_f_bytes(5, t) for t in inits)
    graph += _f_bytes(11, _value_info("units", 7, ["B", "T"]))
    graph += _f_bytes(11, _value_info("features", 1, ["B", "T", "F"]))
    graph += _f_bytes(12, _value_info("logits", 1, ["B", "T", 5]))
    vocab_state = {
        "lang": lang_code,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": unit2id,
        "_id2unit": id2unit,
    }
    config = {
        "skip_newline": False,
        "max_seqlen": 1000,
        "no_ssplit": False,
        "batch_size": 32,
        "feat_funcs": [],
        "use_dictionary": False,
        "num_dict_feat": 0,
    }
    meta = {
        "lang_code": lang_code,
        "config": json.dumps(config),
        "vocab": json.dumps(vocab_state),
        "lexicon": "null",
    }
    model = _f_varint(1, 8) + _f_str(2, "archivepub-tests") + _f_bytes(7, graph)
    model += _f_bytes(8, _f_str(1, "") + _f_varint(2, 13))
    for k, v in meta.items():
        model += _f_bytes(14, _f_str(1, k) + _f_str(2, v))
    path.write_bytes(model)
