"""processes.call_all: results in item order, failures raised, no process left behind."""

from __future__ import annotations

import os
import sys
import threading
import time

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
    done = processes.call_all(_square_with_pid, list(range(200)), 3)
    assert [square for square, _ in done] == [n * n for n in range(200)]
    pids = {pid for _, pid in done}
    assert PARENT in pids
    assert len(pids) >= 2
    for pid in pids - {PARENT}:  # every forked process was reaped
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_pool_gives_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(processes, "_can_fork", lambda: False)
    done = processes.call_all(_square_with_pid, list(range(40)), 2)
    assert [square for square, _ in done] == [n * n for n in range(40)]


@linux_only
def test_an_error_in_any_process_is_raised_again() -> None:
    with pytest.raises(ValueError, match="item 57"):
        processes.call_all(_fails_on_57, list(range(200)), 2)


@linux_only
def test_a_process_that_dies_fails_the_call() -> None:
    with pytest.raises(processes.WorkerFailed, match="ended without its results"):
        processes.call_all(_worker_dies, list(range(100)), 2)


def test_more_processes_than_batches_fork_no_idle_ones() -> None:
    assert processes.call_all(_fails_on_57, [1, 2], 8) == [1, 2]


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
