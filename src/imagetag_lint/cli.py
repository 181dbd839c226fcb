"""The command line: the only place that prints and picks the exit code.

Exit codes: 0 no failing findings, 1 failing findings, 2 usage or input errors.
With ``--fix`` the findings are those left after the fixes; ``--fix-only`` and
``--diff`` report none and exit 0 (``--diff``: 1 when there is a diff, as ruff does).
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from types import SimpleNamespace

from . import __version__
from .checking import runner
from .checking.runner import RunResult
from .configuration.options import RunOptions, Shown
from .diagnostics import Diagnostic, LintedFile, Severity
from .errors import Invalid, UsageError
from .frozen import NamedTuple
from .loading.files import DEFAULT_EXCLUDE, STDIN
from .openshift import kinds
from .reporting import FORMATS, ReportContext, Spooled, Streaming, get_reporter, get_streaming
from .rules import BY_CODE
from .settings import DEFAULT_SETTINGS, AllowedRegistry

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, NoReturn, TextIO

    from .configuration.options import Arguments

PROG = "imagetag-lint"
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
# The values of the options that take one of a few, for argparse and the plain reader.
_PROFILES = ("manifest", "object")
_COLORS = ("auto", "always", "never")
_FAIL_ON = ("error", "warning")


def _columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0 and sys.__stdout__ is not None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser: its help, its errors, and every form of argument."""
    import argparse

    class _Formatter(argparse.HelpFormatter):
        """argparse's help formatter, as wide as the terminal, measured the way
        ``shutil.get_terminal_size`` measures it: argparse makes one for every option
        it adds, and its own way imports shutil, and the compression modules shutil
        imports, on every run."""

        def __init__(self, prog: str) -> None:
            super().__init__(prog, width=_columns() - 2)

    parser = argparse.ArgumentParser(
        prog=PROG,
        formatter_class=_Formatter,
        description="Lint OpenShift image API manifests (ImageTag, image.openshift.io/v1) "
        "written as YAML or JSON.",
        epilog="Sub-commands: 'imagetag-lint rules' lists every rule, 'imagetag-lint rule "
        "CODE' documents one, 'imagetag-lint serve' runs the validating admission webhook, "
        "'imagetag-lint schema KIND' prints a kind's self-contained JSON Schema "
        "(each takes --help). Every option except --config, --isolated, --show-settings "
        "and the fixing ones (--fix, --unsafe-fixes, --fix-only, --diff) can also be set in "
        "the configuration ([tool.imagetag-lint] in pyproject.toml, or .imagetag-lint.toml), "
        "under its own name. Exit codes: 0 no failing findings, 1 failing findings (with "
        "--diff: a diff), 2 usage, configuration or input errors.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or directories to lint (directories: *.yaml, *.yml, *.json in any case,"
        " recursively); '-' reads standard input",
    )
    parser.add_argument(
        "--profile",
        choices=_PROFILES,
        help="manifest: what people write and apply (default); "
        "object: full objects as the API returns them",
    )
    _add_output_options(parser)
    _add_selection_options(parser)
    _add_fix_options(parser)
    _add_file_options(parser)
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
        choices=_COLORS,
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
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=None,
        help="print findings only: no summary line and no warnings (errors still show)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=None,
        help="with the concise and full formats, also print each skipped document (and"
        " each file named but excluded) with the reason to standard error",
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
        choices=_FAIL_ON,
        help="the least severity that makes the exit code 1 (default: error)",
    )
    parser.add_argument(
        "--exit-zero",
        action="store_true",
        default=None,
        help="exit 0 even when there are findings (usage and input errors still exit 2)",
    )


