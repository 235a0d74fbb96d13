"""`side_task` runs work in a forked child beside the caller, and never loses a failure."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from supportal.core.sidetask import SideTaskFailed, can_fork, side_task


def test_the_work_runs_in_another_process_while_the_body_runs(tmp_path: Path) -> None:
    marker = tmp_path / "child"

    def work() -> None:
        time.sleep(0.2)
        marker.write_text(str(os.getpid()))

    with side_task(work, fork=True) as forked:
        assert forked
        assert not marker.exists()  # the body is not waiting for the child
    assert int(marker.read_text()) != os.getpid()


def test_a_failure_in_the_child_is_raised_with_its_traceback() -> None:
    def work() -> None:
        raise ValueError("disk on fire")

    with pytest.raises(SideTaskFailed) as failed:
        with side_task(work, fork=True):
            pass
    assert "ValueError: disk on fire" in str(failed.value)
    assert "in work" in str(failed.value)


def test_a_failing_body_stops_the_child_and_keeps_its_own_error(tmp_path: Path) -> None:
    marker = tmp_path / "child"

    def work() -> None:
        time.sleep(5)
        marker.write_text("finished")

    started = time.monotonic()
    with pytest.raises(KeyError):
        with side_task(work, fork=True):
            raise KeyError("body")
    assert time.monotonic() - started < 4
    assert not marker.exists()


def test_without_forking_the_work_runs_first_in_this_process() -> None:
    order: list[tuple[str, int]] = []
    with side_task(lambda: order.append(("work", os.getpid())), fork=False) as forked:
        order.append(("body", os.getpid()))
    assert not forked
    assert order == [("work", os.getpid()), ("body", os.getpid())]


def test_no_fork_while_another_thread_runs() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not can_fork()
        with side_task(lambda: None) as forked:
            assert not forked
    finally:
        release.set()
        other.join()
