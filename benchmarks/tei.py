"""TEI speed: documents per second for write_tei and read_tei, against plain lxml in the same run.

Builds ``--docs`` synthetic articles (sections, paragraphs with emphasis, links and notes,
figures, quotes, lists; half of them translations with per-segment provenance) from a fixed
seed, then times:

- ``write_tei`` against a baseline that builds an equivalent element tree naively with lxml
  (same elements and text, no header, ids, provenance or checks) and serialises it;
- ``read_tei`` against a baseline that only parses the same bytes with lxml and walks every
  element.

Ratios above 1 mean archivepub is slower than the bare lxml work it has to do anyway.

    python benchmarks/tei.py [--docs 200] [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from collections.abc import Callable, Sequence

from lxml import etree

import archivepub
from archivepub.model import (
    Block,
    Code,
    Document,
    DraftNote,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    ModelInfo,
    NoteRef,
    Paragraph,
    Provenance,
    Quote,
    Strong,
    Text,
    make_document,
)
from archivepub.readers.tei import read_tei
from archivepub.writers.tei import write_tei

T = "{http://www.tei-c.org/ns/1.0}"
WORDS = ["пчела", "улей", "мёд", "hive", "honey", "bee", "մեղու", "փեթակ", "մեղր", "ar\u0131", "pətək", "bal"]
MODEL = ModelInfo(name="opus-mt", version="1.0")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 16))).capitalize() + ". "


def _inlines(rng: random.Random, note_keys: list[str]) -> tuple[Inline, ...]:
    out: list[Inline] = [Text(_sentence(rng))]
    for _ in range(rng.randint(0, 3)):
        kind = rng.random()
        if kind < 0.3:
            out.append(Emphasis((Text(rng.choice(WORDS)),)))
        elif kind < 0.5:
            out.append(Strong((Text(rng.choice(WORDS)),)))
        elif kind < 0.7:
            out.append(Link(f"https://example.org/{rng.choice(WORDS)}", (Text(rng.choice(WORDS)),)))
        else:
            key = f"n{len(note_keys)}"
            note_keys.append(key)
            out.append(NoteRef(key))
        out.append(Text(" " + _sentence(rng)))
    return tuple(out)


def synthetic(seed: int, translated: bool) -> Document:
    """One article of 20-40 blocks; a translation gets provenance on every paragraph."""
    rng = random.Random(seed)
    keys: list[str] = []

    def prov() -> tuple[Provenance, ...]:
        if not translated:
            return ()
        origins = ("machine", "memory", "reviewed")
        return tuple(
            Provenance(origin=(o := rng.choice(origins)), model=MODEL.name if o != "reviewed" else None)
            for _ in range(rng.randint(1, 3))
        )

    blocks: list[Block] = []
    for i in range(rng.randint(20, 40)):
        if i % 8 == 0:
            blocks.append(
                Heading(level=rng.choice((2, 3)), content=(Text(_sentence(rng)),), provenance=prov())
            )
        elif i % 11 == 5:
            blocks.append(Figure(src=f"img/{i}.jpg", alt="alt", caption=_inlines(rng, keys), credit="Photo"))
        elif i % 13 == 7:
            blocks.append(Quote(blocks=(Paragraph(content=_inlines(rng, keys)),)))
        elif i % 17 == 9:
            blocks.append(
                ListBlock(items=tuple((Paragraph(content=(Text(_sentence(rng)),)),) for _ in range(3)))
            )
        else:
            blocks.append(Paragraph(content=_inlines(rng, keys), provenance=prov()))
    notes = [
        DraftNote(k, str(n), (Paragraph(content=(Text(_sentence(rng)),)),)) for n, k in enumerate(keys, 1)
    ]
    meta = Metadata(title=_sentence(rng), authors=("A. Writer",), date="2024-04-18", language="ru")
    if translated:
        meta = Metadata(
            title=meta.title, authors=meta.authors, date=meta.date, language="hy", source_language="ru",
            translators=("Translator",), models=(MODEL,),
        )  # fmt: skip
    return make_document(meta, blocks, notes)


def _naive_inlines(parent: etree._Element, inlines: tuple[Inline, ...]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + node.text
            else:
                parent.text = (parent.text or "") + node.text
        elif isinstance(node, NoteRef):
            etree.SubElement(parent, T + "note").text = node.note
        elif not isinstance(node, Code | LineBreak):
            child = etree.SubElement(parent, T + ("ref" if isinstance(node, Link) else "hi"))
            _naive_inlines(child, node.content)


def _naive_blocks(parent: etree._Element, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            _naive_inlines(
                etree.SubElement(parent, T + ("head" if isinstance(block, Heading) else "p")), block.content
            )
        elif isinstance(block, Figure):
            figure = etree.SubElement(parent, T + "figure")
            etree.SubElement(figure, T + "graphic", url=block.src or "")
            _naive_inlines(etree.SubElement(figure, T + "head"), block.caption)
        elif isinstance(block, Quote):
            _naive_blocks(etree.SubElement(parent, T + "quote"), block.blocks)
        elif isinstance(block, ListBlock):
            lst = etree.SubElement(parent, T + "list")
            for item in block.items:
                _naive_blocks(etree.SubElement(lst, T + "item"), item)


def naive_tei(doc: Document) -> str:
    """The baseline: the body as an lxml tree, built and serialised with no care at all."""
    root = etree.Element(T + "TEI")
    _naive_blocks(etree.SubElement(etree.SubElement(root, T + "text"), T + "body"), doc.blocks)
    for note in doc.footnotes:
        _naive_blocks(etree.SubElement(root, T + "note"), note.blocks)
    return etree.tostring(root, encoding="unicode")


def naive_parse(data: bytes) -> int:
    """The baseline: parse with lxml and touch every element."""
    return sum(1 for _ in etree.fromstring(data).iter())


def rate(items: Sequence[object], run: Callable[[object], object], repeat: int) -> float:
    """Median documents per second over ``repeat`` passes."""
    rates = []
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            run(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print documents per second and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--docs", type=int, default=200, help="synthetic documents (default 200)")
    parser.add_argument("--repeat", type=int, default=5, help="passes (default 5; the median is printed)")
    args = parser.parse_args(argv)
    docs = [synthetic(seed, translated=seed % 2 == 1) for seed in range(args.docs)]
    encoded = [write_tei(d).encode("utf-8") for d in docs]
    assert all(read_tei(data) == doc for data, doc in zip(encoded, docs, strict=True)), "round trip broken"
    size = sum(map(len, encoded)) / len(encoded)
    print(
        f"archivepub {archivepub.__version__}, Python {platform.python_version()}, lxml {etree.__version__}"
    )
    print(f"{len(docs)} documents, {size / 1000:.1f} kB of TEI each on average, {args.repeat} passes")

    write = rate(docs, lambda d: write_tei(d), args.repeat)  # type: ignore[arg-type]
    naive_write = rate(docs, lambda d: naive_tei(d), args.repeat)  # type: ignore[arg-type]
    read = rate(encoded, lambda b: read_tei(b), args.repeat)  # type: ignore[arg-type]
    naive_read = rate(encoded, lambda b: naive_parse(b), args.repeat)  # type: ignore[arg-type]
    print(f"{'write_tei':<28} {write:9.1f} docs/s")
    print(f"{'lxml naive build+serialise':<28} {naive_write:9.1f} docs/s   ratio {naive_write / write:.2f}x")
    print(f"{'read_tei':<28} {read:9.1f} docs/s")
    print(f"{'lxml parse+walk':<28} {naive_read:9.1f} docs/s   ratio {naive_read / read:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
