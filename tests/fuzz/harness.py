"""A mutation fuzzer for every reader (HTML, text, JSON, TEI) and the PO parser.

Seeds are real pages: the bundled ``archive/`` articles, the test pages under ``tests/data``
and, when present, ``../shared/corpus`` pages; the JSON and TEI seeds are those pages read
and written by archivepub, the PO seeds the bundled ``locales/`` catalogs. Each input is a
seed with one to three mutations (bytes flipped, ranges deleted, duplicated or spliced from
another seed, a format's own tokens inserted, a line repeated thousands of times, control
characters, truncation), made from a fixed random seed so that a run can be repeated.

Every input is read in a worker process that the harness kills when one input runs longer
than the hang limit, and reports:

- ``crash``: any exception that is not an :class:`~archivepub.errors.ArchivepubError`;
- ``slow``: an input that took longer than the time limit (5 s of CPU time);
- ``hang``: an input still running after the hang limit (60 s), when the worker is killed;
- ``memory``: a worker whose peak resident memory went over the memory limit;
- ``roundtrip``: a JSON input that reads, but does not come back from TEI as it was read.

Used by ``tests/fuzz/test_fuzz.py`` (a few inputs per reader in every test run, more with
``ARCHIVEPUB_FUZZ=N``) and on its own for long runs:

    python tests/fuzz/harness.py --count 5000 [--formats html,text,json,tei,po] [--seed 1]
"""

from __future__ import annotations

import argparse
import copy
import multiprocessing
import random
import resource
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = ("html", "text", "json", "tei", "po")
#: An input slower than this is reported (the issue's bound).
TIME_LIMIT = 5.0
#: An input still running after this (wall-clock time) is killed and reported as a hang.
HANG_LIMIT = 60.0
#: Peak resident memory of a worker above this is reported.
MEMORY_LIMIT_MB = 3000
#: Seeds larger than this are cut (mutations make them larger still).
MAX_SEED = 400_000

TOKENS: dict[str, list[bytes]] = {
    "html": [
        b"<p>",
        b"</p>",
        b"<div>",
        b"</div>",
        b'<a href="javascript:alert(1)">x</a>',
        b'<img src="data:x">',
        b'<sup><a href="#fn1" id="r1">1</a></sup>',
        b'<li id="fn1">note <a href="#r1">^</a></li>',
        b"<!--",
        b"<![CDATA[",
        b"<script>",
        b'<svg><animate attributeName="href" values="javascript:1"/></svg>',
        b"&#0;",
        b"&amp;",
        b'<meta charset="utf-16">',
        b'<base href="javascript:x">',
        b"<table><tr><td>",
        b"<figure><img src='a.jpg'><figcaption>Photo: Jane Doe</figcaption></figure>",
        b"<h2>",
        b"<br>",
        b"<blockquote>",
        b"<ol><li>",
        b"<em><strong>",
        b"\x00",
        b"\xff\xfe",
    ],
    "text": [
        b"\n\n",
        b"[1]",
        b"\n[1] A note.\n",
        b"Photo: Jane Doe",
        b"By Jane Doe",
        b"18 April 2024",
        b"\xe2\x80\xa2 Home",
        b"\n> quote\n",
        b"\n1. item\n",
        b"\nShare\n",
        b" https://example.org/x ",
        b"\xc2\xb9",
        b"\x1b[31m",
        b"\x00",
        b"\xe2\x80\xa8",
        b"\xef\xbb\xbf",
        b"\r",
        b"\f",
        b"\n---\n",
        b"\n\xc2\xa9 2024 All rights reserved\n",
    ],
    "json": [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b"\\u0000",
        b'{"type": "link", "url": "javascript:x", "content": []}',
        b"null",
        b"1e999",
        b'{"type": "noteref", "note": "fn1"}',
        b'"fn1"',
        b'{"type": "text", "text": ""}',
        b",",
        b"\\ud800",
    ],
    "tei": [
        b"<p>",
        b"</p>",
        b'<note xml:id="n1" n="1">',
        b"</note>",
        b'<ref target="javascript:x">',
        b'<graphic url="data:x"/>',
        b'<!DOCTYPE x [<!ENTITY a "b">]>',
        b"&a;",
        b'<hi rend="italic">',
        b"<div>",
        b"<head>",
        b"<list><item>",
        b'<ptr target="#n1"/>',
        b"&#1;",
        b'xml:id="p1"',
    ],
    "po": [
        b'msgid "',
        b'msgstr "',
        b'msgctxt "',
        b"#~ ",
        b"#, fuzzy\n",
        b'msgid_plural "',
        b'msgstr[0] "',
        b'"\\',
        b"\\n",
        b"#| ",
        b'"',
        b"\n\n",
        b"x" * 5000,
        b"\xe2\x80\xa8",
        b"\x0c",
    ],
}


