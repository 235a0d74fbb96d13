"""`supportal publish|rollback|history|prune|list` run as CI runs them: real builds, real
processes, a real folder target."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from supportal.publish.site import PublishedSite

from ..harness import make_portal
from .conftest import (
    PAGES,
    SUPPORTAL,
    PublishedPortal,
    assert_consistent,
    copy_of,
    fingerprint,
    run,
    versions_json,
)


def test_three_releases_published_one_after_another(published: PublishedPortal) -> None:
    site = published.site
    assert sorted(p.name for p in site.iterdir()) == [
        ".supportal",
        "2.0",
        "2.1",
        "3.0",
        "index.html",
        "latest",
        "next",
        "versions.json",
    ]
    assert versions_json(site) == [
        {"version": "3.0", "title": "Product 3.0 preview", "aliases": ["next"]},
        {"version": "2.1", "title": "Product 2.1", "aliases": ["latest"]},
        {"version": "2.0", "title": "Product 2.0", "aliases": []},
    ]
    assert 'content="0; url=2.1/"' in (site / "index.html").read_text()
    assert "The documentation of Product 2.0." in (site / "2.0/index.html").read_text()
    assert_consistent(site)


def test_identical_files_across_releases_are_hard_links(published: PublishedPortal) -> None:
    bundles = sorted((published.site / "2.0/assets/javascripts").glob("bundle.*.min.js"))
    assert bundles
    same = [
        published.site / v / bundles[0].relative_to(published.site / "2.0") for v in ("2.1", "3.0")
    ]
    assert {p.stat().st_ino for p in [bundles[0], *same]} == {bundles[0].stat().st_ino}


def test_publishing_a_release_leaves_the_others_untouched(
    published: PublishedPortal,
    tmp_path: Path,
) -> None:
    copy = copy_of(published, tmp_path)
    others = {
        p: (p.stat().st_ino, p.read_bytes())
        for v in ("2.0", "3.0")
        for p in (copy.site / v).rglob("*")
        if p.is_file()
    }
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nInstall it faster.\n")
    result = run(copy.portal, "publish", "-r", "latest", "--to", str(copy.site))
    assert result.returncode == 0, result.stderr
    assert "Published 2.1 as build 0002-" in result.stderr
    assert "Install it faster." in (copy.site / "2.1/guide/index.html").read_text()
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in others} == others


def test_list_prints_releases_aliases_and_status(published: PublishedPortal) -> None:
    result = run(published.portal, "list", "--to", str(published.site), "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [
        (r["version"], r["aliases"], r["status"], r["default"], r["kept_builds"]) for r in rows
    ] == [
        ("3.0", ["next"], "preview", False, 0),
        ("2.1", ["latest"], "supported", True, 0),
        ("2.0", [], "lts", False, 0),
    ]
    text = run(published.portal, "list", "--to", str(published.site)).stdout.splitlines()
    assert text[1].startswith("2.1      Product 2.1 [latest] supported (default)  build 0001-")


def test_rollback_restores_the_previous_build_byte_identical(
    published: PublishedPortal,
    tmp_path: Path,
) -> None:
    copy = copy_of(published, tmp_path)
    before = fingerprint(copy.site)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nA rewritten guide.\n")
    assert run(copy.portal, "publish", "-r", "2.1", "--to", str(copy.site)).returncode == 0
    assert fingerprint(copy.site) != before

    history = run(copy.portal, "history", "2.1", "--to", str(copy.site))
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["live", "kept"]
    assert lines[0].split()[1].startswith("0002-") and lines[1].split()[1].startswith("0001-")

    result = run(copy.portal, "rollback", "latest", "--to", str(copy.site))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("Rolled 2.1 back to build 0001-")
    assert fingerprint(copy.site) == before
    again = run(copy.portal, "rollback", "2.1", "--to", str(copy.site))
    assert again.returncode == 1
    assert again.stderr == f"Error: no earlier build of 2.1 is kept in {copy.site}\n"


def test_alias_moves_and_is_remembered_until_reset(
    published: PublishedPortal, tmp_path: Path
) -> None:
    copy = copy_of(published, tmp_path)
    result = run(
        copy.portal,
        "publish",
        "-r",
        "2.0",
        "--alias",
        "latest",
        "--alias",
        "lts",
        "--to",
        str(copy.site),
    )
    assert result.returncode == 0, result.stderr
    assert [(e["version"], e["aliases"]) for e in versions_json(copy.site)] == [
        ("3.0", ["next"]),
        ("2.1", []),
        ("2.0", ["latest", "lts"]),
    ]
    assert 'url=../../2.0/guide/"' in (copy.site / "latest/guide/index.html").read_text()
    # Publishing another release does not give the alias back to the catalog's release...
    assert run(copy.portal, "publish", "-r", "2.1", "--to", str(copy.site)).returncode == 0
    assert versions_json(copy.site)[1] == {"version": "2.1", "title": "Product 2.1", "aliases": []}
    # history and rollback read an alias as the site gives it, not as the catalog does.
    history = run(copy.portal, "history", "latest", "--to", str(copy.site))
    assert history.returncode == 0, history.stderr
    assert [line.split()[-1] for line in history.stdout.splitlines()] == ["2.0"]
    # ...until the moves are forgotten.
    assert (
        run(
            copy.portal, "publish", "-r", "2.1", "--reset-aliases", "--to", str(copy.site)
        ).returncode
        == 0
    )
    assert [(e["version"], e["aliases"]) for e in versions_json(copy.site)] == [
        ("3.0", ["next"]),
        ("2.1", ["latest"]),
        ("2.0", []),
    ]
    assert not (copy.site / "lts").exists()


def test_a_release_dropped_from_the_catalog_stays_listed(
    published: PublishedPortal,
    tmp_path: Path,
) -> None:
    copy = copy_of(published, tmp_path)
    catalog = copy.portal / "releases.yml"
    text = catalog.read_text()
    catalog.write_text(
        text[: text.index('  - version: "2.0"')] + text[text.index('  - version: "1.0"') :]
    )
    assert run(copy.portal, "publish", "-r", "1.0", "--to", str(copy.site)).returncode == 0
    assert [e["version"] for e in versions_json(copy.site)] == ["3.0", "2.1", "2.0", "1.0"]
    listed = run(copy.portal, "list", "--to", str(copy.site)).stdout
    assert "2.0      Product 2.0 lts (not in catalog)" in listed


def test_a_catalog_alias_spelled_like_a_dropped_release_does_not_put_it_in_the_catalog(
    published: PublishedPortal, tmp_path: Path
) -> None:
    copy = copy_of(published, tmp_path)
    catalog = copy.portal / "releases.yml"
    text = catalog.read_text().replace("aliases: [next]", 'aliases: [next, "2.0"]')
    catalog.write_text(
        text[: text.index('  - version: "2.0"')] + text[text.index('  - version: "1.0"') :]
    )
    rows = json.loads(run(copy.portal, "list", "--to", str(copy.site), "--json").stdout)
    assert [(r["version"], r["in_catalog"]) for r in rows] == [
        ("3.0", True),
        ("2.1", True),
        ("2.0", False),
    ]
    listed = run(copy.portal, "list", "--to", str(copy.site)).stdout
    assert "2.0      Product 2.0 lts (not in catalog)" in listed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-r", "2.2"],
            "Error: release '2.2' is not in releases.yml. Expected one of: 3.0, 2.1, "
            "2.0, 1.0, next, latest. Did you mean '2.1'?\n",
        ),
        (
            ["-r", "3.0", "--alias", "2.0"],
            "--alias: '2.0' is a release version, not an alias name\n",
        ),
        (
            ["-r", "3.0", "--alias", "Next!"],
            "--alias: 'Next!' must be a lower-case name of letters, digits, '-', '_' or '.'\n",
        ),
    ],
)
def test_bad_publish_input_changes_nothing(
    published: PublishedPortal,
    tmp_path: Path,
    args: list[str],
    message: str,
) -> None:
    copy = copy_of(published, tmp_path)
    before = fingerprint(copy.site)
    state = (copy.site / ".supportal/published.json").read_bytes()
    result = run(copy.portal, "publish", *args, "--to", str(copy.site))
    assert (result.returncode, result.stderr) == (1, message)
    assert fingerprint(copy.site) == before
    assert (copy.site / ".supportal/published.json").read_bytes() == state


def test_a_folder_that_is_not_a_published_site_is_refused(portal: Path, tmp_path: Path) -> None:
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.html").write_text("a hand-made site")
    result = run(portal, "publish", "-r", "2.1", "--to", str(www))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {www} is not a site published by Supportal (no .supportal/published.json) and "
        "not empty; publish into an empty folder or an existing published site\n"
    )
    assert sorted(p.name for p in www.iterdir()) == ["index.html"]


def test_a_target_that_cannot_be_created_is_an_error_not_a_traceback(
    portal: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    result = run(portal, "publish", "-r", "2.1", "--to", str(tmp_path / "a-file/site"))
    assert (result.returncode, result.stderr) == (
        1, f"Error: cannot create {tmp_path}/a-file/site/.supportal: Not a directory\n"
    )


def test_a_failed_strict_build_changes_nothing(published: PublishedPortal, tmp_path: Path) -> None:
    copy = copy_of(published, tmp_path)
    before = fingerprint(copy.site)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nSee [setup](setup.md).\n")
    result = run(copy.portal, "publish", "-r", "2.1", "--strict", "--to", str(copy.site))
    assert result.returncode == 1
    assert "setup.md" in result.stderr
    assert fingerprint(copy.site) == before
    assert list((copy.site / ".supportal/staging").iterdir()) == []


# Every step is covered in-process by test_site.py; here a real SIGKILL before and after the
# journal.
@pytest.mark.parametrize("step", ["staged", "swap 2.1"])
def test_a_publish_killed_at_a_step_leaves_the_previous_site_intact(
    published: PublishedPortal,
    tmp_path: Path,
    step: str,
) -> None:
    copy = copy_of(published, tmp_path)
    before = fingerprint(copy.site)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nNew text.\n")
    result = run(
        copy.portal,
        "publish",
        "-r",
        "2.1",
        "--alias",
        "stable",
        "--to",
        str(copy.site),
        env={"SUPPORTAL_PUBLISH_KILL_AT": step},
    )
    assert result.returncode == -signal.SIGKILL
    assert_consistent(copy.site)
    journaled = (copy.site / ".supportal/journal.json").exists()
    if step == "staged":
        assert not journaled
        assert fingerprint(copy.site) == before
    else:
        assert journaled
    # The next command finishes the killed change (or has nothing to finish) and cleans up.
    listed = run(copy.portal, "list", "--to", str(copy.site), "--json")
    assert listed.returncode == 0, listed.stderr
    assert_consistent(copy.site)
    assert not (copy.site / ".supportal/journal.json").exists()
    assert list((copy.site / ".supportal/staging").iterdir()) == []
    build = json.loads(listed.stdout)[1]["build"]
    if journaled:
        assert build.startswith("0002-")
        assert "New text." in (copy.site / "2.1/guide/index.html").read_text()
        assert (copy.site / "stable/index.html").is_file()
    else:
        assert build.startswith("0001-")
        assert fingerprint(copy.site) == before


def test_two_publishes_at_once_both_land(portal: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run(portal, "publish", "-r", "2.1", "--to", str(site)).returncode == 0
    jobs = [
        subprocess.Popen(
            [*SUPPORTAL, "publish", "-r", version, "--to", str(site)],
            cwd=portal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for version in ("3.0", "1.0")
    ]
    for job in jobs:
        out, err = job.communicate(timeout=180)
        assert job.returncode == 0, err
    assert [e["version"] for e in versions_json(site)] == ["3.0", "2.1", "1.0"]
    assert json.loads((site / ".supportal/published.json").read_text())["releases"]
    assert_consistent(site)


RETENTION = """\
retention:
  keep: [preview]
  eol_grace_days: 30
  history: 1
