"""Prometheus metrics of the webhook server: counters, a latency histogram and gauges as text.

``Metrics`` counts what the server does and ``render()`` writes it in the
Prometheus text exposition format 0.0.4 (served as ``CONTENT_TYPE``), so a
cluster's monitoring can alert on denials, errors, slow answers, bodies over the
limit and a certificate that is about to expire. The standard library is
enough for this: the format is a few lines of text per series.

All names start with ``imagetag_lint_webhook_``:

- ``requests_total{path,code,verdict}``: answered requests, by route, HTTP status and verdict;
- ``request_duration_seconds{path}``: a histogram of the time to answer;
- ``in_flight_requests``: requests being handled now;
- ``rejected_bodies_total``: bodies refused for their size (413);
- ``certificate_expiry_timestamp_seconds``: when the served certificate expires
  (absent until the server has set it).

Numbers are written as Go's ``strconv.FormatFloat(v, 'g', -1, 64)`` writes them
(what the reference client library exposes): ``le="1"``, not ``le="1.0"``, so
bucket series keep the label values dashboards and other exporters use.

A request's ``path`` label comes from the client. The server should pass a known
route (and one name such as ``other`` for the rest); as a safeguard the number
of distinct paths is capped at ``MAX_PATHS`` (later ones count as ``other``),
so a client cannot grow the metrics without bound.
"""

from __future__ import annotations

import bisect
import itertools
import math
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from decimal import Decimal
from types import TracebackType

PREFIX = "imagetag_lint_webhook_"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
DEFAULT_BUCKETS: tuple[float, ...] = (
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
)  # fmt: skip
VERDICTS = frozenset({"allowed", "denied", "error", "timeout", "none"})
# Distinct path labels kept; later paths are counted under OTHER_PATH.
MAX_PATHS = 32
OTHER_PATH = "other"
# A longer path label is cut: a label value is not a place for a whole request target.
MAX_PATH_LABEL = 128

REQUESTS = PREFIX + "requests_total"
DURATION = PREFIX + "request_duration_seconds"
IN_FLIGHT = PREFIX + "in_flight_requests"
REJECTED = PREFIX + "rejected_bodies_total"
EXPIRY = PREFIX + "certificate_expiry_timestamp_seconds"

HELP = {
    REQUESTS: "Requests answered, by path, HTTP status code and verdict"
    " (allowed, denied, error, timeout, none).",
    DURATION: "Time from the start of a request to its answer, in seconds.",
    IN_FLIGHT: "Requests being handled now.",
    REJECTED: "Request bodies refused because they are larger than the limit (413).",
    EXPIRY: "When the served certificate expires, in seconds since the Unix epoch.",
}


@dataclass(slots=True)
class _Histogram:
    """Counts per bucket (not cumulative: the last one is +Inf), and the sum of what was seen."""

    counts: list[int]
    total: float = 0.0


@dataclass(slots=True)
class _State:
    """Everything ``Metrics`` has counted; copied under the lock to render it."""

    requests: dict[tuple[str, str, str], int] = field(default_factory=dict)
    durations: dict[str, _Histogram] = field(default_factory=dict)
    in_flight: int = 0
    rejected: int = 0
    expiry: float | None = None


class Metrics:
    """The webhook's metrics; thread-safe (one lock) and cheap to update.

    The server updates them from its event loop and its worker threads, and renders
    them on the metrics port.
    """

    def __init__(self, buckets: Sequence[float] = DEFAULT_BUCKETS) -> None:
        self._bounds = _bucket_bounds(buckets)
        self._lock = threading.Lock()
        self._state = _State()

    def request_done(self, *, path: str, code: int, verdict: str, seconds: float) -> None:
        """Count one answered request and observe how long it took.

        ``verdict`` is one of ``VERDICTS``: "allowed", "denied", "error" (an HTTP error
        or an internal failure), "timeout", or "none" (probes and other routes). Any
        other value is a bug in the caller and raises ``ValueError``. A negative or NaN
        duration (which a monotonic clock does not give) is counted as 0.
        """
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {sorted(VERDICTS)}, not {verdict!r}")
        if not seconds >= 0.0:  # also NaN
            seconds = 0.0
        label = _path_label(path)
        index = bisect.bisect_left(self._bounds, seconds)  # first bucket with le >= seconds
        with self._lock:
            state = self._state
            if label not in state.durations and len(state.durations) >= MAX_PATHS:
                label = OTHER_PATH
            key = (label, str(code), verdict)
            state.requests[key] = state.requests.get(key, 0) + 1
            histogram = state.durations.get(label)
            if histogram is None:
                histogram = state.durations[label] = _Histogram([0] * (len(self._bounds) + 1))
            histogram.counts[index] += 1
            histogram.total += seconds

    def in_flight(self) -> AbstractContextManager[None]:
        """A context manager that counts a request as in flight while it is entered."""
        return _InFlight(self)

    def body_rejected(self) -> None:
        """Count a request body refused for its size (the server answered 413)."""
        with self._lock:
            self._state.rejected += 1

    def set_certificate_expiry(self, unix_seconds: float) -> None:
        """Record when the served certificate expires (after each load or reload)."""
        with self._lock:
            self._state.expiry = float(unix_seconds)

    def render(self) -> str:
        """All metrics in the Prometheus text exposition format 0.0.4, ending with a newline."""
        with self._lock:
            state = _State(
                requests=dict(self._state.requests),
                durations={
                    path: _Histogram(list(h.counts), h.total)
                    for path, h in self._state.durations.items()
                },
                in_flight=self._state.in_flight,
                rejected=self._state.rejected,
                expiry=self._state.expiry,
            )
        lines: list[str] = []
        _family(lines, REQUESTS, "counter")
        for (path, code, verdict), count in sorted(state.requests.items()):
            lines.append(
                _sample(REQUESTS, [("path", path), ("code", code), ("verdict", verdict)], count)
            )
        _family(lines, DURATION, "histogram")
        for path, histogram in sorted(state.durations.items()):
            cumulative = 0
            for bound, count in zip((*self._bounds, math.inf), histogram.counts, strict=True):
                cumulative += count
                labels = [("path", path), ("le", format_value(bound))]
                lines.append(_sample(DURATION + "_bucket", labels, cumulative))
            lines.append(_sample(DURATION + "_sum", [("path", path)], histogram.total))
            lines.append(_sample(DURATION + "_count", [("path", path)], cumulative))
        _family(lines, IN_FLIGHT, "gauge")
        lines.append(_sample(IN_FLIGHT, [], state.in_flight))
        _family(lines, REJECTED, "counter")
        lines.append(_sample(REJECTED, [], state.rejected))
        if state.expiry is not None:
            _family(lines, EXPIRY, "gauge")
            lines.append(_sample(EXPIRY, [], state.expiry))
        return "\n".join(lines) + "\n"

    def _add_in_flight(self, change: int) -> None:
        with self._lock:
            self._state.in_flight += change


