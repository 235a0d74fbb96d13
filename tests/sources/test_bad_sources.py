"""Every bad `source: git:REF` gives `releases.yml:LINE: ...` naming the ref; nothing is written."""

from __future__ import annotations

import subprocess
import sys
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli
from supportal.cli.multibuild import build_releases
from supportal.core.problems import SupportalError
from supportal.releases.model import load_catalog

from .gitportal import branch_from, commit_tag, git, shallow_clone


def errors_of(config_file: Path, site: Path) -> list[str]:
    catalog = load_catalog(config_file.parent / "releases.yml", "releases.yml")
    with pytest.raises(SupportalError) as info:
        build_releases(config_file, catalog, catalog.releases, site, jobs=2)
    assert not site.exists() or not any(site.iterdir()), "nothing may be written"
    return [str(p) for p in info.value.problems]


def set_source(config_file: Path, old: str, new: str) -> None:
    catalog = config_file.parent / "releases.yml"
    catalog.write_text(catalog.read_text().replace(old, new), encoding="utf-8")


def branch_from_v2(root: Path, name: str) -> AbstractContextManager[None]:
    """Commit (and tag) inside: a branch from v2.0.0, the working tree kept aside meanwhile."""
    return branch_from(root, "v2.0.0", name)


def test_unknown_ref(git_portal: Path, tmp_path: Path):
    set_source(git_portal, "git:v2.0.0", "git:v2.0.9")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:14: release 2.0: git ref 'v2.0.9' is not a tag, branch or commit of this "
        "repository. Did you mean 'v2.0.0'?"
    ]


def test_source_that_is_not_git(git_portal: Path, tmp_path: Path):
    set_source(git_portal, "git:v2.0.0", "svn:trunk")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:14: release 2.0: unknown source 'svn:trunk'. Write 'git:REF' (a tag, "
        "branch or commit), or leave 'source' out to build from the working tree"
    ]


def test_ref_without_mkdocs_yml(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    notes = root / "notes.txt"
    notes.write_text("no docs here\n")
    blob = git(root, "hash-object", "-w", str(notes))
    listing = f"100644 blob {blob}\tnotes.txt\n"
    tree = subprocess.run(["git", "-C", str(root), "mktree"], input=listing,
                          capture_output=True, text=True, check=True).stdout.strip()
    commit = git(root, "commit-tree", tree, "-m", "notes only")
    git(root, "tag", "v2.0.1", commit)
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    assert errors_of(git_portal, tmp_path / "site") == [
        f"releases.yml:14: release 2.0: git ref 'v2.0.1' has no mkdocs.yml (commit {commit[:10]})"
    ]


def test_ref_without_docs_folder(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    with branch_from_v2(root, "broken"):
        git(root, "rm", "-rq", "docs")
        commit_tag(root, "v2.0.1", "2025-03-01T12:00:00", {})
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:14: release 2.0: git ref 'v2.0.1' has no docs folder 'docs' "
        "(docs_dir of its mkdocs.yml)"
    ]


def test_ref_whose_config_needs_a_missing_plugin(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    with branch_from_v2(root, "plugin"):
        config = (root / "mkdocs.yml").read_text() + "  - git-committers-nowhere\n"
        commit_tag(root, "v2.0.1", "2025-03-01T12:00:00", {"mkdocs.yml": config})
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:14: release 2.0: git ref 'v2.0.1': its mkdocs.yml needs plugin "
        "'git-committers-nowhere', which is not installed (install it, or disable it in that "
        "ref's config)"
    ]


def test_ref_whose_config_is_not_yaml(git_portal: Path, tmp_path: Path):
    # Named by the ref's own file and line, not by the export folder in the cache.
    root = git_portal.parent
    with branch_from_v2(root, "broken-yaml"):
        commit_tag(root, "v2.0.1", "2025-03-01T12:00:00", {"mkdocs.yml": "site_name: W\nnav: [\n"})
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:14: release 2.0: git ref 'v2.0.1': mkdocs.yml:3: not valid YAML: "
        "did not find expected node content"
    ]


