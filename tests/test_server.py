"""The HTTPS webhook end to end: the real server, called over TLS by clients that verify it.

Each behaviour a cluster relies on is shown here: answers written in one write on
TCP_NODELAY sockets, a trickling client dropped at the header deadline while others
are served, a drain on SIGTERM that still answers the request in flight, certificate
files reloaded, client certificates required and their names checked, a 5 MiB UPDATE
review accepted, ``?timeout=`` answered per ``--on-timeout``, readiness, metrics,
JSON errors, logfmt lines, the configuration file, IPv6.

No test asserts on elapsed time: deadlines are made small through ``make_server``
parameters, and every wait is bounded by a generous timeout or an event.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import queue
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from rules._helpers import valid_tag_object
from test_metrics import parse_exposition

from imagetag_lint import Settings, Severity
from imagetag_lint.checking import gate
from imagetag_lint.cli import main
from imagetag_lint.serving import admission
from imagetag_lint.serving.http import Limits
from imagetag_lint.serving.server import (
    MAX_BODY,
    Tuning,
    WebhookServer,
    make_server,
    parse_duration,
    work_budget,
)
from imagetag_lint.serving.tls import certificate_not_after

UID = "b3c1e7a0-0000-4000-8000-000000000042"
# ITL313: a create that sets spec.generation is warned (the server overwrites it).
GENERATION_WARNING = (
    "spec.generation: is set by the server (the image stream's generation when the tag changes):"
    " remove it from the manifest"
)
# The same finding as a webhook warning: code first, the aside dropped to fit 120 characters.
GENERATION_WEBHOOK_WARNING = (
    "ITL313 spec.generation: is set by the server: remove it from the manifest"
)
WAIT = 30.0  # the bound of every wait: generous, never reached when things work
JSON_HEADERS = {"Content-Type": "application/json"}


# --- certificates, made with the openssl command -----------------------------------------


@dataclass(frozen=True)
class Certificates:
    cert: str  # the server's, for 127.0.0.1 and ::1
    key: str
    other_cert: str  # another server certificate (rotation), valid longer
    other_key: str
    trusted: str  # both server certificates: what clients verify against
    ca: str  # signs the client certificates
    client: tuple[str, str]  # CN=apiserver
    intruder: tuple[str, str]  # CN=intruder, same CA


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd, timeout=60)


def _self_signed(directory: Path, name: str, days: int, subject: str, san: str = "") -> None:
    extra = ["-addext", f"subjectAltName={san}"] if san else []
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", str(days), "-subj", subject,
        *extra, cwd=directory,
    )  # fmt: skip


def _client(directory: Path, name: str, common_name: str, serial: int) -> tuple[str, str]:
    _openssl(
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={common_name}",
        cwd=directory,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-set_serial", str(serial), "-days", "2", "-out", f"{name}.pem", cwd=directory,
    )  # fmt: skip
    return str(directory / f"{name}.pem"), str(directory / f"{name}.key")


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    directory = tmp_path_factory.mktemp("tls")
    san = "IP:127.0.0.1,IP:::1"
    _self_signed(directory, "server", 2, "/CN=imagetag-lint-test", san)
    _self_signed(directory, "rotated", 5, "/CN=imagetag-lint-rotated", san)
    _self_signed(directory, "ca", 2, "/CN=imagetag-lint-test-ca")
    trusted = directory / "trusted.pem"
    trusted.write_bytes(
        (directory / "server.pem").read_bytes() + (directory / "rotated.pem").read_bytes()
    )
    return Certificates(
        cert=str(directory / "server.pem"),
        key=str(directory / "server.key"),
        other_cert=str(directory / "rotated.pem"),
        other_key=str(directory / "rotated.key"),
        trusted=str(trusted),
        ca=str(directory / "ca.pem"),
        client=_client(directory, "apiserver", "apiserver", 1),
        intruder=_client(directory, "intruder", "intruder", 2),
    )


# --- servers -------------------------------------------------------------------------------


@dataclass
class Running:
    server: WebhookServer
    log: io.StringIO

    @property
    def address(self) -> tuple[str, int]:
        return self.server.address

    def lines(self) -> list[str]:
        return self.log.getvalue().splitlines()

    def wait_for_line(self, fragment: str) -> str:
        """The first log line with ``fragment``, waiting for it (bounded)."""
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            for line in self.lines():
                if fragment in line:
                    return line
            time.sleep(0.01)
        raise AssertionError(f"no log line with {fragment!r} in {self.lines()}")


@contextlib.contextmanager
def running(
    certs: Certificates,
    *,
    host: str = "127.0.0.1",
    ready: bool = True,
    tuning: Tuning | None = None,
    **options: Any,
) -> Iterator[Running]:
    """A webhook server serving from a thread; drained (or stopped) when the block ends."""
    log = io.StringIO()
    options.setdefault("cert", certs.cert)
    options.setdefault("key", certs.key)
    server = make_server(
        host, 0, tuning=tuning or Tuning(shutdown_delay=0, drain_timeout=10), log=log, **options
    )
    server.start()
    try:
        if ready:
            assert server.wait_ready(WAIT)
        yield Running(server, log)
    finally:
        if server.stop(WAIT) is None:  # still draining: stop at once
            server.stop(WAIT)


@pytest.fixture(scope="module")
def served(certs: Certificates) -> Iterator[Running]:
    """The shared server; ITL201 is demoted to a warning so it shows errors and warnings."""
    settings = Settings(severities=MappingProxyType({"ITL201": Severity.WARNING}))
    with running(certs, settings=settings, metrics_port=0) as server:
        yield server


def client_context(certs: Certificates, client: tuple[str, str] | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=certs.trusted)
    if client is not None:
        context.load_cert_chain(*client)
    return context


def connect(
    server: Running, certs: Certificates, client: tuple[str, str] | None = None
) -> http.client.HTTPSConnection:
    host, port = server.address
    return http.client.HTTPSConnection(
        host, port, context=client_context(certs, client), timeout=WAIT
    )


def call(
    server: Running,
    certs: Certificates,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> tuple[int, Any]:
    connection = connect(server, certs)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": content_type})
        answer = connection.getresponse()
        assert answer.getheader("Content-Type") == "application/json"
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def exchange(connection: http.client.HTTPSConnection, method: str, path: str) -> int:
    connection.request(method, path)
    answer = connection.getresponse()
    answer.read()
    return answer.status


def fails(action: Callable[[], object]) -> BaseException:
    """The exception ``action`` raises (an AssertionError if it raises none)."""
    try:
        action()
    except Exception as problem:
        return problem
    raise AssertionError(f"{action} did not fail")


def raw(server: Running, certs: Certificates, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as it is over TLS; the status, headers and body of the answer."""
    context = client_context(certs)
    with (
        socket.create_connection(server.address, timeout=WAIT) as plain,
        context.wrap_socket(plain, server_hostname=server.address[0]) as secure,
    ):
        secure.sendall(data)
        received = b""
        while not _complete(received):
            chunk = secure.recv(65536)
            if not chunk:
                break
            received += chunk
    return _parse(received)


