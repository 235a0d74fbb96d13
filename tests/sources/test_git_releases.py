"""Releases built from git refs, mixed with a working-tree release, in one site."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import MkDocsException
from supportal.cli.check import check_releases
from supportal.cli.host import load_release_config
from supportal.cli.main import cli
from supportal.cli.multibuild import build_releases
from supportal.releases.model import load_catalog
from supportal.releases.plugin import releases_of

from ..harness import capture_mkdocs_logs
from .gitportal import branch_from, commit_tag, git, write


def catalog_of(config_file: Path):
    return load_catalog(config_file.parent / "releases.yml", "releases.yml")


def build_all(config_file: Path, site: Path, **options):
    catalog = catalog_of(config_file)
    with capture_mkdocs_logs() as records:
        results = build_releases(config_file, catalog, catalog.releases, site, **options)
    problems = [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")]
    return {r.release.version: r for r in results}, problems


def text(site: Path, version: str, page: str = "") -> str:
    return (site / version / page / "index.html").read_text(encoding="utf-8")


def tree_hashes(folder: Path) -> dict[str, str]:
    return {
        f.relative_to(folder).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(folder.rglob("*")) if f.is_file()
    }


def test_each_release_builds_from_its_ref_and_the_working_tree(git_portal: Path, tmp_path: Path):
    site = tmp_path / "site"
    results, problems = build_all(git_portal, site, strict=True)
    assert problems == []
    assert sorted(results) == ["1.0", "1.1", "2.0", "3.0"]
    assert "Widget one point zero." in text(site, "1.0")
    assert "Set up the widget with a crank." in text(site, "1.0", "setup")
    assert "Widget one point one." in text(site, "1.1")
    assert "Widget two." in text(site, "2.0")
    assert "Set up the widget with a motor." in text(site, "2.0", "setup")
    assert "Widget three, from the working tree." in text(site, "3.0")
    # One selector lists every release: one versions.json, and every page (even of the ref
    # that predates Supportal) has Material's version selector turned on.
    versions = json.loads((site / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["3.0", "2.0", "1.1", "1.0"]
    for version in ("1.0", "1.1", "2.0", "3.0"):
        assert '"provider": "mike"' in text(site, version)
    assert "../1.0/" not in text(site, "1.0")  # each release's pages link within itself


def test_a_ref_that_predates_supportal_gets_the_overlay(git_portal: Path, tmp_path: Path):
    catalog = catalog_of(git_portal)
    config = load_release_config(git_portal, catalog.get("1.0"), site_dir=tmp_path / "out")
    plugin = releases_of(config)
    assert plugin is not None and plugin.config.release == "1.0"
    assert [p for p in config.plugins if p.startswith("supportal/")] == ["supportal/releases"]
    assert config.site_url == "https://docs.example.com/1.0/"  # the portal's base URL
    assert (Path(config.docs_dir) / "setup.md").read_text(encoding="utf-8").count("crank") == 1


def test_supportal_entries_of_a_ref_read_the_working_tree_catalog(git_portal: Path, tmp_path: Path):
    catalog = catalog_of(git_portal)
    config = load_release_config(git_portal, catalog.get("1.1"), site_dir=tmp_path / "out")
    plugin = releases_of(config)
    assert plugin is not None
    assert plugin.config.catalog == str((git_portal.parent / "releases.yml").resolve())
    assert list(config.plugins) == ["material/search", "supportal/releases"]


def test_parallel_build_equals_serial_build(git_portal: Path, tmp_path: Path):
    build_all(git_portal, tmp_path / "serial", jobs=1)
    _, problems = build_all(git_portal, tmp_path / "parallel", jobs=2)
    assert problems == []
    assert tree_hashes(tmp_path / "serial") == tree_hashes(tmp_path / "parallel")


def test_cache_rebuilds_only_the_release_whose_ref_moved(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    site, cache = tmp_path / "site", tmp_path / "cache"
    first, _ = build_all(git_portal, site, jobs=2, use_cache=True, cache_dir=cache)
    assert not any(r.skipped for r in first.values())

    again, problems = build_all(git_portal, site, jobs=2, use_cache=True, cache_dir=cache)
    assert problems == []
    assert all(r.skipped for r in again.values())

    # Fix a page of 2.0 on a maintenance branch and move the tag: only 2.0 is rebuilt.
    with branch_from(root, "v2.0.0", "maint-2.0"):
        git(root, "tag", "-d", "v2.0.0")
        fixed = {"docs/setup.md": "# Setup\n\nUse the motor kit.\n"}
        commit_tag(root, "v2.0.0", "2025-02-01T12:00:00", fixed)
    moved, _ = build_all(git_portal, site, jobs=2, use_cache=True, cache_dir=cache)
    assert {v for v, r in moved.items() if not r.skipped} == {"2.0"}
    assert "Use the motor kit." in text(site, "2.0", "setup")

    # Edit the working tree: only the working-tree release is rebuilt.
    write(root, {"docs/index.md": "# Widget\n\nWidget three, edited.\n"})
    edited, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert {v for v, r in edited.items() if not r.skipped} == {"3.0"}
    assert "Widget three, edited." in text(site, "3.0")

    # Deleting the cache is safe: a full rebuild gives byte-identical output.
    cached_output = tree_hashes(site)
    shutil.rmtree(cache)
    fresh, _ = build_all(git_portal, site, jobs=2, use_cache=True, cache_dir=cache)
    assert not any(r.skipped for r in fresh.values())
    assert tree_hashes(site) == cached_output


def test_cache_never_keeps_an_output_that_was_changed(git_portal: Path, tmp_path: Path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    (site / "1.1" / "index.html").write_text("tampered", encoding="utf-8")
    results, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert {v for v, r in results.items() if not r.skipped} == {"1.1"}
    assert "Widget one point one." in text(site, "1.1")


def test_a_catalog_change_rebuilds_every_release(git_portal: Path, tmp_path: Path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    catalog = git_portal.parent / "releases.yml"
    catalog.write_text(catalog.read_text().replace("Widget 1.1", "Widget 1.1 (final)"))
    results, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert not any(r.skipped for r in results.values())


def test_strict_replays_cached_warnings(git_portal: Path, tmp_path: Path):
    root = git_portal.parent
    write(root, {"docs/index.md": "# Widget\n\nSee [the missing page](missing.md).\n"})
    site, cache = tmp_path / "site", tmp_path / "cache"
    _, problems = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert any("missing.md" in p for p in problems)
    catalog = catalog_of(git_portal)
    with capture_mkdocs_logs() as records, pytest.raises(MkDocsException, match="strict"):
        build_releases(git_portal, catalog, catalog.releases, site, strict=True,
                       use_cache=True, cache_dir=cache)
    assert any("missing.md" in r.getMessage() for r in records)


def test_a_site_folder_inside_the_project_does_not_defeat_the_cache(git_portal: Path):
    site, cache = git_portal.parent / "public", git_portal.parent / ".supportal-cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    again, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert all(r.skipped for r in again.values())


def test_check_builds_ref_releases_from_their_tree(git_portal: Path, tmp_path: Path):
    catalog = catalog_of(git_portal)
    findings = check_releases(git_portal, catalog.releases)
    assert [str(f) for f in findings] == []
    (git_portal.parent / "docs" / "index.md").write_text("# Widget\n\n[gone](gone.md)\n")
    findings = check_releases(git_portal, catalog.releases)
    assert [(str(f), f.releases) for f in findings] == [(
        "docs/index.md:3: Doc file 'index.md' contains a link 'gone.md', but the target is not "
        "found among documentation files.", ["3.0"])]


def test_supportal_search_replaces_the_material_search_of_every_ref(
    git_portal: Path, tmp_path: Path
):
    # v1.0.0 has no `plugins:` (MkDocs turns its search on), v1.1.0 and v2.0.0 list `- search`
    portal = git_portal.read_text(encoding="utf-8")
    git_portal.write_text(
        portal.replace("  - search\n", "  - supportal/search\n"), encoding="utf-8"
    )
    site = tmp_path / "site"
    _, problems = build_all(git_portal, site, strict=True)
    assert problems == []
    for version in ("1.0", "1.1", "2.0", "3.0"):
        assert (site / version / "_supportal" / "search" / "head.json").is_file(), version
        assert not (site / version / "search" / "search_index.json").exists(), version
        assert text(site, version).count('class="md-search"') == 0, version
    config = load_release_config(git_portal, catalog_of(git_portal).get("1.1"),
                                 site_dir=tmp_path / "out")
    assert list(config.plugins) == ["supportal/search", "supportal/releases"]


def test_docs_changes_do_not_compare_releases_from_separate_trees(
    git_portal: Path, tmp_path: Path
):
    # The build reads one tree: comparing a ref release from it listed no change at all.
    config = git_portal.read_text(encoding="utf-8")
    git_portal.write_text(config.replace("  - supportal/releases\n",
                                         "  - supportal/releases\n  - supportal/reading\n"))
    site = tmp_path / "site"
    results, problems = build_all(git_portal, site, strict=True)
    assert problems == []
    separate = "comes from separate versions of its sources"
    assert separate in text(site, "3.0", "docs-changes")  # working tree after the ref 2.0
    assert separate in text(site, "2.0", "docs-changes")  # ref after ref
    assert "first release of the documentation" in text(site, "1.0", "docs-changes")


def test_link_warnings_name_the_file_line_and_ref_in_build_and_check(git_portal: Path,
                                                                     monkeypatch):
    # MkDocs names the page but not the line; for a ref release, check used to name the
    # working tree's file of the same name instead of the ref's.
    root = git_portal.parent
    with branch_from(root, "v1.1.0", "linked"):
        commit_tag(root, "v1.1.1", "2024-07-10T12:00:00",
                   {"docs/index.md": "# Widget\n\nOne point one.\n\nSee [gone](gone.md).\n"})
    catalog = root / "releases.yml"
    catalog.write_text(catalog.read_text().replace("git:v1.1.0", "git:v1.1.1"))
    (root / "docs/index.md").write_text("# Widget\n\n[away](away.md)\n")
    monkeypatch.chdir(root)
    missing = "but the target is not found among documentation files."
    ref = (
        "release 1.1: git ref 'v1.1.1': docs/index.md:5: Doc file 'index.md' contains a link "
        f"'gone.md', {missing}"
    )
    tree = f"docs/index.md:3: Doc file 'index.md' contains a link 'away.md', {missing}"
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 1 and "Traceback" not in checked.output
    assert [line for line in checked.stdout.splitlines()] == [f"{tree} [3.0]", f"{ref} [1.1]"]
    for release, message in (("3.0", tree), ("1.1", ref)):
        with capture_mkdocs_logs() as records:
            built = CliRunner().invoke(cli, ["build", "--strict", "-r", release, "-d", "out"])
        assert built.exit_code == 1
        assert [r.getMessage() for r in records if r.levelname == "WARNING"] == [message]


def test_a_reused_conversion_locates_its_warning_in_each_release(git_portal: Path, tmp_path: Path):
    # One conversion serves the working tree's 3.0 and the ref's 1.1 (same page, same config):
    # its link warning is replayed in the other, where it must name that release's tree.
    root = git_portal.parent
    page = "# Widget\n\nSee [gone](gone.md).\n"
    with branch_from(root, "v1.1.0", "same-page"):
        commit_tag(root, "v1.1.1", "2024-07-10T12:00:00", {"docs/index.md": page})
    catalog = root / "releases.yml"
    catalog.write_text(catalog.read_text().replace("git:v1.1.0", "git:v1.1.1"))
    (root / "docs/index.md").write_text(page)
    results, problems = build_all(git_portal, tmp_path / "site", use_cache=True,
                                  cache_dir=tmp_path / "cache")
    assert results["1.1"].pages_reused + results["3.0"].pages_reused == 1
    warning = ("docs/index.md:3: Doc file 'index.md' contains a link 'gone.md', but the target "
               "is not found among documentation files.")
    assert sorted(p for p in problems if "gone.md" in p) == [
        warning, f"release 1.1: git ref 'v1.1.1': {warning}"
    ]
