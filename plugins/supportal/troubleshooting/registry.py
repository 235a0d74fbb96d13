"""The node registry: every node id each tree has published, per release.

Share links name node ids. When an author renames or removes a node, links made before stop
resuming; the registry remembers published ids so the build can warn unless an `aliases:` entry
maps the old id. Builds add new ids (never remove any), so the file only changes when a tree
gains nodes; commit it with the content.

Only builds that publish may add ids. `supportal check` and previews build drafts: an id they
recorded was never published, yet renaming it would make the next strict build fail. They run
inside `compare_only()`, which keeps the comparison and drops the write.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..core.problems import Problem, SupportalError
from ..core.yamlfile import key_line, parse_yaml, scalar_text

HEADER = (
    "# Node ids published by each troubleshooting tree, per release (supportal/troubleshooting).\n"
    "# Builds add new ids; a recorded id that disappears needs an `aliases:` entry in its tree.\n"
)

# A process-wide count, not a context variable: a preview server rebuilds in its own thread,
# which a context variable set by the command that started it would not reach.
_compare_only = 0


@contextmanager
def compare_only() -> Iterator[None]:
    """Builds run inside warn about recorded ids that disappeared but never write the file."""
    global _compare_only
    _compare_only += 1
    try:
        yield
    finally:
        _compare_only -= 1


def writes_allowed() -> bool:
    """False inside `compare_only()`."""
    return _compare_only == 0


class NodeRegistry:
    """Published node ids: tree id → release → ids."""

    def __init__(self, file: Path, display_path: str) -> None:
        self.file = file
        self.display_path = display_path
        self.data: dict[str, dict[str, set[str]]] = {}
        if file.exists():
            with _locked(file, exclusive=False) as handle:
                self.data = self._parse(self._read(handle))

    def published(self, release: str) -> dict[str, set[str]]:
        """Tree id → ids published in `release`."""
        return {tree: releases.get(release, set()) for tree, releases in self.data.items()}

    def record(self, release: str, trees: Iterable[tuple[str, Iterable[str]]]) -> bool:
        """Add the ids of the built trees; write the file if anything was new (returns whether).

        `supportal build -j` builds releases in parallel processes, each with its own registry
        read at its start: written from that copy, the last build to finish dropped the ids the
        others had added, and writes that overlapped mixed their text into broken YAML. So the
        file is re-read and merged under an exclusive lock, and rewritten in place.
        """
        built = [(tree, set(ids)) for tree, ids in trees]
        # Nothing new since this build read the file: leave it (and a portal without trees
        # without one) untouched.
        if all(ids <= self.data.get(tree, {}).get(release, set()) for tree, ids in built):
            return False
        with _locked(self.file, exclusive=True) as handle:
            current = self._parse(self._read(handle))
            changed = False
            for tree, ids in built:
                known = current.setdefault(tree, {}).setdefault(release, set())
                if ids - known:
                    known |= ids
                    changed = True
            if changed:
                handle.seek(0)
                handle.truncate()
                handle.write(self._text(current))
        self.data = current
        return changed

    def _read(self, handle: IO[str]) -> str:
        try:
            return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise SupportalError(
                [Problem(self.display_path, None, f"cannot read file: {exc}")]
            ) from None

    def _parse(self, text: str) -> dict[str, dict[str, set[str]]]:
        display_path = self.display_path
        raw = parse_yaml(text, display_path)
        if raw is not None and not isinstance(raw, Mapping):
            raise SupportalError(
                [Problem(display_path, 1, "the node registry must map tree ids to releases")]
            )
        # The file is generated, but merges and hand edits break it: every mistake is located.
        problems: list[Problem] = []
        data: dict[str, dict[str, set[str]]] = {}
        for tree, releases in (raw or {}).items():
            if not isinstance(releases, Mapping):
                problems.append(
                    Problem(
                        display_path,
                        key_line(raw, tree),
                        f"tree '{tree}': expected release → node ids",
                    )
                )
                continue
            recorded: dict[str, set[str]] = {}
            for release, ids in releases.items():
                # A bare `2.0: fix` would be read letter by letter as the ids f, i and x.
                if ids is not None and not isinstance(ids, list):
                    problems.append(
                        Problem(
                            display_path,
                            key_line(releases, release),
                            f"tree '{tree}', release {scalar_text(release)}: expected a list "
                            "of node ids",
                        )
                    )
                    continue
                recorded[scalar_text(release)] = {str(i) for i in (ids or [])}
            data[str(tree)] = recorded
        if problems:
            raise SupportalError(problems)
        return data

    @staticmethod
    def _text(data: dict[str, dict[str, set[str]]]) -> str:
        out = CommentedMap()
        for tree in sorted(data):
            releases = CommentedMap()
            for release in sorted(data[tree]):
                releases[release] = sorted(data[tree][release])
            out[tree] = releases
        yaml = YAML()
        yaml.default_flow_style = None
        yaml.width = 100
        buffer = io.StringIO()
        yaml.dump(out, buffer)
        return HEADER + buffer.getvalue()


@contextmanager
def _locked(file: Path, *, exclusive: bool) -> Iterator[IO[str]]:
    """The file flock'ed: shared to read, so a reader never sees half of a write; exclusive
    (opened for writing too, created when missing) to read, merge and write.

    Where there is no `fcntl` (Windows) it is opened unlocked: parallel builds there may still
    lose ids, as before.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - POSIX test machines
        fcntl = None  # type: ignore[assignment]
    # Readers open read-only: `supportal check` in a read-only checkout still compares.
    flags = os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY
    fd = os.open(file, flags, 0o666)
    with os.fdopen(fd, "r+" if exclusive else "r", encoding="utf-8", newline="") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield handle