def _complete(data: bytes) -> bool:
    head, found, body = data.partition(b"\r\n\r\n")
    if not found:
        return False
    return len(body) >= int(_parse_head(head)[1].get("content-length", "0"))


def _parse_head(head: bytes) -> tuple[int, dict[str, str]]:
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split(" ")[1]), headers


def _parse(data: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    status, headers = _parse_head(head)
    return status, headers, body


def admission_review(
    obj: dict[str, Any], operation: str = "CREATE", uid: str = UID, old: Any = None
) -> bytes:
    request: dict[str, Any] = {
        "uid": uid,
        "kind": {"group": "image.openshift.io", "version": "v1", "kind": obj.get("kind")},
        "operation": operation,
        "object": obj,
    }
    if old is not None:
        request["oldObject"] = old
    review = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}
    return json.dumps(review).encode()


def response(uid: str = UID, **members: Any) -> dict[str, Any]:
    return {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "response": {"uid": uid, **members},
    }


# --- reviews -------------------------------------------------------------------------------


def test_probes(served: Running, certs: Certificates) -> None:
    assert call(served, certs, "GET", "/livez") == (200, {"status": "ok"})
    assert call(served, certs, "GET", "/healthz") == (200, {"status": "ok"})
    assert call(served, certs, "GET", "/readyz") == (200, {"status": "ready"})


def test_a_ready_server_checks_with_jsonschema_rs_from_the_first_review(
    certs: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gate, "_checked", 0)  # as in a fresh process
    with running(certs) as server:  # returns once the warm-up review is done
        assert call(server, certs, "GET", "/readyz") == (200, {"status": "ready"})
        assert gate._checked >= gate.SMALL_RUN


def test_a_client_that_does_not_trust_the_certificate_is_refused(served: Running) -> None:
    host, port = served.address
    connection = http.client.HTTPSConnection(
        host, port, context=ssl.create_default_context(), timeout=WAIT
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        connection.request("GET", "/livez")
    connection.close()


def test_a_valid_object_is_allowed(served: Running, certs: Certificates) -> None:
    body = admission_review(valid_tag_object())
    assert call(served, certs, "POST", "/validate?timeout=10s", body) == (
        200,
        response(allowed=True),
    )


def test_an_invalid_object_is_denied_with_an_aggregated_message(
    served: Running, certs: Certificates
) -> None:
    obj = valid_tag_object(generation="3", referencPolicy={})
    status, body = call(served, certs, "POST", "/validate", admission_review(obj))
    assert (status, body) == (
        200,
        response(
            allowed=False,
            status={
                "code": 422,
                "reason": "Invalid",
                "message": '2 problems: spec.generation: expected integer, got string "3"; '
                'spec.referencPolicy: unknown field (did you mean "referencePolicy"?)',
            },
            warnings=[GENERATION_WEBHOOK_WARNING],
        ),
    )


def test_warnings(served: Running, certs: Certificates) -> None:
    obj = valid_tag_object(referencePolicy={"type": "local"})
    status, body = call(served, certs, "POST", "/validate", admission_review(obj))
    assert (status, body) == (
        200,
        response(
            allowed=True,
            warnings=[
                'ITL201 spec.referencePolicy.type: "local" is not valid: valid values are'
                ' "Source", "Local" (did you mean "Local"?)'
            ],
        ),
    )


def test_a_malformed_review_gets_a_review_with_400(served: Running, certs: Certificates) -> None:
    status, body = call(served, certs, "POST", "/validate", b'{"kind": "Pod"}')
    assert (status, body) == (
        200,
        response(
            uid="",
            allowed=False,
            status={
                "code": 400,
                "reason": "BadRequest",
                "message": "malformed review: expected apiVersion admission.k8s.io/v1"
                " and kind AdmissionReview",
            },
        ),
    )


def test_a_lone_surrogate_uid_still_gets_an_answer(served: Running, certs: Certificates) -> None:
    uid = "\ud800-lone"
    body = admission_review(valid_tag_object(), uid=uid)
    assert b"\\ud800" in body  # as JSON text carries it
    assert call(served, certs, "POST", "/validate", body) == (200, response(uid=uid, allowed=True))
    line = served.wait_for_line('uid="\\ud800-lone"')
    assert " verdict=allowed " in line


def test_one_connection_serves_several_reviews(served: Running, certs: Certificates) -> None:
    connection = connect(served, certs)
    try:
        for obj, allowed in ((valid_tag_object(), True), (valid_tag_object(generation="x"), False)):
            connection.request("POST", "/validate", admission_review(obj), JSON_HEADERS)
            answer = connection.getresponse()
            assert answer.getheader("Connection") is None  # kept alive
            assert json.loads(answer.read())["response"]["allowed"] is allowed
    finally:
        connection.close()


@pytest.mark.slow
def test_a_5_mib_update_review_is_accepted(served: Running, certs: Certificates) -> None:
    """``object`` and ``oldObject`` together: more than the old 3 MiB cap, within 7 MiB."""

    def stream(tags: int) -> dict[str, Any]:
        return {
            "apiVersion": "image.openshift.io/v1",
            "kind": "ImageStream",
            "metadata": {"name": "app", "namespace": "demo"},
            "spec": {
                "tags": [
                    {
                        "name": f"v{n}",
                        "from": {"kind": "DockerImage", "name": f"quay.io/org/app:v{n}"},
                        "referencePolicy": {"type": "Source"},
                    }
                    for n in range(tags)
                ]
            },
        }

    body = admission_review(stream(22_000), "UPDATE", old=stream(21_999))
    assert 5 * 1024 * 1024 < len(body) < MAX_BODY
    assert call(served, certs, "POST", "/validate?timeout=30s", body) == (
        200,
        response(allowed=True),
    )


def test_a_body_of_exactly_the_limit_is_read(served: Running, certs: Certificates) -> None:
    body = admission_review(valid_tag_object())
    padded = body + b" " * (MAX_BODY - len(body))
    assert call(served, certs, "POST", "/validate", padded) == (200, response(allowed=True))


def test_an_oversized_body_is_refused_unread(served: Running, certs: Certificates) -> None:
    connection = connect(served, certs)
    connection.putrequest("POST", "/validate")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(MAX_BODY + 1))
    connection.endheaders()  # the body is never sent: the server must answer without it
    answer = connection.getresponse()
    assert answer.status == 413
    assert answer.getheader("Connection") == "close"
    assert json.loads(answer.read()) == {
        "error": f"request body of {MAX_BODY + 1} bytes is larger than the limit of"
        f" {MAX_BODY} bytes"
    }
    connection.close()


