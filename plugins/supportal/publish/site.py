"""A published multi-release site on disk, changed only through journaled, atomic swaps.

Layout of a published folder:

```
DIR/
  versions.json  index.html  <alias>/  <version>/ ...   what readers get
  .supportal/
    published.json        releases present, their builds, alias moves (the site's state)
    lock                  flock'ed by every command that changes the site
    journal.json          only while a change is being applied (redo log)
    history/<version>/<build>/{build.json,site/}   earlier builds, for rollback
    staging/<pid>-<id>/   work folders of publishes in progress (each flock'ed by its owner)
```

Every change goes the same way: under the lock, clone the live tree as hard links into a work
folder (`next/`), change the clone (new release, index files, deletions), then compare each
top-level entry with the live one and swap only those that differ, each with one rename (an
atomic exchange for folders on Linux). The list of swaps is written to `journal.json` first;
a publish killed after that point is finished by the next command that takes the lock, one
killed before it leaves the live site untouched.
"""

from __future__ import annotations

import errno
import filecmp
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.staging import staged_site
from .owners import abandoned, make_owned, remove_owned
from .state import BuildRecord, SiteState, StateError
from .tree import (
    ContentIndex,
    exchange,
    files_of,
    link_clone,
    read_json,
    signature,
    write_json,
)

META = ".supportal"
StepHook = Callable[[str], None]


_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)
"""Why this process cannot write to a site that it can still read."""


class PublishError(Exception):
    """The target cannot take this change; nothing was changed."""


@dataclass(frozen=True)
class Change:
    """A change prepared in a work folder, ready to commit."""

    work: Path
    state: SiteState
    archive: dict[str, BuildRecord] = field(default_factory=dict)
    """version → record of the live build the change replaces, to keep in history."""
    forget: tuple[Path, ...] = ()
    """History entries to delete once the change is live."""

    @property
    def next_tree(self) -> Path:
        return self.work / "next"


