"""A git branch as the publish target (GitHub-Pages style), without touching the work tree.

The branch's tree is checked out into a temporary folder through a temporary index, changed
there by the same `PublishedSite` code as a folder target, then committed with plumbing
(`write-tree`, `commit-tree`, `update-ref` with the old value, so a concurrent change of the
branch is detected, not overwritten). The user's HEAD, index and work tree are never used.

Kept builds are not committed: on a git target, git's history is the history. `history` lists
the builds the commits that changed a release's folder made live; `rollback` restores the folder
from one of them.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.problems import suggest
from .commands import not_published
from .site import META, PublishedSite, PublishError, StepHook, posix_locks
from .state import BuildRecord, SiteState, StateError
from .tree import write_json

ZERO = "0" * 40
# What stays out of the branch: work folders, the lock, and kept builds (git keeps those).
NOT_COMMITTED = ("history", "staging", "lock", "journal.json")


@dataclass(frozen=True)
class GitCommit:
    sha: str
    date: str
    subject: str


@dataclass(frozen=True)
class GitBuild:
    """A commit that changed a release's folder, and the build it made live there."""

    commit: GitCommit
    record: BuildRecord


# Build ids since rollbacks restore records: `NNNN-YYYYMMDDTHHMMSSZ`. Before, a rollback on a
# git target recorded the commit it restored from as the build id (a 40-character sha).
NUMBERED_BUILD = re.compile(r"^\d{4}-")


@dataclass(frozen=True)
class GitRollback:
    """What `stage_rollback` decided: the build id for `rollback_release` (the live one's when
    it is already live) and the commit where the build it replaces stays in history."""

    build: str
    replaced: GitCommit | None


@dataclass(frozen=True)
class GitHistory:
    """A release's builds on a branch, each once, newest first, under the commit that first
    made it live (for a build a rollback restored, the commit that published it)."""

    live: BuildRecord
    """The live build as published.json records it."""
    builds: tuple[GitBuild, ...]
    current: GitBuild | None
    """The live build's entry in `builds` (None if no commit of the branch made it live)."""
    every: tuple[GitBuild, ...]
    """Every commit that changed the release's folder, newest first, with its build."""

    @classmethod
    def of(cls, live: BuildRecord, every: list[GitBuild]) -> GitHistory:
        index = {b.commit.sha: i for i, b in enumerate(every)}
        by_sha = {b.commit.sha: b for b in every}
        first: dict[str, GitBuild] = {}
        for build in every:
            origin = _origin(build, by_sha)
            known = first.get(origin.record.build)
            if known is None or index[origin.commit.sha] > index[known.commit.sha]:
                first[origin.record.build] = origin
        # By commit, not by id: a legacy id (a sha) does not sort with `NNNN-…` ones, and
        # `NNNN-…` ids sort like the commits that first made them live anyway.
        builds = tuple(sorted(first.values(), key=lambda b: index[b.commit.sha]))
        found = [b for b in every if b.record.build == live.build]
        current = first.get(_origin(found[0], by_sha).record.build) if found else None
        return cls(live, builds, current, tuple(every))

    def older(self) -> list[GitBuild]:
        """The builds first made live before the live one, newest first."""
        if self.current is None:
            return []  # never move forward from a build whose place is unknown
        return list(self.builds[self.builds.index(self.current) + 1 :])

    def named(self, wanted: str) -> GitBuild | None:
        """The build `wanted` names: a build id, or a commit (4+ characters) that made it live."""
        for build in self.every:
            if build.record.build == wanted or (
                len(wanted) >= 4 and build.commit.sha.startswith(wanted)
            ):
                by_sha = {b.commit.sha: b for b in self.every}
                origin = _origin(build, by_sha).record.build
                return next(b for b in self.builds if b.record.build == origin)
        return None


def _origin(build: GitBuild, by_sha: Mapping[str, GitBuild]) -> GitBuild:
    """The commit that published `build`'s files: itself, unless its record has a legacy id,
    the commit an earlier Supportal restored it from (followed while it is one too)."""
    seen: set[str] = set()
    while not NUMBERED_BUILD.match(build.record.build) and build.record.build in by_sha:
        if build.record.build in seen:
            break
        seen.add(build.record.build)
        build = by_sha[build.record.build]
    return build


