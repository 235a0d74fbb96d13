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
    # Builds as list and rollback name them, from each build's record; not commit subjects.
    newest, oldest = git(repo, "log", "--format=%H", "gh-pages").splitlines()
    live, kept = live_build_at(repo, newest), live_build_at(repo, oldest)
    assert json.loads(history.stdout) == [
        {**live, "live": True, "branch_commit": newest},
        {**kept, "live": False, "branch_commit": oldest},
    ]
    assert (live["build"][:5], kept["build"][:5], kept["title"]) == (
        "0002-",
        "0001-",
        "Product 2.1",
    )
    text = sup(repo, "history", "2.1", "--to", "git:gh-pages").stdout
    assert text.splitlines() == [
        f"live  {live['build']:<24} {live['published']:<25} Product 2.1  (commit {newest[:12]})",
        f"kept  {kept['build']:<24} {kept['published']:<25} Product 2.1  (commit {oldest[:12]})",
    ]
    result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    assert git(repo, "rev-parse", "gh-pages:2.1") == first  # the same tree: byte-identical
    state = json.loads(git(repo, "show", "gh-pages:.supportal/published.json"))
    build = state["releases"][0]["build"]["build"]
    assert build.startswith("0001-")
    assert git(repo, "log", "-1", "--format=%s", "gh-pages") == f"Roll back 2.1 to {build}"


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
    assert result.stderr == (
        "Error: git:gh-pages: the branch is not a site published by Supportal (no "
        ".supportal/published.json) and not empty; publish into a new branch\n"
    )
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
        "Error: git:gh-pages: the branch and origin/gh-pages have diverged: the local branch has "
        "commits origin does not (a publish whose push was rejected leaves one). To drop them and "
        "publish on origin's branch: git branch -f gh-pages origin/gh-pages\n"
    )
    assert git(repo, "rev-parse", "gh-pages") == ours


def test_a_portal_outside_git_is_refused(tmp_path: Path) -> None:
    portal = make_portal(tmp_path / "plain", PAGES, catalog=CATALOG).parent
    result = sup(portal, "list", "--to", "git:gh-pages")
    assert result.returncode == 1
    assert result.stderr == f"Error: git:gh-pages: {portal} is not in a git repository\n"


def publish_three_builds(repo: Path) -> list[str]:
    """2.1 published three times with different text; returns the three commits, oldest first."""
    commits = []
    for text in ("first", "second", "third"):
        (repo / "docs/guide.md").write_text(f"# Guide\n\nThe {text} guide.\n")
        result = sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages")
        assert result.returncode == 0, result.stderr
        commits.append(git(repo, "rev-parse", "gh-pages"))
    return commits


def live_build(repo: Path) -> dict[str, str]:
    state = json.loads(git(repo, "show", "gh-pages:.supportal/published.json"))
    return state["releases"][0]["build"]


def test_repeated_rollbacks_go_further_back_like_a_folder_target(repo: Path) -> None:
    first, second, third = publish_three_builds(repo)
    builds = {c: live_build_at(repo, c) for c in (first, second, third)}

    result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    last_line = result.stderr.splitlines()[-1]
    assert last_line == rolled_back(builds[second], builds[third]["build"], third)
    assert git(repo, "rev-parse", "gh-pages:2.1") == git(repo, "rev-parse", f"{second}:2.1")

    again = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert again.returncode == 0, again.stderr
    assert f"Rolled 2.1 back to build {builds[first]['build']} " in again.stderr
    assert git(repo, "rev-parse", "gh-pages:2.1") == git(repo, "rev-parse", f"{first}:2.1")
    assert live_build(repo) == builds[first]  # the build's own record, not a commit id

    listed = json.loads(sup(repo, "list", "--to", "git:gh-pages", "--json").stdout)
    assert (listed[0]["build"], listed[0]["commit"]) == (
        builds[first]["build"],
        git(repo, "rev-parse", "main"),
    )
    head = git(repo, "rev-parse", "gh-pages")
    last = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert (last.returncode, last.stderr) == (
        1,
        "Error: no earlier build of 2.1 in the history of git:gh-pages\n",
    )
    # Undone by naming the build, or the commit that published it.
    assert sup(repo, "rollback", "2.1", "--to", "git:gh-pages", "-b", third[:7]).returncode == 0
    assert git(repo, "rev-parse", "gh-pages:2.1") == git(repo, "rev-parse", f"{third}:2.1")
    assert git(repo, "rev-parse", "gh-pages^") == head


