"""Webhook: ``validate()`` latency vs jsonschema's ``iter_errors`` on the same object.

typical.json as a dict; validators built once; every call timed alone, the two
cases alternating in blocks. Target: p50 and p99 of ``validate()`` at most 0.05x
those of ``Draft202012Validator(...).iter_errors``.
"""

from __future__ import annotations

import argparse
import json
import time

from common import corpus, report

from imagetag_lint import validate
from imagetag_lint.checking import gate, validation


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
    lines = []
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


if __name__ == "__main__":
    main()
