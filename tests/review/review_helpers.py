"""Helpers of the review tests and of ``docs/screenshots.py``: Debian's Chromium launched by
Playwright (its own browser download is neither used nor reachable), a copy of the bundled
archive with one fuzzy entry planted, and the review server running in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "catalogs"))

from catalog_helpers import ARCHIVE, LOCALES, msgfmt_check, review

from archivepub.catalogs import UpdateOptions, update_catalogs
from archivepub.review.server import ReviewServer
from archivepub.review.session import ReviewSession

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "FUZZY_ARTICLE",
    "FUZZY_CTX",
    "LOCALES",
    "Reply",
    "call",
    "launch",
    "make_workspace",
    "msgfmt_check",
    "review",
    "start_server",
]

#: Debian's ``chromium`` package.
CHROMIUM = Path("/usr/bin/chromium")
#: Headless, and nothing that would reach the network on its own.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
#: The sentence planted as fuzzy: its source is edited in the copy, then ``locales update`` runs.
FUZZY_ARTICLE = "coastal-archives"
FUZZY_CTX = "p4.2"
OLD = "has already used a sample of the entries"
NEW = "has already used a large sample of the entries"


@contextlib.contextmanager
def launch() -> Iterator[Any]:
    """Yield a Playwright ``Browser`` on Debian's Chromium (the test is skipped without it)."""
    import pytest

    if not CHROMIUM.is_file():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        try:
            yield chromium
        finally:
            chromium.close()


def make_workspace(folder: Path, langs: tuple[str, ...] = ("ru",)) -> tuple[Path, Path]:
    """Copy the bundled archive and catalogs into ``folder`` and make one entry per language of
    ``langs`` fuzzy the way it happens: the sentence was edited in the source and ``locales
    update`` kept the old translation as a suggestion, with the old text as previous source."""
    archive, locales = folder / "archive", folder / "locales"
    shutil.copytree(ARCHIVE, archive)
    shutil.copytree(LOCALES, locales)
    html = archive / FUZZY_ARTICLE / "article.html"
    html.write_text(html.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    update_catalogs(archive, locales, list(langs), UpdateOptions(machine=False), articles=[FUZZY_ARTICLE])
    return archive, locales


def start_server(
    archive: Path, locales: Path, langs: tuple[str, ...] = ("ru", "hy", "az"), **options: Any
) -> ReviewServer:
    """A review server for ``archive`` and ``locales``, serving in a thread."""
    server = ReviewServer(ReviewSession(archive, locales, langs, **options))
    server.start()
    return server


@dataclass
class Reply:
    """An ASGI application's answer to :func:`call`."""

    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @property
    def text(self) -> str:
        """The body as UTF-8 text."""
        return self.body.decode("utf-8")

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


def call(
    app: Any,
    method: str,
    target: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    host: str = "127.0.0.1:8000",
) -> Reply:
    """Send one HTTP request to an ASGI application in this process (no socket), the way
    uvicorn hands it over: the path percent-decoded (``%2F`` becomes ``/``)."""
    raw, _, query = target.partition("?")
    sent = {"host": host, **{k.lower(): v for k, v in (headers or {}).items()}}
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": unquote(raw),
        "raw_path": raw.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in sent.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    reply = Reply()
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        if pending:
            return pending.pop(0)
        await asyncio.Event().wait()  # as a server does: the client stays until the reply is sent
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            reply.status = message["status"]
            reply.headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            reply.body += message.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return reply