# --- every error is JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "content_type", "body", "status", "error"),
    [
        ("POST", "/validate", "text/plain", b"{}", 415, "Content-Type must be application/json"),
        ("POST", "/validate", "application/json", b"{not json", 400,
         "invalid JSON: Expecting property name enclosed in double quotes:"
         " line 1 column 2 (char 1)"),
        ("POST", "/validate", "application/json", b"[" * 200_000 + b"]" * 200_000, 400,
         "invalid JSON: nested too deeply"),
        ("POST", "/validate?timeout=soon", "application/json", b"{}", 400,
         "invalid timeout 'soon': expected a duration such as 10s or 1m30s"),
        ("POST", "/mutate", "application/json", b"{}", 404,
         "no such path; use POST /validate, or GET /livez, /readyz or /healthz"),
        ("GET", "/", "application/json", None, 404,
         "no such path; use POST /validate, or GET /livez, /readyz or /healthz"),
        ("PUT", "/validate", "application/json", b"{}", 405,
         "method PUT not allowed on /validate; use POST"),
        ("DELETE", "/healthz", "application/json", None, 405,
         "method DELETE not allowed on /healthz; use GET"),
    ],
)  # fmt: skip
def test_bad_requests_get_json_errors(
    served: Running,
    certs: Certificates,
    method: str,
    path: str,
    content_type: str,
    body: bytes | None,
    status: int,
    error: str,
) -> None:
    assert call(served, certs, method, path, body, content_type) == (status, {"error": error})


HEAD = b"POST /validate HTTP/1.1\r\nHost: webhook\r\nContent-Type: application/json\r\n"


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        (HEAD + b"Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", 400,
         "more than one Content-Length header"),
        (HEAD + b"Content-Length: 2, 2\r\n\r\n{}", 400, "invalid Content-Length"),
        (HEAD + b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 501,
         "Transfer-Encoding is not supported; send Content-Length"),
        (HEAD + b"\r\n", 411, "Content-Length is required for a request body"),
        (b"GET /livez\r\n\r\n", 400, "malformed request line"),
        (b"GET /livez HTTP/1.1\r\n\r\n", 400, "missing Host header"),
        (b"GET /livez HTTP/2.0\r\nHost: webhook\r\n\r\n", 505,
         "HTTP version HTTP/2.0 is not supported; use HTTP/1.1"),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: webhook\r\n\r\n", 414,
         "request line is longer than 8192 bytes"),
        (b"GET /livez HTTP/1.1\r\nHost: webhook\r\n" + b"X-Pad: " + b"a" * 70_000 + b"\r\n\r\n",
         431, "request header fields are larger than 65536 bytes"),
    ],
)  # fmt: skip
def test_framing_errors_get_json_errors(
    served: Running, certs: Certificates, data: bytes, status: int, error: str
) -> None:
    answer = raw(served, certs, data)
    assert answer[0] == status
    assert answer[1]["content-type"] == "application/json"
    assert answer[1]["connection"] == "close"
    assert json.loads(answer[2]) == {"error": error}


# --- latency floor: one write per answer, TCP_NODELAY ----------------------------------------


