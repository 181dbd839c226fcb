"""The command line: the only place that prints and picks the exit code.

Exit codes: 0 no failing findings, 1 failing findings, 2 usage or input errors.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import __version__, engine, files
from .diagnostics import Diagnostic, Severity
from .files import InputError
from .loader import LIMIT, LoadFailure
from .reporters import FORMATS, ReportContext, get_reporter
from .settings import DEFAULT_SETTINGS, Settings

PROG = "imagetag-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Lint OpenShift image API manifests (ImageTag, image.openshift.io/v1) "
        "written as YAML or JSON.",
        epilog="Exit codes: 0 no findings, 1 findings, 2 usage or input errors.",
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
        default="manifest",
        help="manifest: what people write and apply (default); "
        "object: full objects as the API returns them",
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="concise",
        help="report format (default: concise)",
    )
    parser.add_argument(
        "--stdin-filename",
        metavar="NAME",
        default="<stdin>",
        help="the file name to report for standard input",
    )
    parser.add_argument(
        "--max-file-size",
        metavar="BYTES",
        type=_byte_count,
        default=DEFAULT_SETTINGS.max_file_size,
        help="larger inputs are reported (ITL005) and not read"
        f" (default: {DEFAULT_SETTINGS.max_file_size})",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _byte_count(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {text!r}")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.paths:
        print(f"{PROG}: error: no paths given (use '-' for standard input)", file=sys.stderr)
        return EXIT_USAGE
    settings = dataclasses.replace(
        DEFAULT_SETTINGS, profile=args.profile, max_file_size=args.max_file_size
    )
    result = run(args.paths, settings, args.stdin_filename)
    context = ReportContext(files=result.files, sources=result.sources)
    sys.stdout.write(get_reporter(args.format)(result.diagnostics, context))
    for error in result.input_errors:
        print(f"{PROG}: error: {error.path}: {error.message}", file=sys.stderr)
    print(summary(result), file=sys.stderr)
    return exit_code(result, Severity.ERROR)


def run(paths: Sequence[str], settings: Settings, stdin_name: str = "<stdin>") -> RunResult:
    result = RunResult()
    for item in files.discover(list(paths)):
        if isinstance(item, files.InputError):
            result.input_errors.append(item)
            continue
        name = stdin_name if item == files.STDIN else item
        data = _read(item, settings)
        if isinstance(data, files.InputError):
            result.input_errors.append(data)
            continue
        result.files.append(name)
        result.diagnostics.extend(_lint(name, data, settings))
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


def _read(path: str, settings: Settings) -> bytes | files.InputError | files.TooLarge:
    if path == files.STDIN:
        data = sys.stdin.buffer.read(settings.max_file_size + 1)
        return (
            files.TooLarge(path, settings.max_file_size)
            if len(data) > settings.max_file_size
            else data
        )
    return files.read(path, settings.max_file_size)


def _lint(name: str, data: bytes | files.TooLarge, settings: Settings) -> list[Diagnostic]:
    if isinstance(data, files.TooLarge):
        failure = LoadFailure(LIMIT, f"file is larger than {data.size} bytes; not read", None, 0)
        return list(engine.failure_diagnostics(failure, name, settings))
    return engine.lint_bytes(data, name, settings)


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


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
