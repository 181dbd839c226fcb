"""Webhook latency: ``validate()`` and ``review()`` in process, or the HTTPS server under load.

Two modes.

**In process** (the default): ``python bench/webhook_latency.py [--rounds N]``
compares per-object latency of ``validate()`` with plain jsonschema on the same
objects. The objects are ImageTags as ``oc get -o yaml`` returns them: metadata
with managedFields, a spec tag, a status history and the current image with its
layers. Both sides validate every object once per round, interleaved, so that
the noise of a shared machine hits both alike; the figures are per object.
Baseline: ``jsonschema.Draft202012Validator(schema).iter_errors(obj)`` with the
bundled ImageTag schema (``imagetag_lint.openshift.schemas.bundle("object")``
with a ``$ref`` to ``#/$defs/ImageTag``), all errors collected, no rules, no
findings.

**Server**: ``python bench/webhook_latency.py --server [--rounds N]
[--requests N] [--server-command CMD] [--timeout S]`` starts the webhook
(``python -m imagetag_lint serve``) on 127.0.0.1 with a self-signed certificate
made by ``openssl``, and measures ``POST /validate`` over TLS as an API server
calls it: keep-alive connections (the handshake is done before the clock starts),
with 1 client and with 32 concurrent clients, each sending ``--requests``
AdmissionReviews (UPDATE of the ImageTags above, ``object`` and ``oldObject``).
It reports p50 and p99 latency per request and throughput (requests per second of
the whole phase), next to in-process ``review()`` on the same reviews, as many
calls as one client sends, one after the other (alone, and with the JSON decoding
and encoding the server also does). Every round runs the phases in turn (each
round starting with the next one, each phase after a garbage collection and a
short pause); the figures are medians over the rounds. Before that, every answer
of the server is compared with ``review()``'s.

``--server-command`` measures another implementation the same way: a command line
with the placeholders ``{python}``, ``{cert}``, ``{key}``, ``{host}`` and
``{port}``. It must serve ``POST /validate`` over HTTPS and be ready when
``GET /readyz`` (or, where that is 404, ``GET /healthz``) answers 200. The server
runs in a temporary directory (no configuration file applies), its log goes to a
file there, and it is stopped with SIGTERM at the end (killed if it has not exited
after 60 s).

The clients are Python threads on the same machine as the server: with 32 of them
on a small machine they compete with the server for the CPU, so the figures are a
lower bound of what the server does for a cluster. Everything is bounded: a fixed
number of requests, a socket timeout, and ``--timeout`` seconds for start-up and
for each phase. The exit status is 1 when a request failed or the server did not
exit with 0 after SIGTERM (a drain that went wrong).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import shlex
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from http.client import HTTPSConnection
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

import imagetag_lint
from imagetag_lint import validate
from imagetag_lint.openshift.schemas import bundle
from imagetag_lint.serving.admission import review

HOST = "127.0.0.1"
DEFAULT_SERVER_COMMAND = (
    "{python} -m imagetag_lint serve --cert {cert} --key {key} --host {host} --port {port}"
)
CONCURRENCY = (1, 32)
VALIDATE_TARGET = "/validate?timeout=10s"  # as the API server sends it
HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


def digest(seed: str) -> str:
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def imagetag(index: int, history: int, layers: int) -> dict[str, Any]:
    """An ImageTag as the API returns it, with ``history`` status items and ``layers`` layers."""
    stream, tag = f"app{index}", f"v{index}.{history}"
    images = [digest(f"{index}-{n}") for n in range(history)]
    # The history lists the newest event first (rule ITL343 checks the order).
    created = [f"2024-05-{28 - n % 28:02d}T12:{n % 60:02d}:00Z" for n in range(history)]
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {
            "name": f"{stream}:{tag}",
            "namespace": "team-a",
            "uid": f"7f3c0d1e-0000-4000-8000-{index:012d}",
            "resourceVersion": str(40000 + index),
            "generation": history,
            "creationTimestamp": "2024-04-30T08:00:00Z",
            "labels": {"app.kubernetes.io/name": stream, "app.kubernetes.io/part-of": "shop"},
            "annotations": {"openshift.io/image.dockerRepositoryCheck": "2024-05-01T12:00:00Z"},
            "managedFields": [
                {
                    "manager": "oc",
                    "operation": "Update",
                    "apiVersion": "image.openshift.io/v1",
                    "time": "2024-04-30T08:00:00Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:spec": {"f:from": {".": {}, "f:kind": {}, "f:name": {}}}},
                }
            ],
        },
        "spec": {
            "name": tag,
            "annotations": {"description": f"release {tag}"},
            "from": {"kind": "DockerImage", "name": f"quay.io/shop/{stream}:{tag}"},
            "generation": history,
            "importPolicy": {"scheduled": True, "importMode": "Legacy"},
            "referencePolicy": {"type": "Local"},
        },
        "status": {
            "tag": tag,
            "items": [
                {
                    "created": created[n],
                    "dockerImageReference": f"quay.io/shop/{stream}@{images[n]}",
                    "image": images[n],
                    "generation": history - n,
                }
                for n in range(history)
            ],
            "conditions": [
                {
                    "type": "ImportSuccess",
                    "status": "True",
                    "generation": history,
                    "lastTransitionTime": created[0],
                    "reason": "",
                    "message": "",
                }
            ],
        },
        "image": {
            "metadata": {"name": images[0], "creationTimestamp": created[0]},
            "dockerImageReference": f"quay.io/shop/{stream}@{images[0]}",
            "dockerImageMetadataVersion": "1.0",
            "dockerImageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
            "dockerImageLayers": [
                {
                    "name": digest(f"layer-{index}-{n}"),
                    "size": 1_000_000 + 7919 * n,
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                }
                for n in range(layers)
            ],
            "dockerImageMetadata": {
                "kind": "DockerImage",
                "apiVersion": "image.openshift.io/1.0",
                "Id": images[0],
                "Architecture": "amd64",
            },
        },
    }


def corpus() -> list[dict[str, Any]]:
    shapes = [(1, 3), (3, 5), (5, 8), (10, 12), (2, 20)]  # (history items, layers)
    return [imagetag(i, *shapes[i % len(shapes)]) for i in range(20)]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_one(check: Callable[[dict[str, Any]], object], obj: dict[str, Any]) -> float:
    start = time.perf_counter()
    check(obj)
    return time.perf_counter() - start


def admission_review(obj: dict[str, Any], uid: str = "1") -> dict[str, Any]:
    """An AdmissionReview v1 request for an UPDATE of ``obj`` (to itself)."""
    request = {"uid": uid, "operation": "UPDATE", "object": obj, "oldObject": obj}
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


# --- in process: validate() next to jsonschema -------------------------------------------------


def main_in_process(rounds: int) -> None:
    objects = corpus()
    baseline_schema = {**bundle("object"), "$ref": "#/$defs/ImageTag"}
    baseline = Draft202012Validator(baseline_schema)

    def plain(obj: dict[str, Any]) -> object:
        return list(baseline.iter_errors(obj))

    def linted(obj: dict[str, Any]) -> object:
        return validate(obj, profile="object")

    def admitted(obj: dict[str, Any]) -> dict[str, Any]:
        return review(admission_review(obj))

    for obj in objects:  # warm up, and make sure the objects are valid for all
        assert plain(obj) == [], plain(obj)
        assert linted(obj) == [], linted(obj)
        assert admitted(obj)["response"]["allowed"] is True

    checks: dict[str, Callable[[dict[str, Any]], object]] = {
        "jsonschema": plain,
        "validate": linted,
        "review (UPDATE)": admitted,
    }
    times: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(rounds):
        for obj in objects:
            for name, check in checks.items():
                times[name].append(time_one(check, obj))

    print(f"{len(objects)} ImageTags x {rounds} rounds, per object (microseconds)")
    print(f"{'':24}{'p50':>10}{'p99':>10}")
    for name in checks:
        values = times[name]
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"{name:24}{p50 * 1e6:10.1f}{p99 * 1e6:10.1f}")
    for label, fraction in (("p50", 0.5), ("p99", 0.99)):
        ratio = percentile(times["validate"], fraction) / percentile(times["jsonschema"], fraction)
        print(f"ratio validate/jsonschema {label}: {ratio:.2f}x (target 0.05x)")


# --- server: POST /validate over TLS with keep-alive clients ----------------------------------


@dataclass
class Phase:
    """One timed phase: latencies in seconds, and the requests per second of the whole phase."""

    latencies: list[float] = field(default_factory=list)
    throughput: float = 0.0
    reconnects: int = 0  # keep-alive connections the server closed, reopened by the client
    errors: list[str] = field(default_factory=list)


@dataclass
class Row:
    """Per-round figures of one line of the report."""

    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    throughput: list[float] = field(default_factory=list)

    def add(self, phase: Phase) -> None:
        self.p50.append(percentile(phase.latencies, 0.5))
        self.p99.append(percentile(phase.latencies, 0.99))
        self.throughput.append(phase.throughput)


def make_certificate(directory: Path, timeout: float) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (P-256), made with the openssl command."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "2",
             "-subj", "/CN=imagetag-lint-bench", "-addext", f"subjectAltName=IP:{HOST}"],
            check=True, capture_output=True, timeout=timeout,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as problem:
        raise SystemExit(f"cannot make a certificate with openssl: {problem}") from None
    return cert, key


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    template: str, cert: Path, key: Path, port: int, directory: Path
) -> tuple[subprocess.Popen[bytes], Path]:
    """The server process (in ``directory``, its output in a log file there) and that file."""
    command = template.format(
        python=shlex.quote(sys.executable),
        cert=shlex.quote(str(cert)),
        key=shlex.quote(str(key)),
        host=HOST,
        port=port,
    )
    # The package as this script imports it, also from the temporary directory.
    source = str(Path(imagetag_lint.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (source, os.environ.get("PYTHONPATH", "")) if p
    )}  # fmt: skip
    log = directory / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            shlex.split(command), cwd=directory, env=env, stdout=output, stderr=output
        )
    return process, log


def stop_server(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then up to 60 s for a drain and exit; killed after that. The exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        return -signal.SIGKILL


def connection(context: ssl.SSLContext, port: int, timeout: float) -> HTTPSConnection:
    return HTTPSConnection(HOST, port, context=context, timeout=timeout)


def wait_ready(
    context: ssl.SSLContext, port: int, process: subprocess.Popen[bytes], log: Path, timeout: float
) -> None:
    """Until the server answers 200 on /readyz (or /healthz where /readyz is 404)."""
    deadline, path = time.monotonic() + timeout, "/readyz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}:\n{tail(log)}")
        probe = connection(context, port, 5)
        try:
            probe.request("GET", path)
            answer = probe.getresponse()
            answer.read()
            if answer.status == 200:
                return
            if answer.status == 404 and path == "/readyz":
                path = "/healthz"
                continue
        except (OSError, ssl.SSLError):
            pass  # not listening yet
        finally:
            probe.close()
        time.sleep(0.1)
    raise SystemExit(f"the server was not ready within {timeout} s:\n{tail(log)}")


def tail(log: Path, lines: int = 20) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def post(client: HTTPSConnection, body: bytes) -> tuple[int, bytes]:
    client.request("POST", VALIDATE_TARGET, body=body, headers=HEADERS)
    answer = client.getresponse()
    return answer.status, answer.read()


def check_answers(
    context: ssl.SSLContext, port: int, bodies: Sequence[bytes], timeout: float
) -> int:
    """How many answers of the server equal ``review()``'s; exits when one disagrees."""
    client = connection(context, port, timeout)
    identical = 0
    try:
        for body in bodies:
            status, data = post(client, body)
            if status != 200:
                raise SystemExit(f"the server answered {status}: {data[:500]!r}")
            expected = review(json.loads(body))
            got: Any = json.loads(data)
            response = got.get("response", {}) if isinstance(got, dict) else {}
            if [response.get("uid"), response.get("allowed")] != [
                expected["response"]["uid"], expected["response"]["allowed"],
            ]:  # fmt: skip
                raise SystemExit(f"the server disagrees with review(): {got!r:.500}")
            identical += got == expected
    finally:
        client.close()
    return identical


