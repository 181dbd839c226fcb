"""Memory: peak RSS of linting a 100,000-document stream vs a 10,000-document one.

The streams repeat the corpus's manifest-style documents (what people write and
apply), so that the larger one stays under the default file-size limit; both are
linted by the CLI in a child process whose peak RSS the kernel reports.
Target: the larger stream needs at most 1.2x the memory of the smaller, in the
default format and in each format whose report needs more than the findings of a
file read piece by piece (``FORMATS``: source lines, documents, totals or rules
before the findings), measured on fewer repetitions to keep the run short.
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from common import corpus, lint_command, median, report, run_process

# The formats written with more than each finding: full quotes source lines, junit
# and sarif write totals and rules before the findings.
FORMATS = ("full", "junit", "sarif")


def stream(path: Path, sources: list[Path], docs: int) -> Path:
    if not path.exists():
        texts = [s.read_text(encoding="utf-8") for s in sources]
        with path.open("w", encoding="utf-8") as out:
            for text in itertools.islice(itertools.cycle(texts), docs):
                out.write("---\n" + text)
    return path


def peaks(small: Path, large: Path, reps: int, options: list[str]) -> tuple[float, float]:
    """The median peak RSS (KiB) of linting the small and the large stream with ``options``."""
    rss_small, rss_large = [], []
    for _ in range(reps):
        rss_small.append(run_process([*lint_command(), *options, str(small)])[1])
        rss_large.append(run_process([*lint_command(), *options, str(large)])[1])
    return median(rss_small), median(rss_large)


def main() -> str:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument(
        "--format-reps", type=int, default=2, help="repetitions for each of " + ", ".join(FORMATS)
    )
    args = parser.parse_args()
    root = corpus()
    sources = sorted((root / "manifests" / "yaml").glob("*.yaml"))
    small = stream(root / "stream-10k.yaml", sources, 10_000)
    large = stream(root / "stream-100k.yaml", sources, 100_000)
    rss_small, rss_large = peaks(small, large, args.reps, [])
    ratio = rss_large / rss_small
    line = report(
        "memory: RSS 100k docs / 10k docs",
        ratio,
        "<= 1.2",
        ratio <= 1.2,
        f"{rss_large / 1024:.1f} MiB vs {rss_small / 1024:.1f} MiB "
        f"({large.stat().st_size / 2**20:.0f} MiB vs {small.stat().st_size / 2**20:.1f} MiB "
        f"of YAML); {args.reps} reps",
    )
    lines = [line]
    for form in FORMATS:
        rss_small, rss_large = peaks(small, large, args.format_reps, ["--format", form])
        ratio = rss_large / rss_small
        lines.append(
            report(
                f"memory --format {form}: 100k / 10k",
                ratio,
                "<= 1.2",
                ratio <= 1.2,
                f"{rss_large / 1024:.1f} MiB vs {rss_small / 1024:.1f} MiB; "
                f"{args.format_reps} reps",
            )
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