"""


def test_prune_dry_run_shows_exactly_what_the_real_run_does(
    published: PublishedPortal,
    tmp_path: Path,
) -> None:
    copy = copy_of(published, tmp_path)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nAgain.\n")
    assert run(copy.portal, "publish", "-r", "3.0", "--to", str(copy.site)).returncode == 0
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nAnd again.\n")
    assert run(copy.portal, "publish", "-r", "3.0", "--to", str(copy.site)).returncode == 0
    # Two builds of 3.0 are kept (the default history is 3); then 2.0 reaches its end of life
    # and the policy tightens.
    catalog = copy.portal / "releases.yml"
    catalog.write_text(
        catalog.read_text().replace(
            "    status: lts\n", "    status: eol\n    end_of_support: 2025-06-30\n"
        )
        + RETENTION
    )
    before = fingerprint(copy.site)

    dry = run(copy.portal, "prune", "--dry-run", "--today", "2026-01-01", "--to", str(copy.site))
    assert dry.returncode == 0, dry.stderr
    assert fingerprint(copy.site) == before
    lines = dry.stdout.splitlines()
    assert lines[:3] == [
        "keep   release 3.0: alias 'next' points to it",
        "keep   release 2.1: the default release",
        "delete release 2.0: end of life since 2025-06-30, more than 30 days ago",
    ]
    assert len(lines) == 4 and lines[3].startswith("delete build   3.0/0001-")
    assert dry.stderr == "Would delete 1 release(s): 2.0 and 1 kept build(s).\n"

    as_json = run(
        copy.portal, "prune", "-n", "--json", "--today", "2026-01-01", "--to", str(copy.site)
    )
    plan = json.loads(as_json.stdout)
    assert plan["dry_run"] is True
    assert [(r["version"], r["delete"]) for r in plan["releases"]] == [
        ("3.0", False),
        ("2.1", False),
        ("2.0", True),
    ]
    assert [b["version"] for b in plan["builds"]] == ["3.0"]

    real = run(copy.portal, "prune", "--today", "2026-01-01", "--to", str(copy.site))
    assert real.returncode == 0, real.stderr
    assert real.stdout == dry.stdout
    assert real.stderr == "Deleted 1 release(s): 2.0 and 1 kept build(s).\n"
    assert not (copy.site / "2.0").exists()
    assert [e["version"] for e in versions_json(copy.site)] == ["3.0", "2.1"]
    assert [p.name for p in (copy.site / ".supportal/history/3.0").iterdir()][0].startswith("0002-")
    assert_consistent(copy.site)
    again = run(copy.portal, "prune", "--dry-run", "--today", "2026-01-01", "--to", str(copy.site))
    assert "delete" not in again.stdout


PATCHES = """\
releases:
  - {version: "2.0.2", title: Product 2.0.2, date: 2025-03-10, status: supported, default: true}
  - {version: "2.0.1", title: Product 2.0.1, date: 2025-02-10, status: supported}
  - {version: "2.0.0", title: Product 2.0.0, date: 2025-01-10, status: supported}
