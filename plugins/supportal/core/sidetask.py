"""Run one piece of work in a forked child process while the caller goes on with another.

A release's search index has two independent halves (whoosh's own index, and the browser
index with related pages), each pure Python: on two cores they can run side by side. The child
is forked, not spawned, so it shares the data it works on instead of receiving a copy through a
pipe.

Forking is only safe where no other thread may hold a lock the child would need (`mkdocs
serve`'s server threads, a test's HTTP server), and only useful where a core would otherwise
be idle: there, off Linux, where the process was told not to (`forbid_forking`: workers of a
build of several releases, which keep both cores busy already), or when the fork itself
fails, the work simply runs in the caller first.
"""

from __future__ import annotations

import bisect
import ctypes
import gc
import os
import pickle
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import TypeVar

_REPORT_BYTES = 8_000
_PR_SET_PDEATHSIG = 1
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_forbidden = False


class SideTaskFailed(RuntimeError):
    """The work raised in the child (the message is the child's traceback), or the child was
    killed."""


def forbid_forking() -> None:
    """Run side tasks in the caller from now on, in this process."""
    global _forbidden
    _forbidden = True


def can_fork() -> bool:
    return sys.platform.startswith("linux") and not _forbidden and threading.active_count() == 1


@contextmanager
def side_task(work: Callable[[], None], *, fork: bool | None = None) -> Iterator[bool]:
    """Run `work` in a forked child while the `with` body runs; wait for it on leaving.

    Yields whether it was forked. Without forking (`fork=False`, or `can_fork()` false) `work`
    runs before the body. A failure of `work` raises `SideTaskFailed` on leaving; if the body
    raises, the child is killed and the body's exception goes on."""
    started = _start(work) if (can_fork() if fork is None else fork) else None
    if started is None:
        work()
        yield False
        return
    pid, read, mask = started
    finished = False
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        yield True
        finished = True
    finally:
        try:
            if not finished:
                # The child only writes into a folder its caller deletes: nothing to clean up.
                _kill(pid)
            report = _read_all(read)
            _, status = os.waitpid(pid, 0)
        except BaseException:  # interrupted while waiting: the child must not go on alone
            _kill(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            raise
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        raise SideTaskFailed(f"the side task was killed by signal {-code} (out of memory?)")
    if code != 0:
        raise SideTaskFailed(report.decode("utf-8", "replace") or f"exit status {code}")


T = TypeVar("T")
R = TypeVar("R")


def split_work(
    items: Sequence[T],
    work: Callable[[Sequence[T]], R],
    *,
    weights: Sequence[int],
    threshold: int,
    fork: bool | None = None,
    scratch: Path | None = None,
) -> list[R]:
    """`work` over consecutive runs of `items`, in order: `[work(items)]`, or, when the
    `weights` add up to more than `threshold` and forking is possible, two halves of about
    equal weight side by side (a forked child does the second and hands its result back
    pickled, so it must be picklable, through a file in a temporary folder made in `scratch`:
    tens of MB for a large release, better beside the build's cache than in a small /tmp)."""
    total = sum(weights)
    if total <= threshold or len(items) < 2 or not (can_fork() if fork is None else fork):
        return [work(items)]
    cut = min(bisect.bisect_left(list(accumulate(weights)), total / 2) + 1, len(items) - 1)
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".supportal-half-", dir=scratch) as folder:
        handed = Path(folder) / "second.pickle"

        def second() -> None:
            with handed.open("wb") as out:
                pickle.dump(work(items[cut:]), out, pickle.HIGHEST_PROTOCOL)

        with side_task(second, fork=fork):
            first = work(items[:cut])
        with handed.open("rb") as stream:
            return [first, pickle.load(stream)]


def _start(work: Callable[[], None]) -> tuple[int, int, set[signal.Signals]] | None:
    """Fork a child running `work`: its pid, the read end of its report pipe and the signal
    mask to restore (stop signals stay blocked until the caller is ready to kill the child);
    None if the system cannot fork now."""
    try:
        read, write = os.pipe()
    except OSError:  # out of file descriptors: the work runs here instead
        return None
    # Ctrl-C or a termination request between the fork and the child's `try` would unwind
    # the caller's stack in the child (its temporary folders, its output): blocked until the
    # child is inside its handler, and until the parent can kill it.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    parent = os.getpid()
    # Objects that exist now are left out of garbage collections: in the child a collection
    # would touch every object and copy the shared memory page by page.
    gc.freeze()
    try:
        pid = os.fork()
    except BaseException as failure:
        gc.unfreeze()
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(read)
        os.close(write)
        if isinstance(failure, OSError):  # out of memory or processes: the work runs here
            return None
        raise
    if pid == 0:
        _child(work, read, write, mask, parent)
    gc.unfreeze()
    os.close(write)
    return pid, read, mask


def _child(
    work: Callable[[], None], read: int, write: int, mask: set[signal.Signals], parent: int
) -> None:
    status = 1
    try:
        os.close(read)
        _die_with_parent(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        work()
        status = 0
    except BaseException:
        try:
            os.write(write, traceback.format_exc().encode("utf-8", "replace")[-_REPORT_BYTES:])
        except BaseException:
            pass
    finally:
        # No atexit handlers, no flushing of buffers copied from the parent.
        os._exit(status)


def _die_with_parent(parent: int) -> None:
    """The child holds copies of the parent's open files, its locks included (a publish's
    work folder, the site lock): it must not keep them once the parent is gone."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request
        os._exit(1)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as stream:
        while chunk := stream.read(65536):
            chunks.append(chunk)
    return b"".join(chunks)
