"""`--to git:BRANCH`: a real temporary repository; the branch's content, history and refusals."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from ..harness import make_portal
from .conftest import CATALOG, PAGES, run

IDENTITY = {
    "GIT_AUTHOR_NAME": "CI",
    "GIT_AUTHOR_EMAIL": "ci@example.com",
    "GIT_COMMITTER_NAME": "CI",
    "GIT_COMMITTER_EMAIL": "ci@example.com",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**IDENTITY, "PATH": "/usr/bin:/bin"},
        check=True,
    )
    return done.stdout.strip()


def sup(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(repo, *args, env=IDENTITY)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The portal in a git repository on `main`, committed, with a bare `origin`."""
    portal = make_portal(tmp_path / "repo", PAGES, catalog=CATALOG).parent
    (portal / ".gitignore").write_text(".supportal-cache/\nsite/\n")
    git(portal, "init", "-q", "-b", "main")
    git(portal, "add", ".")
    git(portal, "commit", "-q", "-m", "Docs")
    git(tmp_path, "init", "-q", "--bare", "origin.git")
    git(portal, "remote", "add", "origin", str(tmp_path / "origin.git"))
    return portal


def test_publish_commits_to_the_branch_and_never_touches_the_work_tree(repo: Path) -> None:
    for version in ("2.0", "2.1"):
        result = sup(repo, "publish", "-r", version, "--to", "git:gh-pages")
        assert result.returncode == 0, result.stderr
    assert git(repo, "log", "--format=%s", "gh-pages").splitlines() == [
        "Publish 2.1 (Product 2.1)",
        "Publish 2.0 (Product 2.0)",
    ]
    top = git(repo, "ls-tree", "--name-only", "gh-pages").splitlines()
    assert top == [".nojekyll", ".supportal", "2.0", "2.1", "index.html", "latest", "versions.json"]
    assert git(repo, "ls-tree", "--name-only", "gh-pages:.supportal").splitlines() == [
        "published.json",  # kept builds and work folders stay out of the branch
    ]
    versions = json.loads(git(repo, "show", "gh-pages:versions.json"))
    assert [(e["version"], e["aliases"]) for e in versions] == [("2.1", ["latest"]), ("2.0", [])]
    state = json.loads(git(repo, "show", "gh-pages:.supportal/published.json"))
    assert state["releases"][0]["build"]["commit"] == git(repo, "rev-parse", "main")
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "main"
    assert git(repo, "status", "--porcelain") == ""


def test_republish_rollback_and_history(repo: Path) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages").returncode == 0
    first = git(repo, "rev-parse", "gh-pages:2.1")
    (repo / "docs/guide.md").write_text("# Guide\n\nA new install guide.\n")
    assert (
        sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "-m", "Docs 2.1.1").returncode
        == 0
    )
    assert git(repo, "rev-parse", "gh-pages:2.1") != first
    assert "A new install guide." in git(repo, "show", "gh-pages:2.1/guide/index.html")

    history = sup(repo, "history", "2.1", "--to", "git:gh-pages", "--json")
    assert history.returncode == 0, history.stderr
    rows = json.loads(history.stdout)
    assert [(r["live"], r["title"]) for r in rows] == [
        (True, "Docs 2.1.1"),
        (False, "Publish 2.1 (Product 2.1)"),
    ]
    result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    assert git(repo, "rev-parse", "gh-pages:2.1") == first  # the same tree: byte-identical
    assert (
        git(repo, "log", "-1", "--format=%s", "gh-pages") == f"Roll back 2.1 to {rows[1]['build']}"
    )


def test_an_unchanged_publish_makes_no_commit_and_push_updates_the_remote(repo: Path) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "--push").returncode == 0
    assert git(repo, "rev-parse", "gh-pages") == git(
        repo.parent / "origin.git", "rev-parse", "gh-pages"
    )
    again = sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages")
    assert again.returncode == 0, again.stderr
    assert "git:gh-pages: nothing changed, no commit." in again.stderr
    assert git(repo, "rev-list", "--count", "gh-pages") == "1"


def test_an_unchanged_release_next_to_others_makes_no_commit(repo: Path) -> None:
    # A checkout writes each release's files separately, where a folder target hard-links the
    # files releases share: an unchanged build must still compare equal, by content.
    for version in ("2.1", "2.0"):
        assert sup(repo, "publish", "-r", version, "--to", "git:gh-pages").returncode == 0
    head = git(repo, "rev-parse", "gh-pages")
    for version in ("2.1", "2.0"):
        again = sup(repo, "publish", "-r", version, "--to", "git:gh-pages")
        assert again.returncode == 0, again.stderr
        assert f"{version} is unchanged" in again.stderr, again.stderr
        assert "git:gh-pages: nothing changed, no commit." in again.stderr
    assert git(repo, "rev-parse", "gh-pages") == head
    state = json.loads(git(repo, "show", "gh-pages:.supportal/published.json"))
    assert [r["build"]["build"][:4] for r in state["releases"]] == ["0001", "0001"]


def test_a_dirty_target_is_refused_and_nothing_changes(repo: Path, tmp_path: Path) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages").returncode == 0
    head = git(repo, "rev-parse", "gh-pages")
    git(repo, "worktree", "add", "-q", str(tmp_path / "pages"), "gh-pages")
    (tmp_path / "pages/versions.json").write_text("[]\n")
    result = sup(repo, "publish", "-r", "2.0", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: git:gh-pages: the target is dirty: the branch is checked out in "
        f"{tmp_path / 'pages'} with uncommitted changes; commit or discard them, or check out "
        "another branch\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == head


def test_a_branch_that_is_not_a_published_site_is_refused(repo: Path) -> None:
    git(repo, "branch", "gh-pages", "main")  # holds the portal's sources, not a site
    result = sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert "is not a site published by Supportal" in result.stderr
    assert git(repo, "rev-parse", "gh-pages") == git(repo, "rev-parse", "main")


def test_a_clean_checkout_of_the_branch_is_refused_too(repo: Path, tmp_path: Path) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages").returncode == 0
    git(repo, "worktree", "add", "-q", str(tmp_path / "pages"), "gh-pages")
    result = sup(repo, "list", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: git:gh-pages: the branch is checked out in {tmp_path / 'pages'}; check out "
        "another branch there first (publishing would leave that work tree stale)\n"
    )


def test_a_diverged_branch_is_refused(repo: Path) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "--push").returncode == 0
    git(repo, "fetch", "-q", "origin")
    # Someone else published to origin; our local branch got another commit meanwhile.
    tree = git(repo, "rev-parse", "gh-pages^{tree}")
    theirs = git(repo, "commit-tree", tree, "-p", "gh-pages", "-m", "theirs")
    ours = git(repo, "commit-tree", tree, "-p", "gh-pages", "-m", "ours")
    git(repo, "update-ref", "refs/remotes/origin/gh-pages", theirs)
    git(repo, "update-ref", "refs/heads/gh-pages", ours)
    result = sup(repo, "publish", "-r", "2.0", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert result.stderr == (
        "Error: git:gh-pages: the branch and origin/gh-pages have diverged; fetch and reconcile "
        "them before publishing\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == ours


def test_a_portal_outside_git_is_refused(tmp_path: Path) -> None:
    portal = make_portal(tmp_path / "plain", PAGES, catalog=CATALOG).parent
    result = sup(portal, "list", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert result.stderr == f"Error: git:gh-pages: {portal} is not in a git repository\n"
