"""The review pages and their JSON API, as a Starlette application.

Every URL starts with the session's random token (``/<token>/...``): a request without it is
refused (403), and so is one whose ``Host`` is not ``127.0.0.1`` or ``localhost`` (a page
of another site cannot reach the server by rebinding a name to 127.0.0.1). Requests that change
anything are POST with the token in an ``X-Archivepub-Token`` header as well, and a JSON body
(a form of another site can send neither). Every response forbids framing by other sites, and
pages run under a Content Security Policy that allows only this server's own script and
style files: no inline script, no ``eval``, nothing from elsewhere. Article text is escaped
by the templates (Jinja2 with autoescaping) and put into the page by the script as text only.
"""

from __future__ import annotations

import json
import mimetypes
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route

from archivepub.catalogs.checks import Problem
from archivepub.catalogs.edit import EntryConflictError, EntryEdit, EntryState
from archivepub.catalogs.status import STATES, CatalogStatus, Count
from archivepub.errors import ArchivepubError
from archivepub.i18n import language_name
from archivepub.review.session import NotFoundError, ReviewSession, tokens

__all__ = ["PAGE_POLICY", "PREVIEW_POLICY", "create_app", "new_token"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: The Content Security Policy of the review pages: this server's script and styles only.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: The policy of the EPUB files shown in the preview frame: no script at all, a sandbox (which
#: keeps the page's origin, so that its own style sheet, images and fonts load).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin"
)
_STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
_HOSTS = ("127.0.0.1", "localhost")
_MAX_BODY = 1 << 20


def new_token() -> str:
    """A random access token (32 bytes of ``secrets``, URL-safe)."""
    return secrets.token_urlsafe(32)


