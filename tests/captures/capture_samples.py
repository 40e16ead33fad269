"""Web captures written by the tests themselves: WARC (warcio's writer), WACZ, MHTML, saved pages.

Every page, image and address here was made up for these tests (``.example`` domains).
"""

from __future__ import annotations

import base64
import email.utils
import gzip
import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SITE = "https://harbour-news.example"
ARTICLE = f"{SITE}/2024/05/harbour-lights/"
SECOND = f"{SITE}/2024/05/ferry-timetable/"
RUSSIAN = f"{SITE}/ru/2024/05/mayak/"
INDEX = f"{SITE}/"
OLD_ADDRESS = f"{SITE}/story/4711"
KEEPER = f"{SITE}/2024/05/the-last-keeper/"


def png(width: int, height: int, seed: int) -> bytes:
    """A small PNG: a gradient whose colours depend on ``seed`` (so every image differs)."""
    rows = b"".join(
        b"\x00"
        + b"".join(
            bytes(((x * 7 + seed * 31) % 256, (y * 5 + seed) % 256, (x ^ y) % 256)) for x in range(width)
        )
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def gif(seed: int) -> bytes:
    """A one-colour 1x1 GIF (colour from ``seed``), padded with a comment to a few hundred bytes."""
    colour = bytes(((seed * 40) % 256, (seed * 90) % 256, (seed * 150) % 256))
    comment = b"\x21\xfe" + bytes([200]) + bytes([65 + seed % 26]) * 200 + b"\x00"
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
        + colour
        + b"\x00\x00\x00"
        + comment
        + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3b"
    )


IMAGES = {
    "quay": png(48, 32, 1),
    "quay-small": png(24, 16, 2),
    "lamp-wide": png(64, 32, 3),
    "lamp-narrow": png(32, 32, 4),
    "keeper": png(40, 40, 5),
    "lens": gif(6),
    "ferry": png(36, 24, 7),
    "mayak": png(30, 30, 8),
}

_WORDS = (
    "The harbour board met on Tuesday to decide the future of the old light, which has guided "
    "fishing boats past the northern reef since 1887. Residents filled the hall, and the keeper's "
    "grandson read from the logbook his family kept for three generations. "
)


def article_html(title: str, figures: str, *, lang: str = "en", extra: str = "") -> bytes:
    """An article page with navigation around it, three paragraphs, ``figures`` and a footer."""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Harbour News</title>
<meta property="og:site_name" content="Harbour News">
<meta name="author" content="Ines Carvalho"><meta property="article:published_time" content="2024-05-02">
</head><body>
<nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav>
<article><h1>{title}</h1>
<p>{_WORDS}</p>
{figures}
<p>{_WORDS}The vote was close, and the board will publish its reasons next month.</p>
<p>{extra or "Repairs to the lantern room begin in June, paid for by a regional fund."}</p>
</article>
<footer><a href="/about/">About</a> <a href="/contact/">Contact</a></footer>
</body></html>""".encode()


def figure(src_attrs: str, caption: str, credit: str) -> str:
    return (
        f'<figure><img {src_attrs} alt="{caption}"><figcaption>{caption} '
        f'<span class="credit">Photo: {credit}</span></figcaption></figure>'
    )


MAIN_FIGURES = "\n".join(
    [
        # exact URL, relative to the page
        figure('src="/img/quay.png"', "The quay at dawn.", "Ana Ribeiro"),
        # srcset: the largest candidate is not in the capture, the smaller one is
        figure(
            'src="/img/lamp-narrow.png" srcset="/img/lamp-huge.png 2000w, /img/lamp-wide.png 800w"',
            "The lamp from the west.",
            "Tomas Berg",
        ),
        # <picture>: a source in the capture, reached through a redirect
        '<figure><picture><source srcset="/img/keeper-current.png"><img src="/img/keeper-fallback.png" '
        'alt="The keeper"></picture><figcaption>The last keeper. <span class="credit">Photo: '
        "Archive</span></figcaption></figure>",
        # a revisit: the lens image was captured twice, the second time as a revisit record
        figure('src="/img/lens.gif"', "The Fresnel lens.", "Maren Holt"),
        # missing from the capture
        figure('src="https://cdn.elsewhere.example/boat.png"', "A boat that was never captured.", "Jo Lee"),
    ]
)


def russian_page() -> bytes:
    text = (
        "Маяк на северном мысе снова светит. Городской совет нашёл деньги на ремонт линзы, "
        "и смотритель вернулся на пост после долгого перерыва. Жители собрались на набережной, "
        "чтобы увидеть первый луч. "
    )
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">
<title>Маяк снова светит</title></head><body><article><h1>Маяк снова светит</h1>
<p>Автор: Ирина Соколова</p><p>{text * 2}</p>
<figure><img src="/img/mayak.png" alt="Маяк"><figcaption>Маяк ночью. Фото: Пётр Орлов</figcaption></figure>
<p>{text}</p></article></body></html>"""
    return page.encode("windows-1251")


