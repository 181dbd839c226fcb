"""Linting the files of one run: which files, with which settings, in how many processes.

The command line names paths; this module expands them (``loading.files``, leaving out
what the configuration excludes), lints each file with the settings of its own
configuration (``engine.lint_input``) and gathers the findings, the files checked
and the inputs that could not be read. With ``jobs`` of 2 or more, files are linted
in several processes (``processes``); results are collected in the order of the files,
so the output is exactly that of one process.

With ``Fixing`` (``--fix``, ``--diff``), each file is fixed where it is linted, in the
worker process: it is read once, linted, and only when a finding has a fix to apply is
it fixed (``fixing.fix_text``) and written back (``files.write_fixed``), or turned into
a unified diff. A file without a fix to apply is never written, so it keeps its
modification time. Standard input is never written: its fixed text is handed back.
Nothing here prints.

With a ``sink`` (a report written as it goes: ``reporting.Streaming``), findings are not
kept: each file's, and in a file read piece by piece each document's, are handed to the
sink as soon as they are known, and only their counts (``Tally``) stay, so a run of any
size lints in bounded memory. A ``file_sink`` is handed each file (``LintedFile``: its
text when kept, its documents and those skipped), clean ones included, before its
findings, and the run keeps none of that either. That needs the files in the order the
report sorts them (by name); otherwise nothing is handed over, the run keeps all of it
as it does without a sink (``RunResult.streamed`` is False), and the report is written
from it at the end, so the output is the same either way.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from ..diagnostics import Diagnostic, LintedFile, Severity
from ..frozen import NamedTuple
from ..loading import files
from ..loading.files import InputError
from ..settings import Settings
from . import engine, gate

Sink = Callable[[Sequence[Diagnostic]], None]
FileSink = Callable[[LintedFile], None]


class Tally:
    """How many findings a run had, by rule and severity, and in which files."""

    __slots__ = ("by_rule", "files")

    def __init__(self) -> None:
        self.by_rule: Counter[tuple[str, str, Severity]] = Counter()
        self.files: set[str] = set()  # the files with a finding

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        for d in diagnostics:
            self.by_rule[(d.code, d.name, d.severity)] += 1
            self.files.add(d.file)

    @property
    def total(self) -> int:
        return self.by_rule.total()

    def count(self, severity: Severity) -> int:
        return sum(n for (_, _, level), n in self.by_rule.items() if level is severity)

    def reaches(self, severity: Severity) -> bool:
        """Whether a finding is at least as severe as ``severity``."""
        return any(level.rank >= severity.rank for _, _, level in self.by_rule)


class RunResult:
    """What a run found, and what it read, fixed and left out."""

    __slots__ = (
        "diagnostics",
        "diffs",
        "documents",
        "files",
        "fixed",
        "fixed_files",
        "input_errors",
        "linted",
        "not_ours",
        "skipped",
        "skipped_files",
        "skips",
        "sources",
        "stdin_output",
        "streamed",
        "tally",
    )

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []  # empty when a sink took them
        self.streamed = False  # whether the sinks took the findings (and files) as they came
        self.tally = Tally()
        self.files: list[str] = []
        self.input_errors: list[InputError] = []
        # Unless a file sink took them:
        self.sources: dict[str, str] = {}  # file -> text, kept on request
        self.documents: dict[str, int] = {}  # file -> documents in it
        # file -> 0-based indexes of its documents that are not image API objects
        self.skipped: dict[str, frozenset[int]] = {}
        # kept on request (``keep_skips``): why each of those documents was skipped, file
        # by file, and the files named explicitly that the exclude globs left out
        self.skips: list[engine.Skipped] = []
        self.skipped_files: list[SkippedFile] = []
        self.linted = 0  # documents with an image API object, in every file
        self.not_ours = 0  # documents that are not image API objects, in every file
        self.fixed = 0  # fixes applied (or, with --diff, that would be)
        self.fixed_files = 0  # files those fixes changed
        self.diffs: list[str] = []  # --diff: one unified diff per changed file
        self.stdin_output: bytes | None = None  # --fix on standard input: the text to print


class SkippedFile(NamedTuple):
    """A file named explicitly that a run did not read, and why."""

    path: str
    reason: str


# A file named explicitly yields nothing to lint only when force-exclude leaves it out.
FORCE_EXCLUDED = "the exclude globs match it and force-exclude is on"


class Fixing(NamedTuple):
    """What a run fixes: ``--fix`` (safe fixes), ``--unsafe-fixes`` too, ``--diff`` (no writing)."""

    unsafe: bool = False
    write: bool = True  # False: make a diff of each file's fixes instead of writing them


def run(
    paths: Sequence[str],
    settings_for: Callable[[str], Settings],
    *,
    stdin_name: str,
    jobs: int,
    keep_sources: bool,
    choice: files.Choice | None = None,
    fixes: Fixing | None = None,
    sink: Sink | None = None,
    keep_skips: bool = False,
    file_sink: FileSink | None = None,
) -> RunResult:
    """Lint every path; ``settings_for(name)`` gives each file the settings of its configuration.

    ``keep_sources`` keeps each file's text for reports that quote it; ``choice`` says
    which paths are left out (by default: ``files.DEFAULT_EXCLUDE`` and .gitignore files);
    ``fixes`` fixes the files, and the findings are then those left after the fixes;
    ``sink`` takes the findings instead of ``RunResult.diagnostics``, and ``file_sink``
    each file instead of ``RunResult.sources``, ``documents`` and ``skipped`` (see above);
    ``keep_skips`` keeps why each document and file named that was not linted was skipped.
    """
    result = RunResult()
    tasks: list[_Task | InputError] = []
    for path in paths:
        tree = _tree(path)
        named = len(tasks)
        for item in files.discover([path], choice):
            if isinstance(item, InputError):
                tasks.append(item)
                continue
            name = stdin_name if item == files.STDIN else item
            task = _Task(item, name, settings_for(name), keep_sources, fixes, tree, keep_skips)
            tasks.append(task)
        if keep_skips and len(tasks) == named and not os.path.isdir(path):
            result.skipped_files.append(SkippedFile(path, FORCE_EXCLUDED))
    if len(tasks) >= gate.SMALL_RUN:  # before a pool forks: its processes inherit it
        gate.expect_many()
    if sink is not None and fixes is None and _in_report_order(tasks):
        handover = _Handover(result, sink, file_sink)
        result.streamed = True
    else:
        handover = _Handover(result)
    for outcome in _outcomes(tasks, jobs, handover if result.streamed else None):
        if isinstance(outcome, InputError):
            result.input_errors.append(outcome)
        else:
            _gather(result, outcome, handover)
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


def _in_report_order(tasks: Sequence[_Task | InputError]) -> bool:
    """Whether the files come in the order their findings are sorted in (by name, once each)."""
    names = [task.name for task in tasks if isinstance(task, _Task)]
    return all(a < b for a, b in itertools.pairwise(names))


class _Handover:
    """Where a run's files and findings go as they are known: to the sinks, or into the
    ``RunResult``. A file goes to the file sink once, before its first finding."""

    __slots__ = ("file_sink", "last", "result", "sink")

    def __init__(
        self, result: RunResult, sink: Sink | None = None, file_sink: FileSink | None = None
    ) -> None:
        self.result = result
        self.sink = sink
        self.file_sink = file_sink
        self.last: str | None = None  # the file last handed over (files come in name order)

    def file(self, linted: LintedFile) -> None:
        if self.file_sink is None:
            self.result.documents[linted.name] = linted.documents
            self.result.skipped[linted.name] = linted.skipped
            if linted.text is not None:
                self.result.sources[linted.name] = linted.text
        elif linted.name != self.last:
            self.last = linted.name
            self.file_sink(linted)

    def findings(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.result.tally.add(diagnostics)
        if self.sink is None:
            self.result.diagnostics.extend(diagnostics)
        elif diagnostics:
            self.sink(diagnostics)


def _gather(result: RunResult, outcome: _Outcome, handover: _Handover) -> None:
    result.files.append(outcome.name)
    result.linted += outcome.linted
    result.not_ours += outcome.not_ours
    result.skips.extend(outcome.skips)
    handover.file(LintedFile(outcome.name, outcome.source, outcome.documents, outcome.skipped))
    handover.findings(outcome.diagnostics)
    if outcome.error is not None:
        result.input_errors.append(outcome.error)
    if outcome.applied:
        result.fixed += outcome.applied
        result.fixed_files += 1
    if outcome.diff:
        result.diffs.append(outcome.diff)
    if outcome.output is not None:
        result.stdin_output = outcome.output


def _tree(path: str) -> str:
    """The tree a path names, out of which fixes never write through a symbolic link.

    A directory is its own tree. A file named explicitly belongs to the working
    directory when it is inside it (as pre-commit names files), else to its own directory.
    """
    if path == files.STDIN or os.path.isdir(path):
        return path
    parts = path.replace(os.altsep, os.sep).split(os.sep) if os.altsep else path.split(os.sep)
    if not os.path.isabs(path) and os.pardir not in parts:
        return os.getcwd()  # relative and never going up: inside the working directory
    here = os.getcwd()
    absolute = os.path.abspath(path)
    if os.path.commonpath([absolute, here]) == here:
        return here
    return os.path.dirname(absolute)


class _Task(NamedTuple):
    """One file to lint, with the settings of its configuration."""

    path: str  # what to read (``-``: standard input)
    name: str  # what to report
    settings: Settings
    keep_source: bool
    fixes: Fixing | None = None
    tree: str = "."  # the directory named on the command line that holds the file
    keep_skips: bool = False  # say why each document that is not ours was skipped


class _Outcome(NamedTuple):
    name: str
    diagnostics: list[Diagnostic]
    documents: int
    source: str | None  # kept for the reports that quote it
    skipped: frozenset[int]
    applied: int = 0  # fixes applied (written, or in the diff)
    diff: str = ""
    output: bytes | None = None  # standard input with --fix: the fixed bytes, to print
    error: InputError | None = None  # a fix that could not be written
    linted: int = 0  # documents with an image API object
    not_ours: int = 0  # documents that are not
    skips: tuple[engine.Skipped, ...] = ()  # why, when the task keeps that


def _outcomes(
    tasks: list[_Task | InputError], jobs: int, early: _Handover | None = None
) -> Iterator[_Outcome | InputError]:
    """Each task's outcome, in the order given, whatever the number of processes.

    ``early`` takes a file read piece by piece in this process, then its findings
    document by document; its outcome then holds only what must come last.
    """
    pooled = [t for t in tasks if isinstance(t, _Task) and t.path != files.STDIN]
    if jobs < 2 or len(pooled) < 2:
        yield from (t if isinstance(t, InputError) else _outcome(t, early) for t in tasks)
        return
    done = _in_processes(pooled, jobs)
    for task in tasks:
        if isinstance(task, InputError):
            yield task
        else:  # standard input belongs to this process: it is read here
            yield _outcome(task, early) if task.path == files.STDIN else next(done)


def _in_processes(tasks: list[_Task], jobs: int) -> Iterator[_Outcome | InputError]:
    """``_outcome`` of every task in ``jobs`` processes, yielded in task order."""
    from . import processes  # with pickle and signal: a run in one process does not pay

    yield from processes.call_all(_outcome, tasks, jobs)


def _outcome(task: _Task, early: _Handover | None = None) -> _Outcome | InputError:
    stdin = task.path == files.STDIN
    stamp = None if task.fixes is None or stdin else files.Stamp.of(task.path)  # before reading
    contents = files.read_input(task.path, task.settings.max_file_size)
    if isinstance(contents, InputError):
        return contents
    if early is not None and task.fixes is None and isinstance(contents, files.Stream):
        counts = engine.Counts(skips=[] if task.keep_skips else None)
        last = _stream(contents, task, early, counts)
        return _Outcome(
            task.name,
            last,
            0,
            None,
            frozenset(),
            linted=counts.linted,
            not_ours=counts.not_ours,
            skips=tuple(counts.skips or ()),
        )
    linted = engine.lint_input(contents, task.name, task.settings)
    source = linted.text if task.keep_source else None
    plain = _Outcome(
        task.name,
        linted.diagnostics,
        linted.documents,
        source,
        linted.skipped,
        linted=linted.linted,
        not_ours=linted.not_ours,
        skips=linted.skips if task.keep_skips else (),
    )
    if task.fixes is None:
        return plain
    echo = contents if stdin and task.fixes.write and isinstance(contents, bytes) else None
    unsafe = task.fixes.unsafe
    if linted.text is None or not any(_applies(d, unsafe) for d in linted.diagnostics):
        return plain._replace(output=echo)  # nothing to fix: never written
    from . import fixing

    fixed = fixing.fix_text(linted.text, task.name, task.settings, unsafe=unsafe)
    if not fixed.applied or fixed.text == linted.text:
        return plain._replace(output=echo)
    assert isinstance(contents, bytes)  # a text held whole was read whole
    done = plain._replace(
        diagnostics=fixed.diagnostics,
        source=fixed.text if task.keep_source else None,
        applied=fixed.applied,
    )
    if not task.fixes.write:
        return done._replace(diff=unified_diff(linted.text, fixed.text, task.name))
    data = files.encode_like(fixed.text, contents)
    if stdin:
        return done._replace(output=data)
    refused = files.write_fixed(task.path, data, stamp, task.tree)
    return done if refused is None else plain._replace(error=refused)


def _stream(
    contents: files.Stream, task: _Task, early: _Handover, counts: engine.Counts
) -> list[Diagnostic]:
    """Hand a long stream to ``early``, then its findings document by document.

    Returns those that sort after every positioned finding of the file: findings
    without a position in a document beyond the first (see ``Diagnostic.sort_key``),
    which only a document that ends the stream unread has.
    """
    early.file(LintedFile(task.name))  # no text held, no documents counted: as ``lint_input``
    last: list[Diagnostic] = []
    for found in engine.stream_findings(contents, task.name, task.settings, counts):
        now = [d for d in found if d.line is not None or d.document == 0]
        last.extend(d for d in found if d.line is None and d.document > 0)
        early.findings(now)
    return sorted(last, key=lambda d: d.sort_key)


def _applies(diagnostic: Diagnostic, unsafe: bool) -> bool:
    return diagnostic.fix is not None and (unsafe or diagnostic.fix.safe)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one file's fixes, as ``diff -u`` and ruff's ``--diff`` print it.

    A last line without a line break gets git's ``\\ No newline at end of file`` marker,
    so the diff can be applied with ``patch`` or ``git apply``.
    """
    import difflib  # only --diff needs it

    diff = difflib.unified_diff(_lines(before), _lines(after), name, name)
    return "".join(
        line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n" for line in diff
    )


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its line break; split at ``\\n`` only, as ``diff`` does."""
    parts = text.split("\n")
    return [f"{part}\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
