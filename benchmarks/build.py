"""The batch build: full build time, incremental rebuild, peak memory, and pandoc side by side.

Run: ``.venv/bin/python benchmarks/build.py [--n 1000] [--small 100] [--jobs N] [--pandoc 100]
[--baseline REV | --baseline none] [--no-cluster] [--repeat 3] [--settle 31]``.

It generates ``--n`` synthetic English articles (HTML: headings, paragraphs with notes,
emphasis and links, a figure with caption and credit and a local PNG) in a temporary archive,
and fills a translation memory with their Russian, Armenian and Azerbaijani translations
(made by a fake translator before timing starts), so no model is needed. Then it prints:

- the full build of the ``--n`` articles (4 languages x EPUB, TEI, JSON and one bag per
  article): seconds and editions per second;
- the same full build by the code of ``--baseline`` (a git revision of this repository, by
  default the main branch before issue 16's faster build), in the same run, and the ratio of
  articles per second (goal >= 2); then which output files differ between the two builds;
  and the processor time of each build (the build process and its workers, user + system)
  per article, with its ratio: the work done, which a busy machine does not stretch as it
  stretches the elapsed time;
- the same full build on a ``dask.distributed`` ``LocalCluster`` of ``--jobs`` worker
  processes (one thread each, started before timing) and its time as a ratio of the local
  pool's (the cluster's overhead on one machine, goal <= 1.3), and whether the outputs are
  byte-identical to the local build's. Skipped with a message without ``archivepub[dask]``;
- the incremental rebuild of the unchanged archive, as a ratio of the full build (goal <= 0.05);
- the peak resident memory (largest process: the build or one of its workers) of full builds
  of ``--small`` and ``--n`` articles, and their ratio (goal <= 1.2);
- Debian's pandoc converting ``--pandoc`` of the same articles, HTML -> EPUB, one process per
  document (as many at a time as the build's workers), against archivepub's EPUB rate as a
  ratio. Skipped with a message if pandoc is not installed (``apt-get install pandoc``).

Each build runs in its own process (``archivepub.build.build_archive``), so memory is
measured per build. Each build of each round writes into a folder of its own, and none is
deleted before the last round is timed: ext4 passes over every inode freed in the last minute
(six minutes while the inode's table block is dirty, as a running build keeps it) when it
allocates one, so a build right after tens of thousands of deletions spends a large share of
its time in the kernel, and more in each later round. Where the free space cannot hold every
round's outputs (twice over), each round deletes the last one's instead and waits
``--settle`` seconds (default 31), and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

_WORDS = [
    "archive",
    "harbour",
    "ledger",
    "letter",
    "museum",
    "photograph",
    "negative",
    "newspaper",
    "volunteer",
    "council",
    "school",
    "library",
    "record",
    "chart",
    "winter",
    "century",
    "family",
    "village",
    "editor",
    "reader",
    "glass",
    "box",
    "shelf",
    "map",
]
_VERBS = [
    "keeps",
    "describes",
    "restores",
    "copies",
    "finds",
    "reads",
    "lists",
    "dates",
    "scans",
    "sorts",
    "names",
]


def _png() -> bytes:
    """A valid 8x8 grey PNG, written here."""
    raw = b"".join(b"\x00" + bytes([128] * 8) for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 8, 8, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(_WORDS, 2)
    return f"The {a} {rng.choice(_VERBS)} the {b} of {rng.randint(1850, 2020)}."


def _article(n: int, rng: random.Random) -> str:
    """One synthetic article as an HTML page: two sections, notes, emphasis, a link, a figure."""
    notes: list[str] = []
    body: list[str] = []
    for section in range(2):
        body.append(f"<h2>Part {section + 1}: the {rng.choice(_WORDS)}</h2>")
        for _ in range(4):
            sentences = [_sentence(rng) for _ in range(3)]
            note = len(notes) + 1
            notes.append(f'<li id="fn{note}">{_sentence(rng)} <a href="#r{note}">↩</a></li>')
            body.append(
                f"<p>{sentences[0]} <em>{rng.choice(_WORDS)}</em> {sentences[1]}"
                f'<sup id="r{note}"><a href="#fn{note}">{note}</a></sup> '
                f'<a href="https://example.org/{rng.choice(_WORDS)}">{sentences[2]}</a></p>'
            )
        if section == 0:
            body.append(
                '<figure><img src="images/figure.png" alt="A grey square.">'
                f'<figcaption>{_sentence(rng)} <span class="credit">Photo: A. Person</span>'
                "</figcaption></figure>"
            )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Synthetic article {n}</title>"
        f'<meta name="author" content="Writer {n % 17}">'
        f'<meta property="article:published_time" content="2024-0{1 + n % 9}-1{n % 10}">'
        f"</head><body><article><h1>Synthetic article {n}</h1>{''.join(body)}"
        f'<section class="footnotes"><h2>Notes</h2><ol>{"".join(notes)}</ol></section>'
        "</article></body></html>"
    )


def make_archive(folder: Path, n: int) -> Path:
    """Write ``n`` articles under ``folder/archive`` (the same articles for the same ``n``)."""
    archive = folder / "archive"
    archive.mkdir(parents=True)
    (archive / "archivepub.toml").write_text(
        'publisher = "Benchmark"\nlicence = "CC0"\nlanguages = ["ru", "hy", "az"]\n', "utf-8"
    )
    png = _png()
    rng = random.Random(7)
    for i in range(n):
        article = archive / f"article-{i:05d}"
        (article / "images").mkdir(parents=True)
        (article / "article.html").write_text(_article(i, rng), "utf-8")
        (article / "images" / "figure.png").write_bytes(png)
    return archive


def fill_memory(archive: Path, memory: Path) -> int:
    """Store a translation of every segment of every article in ``memory`` (a fake model's)."""
    import archivepub
    from archivepub.transforms.backends import FakeTranslator
    from archivepub.transforms.memory import TranslationMemory
    from archivepub.transforms.translate import TranslateOptions, translate_documents

    docs = [archivepub.read(p) for p in sorted(archive.glob("*/article.html"))]
    translators = {
        "ru": FakeTranslator(lambda s, a, b: s.replace("The ", "Этот ")),
        "hy": FakeTranslator(lambda s, a, b: s.replace("The ", "Այս ")),
        "az": FakeTranslator(lambda s, a, b: s.replace("The ", "Bu ")),
    }
    with TranslationMemory(memory) as tm:
        for lang, translator in translators.items():
            translate_documents(
                docs, lang, translator=translator, memory=tm, options=TranslateOptions(store_in_memory=True)
            )
        return len(tm)


def fill_memory_elsewhere(archive: Path, memory: Path) -> int:
    """:func:`fill_memory` in a process of its own, so that this one stays small: a child's
    peak RSS (``ru_maxrss``) starts at its parent's size at ``fork``, even after ``exec``."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import build; "
        "print(build.fill_memory(*map(build.Path, sys.argv[2:])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(Path(__file__).parent), str(archive), str(memory)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1])


#: main before issue 16 (build package, executors, the faster build): the default baseline
BASELINE = "19405ed"

_RUNNER = """
import json, os, resource, sys, time
from pathlib import Path
from archivepub.build import BuildOptions, build_archive
archive, dist, memory, jobs, executor = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
options = BuildOptions(jobs=jobs, memory=Path(memory))
cluster = None
startup = 0.0
if executor == "dask":
    from distributed import Client, LocalCluster
    began = time.perf_counter()
    cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0")
    address = cluster.scheduler_address
    with Client(address) as client:
        client.wait_for_workers(jobs)
    startup = time.perf_counter() - began
    options = BuildOptions(jobs=jobs, memory=Path(memory), executor="dask", scheduler=address)
def cpu():
    return sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for f in ("ru_utime", "ru_stime"))
