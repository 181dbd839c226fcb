"""The command line: the only place that prints and picks the exit code.

Exit codes: 0 no failing findings, 1 failing findings, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from . import __version__
from .checking import engine
from .checking.selection import SelectionError
from .codes import LIMIT
from .configuration.files import ConfigError
from .configuration.options import RunOptions
from .diagnostics import Diagnostic, Severity
from .loading import files
from .loading.documents import LoadFailure, decode
from .loading.files import InputError
from .openshift import kinds
from .reporting import FORMATS, ReportContext, get_reporter
from .rules import BY_CODE
from .settings import DEFAULT_SETTINGS, Settings

PROG = "imagetag-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)  # file -> documents in it


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Lint OpenShift image API manifests (ImageTag, image.openshift.io/v1) "
        "written as YAML or JSON.",
        epilog="Every option except --config and --isolated can also be set in the "
        "configuration ([tool.imagetag-lint] in pyproject.toml, or .imagetag-lint.toml), "
        "under its own name. Exit codes: 0 no failing findings, 1 failing findings, "
        "2 usage, configuration or input errors.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to lint (directories: *.yaml, *.yml, *.json, recursively);"
        " '-' reads standard input",
    )
    parser.add_argument(
        "--profile",
        choices=("manifest", "object"),
        help="manifest: what people write and apply (default); "
        "object: full objects as the API returns them",
    )
    _add_output_options(parser)
    _add_selection_options(parser)
    _add_config_options(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--kinds",
        type=_kinds_option,
        default=None,
        metavar="KIND[,KIND...]",
        help=f"lint only these kinds (default: all of {', '.join(kinds.IMAGE_KINDS)});"
        " List, *List and Template wrappers are always opened",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="report format (default: concise; github when GITHUB_ACTIONS=true)",
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the report to FILE instead of standard output"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        help="colour concise and full reports (default auto: a terminal and no NO_COLOR)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="the file name to report for standard input (default: <stdin>)",
    )
    parser.add_argument(
        "--statistics",
        action="store_true",
        default=None,
        help="print the number of findings per rule to standard error",
    )


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    rule = "CODE|PREFIX|NAME"
    parser.add_argument(
        "--select",
        metavar=rule,
        type=_comma_list,
        action="extend",
        help="check only these rules (comma-separated codes, code prefixes like ITL1, "
        "rule names, or ALL)",
    )
    parser.add_argument(
        "--extend-select",
        metavar=rule,
        type=_comma_list,
        action="extend",
        help="check these rules as well",
    )
    parser.add_argument(
        "--ignore", metavar=rule, type=_comma_list, action="extend", help="do not check these rules"
    )
    parser.add_argument(
        "--severity",
        metavar="RULE=LEVEL",
        action="append",
        help="report a rule as error or warning (repeatable), e.g. ITL301=error",
    )
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning"),
        help="the least severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        default=None,
        help="exit 0 even when there are findings (usage and input errors still exit 2)",
    )


def _add_config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-file-size",
        metavar="BYTES",
        type=int,
        help=f"larger files are reported, not read (default: {DEFAULT_SETTINGS.max_file_size})",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="use this configuration file for every path instead of discovering one",
    )
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="lint files in N processes, output unchanged; 0: one per CPU (default: 1)",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}")
    return jobs


def _comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _kinds_option(text: str) -> frozenset[str]:
    parsed = kinds.parse_kinds(text)
    if isinstance(parsed, str):
        raise argparse.ArgumentTypeError(parsed)
    return parsed


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (["rules"], ["rule"]):  # sub-commands; lint a path named so as ./rules
        from . import ruledocs

        return ruledocs.main_subcommand(argv)
    if argv[:1] == ["serve"]:  # the webhook server has options of its own
        from .serving import server

        return server.main(argv[1:])
    args = build_parser().parse_args(argv)
    if not args.paths:
        print(f"{PROG}: error: no paths given (use '-' for standard input)", file=sys.stderr)
        return EXIT_USAGE
    try:
        options = RunOptions.from_args(args)
        result = run(args.paths, DEFAULT_SETTINGS, options.stdin_filename, options)
    except (ConfigError, SelectionError) as problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    report = get_reporter(options.format)(result.diagnostics, _context(result, options))
    if not _write_report(report, options.output):
        return EXIT_USAGE
    for error in result.input_errors:
        print(f"{PROG}: error: {error.path}: {error.message}", file=sys.stderr)
    if options.statistics:
        sys.stderr.write(statistics(result.diagnostics))
    print(summary(result), file=sys.stderr)
    if options.exit_zero and not result.input_errors:
        return EXIT_CLEAN
    return exit_code(result, options.fail_on)


def _context(result: RunResult, options: RunOptions) -> ReportContext:
    return ReportContext(
        files=result.files,
        color=options.color_for(sys.stdout),
        sources=result.sources,
        documents=result.documents,
        version=__version__,
        rules=BY_CODE,
    )


def _write_report(report: str, output: str | None) -> bool:
    if output is None:
        sys.stdout.write(report)
        return True
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(report)
    except OSError as error:
        print(f"{PROG}: error: {output}: {(error.strerror or str(error)).lower()}", file=sys.stderr)
        return False
    return True


def run(
    paths: Sequence[str],
    settings: Settings,
    stdin_name: str = "<stdin>",
    options: RunOptions | None = None,
) -> RunResult:
    """Lint every path; with ``options``, each file gets the settings of its configuration."""
    result = RunResult()
    keep = options is not None and options.format == "full"
    jobs = options.jobs if options else 1
    tasks: list[_Task | files.InputError] = []
    for item in files.discover(list(paths)):
        if isinstance(item, files.InputError):
            tasks.append(item)
            continue
        name = stdin_name if item == files.STDIN else item
        tasks.append(_Task(item, name, options.settings_for(name) if options else settings, keep))
    for outcome in _outcomes(tasks, jobs):
        if isinstance(outcome, files.InputError):
            result.input_errors.append(outcome)
            continue
        result.files.append(outcome.name)
        result.documents[outcome.name] = outcome.documents
        result.diagnostics.extend(outcome.diagnostics)
        if outcome.source is not None:
            result.sources[outcome.name] = outcome.source
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


@dataclass(frozen=True)
class _Task:
    """One file to lint, with the settings of its configuration."""

    path: str
    name: str
    settings: Settings
    keep_source: bool


@dataclass(frozen=True)
class _Outcome:
    name: str
    diagnostics: list[Diagnostic]
    documents: int
    source: str | None  # kept for the ``full`` format


def _outcomes(tasks: list[_Task | files.InputError], jobs: int) -> Iterator[_Outcome | InputError]:
    """Each task's outcome, in the order given, whatever the number of processes."""
    pooled = [t for t in tasks if isinstance(t, _Task) and t.path != files.STDIN]
    if jobs < 2 or len(pooled) < 2:
        yield from (t if isinstance(t, InputError) else _outcome(t) for t in tasks)
        return
    from .checking.parallel import lint_in_processes

    done = lint_in_processes(_outcome, pooled, jobs)
    for task in tasks:
        if isinstance(task, InputError):
            yield task
        else:
            yield _outcome(task) if task.path == files.STDIN else next(done)