def _cut(data: bytes) -> bytes:
    return data[:MAX_SEED]


def _pages() -> Iterator[tuple[str, bytes]]:
    for path in sorted((ROOT / "archive").glob("*/article.*")):
        yield path.suffix.lstrip("."), path.read_bytes()
    for path in sorted((ROOT / "tests" / "data").rglob("*")):
        if path.suffix in (".html", ".txt"):
            yield path.suffix.lstrip("."), path.read_bytes()
    for path in sorted((CORPUS / "readability").glob("*/source.html")):
        yield "html", path.read_bytes()


def seeds(fmt: str) -> list[bytes]:
    """Real inputs of a format to mutate (see the module's docstring)."""
    import archivepub
    from archivepub.writers.tei import write_tei

    pages = list(_pages())
    if fmt == "html":
        return [_cut(d) for kind, d in pages if kind in ("html", "htm")]
    if fmt == "text":
        texts = [d for kind, d in pages if kind == "txt"]
        # the visible text of the HTML pages too: a scrape is what a browser shows
        from lxml import html as lxml_html

        for kind, data in pages[:60]:
            if kind == "html":
                try:
                    texts.append(lxml_html.fromstring(data).text_content().encode("utf-8"))
                except (ValueError, TypeError):
                    continue
        return [_cut(t) for t in texts]
    if fmt == "po":
        return [_cut(p.read_bytes()) for p in sorted((ROOT / "locales").rglob("*.po"))]
    docs = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for kind, data in pages[:30]:
            try:
                docs.append(archivepub.read(data, format="text" if kind == "txt" else "html"))
            except archivepub.ArchivepubError:
                continue
    if fmt == "json":
        return [d.to_json().encode() for d in docs]
    return [write_tei(d).encode() for d in docs]


#: Values put into JSON strings and TEI text by the structural mutations.
ODD_VALUES = [
    "",
    " ",
    "javascript:alert(1)",
    " data:text/html,x",
    "\x00\x1b[31m",
    "\u2028\u0085\x0c",
    "<&>\"'",
    "x" * 20000,
    "word " * 5000,
    "\ud7ff\ue000\ufffd",
    "#fn1",
    "fn1",
]


def _mutate_json(data: bytes, rng: random.Random) -> bytes | None:
    """Change values inside a JSON document that stays valid JSON (None if it is not JSON)."""
    import json

    try:
        root = json.loads(data)
    except ValueError:
        return None
    nodes: list[object] = []

    def walk(node: object) -> None:
        nodes.append(node)
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        for child in children:
            walk(child)

    walk(root)
    for _ in range(rng.randint(1, 5)):
        node = rng.choice(nodes)
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            choice = rng.randrange(4)
            if choice == 0:
                node[key] = rng.choice(ODD_VALUES)
            elif choice == 1:
                del node[key]
            elif choice == 2 and isinstance(node[key], str):
                node[key] = node[key] + rng.choice(ODD_VALUES)
            else:
                node[key] = rng.choice([None, 0, -1, True, [], {}, 10**30])
        elif isinstance(node, list) and node:
            k = rng.randrange(len(node))
            if rng.random() < 0.5:
                node.insert(k, node[k])  # a duplicate: duplicate ids, repeated notes
            else:
                del node[k]
    return json.dumps(root, ensure_ascii=rng.random() < 0.5).encode()


