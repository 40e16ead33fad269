"""Importing captures into an archive and building it: EPUBs with the images (epubcheck), TEI
valid against tei_all whose graphics resolve, bags holding the images and the provenance."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import socket
import subprocess
import threading
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest
from capture_samples import (
    ARTICLE,
    IMAGES,
    SECOND,
    article_html,
    figure,
    write_mhtml,
    write_saved_folder,
    write_single_file,
    write_wacz,
    write_warc,
)
from lxml import etree

from archivepub.build import BuildOptions, build_archive
from archivepub.captures.fetch import FetchOptions
from archivepub.captures.importer import ImportOptions, import_sources
from archivepub.cli import main
from archivepub.readers.tei import read_tei
from conftest import Epubcheck, TeiSchema

TEI = "{http://www.tei-c.org/ns/1.0}"

# the real socket functions, taken before the autouse fixture refuses all network access
_REAL = (socket.socket.connect, socket.create_connection, socket.getaddrinfo)


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Allow connections to 127.0.0.1 only (a server the test starts); anything else fails."""
    connect, create_connection, getaddrinfo = _REAL

    def local(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "localhost"):
            raise AssertionError(f"network access beyond 127.0.0.1 attempted: {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        local(address)
        connect(self, address)

    def guarded_create(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        local(address)
        return create_connection(address, *args, **kwargs)  # type: ignore[arg-type]

    def guarded_getaddrinfo(host: str, *args: object, **kwargs: object) -> object:
        local((host,))
        return getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", guarded_create)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A web site served on 127.0.0.1 by http.server (in a thread): its base URL and folder."""
    root = tmp_path / "site"
    (root / "news" / "img").mkdir(parents=True)
    figures = figure('src="img/beacon.png"', "The beacon at night.", "Ana Ribeiro") + figure(
        'src="/news/img/keeper.png"', "The last keeper.", "Archive"
    )
    (root / "news" / "beacon.html").write_bytes(article_html("The beacon is lit again", figures))
    (root / "news" / "img" / "beacon.png").write_bytes(IMAGES["quay"])
    (root / "news" / "img" / "keeper.png").write_bytes(IMAGES["keeper"])
    (root / "news" / "img" / "notes.txt").write_bytes(b"not an image")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            """No access log on standard error."""

    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _build(archive: Path, dist: Path) -> None:
    report = build_archive(archive, dist, BuildOptions(languages=("ru",), jobs=1))
    assert report.exit_code == 0, [a.error for a in report.failed]


def _check_outputs(dist: Path, epubcheck: Epubcheck, tei_schema: TeiSchema) -> dict[str, int]:
    """epubcheck 0/0 on every EPUB, tei_all on every TEI file (graphics resolving), valid bags
    holding the images and the capture provenance; returns images per article."""
    epubs = sorted(dist.glob("*/*/*.epub"))
    assert epubs
    for path, result in epubcheck.check(epubs).items():
        assert result.clean, (path, result.messages)
    counts: dict[str, int] = {}
    for tei in sorted(dist.glob("*/*/*.tei.xml")):
        tei_schema.assert_valid(tei.read_bytes())
        root = etree.parse(str(tei)).getroot()
        # the images found in the capture (a remote image that was not keeps its URL)
        graphics = [g for g in root.iter(f"{TEI}graphic") if g.get("mimeType")]
        for graphic in graphics:
            url = graphic.get("url") or ""
            assert (tei.parent / url).resolve().is_file(), (tei, url)  # resolves inside dist/
        counts[tei.name.split(".")[0]] = len(graphics)
        assert root.find(f".//{TEI}sourceDesc/{TEI}bibl[@type='capture']") is not None
        read_tei(tei.read_bytes(), name=str(tei))  # and reads back
    for article, n in counts.items():
        epub = next(dist.glob(f"{article}/*/{article}.*.epub"))
        with zipfile.ZipFile(epub) as package:
            assert len([n for n in package.namelist() if n.startswith("EPUB/images/")]) == n
            opf = package.read("EPUB/content.opf").decode()
            assert '<dc:source id="capture">' in opf
        bag = dist / "bags" / article
        bagit.Bag(str(bag)).validate()
        info = (bag / "bag-info.txt").read_text()
        # the capture date, where the capture has one (a browser's saved folder has none)
        dated = 'refines="#capture" property="dcterms:created"' in opf
        assert dated == ("Capture-Date: " in info)
        assert "Capture-URL: " in info
        assert "Capture-Format: " in info
        record = json.loads((bag / "data" / "provenance.json").read_text())
        assert len(record["capture"]["images"]) == n
        for image in record["capture"]["images"]:
            stored = bag / "data" / "source" / image["file"]
            assert stored.is_file()
            assert "sha256:" + hashlib.sha256(stored.read_bytes()).hexdigest() == image["digest"]
        for tei in (bag / "data" / "editions").glob("*/*.tei.xml"):
            for graphic in etree.parse(str(tei)).getroot().findall(f".//{TEI}graphic[@mimeType]"):
                assert (tei.parent / (graphic.get("url") or "")).resolve().is_file()  # inside the bag
    return counts


def test_import_warc_and_wacz_then_build(
    tmp_path: Path, epubcheck: Epubcheck, tei_schema: TeiSchema, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = write_warc(tmp_path / "crawl.warc.gz")
    archive = tmp_path / "archive"
    assert main(["import", str(warc), "--into", str(archive)]) == 0
    err = capsys.readouterr().err
    assert "3 added, 0 replaced, 0 unchanged, 1 skipped" in err
    assert "offset" in err
    assert "boat.png is not in the capture" in err
    assert sorted(p.name for p in archive.iterdir()) == ["ferry-timetable", "harbour-lights", "mayak"]
    folder = archive / "harbour-lights"
    meta = tomllib.loads((folder / "meta.toml").read_text())
    assert meta["source_url"] == ARTICLE
    assert meta["capture"]["file"] == "crawl.warc.gz"
    assert meta["capture"]["time"] == "2024-05-03T10:30:00Z"
    assert len(meta["images"]) == 4
    assert (folder / "images" / "lens.gif").read_bytes() == IMAGES["lens"]
    # the page's bytes as captured (the latest capture)
    assert b"The board has now voted." in (folder / "article.html").read_bytes()
    # importing the same capture again, and the same crawl in a WACZ, adds nothing
    before = {p: p.read_bytes() for p in archive.rglob("*") if p.is_file()}
    wacz = write_wacz(tmp_path / "crawl.wacz", warc)
    report = import_sources([warc, wacz], archive)
    assert (report.added, report.replaced) == ([], [])
    assert len(report.unchanged) == 3
    assert {p: p.read_bytes() for p in archive.rglob("*") if p.is_file()} == before
    # --at asks for the earlier capture of the page
    report = import_sources([warc], archive, ImportOptions(at="2024-05-02"))
    assert report.replaced == [("harbour-lights", ARTICLE)]
    assert b"The board has now voted." not in (folder / "article.html").read_bytes()
    assert tomllib.loads((folder / "meta.toml").read_text())["capture"]["time"] == "2024-05-02T09:00:00Z"
    dist = tmp_path / "dist"
    _build(archive, dist)
    counts = _check_outputs(dist, epubcheck, tei_schema)
    assert counts == {"harbour-lights": 4, "ferry-timetable": 1, "mayak": 1}
    # the JSON edition records each figure's image and the capture
    data = json.loads((dist / "harbour-lights" / "en" / "harbour-lights.en.json").read_text())
    assert data["metadata"]["capture"]["url"] == ARTICLE
    figures = [b for b in data["blocks"] if b["type"] == "figure"]
    assert [f["src"] for f in figures][:4] == [
        "images/quay.png",
        "images/lamp-wide.png",
        "images/keeper-current.png",
        "images/lens.gif",
    ]
    assert figures[4]["src"] == "https://cdn.elsewhere.example/boat.png"
    assert "image" not in figures[4]
    assert figures[4]["credit"] == "Jo Lee"


def test_import_mhtml_saved_folder_and_single_file_then_build(
    tmp_path: Path, epubcheck: Epubcheck, tei_schema: TeiSchema
) -> None:
    archive = tmp_path / "archive"
    mhtml = write_mhtml(tmp_path / "page.mhtml")
    report = import_sources([mhtml], archive)
    assert report.added == [("harbour-lights", ARTICLE)]
    # a saved folder of the same page: older (no date), so the MHTML is kept, and said so
    saved = write_saved_folder(tmp_path / "saved")
    (tmp_path / "single").mkdir()
    single = write_single_file(tmp_path / "single" / "keeper.html")
    report = import_sources([saved.parent, single], archive)
    assert report.unchanged == [("harbour-lights", ARTICLE)]
    assert [a for a, _ in report.added] == ["the-last-keeper"]
    keeper = tomllib.loads((archive / "the-last-keeper" / "meta.toml").read_text())
    assert keeper["capture"]["format"] == "single-file"
    assert "src_sha256" in keeper["images"][0]
    assert "url" not in keeper["images"][0]
    # the saved folder alone, into another archive
    other = tmp_path / "other"
    report = import_sources([saved], other)
    folder = other / "harbour-lights"
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["lamp-wide.png", "quay.png"]
    for target in (archive, other):
        dist = target.parent / f"dist-{target.name}"
        _build(target, dist)
        _check_outputs(dist, epubcheck, tei_schema)


def test_fetch_images_of_a_bare_page(
    tmp_path: Path, site: tuple[str, Path], loopback: None, epubcheck: Epubcheck, tei_schema: TeiSchema
) -> None:
    base, root = site
    page = tmp_path / "beacon.html"
    page.write_bytes((root / "news" / "beacon.html").read_bytes())
    archive = tmp_path / "archive"
    url = f"{base}/news/beacon.html"
    # off by default: the figures keep caption and credit, with a warning each
    report = import_sources([page], archive, ImportOptions(url=url))
    assert len([w for w in report.warnings if "not in the capture" in w]) == 2
    shutil.rmtree(archive)
    # a private address is refused unless allowed
    cache = tmp_path / "cache"
    refused = import_sources(
        [page], archive, ImportOptions(url=url, fetch_images=True, fetch=FetchOptions(cache=cache))
    )
    assert len([w for w in refused.warnings if "private or reserved address" in w]) == 2
    shutil.rmtree(archive)
    options = FetchOptions(cache=cache, allow_private=True, max_bytes=100_000, timeout=10)
    report = import_sources([page], archive, ImportOptions(url=url, fetch_images=True, fetch=options))
    assert report.warnings == []
    meta = tomllib.loads((archive / "beacon" / "meta.toml").read_text())
    assert [i["origin"] for i in meta["images"]] == ["fetched", "fetched"]
    assert [i["url"] for i in meta["images"]] == [
        f"{base}/news/img/beacon.png",
        f"{base}/news/img/keeper.png",
    ]
    assert all(i["time"].endswith("Z") for i in meta["images"])
    assert (archive / "beacon" / "images" / "beacon.png").read_bytes() == IMAGES["quay"]
    assert len(list(cache.glob("*.bin"))) == 2
    # limits: size, type, scheme
    from archivepub.captures.fetch import FetchError, fetch_image

    with pytest.raises(FetchError, match="more than 100"):
        fetch_image(
            f"{base}/news/img/keeper.png",
            FetchOptions(cache=tmp_path / "c2", allow_private=True, max_bytes=100),
        )
    with pytest.raises(FetchError, match="not an image"):
        fetch_image(f"{base}/news/img/notes.txt", FetchOptions(cache=tmp_path / "c2", allow_private=True))
    with pytest.raises(FetchError, match="only http and https"):
        fetch_image("file:///etc/passwd", FetchOptions(cache=tmp_path / "c2", allow_private=True))
    dist = tmp_path / "dist"
    report_build = build_archive(archive, dist, BuildOptions(languages=("ru",), jobs=1))
    assert report_build.exit_code == 0
    epubs = sorted(dist.glob("*/*/*.epub"))
    for result in epubcheck.check(epubs).values():
        assert result.clean, result.messages
    for tei in dist.glob("*/*/*.tei.xml"):
        tei_schema.assert_valid(tei.read_bytes())


@pytest.mark.skipif(shutil.which("wget") is None, reason="GNU wget is not installed (Debian: wget)")
def test_a_capture_made_by_wget(
    tmp_path: Path, site: tuple[str, Path], epubcheck: Epubcheck, tei_schema: TeiSchema
) -> None:
    base, _root = site
    work = tmp_path / "wget"
    work.mkdir()
    result = subprocess.run(
        [
            "wget",
            "--quiet",
            "--page-requisites",
            "--no-verbose",
            "--warc-file=site",
            "--no-warc-keep-log",
            "-e",
            "robots=off",
            f"{base}/news/beacon.html",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    warc = work / "site.warc.gz"
    assert warc.is_file(), result.stderr
    archive = tmp_path / "archive"
    report = import_sources([warc], archive)
    assert [a for a, _ in report.added] == ["beacon"]
    meta = tomllib.loads((archive / "beacon" / "meta.toml").read_text())
    assert meta["capture"]["software"].startswith("Wget/")
    assert meta["capture"]["url"] == f"{base}/news/beacon.html"
    assert len(meta["images"]) == 2
    dist = tmp_path / "dist"
    _build(archive, dist)
    assert _check_outputs(dist, epubcheck, tei_schema) == {"beacon": 2}


def test_import_errors_exit_2_and_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    assert main(["import", str(tmp_path / "missing.warc.gz"), "--into", str(archive)]) == 2
    assert "missing.warc.gz: no such file" in capsys.readouterr().err
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    assert main(["import", str(bogus), "--into", str(archive)]) == 2
    assert "not a web capture" in capsys.readouterr().err
    warc = write_warc(tmp_path / "crawl.warc.gz")
    assert main(["import", str(warc), "--into", str(archive), "--at", "last tuesday"]) == 2
    assert "--at: not a date" in capsys.readouterr().err
    assert not archive.exists() or not any(archive.iterdir())
    assert main(["parse", str(warc), "--url", SECOND, "--compact"]) == 0
