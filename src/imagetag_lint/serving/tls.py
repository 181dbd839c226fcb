"""TLS for the webhook: the server context, client certificate checks, certificate reload.

cert-manager and OpenShift's service-CA operator rotate the certificate files in place,
so ``CertificateWatcher`` picks changed files up for new connections without a restart.
It never loads into the context the server listens with: OpenSSL keeps one certificate
per key type in a context, so loading an RSA certificate over an EC one would leave the
old one served to clients that prefer EC, and a load that fails half way (the new
certificate with the old key) leaves a context that can no longer complete a handshake.
Each change is loaded into a new context instead, and the listening context's SNI
callback (which OpenSSL calls for every ClientHello, with or without a server name)
moves each new connection to the newest one. A client CA removed from its file stops
being trusted for the same reason: the new context has a trust store of its own.

``certificate_not_after`` reads the expiry for the metrics with a small DER reader, so
the standard library is enough.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import os
import ssl
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from types import MappingProxyType

from ..frozen import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

TLS_VERSIONS: Final[Mapping[str, ssl.TLSVersion]] = MappingProxyType(
    {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
)
# The webhook speaks HTTP/1.1 only; a client offering h2 and http/1.1 (the apiserver) gets 1.1.
ALPN_PROTOCOLS: Final = ("http/1.1",)

# A file whose modification time is this close to the moment it was read may have been
# written again within the same timestamp tick (file system clocks are coarse, down to
# 2 s on some): until it is older, its contents are compared too, not only its metadata.
_RACY_NS: Final = 5 * 10**9


def server_context(
    cert: str, key: str, *, min_version: str = "1.2", client_ca: str | None = None
) -> ssl.SSLContext:
    """A server-side TLS context with this certificate chain and key.

    With ``client_ca``, clients must present a certificate signed by one of its CAs.
    Raises ``OSError`` or ``ssl.SSLError`` (an ``OSError``) when a file cannot be read
    or used, and ``ValueError`` for a ``min_version`` that is not in ``TLS_VERSIONS``.
    """
    minimum = TLS_VERSIONS.get(min_version)
    if minimum is None:
        known = ", ".join(TLS_VERSIONS)
        raise ValueError(f"unknown TLS version {min_version!r}: use one of {known}")
    return _context(cert, key, client_ca, minimum)


def client_cn_allowed(peercert: Mapping[str, object] | None, allowed: Collection[str]) -> bool:
    """Whether the client certificate's subject commonName is one of ``allowed``.

    An empty ``allowed`` lets every client in (the CA check is then all there is).
    ``peercert`` is ``getpeercert()`` of the connection; no certificate is refused. A
    subject with several commonNames passes only when each of them is allowed, so
    that no reading of the name can let an unlisted client in.
    """
    if not allowed:
        return True
    names = _common_names(peercert)
    return bool(names) and all(name in allowed for name in names)


def certificate_not_after(pem: bytes) -> float:
    """The notAfter of the first certificate in a PEM bundle, in unix seconds.

    Raises ``ValueError`` when there is no certificate or it is not well-formed.
    """
    begin = pem.find(_PEM_BEGIN)
    end = pem.find(_PEM_END, begin + 1)
    if begin < 0 or end < 0:
        raise ValueError("no PEM certificate (-----BEGIN CERTIFICATE-----) found")
    try:
        der = ssl.PEM_cert_to_DER_cert(pem[begin : end + len(_PEM_END)].decode("ascii"))
    except ValueError as problem:  # UnicodeDecodeError, binascii.Error: both ValueErrors
        raise ValueError(f"the PEM certificate is not valid base64: {problem}") from None
    return _not_after(der)


@dataclass(frozen=True, slots=True)
class _Loaded:
    """What the watcher last loaded: the files' metadata and a digest of their contents."""

    stats: tuple[tuple[int, int, int, int], ...]  # (device, inode, size, mtime_ns) per file
    digest: bytes
    settled: bool  # every file was older than _RACY_NS when it was read


