"""TLS for the webhook: expiry parsing, certificate reload, client certificates.

Certificates are made with the ``openssl`` command. The reload and client tests run an
asyncio TLS server (as the webhook does) on 127.0.0.1 in a thread and connect to it
with a verifying client, so what they check is what a new connection is served.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import math
import os
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagetag_lint.serving import tls
from imagetag_lint.serving.tls import (
    TLS_VERSIONS,
    CertificateWatcher,
    certificate_not_after,
    client_cn_allowed,
    server_context,
)

TIMEOUT = 30.0  # generous: a loaded machine must never fail a test by being slow

OPENSSL_CONFIG = """\
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
[server]
basicConstraints = CA:FALSE
subjectAltName = IP:127.0.0.1
extendedKeyUsage = serverAuth
[client]
basicConstraints = CA:FALSE
extendedKeyUsage = clientAuth
"""
EC_KEY = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1")


def openssl(*arguments: str | Path) -> str:
    done = subprocess.run(
        ["openssl", *map(str, arguments)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


@dataclass(frozen=True)
class Pair:
    """A certificate and its key, as PEM files."""

    cert: Path
    key: Path

    @property
    def pem(self) -> bytes:
        return self.cert.read_bytes()

    @property
    def der(self) -> bytes:
        return ssl.PEM_cert_to_DER_cert(self.cert.read_text(encoding="ascii"))


@dataclass(frozen=True)
class Pki:
    ca: Pair
    other_ca: Pair
    server_a: Pair  # EC, 2 days
    server_b: Pair  # EC, 3 days
    server_rsa: Pair  # RSA, 4 days
    apiserver: Pair  # client, CN=apiserver
    intruder: Pair  # client, CN=intruder
    stranger: Pair  # client, CN=apiserver, signed by other_ca


class Maker:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.config = directory / "openssl.cnf"
        self.config.write_text(OPENSSL_CONFIG, encoding="ascii")
        self.serial = 0

    def ca(self, name: str) -> Pair:
        pair = Pair(self.directory / f"{name}.pem", self.directory / f"{name}.key")
        openssl(
            "req", "-x509", "-config", self.config, "-extensions", "ca", *EC_KEY, "-nodes",
            "-keyout", pair.key, "-out", pair.cert, "-days", "2", "-subj", f"/CN={name}",
        )  # fmt: skip
        return pair

    def leaf(
        self, file: str, ca: Pair, kind: str, *, days: int = 2, rsa: bool = False, name: str = ""
    ) -> Pair:
        """A certificate for ``kind`` (server, client) signed by ``ca``, named ``name or file``."""
        pair = Pair(self.directory / f"{file}.pem", self.directory / f"{file}.key")
        request = self.directory / f"{file}.csr"
        key = ("-newkey", "rsa:2048") if rsa else EC_KEY
        openssl(
            "req", "-new", "-config", self.config, *key, "-nodes",
            "-keyout", pair.key, "-out", request, "-subj", f"/CN={name or file}",
        )  # fmt: skip
        self.serial += 1
        openssl(
            "x509", "-req", "-in", request, "-CA", ca.cert, "-CAkey", ca.key,
            "-set_serial", str(self.serial), "-days", str(days),
            "-extfile", self.config, "-extensions", kind, "-out", pair.cert,
        )  # fmt: skip
        return pair


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    make = Maker(tmp_path_factory.mktemp("pki"))
    ca, other_ca = make.ca("test-ca"), make.ca("other-ca")
    return Pki(
        ca=ca,
        other_ca=other_ca,
        server_a=make.leaf("server-a", ca, "server", days=2),
        server_b=make.leaf("server-b", ca, "server", days=3),
        server_rsa=make.leaf("server-rsa", ca, "server", days=4, rsa=True),
        apiserver=make.leaf("apiserver", ca, "client"),
        intruder=make.leaf("intruder", ca, "client"),
        # The allowed name from another CA: only its CA tells it apart.
        stranger=make.leaf("stranger", other_ca, "client", name="apiserver"),
    )


def openssl_not_after(cert: Path) -> float:
    """What ``openssl x509 -enddate`` says, in unix seconds."""
    text = openssl("x509", "-in", cert, "-noout", "-enddate").strip()
    assert text.startswith("notAfter=")
    parsed = time.strptime(text.removeprefix("notAfter="), "%b %d %H:%M:%S %Y GMT")
    return float(calendar.timegm(parsed))


# --- certificate_not_after against openssl


@pytest.mark.parametrize("days", [1, 400, 30000])
def test_expiry_matches_openssl(tmp_path: Path, days: int) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl(
        "req", "-x509", *EC_KEY, "-nodes", "-keyout", key, "-out", cert,
        "-days", str(days), "-subj", "/CN=expiry",
    )  # fmt: skip
    assert certificate_not_after(cert.read_bytes()) == openssl_not_after(cert)
    if days == 30000:  # after 2049: RFC 5280 wants a GeneralizedTime
        assert "GENERALIZEDTIME" in openssl("asn1parse", "-in", cert)


def test_expiry_of_certificates_signed_by_a_ca(pki: Pki) -> None:
    for pair in (pki.server_a, pki.server_b, pki.server_rsa, pki.apiserver, pki.ca):
        assert certificate_not_after(pair.pem) == openssl_not_after(pair.cert)


def test_the_first_certificate_of_a_bundle_counts(pki: Pki) -> None:
    bundle = b"Bag Attributes\n    friendlyName: leaf\n" + pki.server_b.pem + pki.server_a.pem
    assert certificate_not_after(bundle) == openssl_not_after(pki.server_b.cert)
    assert certificate_not_after(bundle) != certificate_not_after(pki.server_a.pem)


# --- certificate_not_after on certificates built here: only the structure matters to it


def tlv(tag: int, content: bytes) -> bytes:
    if len(content) < 0x80:
        return bytes([tag, len(content)]) + content
    size = len(content).to_bytes((len(content).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + content


def utc(text: str) -> bytes:
    return tlv(0x17, text.encode("ascii"))


def generalized(text: str) -> bytes:
    return tlv(0x18, text.encode("ascii"))


NOT_BEFORE = utc("000101000000Z")
SERIAL = tlv(0x02, b"\x01")
ALGORITHM = tlv(0x30, tlv(0x06, b"\x2a\x86\x48\xce\x3d\x04\x03\x02"))  # ecdsa-with-SHA256
NAME = tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, b"\x55\x04\x03") + tlv(0x0C, b"x"))))
VERSION_3 = tlv(0xA0, tlv(0x02, b"\x02"))
SUBJECT_KEY = tlv(0x30, ALGORITHM + tlv(0x03, b"\x00\x04"))


def certificate(
    not_after: bytes = utc("491231235959Z"),
    *,
    version: bytes = VERSION_3,
    serial: bytes = SERIAL,
    validity: bytes | None = None,
    signature: bytes = tlv(0x03, b"\x00" + b"s" * 70),
) -> bytes:
    """A DER certificate with a made-up signature (nothing here checks it)."""
    if validity is None:
        validity = tlv(0x30, NOT_BEFORE + not_after)
    tbs = tlv(0x30, version + serial + ALGORITHM + NAME + validity + NAME + SUBJECT_KEY)
    return tlv(0x30, tbs + ALGORITHM + signature)


def pem(der: bytes) -> bytes:
    return ssl.DER_cert_to_PEM_cert(der).encode("ascii")


@pytest.mark.parametrize(
    ("not_after", "expected"),
    [
        (utc("491231235959Z"), "2049-12-31 23:59:59"),
        (utc("500101000000Z"), "1950-01-01 00:00:00"),  # 50-99 are 19xx
        (utc("991231235959Z"), "1999-12-31 23:59:59"),
        (utc("000229120000Z"), "2000-02-29 12:00:00"),
        (generalized("20500101000000Z"), "2050-01-01 00:00:00"),
        (generalized("99991231235959Z"), "9999-12-31 23:59:59"),  # "no expiry" (RFC 5280)
    ],
)
def test_utc_and_generalized_times(not_after: bytes, expected: str) -> None:
    seconds = calendar.timegm(time.strptime(expected, "%Y-%m-%d %H:%M:%S"))
    assert certificate_not_after(pem(certificate(not_after))) == seconds


def test_a_version_1_certificate_has_no_version_tag() -> None:
    der = certificate(utc("300615080000Z"), version=b"")
    assert certificate_not_after(pem(der)) == calendar.timegm((2030, 6, 15, 8, 0, 0))


def test_a_long_length_form_is_read() -> None:
    der = certificate(signature=tlv(0x03, b"\x00" + b"s" * 600))
    assert der[1] == 0x82  # the certificate's length takes two bytes
    assert certificate_not_after(pem(der)) == calendar.timegm((2049, 12, 31, 23, 59, 59))


GOOD = certificate()
MALFORMED_DER = {
    "empty": b"",
    "trailing byte": GOOD + b"\x00",
    "truncated": GOOD[:-1],
    "not a sequence": b"\x31" + GOOD[1:],
    "indefinite length": b"\x30\x80" + GOOD[2:] + b"\x00\x00",
    "length of five bytes": b"\x30\x85\x00\x00\x00\x00\x10",
    "length past the end": b"\x30\x84\x7f\xff\xff\xff" + GOOD[2:],
    "high tag number": b"\x3f\x01" + GOOD,
    "no signature": tlv(0x30, GOOD[2:][: -len(tlv(0x03, b"\x00" + b"s" * 70))]),
    "serial is not an integer": certificate(serial=tlv(0x04, b"\x01")),
    "version is not an integer": certificate(version=tlv(0xA0, tlv(0x04, b"\x02"))),
    "two versions": certificate(version=VERSION_3 + VERSION_3),
    "no validity": tlv(0x30, tlv(0x30, VERSION_3 + SERIAL + ALGORITHM + NAME) + ALGORITHM),
    "one time": certificate(validity=tlv(0x30, NOT_BEFORE)),
    "three times": certificate(validity=tlv(0x30, NOT_BEFORE * 3)),
    "bad notBefore": certificate(validity=tlv(0x30, utc("000101000000") + utc("491231235959Z"))),
    "not a time": certificate(tlv(0x04, b"491231235959Z")),
    "no Z": certificate(utc("491231235959")),
    "offset": certificate(utc("4912312359+0100")),
    "no seconds": certificate(utc("4912312359Z")),
    "fraction": certificate(generalized("20491231235959.5Z")),
    "UTCTime with four-digit year": certificate(utc("20491231235959Z")),
    "GeneralizedTime with two-digit year": certificate(generalized("491231235959Z")),
    "not digits": certificate(utc("49123123595aZ")),
    "signed digits": certificate(utc("49+231235959Z")),
    "month 13": certificate(utc("491331235959Z")),
    "February 30": certificate(utc("490230000000Z")),
    "hour 24": certificate(utc("491231240000Z")),
    "year 0": certificate(generalized("00001231235959Z")),
}


@pytest.mark.parametrize("der", MALFORMED_DER.values(), ids=MALFORMED_DER.keys())
def test_malformed_der_is_a_value_error(der: bytes) -> None:
    with pytest.raises(ValueError, match=r"."):
        certificate_not_after(pem(der))


MALFORMED_PEM = {
    "nothing": b"",
    "a key": b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    "no end": pem(GOOD).split(b"-----END")[0],
    "end before begin": b"-----END CERTIFICATE-----\n" + pem(GOOD).split(b"-----END")[0],
    "bad padding": b"-----BEGIN CERTIFICATE-----\nMIIB\nQQ\n-----END CERTIFICATE-----\n",
    "not ASCII": pem(GOOD).replace(b"\n", "\n\u00e9\n".encode(), 1),
}


@pytest.mark.parametrize("text", MALFORMED_PEM.values(), ids=MALFORMED_PEM.keys())
def test_malformed_pem_is_a_value_error(text: bytes) -> None:
    with pytest.raises(ValueError, match=r"."):
        certificate_not_after(text)


def test_every_truncation_of_a_real_certificate_is_a_value_error(pki: Pki) -> None:
    der = pki.server_rsa.der
    for end in range(len(der)):
        with pytest.raises(ValueError, match=r"."):
            certificate_not_after(pem(der[:end]))


@given(st.binary(max_size=400))
def test_any_bytes_give_a_time_or_a_value_error(der: bytes) -> None:
    with contextlib.suppress(ValueError):
        assert isinstance(certificate_not_after(pem(der)), float)


@given(st.data())
def test_a_changed_byte_gives_a_time_or_a_value_error(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(GOOD) - 1))
    value = data.draw(st.integers(0, 255))
    der = GOOD[:position] + bytes([value]) + GOOD[position + 1 :]
    with contextlib.suppress(ValueError):
        assert isinstance(certificate_not_after(pem(der)), float)


# --- client_cn_allowed


def peercert(*rdns: tuple[tuple[str, str], ...]) -> dict[str, object]:
    """What getpeercert() returns, reduced to the subject."""
    return {"subject": rdns, "issuer": ((("commonName", "test-ca"),),)}


APISERVER = peercert((("organizationName", "cluster"),), (("commonName", "apiserver"),))


@pytest.mark.parametrize(
    ("cert", "allowed", "expected"),
    [
        (None, (), True),  # no allow-list: the CA check is all there is
        ({}, [], True),
        (APISERVER, {"apiserver"}, True),
        (APISERVER, ["other", "apiserver"], True),
        (APISERVER, {"other"}, False),
        (APISERVER, {"Apiserver"}, False),  # names are compared exactly
        (None, {"apiserver"}, False),  # no certificate
        ({}, {"apiserver"}, False),
        (peercert((("organizationName", "apiserver"),)), {"apiserver"}, False),  # no CN
        (peercert((("commonName", "apiserver"),), (("commonName", "x"),)), {"apiserver"}, False),
        (peercert((("commonName", "apiserver"), ("commonName", "x"))), {"apiserver", "x"}, True),
        ({"subject": "CN=apiserver"}, {"apiserver"}, False),  # not what getpeercert returns
        ({"subject": ((("commonName",),),)}, {"apiserver"}, False),
        ({"subject": ((("commonName", 1),),)}, {"apiserver"}, False),
    ],
)
def test_client_cn_allowed(
    cert: dict[str, object] | None, allowed: Collection[str], expected: bool
) -> None:
    assert client_cn_allowed(cert, allowed) is expected


# --- a TLS server, as the webhook runs one, and a verifying client


class Server:
    """An asyncio TLS server in a thread: one line in, "ok" or "forbidden" (by CN) out."""

    def __init__(self, context: ssl.SSLContext, allowed: Collection[str] = ()) -> None:
        self.context, self.allowed = context, allowed
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.port = 0

    def __enter__(self) -> Server:
        self.thread.start()
        started = asyncio.run_coroutine_threadsafe(self._start(), self.loop)
        self.server = started.result(timeout=TIMEOUT)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _start(self) -> asyncio.Server:
        return await asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.context)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(reader.readline(), TIMEOUT)
            allowed = client_cn_allowed(writer.get_extra_info("peercert"), self.allowed)
            writer.write(b"ok\n" if allowed else b"forbidden\n")
            await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(OSError, asyncio.TimeoutError):
                await asyncio.wait_for(writer.wait_closed(), TIMEOUT)

    async def _stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()
        handlers = asyncio.all_tasks() - {asyncio.current_task()}
        if handlers:
            await asyncio.wait(handlers, timeout=TIMEOUT)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(timeout=TIMEOUT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=TIMEOUT)
        self.loop.close()


@dataclass(frozen=True)
class Answer:
    served: bytes  # the server's certificate, DER
    reply: bytes
    version: str | None
    alpn: str | None


def fetch(
    port: int,
    pki: Pki,
    client: Pair | None = None,
    *,
    maximum: ssl.TLSVersion = ssl.TLSVersion.MAXIMUM_SUPPORTED,
) -> Answer:
    """One new connection: the certificate served, and the reply to one line."""
    context = ssl.create_default_context(cafile=str(pki.ca.cert))
    context.maximum_version = maximum
    context.set_alpn_protocols(["h2", "http/1.1"])
    if client is not None:
        context.load_cert_chain(client.cert, client.key)
    with (
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as connection,
    ):
        served = connection.getpeercert(binary_form=True)
        assert served is not None
        connection.sendall(b"hello\n")
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = connection.recv(64)
            if not chunk:
                break
            reply += chunk
        return Answer(served, reply, connection.version(), connection.selected_alpn_protocol())


def refused(port: int, pki: Pki, client: Pair | None = None, **options: ssl.TLSVersion) -> bool:
    """Whether the server refuses the connection, in the handshake or right after it.

    Under TLS 1.3 the client's handshake is over before the server has checked the
    client's certificate: the refusal then comes as an alert on the first read.
    """
    try:
        answer = fetch(port, pki, client, **options)
    except (ssl.SSLError, OSError):
        return True
    return answer.reply == b""


class Events:
    """What a watcher reported."""

    def __init__(self) -> None:
        self.reloads: list[str] = []
        self.errors: list[str] = []


@dataclass
class Files:
    cert: Path
    key: Path
    client_ca: Path

    def install(self, pair: Pair) -> None:
        self.cert.write_bytes(pair.pem)
        self.key.write_bytes(pair.key.read_bytes())


@pytest.fixture
def files(tmp_path: Path, pki: Pki) -> Files:
    served = Files(tmp_path / "tls.crt", tmp_path / "tls.key", tmp_path / "client-ca.crt")
    served.install(pki.server_a)
    served.client_ca.write_bytes(pki.ca.pem)
    return served


def watch(
    files: Files, *, client_ca: bool = False, min_version: str = "1.2"
) -> tuple[ssl.SSLContext, CertificateWatcher, Events]:
    ca = str(files.client_ca) if client_ca else None
    context = server_context(str(files.cert), str(files.key), min_version=min_version, client_ca=ca)
    events = Events()
    watcher = CertificateWatcher(
        context, str(files.cert), str(files.key), ca, events.reloads.append, events.errors.append
    )
    return context, watcher, events


# --- server_context


def test_server_context_serves_tls_1_2_and_1_3(files: Files, pki: Pki) -> None:
    context = server_context(str(files.cert), str(files.key))
    assert context.minimum_version == ssl.TLSVersion.TLSv1_2
    assert context.verify_mode == ssl.CERT_NONE
    with Server(context) as server:
        answer = fetch(server.port, pki)
        assert (answer.served, answer.reply) == (pki.server_a.der, b"ok\n")
        assert (answer.version, answer.alpn) == ("TLSv1.3", "http/1.1")
        old = fetch(server.port, pki, maximum=ssl.TLSVersion.TLSv1_2)
        assert (old.reply, old.version) == (b"ok\n", "TLSv1.2")


def test_a_minimum_of_tls_1_3_refuses_tls_1_2(files: Files, pki: Pki) -> None:
    assert set(TLS_VERSIONS) == {"1.2", "1.3"}
    context, watcher, _ = watch(files, min_version="1.3")
    assert context.minimum_version == ssl.TLSVersion.TLSv1_3
    with Server(context) as server:
        assert refused(server.port, pki, maximum=ssl.TLSVersion.TLSv1_2)
        files.install(pki.server_b)
        assert watcher.check()
        assert refused(server.port, pki, maximum=ssl.TLSVersion.TLSv1_2)  # after a reload too
        assert fetch(server.port, pki).version == "TLSv1.3"


def test_server_context_errors(files: Files, pki: Pki, tmp_path: Path) -> None:
    cert, key = str(files.cert), str(files.key)
    with pytest.raises(ValueError, match=r"unknown TLS version '1\.1'"):
        server_context(cert, key, min_version="1.1")
    with pytest.raises(FileNotFoundError):
        server_context(str(tmp_path / "missing.pem"), key)
    with pytest.raises(ssl.SSLError):
        server_context(cert, str(pki.server_b.key))  # not this certificate's key
    with pytest.raises(FileNotFoundError):
        server_context(cert, key, client_ca=str(tmp_path / "missing-ca.pem"))
    empty = tmp_path / "empty.pem"
    empty.write_bytes(b"")
    with pytest.raises(ssl.SSLError):
        server_context(cert, key, client_ca=str(empty))


def test_an_encrypted_key_is_an_error_not_a_prompt(files: Files, tmp_path: Path) -> None:
    encrypted = tmp_path / "encrypted.key"
    openssl(
        "pkey", "-in", files.key, "-aes256", "-passout", "pass:secret", "-out", encrypted
    )  # fmt: skip
    with pytest.raises(ssl.SSLError, match="the private key is encrypted"):
        server_context(str(files.cert), str(encrypted))


# --- CertificateWatcher


def test_nothing_changed(files: Files, pki: Pki) -> None:
    _, watcher, events = watch(files)
    assert not watcher.check()
    assert not watcher.check()
    os.utime(files.cert)  # touched: the same contents
    assert not watcher.check()
    files.install(pki.server_a)  # written again, the same
    assert not watcher.check()
    assert (events.reloads, events.errors) == ([], [])
    assert watcher.not_after == certificate_not_after(pki.server_a.pem)


def test_overwritten_files_are_served_to_new_connections(files: Files, pki: Pki) -> None:
    context, watcher, events = watch(files)
    with Server(context) as server:
        assert fetch(server.port, pki).served == pki.server_a.der
        files.install(pki.server_b)
        assert fetch(server.port, pki).served == pki.server_a.der  # until the check
        assert watcher.check()
        answer = fetch(server.port, pki)
        assert (answer.served, answer.reply, answer.alpn) == (pki.server_b.der, b"ok\n", "http/1.1")
        assert not watcher.check()
    expiry = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(openssl_not_after(pki.server_b.cert)))
    assert events.reloads == [f"{files.cert} (expires {expiry})"]
    assert events.errors == []
    assert watcher.not_after == openssl_not_after(pki.server_b.cert)


def test_a_key_of_another_type_is_served(files: Files, pki: Pki) -> None:
    # OpenSSL keeps one certificate per key type in a context: loaded into the same
    # context, the new RSA certificate would sit beside the old EC one, which a client
    # preferring EC would still be served.
    context, watcher, _ = watch(files)
    with Server(context) as server:
        files.install(pki.server_rsa)
        assert watcher.check()
        assert fetch(server.port, pki).served == pki.server_rsa.der
        files.install(pki.server_b)
        assert watcher.check()
        assert fetch(server.port, pki).served == pki.server_b.der


def test_a_half_written_rotation_keeps_the_old_certificate(files: Files, pki: Pki) -> None:
    context, watcher, events = watch(files)
    with Server(context) as server:
        new = pki.server_b.pem
        files.cert.write_bytes(new[: len(new) // 2])
        assert not watcher.check()
        assert not watcher.check()  # tried again, told once
        assert len(events.errors) == 1
        assert events.errors[0].startswith(
            "certificate not loaded, still serving the previous one: "
            f"cannot load {files.cert} with {files.key}: "
        )
        assert fetch(server.port, pki).served == pki.server_a.der
        files.cert.write_bytes(new)  # the new certificate, the old key
        assert not watcher.check()
        assert len(events.errors) == 2
        assert "KEY_VALUES_MISMATCH" in events.errors[1]
        assert fetch(server.port, pki).served == pki.server_a.der
        assert watcher.not_after == certificate_not_after(pki.server_a.pem)
        files.key.write_bytes(pki.server_b.key.read_bytes())
        assert watcher.check()
        assert fetch(server.port, pki).served == pki.server_b.der
        files.cert.write_bytes(new[: len(new) // 2])  # the same failure again, after a success
        assert not watcher.check()
    assert len(events.reloads) == 1
    assert len(events.errors) == 3


def test_a_missing_file_is_reported_and_its_return_loaded(files: Files, pki: Pki) -> None:
    _, watcher, events = watch(files)
    files.key.unlink()
    assert not watcher.check()
    assert not watcher.check()
    assert len(events.errors) == 1
    assert "cannot read the certificate files" in events.errors[0]
    assert str(files.key) in events.errors[0]
    files.install(pki.server_b)
    assert watcher.check()
    assert len(events.reloads) == 1


def test_a_symlink_swap_is_seen(tmp_path: Path, pki: Pki) -> None:
    # A Secret volume: tls.crt -> ..data/tls.crt, ..data -> a directory swapped atomically.
    for name, pair in (("one", pki.server_a), ("two", pki.server_b)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "tls.crt").write_bytes(pair.pem)
        (tmp_path / name / "tls.key").write_bytes(pair.key.read_bytes())
    (tmp_path / "..data").symlink_to("one")
    for name in ("tls.crt", "tls.key"):
        (tmp_path / name).symlink_to(Path("..data") / name)
    files = Files(tmp_path / "tls.crt", tmp_path / "tls.key", tmp_path / "unused")
    context, watcher, _ = watch(files)
    with Server(context) as server:
        assert fetch(server.port, pki).served == pki.server_a.der
        (tmp_path / "..data_tmp").symlink_to("two")
        os.replace(tmp_path / "..data_tmp", tmp_path / "..data")
        assert watcher.check()
        assert fetch(server.port, pki).served == pki.server_b.der


def test_a_rewrite_within_one_timestamp_tick_is_seen(files: Files, pki: Pki) -> None:
    # File system clocks are coarse: a second write can leave the size, inode and
    # modification time as they were. Recent files are compared by contents too.
    def padded(content: bytes) -> bytes:
        return content.ljust(4096, b"\n")  # text after a PEM block is ignored

    files.cert.write_bytes(padded(pki.server_a.pem))
    files.key.write_bytes(padded(pki.server_a.key.read_bytes()))
    _, watcher, events = watch(files)
    before = {path: os.stat(path) for path in (files.cert, files.key)}
    files.cert.write_bytes(padded(pki.server_b.pem))
    files.key.write_bytes(padded(pki.server_b.key.read_bytes()))
    for path, status in before.items():
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        after = os.stat(path)
        assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
        )
    assert watcher.check()
    assert len(events.reloads) == 1
    assert watcher.not_after == certificate_not_after(pki.server_b.pem)


def test_settled_files_are_not_read_while_unchanged(
    files: Files, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for path in (files.cert, files.key):
        os.utime(path, ns=(an_hour_ago, an_hour_ago))
    _, watcher, events = watch(files)

    def unexpected(name: str) -> bytes:
        raise AssertionError(f"{name} read although it did not change")

    with monkeypatch.context() as patched:
        patched.setattr(tls, "_read", unexpected)
        assert not watcher.check()
    files.install(pki.server_b)
    assert watcher.check()
    assert events.errors == []


def test_files_changed_before_the_watcher_are_served(files: Files, pki: Pki) -> None:
    context = server_context(str(files.cert), str(files.key))
    files.install(pki.server_b)
    events = Events()
    watcher = CertificateWatcher(
        context, str(files.cert), str(files.key), None, events.reloads.append, events.errors.append
    )
    with Server(context) as server:
        assert fetch(server.port, pki).served == pki.server_b.der
    assert watcher.not_after == certificate_not_after(pki.server_b.pem)
    assert (events.reloads, events.errors) == ([], [])  # the start is not a reload


def test_unreadable_files_at_the_start_keep_the_context(files: Files, pki: Pki) -> None:
    context = server_context(str(files.cert), str(files.key))
    files.cert.write_bytes(b"")
    events = Events()
    watcher = CertificateWatcher(
        context, str(files.cert), str(files.key), None, events.reloads.append, events.errors.append
    )
    assert len(events.errors) == 1
    assert math.isnan(watcher.not_after)
    with Server(context) as server:
        assert fetch(server.port, pki).served == pki.server_a.der
        files.install(pki.server_b)
        assert watcher.check()
        assert fetch(server.port, pki).served == pki.server_b.der
    assert watcher.not_after == certificate_not_after(pki.server_b.pem)


def test_checks_from_several_threads(files: Files, pki: Pki) -> None:
    _, watcher, events = watch(files)
    files.install(pki.server_b)
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(watcher.check())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert sorted(results) == [False] * 7 + [True]
    assert len(events.reloads) == 1


# --- client certificates


def test_a_client_without_a_certificate_is_refused(files: Files, pki: Pki) -> None:
    context, _, _ = watch(files, client_ca=True)
    assert context.verify_mode == ssl.CERT_REQUIRED
    with Server(context) as server:
        assert refused(server.port, pki)
        assert refused(server.port, pki, maximum=ssl.TLSVersion.TLSv1_2)
        assert refused(server.port, pki, pki.stranger)  # signed by another CA
        assert fetch(server.port, pki, pki.apiserver).reply == b"ok\n"
        assert fetch(server.port, pki, pki.intruder).reply == b"ok\n"  # no allow-list


def test_the_common_name_allow_list(files: Files, pki: Pki) -> None:
    context, _, _ = watch(files, client_ca=True)
    with Server(context, allowed={"apiserver"}) as server:
        assert fetch(server.port, pki, pki.apiserver).reply == b"ok\n"
        assert fetch(server.port, pki, pki.intruder).reply == b"forbidden\n"
        assert refused(server.port, pki, pki.stranger)  # the right name, the wrong CA


def test_a_replaced_client_ca_is_the_only_one_trusted(files: Files, pki: Pki) -> None:
    context, watcher, events = watch(files, client_ca=True)
    with Server(context) as server:
        assert fetch(server.port, pki, pki.apiserver).reply == b"ok\n"
        files.client_ca.write_bytes(pki.other_ca.pem)
        assert watcher.check()
        assert refused(server.port, pki, pki.apiserver)
        assert fetch(server.port, pki, pki.stranger).reply == b"ok\n"
        assert refused(server.port, pki)
    assert events.reloads[0].endswith(f"; client CA {files.client_ca}")
