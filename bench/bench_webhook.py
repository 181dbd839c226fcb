"""Webhook: ``validate()`` latency vs jsonschema's ``iter_errors`` on the same object.

typical.json as a dict; validators built once; every call timed alone, the two
cases alternating in blocks. Target: p50 and p99 of ``validate()`` at most 0.05x
those of ``Draft202012Validator(...).iter_errors``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

from common import PYTHON, corpus, interleaved, median, report

from imagetag_lint import validate
from imagetag_lint.checking import acceptcode, compiled, gate, validation
from imagetag_lint.rules.direct import DIRECT

# A fresh process: what jsonschema-rs costs before its first answer (import, accept
# schema, compile), after the package itself is imported.
SETUP = """
import json, sys, time
from imagetag_lint.checking import acceptcode, gate
obj = json.load(open(sys.argv[1], encoding="utf-8"))
codes = acceptcode.accept_codes("ImageTag", "object")
started = time.perf_counter()
gate._rs_failing(obj, "ImageTag", "object", codes)
print(time.perf_counter() - started)
"""


def percentile(values: list[int], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] / 1e3


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=4000)
    parser.add_argument("--block", type=int, default=250)
    args = parser.parse_args()
    obj = json.loads((corpus() / "typical.json").read_text(encoding="utf-8"))
    gate.expect_many()  # as ``imagetag-lint serve`` does before its warm-up review
    reference = validation.validator("ImageTag", "object")
    assert validate(obj, profile="object") == []
    assert not list(reference.iter_errors(obj))
    cases = {
        "validate": lambda: validate(obj, profile="object"),
        "jsonschema": lambda: list(reference.iter_errors(obj)),
    }
    samples: dict[str, list[int]] = {name: [] for name in cases}
    for _ in range(args.calls // args.block):
        for name, call in cases.items():
            for _ in range(args.block):
                started = time.perf_counter_ns()
                call()
                samples[name].append(time.perf_counter_ns() - started)
    lines = [engines(obj, str(corpus() / "typical.json")), block_starts(samples, args.block)]
    for label, fraction in (("p50", 0.5), ("p99", 0.99)):
        ours = percentile(samples["validate"], fraction)
        theirs = percentile(samples["jsonschema"], fraction)
        lines.append(
            report(
                f"webhook {label}: validate / jsonschema",
                ours / theirs,
                "<= 0.05",
                ours / theirs <= 0.05,
                f"validate {ours:.1f} us, jsonschema iter_errors {theirs:.1f} us; "
                f"{args.calls} calls each",
            )
        )
    return lines


def block_starts(samples: dict[str, list[int]], block: int) -> str:
    """Where validate()'s tail comes from: the first calls after a block of jsonschema
    calls, against the calls after them."""
    calls = samples["validate"]
    starts = [sorted(calls[i::block])[len(calls[i::block]) // 2] / 1e3 for i in range(3)]
    rest = [t for i, t in enumerate(calls) if i % block >= 3]
    line = (
        "webhook tail: after each switch from jsonschema, validate calls 1-3 take"
        f" {starts[0]:.1f}, {starts[1]:.1f}, {starts[2]:.1f} us (medians over the blocks);"
        f" the other calls p50 {percentile(rest, 0.5):.1f} us, p99 {percentile(rest, 0.99):.1f} us"
    )
    print(line, flush=True)
    return line


def engines(obj: object, path: str) -> str:
    """The gate's two engines on the typical object, per object, and jsonschema-rs's set-up;
    and the direct check that answers for the residual rules after the gate."""
    codes = acceptcode.accept_codes("ImageTag", "object")
    loaded = compiled.load("ImageTag", "object")
    assert loaded is not None
    check, acceptor = loaded[0], gate._acceptor("ImageTag", "object", codes)
    assert check(obj) == frozenset()
    assert acceptor.is_valid(obj)
    direct = DIRECT["ImageTag"].check
    assert direct(obj, "object")
    each = interleaved(
        {
            "compiled": lambda: [check(obj) for _ in range(100)],
            "rs": lambda: [acceptor.is_valid(obj) for _ in range(100)],
            "direct": lambda: [direct(obj, "object") for _ in range(100)],
        },
        50,
    )
    setup = [
        float(
            subprocess.run(
                [PYTHON, "-c", SETUP, path], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    line = (
        f"gate engines: compiled check {median(each['compiled']) * 1e4:.1f} us, jsonschema-rs"
        f" {median(each['rs']) * 1e4:.1f} us per typical object, then the direct check of its"
        f" residual rules {median(each['direct']) * 1e4:.1f} us; jsonschema-rs set-up"
        f" {median(setup) * 1e3:.1f} ms (import, accept schema, compile; median of 7)"
    )
    print(line, flush=True)
    return line


if __name__ == "__main__":
    main()
