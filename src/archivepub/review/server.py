"""Run the review application on 127.0.0.1 with uvicorn: in the foreground (the command) or in
a thread (tests, scripts)."""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from types import TracebackType

from archivepub.errors import ArchivepubError
from archivepub.review.session import ReviewSession

__all__ = ["WEB_PACKAGES", "ReviewServer", "WebPackagesMissingError", "require_web_packages"]

#: The distributions the server needs (the optional extra ``archivepub[review]``): module names.
WEB_PACKAGES = ("starlette", "uvicorn", "jinja2")
#: The only address the server listens on.
HOST = "127.0.0.1"


class WebPackagesMissingError(ArchivepubError):
    """The optional web packages of ``archivepub review`` are not installed."""


def require_web_packages() -> None:
    """Raise :class:`WebPackagesMissingError` naming the extra unless the web packages import."""
    missing = []
    for name in WEB_PACKAGES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    if missing:
        raise WebPackagesMissingError(
            f"`archivepub review` needs the optional packages {', '.join(missing)}: "
            "install them with pip install 'archivepub[review]'"
        )


class ReviewServer:
    """The review server for ``session``, listening on ``127.0.0.1:port`` (0: any free port).

    The socket is bound when the server is made, so :attr:`url` (with the access token) is
    known before it serves. :meth:`serve` blocks until Ctrl+C; :meth:`start` and :meth:`stop`
    (or ``with``) run it in a thread.

    :param session: the archive and catalogs under review.
    :param port: the port (0: chosen by the system).
    :param token: the access token (default: a new random one).
    :raises WebPackagesMissingError: without the ``archivepub[review]`` packages.
    :raises ArchivepubError: if the port cannot be listened on.
    """

    def __init__(self, session: ReviewSession, *, port: int = 0, token: str | None = None) -> None:
        require_web_packages()
        import uvicorn

        from archivepub.review.web import create_app, new_token

        self.token = token or new_token()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            self.socket.bind((HOST, port))
            self.socket.listen(64)
        except OSError as exc:
            self.socket.close()
            raise ArchivepubError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from exc
        self.port: int = self.socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(session, self.token),
            http="h11",
            ws="none",
            lifespan="off",
            log_level="warning",
            access_log=False,
            proxy_headers=False,
            server_header=False,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The address to open, with the access token."""
        return f"http://{HOST}:{self.port}/{self.token}/"

    def serve(self) -> None:
        """Serve until interrupted (Ctrl+C or SIGTERM), then close the socket and return."""
        try:
            self.server.run(sockets=[self.socket])
        except KeyboardInterrupt:
            pass  # uvicorn shut down cleanly, then re-raised the Ctrl+C it caught
        finally:
            self.socket.close()

    def start(self) -> None:
        """Serve in a background thread; return once the server accepts requests."""
        self._thread = threading.Thread(target=self.serve, name="archivepub-review", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ArchivepubError("the review server did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        """Stop the background server and wait for it."""
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
        self.socket.close()

    def __enter__(self) -> ReviewServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
