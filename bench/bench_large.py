"""One large file: the CLI on 200,000 small ImageTags vs ``yaml.load_all`` in a process.

The stream repeats the corpus's manifest-style documents (what people write and
apply) 200,000 times in one file. A is the CLI (manifest profile, the file-size
limit raised so the file is read); B is a Python process that only reads every
document with ``yaml.load_all(..., Loader=CSafeLoader)``. Whole processes run
as A/B pairs. Target: the linter takes at most 1.3x the time of the plain load.
"""

from __future__ import annotations

import argparse

from bench_memory import stream
from common import PYTHON, corpus, lint_command, median, pairs, report

LOAD_ALL = (
    "import sys, yaml\n"
    "with open(sys.argv[1], encoding='utf-8') as handle:\n"
    "    for _ in yaml.load_all(handle, Loader=yaml.CSafeLoader):\n"
    "        pass\n"
)


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200_000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    root = corpus()
    sources = sorted((root / "manifests" / "yaml").glob("*.yaml"))
    big = stream(root / f"stream-{args.docs // 1000}k.yaml", sources, args.docs)
    size = big.stat().st_size
    a = [*lint_command(), "--max-file-size", str(2 * size), str(big)]
    b = [PYTHON, "-c", LOAD_ALL, str(big)]
    walls_a, walls_b, ratios = pairs(a, b, args.pairs, warmup=0)
    return report(
        f"large: {args.docs // 1000}k docs, lint / load_all",
        median(ratios),
        "<= 1.3",
        median(ratios) <= 1.3,
        f"lint {median(walls_a):.1f} s, load_all {median(walls_b):.1f} s "
        f"({size / 2**20:.0f} MiB); {args.pairs} pairs",
    )


if __name__ == "__main__":
    main()