class RecordCountingClient:
    """A TLS 1.2 client on memory buffers: it counts the TLS records each answer comes in.

    Head and body written together make one application-data record; written apart,
    two (the second waiting for the client's delayed ACK without TCP_NODELAY).
    """

    def __init__(self, address: tuple[str, int], context: ssl.SSLContext) -> None:
        context.maximum_version = ssl.TLSVersion.TLSv1_2  # no post-handshake records
        self.sock = socket.create_connection(address, timeout=WAIT)
        self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.tls = context.wrap_bio(self.incoming, self.outgoing, server_hostname=address[0])
        self.buffer = b""
        while True:
            try:
                self.tls.do_handshake()
                break
            except ssl.SSLWantReadError:
                self._flush()
                chunk = self.sock.recv(65536)
                assert chunk, "closed during the handshake"
                self.incoming.write(chunk)
        self._flush()

    def _flush(self) -> None:
        data = self.outgoing.read()
        if data:
            self.sock.sendall(data)

    def exchange(self, request: bytes) -> tuple[bytes, int]:
        """The answer to ``request``, and how many application-data records carried it."""
        self.tls.write(request)
        self._flush()
        plain, records = b"", 0
        while not _complete(plain):
            chunk = self.sock.recv(65536)
            assert chunk, "closed before the answer was complete"
            self.buffer += chunk
            while len(self.buffer) >= 5:
                size = 5 + int.from_bytes(self.buffer[3:5], "big")
                if len(self.buffer) < size:
                    break
                record, self.buffer = self.buffer[:size], self.buffer[size:]
                records += record[0] == 23  # application_data
                self.incoming.write(record)
                with contextlib.suppress(ssl.SSLWantReadError):
                    while True:
                        plain += self.tls.read(65536)
        return plain, records

    def close(self) -> None:
        self.sock.close()


def test_keep_alive_answers_are_one_write_each_on_tcp_nodelay_sockets(
    served: Running, certs: Certificates
) -> None:
    client = RecordCountingClient(served.address, client_context(certs))
    try:
        review = admission_review(valid_tag_object(generation="x"))
        post = (
            b"POST /validate?timeout=10s HTTP/1.1\r\nHost: webhook\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
        ) % (len(review), review)
        probe = b"GET /livez HTTP/1.1\r\nHost: webhook\r\n\r\n"
        for _ in range(25):  # 50 requests on one connection
            for request in (post, probe):
                answer, records = client.exchange(request)
                assert _parse(answer)[0] == 200
                assert records == 1
        assert served.server.tcp_nodelay()
        assert all(served.server.tcp_nodelay())
    finally:
        client.close()


# --- deadlines ---------------------------------------------------------------------------------


def test_go_durations() -> None:
    assert parse_duration("10s") == 10
    assert parse_duration("1m30s") == 90
    assert parse_duration("1.5h") == 5400
    assert parse_duration("250ms") == pytest.approx(0.25)
    assert parse_duration("+2s500ms") == pytest.approx(2.5)
    assert parse_duration("90\u00b5s") == pytest.approx(9e-5)
    for bad in ("", "10", "s", "-1s", "0s", "1d", "1.s2", "10 s"):
        assert not isinstance(parse_duration(bad), float), bad
    assert work_budget(10) == 9.5
    assert work_budget(0.6) == 0.3  # at least half


def test_a_trickling_client_is_dropped_at_the_header_deadline_while_another_is_served(
    certs: Certificates,
) -> None:
    limits = Limits(header_timeout=0.5)
    with running(certs, tuning=Tuning(limits=limits, shutdown_delay=0)) as server:
        context = client_context(certs)
        request = b"GET /livez HTTP/1.1\r\nHost: webhook\r\n\r\n"
        with (
            socket.create_connection(server.address, timeout=WAIT) as plain,
            context.wrap_socket(plain, server_hostname="127.0.0.1") as slow,
        ):
            # One byte every 0.1 s: the head would take 4 s, eight times the deadline.
            received, sent = b"", 0
            for byte in request:
                try:
                    slow.sendall(bytes([byte]))
                except OSError:
                    break
                sent += 1
                if sent == 2:  # meanwhile, another client is served
                    assert call(server, certs, "GET", "/livez") == (200, {"status": "ok"})
                if select.select([slow], [], [], 0.1)[0]:
                    with contextlib.suppress(OSError):
                        received = slow.recv(65536)
                    break
        assert sent < len(request)  # dropped before the head was complete
        assert received == b""  # without an answer


def test_a_body_that_does_not_arrive_in_time_gets_a_json_408(certs: Certificates) -> None:
    limits = Limits(body_timeout=0.5)
    with running(certs, tuning=Tuning(limits=limits, shutdown_delay=0)) as server:
        status, headers, body = raw(server, certs, HEAD + b"Content-Length: 10\r\n\r\n{")
    assert (status, headers["connection"]) == (408, "close")
    assert json.loads(body) == {"error": "request body not received within 0.5 s"}


class Hold:
    """Holds reviews in the pool until released (a slow lint, without a slow object)."""

    def __init__(self, real: Callable[..., dict[str, Any]]) -> None:
        self.real = real
        self.engaged = False
        self.release = threading.Event()
        self.entered = threading.Semaphore(0)

    def review(self, request: Any, *, settings: Settings | None = None) -> dict[str, Any]:
        if self.engaged:
            self.entered.release()
            self.release.wait(WAIT)
        return self.real(request, settings=settings)

    def wait_entered(self) -> None:
        assert self.entered.acquire(timeout=WAIT), "no review reached the pool"


@pytest.fixture
def hold(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hold]:
    held = Hold(admission.review)
    monkeypatch.setattr(admission, "review", held.review)
    try:
        yield held
    finally:
        held.release.set()


class Background:
    """A request in a thread of its own; its answer (or error) when it ends."""

    def __init__(self, function: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function,), daemon=True)
        self._thread.start()

    def _run(self, function: Callable[[], Any]) -> None:
        try:
            self.result = function()
        except BaseException as problem:
            self.error = problem

    def join(self) -> Any:
        self._thread.join(WAIT)
        assert not self._thread.is_alive()
        if self.error is not None:
            raise self.error
        return self.result


