"""Tasks run side by side in forked processes: results in order, errors raised here."""

from __future__ import annotations

import os
import sys
from functools import partial

import pytest

from toolkit.publish.parallel import run_tasks

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fail_on(bad: int, n: int) -> int:
    if n == bad:
        raise ValueError(f"task {n} failed")
    return n


@linux_only
def test_results_come_back_in_order_from_more_than_one_process():
    results = run_tasks([partial(_square, n) for n in range(7)], workers=2)
    assert [value for value, _pid in results] == [n * n for n in range(7)]
    assert {pid for _value, pid in results} - {os.getpid()}, "no task ran in a child"


@pytest.mark.parametrize("bad", [0, 1, 5])  # in this process's share, and in the child's
def test_a_failing_task_raises_its_own_error_here(bad):
    with pytest.raises(ValueError, match=f"task {bad} failed"):
        run_tasks([partial(_fail_on, bad, n) for n in range(6)], workers=2)


def test_one_worker_runs_everything_here():
    results = run_tasks([partial(_square, n) for n in range(3)], workers=1)
    assert {pid for _value, pid in results} == {os.getpid()}


@linux_only
def test_no_child_is_left_behind():
    run_tasks([partial(_square, n) for n in range(4)], workers=2)
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