class _Guard:
    """Refuse requests without the token or from another host; add the security headers."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.prefix = f"/{token}"
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", PAGE_POLICY)
                headers.setdefault("X-Frame-Options", "DENY")
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Cache-Control"] = "no-store"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                headers["Cross-Origin-Resource-Policy"] = "same-origin"
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await PlainTextResponse(refusal, status_code=403)(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> str | None:
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        name = host.rpartition(":")[0] if host.rpartition(":")[2].isdigit() else host
        if name not in _HOSTS:
            return "forbidden: this server answers requests to 127.0.0.1 only\n"
        path: str = scope["path"]
        first = path.split("/")[1] if path.startswith("/") else ""
        if not secrets.compare_digest(first.encode(), self.token.encode()):
            return "forbidden: the address needs the access token that `archivepub review` printed\n"
        if scope["method"] not in ("GET", "HEAD"):
            given = headers.get("x-archivepub-token", "")
            if not secrets.compare_digest(given.encode(), self.token.encode()):
                return "forbidden: a change needs the access token in the X-Archivepub-Token header\n"
        return None


def _count(count: Count) -> dict[str, int]:
    return {"entries": count.entries, "words": count.words}


def _status(status: CatalogStatus) -> dict[str, Any]:
    data = {state: _count(status.counts[state]) for state in STATES}
    data["total"] = _count(status.total)
    return data


def _problem(problem: Problem) -> dict[str, Any]:
    return {"check": problem.check, "level": problem.level, "message": problem.message, "line": problem.line}


def _tokens(text: str) -> list[list[str]]:
    return [[t.kind, t.text] for t in tokens(text)]


class _BadRequestError(ArchivepubError):
    """A request body that is not what the API takes."""


async def _body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise _BadRequestError("the body must be JSON (Content-Type: application/json)")
    data = await request.body()
    if len(data) > _MAX_BODY:
        raise _BadRequestError("the body is too large")
    try:
        body = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _BadRequestError(f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise _BadRequestError("the body must be a JSON object")
    return body


def _field(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if not isinstance(value, kind):
        raise _BadRequestError(f"{name!r} must be a {kind.__name__}")
    return value


def create_app(session: ReviewSession, token: str) -> Starlette:
    """The review application for ``session``, answering under ``/<token>/`` only.

    :param session: the archive and catalogs under review.
    :param token: the access token (see :func:`new_token`).
    """
    env = Environment(
        loader=PackageLoader("archivepub.review", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.filters["subpath"] = lambda value: quote(str(value), safe="/")
    env.globals["language_name"] = language_name
    env.globals["states"] = STATES
    base = f"/{token}"

    def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(base=base, token=token, **context)
        return HTMLResponse(html, status_code=status_code)

    def error_page(exc: ArchivepubError) -> HTMLResponse:
        code = 404 if isinstance(exc, NotFoundError) else 422
        return page("error.html", status_code=code, message=str(exc))

    def error_json(exc: ArchivepubError) -> JSONResponse:
        if isinstance(exc, EntryConflictError):
            return JSONResponse(
                {
                    "error": str(exc),
                    "conflict": {
                        "theirs": None
                        if exc.theirs is None
                        else {"msgstr": exc.theirs.msgstr, "fuzzy": exc.theirs.fuzzy},
                        "mine": {"msgstr": exc.mine.msgstr, "fuzzy": exc.mine.fuzzy},
                    },
                },
                status_code=409,
            )
        code = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(exc, _BadRequestError) else 422
        return JSONResponse({"error": str(exc)}, status_code=code)

    async def archive_page(request: Request) -> Response:
        lang = request.query_params.get("lang", "")
        todo = request.query_params.get("todo") == "1"
        text = request.query_params.get("q", "").strip()
        try:
            rows = await run_in_threadpool(session.overview)
        except ArchivepubError as exc:
            return error_page(exc)
        langs = [lang] if lang in session.langs else list(session.langs)
        shown = []
        totals = {state: Count() for state in STATES}
        for row in rows:
            cells = {code: row.cells[code] for code in langs if code in row.cells}
            if not cells:
                continue
            if text and text.casefold() not in f"{row.article_id} {row.title}".casefold():
                continue
            left = any(
                c is None or c.counts["fuzzy"].entries or c.counts["untranslated"].entries
                for c in cells.values()
            )
            if todo and not left:
                continue
            shown.append((row, cells))
            for cell in cells.values():
                if cell is not None:
                    for state in STATES:
                        totals[state].add(cell.counts[state])
        grand = Count()
        for count in totals.values():
            grand.add(count)
        return page(
            "archive.html",
            rows=shown,
            langs=langs,
            all_langs=session.langs,
            lang=lang if lang in session.langs else "",
            todo=todo,
            q=text,
            totals=totals,
            grand=grand,
            archive=str(session.archive),
            locales=str(session.locales),
        )

    async def article_page(request: Request) -> Response:
        article, lang = request.path_params["article"], request.path_params["lang"]
        try:
            view = await run_in_threadpool(session.article, article, lang)
        except ArchivepubError as exc:
            return error_page(exc)
        return page("article.html", view=view, all_langs=session.langs)

    async def preview_page(request: Request) -> Response:
        article, lang = request.path_params["article"], request.path_params["lang"]
        try:
            (await run_in_threadpool(session.preview, article, lang)).close()
            view_title = (await run_in_threadpool(session.document, article)).metadata.title
        except ArchivepubError as exc:
            return error_page(exc)
        return page("preview.html", article=article, lang=lang, title=view_title)

    async def epub_file(request: Request) -> Response:
        article, lang = request.path_params["article"], request.path_params["lang"]
        name = request.path_params["name"]
        try:
            book = await run_in_threadpool(session.preview, article, lang)
        except ArchivepubError as exc:
            return error_page(exc)
        with book:
            if name not in book.namelist() or name.endswith("/") or name == "mimetype":
                return PlainTextResponse("no such file in the edition\n", status_code=404)
            data = book.read(name)
        suffix = PurePosixPath(name).suffix.lower()
        media = {
            ".xhtml": "application/xhtml+xml",
            ".css": "text/css",
            ".ttf": "font/ttf",
            ".otf": "font/otf",
        }
        kind = media.get(suffix) or mimetypes.types_map.get(suffix, "application/octet-stream")
        return Response(
            data,
            media_type=kind,
            headers={"Content-Security-Policy": PREVIEW_POLICY, "X-Frame-Options": "SAMEORIGIN"},
        )

    async def image_file(request: Request) -> Response:
        try:
            path, media = await run_in_threadpool(
                session.image, request.path_params["article"], request.path_params["src"]
            )
        except ArchivepubError as exc:
            return PlainTextResponse(f"{exc}\n", status_code=404)
        headers = {"Content-Security-Policy": "default-src 'none'; sandbox"}
        return FileResponse(path, media_type=media, headers=headers)

    async def static_file(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return PlainTextResponse("no such file\n", status_code=404)
        data = resources.files("archivepub.review").joinpath("static", name).read_bytes()
        return Response(data, media_type=_STATIC[name])

    async def api_help(request: Request) -> Response:
        try:
            body = await _body(request)
            help_ = await run_in_threadpool(
                session.help,
                _field(body, "article", str),
                _field(body, "lang", str),
                _field(body, "ctx", str),
                _field(body, "msgid", str),
            )
        except ArchivepubError as exc:
            return error_json(exc)
        return JSONResponse(
            {
                "msgid": help_.msgid,
                "msgstr": help_.msgstr,
                "fuzzy": help_.fuzzy,
                "found": help_.found,
                "tokens": _tokens(help_.msgstr),
                "matches": [
                    {
                        "score": round(m.score * 100),
                        "source": m.source,
                        "target": m.target,
                        "origin": m.origin,
                        "where": m.where,
                    }
                    for m in help_.matches
                ],
                "terms": [{"term": term, "target": target} for term, target in help_.terms],
                "machine": help_.machine,
                "comments": help_.comments,
            }
        )

    async def api_check(request: Request) -> Response:
        try:
            body = await _body(request)
            problems = await run_in_threadpool(
                session.check,
                _field(body, "article", str),
                _field(body, "lang", str),
                _field(body, "ctx", str),
                _field(body, "msgstr", str),
                _field(body, "fuzzy", bool),
            )
        except ArchivepubError as exc:
            return error_json(exc)
        return JSONResponse({"findings": [_problem(p) for p in problems]})

    async def api_machine(request: Request) -> Response:
        try:
            body = await _body(request)
            result = await run_in_threadpool(
                session.machine,
                _field(body, "article", str),
                _field(body, "lang", str),
                _field(body, "ctx", str),
            )
        except ArchivepubError as exc:
            return error_json(exc)
        if result is None:
            return JSONResponse({"suggestion": None})
        text, model, repairs = result
        return JSONResponse({"suggestion": {"text": text, "model": model, "repairs": repairs}})

    async def api_save(request: Request) -> Response:
        try:
            body = await _body(request)
            article, lang = _field(body, "article", str), _field(body, "lang", str)
            base_ = _field(body, "base", dict)
            edit = EntryEdit(
                msgctxt=_field(body, "ctx", str),
                msgid=_field(body, "msgid", str),
                msgstr=_field(body, "msgstr", str).replace("\r\n", "\n"),
                fuzzy=_field(body, "fuzzy", bool),
                base=EntryState(_field(base_, "msgstr", str), _field(base_, "fuzzy", bool)),
            )
            saved = await run_in_threadpool(session.save, article, lang, edit)
            view = await run_in_threadpool(session.article, article, lang)
        except ArchivepubError as exc:
            return error_json(exc)
        return JSONResponse(
            {
                "msgstr": saved.entry.msgstr,
                "fuzzy": saved.entry.fuzzy,
                "tokens": _tokens(saved.entry.msgstr),
                "written": saved.written,
                "reread": saved.reread,
                "path": str(saved.path),
                "status": _status(view.status),
            }
        )

    routes = [
        Route("/", archive_page),
        Route("/article/{article}/{lang}", article_page),
        Route("/preview/{article}/{lang}", preview_page),
        Route("/epub/{article}/{lang}/{name:path}", epub_file),
        Route("/image/{article}/{src:path}", image_file),
        Route("/static/{name}", static_file),
        Route("/api/help", api_help, methods=["POST"]),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/machine", api_machine, methods=["POST"]),
        Route("/api/save", api_save, methods=["POST"]),
    ]
    app = Starlette(routes=[Mount(base, routes=routes)])
    app.add_middleware(_Guard, token=token)
    return app
