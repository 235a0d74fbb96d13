"""Validate the `source: git:REF` of catalog releases and find the tree each one builds from.

Every problem is located in the catalog (`releases.yml:LINE: release 1.6: ...`) and names the
ref; all of them are collected before anything is built, so a bad ref never leaves a
half-written site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.problems import Problems, suggest
from ..core.yamlfile import key_line, load_yaml_file
from ..releases.model import Release
from .git import FETCH_EVERYTHING, GitError, GitRepo

GIT_PREFIX = "git:"


@dataclass(frozen=True)
class RefSource:
    """A release built from a git ref: the commit it names now and the tree of that commit."""

    release: Release
    ref: str
    commit: str
    tree: str
    repo: GitRepo
    line: int | None

    def export_dir(self, cache_dir: Path) -> Path:
        """Where the ref's project folder is exported (one folder per commit, reused)."""
        return cache_dir / "trees" / self.commit

    @property
    def label(self) -> str:
        return f"release {self.release.version}: git ref '{self.ref}'"


def git_ref(release: Release) -> str | None:
    """The ref of a `source: git:REF` release, None for a working-tree release.

    Raises ValueError for a `source` that is not `git:REF`.
    """
    if release.source is None:
        return None
    text = release.source.strip()
    if not text.startswith(GIT_PREFIX) or not text[len(GIT_PREFIX):].strip():
        raise ValueError(
            f"release {release.version}: unknown source '{release.source}'. Write 'git:REF' "
            "(a tag, branch or commit), or leave 'source' out to build from the working tree"
        )
    return text[len(GIT_PREFIX):].strip()


def portal_config_path(repo: GitRepo, config_name: str) -> str:
    """Where a ref holds the portal's config: the same place as in the working tree."""
    return f"{repo.prefix}/{config_name}" if repo.prefix else config_name


def source_lines(catalog_file: Path, display: str) -> dict[str, int | None]:
    """Line of each release's `source:` key (or of the release) by version, for messages."""
    data: Any = load_yaml_file(catalog_file, display)  # validated already: it parses
    items = data["releases"]
    lines: dict[str, int | None] = {}
    for item in items:
        if hasattr(item, "get") and "version" in item:
            lines[str(item["version"]).strip()] = key_line(item, "source")
    return lines


def resolve_sources(
    releases: Sequence[Release],
    project: Path,
    config_name: str,
    catalog_file: Path,
    display: str,
    problems: Problems,
) -> dict[str, RefSource]:
    """Resolve the git ref of every release that has one; problems go to `problems`.

    Checks: `source` syntax, the portal being in a git repository, unknown refs (with the
    shallow-clone case told apart), two releases naming one ref, and the ref holding the
    portal's config file (`mkdocs.yml` at the same place as in the working tree).
    """
    wanted = [r for r in releases if r.source is not None]
    if not wanted:
        return {}
    lines = source_lines(catalog_file, display)
    repo = GitRepo.discover(project)
    found: dict[str, RefSource] = {}
    by_ref: dict[str, Release] = {}
    by_commit: dict[str, tuple[Release, str]] = {}
    for release in wanted:
        line = lines.get(release.version, release.line)
        try:
            ref = git_ref(release)
        except ValueError as exc:
            problems.error(display, line, str(exc))
            continue
        assert ref is not None
        label = f"release {release.version}: git ref '{ref}'"
        if repo is None:
            problems.error(display, line, f"{label}: the portal folder is not in a git repository")
            continue
        other = by_ref.get(ref)
        if other is not None and other.version != release.version:
            problems.error(
                display, line,
                f"releases {other.version} and {release.version} both come from git ref '{ref}': "
                "a ref holds the docs of one release",
            )
            continue
        by_ref[ref] = release
        try:
            commit = repo.resolve(ref)
            if commit is None:
                problems.error(display, line, _unknown_ref(repo, ref, label))
                continue
            first, first_ref = by_commit.setdefault(commit, (release, ref))
            if first.version != release.version:
                # Two names of one commit (v2.0.0 and v2.1.0 on it, or a tag and its commit id)
                # would publish the same docs under two releases.
                problems.error(
                    display, line,
                    f"releases {first.version} and {release.version} both come from commit "
                    f"{commit[:10]} (git refs '{first_ref}' and '{ref}'): a commit holds the "
                    "docs of one release",
                )
                continue
            config_path = portal_config_path(repo, config_name)
            if not repo.has_path(commit, config_path):
                problems.error(
                    display, line, f"{label} has no {config_path} (commit {commit[:10]})"
                )
                continue
            tree = repo.tree(commit)
        except GitError as exc:
            problems.error(display, line, f"{label}: {exc}")
            continue
        found[release.version] = RefSource(release, ref, commit, tree, repo, line)
    return found


def _unknown_ref(repo: GitRepo, ref: str, label: str) -> str:
    if repo.is_shallow():
        return f"{label} is not in this shallow clone: {FETCH_EVERYTHING}"
    names = repo.ref_names()
    longer = sorted((n for n in names if n.startswith(ref)), key=len)  # v1.0 -> v1.0.0
    hint = f" Did you mean '{longer[0]}'?" if longer else suggest(ref, names)
    return f"{label} is not a tag, branch or commit of this repository.{hint}"
