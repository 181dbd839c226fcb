"""processes.call_all: results in item order, failures raised, no process left behind."""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from imagetag_lint.checking import processes

PARENT = os.getpid()
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="forked workers are used on Linux only"
)


def _square_with_pid(item: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that every process gets some of the queue
    return item * item, os.getpid()


def _fails_on_57(item: int) -> int:
    if item == 57:
        raise ValueError("item 57")
    return item


def _worker_dies(item: int) -> int:
    time.sleep(0.002)
    if os.getpid() != PARENT:
        os._exit(3)
    return item


@linux_only
def test_results_come_in_item_order_from_every_process() -> None:
    done = list(processes.call_all(_square_with_pid, list(range(200)), 3))
    assert [square for square, _ in done] == [n * n for n in range(200)]
    pids = {pid for _, pid in done}
    assert PARENT in pids
    assert len(pids) >= 2
    for pid in pids - {PARENT}:  # every forked process was reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_pool_gives_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_can_fork", lambda: False)
    done = list(processes.call_all(_square_with_pid, list(range(40)), 2))
    assert [square for square, _ in done] == [n * n for n in range(40)]


@linux_only
def test_an_error_in_any_process_is_raised_again() -> None:
    with pytest.raises(ValueError, match="item 57"):
        list(processes.call_all(_fails_on_57, list(range(200)), 2))


@linux_only
def test_a_process_that_dies_fails_the_call() -> None:
    with pytest.raises(processes.WorkerFailed, match="ended unexpectedly"):
        list(processes.call_all(_worker_dies, list(range(100)), 2))


def test_more_processes_than_batches_fork_no_idle_ones() -> None:
    assert list(processes.call_all(_fails_on_57, [1, 2], 8)) == [1, 2]


def test_a_process_with_other_threads_does_not_fork() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not processes._can_fork()
    finally:
        stop.set()
        thread.join()
    assert processes._can_fork() == sys.platform.startswith("linux")


def test_batches_fit_the_queue_whatever_the_number_of_items() -> None:
    assert processes.batch_size(2_000, 2) == 16
    assert processes.batch_size(40, 2) == 2
    assert processes.batch_size(1, 4) == 1
    many = 1_000_000
    assert -(-many // processes.batch_size(many, 2)) <= processes._MOST_BATCHES


def _touch(folder: str) -> Callable[[int], int]:
    return functools.partial(_touch_item, folder)


def _touch_item(folder: str, item: int) -> int:
    time.sleep(0.002)
    Path(folder, f"{os.getpid()}-{item}").touch()
    return item


@linux_only
def test_results_are_handed_on_as_they_come_and_closing_ends_the_workers(
    tmp_path: Path,
) -> None:
    results = processes.call_all(_touch(str(tmp_path)), list(range(300)), 2)
    assert next(results) == 0
    assert len(list(tmp_path.iterdir())) < 300  # the first before the last is done
    results.close()
    pids = {int(path.name.split("-")[0]) for path in tmp_path.iterdir()} - {PARENT}
    assert pids  # a worker took some of the items
    for pid in pids:  # and was ended and reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def _large(item: int) -> str:
    return str(item) * 40_000  # answers longer than a pipe holds


@linux_only
def test_answers_longer_than_a_pipe_arrive_whole() -> None:
    assert list(processes.call_all(_large, list(range(20)), 2)) == [
        str(n) * 40_000 for n in range(20)
    ]
