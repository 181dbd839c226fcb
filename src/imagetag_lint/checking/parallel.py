"""Linting files in a pool of processes, results in the order of the files.

Imported only for ``--jobs`` of 2 or more. Each worker lints whole files and
returns their diagnostics; ``Executor.map`` hands results back in submission
order, so the output is exactly that of a run in one process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
Task = TypeVar("Task")


def lint_in_processes(lint_one: Callable[[Task], T], tasks: list[Task], jobs: int) -> Iterator[T]:
    """``lint_one`` over every task in ``jobs`` processes, yielding in task order."""
    # Several files per task: one file is too little work to pay for a round trip.
    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        yield from pool.map(lint_one, tasks, chunksize=chunk)
