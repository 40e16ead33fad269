"""Reading web captures: speed against bare warcio iteration, and memory against capture size.

Run: ``.venv/bin/python benchmarks/captures.py [--size-mb 1024] [--small-mb 100] [--articles 200]``.

It writes a synthetic crawl with warcio's writer into a temporary folder (deleted at the end):
article pages of about 25 kB, three images of 60-250 kB each per page (random bytes behind a
PNG signature, so gzip cannot shrink them, as with real photographs), a redirect every 50
pages and a revisit record every 20 images, gzip per record, until the file reaches
``--size-mb``; and a second one of ``--small-mb``. Then, each step in its own process:

- **bare warcio**: ``ArchiveIterator`` over the file, reading every record's content stream
  to its end (the least any reader must do: decompress every record);
- **archivepub capture reading**: :func:`archivepub.captures.open_capture` (the streaming
  index pass, every record's length checked), then every HTML page with status 200 after
  redirects and revisits (:meth:`Capture.pages`) with its payload read by seeking to it. The
  ratio of its time to the bare iteration's (goal <= 1.5), and pages per second;
- **peak memory**: the peak resident memory of the capture reading of the large file against
  the small one (goal <= 1.2: memory stays flat in the capture's size);
- **articles per second**: the first ``--articles`` pages read in full (the HTML reader, the
  article check, the figures' images looked up and read from the capture).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WORDS = [
    "harbour",
    "archive",
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
    "tide",
    "lantern",
    "keeper",
    "ferry",
    "quay",
    "storm",
]


def _page(n: int, rng: random.Random) -> bytes:
    paragraphs = []
    for _ in range(24):
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(120, 160)))
        paragraphs.append(f"<p>{words.capitalize()}.</p>")
    figures = "".join(
        f'<figure><img src="/img/{n}-{k}.png" alt="Picture {k}"><figcaption>Picture {k} of story {n}. '
        f'<span class="credit">Photo: Staff</span></figcaption></figure>'
        for k in range(3)
    )
    body = "".join(paragraphs[:12]) + figures + "".join(paragraphs[12:])
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n} | Bench News</title>'
        f'</head><body><nav><a href="/">Home</a></nav><article><h1>Story {n}</h1>{body}</article>'
        f"<footer>Bench News</footer></body></html>"
    ).encode()


def generate(path: Path, size_mb: int, seed: int = 7) -> tuple[int, int]:
    """Write a crawl of about ``size_mb`` MiB to ``path``; return (pages, records)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    target = size_mb * 1024 * 1024
    pages = records = 0
    last_image: tuple[str, str] | None = None
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench-writer/1.0"}))

        def response(url: str, body: bytes, media: str, status: str = "200 OK", extra=()):  # type: ignore[no-untyped-def]
            http = StatusAndHeaders(status, [("Content-Type", media), *extra], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http
            )
            writer.write_record(record)
            return record

        while out.tell() < target:
            url = f"https://bench-news.example/{pages}/"
            response(url, _page(pages, rng), "text/html; charset=utf-8")
            records += 1
            for k in range(3):
                image_url = f"https://bench-news.example/img/{pages}-{k}.png"
                if last_image is not None and (records % 20 == 0):
                    http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                    revisit = writer.create_revisit_record(
                        image_url, last_image[1], last_image[0], "2024-05-01T00:00:00Z", http_headers=http
                    )
                    writer.write_record(revisit)
                else:
                    data = b"\x89PNG\r\n\x1a\n" + rng.randbytes(rng.randint(60_000, 250_000))
                    record = response(image_url, data, "image/png")
                    last_image = (image_url, record.rec_headers.get_header("WARC-Payload-Digest"))
                records += 1
            if pages % 50 == 0:
                response(
                    f"https://bench-news.example/old/{pages}",
                    b"",
                    "text/html",
                    "301 Moved Permanently",
                    [("Location", url)],
                )
                records += 1
            pages += 1
    return pages, records


_STEP = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
from warcio.archiveiterator import ArchiveIterator
from archivepub.captures import PAGE_LIMIT, open_capture, read_page
start = time.perf_counter()  # imports are not timed
count = size = 0
if mode == "bare":
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            stream = record.content_stream()
            while chunk := stream.read(65536):
                size += len(chunk)
            count += 1
elif mode == "pages":
    with open_capture(path) as capture:
        for page in capture.pages():
            size += len(capture.payload(page.payload, PAGE_LIMIT))
            count += 1
else:
    limit = int(mode.split(":")[1])
    with open_capture(path) as capture:
        pages = []
        for page in capture.pages():
            pages.append(page)
            if len(pages) == limit:
                break
        start = time.perf_counter()
        for page in pages:
            article = read_page(capture, page)
            size += len(article.images)
            count += 1
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "count": count, "size": size, "peak": peak}))
"""


def step(mode: str, path: Path) -> dict[str, float]:
    """Run one measurement in a fresh process (its own peak memory)."""
    done = subprocess.run(
        [sys.executable, "-c", _STEP, mode, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Generate the captures, measure, print, clean up."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the large capture (MiB)")
    parser.add_argument("--small-mb", type=int, default=100, help="size of the small capture (MiB)")
    parser.add_argument("--articles", type=int, default=200, help="pages read in full for articles/s")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="archivepub-bench-captures-") as tmp:
        large, small = Path(tmp) / "large.warc.gz", Path(tmp) / "small.warc.gz"
        t0 = time.perf_counter()
        pages, records = generate(large, args.size_mb)
        small_pages, _ = generate(small, args.small_mb)
        took = time.perf_counter() - t0
        print(
            f"generated {large.stat().st_size / 2**20:.0f} MiB ({pages} pages, {records} records) and "
            f"{small.stat().st_size / 2**20:.0f} MiB ({small_pages} pages) in {took:.0f} s"
        )
        bare = step("bare", large)
        ours = step("pages", large)
        ours_small = step("pages", small)
        full = step(f"articles:{args.articles}", large)
        print(f"bare warcio iteration:      {bare['seconds']:7.2f} s ({bare['count']:.0f} records)")
        print(
            f"archivepub capture reading: {ours['seconds']:7.2f} s ({ours['count']:.0f} pages, "
            f"{ours['count'] / ours['seconds']:.0f} pages/s), ratio {ours['seconds'] / bare['seconds']:.2f} "
            "(goal <= 1.5)"
        )
        print(
            f"peak memory: {ours_small['peak'] / 2**20:.1f} MiB ({args.small_mb} MiB capture) / "
            f"{ours['peak'] / 2**20:.1f} MiB ({args.size_mb} MiB), "
            f"ratio {ours['peak'] / ours_small['peak']:.2f} (goal <= 1.2)"
        )
        print(
            f"articles read in full (HTML reader, article check, images): {full['count']:.0f} in "
            f"{full['seconds']:.2f} s, {full['count'] / full['seconds']:.1f} articles/s, "
            f"{full['size']:.0f} images"
        )


if __name__ == "__main__":
    main()
