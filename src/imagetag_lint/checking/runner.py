"""Linting the files of one run: which files, with which settings, in how many processes.

The command line names paths; this module expands them (``loading.files``, leaving out
what the configuration excludes), lints each file with the settings of its own
configuration (``engine.lint_input``) and gathers the findings, the files checked
and the inputs that could not be read. With ``jobs`` of 2 or more, files are linted
in a pool of processes; results are collected in the order of the files, so the
output is exactly that of one process.
Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..loading import files
from ..loading.files import InputError
from ..settings import Settings
from . import engine


@dataclass
class RunResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    input_errors: list[InputError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, kept on request
    documents: dict[str, int] = field(default_factory=dict)  # file -> documents in it
    # file -> 0-based indexes of its documents that are not image API objects
    skipped: dict[str, frozenset[int]] = field(default_factory=dict)


def run(
    paths: Sequence[str],
    settings_for: Callable[[str], Settings],
    *,
    stdin_name: str,
    jobs: int,
    keep_sources: bool,
    choice: files.Choice | None = None,
) -> RunResult:
    """Lint every path; ``settings_for(name)`` gives each file the settings of its configuration.

    ``keep_sources`` keeps each file's text for reports that quote it; ``choice`` says
    which paths are left out (by default: ``files.DEFAULT_EXCLUDE`` and .gitignore files).
    """
    tasks: list[_Task | InputError] = []
    for item in files.discover(list(paths), choice):
        if isinstance(item, InputError):
            tasks.append(item)
            continue
        name = stdin_name if item == files.STDIN else item
        tasks.append(_Task(item, name, settings_for(name), keep_sources))
    result = RunResult()
    for outcome in _outcomes(tasks, jobs):
        if isinstance(outcome, InputError):
            result.input_errors.append(outcome)
            continue
        result.files.append(outcome.name)
        result.documents[outcome.name] = outcome.documents
        result.skipped[outcome.name] = outcome.skipped
        result.diagnostics.extend(outcome.diagnostics)
        if outcome.source is not None:
            result.sources[outcome.name] = outcome.source
    result.diagnostics.sort(key=lambda d: d.sort_key)
    return result


@dataclass(frozen=True)
class _Task:
    """One file to lint, with the settings of its configuration."""

    path: str  # what to read (``-``: standard input)
    name: str  # what to report
    settings: Settings
    keep_source: bool


@dataclass(frozen=True)
class _Outcome:
    name: str
    diagnostics: list[Diagnostic]
    documents: int
    source: str | None  # kept for the reports that quote it
    skipped: frozenset[int]


def _outcomes(tasks: list[_Task | InputError], jobs: int) -> Iterator[_Outcome | InputError]:
    """Each task's outcome, in the order given, whatever the number of processes."""
    pooled = [t for t in tasks if isinstance(t, _Task) and t.path != files.STDIN]
    if jobs < 2 or len(pooled) < 2:
        yield from (t if isinstance(t, InputError) else _outcome(t) for t in tasks)
        return
    done = _in_processes(pooled, jobs)
    for task in tasks:
        if isinstance(task, InputError):
            yield task
        else:  # standard input belongs to this process: it is read here
            yield _outcome(task) if task.path == files.STDIN else next(done)


def _in_processes(tasks: list[_Task], jobs: int) -> Iterator[_Outcome | InputError]:
    """``_outcome`` of every task in ``jobs`` processes, yielded in task order."""
    # Imported only when used: a run in one process does not pay for the pool.
    from concurrent.futures import ProcessPoolExecutor

    # Several files per task: one file is too little work to pay for a round trip.
    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        yield from pool.map(_outcome, tasks, chunksize=chunk)


def _outcome(task: _Task) -> _Outcome | InputError:
    contents = files.read_input(task.path, task.settings.max_file_size)
    if isinstance(contents, InputError):
        return contents
    linted = engine.lint_input(contents, task.name, task.settings)
    source = linted.text if task.keep_source else None
    return _Outcome(task.name, linted.diagnostics, linted.documents, source, linted.skipped)
