"""HTTP/1.1 for the webhook on asyncio streams: strict framing, bounded reads, deadlines, one write.

An API server with ``failurePolicy: Fail`` and a kubelet probing every few seconds are
the clients this layer is for; anything else that connects may be hostile. So every
read is bounded (``readuntil`` under the stream's limit, ``readexactly`` of a length
checked first), a request's head and body each have a whole-request deadline (a client
trickling one byte at a time gets no more time than a fast one), and a response goes
out as ONE write of head and body together: a second small write would wait for the
client's delayed ACK (about 40 ms per request).

Framing follows RFC 9112 for what such clients send: a ``Content-Length`` body, or none.
``Transfer-Encoding`` (chunked) is refused with 501 rather than parsed: no API server
sends it to a webhook, and refusing it closes the request-smuggling door that a
``Content-Length`` and ``Transfer-Encoding`` pair opens. Every error this layer makes
itself is the documented JSON ``{"error": "..."}`` (:func:`error_response`).

The server draws on three things here: :func:`serve_connection` runs one connection,
:class:`Connections` lets it close idle keep-alive connections when it drains, and
:class:`Limits` holds the bounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from email.utils import formatdate
from http import HTTPStatus
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

JSON_TYPE = "application/json"
# After an error that closes the connection, what the client still sends is read and
# dropped for a moment: closing a socket with unread input resets the connection, and
# the client could lose the answer (a 413 would turn into "connection reset").
LINGER_SECONDS = 0.5
LINGER_BYTES = 16 * 1024 * 1024
# RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before a request.
EMPTY_LINES_ALLOWED = 4
CLOSE_WAIT_SECONDS = 1.0  # for the TLS close_notify exchange; then the transport is aborted

_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_FIELD_VALUE = re.compile(rb"[\t\x20-\x7e\x80-\xff]*")  # VCHAR, obs-text, SP, HTAB
_TARGET = re.compile(rb"[\x21-\x7e]+")
_VERSION = re.compile(rb"HTTP/[0-9]\.[0-9]")
_SUPPORTED_VERSIONS = (b"HTTP/1.1", b"HTTP/1.0")
_DIGITS = re.compile(r"[0-9]+")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_NO_BODY_STATUSES = frozenset({204, 304})
# Framing is this layer's: a handler's header of these names is left out.
_FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "connection", "date"})
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_DATES: dict[int, bytes] = {}  # this second's Date header value
_STATUS_LINES = {s.value: f"HTTP/1.1 {s.value} {s.phrase}\r\n".encode() for s in HTTPStatus}


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a client may send and how long it may take: beyond, an error or a close.

    The head (request line and header fields) of a connection's first request must be
    complete ``header_timeout`` seconds after the connection starts; on a kept-alive
    connection the next request may start within ``idle_timeout``, and its head must be
    complete ``header_timeout`` seconds after its first byte. A head that misses its
    deadline closes the connection without an answer (the client is too slow or gone);
    a body that misses ``body_timeout`` (counted from the end of the head) gets 408.
    ``write_timeout`` bounds how long an answer may wait for a client that does not read.
    ``max_request_line`` counts the line without its CRLF, ``max_header_bytes`` the
    header lines with theirs.
    """

    max_body: int = 7 * 1024 * 1024
    max_request_line: int = 8 * 1024
    max_header_bytes: int = 64 * 1024
    max_headers: int = 100
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    idle_timeout: float = 60.0
    write_timeout: float = 30.0

    def __post_init__(self) -> None:
        for limit in fields(self):
            value = getattr(self, limit.name)
            if not value > 0:
                raise ValueError(f"Limits.{limit.name} must be positive, not {value!r}")


@dataclass(frozen=True, slots=True)
class Request:
    """One request as the handler sees it.

    ``path`` is the target's path as sent (not percent-decoded); in ``query`` a name
    given twice keeps its last value; ``headers`` has lower-case names, a repeated field
    joined with ", "; ``received`` is the ``time.monotonic()`` of the request's first byte.
    """

    method: str
    target: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes
    peer: str
    received: float


