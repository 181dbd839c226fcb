"""The webhook's HTTP layer over plain TCP on 127.0.0.1: framing, limits, deadlines, draining.

Each test runs its own event loop with a server made by ``asyncio.start_server`` and
``serve_connection``, and talks to it with raw bytes, so that what is on the wire is
what is checked. Deadlines are small (tenths of a second) and every wait of a client
is bounded by a generous timeout: nothing here asserts how fast anything is.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from typing import Any

import pytest

from imagetag_lint.serving.http import (
    Connections,
    Handler,
    Limits,
    Request,
    Response,
    error_response,
    json_response,
    serve_connection,
)

HOST = "127.0.0.1"
WAIT = 20.0  # the most any client waits for an answer: generous, never reached when all is well
MAX_BODY = Limits().max_body


def run(scenario: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(scenario, 120))


async def echo(request: Request) -> Response:
    """What the server understood of the request, as JSON."""
    return json_response(
        200,
        {
            "method": request.method,
            "target": request.target,
            "path": request.path,
            "query": dict(request.query),
            "headers": dict(request.headers),
            "body": request.body.decode("latin-1"),
            "peer": request.peer,
        },
    )


@dataclass
class Served:
    """A running server and what it saw."""

    port: int
    connections: Connections
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)
    writes: list[bytes] = field(default_factory=list)  # every transport write, in order
    errors: list[tuple[Request | None, int, bytes]] = field(default_factory=list)
    cancelled: int = 0  # connections whose serve_connection was cancelled


@contextlib.asynccontextmanager
async def serving(
    handler: Handler = echo, limits: Limits | None = None, stream_limit: int = 2**16
) -> AsyncIterator[Served]:
    served = Served(0, Connections())

    def on_error(request: Request | None, response: Response) -> None:
        served.errors.append((request, response.status, response.body))

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        served.tasks.append(task)
        transport = writer.transport
        write = transport.write

        def counted(data: bytes | bytearray | memoryview) -> None:
            served.writes.append(bytes(data))
            write(data)

        transport.write = counted  # type: ignore[method-assign]
        try:
            await serve_connection(
                reader, writer, handler, limits or Limits(), on_error,
                connections=served.connections,
            )  # fmt: skip
        except asyncio.CancelledError:
            # serve_connection re-raises; asyncio's own callback (3.11) would log the
            # cancelled task of a connection as an error.
            served.cancelled += 1

    server = await asyncio.start_server(connected, HOST, 0, limit=stream_limit)
    served.port = server.sockets[0].getsockname()[1]
    try:
        yield served
    finally:
        server.close()
        for task in served.tasks:
            task.cancel()
        await asyncio.gather(*served.tasks, return_exceptions=True)
        await server.wait_closed()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One raw connection to the server."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Client:
        return cls(*await asyncio.open_connection(HOST, port))

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def reply(self, *, head: bool = False) -> Reply:
        raw = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), WAIT)
        status_line, *lines = raw[:-4].decode("latin-1").split("\r\n")
        version, status, _ = status_line.split(" ", 2)
        assert version == "HTTP/1.1"
        headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(": ")
            assert name.lower() not in headers, f"repeated header {name}"
            headers[name.lower()] = value
        length = 0 if head else int(headers.get("content-length", "0"))
        body = await asyncio.wait_for(self.reader.readexactly(length), WAIT)
        return Reply(int(status), headers, body)

    async def closed(self) -> bool:
        """True when the server closes the connection (without sending anything more)."""
        try:
            return await asyncio.wait_for(self.reader.read(1), WAIT) == b""
        except ConnectionResetError:
            return True

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


async def exchange(port: int, data: bytes) -> tuple[Reply, bool]:
    """Send ``data`` on a new connection: the reply, and whether the server then closed it.

    Only an answer with ``Connection: close`` is waited on for the close.
    """
    client = await Client.open(port)
    try:
        await client.send(data)
        reply = await client.reply()
        return reply, reply.headers.get("connection") == "close" and await client.closed()
    finally:
        await client.close()


def get(target: str = "/echo", *extra: str, version: str = "HTTP/1.1") -> bytes:
    lines = [f"GET {target} {version}", "Host: webhook", *extra, "", ""]
    return "\r\n".join(lines).encode()


def post(body: bytes, target: str = "/echo", *extra: str) -> bytes:
    lines = ["POST " + target + " HTTP/1.1", "Host: webhook", f"Content-Length: {len(body)}"]
    return "\r\n".join([*lines, *extra, "", ""]).encode() + body


# --- requests as the handler sees them --------------------------------------------------


def test_a_request_reaches_the_handler_as_sent() -> None:
    async def scenario() -> None:
        async with serving() as served:
            reply, _ = await exchange(
                served.port,
                get("/echo?a=1&b=&a=2", "X-Thing: one", "x-thing:two ", "Connection: close"),
            )
            assert reply.status == 200
            assert reply.headers["content-type"] == "application/json"
            assert "date" in reply.headers
            assert reply.json() == {
                "method": "GET",
                "target": "/echo?a=1&b=&a=2",
                "path": "/echo",
                "query": {"a": "2", "b": ""},
                "headers": {"host": "webhook", "x-thing": "one, two", "connection": "close"},
                "body": "",
                "peer": "127.0.0.1",
            }

    run(scenario())


release = asyncio.Event()  # for the draining test's slow handler
started = asyncio.Event()  # for the cancellation test's handler


def test_a_post_body_is_read_by_its_content_length() -> None:
    async def scenario() -> None:
        async with serving() as served:
            reply, closed = await exchange(
                served.port, post(b'{"x": 1}', "/validate?timeout=10s", "Connection: close")
            )
            assert reply.json()["body"] == '{"x": 1}'
            assert reply.json()["query"] == {"timeout": "10s"}
            assert closed

    run(scenario())


def test_the_request_knows_when_it_started() -> None:
    seen: list[float] = []

    async def handler(request: Request) -> Response:
        seen.append(request.received)
        return json_response(200, {})

    async def scenario() -> None:
        before = time.monotonic()
        async with serving(handler) as served:
            await exchange(served.port, get("/", "Connection: close"))
        assert before <= seen[0] <= time.monotonic()

    run(scenario())


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (b"\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: h\r\n\r\n", "/after-empty-lines"),
        (b"GET /bare-lf HTTP/1.1\nHost: h\n\n", "/bare-lf"),
        (b"GET http://webhook:8443/absolute?x=1 HTTP/1.1\r\nHost: h\r\n\r\n", "/absolute"),
        (b"OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n", "*"),
        (b"GET /old HTTP/1.0\r\n\r\n", "/old"),  # HTTP/1.0 needs no Host
    ],
    ids=["empty-lines-first", "bare-lf", "absolute-form", "asterisk-form", "http-1.0"],
)
def test_request_forms_that_rfc_9112_allows(data: bytes, path: str) -> None:
    async def scenario() -> None:
        async with serving() as served:
            reply, _ = await exchange(served.port, data)
            assert (reply.status, reply.json()["path"]) == (200, path)

    run(scenario())


def test_ipv6_loopback_clients_are_served() -> None:
    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await serve_connection(reader, writer, echo, Limits())

    async def scenario() -> None:
        try:
            server = await asyncio.start_server(connected, "::1", 0)
        except OSError:
            pytest.skip("no IPv6 loopback here")
        async with server:
            port = server.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection("::1", port)
            client = Client(reader, writer)
            await client.send(get("/six", "Connection: close"))
            assert (await client.reply()).json()["peer"] == "::1"
            assert await client.closed()
            await client.close()

    run(scenario())


# --- keep-alive and one write per response ------------------------------------------------


def test_one_connection_carries_many_requests_each_answered_in_one_write() -> None:
    async def scenario() -> None:
        async with serving() as served:
            client = await Client.open(served.port)
            for number in range(5):
                await client.send(post(str(number).encode()))
                reply = await client.reply()
                assert (reply.status, reply.json()["body"]) == (200, str(number))
                assert "connection" not in reply.headers
            await client.send(get())
            assert (await client.reply()).status == 200
            await client.close()
            assert len(served.tasks) == 1  # one connection served all six
            assert len(served.writes) == 6
            for write in served.writes:  # each write is a whole response: head and body
                head, _, body = write.partition(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 200 OK\r\n")
                assert f"Content-Length: {len(body)}".encode() in head.split(b"\r\n")
                json.loads(body)

    run(scenario())


def test_pipelined_requests_are_answered_in_order() -> None:
    async def scenario() -> None:
        async with serving() as served:
            client = await Client.open(served.port)
            await client.send(post(b"one") + get("/two") + post(b"three", "/three"))
            answers = [(await client.reply()).json() for _ in range(3)]
            assert [(a["path"], a["body"]) for a in answers] == [
                ("/echo", "one"), ("/two", ""), ("/three", "three"),
            ]  # fmt: skip
            await client.close()

    run(scenario())


@pytest.mark.parametrize(
    ("request_bytes", "connection_header", "stays_open"),
    [
        (get(), None, True),
        (get("/echo", "Connection: close"), "close", False),
        (get("/echo", "Connection: Keep-Alive, CLOSE"), "close", False),
        (get(version="HTTP/1.0"), "close", False),
        (get("/echo", "Connection: keep-alive", version="HTTP/1.0"), "keep-alive", True),
    ],
    ids=["1.1", "1.1-close", "1.1-close-in-a-list", "1.0", "1.0-keep-alive"],
)
def test_who_closes_the_connection(
    request_bytes: bytes, connection_header: str | None, stays_open: bool
) -> None:
    async def scenario() -> None:
        async with serving() as served:
            client = await Client.open(served.port)
            await client.send(request_bytes)
            reply = await client.reply()
            assert reply.headers.get("connection") == connection_header
            if stays_open:
                await client.send(request_bytes)
                assert (await client.reply()).status == 200
            else:
                assert await client.closed()
            await client.close()

    run(scenario())


def test_a_handler_can_close_the_connection_and_add_headers() -> None:
    async def handler(request: Request) -> Response:
        return error_response(403, "client certificate not allowed", close=True)

    async def refused(request: Request) -> Response:
        return error_response(405, "use POST", headers={"Allow": "POST", "Content-Length": "1"})

    async def scenario() -> None:
        async with serving(handler) as served:
            reply, closed = await exchange(served.port, get())
            assert (reply.status, reply.json(), closed) == (
                403, {"error": "client certificate not allowed"}, True,
            )  # fmt: skip
            assert reply.headers["connection"] == "close"
        async with serving(refused) as served:
            client = await Client.open(served.port)
            await client.send(get())
            reply = await client.reply()
            assert (reply.status, reply.headers["allow"]) == (405, "POST")
            assert reply.headers["content-length"] == str(len(reply.body))  # framing is ours
            await client.close()
            assert served.errors == []  # the handler's own answers are not the layer's errors

    run(scenario())


def test_head_gets_the_length_but_no_body() -> None:
    async def scenario() -> None:
        async with serving() as served:
            client = await Client.open(served.port)
            await client.send(b"HEAD /echo HTTP/1.1\r\nHost: h\r\n\r\n" + get("/next"))
            head = await client.reply(head=True)
            assert (head.status, head.body) == (200, b"")
            assert int(head.headers["content-length"]) > 0
            assert (await client.reply()).json()["path"] == "/next"  # nothing was in between
            await client.close()

    run(scenario())


def test_expect_100_continue_gets_its_interim_answer_before_the_body() -> None:
    async def scenario() -> None:
        async with serving() as served:
            client = await Client.open(served.port)
            body = b'{"big": true}'
            await client.send(post(b"", "/echo", "Expect: 100-continue").replace(
                b"Content-Length: 0", f"Content-Length: {len(body)}".encode()
            ))  # fmt: skip
            interim = await asyncio.wait_for(client.reader.readuntil(b"\r\n\r\n"), WAIT)
            assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
            await client.send(body)
            assert (await client.reply()).json()["body"] == body.decode()
            await client.close()

    run(scenario())


def test_a_handler_that_raises_costs_one_request_not_the_connection() -> None:
    async def handler(request: Request) -> Response:
        if request.path == "/boom":
            raise RuntimeError("boom")
        if request.path == "/bad-header":
            return json_response(200, {}, headers={"X-Injected": "a\r\nSet-Cookie: x"})
        return json_response(200, {"ok": True})

    async def scenario() -> None:
        async with serving(handler) as served:
            client = await Client.open(served.port)
            await client.send(get("/boom"))
            reply = await client.reply()
            assert (reply.status, reply.json()) == (
                500,
                {"error": "internal error: RuntimeError('boom')"},
            )
            await client.send(get("/bad-header"))
            reply = await client.reply()
            assert reply.status == 500
            assert "set-cookie" not in reply.headers
            await client.send(get("/fine"))
            assert (await client.reply()).json() == {"ok": True}
            await client.close()
            assert [(r is not None and r.path, status) for r, status, _ in served.errors] == [
                ("/boom", 500), ("/bad-header", 500),
            ]  # fmt: skip

    run(scenario())


# --- framing and limits: the exact error, then the connection closes --------------------

LONG = "x" * (8 * 1024 + 1)


def error(message: str) -> bytes:
    return json.dumps({"error": message}, separators=(",", ":")).encode()


FRAMING_ERRORS: list[tuple[str, bytes, int, str, bool]] = [
    # id, request, status, message, whether on_error gets the request (its head parsed)
    ("two-content-lengths", post(b"ab", "/v", "Content-Length: 2"), 400,
     "more than one Content-Length header", True),
    ("content-length-list", b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nab",
     400, "invalid Content-Length", True),
    ("content-length-not-digits", b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n",
     400, "invalid Content-Length", True),
    ("content-length-signed", b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: +2\r\n\r\nab",
     400, "invalid Content-Length", True),
    ("content-length-unicode-digit",
     b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: \xb2\r\n\r\nab",
     400, "invalid Content-Length", True),
    ("chunked", b"POST /v HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
     501, "Transfer-Encoding is not supported; send Content-Length", True),
    ("chunked-and-length",
     b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
     501, "Transfer-Encoding is not supported; send Content-Length", True),
    ("post-without-length", b"POST /v HTTP/1.1\r\nHost: h\r\n\r\n", 411,
     "Content-Length is required for a request body", True),
    ("body-over-the-limit",
     f"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: {MAX_BODY + 1}\r\n\r\n".encode(), 413,
     f"request body of {MAX_BODY + 1} bytes is larger than the limit of {MAX_BODY} bytes", True),
    ("body-length-absurd",
     b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: " + b"9" * 5000 + b"\r\n\r\n", 413,
     f"request body of more than 10^18 bytes is larger than the limit of {MAX_BODY} bytes",
     True),
    ("unknown-expectation", post(b"ab", "/v", "Expect: 200-ok"), 417,
     "the only expectation supported is 100-continue", True),
    ("missing-host", b"GET / HTTP/1.1\r\n\r\n", 400, "missing Host header", False),
    ("two-hosts", get("/", "Host: other"), 400, "more than one Host header", False),
    ("request-line-too-long", get("/" + LONG), 414, "request line is longer than 8192 bytes",
     False),
    ("header-fields-too-large", get("/", *[f"X-{i}: {'v' * 1000}" for i in range(70)]), 431,
     "request header fields are larger than 65536 bytes", False),
    ("too-many-header-fields", get("/", *[f"X-{i}: v" for i in range(100)]), 431,
     "more than 100 request header fields", False),
    ("http-0.9", b"GET /\r\n\r\n", 400, "malformed request line", False),
    ("two-spaces", b"GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400, "malformed request line", False),
    ("four-words", b"GET / HTTP/1.1 x\r\nHost: h\r\n\r\n", 400, "malformed request line", False),
    ("bad-method", b"G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400, "malformed request line", False),
    ("bad-version", b"GET / HTTP/1.x\r\nHost: h\r\n\r\n", 400, "malformed request line", False),
    ("lower-case-version", b"GET / http/1.1\r\nHost: h\r\n\r\n", 400, "malformed request line",
     False),
    ("too-many-empty-lines", b"\r\n" * 5 + get(), 400, "malformed request line", False),
    ("http-2", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505,
     "HTTP version HTTP/2.0 is not supported; use HTTP/1.1", False),
    ("http-1.2", b"GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505,
     "HTTP version HTTP/1.2 is not supported; use HTTP/1.1", False),
    ("relative-target", b"GET echo HTTP/1.1\r\nHost: h\r\n\r\n", 400, "malformed request target",
     False),
    ("non-ascii-target", "GET /café HTTP/1.1\r\nHost: h\r\n\r\n".encode(), 400,
     "malformed request target", False),
    ("control-in-target", b"GET /a\x7fb HTTP/1.1\r\nHost: h\r\n\r\n", 400,
     "malformed request target", False),
    ("field-without-colon", get("/", "X-Thing one"), 400, "malformed header field", False),
    ("space-before-colon", get("/", "X-Thing : one"), 400, "malformed header field", False),
    ("folded-field", get("/", "X-Thing: one", "  two"), 400, "malformed header field", False),
    ("whitespace-before-first-field", b"GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400,
     "malformed header field", False),
    ("nul-in-value", get("/", "X-Thing: a\x00b"), 400, "malformed header field", False),
    ("bare-cr-in-value", get("/", "X-Thing: a\rb"), 400, "malformed header field", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "status", "message", "with_request"),
    [case[1:] for case in FRAMING_ERRORS],
    ids=[case[0] for case in FRAMING_ERRORS],
)
def test_framing_errors_get_their_json_error_and_close(
    data: bytes, status: int, message: str, with_request: bool
) -> None:
    called: list[Request] = []

    async def handler(request: Request) -> Response:
        called.append(request)
        return json_response(200, {})

    async def scenario() -> None:
        async with serving(handler) as served:
            reply, closed = await exchange(served.port, data)
            assert (reply.status, reply.body) == (status, error(message))
            assert reply.headers["content-type"] == "application/json"
            assert reply.headers["connection"] == "close"
            assert closed
            assert called == []
            [(request, told_status, told_body)] = served.errors
            assert (told_status, told_body) == (status, reply.body)
            assert (request is not None) == with_request
            if request is not None:
                assert request.body == b""

    run(scenario())


def test_an_oversized_body_is_refused_before_it_is_sent() -> None:
    """The 413 comes back while the client still holds its body back."""

    async def scenario() -> None:
        async with serving(limits=Limits(max_body=100)) as served:
            client = await Client.open(served.port)
            await client.send(b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n")
            reply = await client.reply()
            assert (reply.status, reply.json()) == (
                413, {"error": "request body of 101 bytes is larger than the limit of 100 bytes"},
            )  # fmt: skip
            assert await client.closed()
            await client.close()

    run(scenario())


def test_lines_longer_than_the_streams_own_limit_get_the_same_errors() -> None:
    async def scenario() -> None:
        async with serving(stream_limit=1024) as served:
            reply, closed = await exchange(served.port, get("/" + "x" * 2000))
            assert (reply.status, closed) == (414, True)
            reply, closed = await exchange(served.port, get("/", "X-Big: " + "v" * 2000))
            assert (reply.status, closed) == (431, True)

    run(scenario())


def test_a_body_of_exactly_the_limit_is_accepted() -> None:
    async def handler(request: Request) -> Response:
        return json_response(200, {"length": len(request.body)})

    async def scenario() -> None:
        async with serving(handler, Limits(max_body=1000)) as served:
            reply, _ = await exchange(served.port, post(b"x" * 1000, "/v", "Connection: close"))
            assert reply.json() == {"length": 1000}

    run(scenario())


# --- deadlines ------------------------------------------------------------------------------


def test_a_trickling_client_is_dropped_at_the_header_deadline_while_others_are_served() -> None:
    request = get("/slow", "X-Padding: " + "p" * 60)  # about 30 s at one byte per 0.2 s

    async def trickle(client: Client) -> int:
        """Send one byte every 0.2 s until the server closes: how many were sent."""
        for sent, byte in enumerate(request):
            try:
                await client.send(bytes([byte]))
            except ConnectionError:
                return sent
            if client.reader.at_eof():
                return sent + 1
            with contextlib.suppress(asyncio.TimeoutError):  # not TimeoutError on 3.10
                if await asyncio.wait_for(client.reader.read(1), 0.2) == b"":
                    return sent + 1
        return len(request)

    async def scenario() -> None:
        async with serving(limits=Limits(header_timeout=0.5)) as served:
            slow = await Client.open(served.port)
            trickling = asyncio.create_task(trickle(slow))
            fast = await Client.open(served.port)
            for _ in range(3):
                await fast.send(get("/fast"))
                assert (await fast.reply()).json()["path"] == "/fast"
            sent = await asyncio.wait_for(trickling, WAIT + 40)
            assert sent < len(request)  # dropped long before its request was complete
            assert served.errors == []  # dropped without an answer
            await fast.send(get("/fast"))  # and the other one is still served
            assert (await fast.reply()).status == 200
            await slow.close()
            await fast.close()

    run(scenario())


def test_a_silent_new_connection_is_closed_at_the_header_deadline() -> None:
    async def scenario() -> None:
        async with serving(limits=Limits(header_timeout=0.3)) as served:
            client = await Client.open(served.port)
            assert await client.closed()
            await client.close()

    run(scenario())


def test_an_idle_kept_alive_connection_is_closed_quietly() -> None:
    async def scenario() -> None:
        async with serving(limits=Limits(idle_timeout=0.3)) as served:
            client = await Client.open(served.port)
            await client.send(get())
            assert (await client.reply()).status == 200
            assert await client.closed()
            await client.close()
            assert served.errors == []

    run(scenario())


def test_a_slow_body_gets_408() -> None:
    async def scenario() -> None:
        async with serving(limits=Limits(body_timeout=0.3)) as served:
            client = await Client.open(served.port)
            await client.send(b"POST /v HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
            reply = await client.reply()
            assert (reply.status, reply.json()) == (
                408, {"error": "request body not received within 0.3 s"},
            )  # fmt: skip
            assert reply.headers["connection"] == "close"
            assert await client.closed()
            await client.close()
            [(request, status, _)] = served.errors
            assert status == 408
            assert request is not None
            assert request.path == "/v"

    run(scenario())


def test_a_client_that_does_not_read_its_answers_is_dropped() -> None:
    big = b"x" * (64 * 1024 * 1024)  # more than the socket buffers hold

    async def handler(request: Request) -> Response:
        return Response(200, big, "application/octet-stream")

    async def scenario() -> None:
        async with serving(handler, Limits(write_timeout=0.3)) as served:
            client = await Client.open(served.port)
            await client.send(get())
            await asyncio.wait_for(asyncio.gather(*served.tasks), WAIT)  # ended by itself
            await client.close()

    run(scenario())


# --- draining and cancellation -----------------------------------------------------------


def test_draining_closes_idle_connections_at_once_and_busy_ones_after_their_answer() -> None:
    async def handler(request: Request) -> Response:
        if request.path == "/slow":
            await release.wait()
        return json_response(200, {"path": request.path})

    async def scenario() -> None:
        release.clear()
        async with serving(handler) as served:
            idle = await Client.open(served.port)
            await idle.send(get("/quick"))
            assert (await idle.reply()).status == 200
            busy = await Client.open(served.port)
            await busy.send(get("/slow"))
            for _ in range(200):  # until both connections are where this test wants them
                if served.connections.count == 2 and len(served.connections.idle()) == 1:
                    break
                await asyncio.sleep(0.05)
            assert served.connections.count == 2
            [waiting] = served.connections.idle()
            assert waiting.requests == 1
            assert served.connections.close_idle() == 1
            assert served.connections.draining
            assert await idle.closed()
            release.set()
            reply = await busy.reply()
            assert (reply.status, reply.headers["connection"]) == (200, "close")
            assert await busy.closed()
            await asyncio.wait_for(served.connections.wait_empty(), WAIT)
            assert served.connections.count == 0
            late = await Client.open(served.port)  # still accepted here, but never served
            assert await late.closed()
            for client in (idle, busy, late):
                await client.close()

    run(scenario())


def test_cancelling_a_connection_closes_it() -> None:
    async def handler(request: Request) -> Response:
        started.set()
        await asyncio.sleep(3600)
        return json_response(200, {})

    async def scenario() -> None:
        async with serving(handler) as served:
            client = await Client.open(served.port)
            await client.send(get())
            await asyncio.wait_for(started.wait(), WAIT)
            [task] = served.tasks
            task.cancel()
            assert await client.closed()
            await asyncio.wait_for(task, WAIT)
            assert served.cancelled == 1  # re-raised after the connection was closed
            assert served.connections.count == 0
            await client.close()

    run(scenario())


# --- responses ------------------------------------------------------------------------------


def test_a_lone_surrogate_from_a_client_is_escaped_not_fatal() -> None:
    uid = "abc\ud800def"
    response = json_response(200, {"response": {"uid": uid}})
    assert response.status == 200
    assert json.loads(response.body) == {"response": {"uid": uid}}
    assert error_response(400, f"bad uid {uid}").body == b'{"error":"bad uid abc\\ud800def"}'


def test_json_stays_utf_8_when_it_can() -> None:
    assert json_response(200, {"message": "überall µs"}).body == (
        '{"message":"überall µs"}'.encode()
    )


@pytest.mark.parametrize("payload", [{"x": float("nan")}, {"x": {1, 2}}, {(1, 2): "x"}])
def test_a_payload_json_cannot_carry_is_a_500_not_an_exception(payload: object) -> None:
    response = json_response(200, payload)
    assert response.status == 500
    assert json.loads(response.body)["error"].startswith("internal error: response not encodable")


def test_error_response_is_the_documented_json() -> None:
    response = error_response(404, "no such path", close=True, headers={"X-A": "b"})
    assert response == Response(404, b'{"error":"no such path"}', "application/json",
                                {"X-A": "b"}, close=True)  # fmt: skip


@pytest.mark.parametrize("name", ["max_body", "header_timeout", "write_timeout"])
def test_limits_must_be_positive(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        Limits(**{name: 0})