def test_two_releases_on_one_ref(git_portal: Path, tmp_path: Path):
    set_source(git_portal, "git:v1.1.0", "git:v2.0.0")
    assert errors_of(git_portal, tmp_path / "site") == [
        "releases.yml:20: releases 2.0 and 1.1 both come from git ref 'v2.0.0': a ref holds "
        "the docs of one release"
    ]


def test_shallow_clone_lacking_the_tag(git_portal: Path, tmp_path: Path):
    clone = shallow_clone(git_portal.parent, tmp_path / "clone")
    errors = errors_of(clone / "mkdocs.yml", tmp_path / "site")
    shallow = (
        "is not in this shallow clone: fetch the full history and tags (git fetch --unshallow "
        "--tags; on GitHub Actions, actions/checkout with fetch-depth: 0)"
    )
    assert errors == [
        f"releases.yml:14: release 2.0: git ref 'v2.0.0' {shallow}",
        f"releases.yml:20: release 1.1: git ref 'v1.1.0' {shallow}",
        f"releases.yml:27: release 1.0: git ref 'v1.0.0' {shallow}",
    ]


def test_cli_prints_located_errors_without_traceback(git_portal: Path, tmp_path: Path, monkeypatch):
    set_source(git_portal, "git:v1.0.0", "git:v1.0")
    monkeypatch.chdir(git_portal.parent)
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "-d", str(site)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        "releases.yml:27: release 1.0: git ref 'v1.0' is not a tag, branch or commit of this "
        "repository. Did you mean 'v1.0.0'?"
    ) in result.output
    assert not site.exists()
    check = CliRunner().invoke(cli, ["check"])
    assert check.exit_code == 1 and "releases.yml:27: release 1.0: git ref 'v1.0'" in check.output


def test_check_reports_the_problems_of_every_ref_at_once(git_portal: Path, monkeypatch):
    # One ref's config does not parse (found when it is exported), another's does not validate
    # (found when MkDocs loads it): check names both in one run, each once.
    root = git_portal.parent
    with branch_from_v2(root, "broken"):
        commit_tag(root, "v2.0.1", "2025-03-01T12:00:00", {"mkdocs.yml": "site_name: W\nnav: [\n"})
        config = "site_name: W\nmarkdown_extensions: 5\n"
        commit_tag(root, "v1.1.1", "2025-03-02T12:00:00", {"mkdocs.yml": config})
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    set_source(git_portal, "git:v1.1.0", "git:v1.1.1")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    problems = [line for line in result.output.splitlines() if line.startswith("releases.yml:")]
    assert problems == [
        "releases.yml:14: release 2.0: git ref 'v2.0.1': mkdocs.yml:3: not valid YAML: did not "
        "find expected node content [2.0]",
        "releases.yml:20: release 1.1: git ref 'v1.1.1': mkdocs.yml:2: Config value "
        "'markdown_extensions': Invalid Markdown Extensions configuration [1.1]",
    ]
    # Listed once: the copy logged live while checking is the same finding.
    listed = [line for line in result.output.splitlines() if line.endswith("]")]
    assert [line for line in listed if "Config value" in line] == [problems[1]]


def test_check_lists_a_config_error_shared_by_two_refs_at_each_ref(git_portal: Path, monkeypatch):
    root = git_portal.parent
    config = "site_name: W\nmarkdown_extensions: 5\n"
    with branch_from_v2(root, "broken"):
        commit_tag(root, "v1.1.1", "2025-03-02T12:00:00", {"mkdocs.yml": config})
        commit_tag(root, "v2.0.1", "2025-03-03T12:00:00", {"mkdocs.yml": f"# 2.0.1\n{config}"})
    set_source(git_portal, "git:v2.0.0", "git:v2.0.1")
    set_source(git_portal, "git:v1.1.0", "git:v1.1.1")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    error = "Config value 'markdown_extensions': Invalid Markdown Extensions configuration"
    listed = [line for line in result.output.splitlines() if line.endswith("]")]
    assert listed == [
        f"releases.yml:14: release 2.0: git ref 'v2.0.1': mkdocs.yml:3: {error} [2.0]",
        f"releases.yml:20: release 1.1: git ref 'v1.1.1': mkdocs.yml:2: {error} [1.1]",
    ]


