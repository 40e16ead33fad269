"""The review server's guards without a browser: hosts, paths, request bodies, the command."""

from __future__ import annotations

import importlib.util
import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from review_helpers import FUZZY_ARTICLE, call, make_workspace

from archivepub.cli import main
from archivepub.review.session import NotFoundError, ReviewSession
from archivepub.review.web import create_app

TOKEN = "t0ken-for-tests"


@pytest.fixture
def client(tmp_path: Path, packages_dir: Path) -> tuple[Any, Path, Path]:
    archive, locales = make_workspace(tmp_path)
    return create_app(ReviewSession(archive, locales, ["ru", "hy"]), TOKEN), archive, locales


def test_another_host_name_is_refused(client: tuple[Any, Path, Path]) -> None:
    app, _, _ = client
    assert call(app, "GET", f"/{TOKEN}/").status == 200
    assert call(app, "GET", f"/{TOKEN}/", host="localhost:8000").status == 200
    # a page of another site whose name was rebound to 127.0.0.1
    assert call(app, "GET", f"/{TOKEN}/", host="attacker.example:8000").status == 403
    assert call(app, "GET", f"/{TOKEN}/", host="127.0.0.1.attacker.example").status == 403


@pytest.mark.parametrize(
    "path",
    [
        "image/coastal-archives/..%2F..%2Flocales%2Fru%2FLC_MESSAGES%2Fcoastal-archives.po",
        "image/coastal-archives/%2Fetc%2Fpasswd",
        "image/coastal-archives/article.html",  # in the folder, but not an image the article shows
        "image/..%2Flocales/x.png",
        "article/..%2Flocales/ru",
        "article/coastal-archives/..%2F..",
        "article/coastal-archives/de",  # not a language under review
        "epub/coastal-archives/ru/..%2F..%2Fetc%2Fpasswd",
        "epub/coastal-archives/ru/mimetype",
        "static/..%2Fsession.py",
        "static/review.py",
    ],
)
def test_paths_never_leave_the_archive_and_locales(client: tuple[Any, Path, Path], path: str) -> None:
    app, _, _ = client
    response = call(app, "GET", f"/{TOKEN}/{path}")
    assert response.status == 404
    assert b"root:" not in response.body
    assert b"msgid" not in response.body


def test_images_and_static_files_are_served(client: tuple[Any, Path, Path]) -> None:
    app, archive, _ = client
    image = call(app, "GET", f"/{TOKEN}/image/{FUZZY_ARTICLE}/images/harbour.png")
    assert image.status == 200
    assert image.body == (archive / FUZZY_ARTICLE / "images" / "harbour.png").read_bytes()
    script = call(app, "GET", f"/{TOKEN}/static/review.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["x-content-type-options"] == "nosniff"


def test_bad_request_bodies_are_refused_without_a_change(client: tuple[Any, Path, Path]) -> None:
    app, _, locales = client
    path = locales / "ru" / "LC_MESSAGES" / f"{FUZZY_ARTICLE}.po"
    before = path.read_bytes()
    token = {"X-Archivepub-Token": TOKEN}
    form = {**token, "Content-Type": "application/x-www-form-urlencoded"}
    assert call(app, "POST", f"/{TOKEN}/api/save", headers=form, body=b"ctx=p1.1").status == 400
    json_type = {**token, "Content-Type": "application/json"}
    missing = call(app, "POST", f"/{TOKEN}/api/save", headers=json_type, body=b'{"article": "x"}')
    assert missing.status == 400
    assert call(app, "POST", f"/{TOKEN}/api/save", headers=json_type, body=b"[1").status == 400
    body = {
        "article": FUZZY_ARTICLE,
        "lang": "ru",
        "ctx": "p1.1",
        "msgid": "not the source",
        "msgstr": "x",
        "fuzzy": False,
        "base": {"msgstr": "", "fuzzy": False},
    }
    stale = call(app, "POST", f"/{TOKEN}/api/save", headers=json_type, body=json.dumps(body).encode())
    assert stale.status == 409
    assert stale.json()["conflict"]["mine"] == {"msgstr": "x", "fuzzy": False}
    assert path.read_bytes() == before


def test_a_malformed_catalog_is_named_on_the_page(client: tuple[Any, Path, Path]) -> None:
    app, _, locales = client
    path = locales / "ru" / "LC_MESSAGES" / f"{FUZZY_ARTICLE}.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    response = call(app, "GET", f"/{TOKEN}/article/{FUZZY_ARTICLE}/ru")
    assert response.status == 422
    assert f"{FUZZY_ARTICLE}.po:" in response.text
    assert "expected a quoted string" in response.text


def test_session_refuses_unknown_articles_and_languages(tmp_path: Path, packages_dir: Path) -> None:
    archive, locales = make_workspace(tmp_path)
    session = ReviewSession(archive, locales, ["ru"])
    with pytest.raises(NotFoundError):
        session.article("../locales", "ru")
    with pytest.raises(NotFoundError):
        session.article(FUZZY_ARTICLE, "hy")
    with pytest.raises(NotFoundError, match="written in ru"):
        session.article("glass-negatives", "ru")


def test_the_command_names_the_extra_when_the_web_packages_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec

    def without_starlette(name: str, *args: object) -> object:
        return None if name == "starlette" else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", without_starlette)
    assert main(["review", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "archivepub: error: `archivepub review` needs the optional packages starlette" in err
    assert "pip install 'archivepub[review]'" in err
    assert "Traceback" not in err


def test_the_command_refuses_a_missing_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(tmp_path / "nowhere")]) == 2
    assert "nowhere: not a folder" in capsys.readouterr().err


def test_the_command_prints_the_address_and_stops_on_ctrl_c(tmp_path: Path, packages_dir: Path) -> None:
    archive, locales = make_workspace(tmp_path)
    command = [sys.executable, "-m", "archivepub", "review", str(archive), "--locales", str(locales)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        port, token = url.removeprefix("http://127.0.0.1:").rstrip("/").split("/")
        assert int(port) > 0
        assert len(token) >= 40
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert f"reviewing {archive} (catalogs in {locales})" in err
    assert "Traceback" not in err


def test_the_command_refuses_a_port_in_use(
    tmp_path: Path, packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    archive, locales = make_workspace(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["review", str(archive), "--locales", str(locales), "--port", str(port)])
    assert code == 2
    assert (
        f"archivepub: error: cannot listen on 127.0.0.1:{port}: Address already in use"
        in capsys.readouterr().err
    )
