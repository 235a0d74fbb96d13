"""A published folder changed by the model alone (no MkDocs): swaps, journal, history, dedup.

Release "builds" here are small hand-written folders; the site index is the real
`write_site_index`, as `supportal publish` calls it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from supportal.publish import site as site_module
from supportal.publish.commands import (
    prune_site,
    publish_release,
    rollback_release,
    site_listing,
)
from supportal.publish.retention import RetentionPolicy
from supportal.publish.site import PublishedSite, PublishError
from supportal.publish.state import BuildRecord, SiteState
from supportal.releases.model import ReleaseCatalog, load_catalog
from supportal.releases.site import write_site_index

from .conftest import CATALOG, assert_consistent, fingerprint, versions_json

THEME = "body { color: #123; }\n" * 200


@pytest.fixture
def catalog(tmp_path: Path) -> ReleaseCatalog:
    (tmp_path / "releases.yml").write_text(CATALOG, encoding="utf-8")
    return load_catalog(tmp_path / "releases.yml", "releases.yml")


def built(site: PublishedSite, version: str, text: str = "first") -> Path:
    """A fake build of `version` in a work folder of the site, as the CLI makes one."""
    folder = site.workspace() / version
    for name, body in {
        "index.html": f"<h1>{version}</h1><p>{text}</p>",
        "guide/index.html": f"<h1>Guide {version}</h1>",
        "assets/theme.css": THEME,
    }.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def live_build(state: SiteState, version: str) -> BuildRecord:
    record = state.get(version)
    assert record is not None, f"{version} is not published"
    return record.build


def publish(
    site: PublishedSite,
    catalog: ReleaseCatalog,
    version: str,
    text: str = "first",
    **options: object,
) -> None:
    release = catalog.get(version)
    assert release is not None
    folder = built(site, version, text)
    try:
        publish_release(site, release, folder, catalog, RetentionPolicy(), **options)  # type: ignore[arg-type]
    finally:
        shutil.rmtree(folder.parent)  # the CLI removes its build folder the same way


def test_publish_into_an_empty_folder_writes_the_site_index(
    tmp_path: Path, catalog: ReleaseCatalog
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    publish(site, catalog, "1.0")
    assert sorted(p.name for p in site.root.iterdir()) == [
        ".supportal",
        "1.0",
        "2.1",
        "index.html",
        "latest",
        "versions.json",
    ]
    assert versions_json(site.root) == [
        {"version": "2.1", "title": "Product 2.1", "aliases": ["latest"]},
        {"version": "1.0", "title": "Product 1.0", "aliases": []},
    ]
    assert_consistent(site.root)
    assert sorted((site.meta / "staging").iterdir()) == []  # work folders are cleaned up
    assert not site.journal_file.exists()


def test_other_releases_are_not_touched_and_identical_files_are_stored_once(
    tmp_path: Path,
    catalog: ReleaseCatalog,
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "1.0")
    before = {p: p.stat().st_ino for p in (site.root / "1.0").rglob("*")}
    publish(site, catalog, "2.1")
    assert {p: p.stat().st_ino for p in (site.root / "1.0").rglob("*")} == before
    theme = [site.root / v / "assets/theme.css" for v in ("1.0", "2.1")]
    assert theme[0].stat().st_ino == theme[1].stat().st_ino
    assert theme[0].stat().st_nlink >= 2


def test_republish_keeps_the_previous_build_and_rollback_restores_it_byte_identical(
    tmp_path: Path,
    catalog: ReleaseCatalog,
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1", "first")
    publish(site, catalog, "1.0")
    first = fingerprint(site.root)
    publish(site, catalog, "2.1", "second")
    assert "second" in (site.root / "2.1/index.html").read_text()
    state = site.read_state()
    assert live_build(state, "2.1").build.startswith("0002-")
    kept = site.history("2.1")
    assert [b.build[:4] for b in kept] == ["0001"]

    rollback_release(site, "2.1", catalog)
    assert fingerprint(site.root) == first
    assert live_build(site.read_state(), "2.1") == kept[0]
    assert [b.build[:4] for b in site.history("2.1")] == ["0002"]  # the replaced one is kept
    with pytest.raises(PublishError, match=r"^no earlier build of 2\.1 is kept in "):
        rollback_release(site, "2.1", catalog)
    rollback_release(site, "2.1", catalog, build=site.history("2.1")[0].build)
    assert "second" in (site.root / "2.1/index.html").read_text()


def test_an_identical_build_changes_nothing(tmp_path: Path, catalog: ReleaseCatalog) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    inodes = {p: p.stat().st_ino for p in site.root.rglob("*") if ".supportal" not in p.parts}
    state = site.state_file.read_bytes()
    publish(site, catalog, "2.1")
    assert {
        p: p.stat().st_ino for p in site.root.rglob("*") if ".supportal" not in p.parts
    } == inodes
    assert site.state_file.read_bytes() == state  # the live build keeps its id; nothing is kept
    assert site.history("2.1") == []


def test_history_size_limits_the_kept_builds(tmp_path: Path, catalog: ReleaseCatalog) -> None:
    site = PublishedSite(tmp_path / "out")
    release = catalog.get("2.1")
    assert release is not None
    for n in range(4):
        folder = built(site, "2.1", f"build {n}")
        publish_release(site, release, folder, catalog, RetentionPolicy(history=2))
        shutil.rmtree(folder.parent)
    assert [b.build[:4] for b in site.history("2.1")] == ["0003", "0002"]
    assert sorted(p.name for p in (site.history_dir / "2.1").iterdir()) == [
        b.build for b in reversed(site.history("2.1"))
    ]


STEPS = [
    "locked",
    "staged",
    "journal",
    "swap 2.1",
    "swap stable",
    "swap versions.json",
    "state",
    "done",
]


class Stop(Exception):
    pass


@pytest.mark.parametrize("step", STEPS)
def test_a_publish_stopped_at_any_step_leaves_a_complete_site(
    tmp_path: Path,
    catalog: ReleaseCatalog,
    step: str,
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1", "first")
    publish(site, catalog, "1.0")
    before = fingerprint(site.root)

    def stop_at(name: str) -> None:
        if name == step:
            raise Stop(name)

    stopping = PublishedSite(site.root, on_step=stop_at)
    with pytest.raises(Stop):
        publish(stopping, catalog, "2.1", "second", aliases=["stable"])
    # Whatever happened, readers see complete releases, aliases and index files.
    assert_consistent(site.root)
    if STEPS.index(step) < STEPS.index("journal"):
        assert fingerprint(site.root) == before
        assert not site.journal_file.exists()
    # The next command that takes the lock finishes a journaled change: never half of one.
    with site.locked():
        pass
    assert not site.journal_file.exists()
    assert_consistent(site.root)
    state = site.read_state()
    if STEPS.index(step) < STEPS.index("journal"):
        assert fingerprint(site.root) == before
        assert live_build(state, "2.1").build.startswith("0001-")
    else:
        assert "second" in (site.root / "2.1/index.html").read_text()
        assert live_build(state, "2.1").build.startswith("0002-")
        assert state.alias_overrides == {"stable": "2.1"}
        assert (site.root / "stable/guide/index.html").is_file()
        assert [b.build[:4] for b in site.history("2.1")] == ["0001"]
    assert sorted((site.meta / "staging").iterdir()) == []


def test_without_atomic_exchange_two_renames_are_used(
    tmp_path: Path,
    catalog: ReleaseCatalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(site_module, "exchange", lambda a, b: False)
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1", "first")
    publish(site, catalog, "2.1", "second")
    assert "second" in (site.root / "2.1/index.html").read_text()
    assert_consistent(site.root)
    assert [b.build[:4] for b in site.history("2.1")] == ["0001"]


def test_a_folder_that_is_not_a_published_site_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "index.html").write_text("hand-made")
    with pytest.raises(PublishError) as exc:
        PublishedSite(folder).check_target()
    assert str(exc.value) == (
        f"{folder} is not a site published by Supportal (no .supportal/published.json) and not "
        "empty; publish into an empty folder or an existing published site"
    )
    (tmp_path / "file").write_text("x")
    with pytest.raises(PublishError, match="is a file, not a folder$"):
        PublishedSite(tmp_path / "file").check_target()
    PublishedSite(tmp_path / "new").check_target()  # absent: fine, it will be created
    (tmp_path / "empty").mkdir()
    PublishedSite(tmp_path / "empty").check_target()


def test_a_corrupt_state_file_is_refused(tmp_path: Path, catalog: ReleaseCatalog) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    site.state_file.write_text(json.dumps({"format": 1}))
    with pytest.raises(
        PublishError, match=r"published\.json: not a state file written by Supportal$"
    ):
        site.check_target()


def test_prune_deletes_what_the_plan_says_and_rewrites_the_index(
    tmp_path: Path,
    catalog: ReleaseCatalog,
) -> None:
    site = PublishedSite(tmp_path / "out")
    for version in ("3.0", "2.1", "2.0", "1.0"):
        publish(site, catalog, version)
    policy = RetentionPolicy(keep=("preview", "lts"), eol_grace_days=30)
    today = dt.date(2026, 1, 1)
    dry = prune_site(site, catalog, policy, today=today, dry_run=True)
    assert dry.deleted_versions == {"1.0"}
    assert (site.root / "1.0").is_dir()
    real = prune_site(site, catalog, policy, today=today, dry_run=False)
    assert real == dry
    assert not (site.root / "1.0").exists()
    assert [e["version"] for e in versions_json(site.root)] == ["3.0", "2.1", "2.0"]
    assert site.read_state().versions == ["3.0", "2.1", "2.0"]
    assert_consistent(site.root)


def test_a_catalog_alias_never_replaces_a_release_still_published(tmp_path: Path) -> None:
    # 1.0 leaves the catalog but stays published; an alias "1.0" given to 2.1 must not turn
    # the 1.0 folder into redirects (its pages would be lost: nothing keeps them).
    file = tmp_path / "releases.yml"
    file.write_text(CATALOG, encoding="utf-8")
    catalog = load_catalog(file, "releases.yml")
    site = PublishedSite(tmp_path / "site")
    publish(site, catalog, "1.0")
    publish(site, catalog, "2.1")
    text = CATALOG.replace("aliases: [latest]", 'aliases: [latest, "1.0"]')
    file.write_text(text[: text.index('  - version: "1.0"')], encoding="utf-8")
    publish(site, load_catalog(file, "releases.yml"), "2.1", "second")
    assert (site.root / "1.0/index.html").read_text() == "<h1>1.0</h1><p>first</p>"
    assert [e["aliases"] for e in versions_json(site.root) if e["version"] == "2.1"] == [["latest"]]
    assert_consistent(site.root)


def test_rollback_refusals_name_what_is_there(tmp_path: Path, catalog: ReleaseCatalog) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    with pytest.raises(PublishError) as exc:
        rollback_release(site, "2.0", catalog)
    assert str(exc.value) == f"release 2.0 is not published in {site.root}; published: 2.1"
    with pytest.raises(PublishError) as exc:
        rollback_release(site, "2.1", catalog, build="0009-x")
    assert str(exc.value) == "build '0009-x' of 2.1 is not kept; kept: none"


def test_commands_on_a_folder_that_is_not_a_site_leave_it_alone(
    tmp_path: Path, catalog: ReleaseCatalog
) -> None:
    folder = tmp_path / "www"
    folder.mkdir()
    with pytest.raises(PublishError) as exc:
        prune_site(
            PublishedSite(folder), catalog, RetentionPolicy(), today=dt.date.today(), dry_run=True
        )
    assert str(exc.value) == (
        f"{folder} is not a site published by Supportal (no .supportal/published.json)"
    )
    assert list(folder.iterdir()) == []


def test_a_first_publish_stopped_after_its_journal_is_finished_by_any_command(
    tmp_path: Path, catalog: ReleaseCatalog
) -> None:
    def stop_at(name: str) -> None:
        if name == "swap 2.1":
            raise Stop(name)

    stopping = PublishedSite(tmp_path / "out", on_step=stop_at)
    with pytest.raises(Stop):
        publish(stopping, catalog, "2.1")
    site = PublishedSite(tmp_path / "out")
    assert not site.state_file.exists()
    site.check_target()  # not refused as "not a published site"
    assert [row["version"] for row in site_listing(site, catalog)] == ["2.1"]
    assert_consistent(site.root)


def test_an_index_writer_writing_in_place_cannot_touch_the_live_site(
    tmp_path: Path, catalog: ReleaseCatalog
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    before = fingerprint(site.root)

    def careless(tree: Path, shown: ReleaseCatalog) -> None:
        write_site_index(tree, shown)
        with (tree / "index.html").open("r+") as page:  # in place, not write-and-rename
            page.write("<!-- edited -->")
        raise Stop("after writing")

    release = catalog.get("2.0")
    assert release is not None
    folder = built(site, "2.0")
    with pytest.raises(Stop):
        publish_release(site, release, folder, catalog, RetentionPolicy(), index_writer=careless)
    assert fingerprint(site.root) == before


@pytest.mark.parametrize(
    ("journal", "problem"),
    [
        ("{not json", "not readable JSON"),
        ("[]", "not a mapping"),
        ('{"work": "staging/1", "ops": [], "state": {}, "archive": {}}',
         "'forget' is missing or not a list"),
        ('{"work": "../../x", "ops": [], "state": {}, "archive": {}, "forget": []}',
         "work folder '../../x' is not inside the metadata folder"),
        ('{"work": "staging/1", "ops": [{"op": "delete", "name": "../etc"}], "state": {},'
         ' "archive": {}, "forget": []}',
         "operation on '../etc', which is not a name in the site's root"),
        ('{"work": "staging/1", "ops": [{"op": "burn", "name": "x"}], "state": {},'
         ' "archive": {}, "forget": []}',
         "unknown operation {'op': 'burn', 'name': 'x'}"),
        ('{"work": "staging/1", "ops": [], "state": {}, "archive": {}, "forget": []}',
         "not a state file written by Supportal"),
    ],
)
def test_a_damaged_journal_stops_with_a_clear_message(
    tmp_path: Path, catalog: ReleaseCatalog, journal: str, problem: str
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1")
    before = fingerprint(site.root)
    site.journal_file.write_text(journal, encoding="utf-8")
    with pytest.raises(PublishError) as error:
        publish(site, catalog, "1.0")
    assert str(error.value).startswith(
        f"{site.journal_file}: the record of an unfinished change is damaged: {problem}"
    )
    assert str(error.value).endswith(
        "Nothing was changed; remove the file and publish the affected releases again"
    )
    site.journal_file.unlink()
    assert fingerprint(site.root) == before


def test_a_damaged_build_record_stops_with_a_clear_message(
    tmp_path: Path, catalog: ReleaseCatalog
) -> None:
    site = PublishedSite(tmp_path / "out")
    publish(site, catalog, "2.1", text="first")
    publish(site, catalog, "2.1", text="second")
    [record] = list(site.history_dir.glob("2.1/*/build.json"))
    record.write_text("{truncated", encoding="utf-8")
    with pytest.raises(PublishError, match=r"build\.json: damaged build record \("):
        site.history("2.1")
