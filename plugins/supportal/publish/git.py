"""A git branch as the publish target (GitHub-Pages style), without touching the work tree.

The branch's tree is checked out into a temporary folder through a temporary index, changed
there by the same `PublishedSite` code as a folder target, then committed with plumbing
(`write-tree`, `commit-tree`, `update-ref` with the old value, so a concurrent change of the
branch is detected, not overwritten). The user's HEAD, index and work tree are never used.

Kept builds are not committed: on a git target, git's history is the history. `history` lists
the commits that changed a release's folder; `rollback` restores the folder from one of them.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .site import META, PublishError, posix_locks

ZERO = "0" * 40
# What stays out of the branch: work folders, the lock, and kept builds (git keeps those).
NOT_COMMITTED = ("history", "staging", "lock", "journal.json")


@dataclass(frozen=True)
class GitCommit:
    sha: str
    date: str
    subject: str


class GitTarget:
    """`git:BRANCH` of the repository that holds the portal."""

    def __init__(self, repo: Path, branch: str, *, remote: str = "origin") -> None:
        self.repo = repo
        self.branch = branch
        self.remote = remote
        self.ref = f"refs/heads/{branch}"

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
        remote = self._sha(f"refs/remotes/{self.remote}/{self.branch}")
        if local is None or remote is None or local == remote:
            return local or remote
        if self._is_ancestor(local, remote):
            return remote  # behind: build on what is already published
        if self._is_ancestor(remote, local):
            return local
        raise PublishError(
            f"{self}: the branch and {self.remote}/{self.branch} have diverged; "
            f"fetch and reconcile them before publishing"
        )

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
    def checkout(self) -> Iterator[tuple[Path, str | None]]:
        """The branch's tree in a temporary folder, and the commit it came from."""
        base = self.base()
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
        try:
            self.git("var", "GIT_COMMITTER_IDENT")
        except PublishError:
            raise PublishError(
                f"{self}: git needs an identity to commit: set user.name and user.email "
                "(git config) or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL"
            ) from None
        parents = ["-p", base] if base else []
        sha = self.git("commit-tree", tree_sha, *parents, "-m", message)
        old = self._sha(self.ref) or ZERO
        self.git("update-ref", "-m", f"supportal: {message}", self.ref, sha, old)
        return sha

    def push(self) -> None:
        self.git("push", self.remote, f"{self.ref}:{self.ref}")

    # -- history -----------------------------------------------------------------------------

    def release_commits(self, version: str) -> list[GitCommit]:
        """Commits of the branch that changed `<version>/`, newest first."""
        if self._sha(self.ref) is None:
            return []
        out = self.git("log", "--format=%H%x09%cI%x09%s", self.ref, "--", f"{version}/")
        return [GitCommit(*line.split("\t", 2)) for line in out.splitlines() if line]

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