class CertificateWatcher:
    """Serves changed certificate, key and client CA files to new connections.

    Takes over the context's ``sni_callback`` (the server must not set its own). Loads
    the files once when created, so that what is served matches what is watched even
    if they changed since ``context`` was made (a failure then goes to ``on_error`` and
    ``context`` serves on); after that, ``check()`` loads them again when they change.
    ``check()`` is thread-safe and cheap when nothing changed (a ``stat`` per file), so
    it can run on the event loop. The callbacks are called without a lock held.
    """

    def __init__(
        self,
        context: ssl.SSLContext,
        cert: str,
        key: str,
        client_ca: str | None,
        on_reload: Callable[[str], None],
        on_error: Callable[[str], None],
    ) -> None:
        self._minimum = context.minimum_version
        self._files = (cert, key) if client_ca is None else (cert, key, client_ca)
        self._cert, self._key, self._client_ca = cert, key, client_ca
        self._on_reload, self._on_error = on_reload, on_error
        self._lock = threading.Lock()
        self._current: ssl.SSLContext | None = None
        self._loaded: _Loaded | None = None
        self._reported: str | None = None
        self._not_after = math.nan
        context.sni_callback = self._choose
        self._load(announce=False)

    @property
    def not_after(self) -> float:
        """The unix time the served certificate expires; NaN when it could not be read."""
        return self._not_after

    def check(self) -> bool:
        """Load the files if they changed; True when a new certificate is now served.

        A failed load (a file half-written during rotation, a key that does not match
        the certificate) keeps what is served, tells ``on_error`` once per distinct
        failure, and is tried again on the next check.
        """
        return self._load(announce=True)

    def _choose(self, connection: ssl.SSLObject, server_name: str | None, _: object) -> None:
        # Called by OpenSSL for every ClientHello, before a certificate is chosen.
        current = self._current
        if current is not None:
            connection.context = current

    def _load(self, *, announce: bool) -> bool:
        with self._lock:
            reloaded, problem = self._reload()
            if problem is not None and problem == self._reported:
                problem = None
            if reloaded is not None or problem is not None:
                self._reported = problem
        # The callbacks run outside the lock: they may log, count, or even check again.
        if problem is not None:
            self._on_error(f"certificate not loaded, still serving the previous one: {problem}")
        if reloaded is not None and announce:
            self._on_reload(reloaded)
        return reloaded is not None

    def _reload(self) -> tuple[str | None, str | None]:
        """A description of what was loaded, or of why nothing could be; (None, None): no change."""
        try:
            now = time.time_ns()
            stats = tuple(_stat(name) for name in self._files)
            loaded = self._loaded
            if loaded is not None and loaded.settled and stats == loaded.stats:
                return None, None
            contents = [_read(name) for name in self._files]
        except OSError as problem:
            return None, f"cannot read the certificate files: {problem}"
        digest = _digest(contents)
        settled = all(now - stat[3] > _RACY_NS for stat in stats)
        if loaded is not None and digest == loaded.digest:  # touched, or rewritten the same
            self._loaded = _Loaded(stats, digest, settled)
            self._reported = None
            return None, None
        try:
            fresh = _context(self._cert, self._key, self._client_ca, self._minimum)
        except OSError as problem:  # ssl.SSLError included
            return None, f"cannot load {self._cert} with {self._key}: {problem}"
        # Files written again since they were read are newer than `stats` (or not yet
        # settled): the next check loads them again.
        self._current, self._loaded = fresh, _Loaded(stats, digest, settled)
        self._not_after, expiry = _expiry(contents[0])
        trusted = "" if self._client_ca is None else f"; client CA {self._client_ca}"
        return f"{self._cert} ({expiry}){trusted}", None


def _context(cert: str, key: str, client_ca: str | None, minimum: ssl.TLSVersion) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = minimum
    context.options |= ssl.OP_NO_RENEGOTIATION  # client-initiated renegotiation costs CPU
    context.set_alpn_protocols(list(ALPN_PROTOCOLS))
    context.load_cert_chain(cert, key, password=_no_password)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cafile=client_ca)
    return context


def _no_password() -> str:
    # Without a callback, OpenSSL would ask for the pass phrase on the terminal and wait.
    raise ssl.SSLError(0, "the private key is encrypted: give an unencrypted key")


def _stat(name: str) -> tuple[int, int, int, int]:
    # os.stat follows symbolic links: a Secret volume's atomic `..data` swap shows here.
    status = os.stat(name)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _read(name: str) -> bytes:
    with open(name, "rb") as file:
        return file.read()


def _digest(contents: list[bytes]) -> bytes:
    hashed = hashlib.sha256()
    for content in contents:
        hashed.update(len(content).to_bytes(8, "big"))
        hashed.update(content)
    return hashed.digest()


def _expiry(pem: bytes) -> tuple[float, str]:
    """The expiry of a certificate served, and how to say it in a log line."""
    try:
        not_after = certificate_not_after(pem)
    except ValueError as problem:
        return math.nan, f"expiry unknown: {problem}"
    when = datetime.fromtimestamp(not_after, timezone.utc)
    return not_after, f"expires {when:%Y-%m-%dT%H:%M:%SZ}"


def _common_names(peercert: Mapping[str, object] | None) -> list[str]:
    """The subject's commonName values from ``getpeercert()``: ((("commonName", v),), ...)."""
    subject = peercert.get("subject") if peercert else None
    if not isinstance(subject, (tuple, list)):
        return []
    return [
        attribute[1]
        for rdn in subject
        if isinstance(rdn, (tuple, list))
        for attribute in rdn
        if isinstance(attribute, (tuple, list))
        and len(attribute) == 2
        and attribute[0] == "commonName"
        and isinstance(attribute[1], str)
    ]