def index_page() -> bytes:
    links = "".join(
        f'<li><a href="/2024/05/story-{n}/">Story number {n} of the week</a></li>' for n in range(30)
    )
    return f"""<html lang="en"><head><title>Harbour News</title></head><body>
<h1>Harbour News</h1><ul>{links}</ul></body></html>""".encode()


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    media: str,
    date: str,
    *,
    status: str = "200 OK",
    extra: list[tuple[str, str]] | None = None,
) -> object:
    headers = [("Content-Type", media), *(extra or [])]
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=_http(status, headers),
        warc_headers_dict={"WARC-Date": date},
    )
    writer.write_record(record)
    return record


def chunked(data: bytes, size: int = 50) -> bytes:
    """``data`` in HTTP/1.1 chunked transfer encoding."""
    out = b""
    for start in range(0, len(data), size):
        part = data[start : start + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def write_warc(path: Path, *, gz: bool = True, version: str = "1.1", truncate: bool = True) -> Path:
    """A crawl of harbour-news.example: articles, images, a redirect, a revisit, an index page,
    a windows-1251 page, a chunked and gzip-encoded page, and (``truncate``) a cut last record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz, warc_version=version)
    writer.write_record(
        writer.create_warcinfo_record(path.name, {"software": "test-crawler/2.1 (warcio)", "format": "WARC"})
    )
    day1, day2 = "2024-05-02T09:00:00Z", "2024-05-03T10:30:00Z"
    _response(writer, INDEX, index_page(), "text/html; charset=utf-8", day1)
    _response(
        writer,
        OLD_ADDRESS,
        b"",
        "text/html",
        day1,
        status="301 Moved Permanently",
        extra=[("Location", ARTICLE)],
    )
    first = article_html("Harbour lights go dark", MAIN_FIGURES)
    _response(writer, ARTICLE, first, "text/html; charset=utf-8", day1)
    for name in ("quay", "lamp-narrow", "lamp-wide", "quay-small"):
        _response(writer, f"{SITE}/img/{name}.png", IMAGES[name], "image/png", day1)
    _response(
        writer,
        f"{SITE}/img/keeper-current.png",
        b"",
        "text/html",
        day1,
        status="302 Found",
        extra=[("Location", "/media/2024/keeper.png")],
    )
    _response(writer, f"{SITE}/media/2024/keeper.png", IMAGES["keeper"], "image/png", day1)
    lens = _response(writer, f"{SITE}/img/lens.gif", IMAGES["lens"], "image/gif", day1)
    # the page again, a day later, changed: the newer capture is the one kept
    second_capture = article_html("Harbour lights go dark", MAIN_FIGURES, extra="The board has now voted.")
    _response(writer, ARTICLE, second_capture, "text/html; charset=utf-8", day2)
    # the lens again, unchanged: a revisit record pointing at the first capture by digest
    digest = lens.rec_headers.get_header("WARC-Payload-Digest")  # type: ignore[attr-defined]
    revisit = writer.create_revisit_record(
        f"{SITE}/img/lens.gif",
        digest,
        f"{SITE}/img/lens.gif",
        day1,
        http_headers=_http("200 OK", [("Content-Type", "image/gif")]),
        warc_headers_dict={"WARC-Date": day2},
    )
    writer.write_record(revisit)
    # a second article, sent chunked and gzip-encoded, with an image
    ferry = article_html("Ferry timetable changes", figure('src="/img/ferry.png"', "The ferry.", "Jo Lee"))
    _response(
        writer,
        SECOND,
        chunked(gzip.compress(ferry, mtime=0)),
        "text/html; charset=utf-8",
        day1,
        extra=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
    )
    _response(writer, f"{SITE}/img/ferry.png", IMAGES["ferry"], "image/png", day1)
    # a windows-1251 page whose charset only the page states
    _response(writer, RUSSIAN, russian_page(), "text/html", day1)
    _response(writer, f"{SITE}/img/mayak.png", IMAGES["mayak"], "image/png", day1)
    # a page whose record is cut short
    _response(writer, f"{SITE}/2024/05/cut/", article_html("Cut short", ""), "text/html", day2)
    data = out.getvalue()
    if truncate:
        data = data[:-300]
    path.write_bytes(data)
    return path


def write_wacz(path: Path, warc: Path, *, extra: dict[str, bytes] | None = None) -> Path:
    """A WACZ package holding ``warc`` (stored, as the WACZ specification asks)."""
    with zipfile.ZipFile(path, "w") as package:
        package.write(warc, f"archive/{warc.name}", compress_type=zipfile.ZIP_STORED)
        pages = json.dumps({"url": ARTICLE, "ts": "2024-05-03T10:30:00Z", "title": "Harbour lights"})
        package.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n' + pages + "\n")
        datapackage = {"profile": "data-package", "wacz_version": "1.1.1", "software": "test-wacz/0.3"}
        package.writestr("datapackage.json", json.dumps(datapackage))
        for name, data in (extra or {}).items():
            package.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_mhtml(path: Path) -> Path:
    """An MHTML file as Chrome saves one: the page (quoted-printable) and its images (base64)."""
    page = article_html(
        "Harbour lights go dark",
        figure(f'src="{SITE}/img/quay.png"', "The quay at dawn.", "Ana Ribeiro")
        + figure(f'src="{SITE}/img/lens.gif"', "The Fresnel lens.", "Maren Holt"),
    )
    boundary = "----MultipartBoundary--archivepubTest"
    date = email.utils.format_datetime(email.utils.parsedate_to_datetime("Fri, 03 May 2024 10:30:00 +0000"))
    import quopri

    parts = [
        f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {ARTICLE}\r\nSubject: Harbour lights\r\n"
        f"Date: {date}\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n',
    ]
    parts.append(
        f"--{boundary}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {ARTICLE}\r\n\r\n"
        + quopri.encodestring(page).decode("ascii").replace("\n", "\r\n")
        + "\r\n"
    )
    for name, media in (("quay.png", "image/png"), ("lens.gif", "image/gif")):
        data = IMAGES[name.split(".")[0]]
        encoded = base64.encodebytes(data).decode("ascii").replace("\n", "\r\n")
        parts.append(
            f"--{boundary}\r\nContent-Type: {media}\r\nContent-Transfer-Encoding: base64\r\n"
            f"Content-Location: {SITE}/img/{name}\r\n\r\n{encoded}\r\n"
        )
    parts.append(f"--{boundary}--\r\n")
    path.write_bytes("".join(parts).encode("ascii"))
    return path


def write_saved_folder(folder: Path) -> Path:
    """A browser's "Save page, complete": ``Harbour lights.html`` and ``Harbour lights_files/``."""
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "Harbour lights_files"
    files.mkdir()
    (files / "quay.png").write_bytes(IMAGES["quay"])
    (files / "lamp-wide.png").write_bytes(IMAGES["lamp-wide"])
    figures = figure('src="./Harbour%20lights_files/quay.png"', "The quay at dawn.", "Ana Ribeiro") + figure(
        'src="Harbour lights_files/lamp-wide.png"', "The lamp from the west.", "Tomas Berg"
    )
    page = (
        b"<!-- saved from url=(0047)"
        + ARTICLE.encode()
        + b" -->\n"
        + article_html("Harbour lights go dark", figures)
    )
    path = folder / "Harbour lights.html"
    path.write_bytes(page)
    return path


def write_single_file(path: Path) -> Path:
    """A single-file page (SingleFile's comment, the images as ``data:`` URLs)."""
    data_url = "data:image/png;base64," + base64.b64encode(IMAGES["keeper"]).decode("ascii")
    page = article_html(
        "Harbour lights go dark",
        figure(f'src="{data_url}"', "The last keeper.", "Archive")
        + figure('src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/lazy.png"', "Lazy.", "X"),
    )
    comment = (
        "<!--\n Page saved with SingleFile \n url: " + KEEPER + " \n"
        " saved date: Fri May 03 2024 12:30:00 GMT+0200 (Central European Summer Time)\n-->\n"
    )
    path.write_bytes(comment.encode() + page)
    return path