class _InFlight(AbstractContextManager[None]):
    """Up by one on entry, down by one on exit, exception or not."""

    __slots__ = ("_metrics",)

    def __init__(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def __enter__(self) -> None:
        self._metrics._add_in_flight(1)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._metrics._add_in_flight(-1)


def format_value(value: float) -> str:
    """``value`` as Go's ``strconv.FormatFloat(value, 'g', -1, 64)`` writes it.

    The shortest digits that read back as the same float (Python's ``repr`` finds the
    same ones), in plain notation unless the decimal exponent is below -4 or at least
    6: ``1``, ``0.005``, ``1e-05``, ``1.7672256e+09``, ``+Inf``, ``NaN``.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign, digit_tuple, exponent = Decimal(repr(float(value))).as_tuple()
    assert isinstance(exponent, int)  # a finite number
    minus = "-" if sign else ""
    digits = "".join(map(str, digit_tuple))
    stripped = digits.rstrip("0")
    if not stripped:
        return minus + "0"
    point = len(digits) + exponent  # where the decimal point goes in the digits
    power = point - 1
    if power < -4 or power >= 6:
        mantissa = stripped[0] + ("." + stripped[1:] if len(stripped) > 1 else "")
        return f"{minus}{mantissa}e{'-' if power < 0 else '+'}{abs(power):02d}"
    if point <= 0:
        return f"{minus}0.{'0' * -point}{stripped}"
    if point >= len(stripped):
        return minus + stripped + "0" * (point - len(stripped))
    return f"{minus}{stripped[:point]}.{stripped[point:]}"


def escape_label_value(value: str) -> str:
    r"""A label value as the format writes it between quotes: ``\`` ``"`` and newline escaped."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def escape_help(text: str) -> str:
    r"""A HELP text as the format writes it: ``\`` and newline escaped (quotes stay)."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def _family(lines: list[str], name: str, kind: str) -> None:
    lines.append(f"# HELP {name} {escape_help(HELP[name])}")
    lines.append(f"# TYPE {name} {kind}")


def _sample(name: str, labels: Sequence[tuple[str, str]], value: float) -> str:
    if not labels:
        return f"{name} {format_value(value)}"
    pairs = ",".join(f'{label}="{escape_label_value(text)}"' for label, text in labels)
    return f"{name}{{{pairs}}} {format_value(value)}"


def _path_label(path: str) -> str:
    """The path as a label value: bounded, and always encodable as UTF-8 (no lone surrogates)."""
    label = path[:MAX_PATH_LABEL]
    try:
        label.encode("utf-8")
    except UnicodeEncodeError:
        label = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in label)
    return label


def _bucket_bounds(buckets: Sequence[float]) -> tuple[float, ...]:
    """The finite upper bounds, strictly increasing; +Inf is always added when rendering."""
    bounds = [float(b) for b in buckets]
    if bounds and bounds[-1] == math.inf:
        bounds.pop()
    if any(not math.isfinite(b) for b in bounds):
        raise ValueError(f"bucket bounds must be finite numbers (+Inf is implied): {buckets!r}")
    if any(low >= high for low, high in itertools.pairwise(bounds)):
        raise ValueError(f"bucket bounds must be strictly increasing: {buckets!r}")
    return tuple(bounds)
