"""Calling one function on many items in several processes, results in item order.

On Linux, ``jobs - 1`` processes are forked and this process works as well: the
forked ones inherit everything imported and built so far (rules, schemas, the
items themselves), so nothing is sent to them. Every process takes batches of
items from one shared pipe of batch numbers until it is empty, which keeps them
all busy to the end; each forked one sends the results of each batch back,
pickled, on a pipe of its own. Between its own batches this process reads what
has arrived and hands on the results that are next in order, so only results
that arrived early are held. Nothing is imported for it and no thread is
started, so a run in two processes pays little more than the work itself.

Elsewhere (macOS and Windows start processes by spawning, not forking), or when
this process already runs other threads (a fork copies only the calling thread,
with any lock another one held), a ``concurrent.futures`` process pool does it.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
from collections.abc import Callable, Iterator, Sequence

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final, TypeVar

    Item = TypeVar("Item")
    Result = TypeVar("Result")
_NUMBER: Final = 4  # bytes of a batch number in the queue
_LENGTH: Final = 8  # bytes of the length before each pickled answer
# A pipe holds 64 KiB; the batch numbers are written before any process reads them.
_MOST_BATCHES: Final = 16384 // 2


class WorkerFailed(RuntimeError):
    """A forked process ended without sending all its results back."""


def call_all(
    function: Callable[[Item], Result], items: Sequence[Item], jobs: int
) -> Iterator[Result]:
    """``function(item)`` for each item, computed in ``jobs`` processes, in item order."""
    batch = batch_size(len(items), jobs)
    if _can_fork():
        yield from _forked(function, items, jobs, batch)
        return
    from concurrent.futures import ProcessPoolExecutor  # a run in one process never pays

    with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as pool:
        yield from pool.map(function, items, chunksize=batch)


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
) -> Iterator[Result]:
    queue, queue_end = os.pipe()
    starts = range(0, len(items), batch)
    os.write(queue_end, b"".join(start.to_bytes(_NUMBER, "little") for start in starts))
    os.close(queue_end)  # an empty queue now reads as its end
    workers: dict[int, _Worker] = {}
    try:
        for _ in range(min(jobs, len(starts)) - 1):
            worker = _fork(function, items, batch, queue)
            workers[worker.answers] = worker
        arrived: dict[int, Any] = {}
        following = 0  # the index of the next result to hand on
        while following < len(items):
            taken = _take(queue)
            if taken is not None:
                arrived.update(_batch(function, items, taken, batch))
            elif not workers:
                raise WorkerFailed("a worker process ended without all its results")
            _receive(workers, arrived, wait=taken is None)
            while following in arrived:
                yield arrived.pop(following)
                following += 1
        while workers:  # each has sent its last answer: wait for it to end
            _receive(workers, arrived, wait=True)
    finally:
        os.close(queue)
        for worker in workers.values():  # left only when something failed: end them
            os.close(worker.answers)
            _end(worker.pid)


class _Worker:
    """A forked process: its pid, its pipe of answers, and what arrived of the next one."""

    __slots__ = ("answers", "pid", "received")

    def __init__(self, pid: int, answers: int) -> None:
        self.pid = pid
        self.answers = answers
        self.received = bytearray()


def _fork(
    function: Callable[[Item], Result], items: Sequence[Item], batch: int, queue: int
) -> _Worker:
    """A forked process working through the queue, sending each batch's results."""
    answers, answers_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(answers_end)
        return _Worker(pid, answers)
    code = 1
    try:  # the forked process: never returns into the caller's code
        os.close(answers)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly
        with os.fdopen(answers_end, "wb") as channel:
            try:
                while (start := _take(queue)) is not None:
                    _send(channel, _batch(function, items, start, batch))
            except Exception as error:  # sent back: raised again in the parent
                _send(channel, error)
        code = 0
    finally:
        os._exit(code)


def _take(queue: int) -> int | None:
    """The first item of the next batch in the queue; None once it is empty."""
    number = os.read(queue, _NUMBER)
    return int.from_bytes(number, "little") if number else None


def _batch(
    function: Callable[[Item], Result], items: Sequence[Item], start: int, batch: int
) -> dict[int, Result]:
    return {index: function(items[index]) for index in range(start, min(start + batch, len(items)))}


def _send(channel: Any, answer: object) -> None:
    data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    channel.write(len(data).to_bytes(_LENGTH, "little") + data)
    channel.flush()


def _receive(workers: dict[int, _Worker], arrived: dict[int, Any], *, wait: bool) -> None:
    """Read what the workers have sent (waiting for something when ``wait``); a worker's
    error is raised here."""
    if not workers:
        return
    readable, _, _ = select.select(list(workers), [], [], None if wait else 0)
    for answers in readable:
        worker = workers[answers]
        data = os.read(answers, 1 << 16)
        if not data:  # it has sent everything and ended
            del workers[answers]
            os.close(answers)
            _, status = os.waitpid(worker.pid, 0)
            if worker.received or status:
                raise WorkerFailed(f"a worker process (pid {worker.pid}) ended unexpectedly")
            continue
        worker.received += data
        for answer in _answers(worker.received):
            if isinstance(answer, Exception):
                raise answer
            arrived.update(answer)


def _answers(received: bytearray) -> Iterator[Any]:
    """The whole answers at the start of ``received``, taken out of it."""
    while len(received) >= _LENGTH:
        length = int.from_bytes(received[:_LENGTH], "little")
        if len(received) < _LENGTH + length:
            return
        answer = pickle.loads(received[_LENGTH : _LENGTH + length])
        del received[: _LENGTH + length]
        yield answer


def _end(pid: int) -> None:
    """End a forked process that still works, and reap it."""
    try:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
