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
import shutil
import time
from pathlib import Path
from typing import Any

OWNER_FILE = ".owner"
CREATION_GRACE_S = 60.0
"""A folder without its owner file is being created (its owner adds the file right after
making the folder), or was left by a crash in between: removed once older than this."""

_held: dict[Path, int] = {}


def make_owned(folder: Path, locks: Any) -> None:
    """Create `folder` and hold its owner lock until this process ends or `remove_owned`.
    `locks` is the `fcntl` module."""
    folder.mkdir(parents=True)
    # Locked under another name, then renamed: an `.owner` file is never seen unlocked.
    pending = folder / f"{OWNER_FILE}.{os.getpid()}"
    # Writable: network file systems emulate flock with byte-range locks, and an exclusive
    # one needs a descriptor open for writing.
    fd = os.open(pending, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        locks.flock(fd, locks.LOCK_EX)
        pending.rename(folder / OWNER_FILE)
    except BaseException:
        os.close(fd)
        raise
    _held[folder] = fd
    _close_removed()


def remove_owned(folder: Path) -> None:
    """Delete a folder this process made, releasing its lock first (a network file system may
    keep an open file's folder from being deleted)."""
    fd = _held.pop(folder, None)
    if fd is not None:
        os.close(fd)
    shutil.rmtree(folder, ignore_errors=True)


def abandoned(folder: Path, locks: Any, now: float | None = None) -> bool:
    """True if no live process owns `folder`: its owner lock can be taken, or it has had no
    owner file for CREATION_GRACE_S (a missing folder counts as having none)."""
    try:
        # Read-only is enough for an flock, and works on another user's owner file.
        fd = os.open(folder / OWNER_FILE, os.O_RDONLY)
    except PermissionError:
        return False  # cannot tell: keep it
    except OSError:
        return _older_than_grace(folder, time.time() if now is None else now)
    try:
        # A lock is per open file: this fails even when this process owns the folder. Shared:
        # read access is enough for it, on any file system.
        locks.flock(fd, locks.LOCK_SH | locks.LOCK_NB)
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def _older_than_grace(folder: Path, now: float) -> bool:
    try:
        return now - folder.stat().st_mtime > CREATION_GRACE_S
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _close_removed() -> None:
    """Release the locks of folders already removed, so a long-lived process (a test run)
    does not keep one open file per publish it ever made."""
    for folder in [f for f in _held if not f.exists()]:
        os.close(_held.pop(folder))