def client_phase(
    context: ssl.SSLContext,
    port: int,
    bodies: Sequence[bytes],
    clients: int,
    requests: int,
    timeout: float,
) -> Phase:
    """``clients`` threads, each on its own keep-alive connection, ``requests`` requests each."""
    connections = [connection(context, port, timeout) for _ in range(clients)]
    for client in connections:
        client.connect()  # the TLS handshake, before the clock starts
    start = threading.Barrier(clients + 1, timeout=timeout)
    latencies: list[list[float]] = [[] for _ in range(clients)]
    finished = [0.0] * clients
    phase = Phase()
    lock = threading.Lock()

    def work(index: int) -> None:
        client, mine = connections[index], latencies[index]
        try:
            start.wait()
            for n in range(requests):
                if client.sock is None:  # the server closed the connection after an answer
                    with lock:
                        phase.reconnects += 1
                body = bodies[(index + n) % len(bodies)]
                began = time.perf_counter()
                status, _ = post(client, body)
                mine.append(time.perf_counter() - began)
                if status != 200:
                    with lock:
                        phase.errors.append(f"status {status}")
        except Exception as problem:  # recorded and reported; the other clients go on
            with lock:
                phase.errors.append(f"{type(problem).__name__}: {problem}")
        finally:
            finished[index] = time.perf_counter()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        start.wait()
        began = time.perf_counter()
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in threads):
            raise SystemExit(f"a phase with {clients} clients took longer than {timeout} s")
    finally:
        for client in connections:
            client.close()
    phase.latencies = [value for mine in latencies for value in mine]
    if not phase.latencies:
        raise SystemExit(f"no request succeeded with {clients} clients: {phase.errors[:3]}")
    phase.throughput = len(phase.latencies) / max(max(finished) - began, 1e-9)
    return phase


