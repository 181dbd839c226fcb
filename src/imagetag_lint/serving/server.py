"""A ready validating admission webhook: HTTPS with the standard library only.

``imagetag-lint serve --cert FILE --key FILE [--host H] [--port P]`` serves

- ``POST /validate``: an AdmissionReview v1 in, the response of
  ``admission.review()`` out (the apiserver may add ``?timeout=10s``);
- ``GET /healthz``: ``{"status": "ok"}`` for liveness and readiness probes.

Bad requests get a JSON body ``{"error": "..."}`` with a fitting status. Bodies
over 3 MiB (the apiserver's own limit for a request) are refused with 413
without being read. Each request is handled in its own thread, TLS handshake
included, so a slow client never holds up the others. SIGTERM (what Kubernetes
sends on pod shutdown) and SIGINT stop the server cleanly. One line per request
goes to standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import socket
import socketserver
import ssl
import sys
import threading
import time
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from ..settings import DEFAULT_SETTINGS, Settings
from . import admission

PROG = "imagetag-lint serve"
MAX_BODY = 3 * 1024 * 1024
# How long a connection may stay silent (handshake, request, keep-alive) before it is closed.
IO_TIMEOUT = 30.0
VALIDATE, HEALTHZ = "/validate", "/healthz"
JSON_TYPE = "application/json"


class WebhookServer(ThreadingHTTPServer):
    """A threading HTTP server that does the TLS handshake in the request's own thread."""

    daemon_threads = True  # idle keep-alive connections must not delay shutdown

    def __init__(
        self, address: tuple[str, int], context: ssl.SSLContext, settings: Settings
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, WebhookHandler)
        self.context = context
        self.settings = settings

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up (getfqdn), which can hang on a
        # cluster's DNS at start-up; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(IO_TIMEOUT)
        try:
            secure = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as problem:
            _log(f"{client_address[0]} TLS handshake failed: {problem}")
            return
        try:
            super().finish_request(secure, client_address)
        finally:
            _close(secure)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        _log(f"{client_address[0]} connection error: {type(error).__name__}: {error}")