@dataclass(frozen=True, slots=True)
class Response:
    """What a handler answers; the HTTP layer adds the framing headers."""

    status: int
    body: bytes
    content_type: str = JSON_TYPE
    headers: Mapping[str, str] = field(default_factory=dict)
    close: bool = False


Handler = Callable[[Request], Awaitable[Response]]
ErrorHook = Callable[[Request | None, Response], None]


def json_response(
    status: int,
    payload: object,
    *,
    close: bool = False,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A JSON response that always encodes.

    Text from a client can hold a lone surrogate (``"\\ud800"`` in a uid), which UTF-8
    cannot carry: such a payload is written with ASCII escapes instead, which any JSON
    parser reads. A payload JSON cannot represent at all (NaN, a set: a bug) becomes a
    500 error, so that the client still gets an answer.
    """
    try:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError, RecursionError) as problem:
        return error_response(500, f"internal error: response not encodable as JSON: {problem}")
    try:
        body = text.encode("utf-8")
    except UnicodeEncodeError:
        body = json.dumps(payload, separators=(",", ":"), allow_nan=False).encode("ascii")
    return Response(status, body, JSON_TYPE, dict(headers or {}), close)


def error_response(
    status: int, message: str, *, close: bool = False, headers: Mapping[str, str] | None = None
) -> Response:
    """The documented error body, ``{"error": message}``, for every error status."""
    return json_response(status, {"error": message}, close=close, headers=headers)


class Connection:
    """One open connection as :class:`Connections` sees it: its peer, and whether it is idle.

    Idle means waiting for the first byte of a request (the first one or a next one on
    a kept-alive connection); from that byte until its answer is written it is busy.
    """

    __slots__ = ("_idle", "_stopping", "_task", "opened", "peer", "requests")

    def __init__(self, peer: str) -> None:
        self.peer = peer
        self.opened = time.monotonic()
        self.requests = 0  # answered on this connection so far
        self._task = asyncio.current_task()
        self._idle = False
        self._stopping = False

    @property
    def idle(self) -> bool:
        return self._idle

    def close(self) -> bool:
        """Close the connection now if it is idle; False (and nothing done) if it is busy."""
        if not self._idle or self._stopping or self._task is None:
            return False
        self._stopping = True
        self._task.cancel()  # serve_connection takes this as a quiet close
        return True


class Connections:
    """The open connections of a server, so that it can drain them.

    Pass one to :func:`serve_connection` (``connections=``) and every connection adds
    and removes itself. On shutdown, :meth:`close_idle` closes the idle connections at
    once and makes every busy one close after its current answer (``Connection:
    close``); :meth:`wait_empty` then returns when the last one is gone.
    """

    def __init__(self) -> None:
        self._open: set[Connection] = set()
        self._draining = False
        self._empty = asyncio.Event()
        self._empty.set()

    def add(self, connection: Connection) -> None:
        self._open.add(connection)
        self._empty.clear()

    def remove(self, connection: Connection) -> None:
        self._open.discard(connection)
        if not self._open:
            self._empty.set()

    @property
    def count(self) -> int:
        return len(self._open)

    @property
    def draining(self) -> bool:
        """True after :meth:`close_idle`: no connection waits for another request."""
        return self._draining

    def idle(self) -> list[Connection]:
        """The connections waiting for a request."""
        return [connection for connection in self._open if connection.idle]

    def close_idle(self) -> int:
        """Start draining: close the idle connections now, the busy ones after their answer.

        Returns how many idle connections were closed.
        """
        self._draining = True
        return sum(connection.close() for connection in list(self._open))

    async def wait_empty(self) -> None:
        """Return once no connection is open (at once if none is)."""
        await self._empty.wait()


async def serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    limits: Limits,
    on_error: ErrorHook | None = None,
    *,
    connections: Connections | None = None,
) -> None:
    """Serve HTTP/1.1 (and 1.0) requests on one connection until it closes.

    Reads a request within the deadlines, checks its framing, awaits ``handler`` and
    writes its response in one write; again while the connection is kept alive. Errors
    of this layer are answered here with :func:`error_response` and told to
    ``on_error`` after they are written: with the request when its head was read (its
    body empty if the body was not read), with None when the head could not be parsed.
    A handler that raises gets its client a 500 (told to ``on_error`` too) and the
    connection goes on. Returns when the connection is closed, by the client, by a
    deadline, by an answer that closes it, or by :meth:`Connections.close_idle`.
    Cancelled, it aborts the connection and re-raises.
    """
    connection = Connection(_peer(writer))
    if connections is not None:
        connections.add(connection)
    try:
        try:
            await _serve(reader, writer, handler, limits, on_error, connection, connections)
        except OSError:  # reset by the client, or a TLS error: nobody to answer
            pass
        except BaseException:
            writer.transport.abort()
            raise
        await _close(writer)
    finally:
        if connections is not None:
            connections.remove(connection)


async def _serve(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    limits: Limits,
    on_error: ErrorHook | None,
    connection: Connection,
    connections: Connections | None,
) -> None:
    loop = asyncio.get_running_loop()
    head_deadline = loop.time() + limits.header_timeout  # a new connection's first request
    while connections is None or not connections.draining:
        wait = limits.idle_timeout if connection.requests else limits.header_timeout
        first = await _wait_for_request(reader, connection, loop.time() + wait)
        if first is None:
            return
        received = time.monotonic()
        if connection.requests:
            head_deadline = loop.time() + limits.header_timeout
        try:
            with _Deadline(head_deadline):
                head = await _read_head(reader, first, limits)
        except (TimeoutError, asyncio.IncompleteReadError):
            return  # too slow, or gone: closed without an answer
        if isinstance(head, Response):
            await _answer_error(reader, writer, head, None, limits, on_error)
            return
        headed = Request(
            head.method, head.target, head.path, head.query, head.headers, b"",
            connection.peer, received,
        )  # fmt: skip
        request = await _read_body(reader, writer, head, headed, limits, on_error)
        if request is None:
            return
        keep = await _answer(writer, handler, request, head, limits, on_error, connections)
        connection.requests += 1
        if not keep:
            return


async def _read_body(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    head: _Head,
    request: Request,
    limits: Limits,
    on_error: ErrorHook | None,
) -> Request | None:
    """The request with its body, or None once the connection is to close (answered or not)."""
    length = _body_length(head, limits)
    if isinstance(length, Response):
        await _answer_error(reader, writer, length, request, limits, on_error)
        return None
    if not length:
        return request
    if _expects_continue(head):
        writer.write(_CONTINUE)
    try:
        with _Deadline(asyncio.get_running_loop().time() + limits.body_timeout):
            body = await reader.readexactly(length)
    except asyncio.IncompleteReadError:
        return None  # the client is gone
    except TimeoutError:
        late = error_response(
            408, f"request body not received within {limits.body_timeout:g} s", close=True
        )
        await _write(writer, _encode(late, head, close=True), limits)
        _tell(on_error, request, late)
        return None
    return replace(request, body=body)


async def _wait_for_request(
    reader: asyncio.StreamReader, connection: Connection, deadline: float
) -> bytes | None:
    """The first byte of the next request, or None when the connection is to close quietly."""
    connection._idle = True
    try:
        with _Deadline(deadline):
            return await reader.readexactly(1)
    except (TimeoutError, asyncio.IncompleteReadError):
        return None
    except asyncio.CancelledError:
        # Closed by Connections.close_idle: a quiet close, unless a shutdown cancelled too.
        if not connection._stopping or _uncancel(connection._task) > 0:
            raise
        return None
    finally:
        connection._idle = False


async def _answer(
    writer: asyncio.StreamWriter,
    handler: Handler,
    request: Request,
    head: _Head,
    limits: Limits,
    on_error: ErrorHook | None,
    connections: Connections | None,
) -> bool:
    """Write the handler's answer; True when the connection stays open for another request."""
    failed = False
    try:
        response = await handler(request)
        close = _closes(head, response, connections)
        data = _encode(response, head, close=close)
    except Exception as problem:  # a bug costs one request, not the connection
        failed = True
        response = error_response(500, f"internal error: {problem!r}"[:500])
        close = _closes(head, response, connections)
        data = _encode(response, head, close=close)
    await _write(writer, data, limits)
    if failed:
        _tell(on_error, request, response)
    return not close


async def _answer_error(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    response: Response,
    request: Request | None,
    limits: Limits,
    on_error: ErrorHook | None,
) -> None:
    """Answer an error of framing or limits, then close: the rest of the input is unframed."""
    method = request.method if request is not None else ""
    await _write(writer, _encode_for(response, method, close=True), limits)
    _tell(on_error, request, response)
    await _linger(reader, writer)


def _tell(on_error: ErrorHook | None, request: Request | None, response: Response) -> None:
    if on_error is not None:
        on_error(request, response)


async def _write(writer: asyncio.StreamWriter, data: bytes, limits: Limits) -> None:
    """One write; a client that does not read it within the write deadline is dropped."""
    writer.write(data)
    try:
        with _Deadline(asyncio.get_running_loop().time() + limits.write_timeout):
            await writer.drain()
    except TimeoutError:
        writer.transport.abort()  # what is still buffered would never be read
        raise ConnectionAbortedError("the client does not read its answers") from None


async def _linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Drop what the client still sends, for a moment, before the connection is closed.

    Over plain TCP the write side is shut first, so that a client waiting for the close
    sees it at once (and closes its side, which ends this early); TLS cannot half-close.
    """
    if writer.can_write_eof():
        writer.write_eof()
    dropped = 0
    deadline = _Deadline(asyncio.get_running_loop().time() + LINGER_SECONDS)
    with contextlib.suppress(TimeoutError, OSError), deadline:
        while dropped < LINGER_BYTES:
            chunk = await reader.read(64 * 1024)
            if not chunk:
                return
            dropped += len(chunk)


async def _close(writer: asyncio.StreamWriter) -> None:
    """Close gracefully (TLS sends close_notify), abort if that takes too long."""
    writer.close()
    try:
        with _Deadline(asyncio.get_running_loop().time() + CLOSE_WAIT_SECONDS):
            await writer.wait_closed()
    except (TimeoutError, OSError):
        writer.transport.abort()
    except BaseException:  # cancelled while closing
        writer.transport.abort()
        raise


@dataclass(frozen=True, slots=True)
class _Head:
    """A parsed request line and header fields, before the body is read."""

    method: str
    target: str
    path: str
    query: dict[str, str]
    version: bytes
    headers: dict[str, str]
    content_lengths: int  # how many Content-Length field lines there were
    hosts: int  # how many Host field lines there were


async def _read_head(
    reader: asyncio.StreamReader, first: bytes, limits: Limits
) -> _Head | Response:
    """The request line and header fields, or the error to answer (the caller sets the deadline)."""
    line = b""
    for _ in range(EMPTY_LINES_ALLOWED + 1):
        read = await _read_line(reader, first, limits.max_request_line)
        first = b""
        if read is None:
            return error_response(
                414, f"request line is longer than {limits.max_request_line} bytes", close=True
            )
        if read:
            line = read
            break
    if not line:
        return error_response(400, "malformed request line", close=True)
    start = _parse_request_line(line)
    if isinstance(start, Response):
        return start
    method, target, path, query, version = start
    fields = await _read_fields(reader, limits)
    if isinstance(fields, Response):
        return fields
    headers, lengths, hosts = fields
    if version == b"HTTP/1.1" and hosts == 0:
        return error_response(400, "missing Host header", close=True)
    if hosts > 1:
        return error_response(400, "more than one Host header", close=True)
    return _Head(method, target, path, query, version, headers, lengths, hosts)


async def _read_line(reader: asyncio.StreamReader, first: bytes, limit: int) -> bytes | None:
    """One line without its CRLF (or bare LF), or None when it is longer than ``limit``."""
    if first == b"\n":
        return b""
    try:
        raw = first + await reader.readuntil(b"\n")
    except asyncio.LimitOverrunError:  # longer than the stream's own limit
        return None
    line = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
    return None if len(line) > limit else line


def _parse_request_line(
    line: bytes,
) -> tuple[str, str, str, dict[str, str], bytes] | Response:
    """method, target, path, query and version of a request line (RFC 9112 section 3)."""
    parts = line.split(b" ")
    if len(parts) != 3:
        return error_response(400, "malformed request line", close=True)
    method, target, version = parts
    if not _TOKEN.fullmatch(method) or not _VERSION.fullmatch(version):
        return error_response(400, "malformed request line", close=True)
    if version not in _SUPPORTED_VERSIONS:
        return error_response(
            505, f"HTTP version {version.decode()} is not supported; use HTTP/1.1", close=True
        )
    if not _TARGET.fullmatch(target):
        return error_response(400, "malformed request target", close=True)
    text = target.decode("ascii")
    split = _split_target(text)
    if split is None:
        return error_response(400, "malformed request target", close=True)
    path, query = split
    return method.decode("ascii"), text, path, query, version


def _split_target(target: str) -> tuple[str, dict[str, str]] | None:
    """The path and query of an origin-form, absolute-form or asterisk-form target."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
    elif target == "*":
        path, query = target, ""
    elif target[:7].lower() == "http://" or target[:8].lower() == "https://":
        try:
            parts = urlsplit(target)
        except ValueError:
            return None
        path, query = parts.path or "/", parts.query
    else:
        return None
    return path, dict(parse_qsl(query, keep_blank_values=True))


async def _read_fields(
    reader: asyncio.StreamReader, limits: Limits
) -> tuple[dict[str, str], int, int] | Response:
    """Header fields up to the empty line (names lower-cased, repeated fields joined with ", ").

    Also how many Content-Length and Host lines there were: those must not repeat.
    """
    headers: dict[str, str] = {}
    total = count = lengths = hosts = 0
    too_large = error_response(
        431, f"request header fields are larger than {limits.max_header_bytes} bytes", close=True
    )
    while True:
        try:
            raw = await reader.readuntil(b"\n")
        except asyncio.LimitOverrunError:  # one line longer than the stream's own limit
            return too_large
        total += len(raw)
        if total > limits.max_header_bytes:
            return too_large
        line = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        if not line:
            return headers, lengths, hosts
        count += 1
        if count > limits.max_headers:
            return error_response(
                431, f"more than {limits.max_headers} request header fields", close=True
            )
        name, colon, value = line.partition(b":")
        value = value.strip(b" \t")
        # A space before the colon, a folded line (leading whitespace) and a control
        # character are all refused (RFC 9112 section 5).
        if not colon or not _TOKEN.fullmatch(name) or not _FIELD_VALUE.fullmatch(value):
            return error_response(400, "malformed header field", close=True)
        key, text = name.decode("ascii").lower(), value.decode("latin-1")
        lengths += key == "content-length"
        hosts += key == "host"
        headers[key] = f"{headers[key]}, {text}" if key in headers else text


def _body_length(head: _Head, limits: Limits) -> int | Response:
    """How many body bytes follow the head (RFC 9112 section 6.3), or the error to answer."""
    if "transfer-encoding" in head.headers:
        return error_response(
            501, "Transfer-Encoding is not supported; send Content-Length", close=True
        )
    if head.content_lengths > 1:
        return error_response(400, "more than one Content-Length header", close=True)
    value = head.headers.get("content-length")
    if value is None:
        if head.method in _BODY_METHODS:
            return error_response(411, "Content-Length is required for a request body", close=True)
        return 0
    if not _DIGITS.fullmatch(value):
        return error_response(400, "invalid Content-Length", close=True)
    digits = value.lstrip("0") or "0"
    if len(digits) > 18 or int(digits) > limits.max_body:  # 18 digits: int() stays cheap
        size = digits if len(digits) <= 18 else "more than 10^18"
        return error_response(
            413,
            f"request body of {size} bytes is larger than the limit of {limits.max_body} bytes",
            close=True,
        )
    expect = head.headers.get("expect")
    if head.version == b"HTTP/1.1" and expect is not None and expect.lower() != "100-continue":
        return error_response(417, "the only expectation supported is 100-continue", close=True)
    return int(digits)


def _expects_continue(head: _Head) -> bool:
    """An HTTP/1.1 client waiting for 100 Continue before it sends the body."""
    return head.version == b"HTTP/1.1" and head.headers.get("expect", "").lower() == "100-continue"


def _closes(head: _Head, response: Response, connections: Connections | None) -> bool:
    """Whether the connection closes after this answer (RFC 9112 section 9.3)."""
    if response.close or (connections is not None and connections.draining):
        return True
    tokens = {token.strip().lower() for token in head.headers.get("connection", "").split(",")}
    if "close" in tokens:
        return True
    return head.version == b"HTTP/1.0" and "keep-alive" not in tokens


def _encode(response: Response, head: _Head, *, close: bool) -> bytes:
    """The whole response to this request, head and body, as the bytes of one write."""
    keep_alive = not close and head.version == b"HTTP/1.0"  # a 1.0 client keeps it when told
    return _encode_for(response, head.method, close=close, keep_alive=keep_alive)


def _encode_for(response: Response, method: str, *, close: bool, keep_alive: bool = False) -> bytes:
    """The response's bytes; ValueError for a status or header that cannot be sent."""
    status = response.status
    if not 200 <= status <= 599:
        raise ValueError(f"status {status} cannot be a final response")
    parts = [
        _STATUS_LINES.get(status) or f"HTTP/1.1 {status} \r\n".encode(),
        b"Date: ",
        _http_date(),
        b"\r\n",
    ]
    body = response.body
    if status not in _NO_BODY_STATUSES:
        parts += [_field(b"Content-Type", response.content_type), b"Content-Length: "]
        parts += [str(len(body)).encode(), b"\r\n"]
    for name, value in response.headers.items():
        if name.lower() not in _FRAMING_HEADERS:
            parts.append(_field(name.encode("ascii"), value))
    if close:
        parts.append(b"Connection: close\r\n")
    elif keep_alive:
        parts.append(b"Connection: keep-alive\r\n")
    parts.append(b"\r\n")
    if method != "HEAD" and status not in _NO_BODY_STATUSES:
        parts.append(body)
    return b"".join(parts)


def _field(name: bytes, value: str) -> bytes:
    encoded = value.encode("latin-1")  # UnicodeEncodeError is a ValueError
    if not _TOKEN.fullmatch(name) or not _FIELD_VALUE.fullmatch(encoded):
        raise ValueError(f"header {name!r}: {value!r} cannot be sent")
    return b"%s: %s\r\n" % (name, encoded)


def _http_date() -> bytes:
    """The Date header's value (RFC 9110 section 6.6.1), formatted once per second."""
    now = int(time.time())
    date = _DATES.get(now)
    if date is None:
        _DATES.clear()
        date = _DATES[now] = formatdate(now, usegmt=True).encode("ascii")
    return date


def _peer(writer: asyncio.StreamWriter) -> str:
    """The client's address: an IPv4 client of a dual-stack socket shows as IPv4."""
    name = writer.get_extra_info("peername")
    if isinstance(name, tuple) and name:
        host = str(name[0])
        return host.removeprefix("::ffff:") if host.startswith("::ffff:") and "." in host else host
    return str(name) if name else "-"


class _Deadline:
    """Cancel the current task at a loop time, and turn that cancellation into TimeoutError.

    What ``asyncio.timeout`` does from Python 3.11 on, here for 3.10 too, and without
    the task that ``asyncio.wait_for`` makes per call on 3.11.
    """

    __slots__ = ("_cancelling", "_expired", "_handle", "_task", "_when")

    def __init__(self, when: float) -> None:
        self._when = when
        self._expired = False

    def __enter__(self) -> None:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a deadline needs a running task")
        self._task = task
        self._cancelling = _cancelling(task)
        self._handle = asyncio.get_running_loop().call_at(self._when, self._expire)

    def _expire(self) -> None:
        self._expired = True
        self._task.cancel()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._handle.cancel()
        # Someone else cancelling at the same moment (a shutdown) wins over the deadline.
        if (
            self._expired
            and kind is not None
            and issubclass(kind, asyncio.CancelledError)
            and _uncancel(self._task) <= self._cancelling
        ):
            raise TimeoutError from error


def _cancelling(task: asyncio.Task[object] | None) -> int:
    if sys.version_info >= (3, 11) and task is not None:
        return task.cancelling()
    return 0


def _uncancel(task: asyncio.Task[object] | None) -> int:
    """Take back one cancellation request (Python 3.11+ counts them); the requests left."""
    if sys.version_info >= (3, 11) and task is not None:
        return task.uncancel()
    return 0