def _mutate_xml(data: bytes, rng: random.Random) -> bytes | None:
    """Change text, attributes and elements of an XML document that stays well-formed."""
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for _ in range(rng.randint(1, 5)):
        el = rng.choice(elements)
        choice = rng.randrange(5)
        value = "".join(c for c in rng.choice(ODD_VALUES) if c.isprintable() or c in "\n\t")
        if choice == 0:
            el.text = (el.text or "") + value
        elif choice == 1 and el.attrib:
            el.set(rng.choice(list(el.attrib)), value)
        elif choice == 2 and el.getparent() is not None:
            el.addnext(copy.deepcopy(el))  # a duplicate element (and its tail)
        elif choice == 3 and (parent := el.getparent()) is not None:
            parent.remove(el)
        else:
            el.set(
                rng.choice(
                    ["target", "url", "rend", "n", "type", "{http://www.w3.org/XML/1998/namespace}id"]
                ),
                value,
            )
    return etree.tostring(root, encoding="utf-8")


def mutate(data: bytes, rng: random.Random, fmt: str, others: list[bytes]) -> bytes:
    """One to three random mutations of ``data`` (for JSON and TEI, half keep the syntax)."""
    if fmt in ("json", "tei") and rng.random() < 0.5:
        structural = _mutate_json(data, rng) if fmt == "json" else _mutate_xml(data, rng)
        if structural is not None:
            return structural
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(8)
        n = len(out)
        if kind == 0 and n:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                out[rng.randrange(n)] = rng.randrange(256)
        elif kind == 1 and n:  # delete a range
            a = rng.randrange(n)
            del out[a : a + rng.randint(1, max(1, n // 10))]
        elif kind == 2 and n:  # duplicate a range elsewhere
            a = rng.randrange(n)
            chunk = out[a : a + rng.randint(1, 2000)]
            b = rng.randrange(n)
            out[b:b] = chunk * rng.randint(1, 5)
        elif kind == 3:  # the format's own tokens
            for _ in range(rng.randint(1, 10)):
                b = rng.randrange(len(out) + 1)
                out[b:b] = rng.choice(TOKENS[fmt])
        elif kind == 4 and n:  # truncate
            del out[rng.randrange(n) :]
        elif kind == 5 and others:  # splice with another seed
            other = rng.choice(others)
            out = out[: rng.randrange(len(out) + 1)] + other[rng.randrange(len(other) + 1) :]
        elif kind == 6 and n:  # a line repeated many times (long pages, adversarial lines)
            lines = bytes(out).split(b"\n")
            k = rng.randrange(len(lines))
            lines[k:k] = [lines[k]] * rng.choice([10, 100, 1000, 3000])
            out = bytearray(b"\n".join(lines))
        else:  # control and odd characters
            for _ in range(rng.randint(1, 10)):
                b = rng.randrange(len(out) + 1)
                out[b:b] = rng.choice(
                    [b"\x00", b"\x1b[1;31m", b"\xe2\x80\xa8", b"\xef\xbb\xbf", b"\xff", b"\x0b", b"\r"]
                )
    return bytes(out)


def inputs(fmt: str, count: int, seed: int) -> Iterator[bytes]:
    """``count`` mutated inputs of ``fmt`` (the same ones for the same ``seed``)."""
    pool = seeds(fmt)
    rng = random.Random(f"{fmt}-{seed}")
    for _ in range(count):
        yield mutate(rng.choice(pool), rng, fmt, pool)


def _reader(fmt: str) -> Callable[[bytes], object]:
    import archivepub
    from archivepub.catalogs import parse_po

    if fmt == "po":
        return lambda data: parse_po(data, source="<fuzz>")
    return lambda data: archivepub.read(data, format=fmt)


def _check(fmt: str, data: bytes) -> tuple[str, str]:
    """Read one input: ("ok" | "error" | "crash" | "roundtrip", detail)."""
    from archivepub.errors import ArchivepubError

    try:
        doc = _reader(fmt)(data)
    except ArchivepubError:
        return "error", ""
    except RecursionError:
        return "crash", "RecursionError"
    except Exception as exc:  # what the fuzzer is looking for
        return "crash", f"{type(exc).__name__}: {exc}"[:300]
    if fmt == "json":
        import archivepub
        from archivepub.writers.tei import write_tei

        try:
            back = archivepub.read(write_tei(doc).encode(), format="tei")  # type: ignore[arg-type]
        except ArchivepubError as exc:
            return "roundtrip", f"TEI of the document does not read back: {exc}"[:300]
        if back != doc:
            return "roundtrip", "the document read back from TEI differs"
    return "ok", ""


def _worker(fmt: str, conn: Connection) -> None:
    warnings.simplefilter("ignore")
    _check("text", b"A warm-up line of English text, so that the language model is loaded.\n")
    _reader(fmt)  # imports before the first timing
    while True:
        data = conn.recv()
        if data is None:
            return
        # CPU time, not wall-clock time: on a shared machine a read waits for a core as well
        start = time.process_time()
        outcome, detail = _check(fmt, data)
        elapsed = time.process_time() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        conn.send((outcome, detail, elapsed, peak))


@dataclass
class Report:
    """What one fuzz run of one format found."""

    fmt: str
    inputs: int = 0
    ok: int = 0
    errors: int = 0
    slowest: float = 0.0
    peak_mb: int = 0
    problems: list[tuple[str, str, bytes]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        """How many inputs had a problem of this kind."""
        return sum(1 for k, _detail, _data in self.problems if k == kind)

    def line(self) -> str:
        """One line of the summary table."""
        kinds = ("crash", "slow", "hang", "memory", "roundtrip")
        counts = " ".join(f"{k} {self.count(k):>3}" for k in kinds)
        return (
            f"{self.fmt:5} {self.inputs:>6} inputs  ok {self.ok:>6}  ArchivepubError {self.errors:>6}  "
            f"{counts}  slowest {self.slowest:6.2f} s  peak {self.peak_mb} MB"
        )


def run(
    fmt: str,
    count: int,
    seed: int = 1,
    time_limit: float = TIME_LIMIT,
    hang_limit: float = HANG_LIMIT,
    progress: Callable[[Report], None] | None = None,
) -> Report:
    """Fuzz the reader of ``fmt`` with ``count`` inputs; return what was found.

    ``progress`` is called with the report so far after every 250 inputs.
    """
    context = multiprocessing.get_context("spawn")
    report = Report(fmt)

    def start() -> tuple[multiprocessing.process.BaseProcess, Connection]:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(fmt, child), daemon=True)
        process.start()
        return process, parent

    process, conn = start()
    try:
        for data in inputs(fmt, count, seed):
            if progress is not None and report.inputs and report.inputs % 250 == 0:
                progress(report)
            report.inputs += 1
            conn.send(data)
            if not conn.poll(hang_limit):
                process.kill()
                process.join()
                report.problems.append(("hang", f"still running after {hang_limit:g} s", data))
                report.slowest = max(report.slowest, hang_limit)
                process, conn = start()
                continue
            try:
                outcome, detail, elapsed, peak = conn.recv()
            except EOFError:  # the worker died (a crash in C code, or out of memory)
                process.join()
                report.problems.append(("crash", f"the worker died (exit code {process.exitcode})", data))
                process, conn = start()
                continue
            report.slowest = max(report.slowest, elapsed)
            report.peak_mb = max(report.peak_mb, peak)
            if outcome == "ok":
                report.ok += 1
            elif outcome == "error":
                report.errors += 1
            else:
                report.problems.append((outcome, detail, data))
            if elapsed > time_limit:
                report.problems.append(("slow", f"{elapsed:.1f} s for {len(data)} bytes", data))
            if peak > MEMORY_LIMIT_MB:
                report.problems.append(("memory", f"peak {peak} MB", data))
                process.kill()
                process.join()
                process, conn = start()
    finally:
        if process.is_alive():
            conn.send(None)
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    return report


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer from the command line; exit code 1 when it found a problem."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200, help="inputs per format (default 200)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--save", type=Path, help="write every problem input into this folder")
    args = parser.parse_args(argv)
    found = False
    for fmt in args.formats.split(","):
        started = time.perf_counter()
        report = run(fmt, args.count, args.seed, progress=lambda r: print(f"  ... {r.line()}", flush=True))
        print(f"{report.line()}  ({time.perf_counter() - started:.0f} s)", flush=True)
        for n, (kind, detail, data) in enumerate(report.problems):
            found = True
            print(f"  {kind}: {detail}", flush=True)
            if args.save is not None:
                args.save.mkdir(parents=True, exist_ok=True)
                (args.save / f"{fmt}-{n}-{kind}.bin").write_bytes(data)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