def _outcome(task: _Task) -> _Outcome | InputError:
    data = _read(task.path, task.settings)
    if isinstance(data, InputError):
        return data
    if isinstance(data, _Large):
        with open(data.path, "rb") as handle:
            return _Outcome(
                task.name, engine.lint_stream(handle, task.name, task.settings), 0, None
            )
    if isinstance(data, files.TooLarge):
        failure = LoadFailure(LIMIT, f"file is larger than {data.size} bytes; not read", None, 0)
        found = list(engine.failure_diagnostics(failure, task.name, task.settings))
        return _Outcome(task.name, found, 0, None)
    text = decode(data)
    if isinstance(text, LoadFailure):
        found = list(engine.failure_diagnostics(text, task.name, task.settings))
        return _Outcome(task.name, found, 0, None)
    linted = engine.lint_source(text, task.name, task.settings)
    source = text if task.keep_source else None
    return _Outcome(task.name, linted.diagnostics, linted.documents, source)


# YAML files from this size on are read piece by piece, so that memory stays
# that of one document however long the stream (smaller files are read whole:
# faster, suppression comments apply, and reader errors get a position).
STREAM_FROM = 8 * 1024 * 1024


@dataclass(frozen=True)
class _Large:
    path: str


def _read(path: str, settings: Settings) -> bytes | InputError | files.TooLarge | _Large:
    if path == files.STDIN:
        data = sys.stdin.buffer.read(settings.max_file_size + 1)
        return (
            files.TooLarge(path, settings.max_file_size)
            if len(data) > settings.max_file_size
            else data
        )
    if not path.endswith(".json"):
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0  # files.read reports it
        if STREAM_FROM <= size <= settings.max_file_size and os.path.isfile(path):
            return _Large(path)
    return files.read(path, settings.max_file_size)


def exit_code(result: RunResult, fail_on: Severity) -> int:
    if result.input_errors:
        return EXIT_USAGE
    failing = any(d.severity.rank >= fail_on.rank for d in result.diagnostics)
    return EXIT_FINDINGS if failing else EXIT_CLEAN


def summary(result: RunResult) -> str:
    errors = sum(d.severity is Severity.ERROR for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    checked = _plural(len(result.files), "file")
    if not result.diagnostics:
        return f"All checks passed ({checked} checked)."
    with_findings = len({d.file for d in result.diagnostics})
    return (
        f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
        f" in {_plural(with_findings, 'file')} ({checked} checked)."
    )


def statistics(diagnostics: Sequence[Diagnostic]) -> str:
    """Findings per rule, most frequent first: ``count  CODE  name``."""
    counts = Counter((d.code, d.name) for d in diagnostics)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(max(counts.values()))) if counts else 1
    return "".join(f"{n:>{width}}  {code}  {name}\n" for (code, name), n in ordered)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