def rolled_back(to: dict[str, str], replaced: str, commit: str) -> str:
    """What `rollback 2.1 --to git:gh-pages` prints last, rolling back to build `to`."""
    return (
        f"Rolled 2.1 back to build {to['build']} (published {to['published']}); the build it "
        f"replaced, {replaced}, stays in the history of git:gh-pages (commit {commit[:12]})."
    )


def live_build_at(repo: Path, commit: str) -> dict[str, str]:
    state = json.loads(git(repo, "show", f"{commit}:.supportal/published.json"))
    return state["releases"][0]["build"]


def test_rolling_back_to_the_live_build_changes_nothing(repo: Path) -> None:
    publish_three_builds(repo)
    head = git(repo, "rev-parse", "gh-pages")
    live = live_build(repo)["build"]
    for build in (live, head[:8]):
        result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages", "-b", build)
        assert (result.returncode, result.stderr) == (
            0,
            f"Build {live} of 2.1 is already live; nothing changed.\n",
        )
    assert git(repo, "rev-parse", "gh-pages") == head


def legacy_rollback(repo: Path, tmp_path: Path, to: str) -> None:
    """What rolling 2.1 back to commit `to` committed before build records were restored: the
    folder of `to`, and published.json naming the build by that commit's sha."""
    tree = tmp_path / "legacy"
    git(repo, "worktree", "add", "-q", str(tree), "gh-pages")
    git(tree, "rm", "-rq", "2.1")
    git(tree, "checkout", to, "--", "2.1")
    state_file = tree / ".supportal/published.json"
    state = json.loads(state_file.read_text())
    state["releases"][0]["build"] = {
        "version": "2.1",
        "build": to,
        "published": git(repo, "log", "-1", "--format=%cI", to),
        "title": "Product 2.1",
        "commit": None,
        "files": 0,
    }
    state_file.write_text(json.dumps(state, indent=2))
    git(tree, "commit", "-qam", f"Roll back 2.1 to {to}")
    git(repo, "worktree", "remove", str(tree))


def test_a_rollback_an_earlier_supportal_recorded_by_sha_goes_further_back(
    repo: Path, tmp_path: Path
) -> None:
    # A sha sorts above every `0001-…` id: compared as ids, rollback went forward to 0003.
    first, second, third = publish_three_builds(repo)
    builds = {c: live_build_at(repo, c) for c in (first, second, third)}
    legacy_rollback(repo, tmp_path, second)
    history = json.loads(sup(repo, "history", "2.1", "--to", "git:gh-pages", "--json").stdout)
    assert [(r["build"], r["live"], r["branch_commit"]) for r in history] == [
        (second, True, second),  # as published.json records it; published by `second`
        (builds[third]["build"], False, third),
        (builds[first]["build"], False, first),
    ]

    result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == rolled_back(builds[first], second, second)
    assert git(repo, "rev-parse", "gh-pages:2.1") == git(repo, "rev-parse", f"{first}:2.1")
    assert live_build(repo) == builds[first]
    last = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert (last.returncode, last.stderr) == (
        1,
        "Error: no earlier build of 2.1 in the history of git:gh-pages\n",
    )
    # The legacy id still names its build: the one `second` published, with its own record.
    back = sup(repo, "rollback", "2.1", "--to", "git:gh-pages", "-b", second)
    assert back.returncode == 0, back.stderr
    assert live_build(repo) == builds[second]