class PublishedSite:
    """A folder holding a published site (see the module docstring for its layout)."""

    def __init__(self, root: Path, *, on_step: StepHook | None = None) -> None:
        self.root = root
        self.meta = root / META
        self.on_step = on_step

    @property
    def state_file(self) -> Path:
        return self.meta / "published.json"

    @property
    def journal_file(self) -> Path:
        return self.meta / "journal.json"

    @property
    def history_dir(self) -> Path:
        return self.meta / "history"

    @property
    def staging_dir(self) -> Path:
        return self.meta / "staging"

    def __str__(self) -> str:
        return str(self.root)

    def shown(self, path: Path) -> str:
        """A path of the site as the user named the target (a git target's root is a temporary
        folder, which would mean nothing to them)."""
        return str(path)

    def not_a_site(self, *, occupied: bool = False) -> str:
        """Why the target is refused: not a site Supportal published (and, `occupied`, not
        empty either)."""
        problem = f"{self} is not a site published by Supportal (no {META}/published.json)"
        if not occupied:
            return problem
        return (
            f"{problem} and not empty; publish into an empty folder or an existing published site"
        )

    def _step(self, name: str) -> None:
        if self.on_step is not None:
            self.on_step(name)

    # -- what the target is ------------------------------------------------------------

    def check_target(self) -> None:
        """Refuse a path that is neither an empty folder nor a site Supportal published."""
        if self.root.exists() and not self.root.is_dir():
            raise PublishError(f"{self.root} is a file, not a folder")
        if self.journal_file.is_file():
            return  # a change was killed half-way; taking the lock finishes it
        if self.state_file.is_file():
            self.read_state()
            return
        if self.root.is_dir() and any(p.name != META for p in self.root.iterdir()):
            raise PublishError(self.not_a_site(occupied=True))

    def read_state(self) -> SiteState:
        """The site's state; an empty site has no releases."""
        if not self.state_file.is_file():
            return SiteState()
        try:
            return SiteState.from_json(read_json(self.state_file))
        except (ValueError, StateError) as exc:
            raise PublishError(f"{self.shown(self.state_file)}: {exc}") from None

    def require_published(self) -> SiteState:
        """The state of a site that must already exist (rollback, history, prune, list)."""
        if not self.state_file.is_file() and not self.journal_file.is_file():
            raise PublishError(self.not_a_site())
        return self.read_state()  # with only a journal: called again once the lock recovered it

    # -- locking and recovery ------------------------------------------------------------

    @contextmanager
    def locked(self, *, reading: bool = False) -> Iterator[None]:
        """Hold the site's lock (waiting for other commands), after finishing any killed change.

        The lock is an flock on `.supportal/lock`: the kernel releases it when the holder dies,
        so a killed CI job never leaves a stale lock behind. `reading`: the command only reads,
        and a site this process may not write to (a read-only mount, another user's files) is
        read without the lock, as long as no killed change is waiting to be finished.
        """
        try:
            self.meta.mkdir(parents=True, exist_ok=True)
            handle = (self.meta / "lock").open("a")
        except OSError as exc:
            if not (reading and exc.errno in _NOT_WRITABLE):
                raise self.unwritable(exc) from None
            if self.journal_file.is_file():
                raise PublishError(
                    f"{self.shown(self.journal_file)}: a change was interrupted here and must be "
                    "finished before the site can be read, by a command that can write to it "
                    f"({self.shown(self.meta)}: {exc.strerror or exc})"
                ) from None
            handle = None
        if handle is None:
            yield
            return
        with handle:
            fcntl = posix_locks()
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                self.recover()
                self._step("locked")
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def recover(self) -> bool:
        """Finish a change whose journal was written (its process was killed); True if one was."""
        finished = False
        if self.journal_file.is_file():
            self._apply(self._read_journal())
            finished = True
        locks, now = posix_locks(), time.time()
        entries = list(self.staging_dir.iterdir()) if self.staging_dir.is_dir() else []
        # Decided for every entry before any is removed: a build's folder goes with its owner.
        doomed = [work for work in entries if abandoned(self._owner_of(work), locks, now)]
        for work in doomed:
            shutil.rmtree(work, ignore_errors=True)
        return finished

    def _owner_of(self, entry: Path) -> Path:
        """The work folder whose owner lock decides whether `entry` is still in use:
        `supportal build` stages the build of work folder W next to it, as
        `.W.supportal-staging-<pid>`."""
        site = staged_site(entry.name)
        return entry if site is None else self.staging_dir / site

    def workspace(self) -> Path:
        """A new work folder on the site's file system (renames from it are atomic), owned by
        this process until it ends (see `owners`)."""
        work = self.staging_dir / f"{os.getpid()}-{secrets.token_hex(4)}"
        try:
            make_owned(work, posix_locks())
        except OSError as exc:
            raise self.unwritable(exc) from None
        return work

    def unwritable(self, exc: OSError) -> PublishError:
        """The error for a site this process cannot change (read-only, another user's)."""
        where = Path(exc.filename) if exc.filename else self.meta
        if not where.exists():  # a folder or file it was making: the folder refusing it
            where = where.parent
        return PublishError(f"cannot write to {self.shown(where)}: {exc.strerror or exc}")

    @contextmanager
    def preparing(self) -> Iterator[Path]:
        """A work folder for one change (lock held); removed if the change fails before its
        journal is written (after that, the journal's redo needs it)."""
        work = self.workspace()
        try:
            yield work
        except BaseException:
            if not self.journal_file.exists():
                remove_owned(work)
            raise

    # -- preparing a change --------------------------------------------------------------

    def live_entries(self) -> list[Path]:
        return (
            sorted(p for p in self.root.iterdir() if p.name != META) if self.root.is_dir() else []
        )

    def clone_live(self, work: Path, releases: Iterable[str]) -> Path:
        """Clone the served tree into `work/next` (call with the lock held).

        Release folders are cloned as hard links: instant, and nothing in the pipeline writes
        into them. Everything else (index files, alias folders, shared assets) is small and is
        what the site index writers rewrite, so it is copied: a writer that opened a file in
        place could otherwise change the live file through the shared link.
        """
        linked = set(releases)
        next_tree = work / "next"
        next_tree.mkdir()
        for entry in self.live_entries():
            if entry.name in linked or entry.is_symlink():
                link_clone(entry, next_tree / entry.name)
            elif entry.is_dir():
                shutil.copytree(entry, next_tree / entry.name, symlinks=True)
            else:
                shutil.copy2(entry, next_tree / entry.name)
        return next_tree

    def content_index(self) -> ContentIndex:
        """Every file stored in the site (live and kept builds), for hard-link dedup."""
        folders = [p for p in self.live_entries() if p.is_dir()]
        folders += (
            [p for p in self.history_dir.glob("*/*/site")] if self.history_dir.is_dir() else []
        )
        loose = [p for p in self.live_entries() if p.is_file() and not p.is_symlink()]
        return ContentIndex([*files_of(folders), *loose])

    # -- history -------------------------------------------------------------------------

    def history(self, version: str) -> list[BuildRecord]:
        """Builds of `version` kept for rollback, newest first."""
        folder = self.history_dir / version
        records = []
        for entry in folder.glob("*/build.json") if folder.is_dir() else []:
            if (entry.parent / "site").is_dir():
                try:
                    records.append(BuildRecord.from_json(read_json(entry)))
                except (ValueError, UnicodeDecodeError, StateError) as exc:
                    raise PublishError(
                        f"{self.shown(entry)}: damaged build record ({exc})"
                    ) from None
        return sorted(records, key=lambda r: r.build, reverse=True)

    def all_history(self) -> dict[str, list[BuildRecord]]:
        if not self.history_dir.is_dir():
            return {}
        found = {p.name: self.history(p.name) for p in self.history_dir.iterdir() if p.is_dir()}
        return {version: builds for version, builds in found.items() if builds}

    def kept_build(self, record: BuildRecord) -> Path:
        return self.history_dir / record.version / record.build

    # -- committing a change -------------------------------------------------------------

    def commit(self, change: Change) -> list[str]:
        """Make a prepared change live (lock held); returns the names of the entries swapped."""
        next_tree = change.next_tree
        live = {p.name: p for p in self.live_entries()}
        index = self.content_index()
        ops: list[dict[str, Any]] = []
        for entry in sorted(next_tree.iterdir()):
            current = live.get(entry.name)
            if current is not None and same_entry(current, entry):
                continue
            if entry.is_dir() and not entry.is_symlink():
                index.dedup(entry)  # then an unchanged alias folder is no change at all
                if current is not None and same_entry(current, entry):
                    continue
            op = "swap" if current is not None else "add"
            ops.append({"op": op, "name": entry.name, "inode": entry.lstat().st_ino})
        ops += [
            {"op": "delete", "name": name}
            for name in sorted(live)
            if not (next_tree / name).exists() and not (next_tree / name).is_symlink()
        ]
        versions = {r.version for r in change.state.releases}
        ops.sort(key=lambda op: _order(op, versions, next_tree))
        journal = {
            "work": change.work.relative_to(self.meta).as_posix(),
            "ops": ops,
            "state": change.state.to_json(),
            "archive": {v: r.to_json() for v, r in change.archive.items()},
            "forget": [p.relative_to(self.meta).as_posix() for p in change.forget],
        }
        self._step("staged")
        write_json(self.journal_file, journal)
        self._step("journal")
        self._apply(journal)
        return [op["name"] for op in ops]

    def _read_journal(self) -> dict[str, Any]:
        """The journal of a killed change, checked before anything of it is redone: a damaged
        one (a full disk, a hand edit) must stop the command, not move files by its names."""
        try:
            journal = read_json(self.journal_file)
            problem = _journal_problem(journal)
        except (ValueError, UnicodeDecodeError) as exc:
            problem = f"not readable JSON ({exc})"
        if problem:
            raise PublishError(
                f"{self.shown(self.journal_file)}: the record of an unfinished change is "
                f"damaged: {problem}. "
                "Nothing was changed; remove the file and publish the affected releases again"
            )
        return journal

    def _apply(self, journal: dict[str, Any]) -> None:
        # Idempotent: the redo of a journal whose process died at any point.
        work = self.meta / journal["work"]
        old = work / "old"
        old.mkdir(parents=True, exist_ok=True)
        for op in journal["ops"]:
            name = op["name"]
            if op["op"] == "delete":
                if (self.root / name).exists() or (self.root / name).is_symlink():
                    os.rename(self.root / name, old / name)
            else:
                _swap_in(self.root / name, work / "next" / name, old / name, op["inode"])
            self._step(f"swap {name}")
        write_json(self.state_file, journal["state"])
        self._step("state")
        for version, data in journal["archive"].items():
            record = BuildRecord.from_json(data)
            previous = old / version
            if previous.is_dir():
                kept = self.kept_build(record)
                kept.mkdir(parents=True, exist_ok=True)
                write_json(kept / "build.json", record.to_json())
                os.rename(previous, kept / "site")
        trash = work / "forgotten"
        trash.mkdir(exist_ok=True)
        for number, relative in enumerate(journal["forget"]):
            entry = self.meta / relative
            if entry.exists():
                os.rename(entry, trash / str(number))
        self.journal_file.unlink()
        self._step("done")
        remove_owned(work)
        for folder in self.history_dir.glob("*") if self.history_dir.is_dir() else []:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _order(op: dict[str, Any], versions: set[str], next_tree: Path) -> tuple[int, str]:
    """Release folders first, then other folders (aliases), files, the root page, deletions.

    So at every step each index file only names entries that are already live.
    """
    name = op["name"]
    if op["op"] == "delete":
        return (4, name)
    if name in versions:
        return (0, name)
    if name == "index.html":
        return (3, name)
    return (1 if (next_tree / name).is_dir() else 2, name)


