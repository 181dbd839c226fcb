"""``imagetag-lint schema KIND``: one kind's JSON Schema, self-contained, for other tools.

The packaged schemas refer to each other by URN, which only this tool resolves. The
exported document holds the kind's schema and every type it reaches under ``$defs``,
so check-jsonschema, an editor or yaml-language-server can use it as it is.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .openshift.kinds import IMAGE_KINDS
from .openshift.schemas import PROFILES, standalone_text

PROG = "imagetag-lint schema"
EXIT_OK, EXIT_USAGE = 0, 2


def unknown_kind(kind: str) -> str | None:
    """Why ``kind`` cannot be exported, or None when it can."""
    if kind in IMAGE_KINDS:
        return None
    return f"unknown kind {kind!r} (known: {', '.join(IMAGE_KINDS)})"


def main(argv: Sequence[str]) -> int:
    """``imagetag-lint schema KIND [--profile manifest|object] [--output FILE]``."""
    args = _parser().parse_args(argv)
    problem = unknown_kind(args.kind)
    if problem is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    text = standalone_text(args.kind, args.profile)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        print(f"{PROG}: error: {args.output}: {reason}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Print one kind's JSON Schema (Draft 2020-12) as a single self-contained"
        " document, for check-jsonschema, editors and yaml-language-server.",
    )
    parser.add_argument("kind", metavar="KIND", help=f"one of {', '.join(IMAGE_KINDS)}")
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="manifest",
        help="manifest (default): what people write and apply; object: full API objects",
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the schema to FILE instead of standard output"
    )
    return parser