began_cpu = cpu()
start = time.perf_counter()
report = build_archive(archive, dist, options)
seconds = time.perf_counter() - start
used = cpu() - began_cpu
# what the build left in the page cache, written out: the time until its outputs are on disk
os.sync()
durable = time.perf_counter() - start
if cluster is not None:
    cluster.close()
# not to_dict(): every article's report as JSON values would count in the RSS (older code,
# the baseline's, has no totals())
totals = report.totals() if hasattr(report, "totals") else report.to_dict()["totals"]
# this process's own peak (Linux: VmHWM): ru_maxrss keeps, across exec, the size of the
# process that started it (this benchmark, far larger once it has compared output trees)
try:
    own = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0])
except (OSError, IndexError, ValueError):
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "durable": durable, "cpu": used, "startup": startup, "totals": totals,
                  "rss_kib": max(own, workers), "main_kib": own, "worker_kib": workers,
                  "errors": [a.error for a in report.failed][:3]}))
"""


def run_build(
    archive: Path, dist: Path, memory: Path, jobs: int, *, executor: str = "local", code: Path | None = None
) -> dict[str, Any]:
    """One build in a fresh process (of archivepub's source tree ``code``, default this one);
    return its time, report totals and peak RSS."""
    # nothing another build left unwritten is flushed on this one's time (a build flushes
    # the whole file system before each manifest save; the page cache writes out the rest
    # within 30 seconds, into whatever runs then)
    os.sync()
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(dist.parent / "no-models")}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    out = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(archive), str(dist), str(memory), str(jobs), executor],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        raise SystemExit(f"build failed ({executor}, {code or 'this tree'}):\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["errors"]:
        raise SystemExit(f"build failed: {result['errors']}")
    return result


def baseline_tree(revision: str, dest: Path) -> Path | str:
    """Extract ``src/`` of ``revision`` of this repository under ``dest``; return the folder to
    put on ``PYTHONPATH``, or why it cannot be done."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed"
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", "--format=tar", revision, "src"], capture_output=True, check=False
    )
    if archive.returncode != 0:
        return f"git archive {revision}: {archive.stderr.decode(errors='replace').strip()}"
    dest.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "src"


