"""`supportal releases sync --tags PATTERN`: catalog entries from git tags, round-trip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli
from supportal.core.problems import SupportalError
from supportal.releases.model import load_catalog
from supportal.sources.tags import version_from_tag

from .gitportal import CATALOG, commit_tag, git, shallow_clone


@pytest.mark.parametrize(("tag", "version"), [
    ("v3.4.0", "3.4.0"), ("release-2.1", "2.1"), ("3.0rc1", "3.0rc1"), ("v1.0-beta.2", "1.0b2"),
    ("vnext", None), ("v1.x", None), ("latest", None),
])
def test_version_from_tag(tag: str, version: str | None):
    assert version_from_tag(tag) == version


def sync(root: Path, *args: str):
    return CliRunner().invoke(cli, ["releases", "sync", "-f", str(root / "mkdocs.yml"), *args])


def add_tags(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "3.0 work", date="2025-09-01T12:00:00")
    commit_tag(root, "v2.1.0", "2025-10-02T09:00:00", {"docs/index.md": "# Widget\n\n2.1\n"})
    git(root, "tag", "other-1.0")  # does not match 'v*'


def test_sync_adds_missing_tags_and_keeps_everything_else(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    result = sync(root, "--tags", "v*")
    assert result.exit_code == 0, result.output
    text = (root / "releases.yml").read_text()
    assert text.startswith(CATALOG.split("\n  - version: \"2.0\"")[0])  # comment, 3.0 untouched
    older = CATALOG.split("    default: true\n    aliases: [latest]\n\n")[1]
    assert older in text  # and the older ones
    assert '''  - version: "2.1.0"
    title: 2.1.0
    date: 2025-10-02
    status: supported
    source: git:v2.1.0
''' in text
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["3.0", "2.1.0", "2.0", "1.1", "1.0"]
    assert "kept     v2.0.0: already the source of release 2.0" in result.output
    again = sync(root, "--tags", "v*")
    assert again.exit_code == 0 and "No new release" in again.output
    assert (root / "releases.yml").read_text() == text


def test_sync_dry_run_shows_the_change_and_writes_nothing(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    before = (root / "releases.yml").read_text()
    result = sync(root, "--tags", "v2.*", "--dry-run", "--status", "preview",
                  "--title", "Widget {version}")
    assert result.exit_code == 0, result.output
    assert "+  - version: \"2.1.0\"\n+    title: Widget 2.1.0\n" in result.output
    assert "+    status: preview\n" in result.output
    assert (root / "releases.yml").read_text() == before


def test_sync_without_catalog_creates_one_with_a_default(git_portal: Path):
    root = git_portal.parent
    (root / "releases.yml").unlink()
    result = sync(root, "--tags", "v*")
    assert result.exit_code == 0, result.output
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["2.0.0", "1.1.0", "1.0.0"]
    assert catalog.default.version == "2.0.0"
    assert catalog.get("1.0.0").source == "git:v1.0.0"
    assert str(catalog.get("1.0.0").date) == "2024-01-10"


def test_tag_without_a_valid_version(git_portal: Path):
    root = git_portal.parent
    git(root, "tag", "vnext", "v2.0.0")
    before = (root / "releases.yml").read_text()
    result = sync(root, "--tags", "v*")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output == (
        "releases.yml:2: git tag 'vnext' (matched by 'v*') gives no valid version: a tag name "
        "must end in a PEP 440 version such as v3.4.0 or release-2.1; narrow the pattern or add "
        "that release by hand\n"
    )
    assert (root / "releases.yml").read_text() == before


def test_sync_then_build_uses_the_new_tag(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    add_tags(root)
    assert sync(root, "--tags", "v2.1*").exit_code == 0
    site = tmp_path / "site"
    args = ["build", "-f", str(git_portal), "-d", str(site), "-r", "2.1.0"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "2.1" in (site / "2.1.0" / "index.html").read_text()


# The catalog's `sync:` rule: `releases sync` without --tags.

def with_rule(root: Path, rule: str) -> str:
    """Append `rule` to the catalog after a blank line: its first line is line 29."""
    text = CATALOG + "\n" + rule
    (root / "releases.yml").write_text(text)
    return text


def test_rule_adds_tags_without_flags_and_keeps_lifecycle_data(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    before = with_rule(
        root, 'sync:\n  tags: "v2.*"\n  status: preview\n  title: "Widget {version}"\n'
    )
    result = sync(root)
    assert result.exit_code == 0, result.output
    assert "add      v2.1.0 -> release 2.1.0 (2025-10-02)" in result.output
    assert "kept     v2.0.0: already the source of release 2.0" in result.output
    assert "v1.1.0" not in result.output  # outside the rule's pattern
    text = (root / "releases.yml").read_text()
    entry = ('  - version: "2.1.0"\n    title: Widget 2.1.0\n    date: 2025-10-02\n'
             "    status: preview\n    source: git:v2.1.0\n")
    assert entry in text
    assert text.replace(entry + "\n", "") == before  # every other line, the rule too, as it was
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["3.0", "2.1.0", "2.0", "1.1", "1.0"]
    assert catalog.get("1.0").end_of_support.isoformat() == "2025-01-01"
    assert catalog.sync is not None and catalog.sync.tags == "v2.*"


def test_flags_override_the_rule_one_by_one(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    git(root, "tag", "w2.2.0")
    with_rule(root, 'sync:\n  tags: "w*"\n  status: preview\n  title: "Widget {version}"\n')
    result = sync(root, "--tags", "v*", "--title", "{tag}")
    assert result.exit_code == 0, result.output
    assert "w2.2.0" not in result.output  # the flag's pattern replaced the rule's
    text = (root / "releases.yml").read_text()
    assert ('  - version: "2.1.0"\n    title: v2.1.0\n    date: 2025-10-02\n'
            "    status: preview\n    source: git:v2.1.0\n") in text  # title: flag; status: rule


def test_rule_dry_run_shows_the_change_and_writes_nothing(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    before = with_rule(root, "sync:\n  tags: v*\n")
    result = sync(root, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+  - version: \"2.1.0\"\n+    title: 2.1.0\n" in result.output
    assert "+    status: supported\n" in result.output
    assert "Dry run: 1 release(s) would be added to releases.yml." in result.output
    assert (root / "releases.yml").read_text() == before


def test_catalog_holding_only_a_rule_gets_its_releases(git_portal: Path):
    root = git_portal.parent
    rule = "# Filled by `supportal releases sync`.\nsync:\n  tags: v1.*\n"
    (root / "releases.yml").write_text(rule)
    result = sync(root)
    assert result.exit_code == 0, result.output
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["1.1.0", "1.0.0"]
    assert catalog.default.version == "1.1.0"
    assert (root / "releases.yml").read_text().startswith(
        "# Filled by `supportal releases sync`.\nsync:\n  tags: v1.*\nreleases:\n"
    )


@pytest.mark.parametrize(("rule", "message"), [
    ("sync: v*\n",
     "releases.yml:29: 'sync' must be a mapping such as {tags: 'v*', status: supported}"),
    ("sync:\n  tag: v*\n",
     "releases.yml:30: unknown sync key 'tag'. Expected one of: tags, status, title. "
     "Did you mean 'tags'?\n"
     "releases.yml:29: 'sync' needs 'tags': a shell pattern of tag names such as 'v*'"),
    ("sync:\n  status: preview\n",
     "releases.yml:29: 'sync' needs 'tags': a shell pattern of tag names such as 'v*'"),
    ("sync:\n  tags: [v1*, v2*]\n",
     "releases.yml:30: sync 'tags' must be a shell pattern of tag names such as 'v*' (quote it)"),
    ("sync:\n  tags: v*\n  status: eol\n",
     "releases.yml:31: sync: cannot add releases with status 'eol': an 'eol' release needs an "
     "'end_of_support' date; add it by hand"),
    ("sync:\n  tags: v*\n  status: suported\n",
     "releases.yml:31: sync: cannot add releases with status 'suported'. Expected one of: "
     "preview, supported, lts. Did you mean 'supported'?"),
    # Was "cannot add releases with status 'None'": YAML's null for a value left out.
    ("sync:\n  tags: v*\n  status:\n",
     "releases.yml:31: sync: status is empty; expected one of: preview, supported, lts"),
    ("sync:\n  tags: v*\n  status: ''\n",
     "releases.yml:31: sync: status is empty; expected one of: preview, supported, lts"),
    ("sync:\n  tags: v*\n  status: [preview, lts]\n",
     "releases.yml:31: sync: status must be one word, one of: preview, supported, lts"),
    ("sync:\n  tags: v*\n  title: Widget {release}\n",
     "releases.yml:31: sync title 'Widget {release}' uses {release}: only {version} and {tag} "
     "are replaced"),
    ("sync:\n  tags: v*\n  title: 'Widget {version'\n",
     "releases.yml:31: sync title 'Widget {version' is not a valid template (expected '}' before "
     "end of string); write '{{' for a literal '{'"),
    ("sync:\n  tags: v*\n  title: 'Widget {version!r:>10}'\n",
     "releases.yml:31: sync title 'Widget {version!r:>10}' uses {version!r:>10}: write {version} "
     "alone, without a '!' conversion or a ':' format"),
    ("sync:\n  tags: v*\n  title: 3\n",
     "releases.yml:31: sync 'title' must be text such as 'Keelvault {version}'"),
])
def test_bad_rule_is_a_located_error_and_nothing_is_written(git_portal: Path, rule: str,
                                                            message: str):
    root = git_portal.parent
    add_tags(root)
    before = with_rule(root, rule)
    for args in [(), ("--tags", "v*"), ("--dry-run",)]:
        result = sync(root, *args)
        assert result.exit_code == 1, args
        assert "Traceback" not in result.output
        assert result.output == message + "\n", args
        assert (root / "releases.yml").read_text() == before
    # The rule is part of the catalog: every command that reads it reports the same problem.
    with pytest.raises(SupportalError) as caught:
        load_catalog(root / "releases.yml", "releases.yml")
    assert [str(p) for p in caught.value.problems] == message.split("\n")


def test_no_pattern_and_no_rule(git_portal: Path):
    root = git_portal.parent
    before = (root / "releases.yml").read_text()
    result = sync(root)
    assert result.exit_code == 1
    assert result.output == (
        "releases.yml: no tags to sync: give --tags PATTERN, or add a rule to the catalog such "
        "as 'sync: {tags: \"v*\"}'\n"
    )
    assert (root / "releases.yml").read_text() == before


def test_rule_matching_a_tag_without_a_version_names_the_rule(git_portal: Path):
    root = git_portal.parent
    git(root, "tag", "vnext", "v2.0.0")
    before = with_rule(root, "sync:\n  status: lts\n  tags: v*\n")
    result = sync(root)
    assert result.exit_code == 1
    assert result.output == (
        "releases.yml:31: git tag 'vnext' (matched by 'v*') gives no valid version: a tag name "
        "must end in a PEP 440 version such as v3.4.0 or release-2.1; narrow the pattern or add "
        "that release by hand\n"
    )
    assert (root / "releases.yml").read_text() == before


def test_bad_title_flag_is_a_usage_error(git_portal: Path):
    root = git_portal.parent
    before = (root / "releases.yml").read_text()
    result = sync(root, "--tags", "v*", "--title", "{name}")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert ("Invalid value for '--title': title '{name}' uses {name}: only {version} and {tag} "
            "are replaced") in result.output
    assert (root / "releases.yml").read_text() == before


def test_build_reads_a_catalog_with_a_rule(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    with_rule(root, "sync:\n  tags: v*\n")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", "-f", str(git_portal), "-d", str(site), "-r", "3.0"])
    assert result.exit_code == 0, result.output
    assert (site / "3.0" / "index.html").is_file()


@pytest.mark.parametrize(("args", "message"), [
    # Without the refusal the new entry failed the catalog check, reported at another
    # release's line ("releases.yml:9: release 1.20 is 'eol' ...") for a release not yet there.
    (("--status", "eol"),
     "Invalid value for '--status': cannot add releases with status 'eol': an 'eol' release "
     "needs an 'end_of_support' date; add it by hand"),
    (("--status", "suported"),
     "Invalid value for '--status': cannot add releases with status 'suported'. Expected one "
     "of: preview, supported, lts. Did you mean 'supported'?"),
    (("--title", "Widget {version!r:>10}"),
     "Invalid value for '--title': title 'Widget {version!r:>10}' uses {version!r:>10}: write "
     "{version} alone, without a '!' conversion or a ':' format"),
    (("--title", "Widget {tag:.3}"),
     "Invalid value for '--title': title 'Widget {tag:.3}' uses {tag:.3}: write {tag} alone, "
     "without a '!' conversion or a ':' format"),
])
def test_bad_status_or_title_flag_is_refused_by_the_command_line(
    git_portal: Path, args: tuple[str, ...], message: str
):
    root = git_portal.parent
    git(root, "tag", "v1.20", "v1.1.0")
    before = with_rule(root, 'sync: {tags: "v1*"}\n')
    result = sync(root, "--dry-run", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.endswith(f"Error: {message}\n")
    assert (root / "releases.yml").read_text() == before


def test_plan_sync_itself_refuses_eol(git_portal: Path):
    # The command line refuses it first; the planner is also what other callers use.
    from supportal.sources.git import GitRepo
    from supportal.sources.tags import plan_sync

    root = git_portal.parent
    repo = GitRepo.discover(root)
    assert repo is not None
    with pytest.raises(SupportalError) as info:
        plan_sync(root / "releases.yml", "releases.yml", repo, "v*", status="eol")
    assert [str(p) for p in info.value.problems] == [
        "releases.yml:2: cannot add releases with status 'eol': an 'eol' release needs an "
        "'end_of_support' date; add it by hand"
    ]


@pytest.mark.parametrize(("pattern", "message"), [
    # Each of these printed only "No new release": a typo looked like nothing to do.
    ("V*", "No git tag matches 'V*' (a shell pattern, matched case-sensitively); the repository "
           "has 3 tags: v2.0.0, v1.1.0, v1.0.0. Did you mean 'v*'?"),
    ("v.*", "No git tag matches 'v.*' (a shell pattern, matched case-sensitively); the "
            "repository has 3 tags: v2.0.0, v1.1.0, v1.0.0. Did you mean 'v*'?"),
    ("x*", "No git tag matches 'x*' (a shell pattern, matched case-sensitively); the repository "
           "has 3 tags: v2.0.0, v1.1.0, v1.0.0."),
])
def test_pattern_matching_no_tag_says_so(git_portal: Path, pattern: str, message: str):
    root = git_portal.parent
    before = (root / "releases.yml").read_text()
    result = sync(root, "--tags", pattern)
    assert result.exit_code == 0
    assert result.output == f"{message}\nNo new release: releases.yml is unchanged.\n"
    assert (root / "releases.yml").read_text() == before


def test_pattern_matching_no_tag_lists_the_newest_few(git_portal: Path):
    root = git_portal.parent
    for n in range(4):
        git(root, "tag", f"v2.0.{n + 1}", "v2.0.0", date=f"2025-0{n + 2}-01T12:00:00")
    result = sync(root, "--tags", "release-*")
    assert result.output.splitlines()[0] == (
        "No git tag matches 'release-*' (a shell pattern, matched case-sensitively); the "
        "repository has 7 tags: v2.0.4, v2.0.3, v2.0.2, v2.0.1, v2.0.0 and 2 more."
    )


def test_pattern_in_a_repository_without_tags(tmp_path: Path):
    root = tmp_path / "portal"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "mkdocs.yml").write_text("site_name: W\n")
    result = sync(root, "--tags", "v*")
    assert result.exit_code == 0
    assert result.output == (
        "No git tag matches 'v*': the repository has no tags.\n"
        "No new release: releases.yml is unchanged.\n"
    )


def test_tag_without_mkdocs_yml_is_skipped_with_the_reason(git_portal: Path):
    # Added, it made the next build fail: "git ref 'v0.9.0' has no mkdocs.yml".
    root = git_portal.parent
    notes = root / "notes.txt"
    notes.write_text("no docs here\n")
    blob = git(root, "hash-object", "-w", str(notes))
    notes.unlink()
    tree = subprocess.run(["git", "-C", str(root), "mktree"], input=f"100644 blob {blob}\tn\n",
                          capture_output=True, text=True, check=True).stdout.strip()
    commit = git(root, "commit-tree", tree, "-m", "before the docs")
    git(root, "tag", "v0.9.0", commit)
    add_tags(root)
    result = sync(root, "--tags", "v*")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  kept     v1.0.0: already the source of release 1.0\n"
        "  kept     v1.1.0: already the source of release 1.1\n"
        "  kept     v2.0.0: already the source of release 2.0\n"
        f"  skip     v0.9.0: no mkdocs.yml at this tag (commit {commit[:10]}): no docs to build\n"
        "  add      v2.1.0 -> release 2.1.0 (2025-10-02)\n"
        "Added 1 release(s) to releases.yml.\n"
    )
    assert "0.9.0" not in (root / "releases.yml").read_text()


def test_pre_release_tag_is_a_preview_and_not_the_default(git_portal: Path):
    # It was 'supported' and, in a new catalog, the default: readers landed on an rc.
    root = git_portal.parent
    add_tags(root)
    commit_tag(root, "v3.0.0rc1", "2025-12-01T12:00:00", {"docs/index.md": "# Widget\n\n3.0\n"})
    (root / "releases.yml").unlink()
    result = sync(root, "--tags", "v*", "--status", "lts")
    assert result.exit_code == 0, result.output
    assert "  add      v3.0.0rc1 -> release 3.0.0rc1 (2025-12-01), preview: a pre-release\n" in (
        result.output
    )
    assert "  add      v2.1.0 -> release 2.1.0 (2025-10-02)\n" in result.output
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["3.0.0rc1", "2.1.0", "2.0.0", "1.1.0", "1.0.0"]
    assert catalog.default.version == "2.1.0"
    assert [r.status for r in catalog.releases] == ["preview", "lts", "lts", "lts", "lts"]


def test_only_pre_releases_give_the_newest_the_default(git_portal: Path):
    root = git_portal.parent
    git(root, "tag", "v3.0.0b1", "v2.0.0")
    git(root, "tag", "v3.0.0rc1", "v1.1.0")
    (root / "releases.yml").unlink()
    assert sync(root, "--tags", "v3*").exit_code == 0
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.default.version == "3.0.0rc1"
    assert [r.status for r in catalog.releases] == ["preview", "preview"]


def test_new_entries_keep_comments_with_their_entries_and_the_blank_lines(git_portal: Path):
    # A dump of the whole file put '# The 2.x line' above 2.5.0rc1 (it hung from
    # the entry before), with no blank line before the new entries.
    root = git_portal.parent
    add_tags(root)
    commit_tag(root, "v2.5.0rc1", "2025-12-01T12:00:00", {"docs/index.md": "# Widget\n\n3.0\n"})
    commit_tag(root, "v0.9.0", "2025-12-02T12:00:00", {"docs/index.md": "# Widget\n\n0.9\n"})
    catalog = CATALOG.replace('  - version: "2.0"', '  # The 2.x line\n  - version: "2.0"')
    catalog = catalog.replace("    aliases: [latest]\n", "    aliases: [latest]\n    # 3.0 LTS?\n")
    (root / "releases.yml").write_text(catalog + "\n# Kept last.\nsync:\n  tags: v*\n")
    assert sync(root).exit_code == 0
    text = (root / "releases.yml").read_text()
    assert text == catalog.replace(
        "    # 3.0 LTS?\n\n",
        "    # 3.0 LTS?\n\n"
        '  - version: "2.5.0rc1"\n    title: 2.5.0rc1\n    date: 2025-12-01\n'
        "    status: preview\n    source: git:v2.5.0rc1\n\n"
        '  - version: "2.1.0"\n    title: 2.1.0\n    date: 2025-10-02\n'
        "    status: supported\n    source: git:v2.1.0\n\n",
    ) + (
        '\n  - version: "0.9.0"\n    title: 0.9.0\n    date: 2025-12-02\n'
        "    status: supported\n    source: git:v0.9.0\n"
        "\n# Kept last.\nsync:\n  tags: v*\n"
    )


def test_new_entries_in_a_compact_catalog_stay_compact(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    commit_tag(root, "v1.2.0", "2025-12-02T12:00:00", {"docs/index.md": "# Widget\n\n1.2\n"})
    catalog = CATALOG.replace("\n\n", "\n")
    catalog = catalog.replace('  - version: "1.1"', '  # The 1.x line\n  - version: "1.1"')
    (root / "releases.yml").write_text(catalog)
    assert sync(root, "--tags", "v1.2*", "--title", "W {version}").exit_code == 0
    assert (root / "releases.yml").read_text() == catalog.replace(
        "  # The 1.x line\n",
        '  - version: "1.2.0"\n    title: W 1.2.0\n    date: 2025-12-02\n'
        "    status: supported\n    source: git:v1.2.0\n"
        "  # The 1.x line\n",
    )


def test_patch_tags_of_a_listed_minor_release_are_not_added(git_portal: Path):
    # v2.0.1 was added as release 2.0.1 next to 2.0, while publishing a tag v2.0.1 publishes
    # release 2.0 of a catalog that lists minor versions (docs/pages/publishing.md).
    root = git_portal.parent
    add_tags(root)
    commit_tag(root, "v2.0.1", "2025-10-03T12:00:00", {"docs/index.md": "# Widget\n\n2.0.1\n"})
    commit_tag(root, "v3.0.1rc1", "2025-10-04T12:00:00", {"docs/index.md": "# Widget\n\n3.0\n"})
    before = (root / "releases.yml").read_text()
    result = sync(root, "--tags", "v[23].0.[1-9]*")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  kept     v2.0.1: belongs to release 2.0: the catalog lists 2.0, not its patches or "
        "pre-releases; its source is git:v2.0.0: set it to git:v2.0.1 to publish this tag\n"
        "  kept     v3.0.1rc1: belongs to release 3.0: the catalog lists 3.0, not its patches or "
        "pre-releases\n"
        "No new release: releases.yml is unchanged.\n"
    )
    assert (root / "releases.yml").read_text() == before


def test_patch_tags_are_added_to_a_catalog_of_patch_releases(git_portal: Path):
    root = git_portal.parent
    (root / "releases.yml").write_text(CATALOG.replace('"2.0"', '"2.0.0"'))
    commit_tag(root, "v2.0.1", "2025-10-03T12:00:00", {"docs/index.md": "# Widget\n\n2.0.1\n"})
    result = sync(root, "--tags", "v2*")
    assert result.exit_code == 0, result.output
    assert "  add      v2.0.1 -> release 2.0.1 (2025-10-03)\n" in result.output


def test_tag_on_a_commit_that_a_release_is_built_from_is_skipped(git_portal: Path):
    # Added, it made build refuse the catalog: two releases from one commit.
    root = git_portal.parent
    add_tags(root)
    git(root, "tag", "v2.5.0", "v1.1.0")  # the commit of release 1.1
    git(root, "tag", "v2.2.0", "v2.1.0")  # the commit of a tag this run adds
    commit_11, commit_21 = git(root, "rev-parse", "v1.1.0"), git(root, "rev-parse", "v2.1.0")
    result = sync(root, "--tags", "v2*")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  kept     v2.0.0: already the source of release 2.0\n"
        f"  skip     v2.2.0: same commit ({commit_21[:10]}) as tag v2.1.0, added as release "
        "2.1.0: a commit holds the docs of one release\n"
        f"  skip     v2.5.0: same commit ({commit_11[:10]}) as release 1.1 (git:v1.1.0): a "
        "commit holds the docs of one release\n"
        "  add      v2.1.0 -> release 2.1.0 (2025-10-02)\n"
        "Added 1 release(s) to releases.yml.\n"
    )
    catalog = load_catalog(root / "releases.yml", "releases.yml")
    assert catalog.versions == ["3.0", "2.1.0", "2.0", "1.1", "1.0"]


def test_pre_release_tags_spelled_two_ways_are_one_version(git_portal: Path):
    # 3.0rc1 and 3.0.0rc1 are the same version: both belong to the listed 3.0 (one was added
    # as a release of its own while the other was kept).
    root = git_portal.parent
    add_tags(root)
    commit_tag(root, "v3.0rc1", "2025-10-04T12:00:00", {"docs/index.md": "# Widget\n\nrc\n"})
    commit_tag(root, "v3.0.0rc2", "2025-10-05T12:00:00", {"docs/index.md": "# Widget\n\nrc2\n"})
    result = sync(root, "--tags", "v3*")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "  kept     v3.0rc1: belongs to release 3.0: the catalog lists 3.0, not its patches or "
        "pre-releases\n"
        "  kept     v3.0.0rc2: belongs to release 3.0: the catalog lists 3.0, not its patches or "
        "pre-releases\n"
        "No new release: releases.yml is unchanged.\n"
    )


def test_sync_keeps_the_catalogs_windows_line_endings(git_portal: Path):
    root = git_portal.parent
    add_tags(root)
    catalog = root / "releases.yml"
    catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r\n"))
    before = catalog.read_bytes()
    assert sync(root, "--tags", "v*").exit_code == 0
    after = catalog.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") > before.count(b"\r\n")
    assert after.startswith(before.split(b'  - version: "2.0"')[0])


def test_sync_in_a_shallow_clone_says_to_fetch_the_tags(git_portal: Path, tmp_path: Path):
    # A CI checkout is shallow by default: sync saw no tags and quietly added nothing.
    clone = shallow_clone(git_portal.parent, tmp_path / "clone")
    before = (clone / "releases.yml").read_text()
    result = sync(clone, "--tags", "v*")
    assert result.exit_code == 1
    assert result.output == (
        "Error: this is a shallow clone, so sync cannot see every tag: fetch the full history "
        "and tags (git fetch --unshallow --tags; on GitHub Actions, actions/checkout with "
        "fetch-depth: 0)\n"
    )
    assert (clone / "releases.yml").read_text() == before


@pytest.mark.parametrize(("config", "message"), [
    ("missing/mkdocs.yml", "Error: Config file '{root}/missing/mkdocs.yml' does not exist.\n"),
    ("bad.yml", "Error: bad.yml:2: not valid YAML: did not find expected ',' or ']'\n"),
])
def test_sync_with_a_missing_or_broken_config_says_so(git_portal: Path, config: str,
                                                      message: str):
    root = git_portal.parent
    (root / "bad.yml").write_text("site_name: [x\n")
    result = CliRunner().invoke(cli, ["releases", "sync", "-f", str(root / config), "--tags", "v*"])
    assert result.exit_code == 1
    assert result.output == message.format(root=root)
