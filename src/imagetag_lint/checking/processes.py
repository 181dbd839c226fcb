"""Calling one function on many items in several processes, results in item order.

On Linux, ``jobs - 1`` processes are forked and this process works as well: the
forked ones inherit everything imported and built so far (rules, schemas, the
items themselves), so nothing is sent to them; they take batches of items from
one shared pipe of batch numbers until it is empty, which keeps every process
busy to the end, and each sends its results back, pickled, once it is done.
Nothing is imported for it and no thread is started, so a run in two processes
pays little more than the work itself.

Elsewhere (macOS and Windows start processes by spawning, not forking), or when
this process already runs other threads (a fork copies only the calling thread,
with any lock another one held), a ``concurrent.futures`` process pool does it.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_NUMBER: Final = 4  # bytes of a batch number in the pipe
# A pipe holds 64 KiB; the batch numbers are written before any process reads them.
_MOST_BATCHES: Final = 16384 // 2


class WorkerFailed(RuntimeError):
    """A forked process ended without sending its results back."""


def call_all(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """``[function(item) for item in items]``, computed in ``jobs`` processes."""
    batch = batch_size(len(items), jobs)
    if _can_fork():
        return _forked(function, items, jobs, batch)
    from concurrent.futures import ProcessPoolExecutor  # a run in one process never pays

    with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        return list(pool.map(function, items, chunksize=batch))


def batch_size(count: int, jobs: int) -> int:
    """Items taken at a time: enough to pay for the hand-over, few enough that every
    process stays busy to the end, and never more batches than the queue holds."""
    return max(1, min(16, count // (jobs * 8)), -(-count // _MOST_BATCHES))


def _can_fork() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def _forked(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int, batch: int
) -> list[Result]:
    queue, queue_end = os.pipe()
    starts = range(0, len(items), batch)
    os.write(queue_end, b"".join(start.to_bytes(_NUMBER, "little") for start in starts))
    os.close(queue_end)  # an empty queue now reads as its end
    workers: list[tuple[int, int]] = []
    try:
        for _ in range(min(jobs, len(starts)) - 1):
            workers.append(_fork(function, items, batch, queue))
        results: dict[int, Result] = dict(_work(function, items, batch, queue))
        while workers:
            results.update(_answers(*workers.pop()))
    finally:
        os.close(queue)
        for pid, answers in workers:  # left only when something failed: end them
            os.close(answers)
            _end(pid)
    return [results[index] for index in range(len(items))]


def _fork(
    function: Callable[[Item], Result], items: Sequence[Item], batch: int, queue: int
) -> tuple[int, int]:
    """A forked process working through the queue; (its pid, the pipe of its answers)."""
    answers, answers_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(answers_end)
        return pid, answers
    code = 1
    try:  # the forked process: never returns into the caller's code
        os.close(answers)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly
        try:
            reply = pickle.dumps(dict(_work(function, items, batch, queue)), protocol=-1)
        except Exception as error:  # sent back: raised again in the parent
            reply = pickle.dumps(error, protocol=-1)
        with os.fdopen(answers_end, "wb") as channel:
            channel.write(reply)
        code = 0
    finally:
        os._exit(code)


def _work(
    function: Callable[[Item], Result], items: Sequence[Item], batch: int, queue: int
) -> list[tuple[int, Result]]:
    """Take batch numbers from the queue until it is empty; each item's index and result."""
    done = []
    while number := os.read(queue, _NUMBER):
        start = int.from_bytes(number, "little")
        for index in range(start, min(start + batch, len(items))):
            done.append((index, function(items[index])))
    return done


def _answers(pid: int, answers: int) -> dict[int, Result]:
    """The results a forked process sends back, once it has ended."""
    with os.fdopen(answers, "rb") as channel:
        reply = channel.read()  # to its end: the process has sent everything and ends
    os.waitpid(pid, 0)
    if not reply:
        raise WorkerFailed(f"a worker process (pid {pid}) ended without its results")
    found = pickle.loads(reply)
    if isinstance(found, Exception):
        raise found
    assert isinstance(found, dict)
    return found


def _end(pid: int) -> None:
    """End a forked process that still works, and reap it."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
