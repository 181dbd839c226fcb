"""``python -m imagetag_lint.schemagen [--check] [--out DIR] [--source DIR]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .generator import DEFAULT_OUT, DEFAULT_SOURCE, find_drift, generate, write_schemas
from .model import SchemaSourceError

EXIT_OK = 0
EXIT_DRIFT = 1
EXIT_BAD_SOURCE = 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        files = generate(args.source)
    except SchemaSourceError as error:
        print(f"schemagen: {error}", file=sys.stderr)
        return EXIT_BAD_SOURCE
    if args.check:
        return _report_drift(find_drift(args.out, files))
    for path in write_schemas(args.out, files):
        print(f"removed {path}")
    print(f"wrote {len(files)} schemas to {args.out}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m imagetag_lint.schemagen",
        description="Generate schemas/<Type>.json from the API reference text, the overlay"
        " and the OpenAPI definitions.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the files in the output directory differ from fresh output",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--source",
        type=Path,
        default=DEFAULT_SOURCE,
        help="directory with imagetag-api-reference.txt, overlay.yaml and the OpenAPI file",
    )
    return parser


def _report_drift(drift: list[str]) -> int:
    for line in drift:
        print(line)
    if drift:
        print("schemas are out of date: run python -m imagetag_lint.schemagen")
        return EXIT_DRIFT
    return EXIT_OK
