"""The preview's web server: the output folder as a static host would serve it, plus three things
only the preview has.

- Every `.html` page gets the live script (`inject`), added to the response, never to the file.
- `GET /__pressroom/status` answers `{"generation", "problems", "assets"}`; with `?since=N` it
  answers once the generation differs from N, or after `LONG_POLL` seconds (a long poll: the
  page learns of a rebuild at once, with no third-party code and no open stream to keep alive).
- `GET /__pressroom/live.js` is the script.
- `GET /__pressroom/view` is the viewer (view.html and view.js): one asset at a time at full
  size, or every format of one message, swapped in place after each rebuild.

Responses are never cached, so a reload shows the files as they are. The server is the standard
library's `ThreadingHTTPServer`; it reads the folder that the rebuilds write by renaming whole
files into place, so it never serves a half-written file.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import stat
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote_to_bytes

from pressroom.preview.inject import SCRIPT, STATUS, inject, waiting_page
from pressroom.preview.status import Status

PREFIX = "/__pressroom/"
VIEW = PREFIX + "view"  # the viewer: one asset at full size, or every format of a message
VIEW_SCRIPT = PREFIX + "view.js"
LONG_POLL = 20.0  # seconds a status request with ?since= waits at most
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


class PreviewServer(ThreadingHTTPServer):
    """Serves `out` and the preview's status; request threads never keep the process alive."""

    daemon_threads = True
    # Every open page keeps a status request waiting: with the standard library's listen queue
    # of 5, pages polling at once timed out (43 to 133 of 300). The system caps it (somaxconn).
    request_queue_size = 1024

    def __init__(self, host: str, port: int, out: Path, status: Status, report=None):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.out = out
        self.status = status
        self.report = report
        files = resources.files("pressroom.preview")
        self.script = files.joinpath("live.js").read_bytes()
        self.viewer = files.joinpath("view.html").read_bytes()
        self.viewer_script = files.joinpath("view.js").read_bytes()
        self.hosts = _allowed_hosts(host)
        handler = functools.partial(_Handler, directory=str(out))
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ipaddress.ip_address(host).is_unspecified:
            host = "127.0.0.1" if self.address_family == socket.AF_INET else "::1"
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def handle_error(self, request, client_address) -> None:
        """A browser that goes away mid-answer (a reload) is normal; anything else is said once."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError | TimeoutError):
            return
        if self.report is not None:
            self.report(f"error: serving a request failed: {type(exc).__name__}: {exc}", True)


def request_target(raw: str) -> tuple[str, str] | None:
    """The decoded path and the query of a request's target, or None when it is malformed: not
    a path from the root (an absolute URL, `*`), a byte that is not printable ASCII, a `%` not
    followed by two hex digits, or a path that decodes to something other than UTF-8 text
    without control characters (a `%00`)."""
    if not raw.startswith("/") or not all("!" <= c <= "~" for c in raw):
        return None
    if _BAD_ESCAPE.search(raw):
        return None
    path, _, query = raw.partition("#")[0].partition("?")
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(c < " " or c == "\x7f" for c in decoded):
        return None
    return decoded, query


def _allowed_hosts(host: str) -> set[str] | None:
    """Host names a request may name when the server listens on loopback only (a page on another
    site that rebinds its name to 127.0.0.1 is refused); None, anything, otherwise."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    return (LOOPBACK_NAMES | {host}) if loopback else None


class _Handler(SimpleHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            self.send_error(403, "Unknown Host header: open the address pressroom serve printed")
            return
        target = request_target(self.path)
        if target is None:
            self.send_error(400, "Malformed URL")
            return
        path, query = target
        if path == STATUS:
            self._status(query, body)
        elif path == SCRIPT:
            self._send(200, "text/javascript; charset=utf-8", self.server.script, body)
        elif path == VIEW:
            self._send(200, "text/html; charset=utf-8", self.server.viewer, body)
        elif path == VIEW_SCRIPT:
            self._send(200, "text/javascript; charset=utf-8", self.server.viewer_script, body)
        elif path.startswith(PREFIX) or not self._servable(Path(self.translate_path(self.path))):
            self.send_error(404)
        elif path.endswith((".html", "/")):
            self._page(path, body)
        elif body:
            super().do_GET()
        else:
            super().do_HEAD()

    def _servable(self, file: Path) -> bool:
        """Whether `file` may be served: no part of its path under the output folder is a
        symbolic link (none is followed, wherever it leads), and it is a regular file or a
        folder (a named pipe would hold the request forever). A missing file is left to the
        404 that follows. Hidden names (the writer's lock, journal and staged files) are never
        served: a page must not see a build's half-made files."""
        out = Path(self.directory)
        at = out
        for part in file.relative_to(out).parts:
            if part.startswith("."):
                return False
            at = at / part
            try:
                mode = at.lstat().st_mode
            except OSError:
                return True
            if stat.S_ISLNK(mode):
                return False
        return at == out or stat.S_ISREG(mode) or stat.S_ISDIR(mode)

    def _host_allowed(self) -> bool:
        allowed = self.server.hosts
        header = self.headers.get("Host")
        if allowed is None or header is None:
            return True
        name = header.rsplit(":", 1)[0] if not header.endswith("]") else header
        return name.strip("[]").lower() in allowed

    def _status(self, query: str, body: bool) -> None:
        since = parse_qs(query).get("since", [None])[0]
        try:
            wait_for = int(since) if since is not None else None
        except ValueError:
            self.send_error(400, "since must be a whole number")
            return
        status = self.server.status
        now = status.now if wait_for is None else status.wait(wait_for, LONG_POLL)
        self._send(200, "application/json", now.to_json(), body)

    def _page(self, path: str, body: bool) -> None:
        """A page of the output folder with the live script; before the first good build, a page
        that waits for one."""
        generation = self.server.status.now.generation  # read first: a newer page only reloads
        file = Path(self.translate_path(self.path))  # `path` is decoded already
        if file.is_dir():
            file = file / "index.html"
            if not self._servable(file):
                self.send_error(404)
                return
        try:
            html = file.read_bytes().decode("utf-8")
        except FileNotFoundError:
            if path != "/":
                self.send_error(404)
                return
            # No index.html: a build of a draft alone writes only its preview page
            pages = sorted(p.name for p in file.parent.glob("*.html") if p.is_file())
            if pages:
                self.send_response(302)
                self.send_header("Location", "/" + quote(pages[0]))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            html = waiting_page(generation)
        except (OSError, UnicodeDecodeError):
            self.send_error(404)
            return
        else:
            html = inject(html, generation)
        self._send(200, "text/html; charset=utf-8", html.encode("utf-8"), body)

    def _send(self, code: int, kind: str, data: bytes, body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 (the standard library's name)
        """Requests are not logged: the terminal is for rebuilds and problems."""