def in_process_phase(call: Callable[[bytes], object], bodies: Sequence[bytes], calls: int) -> Phase:
    """``calls`` calls of ``call`` over the bodies in turn, each timed alone; calls per second."""
    phase = Phase()
    began = time.perf_counter()
    for n in range(calls):
        body = bodies[n % len(bodies)]
        start = time.perf_counter()
        call(body)
        phase.latencies.append(time.perf_counter() - start)
    phase.throughput = calls / max(time.perf_counter() - began, 1e-9)
    return phase


def main_server(args: argparse.Namespace) -> int:
    rounds: int = args.rounds or 5
    calls: int = args.requests
    objects = corpus()
    reviews = [admission_review(obj, uid=f"bench-{i}") for i, obj in enumerate(objects)]
    bodies = [json.dumps(item).encode("utf-8") for item in reviews]
    decoded = {body: json.loads(body) for body in bodies}

    def review_only(body: bytes) -> object:
        return review(decoded[body])

    def with_json(body: bytes) -> object:
        return json.dumps(review(json.loads(body))).encode("utf-8")

    rows: dict[str, Row] = {
        "in-process review()": Row(),
        "in-process JSON + review()": Row(),
        **{label(clients): Row() for clients in CONCURRENCY},
    }
    reconnects, errors = 0, list[str]()
    with tempfile.TemporaryDirectory(prefix="webhook-bench-") as name:
        directory = Path(name)
        cert, key = make_certificate(directory, args.timeout)
        context = ssl.create_default_context(cafile=str(cert))
        port = free_port()
        process, log = start_server(args.server_command, cert, key, port, directory)
        try:
            wait_ready(context, port, process, log, args.timeout)
            identical = check_answers(context, port, bodies, args.timeout)
            for body in bodies:  # warm up the in-process side as well
                review_only(body)
                with_json(body)
            client_phase(context, port, bodies, max(CONCURRENCY), 5, args.timeout)  # warm-up
            phases: list[tuple[str, Callable[[], Phase]]] = [
                ("in-process review()", partial(in_process_phase, review_only, bodies, calls)),
                ("in-process JSON + review()", partial(in_process_phase, with_json, bodies, calls)),
            ]
            for clients in CONCURRENCY:
                timed = partial(client_phase, context, port, bodies, clients, calls, args.timeout)
                phases.append((label(clients), timed))
            for round_ in range(rounds):
                # A different phase goes first in each round: none always runs on a cold cache.
                first = round_ % len(phases)
                for row_name, run in phases[first:] + phases[:first]:
                    settle()
                    phase = run()
                    rows[row_name].add(phase)
                    reconnects += phase.reconnects
                    errors += phase.errors
        finally:
            code = stop_server(process)
        server_log = tail(log, 5)

    sizes = sorted(len(body) for body in bodies)
    print(f"server: {args.server_command}")
    print(
        f"{len(bodies)} AdmissionReviews (UPDATE, {sizes[0] / 1024:.1f} to"
        f" {sizes[-1] / 1024:.1f} KiB), {args.requests} requests per client,"
        f" {rounds} round{'s' if rounds > 1 else ''}; medians over the rounds"
    )
    print(f"{'':32}{'p50 ms':>10}{'p99 ms':>10}{'req/s':>10}")
    for name, row in rows.items():
        print(
            f"{name:32}{statistics.median(row.p50) * 1e3:10.3f}"
            f"{statistics.median(row.p99) * 1e3:10.3f}{statistics.median(row.throughput):10.0f}"
        )
    print(f"answers identical to review(): {identical}/{len(bodies)}")
    print(f"keep-alive connections reopened: {reconnects}; failed requests: {len(errors)}")
    for problem in sorted(set(errors))[:5]:
        print(f"  {problem}")
    print(f"server exit code after SIGTERM: {code}")
    if code != 0:
        print(server_log)
    return 1 if errors or code != 0 else 0


def settle() -> None:
    """Before a phase: collect garbage and let the previous phase's connections wind down."""
    gc.collect()
    time.sleep(0.2)


def label(clients: int) -> str:
    return f"server, {clients} client{'s' if clients > 1 else ''}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--rounds", type=int, help="rounds (default: 200 in process, 5 with --server)"
    )
    parser.add_argument(
        "--server", action="store_true", help="measure the HTTPS server, next to review()"
    )
    parser.add_argument(
        "--server-command",
        default=DEFAULT_SERVER_COMMAND,
        metavar="CMD",
        help="the server to measure, with {python} {cert} {key} {host} {port}"
        f" (default: {DEFAULT_SERVER_COMMAND!r})",
    )
    parser.add_argument(
        "--requests", type=int, default=100, help="requests per client and phase (default: 100)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=120.0,
        help="seconds for start-up, for each phase and for each socket operation (default: 120)",
    )
    args = parser.parse_args()
    if (args.rounds is not None and args.rounds < 1) or args.requests < 1:
        parser.error("--rounds and --requests must be at least 1")
    if args.server:
        return main_server(args)
    main_in_process(args.rounds or 200)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