def test_a_legacy_live_build_that_is_the_oldest_has_nothing_earlier(
    repo: Path, tmp_path: Path
) -> None:
    first, _, _ = publish_three_builds(repo)
    legacy_rollback(repo, tmp_path, first)
    head = git(repo, "rev-parse", "gh-pages")
    result = sup(repo, "rollback", "2.1", "--to", "git:gh-pages")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: no earlier build of 2.1 in the history of git:gh-pages\n",
    )
    again = sup(repo, "rollback", "2.1", "--to", "git:gh-pages", "-b", first[:8])
    assert (again.returncode, again.stderr) == (
        0,
        f"Build {first} of 2.1 is already live; nothing changed.\n",
    )
    assert git(repo, "rev-parse", "gh-pages") == head


def test_history_of_a_pruned_release_starts_again_with_its_next_publish(repo: Path) -> None:
    catalog = repo / "releases.yml"
    catalog.write_text(catalog.read_text() + "retention:\n  eol_grace_days: 0\n")
    for version in ("2.1", "1.0"):
        assert sup(repo, "publish", "-r", version, "--to", "git:gh-pages").returncode == 0
    assert sup(repo, "prune", "--to", "git:gh-pages").returncode == 0
    pruned = sup(repo, "history", "1.0", "--to", "git:gh-pages")
    assert (pruned.returncode, pruned.stdout, pruned.stderr) == (
        1,
        "",
        "Error: release 1.0 is not published in git:gh-pages; published: 2.1\n",
    )
    assert sup(repo, "publish", "-r", "1.0", "--to", "git:gh-pages").returncode == 0
    history = json.loads(sup(repo, "history", "1.0", "--to", "git:gh-pages", "--json").stdout)
    head = git(repo, "rev-parse", "gh-pages")
    assert [(r["build"][:5], r["live"], r["branch_commit"]) for r in history] == [
        ("0001-", True, head),  # the builds before the prune are another life of 1.0
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["history", "2.1"],
        ["list"],
        ["prune"],
        ["rollback", "2.1"],
    ],
)
def test_a_mistyped_branch_is_named_not_an_empty_site(repo: Path, args: list[str]) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages").returncode == 0
    result = sup(repo, *args, "--to", "git:gh-page")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: git:gh-page: no such branch (neither gh-page nor origin/gh-page is known here; "
        "if origin has it: git fetch origin gh-page:refs/remotes/origin/gh-page) "
        "Did you mean 'gh-pages'?\n",
    )


def test_a_branch_another_tool_made_is_refused_by_its_name(repo: Path) -> None:
    git(repo, "branch", "mikepages", "main")
    for args in (["rollback", "2.1"], ["list"], ["prune"]):
        result = sup(repo, *args, "--to", "git:mikepages")
        assert (result.returncode, result.stderr) == (
            1,
            "Error: git:mikepages: the branch is not a site published by Supportal "
            "(no .supportal/published.json)\n",
        )


def test_a_branch_fetched_into_fetch_head_only_is_not_replaced_by_a_new_site(
    repo: Path, tmp_path: Path
) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "--push").returncode == 0
    git(repo, "push", "-q", "origin", "main")
    clone = tmp_path / "ci"
    origin = str(tmp_path / "origin.git")
    git(tmp_path, "clone", "-q", "--single-branch", "-b", "main", origin, "ci")
    git(clone, "fetch", "-q", "origin", "gh-pages")  # FETCH_HEAD only, in a single-branch clone
    result = sup(clone, "publish", "-r", "2.0", "--to", "git:gh-pages")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: git:gh-pages: origin's gh-pages was fetched into FETCH_HEAD only (a single-branch "
        "clone), so this repository does not know it as origin/gh-pages; fetch it as a "
        "remote-tracking branch: git fetch origin gh-pages:refs/remotes/origin/gh-pages\n",
    )
    git(clone, "fetch", "-q", "origin", "gh-pages:refs/remotes/origin/gh-pages")
    result = sup(clone, "publish", "-r", "2.0", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    versions = json.loads(git(clone, "show", "gh-pages:versions.json"))
    assert [e["version"] for e in versions] == ["2.1", "2.0"]


def test_a_new_branch_is_said_to_start_a_new_site(repo: Path) -> None:
    result = sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "git:gh-pages: a new branch: neither gh-pages nor origin/gh-pages is known here. If "
        "origin has it, this publish starts a site without its releases: fetch it (git fetch "
        "origin gh-pages:refs/remotes/origin/gh-pages) and publish again."
    )


