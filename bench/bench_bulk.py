"""Bulk: lint the document stream vs ``yaml.load_all(stream, Loader=CSafeLoader)``.

Both read the same text from memory and drop each document as they go.
Target: the linter takes at most 0.8x the time of the plain load.
"""

from __future__ import annotations

import argparse
import itertools

import yaml
from common import corpus, interleaved, median, report

from imagetag_lint.checking import engine
from imagetag_lint.diagnostics import Severity
from imagetag_lint.settings import Settings

# The corpus holds full objects as the API returns them.
OBJECTS = Settings(profile="object")


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=4000, help="first N documents (0: all)")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    text = (corpus() / "stream.yaml").read_text(encoding="utf-8")
    if args.docs:
        parts = text.split("\n---\n")
        text = "\n---\n".join(itertools.islice(parts, args.docs)) + "\n"
    docs = text.count("\n---\n") + 1

    def lint() -> None:
        found = engine.lint_text(text, "stream.yaml", OBJECTS)
        assert not [d for d in found if d.severity is Severity.ERROR], found[:3]

    def load_all() -> None:
        for _ in yaml.load_all(text, Loader=yaml.CSafeLoader):
            pass

    times = interleaved({"lint": lint, "load_all": load_all}, args.reps)
    ratios = [a / b for a, b in zip(times["lint"], times["load_all"], strict=True)]
    lint_s, load_s = median(times["lint"]), median(times["load_all"])
    return report(
        "bulk: lint / CSafeLoader load_all",
        median(ratios),
        "<= 0.8",
        median(ratios) <= 0.8,
        f"{docs} docs; lint {docs / lint_s:,.0f} docs/s ({lint_s * 1e6 / docs:.0f} us/doc), "
        f"load_all {docs / load_s:,.0f} docs/s; {args.reps} interleaved reps",
    )


if __name__ == "__main__":
    main()
