"""Run one piece of work in a forked child process while the caller goes on with another.

A release's search index has two independent halves (whoosh's own index, and the browser
index with related pages), each pure Python: on two cores they can run side by side. The child
is forked, not spawned, so it shares the data it works on instead of receiving a copy through a
pipe.

Forking is only safe where no other thread may hold a lock the child would need (`mkdocs
serve`'s server threads, a test's HTTP server): there, and off Linux, the work simply runs
in the caller first.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_REPORT_BYTES = 8_000


class SideTaskFailed(RuntimeError):
    """The work raised in the child; the message is the child's traceback."""


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


@contextmanager
def side_task(work: Callable[[], None], *, fork: bool | None = None) -> Iterator[bool]:
    """Run `work` in a forked child while the `with` body runs; wait for it on leaving.

    Yields whether it was forked. Without forking (`fork=False`, or `can_fork()` false) `work`
    runs before the body. A failure of `work` raises `SideTaskFailed` on leaving; if the body
    raises, the child is stopped and the body's exception goes on."""
    if not (can_fork() if fork is None else fork):
        work()
        yield False
        return
    read, write = os.pipe()
    # Objects the parent already has are left out of the child's garbage collections: a
    # collection touches every object and would copy the shared memory page by page.
    gc.freeze()
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # the child
        os.close(read)
        status = 0
        try:
            work()
        except BaseException:
            status = 1
            os.write(write, traceback.format_exc().encode("utf-8", "replace")[-_REPORT_BYTES:])
        finally:
            # No atexit handlers, no flushing of buffers copied from the parent.
            os._exit(status)
    os.close(write)
    finished = False
    try:
        yield True
        finished = True
    finally:
        if not finished:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        report = _read_all(read)
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SideTaskFailed(report.decode("utf-8", "replace") or f"exit status {status}")


def _read_all(fd: int) -> bytes:
    chunks = []
    with os.fdopen(fd, "rb") as stream:
        while chunk := stream.read(65536):
            chunks.append(chunk)
    return b"".join(chunks)
