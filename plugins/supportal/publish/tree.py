"""File-system primitives of a published tree: atomic swaps, hard-link clones, dedup.

Every change to the served tree is a rename of a complete file or folder written aside on the
same file system, so a reader (or a sync to a static host) never sees a half-written entry.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _libc_renameat2() -> Any:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


_renameat2 = _libc_renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two existing paths (Linux `renameat2(RENAME_EXCHANGE)`).

    Returns False when the platform or file system cannot; the caller then falls back to two
    renames.
    """
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def link_clone(source: Path, target: Path) -> None:
    """Copy a file or folder tree as hard links: instant, and no extra disk space."""
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=os.link)
    else:
        os.link(source, target, follow_symlinks=False)


def signature(path: Path) -> tuple[tuple[str, int], ...]:
    """What identifies an entry's content cheaply: (relative path, inode) of everything in it.

    A hard-link clone has the same signature as its source; any file rewritten since (always
    through a new file and a rename) has a new inode.
    """
    if not path.is_dir() or path.is_symlink():
        return (("", path.lstat().st_ino),)
    items = [
        (
            p.relative_to(path).as_posix(),
            0 if p.is_dir() and not p.is_symlink() else p.lstat().st_ino,
        )
        for p in path.rglob("*")
    ]  # a folder counts by its name: a clone's folders are new ones
    return tuple(sorted(items))


def remove(path: Path) -> None:
    """Delete a file or folder tree if present."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def write_json(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename, so readers see old or new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(data, out, indent=2, sort_keys=False)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())
    tmp.replace(path)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def files_of(folders: Iterable[Path]) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.rglob("*") if _regular(p)]


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


class ContentIndex:
    """Files already stored, by size then SHA-256, to hard-link identical new files to them."""

    def __init__(self, files: Iterable[Path]) -> None:
        self._by_size: dict[int, list[Path]] = {}
        self._digests: dict[int, str] = {}  # by inode: a hard-linked file is hashed once
        for file in files:
            self._by_size.setdefault(file.stat().st_size, []).append(file)

    def _digest(self, file: Path) -> str:
        inode = file.stat().st_ino
        if inode not in self._digests:
            sha = hashlib.sha256()
            with file.open("rb") as data:
                for block in iter(lambda: data.read(1 << 16), b""):
                    sha.update(block)
            self._digests[inode] = sha.hexdigest()
        return self._digests[inode]

    def twin(self, file: Path) -> Path | None:
        """A stored file with the same bytes as `file`, or None."""
        candidates = self._by_size.get(file.stat().st_size)
        if not candidates:
            return None
        digest = self._digest(file)
        return next((c for c in candidates if self._digest(c) == digest), None)

    def dedup(self, folder: Path) -> tuple[int, int]:
        """Replace every file of `folder` that has a stored twin by a hard link to the twin.

        Returns (files linked, bytes saved). Each replacement is a link then a rename, so the
        folder never lacks a file.
        """
        linked = saved = 0
        for file in sorted(p for p in folder.rglob("*") if _regular(p)):
            twin = self.twin(file)
            if twin is None or twin.stat().st_ino == file.stat().st_ino:
                continue
            tmp = file.with_name(f".{file.name}.link.tmp")
            os.link(twin, tmp)
            size = file.stat().st_size
            tmp.replace(file)
            linked += 1
            saved += size
        return linked, saved
