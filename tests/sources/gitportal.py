"""A temporary git repository holding a portal at three tags plus a working tree."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..harness import dedent

OLD_CONFIG = """\
site_name: Widget docs
docs_dir: docs
theme:
  name: material
  font: false
"""

PORTAL_CONFIG = """\
site_name: Widget docs
site_url: https://docs.example.com/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - supportal/releases
"""

CATALOG = """\
# Releases of the widget (a comment that sync must keep).
releases:
  - version: "3.0"
    title: Widget 3.0
    date: 2026-01-10
    status: supported
    default: true
    aliases: [latest]

  - version: "2.0"
    title: Widget 2.0
    date: 2025-01-10
    status: lts
    source: git:v2.0.0

  - version: "1.1"
    title: Widget 1.1
    date: 2024-06-10
    status: supported
    source: git:v1.1.0

  - version: "1.0"
    title: Widget 1.0
    date: 2024-01-10
    status: eol
    end_of_support: 2025-01-01
    source: git:v1.0.0
"""

ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}


def git(root: Path, *args: str, date: str = "2024-01-10T12:00:00") -> str:
    env = {**os.environ, **ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                         env=env, check=True)
    return out.stdout.strip()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(dedent(text), encoding="utf-8")


def commit_tag(root: Path, tag: str, date: str, files: dict[str, str]) -> None:
    write(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"docs for {tag}", date=date)
    git(root, "tag", tag, date=date)


def make_git_portal(root: Path) -> Path:
    """Tags v1.0.0 (before Supportal: plain Material config), v1.1.0 and v2.0.0 (Supportal
    config, docs differ), then a working tree for 3.0 whose catalog lists all four."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    commit_tag(root, "v1.0.0", "2024-01-10T12:00:00", {
        "mkdocs.yml": OLD_CONFIG,
        "docs/index.md": "# Widget\n\nWidget one point zero.\n",
        "docs/setup.md": "# Setup\n\nSet up the widget with a crank.\n",
    })
    commit_tag(root, "v1.1.0", "2024-06-10T12:00:00", {
        "mkdocs.yml": PORTAL_CONFIG,
        "docs/index.md": "# Widget\n\nWidget one point one.\n",
    })
    commit_tag(root, "v2.0.0", "2025-01-10T12:00:00", {
        "docs/index.md": "# Widget\n\nWidget two.\n",
        "docs/setup.md": "# Setup\n\nSet up the widget with a motor.\n",
    })
    write(root, {
        "releases.yml": CATALOG,
        "docs/index.md": "# Widget\n\nWidget three, from the working tree.\n",
        ".gitignore": "/site/\n.supportal-cache/\n",
    })
    return root / "mkdocs.yml"


@contextmanager
def branch_from(root: Path, tag: str, name: str) -> Iterator[None]:
    """Commit (and tag) inside: a branch from `tag`, the working tree kept aside meanwhile."""
    git(root, "stash", "-q", "-u")
    git(root, "checkout", "-q", "-b", name, tag)
    yield
    git(root, "checkout", "-q", "main")
    git(root, "stash", "pop", "-q")


def shallow_clone(root: Path, clone: Path) -> Path:
    """A depth-1 clone of the portal with its working tree committed (what CI checks out):
    the old tags are not in it. Returns the clone's folder."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "3.0 in progress")
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)], check=True)
    return clone