def _size(root: Path) -> int:
    """Bytes of the files under ``root``."""
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def tree(root: Path) -> dict[str, str]:
    """sha256 of every output file under ``root`` (the lock and the manifest left out)."""
    import hashlib

    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".lock", "build-manifest.json")
    }


def differences(a: dict[str, str], b: dict[str, str]) -> str:
    """The files that differ between two output trees, by name (``bags/*/bag-info.txt``...)."""
    names = sorted(set(a) ^ set(b)) + sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
    if not names:
        return "none"
    kinds: dict[str, int] = {}
    for name in names:
        kind = name.split("/")[0] + "/*/" + name.rsplit("/", 1)[-1] if name.startswith("bags/") else name
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{k} ({n})" for k, n in sorted(kinds.items())[:6]) + (" ..." if len(kinds) > 6 else "")


def run_pandoc(pandoc: str, archive: Path, out: Path, count: int, jobs: int) -> tuple[int, float]:
    """Convert ``count`` articles with pandoc (one process per document); return (done, seconds)."""
    articles = sorted(archive.glob("*/article.html"))[:count]
    out.mkdir()

    def convert(source: Path) -> None:
        subprocess.run(
            [
                pandoc,
                "-f",
                "html",
                "-t",
                "epub3",
                "--resource-path",
                str(source.parent),
                "-o",
                str(out / f"{source.parent.name}.epub"),
                str(source),
            ],
            check=True,
            capture_output=True,
        )

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(convert, articles))
    return len(articles), time.perf_counter() - start


