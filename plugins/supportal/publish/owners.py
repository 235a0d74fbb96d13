"""Work folders that stay owned while the process that made them runs.

A publish builds into its work folder before it takes the site's lock, so another command
that takes the lock must tell a live publish's folder from one left by a killed process. A
process id cannot: publishes in containers that share the site's volume each see their own
process ids (another container's live publish looks dead), and ids are reused. The owner holds
an flock on a file in its folder instead; the kernel drops it when the owner dies, however it
dies, and any process on the same file system sees it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

OWNER_FILE = ".owner"
CREATION_GRACE_S = 60.0
"""A folder without its owner file is being created (the owner locks one right after making
the folder), or was left by a crash between the two: removed once older than this."""

_held: dict[Path, int] = {}


def make_owned(folder: Path, locks: Any) -> None:
    """Create `folder` and hold its owner lock until this process ends (or, once the folder
    is removed, until the next `make_owned`). `locks` is the `fcntl` module."""
    folder.mkdir(parents=True)
    fd = os.open(folder / OWNER_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    locks.flock(fd, locks.LOCK_EX)
    _held[folder] = fd
    _close_removed()


def abandoned(folder: Path, locks: Any) -> bool:
    """True if no live process owns `folder`: its owner lock can be taken, or it has had no
    owner file for CREATION_GRACE_S."""
    try:
        fd = os.open(folder / OWNER_FILE, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > CREATION_GRACE_S
        except FileNotFoundError:
            return False  # removed meanwhile
    try:
        # A lock is per open file: this fails even when this process owns the folder.
        locks.flock(fd, locks.LOCK_EX | locks.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _close_removed() -> None:
    """Release the locks of folders already removed, so a long-lived process (a test run)
    does not keep one open file per publish it ever made."""
    for folder in [f for f in _held if not f.exists()]:
        os.close(_held.pop(folder))
