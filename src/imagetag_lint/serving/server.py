"""A ready validating admission webhook: HTTPS with the standard library only.

``imagetag-lint serve --cert FILE --key FILE [options]`` serves

- ``POST /validate``: an AdmissionReview v1 in, the answer of ``admission.review()`` out.
  The apiserver's ``?timeout=10s`` bounds the work: past it (less a margin for the
  answer's way back), ``--on-timeout`` decides (deny, the default, or allow with a
  warning), so the apiserver never waits for nothing;
- ``GET /livez`` (and ``/healthz``, kept for existing probes): 200 while the process runs;
- ``GET /readyz``: 200 once a first review has run (the warm-up), 503 while starting
  and while draining;
- ``GET /metrics`` on ``--metrics-port`` (plain HTTP, off by default): Prometheus text;
  the probes are answered there too, for a kubelet that has no client certificate.

One event loop thread (asyncio) accepts, does TLS, and reads and writes HTTP
(``http.py``): a slow client costs a connection, never a thread, and every
request has whole-request deadlines. At most 1000 connections are open (more
are closed at once), the listen backlog is 1024, and out of file descriptors
accepting pauses for a second instead of failing in a loop. Linting runs in a
bounded pool of ``--max-concurrency`` threads; requests beyond it wait in order
until their deadline, so the probes and small reviews stay fast while big
objects are checked.

SIGTERM or SIGINT drains: not ready at once, ``--shutdown-delay`` seconds for the
endpoints to be removed (requests are still served), stop accepting, close idle
keep-alive connections, answer what is in flight, exit 0. A drain that takes
over 30 seconds, or a second signal, exits 1. Changed certificate files are
loaded for new connections without a restart (``tls.py``); ``--client-ca`` asks
clients for a certificate and ``--client-cn`` names the ones allowed.

One logfmt line per request and per lifecycle step goes to standard error. Every
option can also be set in the configuration's ``serve`` table, and the linting
settings (profile, select, ignore, severity, ...) come from the configuration as
for a lint run; the command line wins.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import errno
import json
import math
import re
import signal
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..checking import gate
from ..errors import Invalid, UsageError
from ..settings import DEFAULT_SETTINGS, Settings
from . import admission, tls
from .http import (
    Connections,
    Limits,
    Request,
    Response,
    error_response,
    json_response,
    serve_connection,
)
from .metrics import CONTENT_TYPE, OTHER_PATH, Metrics

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, NoReturn

PROG = "imagetag-lint serve"
# A review carries `object` and `oldObject`, each up to the apiserver's 3 MiB, and an envelope.
MAX_BODY = 7 * 1024 * 1024
DEFAULT_HOST = "::"  # dual-stack where the system allows it, else 0.0.0.0
DEFAULT_PORT = 8443
DEFAULT_CONCURRENCY = 4
DEFAULT_SHUTDOWN_DELAY = 5.0
DRAIN_TIMEOUT = 30.0
RELOAD_INTERVAL = 10.0
# What the apiserver waits when the webhook configuration names no timeoutSeconds.
REVIEW_TIMEOUT = 10.0
# The answer still has to travel back before the apiserver gives up.
TIMEOUT_MARGIN = 0.5
MAX_CONNECTIONS = 1000
BACKLOG = 1024  # bursts of new connections must not wait for SYN retries
ACCEPT_BATCH = 64  # connections accepted per wake-up of the loop, before other work goes on
ACCEPT_RETRY = 1.0  # seconds without accepting after the process ran out of descriptors
STREAM_LIMIT = 64 * 1024  # the longest line a stream reads (request line, one header field)
LOG_VALUE = 64  # longest uid or kind written to a log line
LOG_TEXT = 256  # longest path or error message written to a log line

VALIDATE, LIVEZ, READYZ, HEALTHZ = "/validate", "/livez", "/readyz", "/healthz"
METRICS_PATH = "/metrics"
IDLE_TIMEOUT = 120.0  # seconds a kept-alive connection may wait for its next request
PROBES = (LIVEZ, READYZ, HEALTHZ)
JSON_TYPE = "application/json"
ON_TIMEOUT = ("deny", "allow")
VERDICT_NONE, VERDICT_ERROR, VERDICT_TIMEOUT = "none", "error", "timeout"

# A small review run once in the pool before /readyz says ready: it imports and
# compiles what the first real review would otherwise wait for.
WARM_UP = json.dumps(
    {
        "apiVersion": admission.API_VERSION,
        "kind": admission.KIND,
        "request": {
            "uid": "warm-up",
            "operation": "CREATE",
            "object": {
                "apiVersion": "image.openshift.io/v1",
                "kind": "ImageTag",
                "metadata": {"name": "warm-up:latest"},
                "spec": {"name": "latest"},
            },
        },
    }
).encode()


@dataclass(frozen=True)
class Tuning:
    """How the server behaves beyond where it listens: cluster defaults; tests pass small ones."""

    # Idle keep-alive connections live longer than Go's HTTP clients keep theirs (90 s, the
    # apiserver's too): a client that sends a POST on a connection the server is closing
    # does not retry it, and with failurePolicy Fail that write would be refused.
    limits: Limits = field(
        default_factory=lambda: Limits(max_body=MAX_BODY, idle_timeout=IDLE_TIMEOUT)
    )
    max_concurrency: int = DEFAULT_CONCURRENCY
    on_timeout: str = "deny"
    client_cns: frozenset[str] = frozenset()  # empty: any client certificate
    shutdown_delay: float = DEFAULT_SHUTDOWN_DELAY
    drain_timeout: float = DRAIN_TIMEOUT
    reload_interval: float = RELOAD_INTERVAL
    review_timeout: float = REVIEW_TIMEOUT  # for a request without ?timeout=
    max_connections: int = MAX_CONNECTIONS


# --- deadlines ---------------------------------------------------------------------------

_DURATION_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "\u00b5s": 1e-6,  # micro sign
    "\u03bcs": 1e-6,  # Greek mu
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_DURATION_PART = re.compile(r"(\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)")


def parse_duration(text: str) -> float | Invalid:
    """Seconds in a Go duration (``10s``, ``1m30s``, ``1.5h``, ``250ms``): ``?timeout=``'s form.

    The apiserver writes the webhook's ``timeoutSeconds`` this way; a timeout must be
    more than zero.
    """
    problem = Invalid(f"invalid timeout {text!r}: expected a duration such as 10s or 1m30s")
    rest = text.removeprefix("+")
    if not rest:
        return problem
    seconds = 0.0
    position = 0
    while position < len(rest):
        part = _DURATION_PART.match(rest, position)
        if part is None:
            return problem
        seconds += float(part.group(1)) * _DURATION_UNITS[part.group(2)]
        position = part.end()
    if not seconds > 0:
        return Invalid(f"invalid timeout {text!r}: must be more than zero")
    return seconds


def work_budget(timeout: float) -> float:
    """How long a review may take within the apiserver's timeout: a margin less, at least half."""
    return max(timeout - TIMEOUT_MARGIN, timeout / 2)