def test_a_review_past_its_timeout_is_denied_and_the_probes_stay_fast(
    certs: Certificates, hold: Hold
) -> None:
    with running(certs, tuning=Tuning(max_concurrency=1, shutdown_delay=0)) as server:
        hold.engaged = True
        body = admission_review(valid_tag_object(), uid="first")
        first = Background(lambda: call(server, certs, "POST", "/validate?timeout=30s", body))
        hold.wait_entered()  # the only worker is busy with it
        # Queued behind it, a review with a 1 s timeout gets its answer after 0.5 s.
        queued = admission_review(valid_tag_object(), uid="queued")
        assert call(server, certs, "POST", "/validate?timeout=1s", queued) == (
            200,
            response(
                uid="queued",
                allowed=False,
                status={
                    "code": 504,
                    "reason": "Timeout",
                    "message": "imagetag-lint did not finish checking the object within 0.5s;"
                    " not admitted (the webhook is busy or the object is very large)",
                },
            ),
        )
        assert call(server, certs, "GET", "/livez") == (200, {"status": "ok"})
        assert call(server, certs, "GET", "/readyz") == (200, {"status": "ready"})
        hold.release.set()
        assert first.join() == (200, response(uid="first", allowed=True))
        line = server.wait_for_line('uid="queued"')
        assert " verdict=timeout on_timeout=deny " in line


def test_on_timeout_allow_admits_with_a_warning(certs: Certificates, hold: Hold) -> None:
    tuning = Tuning(max_concurrency=1, on_timeout="allow", shutdown_delay=0)
    with running(certs, tuning=tuning) as server:
        hold.engaged = True
        body = admission_review(valid_tag_object(generation="x"), uid="slow")
        assert call(server, certs, "POST", "/validate?timeout=1s", body) == (
            200,
            response(
                uid="slow",
                allowed=True,
                warnings=["not checked by imagetag-lint: the check did not finish within 0.5s"],
            ),
        )
        hold.release.set()


# --- readiness and shutdown ------------------------------------------------------------------


def test_not_ready_until_the_warm_up_is_done(certs: Certificates, hold: Hold) -> None:
    hold.engaged = True
    with running(certs, ready=False) as server:
        hold.wait_entered()  # the warm-up review
        assert call(server, certs, "GET", "/readyz") == (503, {"error": "not ready: starting"})
        assert call(server, certs, "GET", "/livez") == (200, {"status": "ok"})
        hold.release.set()
        assert server.server.wait_ready(WAIT)
        assert call(server, certs, "GET", "/readyz") == (200, {"status": "ready"})


@pytest.mark.slow
def test_readyz_is_503_while_draining_and_the_drain_exits_0(certs: Certificates) -> None:
    with running(certs, tuning=Tuning(shutdown_delay=3, drain_timeout=10)) as server:
        kept = connect(server, certs)
        kept.request("GET", "/livez")
        assert kept.getresponse().read() == b'{"status":"ok"}'
        server.server.request_stop("test")
        server.wait_for_line("event=draining")
        # During the shutdown delay requests are still answered, and connections closed after.
        kept.request("GET", "/readyz")
        answer = kept.getresponse()
        assert (answer.status, answer.getheader("Connection")) == (503, "close")
        assert json.loads(answer.read()) == {"error": "not ready: draining"}
        kept.close()
        assert call(server, certs, "GET", "/livez") == (200, {"status": "ok"})
        assert server.server.join(WAIT) == 0
        events = [line.split(" ")[1] for line in server.lines() if " event=" in line]
        assert events[-4:] == [
            "event=draining",
            "event=stopped-accepting",
            "event=drained",
            "event=stopped",
        ]


def test_a_drain_that_does_not_finish_exits_1(certs: Certificates, hold: Hold) -> None:
    tuning = Tuning(max_concurrency=1, shutdown_delay=0, drain_timeout=0.5)
    with running(certs, tuning=tuning) as server:
        hold.engaged = True
        body = admission_review(valid_tag_object())
        stuck = Background(lambda: call(server, certs, "POST", "/validate?timeout=30s", body))
        hold.wait_entered()
        server.server.request_stop("test")
        assert server.server.join(WAIT) == 1
        hold.release.set()
        assert isinstance(fails(stuck.join), OSError)  # its connection was closed unanswered
        assert 'event=drain-failed reason="not drained within 0.5s" connections=1' in (
            server.wait_for_line("event=drain-failed")
        )


def test_a_second_signal_stops_at_once_with_1(certs: Certificates) -> None:
    with running(certs, tuning=Tuning(shutdown_delay=30)) as server:
        server.server.request_stop("first")
        server.wait_for_line("event=draining")
        server.server.request_stop("second")
        assert server.server.join(WAIT) == 1
        assert 'event=drain-failed reason="a second signal"' in server.wait_for_line("drain-failed")


LIMITED = """\
import resource, runpy, sys
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, ({0}, hard))
sys.argv[0] = "imagetag-lint"
runpy.run_module("imagetag_lint", run_name="__main__")
"""