def _swap_in(live: Path, new: Path, old: Path, inode: int) -> None:
    if _inode(live) == inode:
        if new.exists() or new.is_symlink():  # exchanged; the old entry is still in `next`
            os.rename(new, old)
        return
    if not (live.exists() or live.is_symlink()):
        os.rename(new, live)
        return
    if new.is_dir() and not new.is_symlink():
        if exchange(new, live):
            os.rename(new, old)
            return
        # No atomic exchange here: two renames, redone from the journal if killed between.
        os.rename(live, old)
        os.rename(new, live)
        return
    os.replace(new, live)


def same_entry(live: Path, new: Path) -> bool:
    """Whether a prepared entry has the same content as the live one.

    Hard links make it cheap: only files whose inodes differ are read. They differ for files
    of equal bytes where the live tree did not link them, as in a git target's checkout (each
    release's copy of a shared file is its own file there)."""
    if live.is_dir() != new.is_dir() or live.is_symlink() or new.is_symlink():
        return False
    if not live.is_dir():
        return _same_file(live, new)
    old_items, new_items = signature(live), signature(new)
    if old_items == new_items:
        return True
    if [name for name, _ in old_items] != [name for name, _ in new_items]:
        return False
    return all(
        a == b or _same_file(live / name, new / name)
        for (name, a), (_, b) in zip(old_items, new_items, strict=True)
    )