def _add_fix_options(parser: argparse.ArgumentParser) -> None:
    # Command-line options only, never configuration keys: a configuration shared by
    # editors, CI and pre-commit must not turn a check that fails into one that rewrites
    # the files and passes.
    parser.add_argument(
        "--fix",
        action="store_true",
        help="apply every safe fix to the files, then report the findings left;"
        " with '-', print the fixed text and report on standard error",
    )
    parser.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix, --fix-only or --diff, also apply the fixes that change what a"
        " manifest means",
    )
    parser.add_argument(
        "--fix-only",
        action="store_true",
        help="apply the fixes as --fix does, but report no finding left and exit 0",
    )
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of the fixes and write no file; exit 1 when there is a diff",
    )


def _add_file_options(parser: argparse.ArgumentParser) -> None:
    import argparse

    parser.add_argument(
        "--exclude",
        metavar="GLOB",
        type=_comma_list,
        action="extend",
        help="leave out of directory walks what these gitignore-style globs match, instead of"
        f" the defaults ({', '.join(DEFAULT_EXCLUDE)})",
    )
    parser.add_argument(
        "--extend-exclude",
        metavar="GLOB",
        type=_comma_list,
        action="extend",
        help="leave these out as well",
    )
    parser.add_argument(
        "--respect-gitignore",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="in a Git repository, leave out of directory walks what .gitignore files ignore"
        " (default: on)",
    )
    parser.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the exclude globs to paths named explicitly too (as pre-commit needs)",
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
        "--show-settings",
        metavar="PATH",
        help="print the configuration file and every setting that applies to PATH, and exit",
    )
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
        import argparse

        raise argparse.ArgumentTypeError(f"expected a number of processes, got {text!r}")
    return jobs


def _comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _kinds_option(text: str) -> frozenset[str]:
    parsed = kinds.parse_kinds(text)
    if isinstance(parsed, Invalid):
        import argparse

        raise argparse.ArgumentTypeError(parsed.message)
    return parsed


def parse_args(argv: Sequence[str]) -> Arguments:
    """The command line read: by ``read_plainly`` when it can, otherwise by argparse."""
    plain = read_plainly(argv)
    return build_parser().parse_args(argv) if plain is None else plain


# The command line as pre-commit and CI write it, read without argparse: importing it
# and building the parser is a tenth of a one-file run. Each option is spelt out in full
# (``--opt VALUE`` or ``--opt=VALUE``), its value is valid and does not begin with '-',
# and the paths come in one run, as argparse takes them. For anything else (help, an
# abbreviation, a bad value, '--') ``read_plainly`` answers None and argparse reads the
# line or explains what is wrong with it. A test holds the two to the same answers.

# option -> (attribute, value) for the options that take no value
_SWITCHES: dict[str, tuple[str, bool]] = {
    "--fix": ("fix", True),
    "--unsafe-fixes": ("unsafe_fixes", True),
    "--fix-only": ("fix_only", True),
    "--diff": ("diff", True),
    "--isolated": ("isolated", True),
    "--statistics": ("statistics", True),
    "-q": ("quiet", True),
    "--quiet": ("quiet", True),
    "-v": ("verbose", True),
    "--verbose": ("verbose", True),
    "--exit-zero": ("exit_zero", True),
    "--respect-gitignore": ("respect_gitignore", True),
    "--no-respect-gitignore": ("respect_gitignore", False),
    "--force-exclude": ("force_exclude", True),
    "--no-force-exclude": ("force_exclude", False),
}


def _one_of(*choices: str) -> Callable[[str], str]:
    def choose(text: str) -> str:
        if text not in choices:
            raise ValueError(text)
        return text

    return choose


# option -> (attribute, conversion, whether its values add up); a conversion that raises
# sends the line to argparse, which reports the error
_VALUED: dict[str, tuple[str, Callable[[str], Any], bool]] = {
    "--profile": ("profile", _one_of(*_PROFILES), False),
    "--kinds": ("kinds", _kinds_option, False),
    "--format": ("format", _one_of(*FORMATS), False),
    "--output": ("output", str, False),
    "--color": ("color", _one_of(*_COLORS), False),
    "--stdin-filename": ("stdin_filename", str, False),
    "--select": ("select", _comma_list, True),
    "--extend-select": ("extend_select", _comma_list, True),
    "--ignore": ("ignore", _comma_list, True),
    "--severity": ("severity", lambda text: [text], True),
    "--fail-on": ("fail_on", _one_of(*_FAIL_ON), False),
    "--exclude": ("exclude", _comma_list, True),
    "--extend-exclude": ("extend_exclude", _comma_list, True),
    "--max-file-size": ("max_file_size", int, False),
    "--config": ("config", str, False),
    "--show-settings": ("show_settings", str, False),
    "-j": ("jobs", _jobs, False),
    "--jobs": ("jobs", _jobs, False),
}