@dataclass
class Process:
    """``imagetag-lint serve`` in a process of its own, its log lines read by a thread."""

    popen: subprocess.Popen[str]
    lines: queue.Queue[str]
    reader: threading.Thread

    @classmethod
    def start(cls, args: list[str], cwd: Path | None = None, max_files: int = 0) -> Process:
        """The server; with ``max_files``, under that limit of open file descriptors."""
        command = [sys.executable, "-m", "imagetag_lint", "serve", *args]
        if max_files:
            command[1:3] = ["-c", LIMITED.format(max_files)]
        popen = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=cwd)
        lines: queue.Queue[str] = queue.Queue()

        def read() -> None:
            assert popen.stderr is not None
            for line in popen.stderr:
                lines.put(line.rstrip("\n"))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        return cls(popen, lines, reader)

    def end(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait(WAIT)
        self.reader.join(WAIT)  # it reads to the end of the output before it is closed
        if self.popen.stderr is not None:
            self.popen.stderr.close()


def _next_line(lines: queue.Queue[str], fragment: str, seen: list[str]) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if fragment in line:
            return line
    raise AssertionError(f"no line with {fragment!r} in {seen}")


def _port_of(serving_line: str) -> int:
    return int(serving_line.split("url=https://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])


@pytest.mark.slow
def test_sigterm_during_a_slow_request_still_delivers_its_answer(certs: Certificates) -> None:
    args = ["--cert", certs.cert, "--key", certs.key, "--host", "127.0.0.1", "--port", "0",
            "--shutdown-delay", "0", "--isolated"]  # fmt: skip
    process = Process.start(args)
    lines, seen = process.lines, []
    try:
        port = _port_of(_next_line(lines, "event=serving", seen))
        _next_line(lines, "event=ready", seen)
        body = admission_review(valid_tag_object())
        head = (
            b"POST /validate?timeout=30s HTTP/1.1\r\nHost: webhook\r\n"
            b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
            b"Content-Length: %d\r\n\r\n"
        ) % len(body)
        context = client_context(certs)
        with (
            socket.create_connection(("127.0.0.1", port), timeout=WAIT) as plain,
            context.wrap_socket(plain, server_hostname="127.0.0.1") as secure,
        ):
            secure.sendall(head)
            # 100 Continue: the server has read the head and waits for the body.
            assert secure.recv(65536).startswith(b"HTTP/1.1 100 Continue\r\n")
            process.popen.send_signal(signal.SIGTERM)
            _next_line(lines, "event=stopped-accepting", seen)
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection(("127.0.0.1", port), timeout=WAIT).close()
            pieces = 10  # the body trickles in over about a second
            step = len(body) // pieces + 1
            for start in range(0, len(body), step):
                secure.sendall(body[start : start + step])
                time.sleep(0.1)
            answer = b""
            while not _complete(answer):
                chunk = secure.recv(65536)
                assert chunk, f"closed before the answer: {answer!r}"
                answer += chunk
        status, headers, payload = _parse(answer)
        assert (status, headers["connection"]) == (200, "close")
        assert json.loads(payload) == response(allowed=True)
        assert process.popen.wait(WAIT) == 0
        _next_line(lines, "event=stopped code=0", seen)
    finally:
        process.end()
    events = [line.split(" ")[1] for line in seen if " event=" in line]
    assert events == [
        "event=serving",
        "event=ready",
        "event=draining",
        "event=stopped-accepting",
        "event=drained",
        "event=stopped",
    ]
    assert any(" method=POST path=/validate status=200 " in line for line in seen)


@pytest.mark.slow
def test_out_of_file_descriptors_accept_pauses_logged_and_the_server_goes_on(
    certs: Certificates,
) -> None:
    args = ["--cert", certs.cert, "--key", certs.key, "--host", "127.0.0.1", "--port", "0",
            "--shutdown-delay", "0", "--isolated"]  # fmt: skip
    process = Process.start(args, max_files=64)
    lines, seen = process.lines, []
    flood: list[socket.socket] = []
    try:
        port = _port_of(_next_line(lines, "event=serving", seen))
        _next_line(lines, "event=ready", seen)
        kept = http.client.HTTPSConnection(
            "127.0.0.1", port, context=client_context(certs), timeout=WAIT
        )
        assert exchange(kept, "GET", "/livez") == 200
        # Connections that never start TLS: each one the server accepts holds a descriptor.
        for _ in range(100):
            flood.append(socket.create_connection(("127.0.0.1", port), timeout=WAIT))
        paused = _next_line(lines, "event=accept-paused", seen)
        assert "Too many open files" in paused
        assert exchange(kept, "GET", "/livez") == 200  # the loop goes on serving
        kept.close()
        for sock in flood:
            sock.close()
        flood.clear()
        process.popen.send_signal(signal.SIGTERM)
        assert process.popen.wait(WAIT) == 0
    finally:
        for sock in flood:
            sock.close()
        process.end()
    while not lines.empty():
        seen.append(lines.get())
    # One line when accepting stops, not one per failed accept() (the backlog is 1024).
    assert 1 <= sum("event=accept-paused" in line for line in seen) < 10


# --- certificates -----------------------------------------------------------------------------


def _served_certificate(address: tuple[str, int], certs: Certificates) -> bytes:
    context = client_context(certs)
    with (
        socket.create_connection(address, timeout=WAIT) as plain,
        context.wrap_socket(plain, server_hostname=address[0]) as secure,
    ):
        served = secure.getpeercert(binary_form=True)
    assert served is not None
    return served


def _der(pem_file: str) -> bytes:
    return ssl.PEM_cert_to_DER_cert(Path(pem_file).read_text(encoding="ascii"))


def test_overwritten_certificate_files_are_served_to_new_connections(
    certs: Certificates, tmp_path: Path
) -> None:
    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    shutil.copyfile(certs.cert, cert)
    shutil.copyfile(certs.key, key)
    tuning = Tuning(reload_interval=0.05, shutdown_delay=0)
    with running(certs, tuning=tuning, cert=str(cert), key=str(key), metrics_port=0) as server:
        assert _served_certificate(server.address, certs) == _der(certs.cert)
        kept = connect(server, certs)
        kept.request("GET", "/livez")
        kept.getresponse().read()
        # Rotated in place, as cert-manager and the service-CA operator do.
        shutil.copyfile(certs.other_key, key)
        shutil.copyfile(certs.other_cert, cert)
        line = server.wait_for_line("event=reloaded")
        assert f'certificate="{cert} (expires ' in line
        assert _served_certificate(server.address, certs) == _der(certs.other_cert)
        kept.request("GET", "/livez")  # an open connection goes on as it was
        assert kept.getresponse().status == 200
        kept.close()
        expiry = _metrics(server)["imagetag_lint_webhook_certificate_expiry_timestamp_seconds"]
        rotated = certificate_not_after(Path(certs.other_cert).read_bytes())
        assert expiry.samples[0].value == rotated


def test_a_client_without_a_certificate_is_refused_under_client_ca(certs: Certificates) -> None:
    with running(certs, client_ca=certs.ca) as server:
        without = connect(server, certs)
        # The server fails the handshake: with TLS 1.3 the client learns it at its first
        # read, as an alert or as the connection closed unanswered.
        assert isinstance(fails(lambda: exchange(without, "GET", "/livez")), OSError)
        without.close()
        line = server.wait_for_line("event=handshake-failed")
        assert "remote=127.0.0.1" in line
        assert "CERTIFICATE" in line.upper()
        allowed = connect(server, certs, certs.client)
        allowed.request("GET", "/livez")
        assert allowed.getresponse().status == 200
        allowed.close()


def test_a_client_certificate_with_another_common_name_gets_403(certs: Certificates) -> None:
    tuning = Tuning(client_cns=frozenset({"apiserver"}), shutdown_delay=0)
    with running(certs, client_ca=certs.ca, tuning=tuning) as server:
        intruder = connect(server, certs, certs.intruder)
        intruder.request("POST", "/validate", admission_review(valid_tag_object()), JSON_HEADERS)
        answer = intruder.getresponse()
        assert (answer.status, answer.getheader("Connection")) == (403, "close")
        assert json.loads(answer.read()) == {"error": "client certificate not allowed"}
        intruder.close()
        apiserver = connect(server, certs, certs.client)
        apiserver.request("POST", "/validate", admission_review(valid_tag_object()), JSON_HEADERS)
        assert json.loads(apiserver.getresponse().read()) == response(allowed=True)
        apiserver.close()


# --- connections ----------------------------------------------------------------------------


def test_connections_beyond_the_cap_are_closed_at_once(certs: Certificates) -> None:
    with running(certs, tuning=Tuning(max_connections=1, shutdown_delay=0)) as server:
        first = connect(server, certs)
        first.request("GET", "/livez")
        assert first.getresponse().read() == b'{"status":"ok"}'
        second = connect(server, certs)
        assert isinstance(fails(lambda: exchange(second, "GET", "/livez")), OSError)
        second.close()
        first.close()
        line = server.wait_for_line("event=connection-refused")
        assert 'reason="too many open connections" connections=1 refused_total=1' in line


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="no IPv6 loopback on this host")
def test_serves_ipv6(certs: Certificates) -> None:
    with running(certs, host="::1") as server:
        assert server.address[0] == "::1"
        assert call(server, certs, "GET", "/livez") == (200, {"status": "ok"})
        assert "event=serving url=https://[::1]:" in server.lines()[0]
        assert " remote=::1 method=GET path=/livez status=200 " in server.wait_for_line("/livez")


def test_the_default_host_serves_ipv4_too(certs: Certificates) -> None:
    with running(certs, host="::") as server:
        port = server.address[1]
        host = "127.0.0.1"
        connection = http.client.HTTPSConnection(
            host, port, context=client_context(certs), timeout=WAIT
        )
        connection.request("GET", "/livez")
        assert connection.getresponse().status == 200
        connection.close()
        assert f" remote={host} method=GET " in server.wait_for_line("path=/livez")


# --- metrics and logs -----------------------------------------------------------------------


def _metrics(server: Running) -> Any:
    address = server.server.metrics_address
    assert address is not None
    connection = http.client.HTTPConnection(*address, timeout=WAIT)
    try:
        connection.request("GET", "/metrics")
        answer = connection.getresponse()
        assert answer.status == 200
        assert answer.getheader("Content-Type") == "text/plain; version=0.0.4; charset=utf-8"
        return parse_exposition(answer.read().decode("utf-8"))
    finally:
        connection.close()


def test_metrics_parse(served: Running, certs: Certificates) -> None:
    call(served, certs, "POST", "/validate", admission_review(valid_tag_object(generation="x")))
    call(served, certs, "GET", "/nowhere")
    families = _metrics(served)
    prefix = "imagetag_lint_webhook_"
    assert set(families) == {
        prefix + name
        for name in (
            "requests_total",
            "request_duration_seconds",
            "in_flight_requests",
            "rejected_bodies_total",
            "certificate_expiry_timestamp_seconds",
        )
    }
    requests = {
        (s.labels["path"], s.labels["code"], s.labels["verdict"])
        for s in families[prefix + "requests_total"].samples
    }
    assert {("/validate", "200", "denied"), ("other", "404", "error")} <= requests
    counts = {
        s.labels["path"]
        for s in families[prefix + "request_duration_seconds"].samples
        if s.name.endswith("_count")
    }
    assert "/validate" in counts
    expiry = families[prefix + "certificate_expiry_timestamp_seconds"].samples[0].value
    assert expiry == certificate_not_after(Path(certs.cert).read_bytes())


def test_the_probes_are_answered_on_the_metrics_port_too(served: Running) -> None:
    # With --client-ca the kubelet, which has no client certificate, probes here.
    address = served.server.metrics_address
    assert address is not None
    answers = {}
    for path in ("/livez", "/readyz", "/healthz", "/nowhere"):
        connection = http.client.HTTPConnection(*address, timeout=WAIT)
        try:
            connection.request("GET", path)
            answer = connection.getresponse()
            answers[path] = (answer.status, json.loads(answer.read()))
        finally:
            connection.close()
    assert answers == {
        "/livez": (200, {"status": "ok"}),
        "/readyz": (200, {"status": "ready"}),
        "/healthz": (200, {"status": "ok"}),
        "/nowhere": (404, {"error": "no such path; use GET /metrics, /livez, /readyz or /healthz"}),
    }


def test_an_oversized_body_is_counted(served: Running, certs: Certificates) -> None:
    def rejected() -> float:
        family = _metrics(served)["imagetag_lint_webhook_rejected_bodies_total"]
        return float(family.samples[0].value)

    before = rejected()
    raw(served, certs, HEAD + b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1))
    deadline = time.monotonic() + WAIT  # counted just after the answer is written
    while rejected() != before + 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rejected() == before + 1


def test_one_logfmt_line_per_request(served: Running, certs: Certificates) -> None:
    uid = "log-" + "x" * 100 + '"\n'
    body = admission_review(valid_tag_object(generation="x"), uid=uid)
    call(served, certs, "POST", "/validate?timeout=10s", body)
    line = served.wait_for_line('uid="log-')
    fields = line.split(" ")
    assert fields[0].startswith("ts=")
    assert fields[0].endswith("Z")
    assert fields[1:9] == [
        "remote=127.0.0.1",
        "method=POST",
        "path=/validate",
        "status=200",
        'uid="log-' + "x" * 60 + '..."',  # bounded: the newline and quote are cut off
        "kind=ImageTag",
        "operation=CREATE",
        "verdict=denied",
    ]
    assert fields[9] == "warnings=1"
    assert fields[10].startswith("duration_ms=")
    assert len(fields) == 11


def test_log_lines_stay_one_line(served: Running, certs: Certificates) -> None:
    uid = 'evil\n"uid"\x1b'
    call(served, certs, "POST", "/validate", admission_review(valid_tag_object(), uid=uid))
    line = served.wait_for_line('uid="evil')
    assert ' uid="evil\\n\\"uid\\"\\x1b" ' in line


# --- the command line and the configuration ---------------------------------------------------


def test_serve_needs_a_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.pem")
    assert main(["serve", "--cert", missing, "--key", missing, "--port", "0", "--isolated"]) == 2
    assert capsys.readouterr().err == (
        f"imagetag-lint serve: error: cannot load {missing} and {missing}:"
        " [Errno 2] No such file or directory\n"
    )


def test_serve_names_a_client_ca_it_cannot_load(
    certs: Certificates, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "ca.pem")
    args = ["serve", "--cert", certs.cert, "--key", certs.key, "--client-ca", missing, "--isolated"]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"imagetag-lint serve: error: cannot load the client CA {missing}:"
        " [Errno 2] No such file or directory\n"
    )