def _same_file(live: Path, new: Path) -> bool:
    if live.is_symlink() or new.is_symlink():
        return live.is_symlink() and new.is_symlink() and os.readlink(live) == os.readlink(new)
    if live.is_dir() or new.is_dir():
        return live.is_dir() and new.is_dir()
    return live.lstat().st_ino == new.lstat().st_ino or filecmp.cmp(live, new, shallow=False)


def _inode(path: Path) -> int | None:
    try:
        return path.lstat().st_ino
    except FileNotFoundError:
        return None


def posix_locks() -> Any:
    """The `fcntl` module; imported late so the rest of the CLI works where it is missing."""
    try:
        import fcntl
    except ImportError:
        raise PublishError("publishing needs POSIX file locks (Linux, macOS)") from None
    return fcntl


def _plain_name(value: Any) -> bool:
    return isinstance(value, str) and value not in ("", ".", "..") and "/" not in value


def _inside(value: Any) -> bool:
    """A relative path below the metadata folder."""
    return (
        isinstance(value, str)
        and bool(value)
        and not value.startswith("/")
        and all(_plain_name(part) for part in value.split("/"))
    )


def _journal_problem(journal: Any) -> str | None:
    """What is wrong with a journal's shape, or None."""
    if not isinstance(journal, dict):
        return "not a mapping"
    for key, kind in (("work", str), ("ops", list), ("state", dict), ("archive", dict),
                      ("forget", list)):
        if not isinstance(journal.get(key), kind):
            return f"'{key}' is missing or not a {kind.__name__}"
    if not _inside(journal["work"]):
        return f"work folder {journal['work']!r} is not inside the metadata folder"
    for op in journal["ops"]:
        if not isinstance(op, dict) or op.get("op") not in ("add", "swap", "delete"):
            return f"unknown operation {op!r}"
        if not _plain_name(op.get("name")):
            return f"operation on {op.get('name')!r}, which is not a name in the site's root"
        if op["op"] != "delete" and not isinstance(op.get("inode"), int):
            return f"operation on {op['name']!r} has no inode"
    if not all(_inside(p) for p in journal["forget"]):
        return "a path to forget is not inside the metadata folder"
    try:
        SiteState.from_json(journal["state"])
        for version, record in journal["archive"].items():
            if not _plain_name(version):
                return f"archived release {version!r} is not a release folder name"
            BuildRecord.from_json(record)
    except (StateError, AttributeError, KeyError, TypeError, ValueError) as exc:
        return str(exc)
    return None