# What argparse gives an option that is not on the command line.
DEFAULTS: dict[str, object] = {
    "paths": [],
    **{attribute: None for attribute, _, _ in _VALUED.values()},
    **{attribute: None for attribute, _ in _SWITCHES.values()},
    **dict.fromkeys(("fix", "unsafe_fixes", "fix_only", "diff", "isolated"), False),
}


def read_plainly(argv: Sequence[str]) -> SimpleNamespace | None:
    """What argparse makes of ``argv``, when it is plainly written; None otherwise."""
    values: dict[str, Any] = dict(DEFAULTS)
    paths: list[str] = []
    ended = False  # a run of paths has ended: another path is argparse's error
    index = 0
    while index < len(argv):
        argument = argv[index]
        index += 1
        if argument == "-" or not argument.startswith("-"):
            if ended:
                return None
            paths.append(argument)
            continue
        ended = bool(paths)
        if argument in _SWITCHES:
            attribute, value = _SWITCHES[argument]
            values[attribute] = value
            continue
        option, equals, text = argument.partition("=")
        if option not in _VALUED or (not option.startswith("--") and equals):
            return None
        if not equals:
            if index == len(argv) or argv[index].startswith("-"):
                return None
            text = argv[index]
            index += 1
        attribute, convert, adds_up = _VALUED[option]
        try:
            value = convert(text)
        except Exception:  # argparse says what is wrong, in its own words
            return None
        values[attribute] = [*(values[attribute] or ()), *value] if adds_up else value
    values["paths"] = paths
    return SimpleNamespace(**values)


def run() -> NoReturn:
    """The ``imagetag-lint`` program: ``main`` on the command line's arguments, then exit.

    What start-up made (modules, rules, compiled checks) lives until the exit, so it
    is frozen first (``gc.freeze``): no collection walks it again, and processes forked
    for ``--jobs`` keep sharing its memory instead of copying each page a collection
    touches. Once the output is flushed the process ends without the interpreter's
    teardown, which frees every module and object one by one: a tenth of a one-file
    run. Nothing of ours is left to close by then (reports, fixed files and workers are
    closed as the run ends), and the package registers no exit handlers. A program that
    calls ``main`` itself gets neither.
    """
    gc.freeze()
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the interpreter report it as always
        sys.exit(code)
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] in (["rules"], ["rule"]):  # sub-commands; lint a path named so as ./rules
        from . import ruledocs

        return ruledocs.main_subcommand(argv)
    if argv[:1] == ["serve"]:  # the webhook server has options of its own
        from .configuration.options import serve_configuration
        from .serving import server

        return server.main(argv[1:], configure=serve_configuration)
    if argv[:1] == ["schema"]:  # one kind's self-contained JSON Schema, for other tools
        from . import schemaexport

        return schemaexport.main(argv[1:])
    args = parse_args(argv)
    if args.show_settings is not None and args.paths:
        print(f"{PROG}: error: --show-settings takes no other paths", file=sys.stderr)
        return EXIT_USAGE
    if args.show_settings is None and not args.paths:
        print(f"{PROG}: error: no paths given (use '-' for standard input)", file=sys.stderr)
        return EXIT_USAGE
    try:
        options = RunOptions.from_args(args)
        if args.show_settings is not None:
            sys.stdout.write(show_settings(options.shown(args.show_settings)))
            return EXIT_CLEAN
        mode = FixMode.of(args)
        stream = _streamed_report(options, mode)
        if stream is None:
            result = _run(args.paths, options, mode)
        else:
            with stream:
                result = _run(args.paths, options, mode, stream)
                stream.finish(result, options)
    except UsageError as problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except _Unwritable as unwritable:
        print(f"{PROG}: error: {unwritable}", file=sys.stderr)
        return EXIT_USAGE
    if stream is None and not _report(
        result, options, mode, fixing_stdin=mode.fixing and STDIN in args.paths
    ):
        return EXIT_USAGE
    if _lists_skips(options):
        sys.stderr.write(skipped(result))
    for error in result.input_errors:
        print(f"{PROG}: error: {error.path}: {error.message}", file=sys.stderr)
    if options.statistics:
        sys.stderr.write(statistics(result.tally))
    if not options.quiet:
        nothing = not result.files and not result.input_errors
        closing = f"{PROG}: warning: {nothing_found(args.paths)}" if nothing else None
        print(closing or _closing(result, mode), file=sys.stderr)
    if result.input_errors:
        return EXIT_USAGE
    if mode.diff:
        return EXIT_FINDINGS if result.diffs else EXIT_CLEAN
    if options.exit_zero or mode.only:
        return EXIT_CLEAN
    return exit_code(result, options.fail_on)


