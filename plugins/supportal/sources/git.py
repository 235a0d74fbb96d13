"""A thin, typed wrapper around the `git` command: resolve refs, read tags, export trees."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
import uuid
from dataclasses import dataclass
from pathlib import Path

FETCH_EVERYTHING = (
    "fetch the full history and tags (git fetch --unshallow --tags; on GitHub Actions, "
    "actions/checkout with fetch-depth: 0)"
)
"""What to do about a shallow clone: said wherever one keeps Supportal from seeing a ref."""


class GitError(Exception):
    """git failed or is missing; the message says what was asked."""


@dataclass(frozen=True)
class Tag:
    """A tag of the repository with the date of the commit it names."""

    name: str
    commit: str
    date: str  # YYYY-MM-DD, the committer date of the tagged commit


class GitRepo:
    """The git repository around a folder; `prefix` is that folder relative to the top level."""

    def __init__(self, top: Path, prefix: str) -> None:
        self.top = top
        self.prefix = prefix

    @classmethod
    def discover(cls, folder: Path) -> GitRepo | None:
        """The repository containing `folder`, or None when it is not inside one."""
        try:
            out = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
        except GitError:
            return None
        lines = out.split("\n")
        top = Path(lines[0])
        prefix = lines[1].strip("/") if len(lines) > 1 else ""
        return cls(top, prefix)

    def run(self, *args: str) -> str:
        return _git(self.top, *args)

    def resolve(self, ref: str) -> str | None:
        """The full commit id a tag, branch or commit names, or None if unknown here."""
        if not ref or ref.startswith("-"):
            return None
        try:
            return self.run(
                "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
            )
        except GitError:
            return None

    def tree(self, commit: str) -> str:
        """The tree id of a commit: equal trees mean byte-identical files."""
        return self.run("rev-parse", f"{commit}^{{tree}}")

    def is_shallow(self) -> bool:
        """Whether this is a shallow clone, which may lack tags and older commits: see
        `FETCH_EVERYTHING`."""
        return self.run("rev-parse", "--is-shallow-repository") == "true"

    def has_path(self, commit: str, path: str) -> bool:
        try:
            self.run("cat-file", "-e", f"{commit}:{path}")
        except GitError:
            return False
        return True

    def ref_names(self) -> list[str]:
        """Tag and branch names (local and remote-tracking), for "Did you mean" suggestions."""
        out = self.run("for-each-ref", "--format=%(refname:short)", "refs/tags", "refs/heads",
                       "refs/remotes")
        return [line for line in out.splitlines() if line]

    def tags(self) -> list[Tag]:
        """Every tag with the committer date of the commit it points at (annotated or not)."""
        fmt = "%(refname:strip=2)%09%(objecttype)%09%(objectname)%09%(*objectname)%09" \
              "%(committerdate:short)%09%(*committerdate:short)"
        out = self.run("for-each-ref", f"--format={fmt}", "refs/tags")
        tags = []
        for line in out.splitlines():
            name, kind, obj, peeled, date, peeled_date = (line.split("\t") + [""] * 6)[:6]
            if kind == "tag":
                if not peeled:  # a tag of a tree or blob: no docs in it
                    continue
                tags.append(Tag(name, peeled, peeled_date))
            elif kind == "commit":
                tags.append(Tag(name, obj, date))
        return tags

    def export(self, commit: str, dest: Path) -> None:
        """Write the project folder (`prefix`) as it is at `commit` into `dest`, atomically.

        `git archive` reads the object database only: the working tree, the index and other
        checkouts are never touched, and two exports of one commit give identical files.
        """
        if dest.is_dir():
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
        args = ["git", "-C", str(self.top), "archive", "--format=tar", commit]
        if self.prefix:
            args += ["--", self.prefix]
        proc = subprocess.run(args, capture_output=True, check=False)
        if proc.returncode != 0:
            raise GitError(f"git archive {commit}: {proc.stderr.decode(errors='replace').strip()}")
        try:
            with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
                archive.extractall(tmp, filter="data")
            source = tmp / self.prefix if self.prefix else tmp
            source.mkdir(parents=True, exist_ok=True)
            try:
                source.rename(dest)
            except OSError:
                if not dest.is_dir():  # another process won the race: its copy is identical
                    raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def _git(cwd: Path, *args: str) -> str:
    try:
        proc = subprocess.run(
            ["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError:
        raise GitError("the 'git' command is not installed") from None
    if proc.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {proc.stderr.strip()}")
    return proc.stdout.strip()
