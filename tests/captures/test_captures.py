"""Reading web captures: WARC (gzip and plain, 1.0 and 1.1), WACZ, MHTML, saved pages; bad input."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from capture_samples import (
    ARTICLE,
    IMAGES,
    INDEX,
    KEEPER,
    OLD_ADDRESS,
    RUSSIAN,
    SECOND,
    SITE,
    write_mhtml,
    write_saved_folder,
    write_single_file,
    write_wacz,
    write_warc,
)
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import archivepub
from archivepub.captures import Article, Skipped, articles, open_capture, read_capture
from archivepub.cli import main
from archivepub.errors import ReadError
from archivepub.model import Figure


def _figures(doc: archivepub.Document) -> list[Figure]:
    return [b for b in doc.all_blocks() if isinstance(b, Figure)]


@pytest.mark.parametrize(("gz", "version"), [(True, "1.1"), (False, "1.0"), (True, "1.0"), (False, "1.1")])
def test_warc_pages_redirects_revisits_and_images(tmp_path: Path, gz: bool, version: str) -> None:
    path = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz, version=version)
    with open_capture(path) as capture:
        assert capture.software == "test-crawler/2.1 (warcio)"
        # the cut last record is a warning naming the file and its offset, not a crash
        assert len(capture.warnings) == 1
        assert capture.warnings[0].startswith(f"{path.name}: offset ")
        assert "truncated" in capture.warnings[0]
        items = list(articles(capture))
    by_url = {item.page.url if isinstance(item, Article) else item.url: item for item in items}
    # the index page is skipped with a reason; the cut page is not listed at all
    index = by_url[INDEX]
    assert isinstance(index, Skipped)
    assert index.reason
    assert f"{SITE}/2024/05/cut/" not in by_url
    main_page = by_url[ARTICLE]
    assert isinstance(main_page, Article)
    # captured twice: the latest capture is read, and the redirect names it
    assert main_page.page.time == "2024-05-03T10:30:00Z"
    assert b"The board has now voted." in main_page.html
    assert main_page.page.aliases == (OLD_ADDRESS,)
    doc = main_page.document
    capture_info = doc.metadata.capture
    assert capture_info is not None
    assert capture_info.url == ARTICLE
    assert capture_info.time == "2024-05-03T10:30:00Z"
    assert capture_info.record_id
    assert capture_info.record_id.startswith("<urn:uuid:")
    assert capture_info.payload_digest
    assert capture_info.payload_digest.startswith("sha1:")
    assert (capture_info.software, capture_info.file, capture_info.format) == (
        "test-crawler/2.1 (warcio)",
        path.name,
        "warc",
    )
    figures = _figures(doc)
    images = [f.image for f in figures]
    # exact URL; srcset (the largest candidate is missing, the next one is found); <picture>
    # through a redirect; a revisit resolved by payload digest; one image never captured
    assert [i.url if i else None for i in images] == [
        f"{SITE}/img/quay.png",
        f"{SITE}/img/lamp-wide.png",
        f"{SITE}/img/keeper-current.png",
        f"{SITE}/img/lens.gif",
        None,
    ]
    data = {found.info.url: found.data for found in main_page.images}
    assert data[f"{SITE}/img/lamp-wide.png"] == IMAGES["lamp-wide"]
    assert data[f"{SITE}/img/keeper-current.png"] == IMAGES["keeper"]
    assert data[f"{SITE}/img/lens.gif"] == IMAGES["lens"]
    lens = images[3]
    assert lens is not None
    assert (lens.media_type, lens.time) == ("image/gif", "2024-05-03T10:30:00Z")
    assert all(i is None or i.digest.startswith("sha256:") for i in images)
    # the missing image is a warning; its figure keeps caption and credit
    assert len(main_page.warnings) == 1
    assert "cdn.elsewhere.example/boat.png is not in the capture" in main_page.warnings[0]
    assert figures[4].credit == "Jo Lee"
    assert figures[4].caption
    # chunked and gzip-encoded payload; a windows-1251 page whose charset only the page states
    ferry = by_url[SECOND]
    assert isinstance(ferry, Article)
    assert ferry.document.metadata.title == "Ferry timetable changes"
    russian = by_url[RUSSIAN]
    assert isinstance(russian, Article)
    assert russian.document.metadata.title == "Маяк снова светит"
    assert russian.document.metadata.language == "ru"


def test_a_page_is_chosen_by_url_through_a_redirect_and_at_a_date(tmp_path: Path) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    doc = read_capture(path, url=OLD_ADDRESS)
    assert doc.metadata.capture is not None
    assert doc.metadata.capture.url == ARTICLE
    earlier = read_capture(path, url=ARTICLE, at="2024-05-02")
    assert earlier.metadata.capture is not None
    assert earlier.metadata.capture.time == "2024-05-02T09:00:00Z"
    # archivepub.read takes a capture too (the page by url)
    assert archivepub.read(path, url=SECOND).metadata.title == "Ferry timetable changes"
    with pytest.raises(ReadError, match=r"3 article pages .*choose one with --url"):
        read_capture(path)
    with pytest.raises(ReadError, match=r"no capture of https://nowhere.example/"):
        read_capture(path, url="https://nowhere.example/")


def test_cli_parse_and_captures_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_warc(tmp_path / "crawl.warc.gz")
    assert main(["parse", str(path), "--url", ARTICLE, "--compact"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["metadata"]["capture"]["url"] == ARTICLE
    assert data["blocks"][2]["image"]["media_type"] == "image/png"
    assert main(["captures", "list", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("skipped")
    assert INDEX in lines[0]
    assert any(line.startswith("article") and ARTICLE in line and "(4/5 images)" in line for line in lines)
    assert "offset" in err
    assert "truncated" in err
    assert main(["captures", "list", str(path), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sum(r["article"] for r in rows) == 3
    # a missing page: exit 2, one line naming the file
    assert main(["parse", str(path), "--url", "https://nowhere.example/"]) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"archivepub: error: {path}: no capture of https://nowhere.example/"
    )


def test_wacz_mhtml_saved_folder_and_single_file(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", truncate=False)
    wacz = write_wacz(tmp_path / "crawl.wacz", warc)
    with open_capture(wacz) as capture:
        assert capture.format == "wacz"
        assert capture.warnings == []
        found = [a for a in articles(capture) if isinstance(a, Article)]
    # the same crawl, not cut this time: its fourth page is read too
    assert {a.page.url for a in found} == {ARTICLE, SECOND, RUSSIAN, f"{SITE}/2024/05/cut/"}
    assert capture.software == "test-crawler/2.1 (warcio)"

    mhtml = read_capture(write_mhtml(tmp_path / "page.mhtml"))
    assert mhtml.metadata.capture is not None
    assert (mhtml.metadata.capture.format, mhtml.metadata.capture.url) == ("mhtml", ARTICLE)
    assert mhtml.metadata.capture.time == "2024-05-03T10:30:00Z"
    assert mhtml.metadata.capture.software == "Saved by Blink"
    assert [f.image.media_type for f in _figures(mhtml) if f.image] == ["image/png", "image/gif"]

    folder = open_capture(write_saved_folder(tmp_path / "saved"))
    item = next(articles(folder))
    folder.close()
    assert isinstance(item, Article)
    assert folder.format == "folder"
    assert item.document.metadata.source_url == ARTICLE
    assert [(i.info.origin, i.data) for i in item.images] == [
        ("saved", IMAGES["quay"]),
        ("saved", IMAGES["lamp-wide"]),
    ]

    single = read_capture(write_single_file(tmp_path / "keeper.html").parent / "keeper.html")
    assert single.metadata.capture is not None
    assert (single.metadata.capture.format, single.metadata.capture.url) == ("single-file", KEEPER)
    assert single.metadata.capture.time == "2024-05-03T10:30:00Z"
    first = _figures(single)[0]
    assert first.image is not None
    assert (first.image.origin, first.image.url, first.image.media_type) == ("saved", None, "image/png")


def _record(writer: WARCWriter, url: str, body: bytes, record_id: str | None = None) -> str:
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    headers = {"WARC-Date": "2024-05-01T00:00:00Z"}
    if record_id:
        headers["WARC-Record-ID"] = record_id
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=http,
        warc_headers_dict=headers,
    )
    writer.write_record(record)
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def test_damaged_warcs_give_a_warning_per_skipped_record(tmp_path: Path) -> None:
    page = b"<html><body><article>" + b"<p>" + b"word " * 60 + b"</p></article></body></html>"
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    first = _record(writer, "https://a.example/one/", page)
    start_of_second = len(out.getvalue())
    _record(writer, "https://a.example/two/", page.replace(b"word", b"text"))
    end_of_second = len(out.getvalue())
    # a duplicate record (same WARC-Record-ID)
    _record(writer, "https://a.example/one/", page, record_id=first)
    _record(writer, "https://a.example/three/", page.replace(b"word", b"line"))
    data = bytearray(out.getvalue())
    # corrupt the middle of the second gzip member
    middle = (start_of_second + end_of_second) // 2
    data[middle : middle + 20] = b"\x00" * 20
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(data))
    with open_capture(path) as capture:
        urls = [e.url for e in capture.entries]
        warnings = capture.warnings
    assert urls == ["https://a.example/one/", "https://a.example/three/"]
    assert len(warnings) == 2
    assert warnings[0].startswith(f"damaged.warc.gz: offset {start_of_second}: ")
    assert "duplicate record" in warnings[1]

    # malformed headers in a plain WARC: skipped, the next record is read
    plain = io.BytesIO()
    writer = WARCWriter(plain, gzip=False)
    _record(writer, "https://a.example/one/", page)
    broken_at = len(plain.getvalue())
    _record(writer, "https://a.example/two/", page)
    _record(writer, "https://a.example/three/", page)
    text = plain.getvalue()
    text = text[:broken_at] + text[broken_at:].replace(b"WARC/1.", b"WARX/9.", 1)
    path = tmp_path / "malformed.warc"
    path.write_bytes(text)
    with open_capture(path) as capture:
        assert [e.url for e in capture.entries] == ["https://a.example/one/", "https://a.example/three/"]
        assert capture.warnings[0].startswith(f"malformed.warc: offset {broken_at}: ")

    # not a WARC at all: a ReadError naming the file
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(gzip.compress(b"hello, not a WARC"))
    with pytest.raises(ReadError, match=r"bogus.warc.gz"):
        open_capture(bogus)


def test_wacz_with_unsafe_names_and_a_bomb_is_read_without_them(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz", truncate=False)
    bomb = gzip.compress(b"\0" * (40 * 1024 * 1024))
    wacz = write_wacz(
        tmp_path / "evil.wacz",
        warc,
        extra={"../escape.warc": b"WARC/1.1\r\n", "archive/bomb.warc": gzip.decompress(bomb)},
    )
    before = sorted(p.name for p in tmp_path.parent.iterdir())
    with open_capture(wacz) as capture:
        warnings = capture.warnings
        assert len([a for a in articles(capture) if isinstance(a, Article)]) == 4
    assert any("unsafe member name '../escape.warc'" in w for w in warnings)
    assert any("archive/bomb.warc" in w and "decompression bomb" in w for w in warnings)
    assert sorted(p.name for p in tmp_path.parent.iterdir()) == before
    # a zip that is not a zip
    broken = tmp_path / "broken.wacz"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"broken.wacz"):
        open_capture(broken)
    empty = tmp_path / "empty.wacz"
    with zipfile.ZipFile(empty, "w") as package:
        package.writestr("datapackage.json", "{}")
    with pytest.raises(ReadError, match="no readable WARC"):
        open_capture(empty)