"""


def test_patches_per_minor_drops_older_patches_with_the_default_keep(tmp_path: Path) -> None:
    # As `releases sync` adds tags: every patch 'supported', which the default `keep` lists.
    portal = make_portal(tmp_path / "portal", PAGES, catalog=PATCHES).parent
    site = tmp_path / "site"
    for version in ("2.0.0", "2.0.1", "2.0.2"):
        assert run(portal, "publish", "-r", version, "--to", str(site)).returncode == 0
    catalog = portal / "releases.yml"
    catalog.write_text(catalog.read_text() + "retention:\n  patches_per_minor: 1\n")
    dry = run(portal, "prune", "--dry-run", "--to", str(site))
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        "keep   release 2.0.2: the default release",
        "delete release 2.0.1: older than the newest 1 final release of 2.0.x",
        "delete release 2.0.0: older than the newest 1 final release of 2.0.x",
    ]
    real = run(portal, "prune", "--to", str(site))
    assert real.stderr == "Deleted 2 release(s): 2.0.0, 2.0.1 and 0 kept build(s).\n"
    assert [e["version"] for e in versions_json(site)] == ["2.0.2"]
    assert_consistent(site)


def test_bad_retention_is_reported_with_its_line(
    published: PublishedPortal, tmp_path: Path
) -> None:
    copy = copy_of(published, tmp_path)
    catalog = copy.portal / "releases.yml"
    catalog.write_text(catalog.read_text() + "retention:\n  keep_last: 3\n")
    for command in (["prune", "--dry-run"], ["publish", "-r", "2.1"]):
        result = run(copy.portal, *command, "--to", str(copy.site))
        assert result.returncode == 1
        assert result.stderr == (
            "releases.yml:23: unknown retention key 'keep_last'. Expected one of: keep, "
            "patches_per_minor, eol_grace_days, history. Did you mean 'keep'?\n"
        )


def test_paths_are_taken_from_where_the_command_runs(portal: Path, tmp_path: Path) -> None:
    # mkdocs.yml in a sub-folder, a relative --to: the site lands where the user said.
    work = portal.parent
    result = subprocess.run(
        [*SUPPORTAL, "publish", "-f", "portal/mkdocs.yml", "-r", "2.1", "--to", "out"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert [e["version"] for e in versions_json(work / "out")] == ["2.1"]
    assert not (portal / "out").exists()


def test_a_publish_waits_for_the_lock(published: PublishedPortal, tmp_path: Path) -> None:
    copy = copy_of(published, tmp_path)
    site = PublishedSite(copy.site)
    before = fingerprint(copy.site)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nWaited for the lock.\n")
    with site.locked():
        job = subprocess.Popen(
            [*SUPPORTAL, "publish", "-r", "2.0", "--to", str(copy.site)],
            cwd=copy.portal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        staging = copy.site / ".supportal/staging"
        # Built: the release is in the publish's work folder (not in the build's own `.…` one).
        while not list(staging.glob("[!.]*/2.0/index.html")):
            assert job.poll() is None, job.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1)  # built: it now only needs the lock, which we hold
        assert job.poll() is None
        assert fingerprint(copy.site) == before
    _, err = job.communicate(timeout=60)
    assert job.returncode == 0, err
    assert "Waited for the lock." in (copy.site / "2.0/guide/index.html").read_text()


def test_a_release_named_like_an_alias_takes_its_folder_and_drops_the_alias(
    published: PublishedPortal, tmp_path: Path
) -> None:
    copy = copy_of(published, tmp_path)
    moved = run(copy.portal, "publish", "-r", "2.0", "--alias", "2.2", "--to", str(copy.site))
    assert moved.returncode == 0, moved.stderr
    catalog = copy.portal / "releases.yml"
    catalog.write_text(
        catalog.read_text()
        + '  - version: "2.2"\n    title: Product 2.2\n'
        + "    date: 2025-09-10\n    status: supported\n"
    )
    result = run(copy.portal, "publish", "-r", "2.2", "--to", str(copy.site))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "2.2 was an alias of 2.0 (moved there by --alias): the release replaces its redirect "
        "pages, and the alias is dropped."
    )
    assert "The documentation of Product 2.2." in (copy.site / "2.2/index.html").read_text()
    assert [(e["version"], e["aliases"]) for e in versions_json(copy.site)] == [
        ("3.0", ["next"]),
        ("2.2", []),
        ("2.1", ["latest"]),
        ("2.0", []),
    ]
    state = json.loads((copy.site / ".supportal/published.json").read_text())
    assert state["alias_overrides"] == {}
    assert_consistent(copy.site)


def test_rolling_back_to_the_live_build_changes_nothing(
    published: PublishedPortal, tmp_path: Path
) -> None:
    copy = copy_of(published, tmp_path)
    (copy.portal / "docs/guide.md").write_text("# Guide\n\nA rewritten guide.\n")
    assert run(copy.portal, "publish", "-r", "2.1", "--to", str(copy.site)).returncode == 0
    before = fingerprint(copy.site)
    state = (copy.site / ".supportal/published.json").read_bytes()
    live = json.loads(state)["releases"][1]["build"]["build"]
    result = run(copy.portal, "rollback", "2.1", "-b", live, "--to", str(copy.site))
    assert (result.returncode, result.stderr) == (
        0,
        f"Build {live} of 2.1 is already live; nothing changed.\n",
    )
    assert fingerprint(copy.site) == before
    assert (copy.site / ".supportal/published.json").read_bytes() == state


@pytest.mark.parametrize("command", [["publish", "-r", "2.1"], ["list"], ["prune"]])
def test_an_empty_target_is_refused_not_taken_for_the_current_folder(
    portal: Path, command: list[str]
) -> None:
    before = sorted(p.name for p in portal.iterdir())
    result = run(portal, *command, "--to", "")
    assert (result.returncode, result.stderr) == (
        1,
        "Error: --to is empty (an unset CI variable?); name a folder or git:BRANCH\n",
    )
    # An empty SUPPORTAL_PUBLISH_TO counts as unset (click's rule): --to is then missing.
    unset = run(portal, *command, env={"SUPPORTAL_PUBLISH_TO": ""})
    assert unset.returncode == 2 and "Missing option '-t' / '--to'" in unset.stderr
    assert sorted(p.name for p in portal.iterdir()) == before


def test_list_and_history_outside_the_portal_show_what_the_site_records(
    published: PublishedPortal, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"  # no mkdocs.yml: a CI step that only inspects the site
    elsewhere.mkdir()
    listed = run(elsewhere, "list", "--to", str(published.site))
    assert listed.returncode == 0, listed.stderr
    assert [line.split("  build ")[0] for line in listed.stdout.splitlines()] == [
        "3.0      Product 3.0 preview [next] preview",
        "2.1      Product 2.1 [latest] supported",  # not "(default)": unknown without releases.yml
        "2.0      Product 2.0 lts",  # nor "(not in catalog)"
    ]
    assert listed.stderr == (
        "No mkdocs.yml here: the releases as the site records them; whether each is the default "
        "or in the catalog is unknown (run in the portal folder or give -f PATH/mkdocs.yml).\n"
    )
    rows = json.loads(run(elsewhere, "list", "--to", str(published.site), "--json").stdout)
    assert [(r["version"], r["default"], r["in_catalog"]) for r in rows] == [
        ("3.0", None, None),
        ("2.1", None, None),
        ("2.0", None, None),
    ]
    history = run(elsewhere, "history", "latest", "--to", str(published.site), "--json")
    assert history.returncode == 0, history.stderr
    assert [r["version"] for r in json.loads(history.stdout)] == ["2.1"]


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["rollback", "2.1"], "mkdocs.yml"),
        (["prune", "--dry-run"], "mkdocs.yml"),
        (["publish", "-r", "2.1"], "mkdocs.yml"),
        (["list", "-f", "portal/mkdoc.yml"], "portal/mkdoc.yml"),
    ],
)
def test_commands_that_need_the_portal_say_how_to_find_it(
    published: PublishedPortal, tmp_path: Path, args: list[str], shown: str
) -> None:
    before = fingerprint(published.site)
    result = run(tmp_path, *args, "--to", str(published.site))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: no {shown}: supportal {args[0]} needs the portal's mkdocs.yml and its "
        "releases.yml; run it in the portal folder or give -f PATH/mkdocs.yml\n"
    )
    assert fingerprint(published.site) == before


@contextmanager
def unwritable(folder: Path) -> Iterator[str]:
    """`folder` made unwritable for this process, as a read-only mount or another user's files
    would be; yields the error text a write then meets. Root ignores permissions, so as root the
    files are made immutable instead (which root cannot write to either)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-R", "+i", str(folder)], check=True)
        try:
            yield "Operation not permitted"
        finally:
            subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
    else:
        subprocess.run(["chmod", "-R", "a-w", str(folder)], check=True)
        try:
            yield "Permission denied"
        finally:
            subprocess.run(["chmod", "-R", "u+w", str(folder)], check=True)