class WebhookHandler(BaseHTTPRequestHandler):
    server: WebhookServer
    protocol_version = "HTTP/1.1"  # the apiserver reuses connections
    timeout = IO_TIMEOUT
    body_read = False  # of the current request; a connection carries several

    def parse_request(self) -> bool:
        self.body_read = False
        return super().parse_request()

    server_version = "imagetag-lint"
    sys_version = ""

    def do_GET(self) -> None:
        if self._path() != HEALTHZ:
            self._fail(HTTPStatus.NOT_FOUND, f"no such path; use GET {HEALTHZ} or POST {VALIDATE}")
            return
        self._send(HTTPStatus.OK, {"status": "ok"}, "ok")

    def do_POST(self) -> None:
        if self._path() != VALIDATE:
            self._fail(HTTPStatus.NOT_FOUND, f"no such path; use POST {VALIDATE}")
            return
        body = self._body()
        if body is None:
            return
        try:
            request = json.loads(body)
        except (ValueError, RecursionError) as problem:
            self._fail(HTTPStatus.BAD_REQUEST, f"invalid JSON: {_reason(problem)}")
            return
        try:
            answer = admission.review(request, settings=self.server.settings)
        except Exception as problem:  # a bug must cost one request, not the webhook
            self._fail(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {problem!r}")
            return
        self._send(HTTPStatus.OK, answer, _outcome(answer))

    def do_PUT(self) -> None:
        self._wrong_method()

    def do_DELETE(self) -> None:
        self._wrong_method()

    def do_PATCH(self) -> None:
        self._wrong_method()

    def do_HEAD(self) -> None:
        self._wrong_method()

    def _wrong_method(self) -> None:
        self._fail(
            HTTPStatus.METHOD_NOT_ALLOWED,
            f"method {self.command} not allowed; use POST {VALIDATE} or GET {HEALTHZ}",
            {"Allow": "GET, POST"},
        )

    def _path(self) -> str:
        return urlsplit(self.path).path

    def _body(self) -> bytes | None:
        """The request body, or None once an error has been sent."""
        content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if content_type != JSON_TYPE:
            self._fail(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"Content-Type must be {JSON_TYPE}")
            return None
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self._fail(HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not supported")
            return None
        length = _content_length(self.headers.get("Content-Length"))
        if length is None:
            self._fail(HTTPStatus.LENGTH_REQUIRED, "Content-Length is missing or invalid")
            return None
        if length > MAX_BODY:
            self._fail(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body of {length} bytes is larger than the limit of {MAX_BODY} bytes",
            )
            return None
        self.body_read = True
        return self.rfile.read(length)

    def _fail(
        self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None
    ) -> None:
        # Closing a socket with unread input resets the connection, and the client could
        # lose this answer: read a body of acceptable size first. Then close anyway,
        # since an oversized or unframed body cannot be skipped.
        self._discard_body()
        self.close_connection = True
        self._send(status, {"error": message}, message, {"Connection": "close", **(headers or {})})

    def _discard_body(self) -> None:
        length = _content_length(self.headers.get("Content-Length"))
        if not self.body_read and length is not None and length <= MAX_BODY:
            self.rfile.read(length)
        self.body_read = True

    def _send(
        self,
        status: HTTPStatus,
        payload: Any,
        outcome: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._log_request_line(status, outcome)
        self.send_response(status)
        self.send_header("Content-Type", JSON_TYPE)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _log_request_line(self, status: HTTPStatus, outcome: str) -> None:
        _log(f'{self.client_address[0]} "{self.command} {self.path}" {status.value} {outcome}')

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: ``_send`` logs one line with the outcome instead."""

    def log_message(self, format: str, *args: Any) -> None:
        _log(f"{self.client_address[0]} {format % args}")


def _outcome(answer: dict[str, Any]) -> str:
    response = answer.get("response", {})
    verdict = "allowed" if response.get("allowed") else "denied"
    uid = response.get("uid") or "-"
    status = response.get("status", {})
    detail = f" {status.get('code')}: {status.get('message')}" if status else ""
    warnings = response.get("warnings", [])
    noted = f" ({len(warnings)} warnings)" if warnings else ""
    return f"uid={uid} {verdict}{noted}{detail}"


def _content_length(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


def _reason(problem: Exception) -> str:
    return "nested too deeply" if isinstance(problem, RecursionError) else str(problem)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.close()


def _log(line: str) -> None:
    """One line on standard error: control characters (from a client or a finding) escaped."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in line)
    sys.stderr.write(f"{stamp} {text}\n")
    sys.stderr.flush()


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    """A server-side TLS context (TLS 1.2 or later) with this certificate and key."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def make_server(
    host: str, port: int, context: ssl.SSLContext, settings: Settings = DEFAULT_SETTINGS
) -> WebhookServer:
    """A bound, not yet serving webhook server (port 0 picks a free port)."""
    return WebhookServer((host, port), context, settings)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Serve a validating admission webhook over HTTPS: "
        f"POST {VALIDATE} (AdmissionReview v1), GET {HEALTHZ}.",
    )
    parser.add_argument("--cert", required=True, metavar="FILE", help="PEM certificate (chain)")
    parser.add_argument("--key", required=True, metavar="FILE", help="PEM private key")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument("--port", type=int, default=8443, help="port (default: 8443)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the webhook until SIGTERM or SIGINT; 0 on a clean stop, 2 when it cannot start."""
    args = build_parser().parse_args(argv)
    try:
        context = tls_context(args.cert, args.key)
    except (OSError, ssl.SSLError) as problem:
        print(f"{PROG}: error: cannot load {args.cert} and {args.key}: {problem}", file=sys.stderr)
        return 2
    try:
        server = make_server(args.host, args.port, context)
    except OSError as problem:
        print(
            f"{PROG}: error: cannot listen on {args.host}:{args.port}: {problem}", file=sys.stderr
        )
        return 2
    host, port = str(server.server_address[0]), server.server_address[1]
    _stop_on_signals(server)
    _log(f"serving https://{host}:{port}{VALIDATE}")
    try:
        server.serve_forever()
    finally:
        server.server_close()
    _log("stopped")
    return 0


def _stop_on_signals(server: WebhookServer) -> None:
    def stop(signum: int, frame: FrameType | None) -> None:
        # shutdown() waits for serve_forever() to return, which runs in this thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
