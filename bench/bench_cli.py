"""Whole processes: the CLI vs check-jsonschema, pre-commit vs ``import yaml``, --jobs 2 vs 1.

check-jsonschema runs from its own virtual environment (``run_all.py`` makes it),
with our bundled ImageTag schema written to a file. Every comparison is a set of
A/B pairs run A B A B ...; the ratio is the median of the per-pair ratios.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from common import PEERS, PYTHON, corpus, lint_command, median, pairs, report

from imagetag_lint.openshift import schemas


def bundled_schema(directory: Path) -> Path:
    """The ImageTag schema of the object profile as one self-contained file."""
    path = directory / "imagetag.schema.json"
    root = {**schemas.bundle("object"), "$ref": "#/$defs/ImageTag"}
    path.write_text(json.dumps(root), encoding="utf-8")
    return path


def versus_check_jsonschema(files: list[str], count: int) -> str:
    peer = PEERS / "bin" / "check-jsonschema"
    if not peer.exists():
        raise SystemExit(f"{peer} is missing: run bench/run_all.py, which installs it")
    with tempfile.TemporaryDirectory() as tmp:
        schema_file = bundled_schema(Path(tmp))
        a = [*lint_command("object"), *files]
        b = [str(peer), "--schemafile", str(schema_file), *files]
        walls_a, walls_b, ratios = pairs(a, b, count)
    speedup = 1 / median(ratios)
    return report(
        "cli 2000 files: check-jsonschema / us",
        speedup,
        ">= 10",
        speedup >= 10,
        f"us {median(walls_a):.2f} s, check-jsonschema {median(walls_b):.2f} s; {count} pairs",
    )


def versus_import_yaml(files: list[str], label: str, count: int) -> str:
    a = [*lint_command(), *files]
    b = [PYTHON, "-c", "import yaml"]
    walls_a, walls_b, ratios = pairs(a, b, count)
    return report(
        f"pre-commit {label}: us / import yaml",
        median(ratios),
        "<= 1.5",
        median(ratios) <= 1.5,
        f"us {median(walls_a) * 1e3:.0f} ms, import yaml {median(walls_b) * 1e3:.0f} ms; "
        f"{count} pairs, min..max {min(ratios):.2f}..{max(ratios):.2f}",
    )


def jobs(files: list[str], count: int) -> str:
    a = [*lint_command("object"), "--jobs", "1", *files]
    b = [*lint_command("object"), "--jobs", "2", *files]
    walls_a, walls_b, ratios = pairs(a, b, count)
    return report(
        "cli 2000 files: --jobs 1 / --jobs 2",
        median(ratios),
        ">= 1.7",
        median(ratios) >= 1.7,
        f"jobs 1 {median(walls_a):.2f} s, jobs 2 {median(walls_b):.2f} s; {count} pairs",
    )


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=5, help="pairs for 2,000 files")
    # Each pair takes a tenth of a second, and a shared machine's noise moves single pairs a lot.
    parser.add_argument("--small-pairs", type=int, default=41, help="pairs for 1 and 10 files")
    args = parser.parse_args()
    root = corpus()
    every = sorted(str(p) for p in (root / "files" / "yaml").glob("*.yaml"))
    manifests = sorted(str(p) for p in (root / "manifests" / "yaml").glob("*.yaml"))[:10]
    return [
        versus_import_yaml([str(root / "typical.yaml")], "1 file", args.small_pairs),
        versus_import_yaml(manifests, "10 files", args.small_pairs),
        versus_check_jsonschema(every, args.pairs),
        jobs(every, args.pairs),
    ]


if __name__ == "__main__":
    main()