def test_a_site_that_cannot_be_written_is_read_but_not_changed(
    published: PublishedPortal, tmp_path: Path
) -> None:
    # Every command printed a traceback (opening the lock, making a work folder).
    copy = copy_of(published, tmp_path)
    listed = run(copy.portal, "list", "--to", str(copy.site))
    history = run(copy.portal, "history", "2.1", "--to", str(copy.site))
    before = fingerprint(copy.site)
    with unwritable(copy.site) as why:
        # Reading needs no lock that nobody can take: list and history work as before.
        assert run(copy.portal, "list", "--to", str(copy.site)).stdout == listed.stdout
        assert run(copy.portal, "history", "2.1", "--to", str(copy.site)).stdout == history.stdout
        meta = copy.site / ".supportal"
        for args, where in ((("publish", "-r", "2.1"), meta / "staging"),
                            (("rollback", "2.1"), meta / "lock"), (("prune",), meta / "lock")):
            result = run(copy.portal, *args, "--to", str(copy.site))
            assert (result.returncode, result.stderr) == (
                1, f"Error: cannot write to {where}: {why}\n"
            ), args
    assert fingerprint(copy.site) == before
    # An interrupted change must be finished first, which reading cannot do: it says so.
    journal = copy.site / ".supportal/journal.json"
    journal.write_text("{}")
    with unwritable(copy.site) as why:
        result = run(copy.portal, "list", "--to", str(copy.site))
    assert (result.returncode, result.stderr) == (1, (
        f"Error: {journal}: a change was interrupted here and must be finished before the site "
        f"can be read, by a command that can write to it ({copy.site}/.supportal: {why})\n"
    ))