def without_identity(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`supportal ARGS` where git knows no identity but what `env` sets (empty means unset)."""
    names = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL")
    unset = {name: "" for name in names} | {"EMAIL": ""}
    isolated = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return run(repo, *args, env={**unset, **isolated, **env})


def test_a_missing_identity_is_refused_before_building(repo: Path) -> None:
    result = without_identity(repo, "publish", "-r", "2.1", "--to", "git:gh-pages")
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1,
        "Error: git:gh-pages: git needs an identity to commit: set user.name and user.email (git "
        "config), or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL (the author is then the "
        "committer, unless GIT_AUTHOR_NAME and GIT_AUTHOR_EMAIL say otherwise)",
    )
    assert "Building" not in result.stderr
    assert not (repo / ".supportal-cache").exists()


def test_the_committer_alone_is_enough(repo: Path) -> None:
    result = without_identity(
        repo,
        "publish",
        "-r",
        "2.1",
        "--to",
        "git:gh-pages",
        GIT_COMMITTER_NAME="Bot",
        GIT_COMMITTER_EMAIL="bot@example.com",
    )
    assert result.returncode == 0, result.stderr
    assert git(repo, "log", "-1", "--format=%an <%ae> / %cn <%ce>", "gh-pages") == (
        "Bot <bot@example.com> / Bot <bot@example.com>"
    )


def test_a_missing_remote_is_refused_before_building(repo: Path) -> None:
    result = sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "--push", "--remote", "up")
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        1,
        "Error: git:gh-pages: no remote 'up' to push to; remotes here: origin. Add it (git "
        "remote add) or pass --remote",
    )
    assert "Building" not in result.stderr


def test_published_is_said_only_once_pushed_and_a_rejected_push_says_how_to_recover(
    repo: Path, tmp_path: Path
) -> None:
    assert sup(repo, "publish", "-r", "2.1", "--to", "git:gh-pages", "--push").returncode == 0
    # Another job pushed meanwhile; this clone has not fetched it.
    git(repo, "push", "-q", "origin", "main")
    git(tmp_path, "clone", "-q", "-b", "main", str(tmp_path / "origin.git"), "other")
    git(tmp_path / "other", "fetch", "-q", "origin", "gh-pages:refs/remotes/origin/gh-pages")
    other = sup(tmp_path / "other", "publish", "-r", "2.0", "--to", "git:gh-pages", "--push")
    assert other.returncode == 0, other.stderr
    rejected = sup(repo, "publish", "-r", "3.0", "--to", "git:gh-pages", "--push")
    assert rejected.returncode == 1
    assert "Published" not in rejected.stderr
    *_, error, advice = rejected.stderr.splitlines()
    assert error == (
        "Error: git:gh-pages: git push failed: ! [rejected] gh-pages -> gh-pages (fetch first); "
        f"error: failed to push some refs to '{tmp_path / 'origin.git'}'"
    )
    assert advice == (
        "The change is committed on the local branch gh-pages only. To publish again on what "
        "origin has: git fetch origin gh-pages:refs/remotes/origin/gh-pages, then git branch -f "
        "gh-pages origin/gh-pages"
    )
    git(repo, "fetch", "-q", "origin", "gh-pages:refs/remotes/origin/gh-pages")
    diverged = sup(repo, "publish", "-r", "3.0", "--to", "git:gh-pages", "--push")
    assert "git branch -f gh-pages origin/gh-pages" in diverged.stderr
    git(repo, "branch", "-f", "gh-pages", "origin/gh-pages")
    ok = sup(repo, "publish", "-r", "3.0", "--to", "git:gh-pages", "--push")
    assert ok.returncode == 0, ok.stderr
    *_, pushed, published = ok.stderr.splitlines()
    assert pushed == "git:gh-pages: pushed to origin."
    assert published.startswith("Published 3.0 as build 0001-")
    versions = json.loads(git(repo.parent / "origin.git", "show", "gh-pages:versions.json"))
    assert [e["version"] for e in versions] == ["3.0", "2.1", "2.0"]


def test_the_recorded_commit_is_the_one_each_release_was_built_from(tmp_path: Path) -> None:
    from ..sources.gitportal import git as portal_git
    from ..sources.gitportal import make_git_portal

    root = make_git_portal(tmp_path / "portal").parent  # 3.0's catalog and page: uncommitted
    site = tmp_path / "site"
    first = portal_git(root, "rev-parse", "HEAD")
    for version in ("3.0", "2.0", "1.0"):
        result = run(root, "publish", "-r", version, "--to", str(site))
        assert result.returncode == 0, result.stderr
    portal_git(root, "add", "-A")
    portal_git(root, "commit", "-q", "-m", "3.0 ready")
    (root / "docs/index.md").write_text("# Widget\n\nWidget three, committed.\n")
    portal_git(root, "commit", "-q", "-am", "3.0 reworded")
    assert run(root, "publish", "-r", "3.0", "--to", str(site)).returncode == 0
    listed = json.loads(run(root, "list", "--to", str(site), "--json").stdout)
    assert [(r["version"], r["commit"], r["dirty"]) for r in listed] == [
        ("3.0", portal_git(root, "rev-parse", "HEAD"), False),
        ("2.0", portal_git(root, "rev-parse", "v2.0.0^{commit}"), False),
        ("1.0", portal_git(root, "rev-parse", "v1.0.0^{commit}"), False),
    ]
    history = json.loads(run(root, "history", "3.0", "--to", str(site), "--json").stdout)
    assert [(r["commit"], r["dirty"]) for r in history] == [
        (portal_git(root, "rev-parse", "HEAD"), False),
        (first, True),  # built with the catalog and a page uncommitted
    ]


def test_what_publishes_write_into_a_clean_portal_does_not_make_the_next_one_dirty(
    tmp_path: Path,
) -> None:
    # No .gitignore: the second publish saw public/ and .supportal-cache/ untracked.
    portal = make_portal(tmp_path / "portal", PAGES, catalog=CATALOG).parent
    git(portal, "init", "-q", "-b", "main")
    git(portal, "add", ".")
    git(portal, "commit", "-q", "-m", "Docs")
    (portal / "site").mkdir()  # what `supportal build` left
    (portal / "site/index.html").write_text("built\n")
    for version in ("2.1", "2.0"):
        result = sup(portal, "publish", "-r", version, "--to", "public")
        assert result.returncode == 0, result.stderr
    listed = json.loads(sup(portal, "list", "--to", "public", "--json").stdout)
    head = git(portal, "rev-parse", "HEAD")
    assert [(r["version"], r["commit"], r["dirty"]) for r in listed] == [
        ("2.1", head, False),
        ("2.0", head, False),
    ]
    # The cache ignores itself, as git-releases.md says; the site folders are the user's to place.
    assert (portal / ".supportal-cache/.gitignore").read_text() == "*\n"
    assert git(portal, "status", "--porcelain").splitlines() == ["?? public/", "?? site/"]


def test_a_build_into_the_configured_site_dir_does_not_make_a_publish_dirty(
    tmp_path: Path,
) -> None:
    # `supportal build` writes to site_dir (public/ here); publish counted it as a change.
    portal = make_portal(tmp_path / "portal", PAGES, catalog=CATALOG).parent
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: public\n")
    git(portal, "init", "-q", "-b", "main")
    git(portal, "add", ".")
    git(portal, "commit", "-q", "-m", "Docs")
    assert sup(portal, "build", "-r", "2.1").returncode == 0
    assert (portal / "public/2.1/index.html").is_file()
    result = sup(portal, "publish", "-r", "2.1", "--to", str(tmp_path / "live"))
    assert result.returncode == 0, result.stderr
    listed = json.loads(sup(portal, "list", "--to", str(tmp_path / "live"), "--json").stdout)
    assert [(r["version"], r["dirty"]) for r in listed] == [("2.1", False)]
