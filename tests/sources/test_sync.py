"""`supportal releases sync --tags PATTERN`: catalog entries from git tags, round-trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from supportal.cli.main import cli
from supportal.releases.model import load_catalog
from supportal.sources.tags import version_from_tag

from .gitportal import CATALOG, commit_tag, git


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
