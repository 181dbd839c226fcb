"""The webhook's metrics page: exact text, and every line read back by a strict parser.

``parse_exposition`` below reads the Prometheus text exposition format 0.0.4 as the
metrics module writes it, and refuses anything else: an unknown escape, a sample
before its TYPE line, a family split in two, a duplicate series, a histogram whose
buckets are not cumulative or do not end with ``+Inf`` equal to ``_count``. The
server's end-to-end test can import it to check a scraped page the same way.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imagetag_lint.serving.metrics import (
    CONTENT_TYPE,
    MAX_PATH_LABEL,
    MAX_PATHS,
    OTHER_PATH,
    Metrics,
    format_value,
)

P = "imagetag_lint_webhook_"

# --- a strict parser of the text format ----------------------------------------------------

METRIC_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL_NAME = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
# What Go's strconv.ParseFloat reads and Prometheus writes; no Python-only spellings
# such as "inf", "nan", "1_000" or surrounding blanks.
NUMBER = re.compile(r"(?:[+-]Inf|NaN|[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
COMMENT = re.compile(r"# (HELP|TYPE) ([^ ]+) (.*)")
TYPES = ("counter", "gauge", "histogram", "summary", "untyped")
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("", "_sum", "_count")}
LABEL_ESCAPES = {"\\": "\\", '"': '"', "n": "\n"}
HELP_ESCAPES = {"\\": "\\", "n": "\n"}


class ExpositionError(ValueError):
    """The text is not valid exposition format (as this project writes it)."""


@dataclass
class Sample:
    name: str
    labels: dict[str, str]
    value: float


@dataclass
class Family:
    name: str
    kind: str = ""
    help: str | None = None
    samples: list[Sample] = field(default_factory=list)


def parse_exposition(text: str) -> dict[str, Family]:
    """The metric families of ``text``; raises ``ExpositionError`` naming the bad line."""
    if not text.endswith("\n"):
        raise ExpositionError("the text must end with a newline")
    families: dict[str, Family] = {}
    finished: set[str] = set()  # families whose samples are over: no more lines for them
    current: Family | None = None
    series: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    for number, line in enumerate(text[:-1].split("\n"), start=1):
        try:
            if line.startswith("#"):
                family = _metadata(line, families, finished)
            else:
                sample = _sample_line(line)
                family = _family_of(sample.name, families)
                key = (sample.name, tuple(sorted(sample.labels.items())))
                if key in series:
                    raise ExpositionError(f"duplicate series {key}")
                series.add(key)
                family.samples.append(sample)
            if current is not None and family is not current:
                finished.add(current.name)
            if family.name in finished:
                raise ExpositionError(f"the lines of {family.name} are not together")
            current = family
        except ExpositionError as problem:
            raise ExpositionError(f"line {number}: {problem}: {line!r}") from None
    for family in families.values():
        if not family.kind:
            raise ExpositionError(f"{family.name} has no TYPE line")
        if family.kind == "histogram":
            _check_histogram(family)
    return families


def _metadata(line: str, families: dict[str, Family], finished: set[str]) -> Family:
    match = COMMENT.fullmatch(line)
    if match is None:
        raise ExpositionError("a comment line that is neither HELP nor TYPE")
    keyword, name, rest = match.groups()
    if not METRIC_NAME.fullmatch(name):
        raise ExpositionError(f"bad metric name {name!r}")
    family = families.setdefault(name, Family(name))
    if family.samples:
        raise ExpositionError(f"{keyword} after the samples of {name}")
    if keyword == "HELP":
        if family.help is not None:
            raise ExpositionError(f"a second HELP for {name}")
        family.help = _unescape(rest, HELP_ESCAPES)
    else:
        if family.kind:
            raise ExpositionError(f"a second TYPE for {name}")
        if rest not in TYPES:
            raise ExpositionError(f"unknown type {rest!r}")
        family.kind = rest
    return family


def _family_of(sample_name: str, families: dict[str, Family]) -> Family:
    """The family a sample belongs to, which must have been declared with its TYPE."""
    for family in families.values():
        suffixes = SUFFIXES.get(family.kind, ("",))
        if any(sample_name == family.name + suffix for suffix in suffixes):
            return family
    raise ExpositionError(f"sample {sample_name} before (or without) its TYPE line")


def _sample_line(line: str) -> Sample:
    name_match = METRIC_NAME.match(line)
    if name_match is None:
        raise ExpositionError("a sample line must start with a metric name")
    name, rest = name_match.group(), line[name_match.end() :]
    labels: dict[str, str] = {}
    if rest.startswith("{"):
        labels, rest = _labels(rest[1:])
    if not rest.startswith(" "):
        raise ExpositionError("one space must separate the series from the value")
    value, _, timestamp = rest[1:].partition(" ")
    if not NUMBER.fullmatch(value):
        raise ExpositionError(f"bad value {value!r}")
    if timestamp and not re.fullmatch(r"-?\d+", timestamp):
        raise ExpositionError(f"bad timestamp {timestamp!r}")
    return Sample(name, labels, float(value))


def _labels(text: str) -> tuple[dict[str, str], str]:
    """The labels up to the closing brace, and what follows it."""
    labels: dict[str, str] = {}
    while True:
        match = LABEL_NAME.match(text)
        if match is None or text[match.end() : match.end() + 2] != '="':
            raise ExpositionError('expected label_name="value"')
        name, position = match.group(), match.end() + 2
        value: list[str] = []
        while True:
            if position >= len(text):
                raise ExpositionError("unterminated label value")
            char = text[position]
            if char == '"':
                break
            if char == "\n":
                raise ExpositionError("a raw newline in a label value")
            if char == "\\":
                escaped = text[position + 1 : position + 2]
                if escaped not in LABEL_ESCAPES:
                    raise ExpositionError(f"unknown escape \\{escaped} in a label value")
                value.append(LABEL_ESCAPES[escaped])
                position += 2
                continue
            value.append(char)
            position += 1
        if name in labels:
            raise ExpositionError(f"label {name} twice")
        labels[name] = "".join(value)
        text = text[position + 1 :]
        if text.startswith(","):
            text = text[1:]
            continue
        if text.startswith("}"):
            return labels, text[1:]
        raise ExpositionError("expected , or } after a label")


def _unescape(text: str, escapes: dict[str, str]) -> str:
    out, position = [], 0
    while position < len(text):
        char = text[position]
        if char == "\\":
            escaped = text[position + 1 : position + 2]
            if escaped not in escapes:
                raise ExpositionError(f"unknown escape \\{escaped}")
            out.append(escapes[escaped])
            position += 2
        else:
            out.append(char)
            position += 1
    return "".join(out)


def _check_histogram(family: Family) -> None:
    """Per label set: buckets in increasing ``le``, cumulative, ending at +Inf = _count; a _sum."""
    groups: dict[tuple[tuple[str, str], ...], dict[str, list[Sample]]] = {}
    for sample in family.samples:
        rest = tuple(sorted((k, v) for k, v in sample.labels.items() if k != "le"))
        kind = sample.name[len(family.name) :]
        groups.setdefault(rest, {}).setdefault(kind, []).append(sample)
    for labels, parts in groups.items():
        buckets, sums, counts = (parts.get(s, []) for s in ("_bucket", "_sum", "_count"))
        if len(sums) != 1 or len(counts) != 1 or not buckets:
            raise ExpositionError(f"{family.name}{labels}: needs buckets, one _sum, one _count")
        bounds = [float(b.labels["le"]) for b in buckets if "le" in b.labels]
        if len(bounds) != len(buckets) or bounds != sorted(set(bounds)):
            raise ExpositionError(f"{family.name}{labels}: le missing or not increasing")
        if bounds[-1] != math.inf:
            raise ExpositionError(f"{family.name}{labels}: no +Inf bucket")
        values = [b.value for b in buckets]
        if values != sorted(values):
            raise ExpositionError(f"{family.name}{labels}: buckets are not cumulative")
        if values[-1] != counts[0].value:
            raise ExpositionError(f"{family.name}{labels}: +Inf bucket differs from _count")


# --- the parser is strict --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("# TYPE a counter\na 1", "end with a newline"),
        ("a 1\n", "before"),
        ('# TYPE a counter\na{x="1\\t"} 1\n', "unknown escape"),
        ('# TYPE a counter\na{x="1} 1\n', "unterminated"),
        ('# TYPE a counter\na{x="1",} 1\n', "label_name"),
        ("# TYPE a counter\na  1\n", "bad value"),
        ("# TYPE a counter\na inf\n", "bad value"),
        ("# TYPE a counter\na 1\na 2\n", "duplicate"),
        ("# TYPE a counter\n# TYPE b gauge\nb 1\na 1\n", "not together"),
        ("# TYPE a counter\na 1\n# HELP a late\n", "after the samples"),
        ("# TYPE a blob\n", "unknown type"),
        ("# HELP a x\\ty\n# TYPE a gauge\n", "unknown escape"),
        ("# a comment\n", "neither HELP nor TYPE"),
        (
            '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 0\nh_count 1\n',
            "not cumulative",
        ),
        ('# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 0\nh_count 1\n', "no +Inf"),
        ('# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 0\nh_count 1\n', "differs"),
    ],
)
def test_the_parser_refuses_what_the_format_does_not_allow(text: str, problem: str) -> None:
    with pytest.raises(ExpositionError, match=re.escape(problem)):
        parse_exposition(text)


# --- the metrics ----------------------------------------------------------------------------


def small_scenario() -> Metrics:
    metrics = Metrics(buckets=(0.1, 1))
    metrics.request_done(path="/validate", code=200, verdict="allowed", seconds=0.0625)
    metrics.request_done(path="/validate", code=200, verdict="denied", seconds=0.5)
    metrics.request_done(path="/validate", code=504, verdict="timeout", seconds=9.5)
    metrics.request_done(path="/validate", code=200, verdict="allowed", seconds=0.25)
    metrics.request_done(path="/livez", code=200, verdict="none", seconds=0.001)
    metrics.body_rejected()
    metrics.set_certificate_expiry(1767225600)
    return metrics


EXPECTED = f"""\
# HELP {P}requests_total Requests answered, by path, HTTP status code and verdict \
(allowed, denied, error, timeout, none).
# TYPE {P}requests_total counter
{P}requests_total{{path="/livez",code="200",verdict="none"}} 1
{P}requests_total{{path="/validate",code="200",verdict="allowed"}} 2
{P}requests_total{{path="/validate",code="200",verdict="denied"}} 1
{P}requests_total{{path="/validate",code="504",verdict="timeout"}} 1
# HELP {P}request_duration_seconds Time from the start of a request to its answer, in seconds.
# TYPE {P}request_duration_seconds histogram
{P}request_duration_seconds_bucket{{path="/livez",le="0.1"}} 1
{P}request_duration_seconds_bucket{{path="/livez",le="1"}} 1
{P}request_duration_seconds_bucket{{path="/livez",le="+Inf"}} 1
{P}request_duration_seconds_sum{{path="/livez"}} 0.001
{P}request_duration_seconds_count{{path="/livez"}} 1
{P}request_duration_seconds_bucket{{path="/validate",le="0.1"}} 1
{P}request_duration_seconds_bucket{{path="/validate",le="1"}} 3
{P}request_duration_seconds_bucket{{path="/validate",le="+Inf"}} 4
{P}request_duration_seconds_sum{{path="/validate"}} 10.3125
{P}request_duration_seconds_count{{path="/validate"}} 4
# HELP {P}in_flight_requests Requests being handled now.
# TYPE {P}in_flight_requests gauge
{P}in_flight_requests 0
# HELP {P}rejected_bodies_total Request bodies refused because they are larger than the limit \
(413).
# TYPE {P}rejected_bodies_total counter
{P}rejected_bodies_total 1
# HELP {P}certificate_expiry_timestamp_seconds When the served certificate expires, \
in seconds since the Unix epoch.
# TYPE {P}certificate_expiry_timestamp_seconds gauge
{P}certificate_expiry_timestamp_seconds 1.7672256e+09
"""


def test_render_of_a_small_scenario_is_exact() -> None:
    assert small_scenario().render() == EXPECTED


def test_every_line_of_the_small_scenario_parses() -> None:
    families = parse_exposition(small_scenario().render())
    assert {name: family.kind for name, family in families.items()} == {
        f"{P}requests_total": "counter",
        f"{P}request_duration_seconds": "histogram",
        f"{P}in_flight_requests": "gauge",
        f"{P}rejected_bodies_total": "counter",
        f"{P}certificate_expiry_timestamp_seconds": "gauge",
    }
    assert all(family.help for family in families.values())
    expiry = families[f"{P}certificate_expiry_timestamp_seconds"].samples
    assert [s.value for s in expiry] == [1767225600.0]


def test_a_fresh_metrics_page_parses_and_has_no_certificate_yet() -> None:
    text = Metrics().render()
    families = parse_exposition(text)
    assert f"{P}certificate_expiry_timestamp_seconds" not in families
    assert families[f"{P}requests_total"].samples == []
    assert families[f"{P}in_flight_requests"].samples == [Sample(f"{P}in_flight_requests", {}, 0)]


def test_histogram_buckets_are_cumulative_with_the_default_bounds() -> None:
    metrics = Metrics()
    observed = [0.0, 0.001, 0.0011, 0.003, 0.02, 0.02, 0.3, 0.7, 4.0, 10.0, 11.0, 600.0]
    for seconds in observed:
        metrics.request_done(path="/validate", code=200, verdict="allowed", seconds=seconds)
    family = parse_exposition(metrics.render())[f"{P}request_duration_seconds"]
    buckets = {
        s.labels["le"]: s.value for s in family.samples if s.name.endswith("_bucket")
    }  # the le texts as written: Go's float formatting
    assert list(buckets) == [
        "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
        "0.25", "0.5", "1", "2.5", "5", "10", "+Inf",
    ]  # fmt: skip
    for le, count in buckets.items():  # a value equal to a bound is in that bound's bucket
        assert count == sum(1 for seconds in observed if seconds <= float(le)), le
    count = next(s.value for s in family.samples if s.name.endswith("_count"))
    total = next(s.value for s in family.samples if s.name.endswith("_sum"))
    assert count == len(observed)
    assert total == pytest.approx(sum(observed))


def test_custom_buckets_and_an_explicit_inf_bound() -> None:
    metrics = Metrics(buckets=[0.5, 2, math.inf])
    metrics.request_done(path="/livez", code=200, verdict="none", seconds=1)
    les = [
        s.labels["le"]
        for s in parse_exposition(metrics.render())[f"{P}request_duration_seconds"].samples
        if "le" in s.labels
    ]
    assert les == ["0.5", "2", "+Inf"]


@pytest.mark.parametrize("buckets", [(1, 1), (2, 1), (0.1, math.nan), (-math.inf, 1)])
def test_bad_buckets_are_refused(buckets: tuple[float, ...]) -> None:
    with pytest.raises(ValueError, match="bucket bounds"):
        Metrics(buckets=buckets)


def test_label_values_escape_quote_backslash_and_newline() -> None:
    path = 'a"b\\c\nd'
    metrics = Metrics(buckets=(1,))
    metrics.request_done(path=path, code=404, verdict="error", seconds=0.5)
    text = metrics.render()
    line = f'{P}requests_total{{path="a\\"b\\\\c\\nd",code="404",verdict="error"}} 1'
    assert line in text.split("\n")
    assert f'{P}request_duration_seconds_sum{{path="a\\"b\\\\c\\nd"}} 0.5' in text.split("\n")
    families = parse_exposition(text)
    assert {s.labels["path"] for s in families[f"{P}requests_total"].samples} == {path}


def test_a_lone_surrogate_in_a_path_still_renders_as_utf8() -> None:
    metrics = Metrics()
    metrics.request_done(path="/x\udcff", code=404, verdict="error", seconds=0.01)
    text = metrics.render()
    text.encode("utf-8")  # would raise UnicodeEncodeError with the surrogate
    paths = {s.labels["path"] for s in parse_exposition(text)[f"{P}requests_total"].samples}
    assert paths == {"/x\ufffd"}


def test_paths_are_bounded_in_length_and_number() -> None:
    metrics = Metrics(buckets=(1,))
    metrics.request_done(path="/" + "a" * 1000, code=404, verdict="error", seconds=0.01)
    for n in range(MAX_PATHS + 10):
        metrics.request_done(path=f"/p{n}", code=404, verdict="error", seconds=0.01)
    families = parse_exposition(metrics.render())
    paths = {s.labels["path"] for s in families[f"{P}requests_total"].samples}
    assert len(paths) == MAX_PATHS + 1
    assert OTHER_PATH in paths
    assert max(len(p) for p in paths) == MAX_PATH_LABEL
    total = sum(s.value for s in families[f"{P}requests_total"].samples)
    assert total == MAX_PATHS + 11  # nothing is lost, only folded into "other"


def test_an_unknown_verdict_is_a_bug_of_the_caller() -> None:
    with pytest.raises(ValueError, match="verdict"):
        Metrics().request_done(path="/validate", code=200, verdict="ok", seconds=0.1)


@pytest.mark.parametrize("seconds", [-1.0, math.nan])
def test_a_negative_or_nan_duration_counts_as_zero(seconds: float) -> None:
    metrics = Metrics(buckets=(0.001,))
    metrics.request_done(path="/validate", code=200, verdict="allowed", seconds=seconds)
    family = parse_exposition(metrics.render())[f"{P}request_duration_seconds"]
    values = {
        (s.name.removeprefix(family.name), s.labels.get("le")): s.value for s in family.samples
    }
    assert values == {("_bucket", "0.001"): 1, ("_bucket", "+Inf"): 1, ("_sum", None): 0,
                      ("_count", None): 1}  # fmt: skip


def test_in_flight_goes_up_inside_and_back_down_even_on_errors() -> None:
    metrics = Metrics()

    def in_flight() -> float:
        return parse_exposition(metrics.render())[f"{P}in_flight_requests"].samples[0].value

    with metrics.in_flight():
        with metrics.in_flight():
            assert in_flight() == 2
        assert in_flight() == 1
    with pytest.raises(RuntimeError), metrics.in_flight():
        raise RuntimeError("a failing handler")
    assert in_flight() == 0


def test_rejected_bodies_and_certificate_expiry_update() -> None:
    metrics = Metrics()
    for _ in range(3):
        metrics.body_rejected()
    metrics.set_certificate_expiry(1_800_000_000.5)
    metrics.set_certificate_expiry(1_900_000_000)  # a reload: the newest wins
    families = parse_exposition(metrics.render())
    assert families[f"{P}rejected_bodies_total"].samples[0].value == 3
    assert families[f"{P}certificate_expiry_timestamp_seconds"].samples[0].value == 1.9e9


def test_updates_from_many_threads_are_all_counted() -> None:
    metrics = Metrics(buckets=(0.5,))
    threads, each = 8, 400
    start = threading.Barrier(threads, timeout=30)

    def work(index: int) -> None:
        start.wait()
        for n in range(each):
            with metrics.in_flight():
                verdict = "allowed" if n % 2 else "denied"
                metrics.request_done(path="/validate", code=200, verdict=verdict, seconds=index)
            if n % 100 == 0:
                metrics.body_rejected()
                parse_exposition(metrics.render())  # rendering while others write

    workers = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert not worker.is_alive()
    families = parse_exposition(metrics.render())
    requests = families[f"{P}requests_total"].samples
    assert sum(s.value for s in requests) == threads * each
    assert families[f"{P}in_flight_requests"].samples[0].value == 0
    assert families[f"{P}rejected_bodies_total"].samples[0].value == threads * each // 100
    durations = {s.name.removeprefix(f"{P}request_duration_seconds"): s.value
                 for s in families[f"{P}request_duration_seconds"].samples
                 if s.labels.get("le") in (None, "0.5")}  # fmt: skip
    assert durations == {"_bucket": each, "_sum": each * sum(range(threads)),
                         "_count": threads * each}  # fmt: skip


def test_the_content_type_names_the_format_version() -> None:
    assert CONTENT_TYPE == "text/plain; version=0.0.4; charset=utf-8"


# --- numbers as Go writes them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (1.0, "1"),
        (10.0, "10"),
        (2.5, "2.5"),
        (0.0025, "0.0025"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (123456.0, "123456"),
        (1e6, "1e+06"),
        (123456789.0, "1.23456789e+08"),
        (1767225600.0, "1.7672256e+09"),
        (-2.5e-7, "-2.5e-07"),
        (1e100, "1e+100"),
        (5e-324, "5e-324"),
        (0.1 + 0.2, "0.30000000000000004"),
        (math.inf, "+Inf"),
        (-math.inf, "-Inf"),
        (math.nan, "NaN"),
    ],
)
def test_numbers_are_written_as_go_writes_them(value: float, text: str) -> None:
    assert format_value(value) == text


@settings(deadline=None)
@given(st.floats(allow_nan=False))
def test_every_number_reads_back_as_itself(value: float) -> None:
    text = format_value(value)
    assert NUMBER.fullmatch(text), text
    assert float(text) == value


@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(max_size=20),
            st.integers(min_value=100, max_value=599),
            st.sampled_from(["allowed", "denied", "error", "timeout", "none"]),
            st.floats(min_value=0, max_value=100),
        ),
        max_size=20,
    )
)
def test_any_traffic_renders_a_page_that_parses(
    requests: list[tuple[str, int, str, float]],
) -> None:
    metrics = Metrics()
    for path, code, verdict, seconds in requests:
        metrics.request_done(path=path, code=code, verdict=verdict, seconds=seconds)
    families = parse_exposition(metrics.render())
    samples = families[f"{P}requests_total"].samples
    assert sum(s.value for s in samples) == len(requests)
    # Short paths, fewer than MAX_PATHS of them: each kept, lone surrogates replaced.
    expected = {
        "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in p) for p, *_ in requests
    }
    assert {s.labels["path"] for s in samples} == expected