def test_serve_without_a_certificate_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        "imagetag-lint serve: error: --cert and --key required (on the command line or in the"
        " configuration's serve table)\n"
    )
    assert main(["serve", "--cert", "c.pem", "--key", "k.pem", "--client-cn", "apiserver"]) == 2
    assert capsys.readouterr().err == "imagetag-lint serve: error: --client-cn needs --client-ca\n"
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--port", "http"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err == (
        "imagetag-lint serve: error: argument --port: expected a port number (0 to 65535),"
        " got 'http'\n"
    )


def test_an_address_in_use_is_a_usage_error(
    certs: Certificates, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["serve", "--cert", certs.cert, "--key", certs.key, "--host", "127.0.0.1",
                "--port", str(port), "--isolated"]  # fmt: skip
        assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"imagetag-lint serve: error: cannot listen on 127.0.0.1:{port}: ")
    assert err.count("\n") == 1


@pytest.mark.slow
def test_serve_reads_the_configuration_file(certs: Certificates, tmp_path: Path) -> None:
    (tmp_path / "tls").mkdir()
    shutil.copyfile(certs.cert, tmp_path / "tls" / "tls.crt")
    shutil.copyfile(certs.key, tmp_path / "tls" / "tls.key")
    (tmp_path / ".imagetag-lint.toml").write_text(
        'ignore = ["unknown-field"]\n'
        "[serve]\n"
        'cert = "tls/tls.crt"\nkey = "tls/tls.key"\nhost = "127.0.0.1"\nport = 0\n'
        "max-concurrency = 2\nshutdown-delay = 0\n",
        encoding="utf-8",
    )
    process = Process.start([], cwd=tmp_path)
    lines, seen = process.lines, []
    try:
        serving = _next_line(lines, "event=serving", seen)
        assert " max_concurrency=2 " in serving
        _next_line(lines, "event=ready", seen)
        obj = valid_tag_object(nme="x")  # an unknown field: ITL102, ignored by the file
        connection = http.client.HTTPSConnection(
            "127.0.0.1", _port_of(serving), context=client_context(certs), timeout=WAIT
        )
        connection.request("POST", "/validate", admission_review(obj), JSON_HEADERS)
        assert json.loads(connection.getresponse().read()) == response(allowed=True)
        connection.close()
        process.popen.send_signal(signal.SIGTERM)
        assert process.popen.wait(WAIT) == 0
    finally:
        process.end()
    # The same review without the file's settings is denied.
    assert admission.review(json.loads(admission_review(obj)))["response"]["allowed"] is False


def test_linting_paths_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(valid_tag_object(generation="x"))
    path = tmp_path / "tag.json"
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) == 1
    key, value = text.index('"generation"') + 1, text.index('"x"') + 1
    assert capsys.readouterr().out == (
        f"{path}:1:{key}: warning: ITL313 {GENERATION_WARNING}\n"
        f'{path}:1:{value}: error: ITL101 spec.generation: expected integer, got string "x"\n'
    )