def _per_round(before: list[dict[str, Any]], now: list[dict[str, Any]], field: str) -> list[float]:
    """Each round's ratio ``before / now`` of one figure of two kinds of build."""
    return [float(b[field]) / float(n[field]) for b, n in zip(before, now, strict=True)]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _spread(values: list[float]) -> str:
    return f"median {_median(values):.2f} (runs: {', '.join(f'{v:.2f}' for v in values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="articles in the large archive (default 1000)")
    parser.add_argument("--small", type=int, default=100, help="articles in the small archive (default 100)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--pandoc", type=int, default=100, help="articles pandoc converts (default 100)")
    parser.add_argument(
        "--baseline",
        default=BASELINE,
        help=f"git revision to compare with, or 'none' (default {BASELINE}: main before issue 16)",
    )
    parser.add_argument("--no-cluster", action="store_true", help="skip the LocalCluster build")
    parser.add_argument(
        "--settle",
        type=float,
        default=31.0,
        help="seconds to wait after deleting a round's outputs, before the next round, where the disk "
        "cannot keep every round's outputs until the end (default 31)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of the full builds (baseline, local pool, cluster: interleaved, in turn first); "
        "the medians are reported (default 3)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="archivepub-bench-") as tmp:
        base = Path(tmp)
        print(f"archivepub build benchmark: {args.n} and {args.small} synthetic articles, {args.jobs} jobs")
        # the small build first, while this process is small: a child's peak RSS (ru_maxrss)
        # starts at its parent's size at fork, and comparing the large trees grows this one
        # (the runner reads its own peak from VmHWM where Linux has it, which does not)
        small_folder = base / f"n{args.small}"
        small_archive = make_archive(small_folder, args.small)
        fill_memory_elsewhere(small_archive, small_folder / "memory.sqlite")
        small = run_build(small_archive, small_folder / "dist", small_folder / "memory.sqlite", args.jobs)
        folder = base / f"n{args.n}"
        archive = make_archive(folder, args.n)
        memory = folder / "memory.sqlite"
        stored = fill_memory_elsewhere(archive, memory)
        print(f"  N={args.n}: archive written, {stored} translations in the memory")

        kinds: dict[str, Path | None] = {"local": None}
        if args.baseline != "none":
            code = baseline_tree(args.baseline, base / "baseline")
            if isinstance(code, str):
                print(f"baseline {args.baseline}: skipped ({code})")
            else:
                kinds["baseline"] = code
        if not args.no_cluster:
            try:
                import distributed  # noqa: F401
            except ImportError:
                print("LocalCluster: no dask.distributed (pip install 'archivepub[dask]'); skipped")
            else:
                kinds["cluster"] = None
        runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
        names = list(kinds)
        rounds = max(1, args.repeat)
        # Every build writes into a folder of its own, and no output is deleted until the last
        # round is done: ext4 passes over the inodes freed in the last minute (five more while
        # their inode table block is dirty, as a build keeps it) when it allocates new ones, so
        # a build after thousands of deletions spends much of its time in the kernel (system
        # time grew by 2.4 s a round here, 2.6 -> 9.8 s over four rounds), more of it the more
        # rounds deleted. Where the disk cannot hold every round's outputs, each round deletes
        # the last one's and pauses --settle seconds instead.
        needed = _size(small_folder / "dist") * (args.n / args.small) * len(names) * rounds
        keep = shutil.disk_usage(folder).free > 2 * needed
        if not keep:
            print(
                f"  {needed / 2**30:.1f} GiB for every round's outputs is more than half the free space: "
                f"each round deletes the last one's and waits {args.settle} s (ext4 then spends longer "
                "allocating inodes, more in later rounds)"
            )
        dists: dict[str, Path] = {}
        for round_ in range(rounds):
            order = names[round_ % len(names) :] + names[: round_ % len(names)]
            if round_ and not keep:
                for kind in order:
                    shutil.rmtree(dists[kind], ignore_errors=True)
                time.sleep(args.settle)
            for kind in order:
                dist = dists[kind] = folder / (f"dist-{kind}-{round_ + 1}" if keep else f"dist-{kind}")
                executor = "dask" if kind == "cluster" else "local"
                runs[kind].append(
                    run_build(archive, dist, memory, args.jobs, executor=executor, code=kinds[kind])
                )
            times = {kind: float(runs[kind][-1]["seconds"]) for kind in names}
            line = ", ".join(f"{kind} {times[kind]:.1f} s" for kind in order)
            if "baseline" in times:
                line += f"; now/baseline articles/s {times['baseline'] / times['local']:.2f}"
                cpus = {kind: float(runs[kind][-1]["cpu"]) for kind in ("local", "baseline")}
                line += f" (processor time {cpus['baseline'] / cpus['local']:.2f}"
                durable = {kind: float(runs[kind][-1]["durable"]) for kind in ("local", "baseline")}
                line += f"; until on disk {durable['baseline'] / durable['local']:.2f})"
            if "cluster" in times:
                line += f"; cluster/local pool {times['cluster'] / times['local']:.2f}"
            print(f"  round {round_ + 1} ({order[0]} first): {line}")

        if keep:  # the earlier rounds' outputs: not compared, deleted now that timing is over
            for extra in sorted(folder.glob("dist-*-*")):
                if extra not in dists.values():
                    shutil.rmtree(extra, ignore_errors=True)
        local_tree = tree(dists["local"])
        seconds = _median([float(r["seconds"]) for r in runs["local"]])
        full = runs["local"][-1]
        totals = full["totals"]
        editions = int(totals["editions"])
        print(
            f"full build, N={args.n}, local pool of {args.jobs}, median of {len(runs['local'])}: "
            f"{seconds:.1f} s, {editions} editions, {editions / seconds:.1f} editions/s, "
            f"{totals['bags']} bags, {args.n / seconds:.1f} articles/s"
        )
        if "baseline" in runs:
            old = _median([float(r["seconds"]) for r in runs["baseline"]])
            ratios = _per_round(runs["baseline"], runs["local"], "seconds")
            print(
                f"baseline {args.baseline}, same build: median {old:.1f} s, {args.n / old:.1f} articles/s; "
                f"ratio articles/s now / baseline, per round: {_spread(ratios)} (goal >= 2); "
                f"files that differ: {differences(tree(dists['baseline']), local_tree)}"
            )
            durable_ratios = _per_round(runs["baseline"], runs["local"], "durable")
            print(
                f"  until the outputs are on disk (the build, then a sync of what it left in the page "
                f"cache): ratio now / baseline, per round: {_spread(durable_ratios)}"
            )
            cpu_ratios = _per_round(runs["baseline"], runs["local"], "cpu")
            cpu_now = _median([float(r["cpu"]) for r in runs["local"]])
            print(
                f"  processor time (build process and its workers, user + system): now median "
                f"{1000 * cpu_now / args.n:.1f} ms per article; baseline / now per round: "
                f"{_spread(cpu_ratios)} (the work done, whatever else the machine runs)"
            )
            shutil.rmtree(dists["baseline"])
        if "cluster" in runs:
            took_cluster = _median([float(r["seconds"]) for r in runs["cluster"]])
            startup = _median([float(r["startup"]) for r in runs["cluster"]])
            ratios = _per_round(runs["cluster"], runs["local"], "seconds")
            with_startup = [
                (float(c["seconds"]) + float(c["startup"])) / float(n["seconds"])
                for c, n in zip(runs["cluster"], runs["local"], strict=True)
            ]
            print(
                f"LocalCluster, {args.jobs} worker processes, same build: median {took_cluster:.1f} s, "
                f"{args.n / took_cluster:.1f} articles/s; ratio cluster / local pool, per round: "
                f"{_spread(ratios)} (goal <= 1.3); files that differ from the local build: "
                f"{differences(local_tree, tree(dists['cluster']))}"
            )
            print(
                "  timed alike: from build_archive() to its return, in a fresh process each. Inside: the "
                "local pool's start-up (fork of its workers), the cluster's connection, worker checks and "
                "plugin. Outside: the LocalCluster's own start-up (processes, imports), "
                f"median {startup:.1f} s; counted in, the ratio is {_spread(with_startup)}"
            )
            shutil.rmtree(dists["cluster"])

        again = run_build(archive, dists["local"], memory, args.jobs)
        ratio = float(again["seconds"]) / seconds
        skipped = again["totals"]["skipped"]
        print(
            f"incremental rebuild (unchanged, {skipped} skipped): {float(again['seconds']):.2f} s, "
            f"ratio {ratio:.3f} (goal <= 0.05)"
        )
        rss_small, rss_large = int(small["rss_kib"]), int(full["rss_kib"])
        print(
            f"peak RSS: N={args.small} {rss_small / 1024:.0f} MiB, N={args.n} {rss_large / 1024:.0f} MiB, "
            f"ratio {rss_large / rss_small:.2f} (goal <= 1.2); main process / largest worker: "
            f"{small['main_kib'] / 1024:.0f} / {small['worker_kib'] / 1024:.0f} MiB and "
            f"{full['main_kib'] / 1024:.0f} / {full['worker_kib'] / 1024:.0f} MiB"
        )

        pandoc = shutil.which("pandoc")
        if pandoc is None:
            print("pandoc: not installed (Debian: apt-get install pandoc); comparison skipped")
            return
        if args.pandoc <= 0:
            return
        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True)
        count, took = run_pandoc(pandoc, archive, base / "pandoc", args.pandoc, args.jobs)
        pandoc_rate = count / took
        epub_rate = (editions / 3) / seconds  # one EPUB per edition language (EPUB, TEI, JSON each)
        print(
            f"{version.stdout.splitlines()[0]}: {count} articles HTML -> EPUB, one process each, "
            f"{args.jobs} at a time: {took:.1f} s, {pandoc_rate:.1f} EPUBs/s"
        )
        print(
            f"archivepub EPUB editions/s (with TEI, JSON, translation and bags in the same time): "
            f"{epub_rate:.1f}; ratio archivepub/pandoc {epub_rate / pandoc_rate:.2f}"
        )


if __name__ == "__main__":
    main()
