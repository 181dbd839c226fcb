"""Linting files in a pool of processes, results in the order of the files.

Imported only for ``--jobs`` of 2 or more. Each worker lints whole files and
returns their diagnostics; ``Executor.map`` hands results back in submission
order, so the output is exactly that of a run in one process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from types import MappingProxyType
from typing import TypeVar

from .settings import Settings

T = TypeVar("T")


def lint_in_processes(
    lint_one: Callable[[str, Settings, str], T],
    paths: list[str],
    settings: Settings,
    stdin_name: str,
    jobs: int,
) -> Iterator[T]:
    """``lint_one`` over every path in ``jobs`` processes, yielding in path order."""
    # Several files per task: one file is too little work to pay for a round trip.
    chunk = max(1, min(64, len(paths) // (jobs * 4)))
    task = partial(_in_worker, lint_one, portable(settings), stdin_name)
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(task, paths, chunksize=chunk)


def portable(settings: Settings) -> Settings:
    """The settings as a value that can be sent to another process (no mapping proxy)."""
    return dataclasses.replace(settings, severities=dict(settings.severities))


def _in_worker(
    lint_one: Callable[[str, Settings, str], T], settings: Settings, stdin_name: str, path: str
) -> T:
    frozen = dataclasses.replace(settings, severities=MappingProxyType(dict(settings.severities)))
    return lint_one(path, frozen, stdin_name)
