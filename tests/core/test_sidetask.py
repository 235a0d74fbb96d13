"""`side_task` runs work in a forked child beside the caller, and never loses a failure."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from supportal.core import sidetask
from supportal.core.sidetask import SideTaskFailed, can_fork, side_task, split_work


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_the_work_runs_in_another_process_while_the_body_runs(tmp_path: Path) -> None:
    go, marker = tmp_path / "go", tmp_path / "child"

    def work() -> None:
        _wait_for(go)  # the body runs first: the caller is not waiting for the child
        marker.write_text(f"{os.getpid()} {gc.get_freeze_count()}")

    with side_task(work, fork=True) as forked:
        assert forked
        go.touch()
    pid, frozen = map(int, marker.read_text().split())
    assert pid != os.getpid()
    assert frozen > 0  # the child does not collect the objects it shares with its parent
    assert gc.get_freeze_count() == 0


def test_a_failure_in_the_child_is_raised_with_its_traceback() -> None:
    def work() -> None:
        raise ValueError("disk on fire")

    with pytest.raises(SideTaskFailed) as failed:
        with side_task(work, fork=True):
            pass
    assert "ValueError: disk on fire" in str(failed.value)
    assert "in work" in str(failed.value)


def test_a_child_killed_by_a_signal_is_reported() -> None:
    with pytest.raises(SideTaskFailed, match="killed by signal 9"):
        with side_task(lambda: os.kill(os.getpid(), signal.SIGKILL), fork=True):
            pass


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


CALLER = """
import os, sys, time
from pathlib import Path
from supportal.core.sidetask import side_task
folder = Path(sys.argv[1])
def work():
    (folder / "child").write_text(str(os.getpid()))
    time.sleep(60)
with side_task(work, fork=True):
    while not (folder / "child").exists():
        time.sleep(0.01)
    os.kill(os.getpid(), 9)  # the caller is killed; its child must not outlive it
"""


def test_the_child_does_not_outlive_a_killed_caller(tmp_path: Path) -> None:
    caller = subprocess.run([sys.executable, "-c", CALLER, str(tmp_path)], check=False)
    assert caller.returncode == -signal.SIGKILL
    child = int((tmp_path / "child").read_text())
    deadline = time.monotonic() + 10
    while Path(f"/proc/{child}").exists() and _state(child) != "Z":
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "Z"


def test_without_forking_the_work_runs_first_in_this_process() -> None:
    order: list[tuple[str, int]] = []
    with side_task(lambda: order.append(("work", os.getpid())), fork=False) as forked:
        order.append(("body", os.getpid()))
    assert not forked
    assert order == [("work", os.getpid()), ("body", os.getpid())]


def test_when_the_system_cannot_fork_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    open_files = len(os.listdir("/proc/self/fd"))
    ran: list[int] = []
    with side_task(lambda: ran.append(os.getpid()), fork=True) as forked:
        assert not forked
    assert ran == [os.getpid()]
    assert len(os.listdir("/proc/self/fd")) == open_files
    assert gc.get_freeze_count() == 0


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


def test_no_fork_once_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sidetask, "_forbidden", False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert can_fork()
    sidetask.forbid_forking()
    assert not can_fork()


def _blocked() -> set[signal.Signals]:
    return signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_the_signal_mask_is_restored_on_every_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _blocked()
    child_mask = tmp_path / "mask"
    with side_task(lambda: child_mask.write_text(repr(sorted(_blocked()))), fork=True):
        # Ctrl-C reaches the caller while the child works
        assert _blocked() == before and signal.SIGINT not in before
    assert child_mask.read_text() == repr(sorted(before))
    with pytest.raises(KeyError), side_task(lambda: None, fork=True):
        raise KeyError("body")
    assert _blocked() == before
    with pytest.raises(SideTaskFailed), side_task(lambda: 1 / 0, fork=True):
        pass
    assert _blocked() == before

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with side_task(lambda: None, fork=True):
        pass
    assert _blocked() == before


@pytest.mark.parametrize("several", [True, False])
def test_build_workers_fork_only_when_they_build_one_release(
    several: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from supportal.cli.multibuild import _worker_setup

    logger = logging.getLogger("mkdocs")  # the setup also takes over the worker's logging
    monkeypatch.setattr(logger, "handlers", list(logger.handlers))  # a copy to empty
    monkeypatch.setattr(logger, "propagate", logger.propagate)
    monkeypatch.setattr(logger, "level", logger.level)
    monkeypatch.setattr(sidetask, "_forbidden", False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    _worker_setup(logging.INFO, several)
    assert can_fork() is not several


def _pids_and_items(items: Sequence[int]) -> tuple[int, list[int]]:
    return os.getpid(), list(items)


def test_split_work_does_the_second_half_by_weight_in_a_child() -> None:
    items = list(range(10))
    weights = [1, 1, 1, 1, 1, 1, 10, 1, 1, 1]  # half the weight is reached at item 6
    first, second = split_work(items, _pids_and_items, weights=weights, threshold=5, fork=True)
    assert first == (os.getpid(), [0, 1, 2, 3, 4, 5, 6])
    assert second[0] != os.getpid() and second[1] == [7, 8, 9]


def test_split_work_stays_in_one_call_below_its_threshold_or_without_forking() -> None:
    items = [1, 2, 3]
    for threshold, fork in ((3, True), (0, False)):
        parts = split_work(items, _pids_and_items, weights=[1, 1, 1], threshold=threshold,
                           fork=fork)
        assert parts == [(os.getpid(), [1, 2, 3])]


def test_split_work_never_leaves_a_half_empty() -> None:
    first, second = split_work(["a", "b"], list, weights=[1, 100], threshold=0, fork=True)
    assert (first, second) == (["a"], ["b"])


def test_a_failing_second_half_is_raised() -> None:
    def work(items: Sequence[int]) -> int:
        if items[0] == 2:
            raise ValueError("half on fire")
        return len(items)

    with pytest.raises(SideTaskFailed, match="half on fire"):
        split_work([1, 2], work, weights=[1, 1], threshold=0, fork=True)
