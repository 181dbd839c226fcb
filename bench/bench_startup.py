"""Where a one-file run's time goes: the profile behind the pre-commit ratio.

Whole processes, each timed as the median of interleaved runs (A B C D A B C D ...):
``python -c pass``, ``python -c "import yaml"`` (the baseline of the pre-commit
ratio), importing the CLI, and the CLI linting one clean manifest. The differences
are the shares of the run: the interpreter, YAML, importing our code, linting.

Then, in fresh processes, what importing our code spends its time on: creating
the dataclasses (``dataclasses.dataclass`` timed around every class it makes),
compiling regular expressions (``re.compile`` timed), and the rest (module bodies,
the standard library modules we import). It prints figures, not a verdict: the
pre-commit target is judged in ``bench_cli.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from common import PYTHON, lint_command, median, run_process

CLEAN = (
    "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: app:v1}\n"
    "spec:\n  name: v1\n  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
)
# Run in a fresh interpreter: times what importing the CLI (after yaml) spends on
# dataclasses and regular expressions, by wrapping the two functions before it starts.
PROBE = """
import dataclasses, json, re, time
import yaml  # the baseline's own cost, not ours
spent = {"dataclasses": 0.0, "regex": 0.0}
make, compile_ = dataclasses.dataclass, re.compile
def timed(kind, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[kind] += time.perf_counter() - started
    return wrapper
def dataclass(cls=None, /, **options):
    if cls is None:
        return lambda actual: timed("dataclasses", make)(actual, **options)
    return timed("dataclasses", make)(cls, **options)
dataclasses.dataclass = dataclass
re.compile = timed("regex", compile_)
started = time.perf_counter()
import imagetag_lint.cli
spent["import"] = time.perf_counter() - started
print(json.dumps(spent))
"""


def processes(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, float]:
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):  # the first round warms the caches and is dropped
        for name, argv in commands.items():
            walls[name].append(run_process(argv, cwd)[0])
    return {name: median(times[1:]) for name, times in walls.items()}


def import_shares(runs: int) -> dict[str, float]:
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run([PYTHON, "-c", PROBE], capture_output=True, text=True, check=True)
        for name, seconds in json.loads(done.stdout).items():
            found.setdefault(name, []).append(seconds)
    return {name: median(times) for name, times in found.items()}


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21, help="runs of each process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.yaml").write_text(CLEAN, encoding="utf-8")
        walls = processes(
            {
                "python": [PYTHON, "-c", "pass"],
                "yaml": [PYTHON, "-c", "import yaml"],
                "import": [PYTHON, "-c", "import imagetag_lint.cli"],
                "lint": [*lint_command(), "--isolated", "app.yaml"],
            },
            args.runs,
            folder,
        )
    shares = import_shares(args.runs)
    ms = {name: seconds * 1e3 for name, seconds in walls.items()}
    own = ms["import"] - ms["yaml"]
    lines = [
        f"startup: one clean file, {ms['lint']:.1f} ms = {ms['lint'] / ms['yaml']:.2f}x"
        f" import yaml ({ms['yaml']:.1f} ms; medians of {args.runs} runs)",
        f"startup:   interpreter {ms['python']:.1f} ms, yaml {ms['yaml'] - ms['python']:.1f} ms,"
        f" importing imagetag_lint {own:.1f} ms, linting and reporting"
        f" {ms['lint'] - ms['import']:.1f} ms",
        f"startup:   of the import after yaml (in-process {shares['import'] * 1e3:.1f} ms):"
        f" dataclasses {shares['dataclasses'] * 1e3:.1f} ms,"
        f" regular expressions {shares['regex'] * 1e3:.1f} ms",
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    main()