class _Unwritable(Exception):
    """The report's ``--output`` file cannot be opened or written."""


class _StreamedReport:
    """A report written as the run goes (``reporting.Streaming``), in bounded memory.

    A ``Spooled`` format's body goes to an anonymous temporary file until its head is
    known; then head and body go out. A run that could not hand its files over in
    report order (``RunResult.streamed``) is reported at the end, as without streaming.
    """

    def __init__(self, streaming: Streaming, output: str | None) -> None:
        self.streaming = streaming
        self.output = output
        self.handle: TextIO = sys.stdout
        self.spool: TextIO | None = None

    def __enter__(self) -> _StreamedReport:
        if self.output is not None:
            try:
                self.handle = open(self.output, "w", encoding="utf-8")
            except OSError as error:
                raise _Unwritable(_os_problem(self.output, error)) from None
        if isinstance(self.streaming, Spooled):
            self.spool = _spool()
        return self

    def file(self, linted: LintedFile) -> None:
        self._put(self.streaming.file(linted))

    def write(self, diagnostics: Sequence[Diagnostic]) -> None:
        self._put(self.streaming.part(diagnostics))

    def finish(self, result: RunResult, options: RunOptions) -> None:
        """Write what is left of the report, or all of it if the run could not stream."""
        if not result.streamed:
            render = get_reporter(options.format)
            self._out([render(result.diagnostics, _context(result, options))])
            return
        self._put(self.streaming.end())
        if self.spool is not None:
            assert isinstance(self.streaming, Spooled)
            self._out([self.streaming.head()])
            self.spool.seek(0)
            self._out(self.streaming.body(self.spool))

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if self.spool is not None:
                self.spool.close()
        finally:
            if self.handle is not sys.stdout:
                self._close(failing=kind is not None)

    def _close(self, failing: bool) -> None:
        """Close the report's file: what is still buffered is written now, and may not fit."""
        try:
            self.handle.close()
        except OSError as error:
            if not failing:  # else the error that stopped the run is the one to tell
                raise _Unwritable(_os_problem(self.output or "<stdout>", error)) from None

    def _put(self, text: str) -> None:
        """Write a piece of the body: spooled, or straight out."""
        if self.spool is None:
            self._out([text])
            return
        try:
            self.spool.write(text)
        except OSError as error:  # the temporary file's disk is full: the report fails
            raise _Unwritable(_os_problem(self.output or "<stdout>", error)) from None

    def _out(self, texts: Iterable[str]) -> None:
        """Write to the report's file or standard output."""
        try:
            self.handle.writelines(texts)
        except OSError as error:
            raise _Unwritable(_os_problem(self.output or "<stdout>", error)) from None