# --- logs ----------------------------------------------------------------------------------


def _escape(text: str) -> str:
    r"""``text`` for a logfmt value: ``\`` and ``"`` escaped, the unprintable as ``\x..``."""
    out = []
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return "".join(out)


def _bounded(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def quoted(text: str, limit: int = LOG_VALUE) -> str:
    """A value from a client, always quoted, escaped and cut to ``limit`` characters."""
    return f'"{_escape(_bounded(text, limit))}"'


def plain(value: object, limit: int = LOG_TEXT) -> str:
    """A value quoted only when it must be (empty, or with a space, ``=`` or ``"``), escaped."""
    text = _escape(_bounded(str(value), limit))
    if not text or any(char in text for char in ' ="'):
        return f'"{text}"'
    return text


class Log:
    """logfmt lines on a stream (standard error by default, looked up at each line)."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def line(self, fields: Sequence[tuple[str, str]]) -> None:
        """One line of already formatted ``key=value`` pairs, after the time stamp."""
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        text = " ".join([f"ts={stamp}", *(f"{key}={value}" for key, value in fields)])
        with self._lock:
            stream = self._stream if self._stream is not None else sys.stderr
            stream.write(text + "\n")
            stream.flush()

    def event(self, name: str, **values: object) -> None:
        """A lifecycle line: ``event=name`` and the values that are not None."""
        pairs = [("event", plain(name))]
        pairs += [(key, plain(value)) for key, value in values.items() if value is not None]
        self.line(pairs)


# --- one request -----------------------------------------------------------------------------


@dataclass(slots=True)
class Note:
    """What a request's log line and metrics say beyond its status."""

    verdict: str = VERDICT_NONE  # allowed, denied, error, timeout or none
    uid: str | None = None
    kind: str | None = None
    operation: str | None = None
    warnings: int | None = None
    on_timeout: str | None = None


class _Review:
    """One review's work for the pool; what it learned of the request is kept for a timeout."""

    def __init__(self, body: bytes, settings: Settings) -> None:
        self.body = body
        self.settings = settings
        self.note = Note(verdict=VERDICT_ERROR)

    def __call__(self) -> tuple[int, object]:
        """The HTTP status and the JSON payload to answer."""
        try:
            request = json.loads(self.body)
        except (ValueError, RecursionError) as problem:
            return 400, {"error": f"invalid JSON: {_reason(problem)}"}
        self.note = describe(request)
        try:
            answer = admission.review(request, settings=self.settings)
        except Exception as problem:  # a bug must cost one request, not the webhook
            return 500, {"error": f"internal error: {problem!r}"}
        response = answer.get("response", {})
        self.note.verdict = "allowed" if response.get("allowed") else "denied"
        self.note.warnings = len(response.get("warnings", ()))
        return 200, answer


def describe(review: object) -> Note:
    """The uid, kind and operation of a decoded review, as far as they are there."""
    note = Note(verdict=VERDICT_ERROR, uid="")
    request = review.get("request") if isinstance(review, dict) else None
    if not isinstance(request, dict):
        return note
    uid, operation, kind = request.get("uid"), request.get("operation"), request.get("kind")
    note.uid = uid if isinstance(uid, str) else ""
    note.operation = operation if isinstance(operation, str) else None
    if isinstance(kind, dict) and isinstance(kind.get("kind"), str):
        note.kind = kind["kind"]
    else:
        obj = request.get("object")
        if isinstance(obj, dict) and isinstance(obj.get("kind"), str):
            note.kind = obj["kind"]
    return note


def _uid_of(body: bytes) -> str:
    """The request's uid, for an answer to a review that never reached the pool."""
    try:
        uid = describe(json.loads(body)).uid
    except (ValueError, RecursionError):
        return ""
    return uid or ""


def timeout_answer(uid: str, policy: str, budget: float) -> dict[str, Any]:
    """The review to answer when the check did not finish in time, per ``--on-timeout``."""
    within = f"{budget:g}s"
    result: dict[str, Any]
    if policy == "allow":
        result = {
            "allowed": True,
            "warnings": [f"not checked by imagetag-lint: the check did not finish within {within}"],
        }
    else:
        result = {
            "allowed": False,
            "status": {
                "code": 504,
                "reason": "Timeout",
                "message": f"imagetag-lint did not finish checking the object within {within};"
                " not admitted (the webhook is busy or the object is very large)",
            },
        }
    return {
        "apiVersion": admission.API_VERSION,
        "kind": admission.KIND,
        "response": {"uid": uid, **result},
    }


def _reason(problem: Exception) -> str:
    return "nested too deeply" if isinstance(problem, RecursionError) else str(problem)


def _not_allowed(method: str, allowed: str, path: str) -> Response:
    message = f"method {method} not allowed on {path}; use {allowed}"
    return json_response(405, {"error": message}, headers={"Allow": allowed})


def _error_text(response: Response) -> str | None:
    """The ``error`` of a JSON error body, for the log line."""
    if response.status < 400 or response.content_type != JSON_TYPE:
        return None
    try:
        payload = json.loads(response.body)
    except ValueError:
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    return error if isinstance(error, str) else None


# --- the server ----------------------------------------------------------------------------


class WebhookServer:
    """The webhook on bound sockets: ``run()`` in the main thread, or ``start()`` in a thread.

    ``run()`` installs the SIGTERM and SIGINT handlers and returns the exit code;
    ``start()`` serves from a thread of its own (tests, embedding) until ``stop()``.
    """

    def __init__(
        self,
        listener: socket.socket,
        context: ssl.SSLContext,
        watcher: tls.CertificateWatcher,
        *,
        settings: Settings = DEFAULT_SETTINGS,
        tuning: Tuning | None = None,
        metrics: Metrics | None = None,
        metrics_listener: socket.socket | None = None,
        log: Log | None = None,
    ) -> None:
        self.settings = settings
        self.tuning = tuning or Tuning()
        self.metrics = metrics or Metrics()
        self.log = log or Log()
        self.refused_connections = 0  # beyond --max-connections
        self._listener = listener
        self._metrics_listener = metrics_listener
        self._context = context
        self._watcher = watcher
        self._connections = Connections()
        self._tasks: set[asyncio.Task[None]] = set()  # webhook connections, from accept() on
        self._writers: dict[asyncio.Task[None], asyncio.StreamWriter] = {}  # past the handshake
        self._metrics_tasks: set[asyncio.Task[None]] = set()
        self._acceptors: list[_Acceptor] = []
        self._pool: ThreadPoolExecutor | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._force: asyncio.Event | None = None
        self._draining = False
        self._ready = threading.Event()
        self._started = threading.Event()
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.exit_code: int | None = None
        self._address = _bound(listener)
        self._metrics_address = None if metrics_listener is None else _bound(metrics_listener)

    @property
    def address(self) -> tuple[str, int]:
        """The webhook's bound address (a port of 0 was replaced by the one picked)."""
        return self._address

    @property
    def metrics_address(self) -> tuple[str, int] | None:
        return self._metrics_address

    @property
    def ready(self) -> bool:
        return self._ready.is_set() and not self._draining

    # Running -------------------------------------------------------------------------------

    def run(self) -> int:
        """Serve in this (the main) thread until SIGTERM or SIGINT; the exit code."""
        return asyncio.run(self.serve(signals=True))

    def start(self, timeout: float = 60.0) -> WebhookServer:
        """Serve from a thread of its own; returns once the sockets accept connections."""
        self._thread = threading.Thread(target=self._serve_in_thread, name=PROG, daemon=True)
        self._thread.start()
        if not self._started.wait(timeout):
            raise RuntimeError("the webhook server did not start")
        if self._failure is not None:
            raise self._failure
        return self

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait for the warm-up (what makes /readyz answer 200)."""
        return self._ready.wait(timeout)

    def request_stop(self, reason: str = "stop requested") -> None:
        """Begin the drain, from any thread (a second call stops at once, exit code 1)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(self._on_stop, reason)

    def stop(self, timeout: float = 60.0) -> int | None:
        """Drain a server ``start()`` began, wait for it, and return its exit code."""
        self.request_stop()
        return self.join(timeout)

    def join(self, timeout: float = 60.0) -> int | None:
        """Wait for the serving thread to end; its exit code (None while it still runs)."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.exit_code

    def close(self) -> None:
        """Close the sockets of a server that never served (``serve`` closes its own)."""
        for listener in (self._listener, self._metrics_listener):
            if listener is not None:
                listener.close()

    def __enter__(self) -> WebhookServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def tcp_nodelay(self) -> list[bool]:
        """Whether TCP_NODELAY is set, for each open webhook connection (diagnostics, tests)."""
        loop = self._loop
        assert loop is not None, "the server is not serving"

        async def flags() -> list[bool]:
            sockets = [writer.get_extra_info("socket") for writer in self._writers.values()]
            return [
                bool(s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                for s in sockets
                if s is not None
            ]

        return asyncio.run_coroutine_threadsafe(flags(), loop).result(timeout=30)

    def _serve_in_thread(self) -> None:
        try:
            self.exit_code = asyncio.run(self.serve())
        except BaseException as problem:
            self._failure = problem
        finally:
            self._started.set()

    async def serve(self, *, signals: bool = False) -> int:
        """Serve until a stop is requested, drain, and return the exit code (0: drained)."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._stop, self._force = asyncio.Event(), asyncio.Event()
        loop.set_exception_handler(self._loop_problem)
        if signals:
            for number in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(number, self._on_stop, signal.Signals(number).name)
        self._pool = ThreadPoolExecutor(self.tuning.max_concurrency, thread_name_prefix="review")
        background: list[asyncio.Task[None]] = []
        try:
            self._acceptors.append(_Acceptor(self._listener, self._accepted, self.log))
            if self._metrics_listener is not None:
                self._acceptors.append(
                    _Acceptor(self._metrics_listener, self._metrics_accepted, self.log)
                )
            for acceptor in self._acceptors:
                acceptor.start()
            self._announce()
            self._started.set()
            background = [
                asyncio.create_task(self._warm_up()),
                asyncio.create_task(self._watch_certificates()),
            ]
            await self._stop.wait()
            code = await self._drain()
        finally:
            for task in background:
                task.cancel()
            for acceptor in self._acceptors:
                acceptor.stop()
            self.close()
            await self._cancel(self._tasks | self._metrics_tasks)
            self._pool.shutdown(wait=False, cancel_futures=True)
            if signals:
                for number in (signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(number)
        self.log.event("stopped", code=code)
        return code

    def _announce(self) -> None:
        host, port = self.address
        shown = f"[{host}]" if ":" in host else host
        self.log.event(
            "serving",
            url=f"https://{shown}:{port}{VALIDATE}",
            max_concurrency=self.tuning.max_concurrency,
            max_body=self.tuning.limits.max_body,
            on_timeout=self.tuning.on_timeout,
            client_auth="required" if self._context.verify_mode == ssl.CERT_REQUIRED else "none",
            certificate_expires=_utc(self._watcher.not_after),
        )
        if self.metrics_address is not None:
            host, port = self.metrics_address
            shown = f"[{host}]" if ":" in host else host
            self.log.event("metrics", url=f"http://{shown}:{port}{METRICS_PATH}")

    def _on_stop(self, reason: str) -> None:
        assert self._stop is not None
        assert self._force is not None
        if not self._stop.is_set():
            self._draining = True  # not ready from now on
            self.log.event("draining", reason=reason, delay_s=f"{self.tuning.shutdown_delay:g}")
            self._stop.set()
        elif not self._force.is_set():
            self.log.event("forced", reason=reason)
            self._force.set()

    async def _drain(self) -> int:
        """Stop accepting, close idle connections, let busy ones answer; 0 when all are done."""
        assert self._force is not None
        self._draining = True
        if await self._forced_within(self.tuning.shutdown_delay):
            return await self._give_up("a second signal")
        self._acceptors[0].stop()  # open connections go on
        closed = self._connections.close_idle()  # the busy ones close after their answer
        self.log.event(
            "stopped-accepting", idle_closed=closed, busy=self._connections.count - closed
        )
        empty = asyncio.ensure_future(self._connections.wait_empty())
        forced = asyncio.ensure_future(self._force.wait())
        try:
            await asyncio.wait(
                (empty, forced),
                timeout=self.tuning.drain_timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            empty.cancel()
            forced.cancel()
        if self._force.is_set():
            return await self._give_up("a second signal")
        if self._connections.count:
            return await self._give_up(f"not drained within {self.tuning.drain_timeout:g}s")
        self.log.event("drained")
        return 0

    async def _forced_within(self, seconds: float) -> bool:
        assert self._force is not None
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._force.wait(), seconds)
        return self._force.is_set()

    async def _give_up(self, why: str) -> int:
        self.log.event("drain-failed", reason=why, connections=self._connections.count)
        await self._cancel(self._tasks)
        return 1

    @staticmethod
    async def _cancel(tasks: set[asyncio.Task[None]]) -> None:
        tasks = set(tasks)  # they leave the sets they are in as they end
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    async def _warm_up(self) -> None:
        assert self._pool is not None
        started = time.monotonic()
        gate.expect_many()  # a server checks objects for as long as it runs
        review = _Review(WARM_UP, self.settings)
        status, _ = await asyncio.get_running_loop().run_in_executor(self._pool, review)
        if status != 200:
            self.log.event("warm-up-failed", status=status)
            return
        self._ready.set()
        self.log.event("ready", warm_up_ms=f"{(time.monotonic() - started) * 1000:.1f}")

    async def _watch_certificates(self) -> None:
        """Look at the certificate files now and then; new connections get what changed."""
        while True:
            await asyncio.sleep(self.tuning.reload_interval)
            try:
                changed = self._watcher.check()
            except Exception as problem:  # the old certificate keeps being served
                self.log.event("reload-failed", error=repr(problem))
                continue
            if changed and math.isfinite(self._watcher.not_after):
                self.metrics.set_certificate_expiry(self._watcher.not_after)

    def _loop_problem(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """What asyncio reports instead of raising (a callback that failed), as a log line."""
        problem = context.get("exception")
        self.log.event(
            "loop-error",
            message=str(context.get("message", "")),
            error=repr(problem) if problem else None,
        )

    # Connections -----------------------------------------------------------------------------

    def _accepted(self, sock: socket.socket, peer: str) -> None:
        """A new webhook connection: refused at once beyond the cap, else off to its task."""
        if len(self._tasks) >= self.tuning.max_connections:
            self.refused_connections += 1
            self.log.event(
                "connection-refused",
                remote=peer,
                reason="too many open connections",
                connections=len(self._tasks),
                refused_total=self.refused_connections,
            )
            sock.close()
            return
        task = asyncio.get_running_loop().create_task(self._connection(sock, peer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _connection(self, sock: socket.socket, peer: str) -> None:
        """One webhook connection: the TLS handshake (``--client-ca`` checked there), then HTTP."""
        timeout = self.tuning.limits.header_timeout
        opened = await _open_streams(sock, self._context, timeout)
        if isinstance(opened, Exception):
            if not isinstance(opened, _HUNG_UP):  # not a TCP probe or a scanner that left
                self.log.event("handshake-failed", remote=peer, error=str(opened) or repr(opened))
            return
        reader, writer = opened
        handler = self._handle
        cns = self.tuning.client_cns
        if cns and not tls.client_cn_allowed(writer.get_extra_info("peercert"), cns):
            handler = self._forbidden
        task = asyncio.current_task()
        assert task is not None
        self._writers[task] = writer
        try:
            await serve_connection(
                reader,
                writer,
                handler,
                self.tuning.limits,
                on_error=lambda request, response: self._http_error(peer, request, response),
                connections=self._connections,
            )
        finally:
            del self._writers[task]

    def _metrics_accepted(self, sock: socket.socket, peer: str) -> None:
        task = asyncio.get_running_loop().create_task(self._metrics_connection(sock))
        self._metrics_tasks.add(task)
        task.add_done_callback(self._metrics_tasks.discard)

    async def _metrics_connection(self, sock: socket.socket) -> None:
        opened = await _open_streams(sock, None, None)
        if not isinstance(opened, Exception):
            await serve_connection(*opened, self._metrics_page, self.tuning.limits)

    async def _metrics_page(self, request: Request) -> Response:
        # The probes are answered here too: with --client-ca the kubelet, which has no
        # client certificate, cannot reach them on the webhook port.
        if request.path != METRICS_PATH and request.path not in PROBES:
            message = f"no such path; use GET {METRICS_PATH}, {LIVEZ}, {READYZ} or {HEALTHZ}"
            return error_response(404, message)
        if request.method != "GET":
            return _not_allowed(request.method, "GET", request.path)
        if request.path in PROBES:
            return self._probe(request.path)
        return Response(200, self.metrics.render().encode(), content_type=CONTENT_TYPE)

    # Requests --------------------------------------------------------------------------------

    async def _handle(self, request: Request) -> Response:
        with self.metrics.in_flight():
            try:
                response, note = await self._route(request)
            except Exception as problem:  # a bug must cost one request, not the webhook
                response = error_response(500, f"internal error: {problem!r}")
                note = Note(verdict=VERDICT_ERROR)
        if self._draining and not response.close:
            # From the signal on, during the shutdown delay too: a kept-alive connection
            # would stay with this pod after its endpoint is gone, a new one goes elsewhere.
            response = dataclasses.replace(response, close=True)
        self._record(request.peer, request, response, note)
        return response

    async def _forbidden(self, request: Request) -> Response:
        response = error_response(403, "client certificate not allowed", close=True)
        self._record(request.peer, request, response, Note(verdict=VERDICT_ERROR))
        return response

    async def _route(self, request: Request) -> tuple[Response, Note]:
        if request.path == VALIDATE:
            if request.method != "POST":
                return _not_allowed(request.method, "POST", VALIDATE), Note(VERDICT_ERROR)
            return await self._validate(request)
        if request.path in PROBES:
            if request.method != "GET":
                return _not_allowed(request.method, "GET", request.path), Note(VERDICT_ERROR)
            return self._probe(request.path), Note(VERDICT_NONE)
        message = f"no such path; use POST {VALIDATE}, or GET {LIVEZ}, {READYZ} or {HEALTHZ}"
        return error_response(404, message), Note(VERDICT_ERROR)

    def _probe(self, path: str) -> Response:
        if path != READYZ:
            return json_response(200, {"status": "ok"})
        if self._draining:
            return error_response(503, "not ready: draining")
        if not self._ready.is_set():
            return error_response(503, "not ready: starting")
        return json_response(200, {"status": "ready"})

    async def _validate(self, request: Request) -> tuple[Response, Note]:
        content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != JSON_TYPE:
            return error_response(415, f"Content-Type must be {JSON_TYPE}"), Note(VERDICT_ERROR)
        given = request.query.get("timeout")
        timeout = self.tuning.review_timeout if given is None else parse_duration(given)
        if isinstance(timeout, Invalid):
            return error_response(400, timeout.message), Note(VERDICT_ERROR)
        budget = work_budget(timeout)
        assert self._pool is not None
        review = _Review(request.body, self.settings)
        future = asyncio.get_running_loop().run_in_executor(self._pool, review)
        try:
            left = request.received + budget - time.monotonic()
            done, _ = await asyncio.wait((future,), timeout=max(left, 0.0))
        finally:
            if not future.done():
                future.cancel()  # still queued: it never runs; running: its answer is dropped
        if not done:
            return await self._timed_out(review, budget)
        status, payload = future.result()
        return json_response(status, payload), review.note

    async def _timed_out(self, review: _Review, budget: float) -> tuple[Response, Note]:
        note = dataclasses.replace(review.note, verdict=VERDICT_TIMEOUT)
        note.on_timeout = self.tuning.on_timeout
        if note.uid is None:  # never decoded: the apiserver needs the uid back
            loop = asyncio.get_running_loop()
            with contextlib.suppress(asyncio.TimeoutError):
                note.uid = await asyncio.wait_for(
                    loop.run_in_executor(None, _uid_of, review.body), TIMEOUT_MARGIN / 2
                )
        answer = timeout_answer(note.uid or "", self.tuning.on_timeout, budget)
        return json_response(200, answer), note

    def _http_error(self, peer: str, request: Request | None, response: Response) -> None:
        """An answer the HTTP layer made itself (bad framing, limits, deadlines)."""
        if response.status == 413:
            self.metrics.body_rejected()
        self._record(peer, request, response, Note(verdict=VERDICT_ERROR))

    def _record(self, peer: str, request: Request | None, response: Response, note: Note) -> None:
        """The request's metrics and its log line."""
        seconds = time.monotonic() - request.received if request is not None else 0.0
        path = request.path if request is not None else None
        route = path if path in (VALIDATE, *PROBES) else OTHER_PATH
        self.metrics.request_done(
            path=route, code=response.status, verdict=note.verdict, seconds=seconds
        )
        fields = [("remote", plain(peer))]
        if request is not None:
            fields += [("method", plain(request.method)), ("path", plain(request.path))]
        fields.append(("status", str(response.status)))
        if note.uid is not None:
            fields.append(("uid", quoted(note.uid)))
        if note.kind is not None:
            fields.append(("kind", plain(note.kind, LOG_VALUE)))
        if note.operation is not None:
            fields.append(("operation", plain(note.operation)))
        fields.append(("verdict", note.verdict))
        if note.on_timeout is not None:
            fields.append(("on_timeout", note.on_timeout))
        if note.warnings:
            fields.append(("warnings", str(note.warnings)))
        error = _error_text(response)
        if error is not None:
            fields.append(("error", quoted(error, LOG_TEXT)))
        fields.append(("duration_ms", f"{seconds * 1000:.1f}"))
        self.log.line(fields)


def _no_delay(sock: socket.socket) -> None:
    """Answers go out at once: no waiting for the client's delayed ACK of a previous segment."""
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def _open_streams(
    sock: socket.socket, context: ssl.SSLContext | None, handshake_timeout: float | None
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | Exception:
    """Streams on an accepted socket, after the TLS handshake; the error if that failed."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=STREAM_LIMIT)
    protocol = asyncio.StreamReaderProtocol(reader)
    try:
        transport, _ = await loop.connect_accepted_socket(
            lambda: protocol, sock, ssl=context, ssl_handshake_timeout=handshake_timeout
        )
    except Exception as problem:  # a failed handshake: no certificate, a reset, too slow
        sock.close()
        return problem
    return reader, asyncio.StreamWriter(transport, protocol, reader, loop)


class _Acceptor:
    """Accepts connections on one listening socket from the event loop.

    Not asyncio's own accept loop: out of file descriptors, that one calls accept()
    again up to its backlog (1024 times here) per wake-up, logging and scheduling a
    retry for each failure. Here the first failure stops accepting for
    ``ACCEPT_RETRY`` seconds; one line says it stopped, one that it goes on.
    """

    def __init__(
        self, listener: socket.socket, on_socket: Callable[[socket.socket, str], None], log: Log
    ) -> None:
        self._listener = listener
        self._on_socket = on_socket
        self._log = log
        self._loop = asyncio.get_running_loop()
        self._retry: asyncio.TimerHandle | None = None
        self._reading = False
        self._failing_since: float | None = None

    def start(self) -> None:
        self._listener.setblocking(False)
        self._resume()

    def stop(self) -> None:
        """Accept no more and close the listening socket (the kernel refuses what comes)."""
        if self._retry is not None:
            self._retry.cancel()
            self._retry = None
        if self._reading:
            self._loop.remove_reader(self._listener.fileno())
            self._reading = False
        self._listener.close()

    def _resume(self) -> None:
        self._retry = None
        if self._listener.fileno() >= 0:
            self._loop.add_reader(self._listener.fileno(), self._accept)
            self._reading = True

    def _accept(self) -> None:
        for _ in range(ACCEPT_BATCH):
            try:
                sock, address = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue  # reset before it was accepted
            except OSError as problem:
                self._pause(problem)
                return
            if self._failing_since is not None:
                paused = time.monotonic() - self._failing_since
                self._log.event("accept-resumed", paused_s=f"{paused:.1f}")
                self._failing_since = None
            sock.setblocking(False)
            _no_delay(sock)
            self._on_socket(sock, _address_text(address))

    def _pause(self, problem: OSError) -> None:
        """Out of descriptors (or memory): wait, rather than fail accept() in a loop."""
        if self._failing_since is None:
            self._failing_since = time.monotonic()
            self._log.event(
                "accept-paused", error=problem.strerror or str(problem), retry_s=ACCEPT_RETRY
            )
        self._loop.remove_reader(self._listener.fileno())
        self._reading = False
        self._retry = self._loop.call_later(ACCEPT_RETRY, self._resume)


# A client that closed the connection before or during the handshake: nothing to report.
_HUNG_UP = (ConnectionResetError, BrokenPipeError, ssl.SSLEOFError, ssl.SSLZeroReturnError)


def _bound(listener: socket.socket) -> tuple[str, int]:
    host, port = listener.getsockname()[:2]
    return str(host), int(port)


def _address_text(address: Any) -> str:
    """A client's address as ``Request.peer`` has it (an IPv4 client of ``::`` as IPv4)."""
    if not isinstance(address, tuple) or not address:
        return "-"
    host = str(address[0])
    return host.removeprefix("::ffff:") if "." in host else host


def _utc(unix_seconds: float) -> str | None:
    if not math.isfinite(unix_seconds):
        return None  # the certificate's expiry could not be read
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(unix_seconds))


# --- sockets and set-up --------------------------------------------------------------------


_NO_IPV6 = (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL, errno.EPROTONOSUPPORT)


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket: ``::`` is dual-stack where the system allows it, else ``0.0.0.0``.

    An IPv4 or IPv6 literal binds that address; a name binds its first address.
    """
    if host == "::":
        try:
            return _listen(socket.AF_INET6, ("::", port), dual_stack=True)
        except OSError as problem:
            if problem.errno not in _NO_IPV6:
                raise
            return _listen(socket.AF_INET, ("0.0.0.0", port))
    found = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE | socket.AI_NUMERICSERV
    )
    family, _, _, _, address = found[0]
    return _listen(family, address)


def _listen(family: int, address: Any, dual_stack: bool = False) -> socket.socket:
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0 if dual_stack else 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except BaseException:
        sock.close()
        raise
    return sock


def make_server(
    host: str,
    port: int,
    *,
    cert: str,
    key: str,
    client_ca: str | None = None,
    tls_min_version: str = "1.2",
    settings: Settings = DEFAULT_SETTINGS,
    tuning: Tuning | None = None,
    metrics_port: int | None = None,
    log: IO[str] | None = None,
) -> WebhookServer:
    """A webhook server with its sockets bound, not yet serving (port 0 picks a free port).

    Raises ``UsageError`` with one clear line when the TLS files cannot be loaded or an
    address cannot be bound.
    """
    logger = Log(log)
    context = _tls_context(cert, key, client_ca, tls_min_version)
    watcher = tls.CertificateWatcher(
        context,
        cert,
        key,
        client_ca,
        on_reload=lambda detail: logger.event("reloaded", certificate=detail),
        on_error=lambda detail: logger.event("reload-failed", error=detail),
    )
    metrics = Metrics()
    if math.isfinite(watcher.not_after):
        metrics.set_certificate_expiry(watcher.not_after)
    listener = _bind(host, port)
    try:
        metrics_listener = None if metrics_port is None else _bind(host, metrics_port)
    except UsageError:
        listener.close()
        raise
    return WebhookServer(
        listener,
        context,
        watcher,
        settings=settings,
        tuning=tuning,
        metrics=metrics,
        metrics_listener=metrics_listener,
        log=logger,
    )


def _tls_context(cert: str, key: str, client_ca: str | None, version: str) -> ssl.SSLContext:
    """The server's TLS context; a file that cannot be loaded is a usage error naming it."""
    try:
        return tls.server_context(cert, key, min_version=version, client_ca=client_ca)
    except (OSError, ssl.SSLError) as problem:
        if client_ca is not None and _loads(cert, key, version):
            raise UsageError(f"cannot load the client CA {client_ca}: {problem}") from None
        raise UsageError(f"cannot load {cert} and {key}: {problem}") from None


def _loads(cert: str, key: str, version: str) -> bool:
    try:
        tls.server_context(cert, key, min_version=version)
    except (OSError, ssl.SSLError):
        return False
    return True


def _bind(host: str, port: int) -> socket.socket:
    try:
        return listen(host, port)
    except OSError as problem:
        shown = f"[{host}]" if ":" in host else host
        raise UsageError(f"cannot listen on {shown}:{port}: {problem}") from None


# --- the command line ----------------------------------------------------------------------

if TYPE_CHECKING:
    # What ``configure`` returns: the linting settings and the configuration's serve table.
    Configure = Callable[[str | None, bool], tuple[Settings, Mapping[str, Any]]]


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line, as every other start-up error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Serve a validating admission webhook over HTTPS: "
        f"POST {VALIDATE} (AdmissionReview v1), GET {LIVEZ}, {READYZ} and {HEALTHZ}.",
        epilog="Every option except --config and --isolated can also be set in the "
        "configuration's serve table ([tool.imagetag-lint.serve] in pyproject.toml, [serve] "
        "in .imagetag-lint.toml), under its own name; the linting settings (profile, select, "
        "ignore, severity, allowed-registries, kinds) come from the configuration as for a "
        "lint run. Exit codes: 0 stopped after a clean drain, 1 the drain did not finish, "
        "2 cannot start (usage, TLS files, address).",
    )
    _add_tls_options(parser)
    _add_load_options(parser)
    parser.add_argument(
        "--config", metavar="PATH", help="use this configuration file instead of discovering one"
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    return parser


def _add_tls_options(parser: argparse.ArgumentParser) -> None:
    """Where to listen and how clients are authenticated."""
    parser.add_argument("--cert", metavar="FILE", help="PEM certificate (chain); required")
    parser.add_argument("--key", metavar="FILE", help="PEM private key; required")
    parser.add_argument(
        "--host", help="address to listen on (default: '::', IPv6 and IPv4; 0.0.0.0 without IPv6)"
    )
    parser.add_argument("--port", type=_port, help=f"port (default: {DEFAULT_PORT})")
    parser.add_argument(
        "--client-ca", metavar="FILE", help="require client certificates signed by these CAs"
    )
    parser.add_argument(
        "--client-cn",
        metavar="NAME",
        action="append",
        help="allow only client certificates with this common name (repeatable)",
    )
    parser.add_argument(
        "--tls-min-version",
        choices=sorted(tls.TLS_VERSIONS),
        help="oldest TLS version accepted (default: 1.2)",
    )


def _add_load_options(parser: argparse.ArgumentParser) -> None:
    """How much work the server takes on, and how it stops."""
    parser.add_argument(
        "--max-body",
        metavar="BYTES",
        type=_positive,
        help=f"larger request bodies are refused with 413 (default: {MAX_BODY}, 7 MiB)",
    )
    parser.add_argument(
        "--max-concurrency",
        metavar="N",
        type=_positive,
        help="reviews checked at once; more wait in order until their deadline"
        f" (default: {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--shutdown-delay",
        metavar="SECONDS",
        type=_seconds,
        help="on SIGTERM, keep serving (not ready) this long before draining, for the endpoints"
        f" to be removed (default: {DEFAULT_SHUTDOWN_DELAY:g})",
    )
    parser.add_argument(
        "--metrics-port",
        metavar="PORT",
        type=_port,
        help=f"serve Prometheus metrics at http://HOST:PORT{METRICS_PATH} (default: off)",
    )
    parser.add_argument(
        "--on-timeout",
        choices=ON_TIMEOUT,
        help="a review not checked within the request's ?timeout= (less 0.5 s) is denied"
        " (default) or allowed with a warning",
    )


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port number (0 to 65535), got {text!r}")
    return int(text)


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < 1e9:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}")
    return seconds


@dataclass(frozen=True)
class ServeOptions:
    """The options of one ``serve``: the command line over the serve table over the defaults."""

    cert: str
    key: str
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    client_ca: str | None = None
    client_cn: tuple[str, ...] = ()
    tls_min_version: str = "1.2"
    max_body: int = MAX_BODY
    max_concurrency: int = DEFAULT_CONCURRENCY
    shutdown_delay: float = DEFAULT_SHUTDOWN_DELAY
    metrics_port: int | None = None
    on_timeout: str = "deny"

    @classmethod
    def resolve(cls, args: argparse.Namespace, table: Mapping[str, Any]) -> ServeOptions:
        values: dict[str, Any] = {}
        for option in dataclasses.fields(cls):
            given = getattr(args, option.name)
            configured = table.get(option.name.replace("_", "-"))
            if given is not None:
                values[option.name] = given
            elif configured is not None:
                values[option.name] = configured
        missing = [f"--{name}" for name in ("cert", "key") if name not in values]
        if missing:
            raise UsageError(
                f"{' and '.join(missing)} required (on the command line or in the"
                " configuration's serve table)"
            )
        values["client_cn"] = tuple(values.get("client_cn", ()))
        if values["client_cn"] and "client_ca" not in values:
            # Without a CA no client presents a certificate: every request would get 403.
            raise UsageError("--client-cn needs --client-ca")
        return cls(**values)

    def tuning(self) -> Tuning:
        return Tuning(
            limits=Limits(max_body=self.max_body),
            max_concurrency=self.max_concurrency,
            on_timeout=self.on_timeout,
            client_cns=frozenset(self.client_cn),
            shutdown_delay=self.shutdown_delay,
        )


def main(argv: Sequence[str] | None = None, configure: Configure | None = None) -> int:
    """Serve until SIGTERM or SIGINT: 0 after a clean drain, 1 if not, 2 if it cannot start.

    ``configure(config, isolated)`` reads the configuration (the command line hands it
    in: this layer does not read files of its own); without it only the defaults apply.
    """
    args = build_parser().parse_args(argv)
    try:
        if configure is not None:
            settings, table = configure(args.config, args.isolated)
        elif args.config:
            raise UsageError("--config is read by the imagetag-lint command")
        else:
            settings, table = DEFAULT_SETTINGS, {}
        options = ServeOptions.resolve(args, table)
        server = make_server(
            options.host,
            options.port,
            cert=options.cert,
            key=options.key,
            client_ca=options.client_ca,
            tls_min_version=options.tls_min_version,
            settings=settings,
            tuning=options.tuning(),
            metrics_port=options.metrics_port,
        )
    except UsageError as problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    return server.run()