class BranchSite(PublishedSite):
    """The checkout of a branch: messages name the branch, never the temporary folder."""

    def __init__(self, root: Path, target: GitTarget, *, on_step: StepHook | None = None) -> None:
        super().__init__(root, on_step=on_step)
        self.target = target

    def __str__(self) -> str:
        return str(self.target)

    def shown(self, path: Path) -> str:
        return f"{self.target}:{path.relative_to(self.root).as_posix()}"

    def not_a_site(self, *, occupied: bool = False) -> str:
        problem = (
            f"{self.target}: the branch is not a site published by Supportal "
            f"(no {META}/published.json)"
        )
        return f"{problem} and not empty; publish into a new branch" if occupied else problem


class GitTarget:
    """`git:BRANCH` of the repository that holds the portal."""

    def __init__(self, repo: Path, branch: str, *, remote: str = "origin") -> None:
        self.repo = repo
        self.branch = branch
        self.remote = remote
        self.ref = f"refs/heads/{branch}"
        self.tracking = f"refs/remotes/{remote}/{branch}"
        self.notes: list[str] = []
        """What the user should know although nothing failed (a new branch was started)."""
        self._identity: dict[str, str] = {}

    def __str__(self) -> str:
        return f"git:{self.branch}"

    def git(
        self, *args: str, env: Mapping[str, str] | None = None, data: bytes | None = None
    ) -> str:
        return self._run(args, env, data).decode("utf-8", "replace").strip()

    def _run(
        self, args: tuple[str, ...], env: Mapping[str, str] | None, data: bytes | None
    ) -> bytes:
        full_env = {**os.environ, **(env or {})}
        done = subprocess.run(
            ["git", "-C", str(self.repo), *args],
            input=data,
            capture_output=True,
            env=full_env,
            check=False,
        )
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
            raise PublishError(f"{self}: git {args[0]} failed: {message}")
        return done.stdout

    def _sha(self, ref: str) -> str | None:
        done = subprocess.run(
            ["git", "-C", str(self.repo), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else None

    # -- checks ----------------------------------------------------------------------------

    def base(self) -> str | None:
        """The commit to build on; refuses a dirty or diverged target. None for a new branch."""
        try:
            self.git("rev-parse", "--git-dir")
        except PublishError:
            raise PublishError(f"{self}: {self.repo} is not in a git repository") from None
        try:
            self.git("check-ref-format", "--branch", self.branch)
        except PublishError:
            raise PublishError(f"{self}: '{self.branch}' is not a valid branch name") from None
        self._refuse_checked_out()
        local = self._sha(self.ref)
        remote = self._sha(self.tracking)
        if local is None or remote is None or local == remote:
            return local or remote
        if self._is_ancestor(local, remote):
            return remote  # behind: build on what is already published
        if self._is_ancestor(remote, local):
            return local
        raise PublishError(
            f"{self}: the branch and {self.remote}/{self.branch} have diverged: the local branch "
            f"has commits {self.remote} does not (a publish whose push was rejected leaves one). "
            f"To drop them and publish on {self.remote}'s branch: git branch -f {self.branch} "
            f"{self.remote}/{self.branch}"
        )

    def _fetch_hint(self) -> str:
        return f"git fetch {self.remote} {self.branch}:{self.tracking}"

    def _missing(self) -> str:
        """Why the branch is not here: fetched into FETCH_HEAD only, or absent."""
        fetched = Path(self.git("rev-parse", "--git-path", "FETCH_HEAD"))
        if not fetched.is_absolute():
            fetched = self.repo / fetched
        lines = fetched.read_text("utf-8", "replace").splitlines() if fetched.is_file() else []
        if any(f"\tbranch '{self.branch}' of " in line for line in lines):
            # `git fetch origin gh-pages` in a single-branch clone (CI's default checkout)
            # updates FETCH_HEAD only: publishing would start a new site beside the live one.
            return (
                f"{self}: {self.remote}'s {self.branch} was fetched into FETCH_HEAD only (a "
                f"single-branch clone), so this repository does not know it as "
                f"{self.remote}/{self.branch}; fetch it as a remote-tracking branch: "
                f"{self._fetch_hint()}"
            )
        names = self.git(
            "for-each-ref", "--format=%(refname)", "refs/heads", f"refs/remotes/{self.remote}"
        ).splitlines()
        short = [n.split("/", 3)[-1] if n.startswith("refs/remotes/") else n[11:] for n in names]
        return (
            f"{self}: no such branch (neither {self.branch} nor {self.remote}/{self.branch} is "
            f"known here; if {self.remote} has it: {self._fetch_hint()})"
            f"{suggest(self.branch, short)}"
        )

    def require_branch(self) -> None:
        """Refuse a branch that is not here (a read-only command on a typo)."""
        if self._sha(self.ref) is None and self._sha(self.tracking) is None:
            raise PublishError(self._missing())

    def check_new_branch(self) -> None:
        """Before publishing into a branch that is not here: refuse when it was fetched only
        into FETCH_HEAD, else note that a new site is started."""
        if self._sha(self.ref) is not None or self._sha(self.tracking) is not None:
            return
        missing = self._missing()
        if "FETCH_HEAD" in missing:
            raise PublishError(missing)
        self.notes.append(
            f"{self}: a new branch: neither {self.branch} nor {self.remote}/{self.branch} is "
            f"known here. If {self.remote} has it, this publish starts a site without its "
            f"releases: fetch it ({self._fetch_hint()}) and publish again."
        )

    def check_can_commit(self, *, push: bool) -> None:
        """Before building: git must be able to commit (an identity) and, with push, the
        remote must exist, so CI fails in seconds, not after a full build."""
        author = self._ident("GIT_AUTHOR_IDENT")
        committer = self._ident("GIT_COMMITTER_IDENT")
        if author is None and committer is None:
            raise PublishError(
                f"{self}: git needs an identity to commit: set user.name and user.email "
                "(git config), or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL (the author is "
                "then the committer, unless GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL say otherwise)"
            )
        # One known identity stands for the other: CI jobs often set only the committer.
        known = author or committer
        assert known is not None
        name, email = known
        if author is None:
            self._identity = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
        if committer is None:
            self._identity = {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        if push:
            remotes = self.git("remote").split()
            if self.remote not in remotes:
                raise PublishError(
                    f"{self}: no remote '{self.remote}' to push to; remotes here: "
                    f"{', '.join(remotes) or 'none'}. Add it (git remote add) or pass --remote"
                )

    def _ident(self, which: str) -> tuple[str, str] | None:
        done = subprocess.run(
            ["git", "-C", str(self.repo), "var", which], capture_output=True, text=True, check=False
        )
        found = re.match(r"(.*) <(.*)> \d+ [+-]\d{4}$", done.stdout.strip())
        return (found[1], found[2]) if done.returncode == 0 and found else None

    def _is_ancestor(self, older: str, newer: str) -> bool:
        done = subprocess.run(
            ["git", "-C", str(self.repo), "merge-base", "--is-ancestor", older, newer],
            capture_output=True,
            check=False,
        )
        return done.returncode == 0

    def _refuse_checked_out(self) -> None:
        worktree = None
        for line in self.git("worktree", "list", "--porcelain").splitlines():
            if line.startswith("worktree "):
                worktree = line[len("worktree ") :]
            elif line == f"branch {self.ref}" and worktree:
                dirty = subprocess.run(
                    ["git", "-C", worktree, "status", "--porcelain"],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout.strip()
                if dirty:
                    raise PublishError(
                        f"{self}: the target is dirty: the branch is checked out in {worktree} "
                        "with uncommitted changes; commit or discard them, or check out "
                        "another branch"
                    )
                raise PublishError(
                    f"{self}: the branch is checked out in {worktree}; check out another "
                    "branch there first (publishing would leave that work tree stale)"
                )

    # -- a change ----------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Serialize publishes to this branch from this clone (flock, released if killed)."""
        try:
            common = Path(self.git("rev-parse", "--git-common-dir"))
        except PublishError:
            raise PublishError(f"{self}: {self.repo} is not in a git repository") from None
        if not common.is_absolute():
            common = self.repo / common
        safe = self.branch.replace("/", "-")
        with (common / f"supportal-publish-{safe}.lock").open("a") as handle:
            fcntl = posix_locks()
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    @contextmanager
    def checkout(self, *, create: bool) -> Iterator[tuple[Path, str | None]]:
        """The branch's tree in a temporary folder, and the commit it came from; `create`: a
        branch not here yet is started (publish), else refused (the other commands)."""
        base = self.base()
        if base is None:
            if create:
                self.check_new_branch()
            else:
                raise PublishError(self._missing())
        with tempfile.TemporaryDirectory(prefix="supportal-git-") as tmp:
            tree = Path(tmp) / "site"
            tree.mkdir()
            env = self._env(Path(tmp))
            if base is not None:
                self.git("read-tree", base, env=env)
                self.git("--work-tree", str(tree), "checkout-index", "--all", "--force", env=env)
            yield tree, base

    def _env(self, tmp: Path) -> dict[str, str]:
        return {"GIT_INDEX_FILE": str(tmp / "index")}

    def commit(self, tree: Path, base: str | None, message: str) -> str | None:
        """Commit the folder as the branch's next commit; None when nothing changed."""
        env = self._env(tree.parent)
        excludes = [f":(exclude){META}/{name}" for name in NOT_COMMITTED]
        self.git("--work-tree", str(tree), "add", "--all", "--force", "--", ".", *excludes, env=env)
        tree_sha = self.git("write-tree", env=env)
        if base is not None and self.git("rev-parse", f"{base}^{{tree}}") == tree_sha:
            return None
        parents = ["-p", base] if base else []
        sha = self.git("commit-tree", tree_sha, *parents, "-m", message, env=self._identity)
        old = self._sha(self.ref) or ZERO
        self.git("update-ref", "-m", f"supportal: {message}", self.ref, sha, old)
        return sha

    def push(self) -> None:
        done = subprocess.run(
            ["git", "-C", str(self.repo), "push", self.remote, f"{self.ref}:{self.ref}"],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return
        # git's hints advise `git pull`, which is wrong for a branch Supportal writes.
        said = [
            " ".join(line.split())
            for line in done.stderr.splitlines()
            if line.strip() and not line.startswith(("hint:", "To "))
        ]
        raise PublishError(
            f"{self}: git push failed: {'; '.join(said) or f'exit {done.returncode}'}\n"
            f"The change is committed on the local branch {self.branch} only. To publish again "
            f"on what {self.remote} has: {self._fetch_hint()}, then git branch -f {self.branch} "
            f"{self.remote}/{self.branch}"
        )

    # -- history -----------------------------------------------------------------------------

    def release_commits(self, version: str) -> list[GitCommit]:
        """Commits of the branch that changed `<version>/`, newest first."""
        if self._sha(self.ref) is None:
            return []
        out = self.git("log", "--format=%H%x09%cI%x09%s", self.ref, "--", f"{version}/")
        return [GitCommit(*line.split("\t", 2)) for line in out.splitlines() if line]

    def release_builds(self, version: str) -> list[GitBuild]:
        """The commits that changed `<version>/`, newest first, each with the build it made
        live (from its published.json), back to the last commit that removed the release: a
        prune ends a release's history as it does on a folder target, and a release published
        again after it counts its builds from 0001 again, so older ids would be taken twice."""
        builds = []
        for commit in self.release_commits(version):
            try:
                data = json.loads(self.git("show", f"{commit.sha}:{META}/published.json"))
                live = SiteState.from_json(data).get(version)
            except (PublishError, ValueError, StateError):
                continue  # not a commit Supportal made (no or a foreign published.json)
            if live is None:
                break
            builds.append(GitBuild(commit, live.build))
        return builds

    def history(self, site: PublishedSite, version: str) -> GitHistory:
        """The live build of `version` and every build the branch made live, once each."""
        state = site.require_published()
        live = state.get(version)
        if live is None:
            raise PublishError(not_published(site, version, state))
        return GitHistory.of(live.build, self.release_builds(version))

    def stage_rollback(self, site: PublishedSite, version: str, wanted: str | None) -> GitRollback:
        """Put the build to roll back to where `rollback_release` finds kept builds.

        The same rule as a folder target: by default the newest build older than the live
        one (first made live by an older commit, so a second rollback goes further back
        instead of returning to the build just rolled back from); `wanted` is a build id or
        a commit (4+ characters).
        """
        history = self.history(site, version)
        chosen: GitBuild | None
        if wanted is None:
            older = history.older()
            if not older:
                raise PublishError(f"no earlier build of {version} in the history of {self}")
            chosen = older[0]
        else:
            chosen = history.named(wanted)
            if chosen is None:
                raise PublishError(
                    f"no build or commit '{wanted}' of {version} in the history of {self}; "
                    f"see supportal history {version} --to {self}"
                )
        replaced = history.current.commit if history.current else None
        if chosen is history.current:
            # Already live, maybe under a commit id an earlier Supportal recorded for it.
            return GitRollback(history.live.build, replaced)
        kept = site.kept_build(chosen.record)
        self.export(chosen.commit.sha, version, kept / "site")
        write_json(kept / "build.json", chosen.record.to_json())
        return GitRollback(chosen.record.build, replaced)

    def export(self, sha: str, version: str, dest: Path) -> None:
        """Write the `<version>/` folder of commit `sha` to `dest` (byte-identical files)."""
        data = self._run(("archive", "--format=tar", sha, f"{version}/"), None, None)
        dest.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            for member in archive.getmembers():
                name = Path(member.name)
                if name.parts[:1] != (version,) or len(name.parts) < 2:
                    continue
                member.name = str(Path(*name.parts[1:]))
                archive.extract(member, dest, filter="data")