def _spool() -> TextIO:
    """An anonymous temporary file for a report's body: gone when closed, or when the
    process ends. Line breaks are kept as written, so the body goes out unchanged."""
    import tempfile  # only the formats with a head after their body need it

    return tempfile.TemporaryFile("w+", encoding="utf-8", newline="")


def _streamed_report(options: RunOptions, mode: FixMode) -> _StreamedReport | None:
    """The report to write as the run goes, for a format that can be; None to write it after."""
    if mode.fixing:
        return None  # the findings reported are those left after each file's fixes
    streaming = get_streaming(options.format)
    if streaming is None:
        return None
    return _StreamedReport(streaming(_context(RunResult(), options)), options.output)


class FixMode(NamedTuple):
    """What the fixing options ask of a run.

    ``--fix-only`` and ``--diff`` imply ``--fix``; ``--unsafe-fixes`` alone fixes nothing,
    as in ruff.
    """

    fixing: bool = False
    unsafe: bool = False
    only: bool = False  # leftover findings are neither reported nor failing
    diff: bool = False  # a diff instead of writing (always ``only``)

    @classmethod
    def of(cls, args: Arguments) -> FixMode:
        only = bool(args.fix_only or args.diff)
        return cls(bool(args.fix) or only, bool(args.unsafe_fixes), only, bool(args.diff))

    @property
    def fixes(self) -> runner.Fixing | None:
        return runner.Fixing(self.unsafe, write=not self.diff) if self.fixing else None


def _run(
    paths: Sequence[str], options: RunOptions, mode: FixMode, report: _StreamedReport | None = None
) -> RunResult:
    return runner.run(
        paths,
        options.settings_for,
        stdin_name=options.stdin_filename,
        jobs=options.jobs,
        keep_sources=options.format == "full",  # the one report that quotes source lines
        choice=options,
        fixes=mode.fixes,
        sink=None if report is None else report.write,
        file_sink=None if report is None else report.file,
        keep_skips=_lists_skips(options),
    )


# The formats people read: others are read by programs, which take the summary's counts.
_VERBOSE_FORMATS = frozenset({"concise", "full"})


def _lists_skips(options: RunOptions) -> bool:
    return options.verbose and not options.quiet and options.format in _VERBOSE_FORMATS


def skipped(result: RunResult) -> str:
    """``--verbose``: ``path: skipped: reason`` for each file named but excluded, then
    ``path:line:col: skipped: reason`` for each document that is not ours."""
    lines = [f"{item.path}: skipped: {item.reason}\n" for item in result.skipped_files]
    for skip in result.skips:
        where = skip.file if skip.line is None else f"{skip.file}:{skip.line}:{skip.column}"
        lines.append(f"{where}: skipped: {skip.reason}\n")
    return "".join(lines)


def _report(result: RunResult, options: RunOptions, mode: FixMode, *, fixing_stdin: bool) -> bool:
    """Print the report (or the diff, or the fixed standard input); False if it cannot be written.

    With ``--fix`` on standard input, standard output carries the fixed text, so the
    report goes to standard error (or ``--output``).
    """
    if mode.diff:
        return _write_report("".join(result.diffs), options.output)
    if fixing_stdin and result.stdin_output is not None:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.stdin_output)
        sys.stdout.buffer.flush()
    if mode.only:
        return True
    report = get_reporter(options.format)(result.diagnostics, _context(result, options))
    return _write_report(report, options.output, sys.stderr if fixing_stdin else sys.stdout)


def _context(result: RunResult, options: RunOptions) -> ReportContext:
    return ReportContext(
        files=result.files,
        color=options.color_for(sys.stdout),
        sources=result.sources,
        documents=result.documents,
        version=__version__,
        rules=BY_CODE,
        fail_on=options.fail_on,
        skipped=result.skipped,
    )


def _write_report(report: str, output: str | None, stream: TextIO | None = None) -> bool:
    if output is None:
        (stream or sys.stdout).write(report)
        return True
    try:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(report)
    except OSError as error:
        print(f"{PROG}: error: {_os_problem(output, error)}", file=sys.stderr)
        return False
    return True


