"""Where a one-file run's time goes: the profile behind the pre-commit ratio.

Whole processes, each timed as the median of interleaved runs (A B C D A B C D ...):
``python -c pass``, ``python -c "import yaml"`` (the baseline of the pre-commit
ratio), yaml with the standard library modules a run imports besides yaml's, importing
the CLI, the CLI linting one clean manifest, and as many empty modules as a run
imports of ours. The differences are
the shares of the run: the interpreter, YAML, the standard library, importing our
code, linting. The empty modules are the floor of importing that many modules at all.

Then, in fresh processes, what importing our code spends its time on: defining the
named tuple classes (the body ``frozen.NamedTuple`` makes for each, timed), compiling
regular expressions (``re.compile`` timed: the patterns the table compiled ahead of time
do not call it), and how many of our modules it imports. It prints figures, not a
verdict: the pre-commit target is judged in ``bench_cli.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from common import PYTHON, corpus, lint_command, median, run_process

CLEAN = (
    "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: app:v1}\n"
    "spec:\n  name: v1\n  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
)
# Run in a fresh interpreter: times what importing the CLI (after yaml) spends on
# NamedTuple classes and regular expressions, by wrapping both before it starts.
PROBE = """
import importlib.util, io, json, os, re, sys, time
from contextlib import redirect_stderr, redirect_stdout
import yaml  # the baseline's own cost, not ours
before = set(sys.modules)  # importlib and warnings are the probe's (a run imports neither)
# frozen, loaded ahead of the package that imports it, so that its record maker is timed
# from the first record on
folder = os.path.dirname(importlib.util.find_spec("imagetag_lint").origin)
spec = importlib.util.spec_from_file_location(
    "imagetag_lint.frozen", os.path.join(folder, "frozen.py")
)
frozen = sys.modules["imagetag_lint.frozen"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(frozen)
spent = {"namedtuple": 0.0, "regex": 0.0}
define, compile_ = frozen._record_body, re.compile
def timed(kind, function):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[kind] += time.perf_counter() - started
    return wrapper
frozen._record_body = timed("namedtuple", define)
re.compile = timed("regex", compile_)
def ours():
    return {name for name in sys.modules if name.startswith("imagetag_lint")}
started = time.perf_counter()
import imagetag_lint.cli as cli
spent["import"] = time.perf_counter() - started
spent["ours"] = len(ours())
spent["stdlib"] = len(set(sys.modules) - before) - spent["ours"]
imported, regex = ours(), spent["regex"]
started = time.perf_counter()
with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
    cli.main(["--isolated", sys.argv[1]])
spent["lint"] = time.perf_counter() - started
spent["lint_regex"] = spent["regex"] - regex
spent["regex"] = regex
spent["lint_modules"] = len(ours() - imported)
spent["stdlib_names"] = sorted(
    name for name in set(sys.modules) - before - ours()
    if "." not in name and not name.startswith("_")
)
regex, started = spent["regex"], time.perf_counter()
cli.build_parser()  # after the run, which has no need of it
spent["parser"] = time.perf_counter() - started
spent["regex"] = regex  # argparse's own patterns are the parser's
print(json.dumps(spent))
"""


def empty_modules(folder: Path, count: int) -> list[str]:
    """A package of ``count`` empty modules, and the command that imports them all."""
    package = folder / "empty_package"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for index in range(count - 1):
        (package / f"m{index}.py").write_text("", encoding="utf-8")
    imports = "; ".join(f"import empty_package.m{index}" for index in range(count - 1))
    # Compiled once here, so every timed run reads the cached bytecode as ours does.
    subprocess.run([PYTHON, "-c", imports], cwd=folder, check=True)
    return [PYTHON, "-c", f"import yaml; {imports}"]


def processes(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, float]:
    walls: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs + 1):  # the first round warms the caches and is dropped
        for name, argv in commands.items():
            walls[name].append(run_process(argv, cwd)[0])
    return {name: median(times[1:]) for name, times in walls.items()}


def import_shares(runs: int, path: Path) -> dict[str, float]:
    found: dict[str, list[float]] = {}
    for _ in range(runs):
        done = subprocess.run(
            [PYTHON, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
        )
        for name, seconds in json.loads(done.stdout).items():
            if name != "stdlib_names":
                found.setdefault(name, []).append(seconds)
    return {name: median(times) for name, times in found.items()}


def stdlib_of_a_run(path: Path) -> list[str]:
    """The standard library modules a one-file run imports that ``import yaml`` does not."""
    done = subprocess.run(
        [PYTHON, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    names: list[str] = json.loads(done.stdout)["stdlib_names"]
    return names


def main() -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21, help="runs of each process")
    args = parser.parse_args()
    typical = corpus() / "typical.yaml"  # the pre-commit benchmark's one file
    shares = import_shares(args.runs, typical)
    modules = int(shares["ours"])
    stdlib = "import " + ", ".join(["yaml", *stdlib_of_a_run(typical)])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "app.yaml").write_text(CLEAN, encoding="utf-8")
        walls = processes(
            {
                "python": [PYTHON, "-c", "pass"],
                "yaml": [PYTHON, "-c", "import yaml"],
                "stdlib": [PYTHON, "-c", stdlib],
                "empty": empty_modules(folder, modules),
                # Ended as the program ends (cli.run), without the interpreter's teardown.
                "import": [PYTHON, "-c", "import imagetag_lint.cli, os; os._exit(0)"],
                "lint": [*lint_command(), "--isolated", "app.yaml"],
            },
            args.runs,
            folder,
        )
    ms = {name: seconds * 1e3 for name, seconds in walls.items()}
    lines = [
        f"startup: one clean file, {ms['lint']:.1f} ms = {ms['lint'] / ms['yaml']:.2f}x"
        f" import yaml ({ms['yaml']:.1f} ms; medians of {args.runs} runs)",
        f"startup:   interpreter {ms['python']:.1f} ms, yaml {ms['yaml'] - ms['python']:.1f} ms,"
        f" importing imagetag_lint {ms['import'] - ms['yaml']:.1f} ms, linting and reporting"
        f" {ms['lint'] - ms['import']:.1f} ms",
        f"startup:   {stdlib!r} alone: {ms['stdlib'] / ms['yaml']:.2f}x import yaml;"
        f" {modules} empty modules after yaml: {ms['empty'] - ms['yaml']:.1f} ms",
        f"startup:   of the import after yaml (in-process {shares['import'] * 1e3:.1f} ms):"
        f" {modules} modules of ours and {int(shares['stdlib'])} of the standard library;"
        f" NamedTuple classes {shares['namedtuple'] * 1e3:.1f} ms,"
        f" regular expressions {shares['regex'] * 1e3:.1f} ms",
        f"startup:   then, in-process: an argparse parser (for lines the plain reader leaves"
        f" to it) {shares['parser'] * 1e3:.1f} ms;"
        f" main() on {typical.name} (the pre-commit benchmark's file, four warnings)"
        f" {shares['lint'] * 1e3:.1f} ms, importing {int(shares['lint_modules'])} more modules"
        f" and compiling regular expressions for {shares['lint_regex'] * 1e3:.1f} ms",
    ]
    for line in lines:
        print(line, flush=True)
    return lines


if __name__ == "__main__":
    main()
