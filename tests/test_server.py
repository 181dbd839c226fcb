"""The HTTPS webhook, called over TLS by a client that verifies the server's certificate."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from rules._helpers import valid_tag_object

from imagetag_lint import Settings, Severity
from imagetag_lint.cli import main
from imagetag_lint.serving.server import MAX_BODY, WebhookServer, make_server, tls_context

UID = "b3c1e7a0-0000-4000-8000-000000000042"
# ITL313: a create that sets spec.generation is warned (the server overwrites it).
GENERATION_WARNING = (
    "spec.generation: is set by the server (the image stream's generation when the tag changes):"
    " remove it from the manifest"
)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
         "-subj", "/CN=imagetag-lint-test", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture(scope="module")
def server(certificate: tuple[str, str]) -> Iterator[WebhookServer]:
    # ITL201 is demoted to a warning so that one server shows errors and warnings.
    settings = Settings(severities=MappingProxyType({"ITL201": Severity.WARNING}))
    running = make_server("127.0.0.1", 0, tls_context(*certificate), settings)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    yield running
    running.shutdown()
    running.server_close()
    thread.join(timeout=10)


def connect(server: WebhookServer, cafile: str) -> http.client.HTTPSConnection:
    context = ssl.create_default_context(cafile=cafile)
    host, port = server.server_address[:2]
    return http.client.HTTPSConnection(str(host), port, context=context, timeout=30)


def call(
    server: WebhookServer,
    cafile: str,
    method: str,
    path: str,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> tuple[int, Any]:
    connection = connect(server, cafile)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": content_type})
        answer = connection.getresponse()
        assert answer.getheader("Content-Type") == "application/json"
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def admission_review(obj: dict[str, Any], operation: str = "CREATE") -> bytes:
    review = {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {"uid": UID, "operation": operation, "object": obj},
    }
    return json.dumps(review).encode()


def response(**members: Any) -> dict[str, Any]:
    return {
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "response": {"uid": UID, **members},
    }


def test_healthz(server: WebhookServer, certificate: tuple[str, str]) -> None:
    assert call(server, certificate[0], "GET", "/healthz") == (200, {"status": "ok"})


def test_a_client_that_does_not_trust_the_certificate_is_refused(
    server: WebhookServer,
) -> None:
    host, port = server.server_address[:2]
    connection = http.client.HTTPSConnection(
        str(host), port, context=ssl.create_default_context(), timeout=30
    )
    with pytest.raises(ssl.SSLCertVerificationError):
        connection.request("GET", "/healthz")
    connection.close()


def test_a_valid_object_is_allowed(server: WebhookServer, certificate: tuple[str, str]) -> None:
    status, body = call(
        server,
        certificate[0],
        "POST",
        "/validate?timeout=10s",
        admission_review(valid_tag_object()),
    )
    assert (status, body) == (200, response(allowed=True))


def test_an_invalid_object_is_denied_with_an_aggregated_message(
    server: WebhookServer, certificate: tuple[str, str]
) -> None:
    obj = valid_tag_object(generation="3", referencPolicy={})
    status, body = call(server, certificate[0], "POST", "/validate", admission_review(obj))
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
            warnings=[GENERATION_WARNING],
        ),
    )


def test_warnings(server: WebhookServer, certificate: tuple[str, str]) -> None:
    obj = valid_tag_object(referencePolicy={"type": "local"})
    status, body = call(server, certificate[0], "POST", "/validate", admission_review(obj))
    assert (status, body) == (
        200,
        response(
            allowed=True,
            warnings=['spec.referencePolicy.type: valid values are "Source", "Local"'],
        ),
    )


def test_invalid_json_is_a_400(server: WebhookServer, certificate: tuple[str, str]) -> None:
    assert call(server, certificate[0], "POST", "/validate", b"{not json") == (
        400,
        {"error": "invalid JSON: Expecting property name enclosed in double quotes:"
                  " line 1 column 2 (char 1)"},
    )  # fmt: skip


def test_deeply_nested_json_is_a_400(server: WebhookServer, certificate: tuple[str, str]) -> None:
    body = b"[" * 200_000 + b"]" * 200_000
    assert call(server, certificate[0], "POST", "/validate", body) == (
        400,
        {"error": "invalid JSON: nested too deeply"},
    )


def test_a_malformed_review_gets_a_review_with_400(
    server: WebhookServer, certificate: tuple[str, str]
) -> None:
    status, body = call(server, certificate[0], "POST", "/validate", b'{"kind": "Pod"}')
    assert (status, body) == (
        200,
        {
            "apiVersion": "admission.k8s.io/v1",
            "kind": "AdmissionReview",
            "response": {
                "uid": "",
                "allowed": False,
                "status": {
                    "code": 400,
                    "reason": "BadRequest",
                    "message": "malformed review: expected apiVersion admission.k8s.io/v1"
                    " and kind AdmissionReview",
                },
            },
        },
    )


def test_an_oversized_body_is_refused_unread(
    server: WebhookServer, certificate: tuple[str, str]
) -> None:
    connection = connect(server, certificate[0])
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


def test_a_body_of_exactly_the_limit_is_read(
    server: WebhookServer, certificate: tuple[str, str]
) -> None:
    body = admission_review(valid_tag_object())
    padded = body + b" " * (MAX_BODY - len(body))
    assert len(padded) == MAX_BODY
    assert call(server, certificate[0], "POST", "/validate", padded) == (
        200,
        response(allowed=True),
    )


@pytest.mark.parametrize(
    ("method", "path", "content_type", "status", "error"),
    [
        ("POST", "/validate", "text/plain", 415, "Content-Type must be application/json"),
        ("POST", "/mutate", "application/json", 404, "no such path; use POST /validate"),
        ("GET", "/", "application/json", 404,
         "no such path; use GET /healthz or POST /validate"),
        ("PUT", "/validate", "application/json", 405,
         "method PUT not allowed; use POST /validate or GET /healthz"),
        ("DELETE", "/healthz", "application/json", 405,
         "method DELETE not allowed; use POST /validate or GET /healthz"),
    ],
)  # fmt: skip
def test_bad_requests_get_json_errors(
    server: WebhookServer,
    certificate: tuple[str, str],
    method: str,
    path: str,
    content_type: str,
    status: int,
    error: str,
) -> None:
    body = admission_review(valid_tag_object())
    answer = call(server, certificate[0], method, path, body, content_type)
    assert answer == (status, {"error": error})


def test_one_connection_serves_several_reviews(
    server: WebhookServer, certificate: tuple[str, str]
) -> None:
    connection = connect(server, certificate[0])
    headers = {"Content-Type": "application/json"}
    try:
        for obj, allowed in ((valid_tag_object(), True), (valid_tag_object(generation="x"), False)):
            connection.request("POST", "/validate", admission_review(obj), headers)
            answer = connection.getresponse()
            assert json.loads(answer.read())["response"]["allowed"] is allowed
    finally:
        connection.close()


def test_one_log_line_per_request(
    server: WebhookServer, certificate: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    call(
        server,
        certificate[0],
        "POST",
        "/validate",
        admission_review(valid_tag_object(generation="x")),
    )
    call(server, certificate[0], "GET", "/healthz")
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(" ", 1)[1] for line in lines] == [
        '127.0.0.1 "POST /validate" 200 uid=' + UID + " denied (1 warnings) 422: "
        'spec.generation: expected integer, got string "x"',
        '127.0.0.1 "GET /healthz" 200 ok',
    ]


@pytest.mark.slow
def test_serve_runs_until_sigterm(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    command = [sys.executable, "-m", "imagetag_lint", "serve", "--cert", cert, "--key", key,
               "--host", "127.0.0.1", "--port", "0"]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        assert " serving https://127.0.0.1:" in first
        port = int(first.rsplit(":", 1)[1].split("/", 1)[0])
        context = ssl.create_default_context(cafile=cert)
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0
    assert [line.split(" ", 1)[1] for line in rest.splitlines()] == [
        '127.0.0.1 "GET /healthz" 200 ok',
        "stopped",
    ]


def test_serve_needs_a_certificate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.pem")
    assert main(["serve", "--cert", missing, "--key", missing, "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"imagetag-lint serve: error: cannot load {missing} and {missing}:"
        " [Errno 2] No such file or directory\n"
    )


def test_serve_without_options_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    assert "the following arguments are required: --cert, --key" in capsys.readouterr().err


def test_linting_paths_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(valid_tag_object(generation="x"))
    path = tmp_path / "tag.json"
    path.write_text(text, encoding="utf-8")
    assert main([str(path)]) == 1
    key, value = text.index('"generation"') + 1, text.index('"x"') + 1
    assert capsys.readouterr().out == (
        f"{path}:1:{key}: ITL313 {GENERATION_WARNING}\n"
        f'{path}:1:{value}: ITL101 spec.generation: expected integer, got string "x"\n'
    )


def test_log_lines_stay_one_line(
    server: WebhookServer, certificate: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    obj = valid_tag_object(**{"evil\nkey": 1})
    status, body = call(server, certificate[0], "POST", "/validate", admission_review(obj))
    assert status == 200
    assert body["response"]["status"]["message"] == "spec.evil\nkey: unknown field"
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(" 200 uid=" + UID + " denied 422: spec.evil\\x0akey: unknown field")


def test_serves_ipv6_when_given_an_ipv6_address(certificate: tuple[str, str]) -> None:
    try:
        running = make_server("::1", 0, tls_context(*certificate))
    except OSError as problem:  # a host without IPv6 cannot run this test
        pytest.skip(f"no IPv6 loopback: {problem}")
    try:
        assert running.socket.family == socket.AF_INET6
    finally:
        running.server_close()
