"""Benchmark: archivepub's batched translation against argostranslate's, on the same model.

Builds a transformer-base-shaped CTranslate2 model offline (6 layers, d_model 512, 8 heads,
FFN 2048, a 32,000-entry vocabulary, int8; ``copy`` weights so outputs are as long as inputs,
like a real translation), installs it as an Argos package in a temporary folder, and times on
the same paragraphs:

  (a) ``argostranslate.translate.translate()`` once per paragraph (its own sentence splitter,
      a rule-based MiniSBD model shipped in the package, so nothing is downloaded);
  (b) ``archivepub.translate`` of a document holding those paragraphs (no memory);
  (c) one raw ``ctranslate2.Translator.translate_batch`` over the pre-tokenised sentences,
      with the settings (b) uses;

then prints a/b (goal >= 3), b/c (goal <= 1.2), and the time of a second archivepub run that
finds every sentence in the translation memory.

Run: ``.venv/bin/python benchmarks/translate.py [--paragraphs 26] [--beam 4] [--threads 2]``
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

_WORDS = [
    "archive",
    "letter",
    "village",
    "river",
    "bridge",
    "school",
    "church",
    "teacher",
    "mother",
    "brother",
    "winter",
    "summer",
    "road",
    "mountain",
    "valley",
    "garden",
    "market",
    "museum",
    "library",
    "photograph",
    "newspaper",
    "editor",
    "family",
    "house",
    "city",
    "harbour",
    "station",
    "factory",
    "soldier",
    "doctor",
    "writer",
    "painter",
    "friend",
    "neighbour",
    "journey",
    "story",
    "record",
]
_VERBS = [
    "kept",
    "wrote",
    "found",
    "sent",
    "read",
    "lost",
    "carried",
    "described",
    "remembered",
    "copied",
    "opened",
    "closed",
]


def _sentence(rnd: random.Random) -> str:
    words = [rnd.choice(_WORDS) for _ in range(rnd.randint(14, 22))]
    words.insert(rnd.randint(1, 4), rnd.choice(_VERBS))
    text = " ".join(words)
    return f"The {text} in {rnd.randint(1880, 1990)}."


def _paragraphs(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    return [" ".join(_sentence(rnd) for _ in range(4)) for _ in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=26, help="paragraphs of 4 sentences (default 26)")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="CTranslate2 threads for all three")
    parser.add_argument("--skip-argos", action="store_true", help="skip (a), the slow one")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (b) and (c); the best counts")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="archivepub-bench-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[key] = str(work / key.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
    os.environ["ARGOS_INTRA_THREADS"] = str(args.threads)
    os.environ["ARGOS_BEAM_SIZE"] = str(args.beam)

    import ct2_models  # tests/ct2_models.py

    t0 = time.perf_counter()
    paragraphs = _paragraphs(args.paragraphs)
    root = ct2_models.build_model(
        work / "model",
        extra_corpus=_paragraphs(200, seed=1),
        mode="copy",
        layers=6,
        d_model=512,
        heads=8,
        ffn=2048,
        vocab_size=2000,
        spm_type="bpe",
        pad_vocab_to=32000,
        quantization="int8",
    )
    package_file = ct2_models.make_argosmodel(
        root, work / "bench.argosmodel", from_code="en", to_code="hy", with_sbd=True
    )
    from archivepub.transforms.backends.argos import install_package

    install_package(package_file)
    print(
        f"model built and installed in {time.perf_counter() - t0:.1f} s "
        f"({sum(f.stat().st_size for f in (root / 'model').iterdir()) / 1e6:.0f} MB)"
    )

    import ctranslate2
    import sentencepiece

    import archivepub
    from archivepub.model import Metadata, Paragraph, Text, make_document
    from archivepub.transforms.backends.ctranslate2 import CTranslate2Options, CTranslate2Translator
    from archivepub.transforms.memory import TranslationMemory
    from archivepub.transforms.segment import split_text
    from archivepub.transforms.translate import TranslateOptions

    doc = make_document(
        Metadata(title="Benchmark", language="en"), [Paragraph(content=(Text(p),)) for p in paragraphs]
    )
    sentences = [s for p in paragraphs for s in split_text(p, "en")]
    sp = sentencepiece.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    tokens = [sp.encode(s, out_type=str) for s in sentences]
    print(
        f"{len(paragraphs)} paragraphs, {len(sentences)} sentences, {sum(map(len, tokens))} tokens, "
        f"beam {args.beam}, {args.threads} threads"
    )

    engine = CTranslate2Options(beam_size=args.beam, threads=args.threads)
    options = TranslateOptions(engine=engine)

    a = None
    if not args.skip_argos:
        import argostranslate.translate

        argostranslate.translate.translate(paragraphs[0], "en", "hy")  # load the model, untimed
        t0 = time.perf_counter()
        argos_out = [argostranslate.translate.translate(p, "en", "hy") for p in paragraphs]
        a = time.perf_counter() - t0
        assert len(argos_out) == len(paragraphs)

    translator = CTranslate2Translator(engine)
    translator.translate_batch(["Warm up."], "en", "hy")  # load the model, untimed
    raw = ctranslate2.Translator(str(root / "model"), device="cpu", intra_threads=args.threads)
    raw.translate_batch(tokens[:1], beam_size=args.beam)

    def run_b() -> None:
        calls = len(translator.calls)
        out = archivepub.translate(doc, "hy", translator=translator, options=options)
        assert len(out.blocks) == len(doc.blocks)
        # one model call with every sentence (and the title)
        assert translator.calls[calls:] == [("en", "hy", len(sentences) + 1)], translator.calls[calls:]

    def run_c() -> None:
        raw.translate_batch(
            tokens,
            max_batch_size=engine.max_batch_tokens,
            batch_type="tokens",
            beam_size=args.beam,
            max_decoding_length=max(256, 2 * max(map(len, tokens)) + 16),
        )

    # the machine is shared: interleave (b) and (c) and keep the best of each
    b_times: list[float] = []
    c_times: list[float] = []
    for _ in range(args.repeat):
        for run, times in ((run_c, c_times), (run_b, b_times)):
            t0 = time.perf_counter()
            run()
            times.append(time.perf_counter() - t0)
    b, c = min(b_times), min(c_times)
    check = archivepub.translate(doc, "hy", translator=translator, options=options)
    same = sum(x.content == y.content for x, y in zip(check.blocks, doc.blocks, strict=True))  # type: ignore[union-attr]
    print(f"copy model check: {same}/{len(doc.blocks)} paragraphs came back unchanged")

    with TranslationMemory(work / "tm.sqlite") as memory:
        archivepub.translate(doc, "hy", translator=translator, memory=memory, options=options)
        calls = len(translator.calls)
        t0 = time.perf_counter()
        archivepub.translate(doc, "hy", translator=translator, memory=memory, options=options)
        d = time.perf_counter() - t0
        assert len(translator.calls) == calls, "the memory run called the model"

    if a is not None:
        print(f"(a) argostranslate.translate.translate() per paragraph: {a:8.2f} s")
    print(f"(b) archivepub.translate (one batched call), best of {args.repeat}:  {b:8.2f} s")
    print(f"(c) raw ctranslate2 translate_batch, best of {args.repeat}:         {c:8.2f} s")
    print(f"    second archivepub run, every sentence from memory:   {d:8.3f} s (0 model calls)")
    if a is not None:
        print(f"a/b = {a / b:.2f}  (goal >= 3)  {'ok' if a / b >= 3 else 'MISSED'}")
    print(f"b/c = {b / c:.2f}  (goal <= 1.2)  {'ok' if b / c <= 1.2 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