def _os_problem(path: str, error: OSError) -> str:
    return f"{path}: {(error.strerror or str(error)).lower()}"


def exit_code(result: RunResult, fail_on: Severity) -> int:
    if result.input_errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if result.tally.reaches(fail_on) else EXIT_CLEAN


def summary(result: RunResult) -> str:
    errors = result.tally.count(Severity.ERROR)
    warnings = result.tally.total - errors
    scope = f"{_plural(len(result.files), 'file')} checked"
    if result.not_ours:  # said, so that "All checks passed" never hides how little was linted
        scope += (
            f"; {_plural(result.linted, 'document')} linted,"
            f" {result.not_ours} skipped: not of a kind this run lints"
        )
    if not result.tally.total:
        return f"All checks passed ({scope})."
    with_findings = len(result.tally.files)
    return (
        f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
        f" in {_plural(with_findings, 'file')} ({scope})."
    )


def _closing(result: RunResult, mode: FixMode) -> str:
    return fix_summary(result, diff=mode.diff) if mode.fixing else summary(result)


def fix_summary(result: RunResult, *, diff: bool = False) -> str:
    """``Fixed N findings (M remaining) in K files (C files checked).``; ``Would fix`` for a diff.

    M counts the findings left after the fixes, whether reported or not (``--fix-only``).
    """
    verb = "Would fix" if diff else "Fixed"
    return (
        f"{verb} {_plural(result.fixed, 'finding')} ({result.tally.total} remaining)"
        f" in {_plural(result.fixed_files, 'file')} ({_plural(len(result.files), 'file')}"
        " checked)."
    )


def nothing_found(paths: Sequence[str]) -> str:
    """Why nothing was linted: every path named is excluded, or holds no file to lint.

    Not a failure (the exit code stays 0): pre-commit passes only excluded files to a
    ``--force-exclude`` hook, and an empty directory has nothing wrong in it.
    """
    where = paths[0] if len(paths) == 1 else f"the {len(paths)} paths given"
    return f"no files to lint in {where} (no *.yaml, *.yml or *.json file that is not excluded)"


def show_settings(shown: Shown) -> str:
    """``--show-settings``: the files read, then every key as TOML (unset keys commented)."""
    lines = [
        f"# Settings for {shown.path}",
        f"# configuration: {shown.config or 'none (defaults)'}",
    ]
    if shown.report_config != shown.config:
        report = shown.report_config or "none (defaults)"
        lines.append(f"# report options (format ... jobs, serve) from: {report}")
    if shown.ignored_here:
        lines.append(f"# per-file-ignores for this path: {', '.join(shown.ignored_here)}")
    lines.append(f"# matched by the exclude globs: {'yes' if shown.excluded else 'no'}")
    for key, value in shown.values.items():
        if value is None:
            lines.append(f"# {key}: not set ({_UNSET.get(key, 'no default')})")
        else:
            lines.append(f"{key} = {_toml(value)}")
    return "\n".join(lines) + "\n"


_UNSET = {
    "output": "standard output",
    "allowed-registries": "image registries are not checked against a list",
}


def _toml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(key)} = {_toml(item)}" for key, item in value.items())
        return f"{{ {items} }}" if items else "{}"
    if isinstance(value, AllowedRegistry):
        return _toml({"domain-name": value.domain_name, "insecure": value.insecure})
    return f"[{', '.join(_toml(item) for item in value)}]"


def _toml_key(key: str) -> str:
    import json

    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def statistics(tally: runner.Tally) -> str:
    """Findings per rule, most frequent first: ``count  CODE  name``."""
    counts: Counter[tuple[str, str]] = Counter()
    for (code, name, _), n in tally.by_rule.items():
        counts[(code, name)] += n
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(max(counts.values()))) if counts else 1
    return "".join(f"{n:>{width}}  {code}  {name}\n" for (code, name), n in ordered)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