# --- The DER reader: just enough of X.509 to find Certificate.tbsCertificate.validity.notAfter.

_PEM_BEGIN, _PEM_END = b"-----BEGIN CERTIFICATE-----", b"-----END CERTIFICATE-----"
_INTEGER, _BIT_STRING, _SEQUENCE = 0x02, 0x03, 0x30
_UTC_TIME, _GENERALIZED_TIME = 0x17, 0x18
_VERSION = 0xA0  # [0] EXPLICIT, constructed; absent in version 1 certificates
_BEFORE_VALIDITY: Final = (
    ("serialNumber", _INTEGER),
    ("signature", _SEQUENCE),
    ("issuer", _SEQUENCE),
)
_TIME_DIGITS: Final = {_UTC_TIME: 12, _GENERALIZED_TIME: 14}  # then "Z" (RFC 5280 4.1.2.5)


class _Element(NamedTuple):
    tag: int
    start: int  # of the contents
    end: int


def _not_after(der: bytes) -> float:
    (certificate,) = _sequence_of(der, 0, len(der), (_SEQUENCE,), "DER")
    tbs, _, _ = _sequence_of(
        der, certificate.start, certificate.end, (_SEQUENCE, _SEQUENCE, _BIT_STRING), "Certificate"
    )
    fields: Iterator[_Element] = _elements(der, tbs.start, tbs.end)
    first = _next(fields, "TBSCertificate")
    if first.tag == _VERSION:
        _sequence_of(der, first.start, first.end, (_INTEGER,), "version")
    else:
        fields = itertools.chain((first,), fields)
    for name, tag in _BEFORE_VALIDITY:
        _field(fields, name, tag)
    validity = _field(fields, "validity", _SEQUENCE)
    not_before, not_after = _sequence_of(
        der, validity.start, validity.end, (None, None), "validity"
    )
    _time(der, not_before)
    return _time(der, not_after)


def _sequence_of(
    der: bytes, start: int, end: int, tags: tuple[int | None, ...], name: str
) -> list[_Element]:
    """The elements in der[start:end], which must be exactly ``tags`` (None: any)."""
    found = list(_elements(der, start, end))
    if len(found) != len(tags):
        raise ValueError(f"{name}: {len(found)} elements, expected {len(tags)}")
    for element, tag in zip(found, tags, strict=True):
        if tag is not None and element.tag != tag:
            raise ValueError(f"{name}: unexpected tag 0x{element.tag:02x}")
    return found


def _elements(der: bytes, start: int, end: int) -> Iterator[_Element]:
    position = start
    while position < end:
        element = _element(der, position, end)
        yield element
        position = element.end


def _next(elements: Iterator[_Element], name: str) -> _Element:
    element = next(elements, None)
    if element is None:
        raise ValueError(f"{name}: too few elements")
    return element


def _field(elements: Iterator[_Element], name: str, tag: int) -> _Element:
    element = _next(elements, "TBSCertificate")
    if element.tag != tag:
        raise ValueError(f"TBSCertificate.{name}: unexpected tag 0x{element.tag:02x}")
    return element


def _element(der: bytes, position: int, end: int) -> _Element:
    """The tag-length-value at ``position``, which must lie within der[:end]."""
    if end - position < 2:
        raise ValueError("truncated DER: no room for a tag and a length")
    tag, length = der[position], der[position + 1]
    if tag & 0x1F == 0x1F:
        raise ValueError(f"unexpected high-number tag at byte {position}")
    start = position + 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0:
            raise ValueError(f"indefinite length at byte {position} (not DER)")
        if count > 4 or start + count > end:
            raise ValueError(f"bad length at byte {position}")
        length = int.from_bytes(der[start : start + count], "big")
        start += count
    if length > end - start:
        raise ValueError(f"truncated DER: the element at byte {position} runs past its end")
    return _Element(tag, start, start + length)


def _time(der: bytes, element: _Element) -> float:
    """UTCTime (YYMMDDHHMMSSZ, 50-99 are 19xx) or GeneralizedTime (YYYYMMDDHHMMSSZ)."""
    digits = _TIME_DIGITS.get(element.tag)
    if digits is None:
        raise ValueError(f"validity: tag 0x{element.tag:02x} is not a time")
    text = der[element.start : element.end]
    if len(text) != digits + 1 or text[-1:] != b"Z" or not all(48 <= b <= 57 for b in text[:-1]):
        raise ValueError(f"validity: malformed time {text!r}")
    year_digits = digits - 10
    year = int(text[:year_digits])
    if element.tag == _UTC_TIME:
        year += 1900 if year >= 50 else 2000
    month, day, hour, minute, second = (
        int(text[index : index + 2]) for index in range(year_digits, digits, 2)
    )
    try:
        moment = datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)
    except ValueError:
        raise ValueError(f"validity: impossible time {text!r}") from None
    return moment.timestamp()