def test_shallow_clone_builds_and_checks_the_working_tree_release(git_portal: Path, tmp_path: Path,
                                                                  monkeypatch):
    # CI often clones with depth 1: the old tags are missing, but the release built from the
    # working tree needs none of them.
    clone = shallow_clone(git_portal.parent, tmp_path / "clone")
    monkeypatch.chdir(clone)
    built = CliRunner().invoke(cli, ["build", "-r", "3.0", "-d", str(tmp_path / "site")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "site/3.0/index.html").is_file()
    checked = CliRunner().invoke(cli, ["check", "-r", "3.0"])
    assert checked.exit_code == 0, checked.output
    # A release from a missing tag is still refused, by its line.
    old = CliRunner().invoke(cli, ["build", "-r", "2.0", "-d", str(tmp_path / "site")])
    assert old.exit_code == 1
    assert "releases.yml:14: release 2.0: git ref 'v2.0.0' is not in this shallow clone" in old.output


def test_two_releases_on_one_commit_by_two_names(git_portal: Path, tmp_path: Path):
    # Only one ref name was refused: a tag and the commit id it names both built.
    root = git_portal.parent
    commit = git(root, "rev-parse", "v1.0.0")
    set_source(git_portal, "git:v1.1.0", f"git:{commit[:7]}")
    assert errors_of(git_portal, tmp_path / "site") == [
        f"releases.yml:27: releases 1.1 and 1.0 both come from commit {commit[:10]} (git refs "
        f"'{commit[:7]}' and 'v1.0.0'): a commit holds the docs of one release",
    ]


def test_two_tags_on_one_commit(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    git(root, "tag", "v2.1.0", "v2.0.0")
    set_source(git_portal, "git:v1.1.0", "git:v2.1.0")
    commit = git(root, "rev-parse", "v2.0.0")
    assert errors_of(git_portal, tmp_path / "site") == [
        f"releases.yml:20: releases 2.0 and 1.1 both come from commit {commit[:10]} (git refs "
        "'v2.0.0' and 'v2.1.0'): a commit holds the docs of one release"
    ]


def test_shallow_clone_publishes_the_working_tree_release(git_portal: Path, tmp_path: Path,
                                                          monkeypatch):
    clone = shallow_clone(git_portal.parent, tmp_path / "clone")
    monkeypatch.chdir(clone)
    live = tmp_path / "live"
    published = CliRunner().invoke(cli, ["publish", "-r", "3.0", "--to", str(live)])
    assert published.exit_code == 0, published.output
    assert (live / "3.0/index.html").is_file()
    listed = CliRunner().invoke(cli, ["list", "--to", str(live)])
    assert listed.exit_code == 0 and "3.0" in listed.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_names_a_ref_config_error_once(git_portal: Path, tmp_path: Path, jobs: str):
    root = git_portal.parent
    with branch_from_v2(root, "broken"):
        config = "site_name: W\nmarkdown_extensions: 5\n"
        commit_tag(root, "v1.1.1", "2025-03-02T12:00:00", {"mkdocs.yml": config})
    set_source(git_portal, "git:v1.1.0", "git:v1.1.1")
    result = subprocess.run(
        [sys.executable, "-m", "supportal.cli", "build", "-j", jobs, "-d", str(tmp_path / "s")],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    message = (
        "releases.yml:20: release 1.1: git ref 'v1.1.1': mkdocs.yml:2: Config value "
        "'markdown_extensions': Invalid Markdown Extensions configuration"
    )
    assert [line for line in result.stderr.splitlines() if "Config value" in line] == [message]
