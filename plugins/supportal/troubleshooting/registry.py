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

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..core.problems import Problem, SupportalError
from ..core.yamlfile import key_line, load_yaml_file, scalar_text

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
            raw = load_yaml_file(file, display_path)
            if raw is not None and not isinstance(raw, Mapping):
                raise SupportalError(
                    [Problem(display_path, 1, "the node registry must map tree ids to releases")]
                )
            # The file is generated, but merges and hand edits break it: every mistake is located.
            problems: list[Problem] = []
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
                self.data[str(tree)] = recorded
            if problems:
                raise SupportalError(problems)

    def published(self, release: str) -> dict[str, set[str]]:
        """Tree id → ids published in `release`."""
        return {tree: releases.get(release, set()) for tree, releases in self.data.items()}

    def record(self, release: str, trees: Iterable[tuple[str, Iterable[str]]]) -> bool:
        """Add the ids of the built trees; write the file if anything was new (returns whether)."""
        changed = False
        for tree, ids in trees:
            known = self.data.setdefault(tree, {}).setdefault(release, set())
            new = set(ids) - known
            if new:
                known |= new
                changed = True
        if changed:
            self._write()
        return changed

    def _write(self) -> None:
        out = CommentedMap()
        for tree in sorted(self.data):
            releases = CommentedMap()
            for release in sorted(self.data[tree]):
                releases[release] = sorted(self.data[tree][release])
            out[tree] = releases
        yaml = YAML()
        yaml.default_flow_style = None
        yaml.width = 100
        with self.file.open("w", encoding="utf-8") as handle:
            handle.write(HEADER)
            yaml.dump(out, handle)
