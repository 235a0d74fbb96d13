"""The publishing model without MkDocs: retention policy, prune plans, aliases, site state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from supportal.core.problems import SupportalError
from supportal.publish.aliases import check_aliases, record_aliases, site_catalog
from supportal.publish.retention import PrunePlan, RetentionPolicy, plan_prune, policy_of
from supportal.publish.state import BuildRecord, PublishedRelease, SiteState, StateError
from supportal.releases.model import ReleaseCatalog, load_catalog

from ..harness import dedent
from .conftest import CATALOG


def catalog_of(tmp_path: Path, text: str) -> ReleaseCatalog:
    (tmp_path / "releases.yml").write_text(dedent(text), encoding="utf-8")
    return load_catalog(tmp_path / "releases.yml", "releases.yml")


def messages(exc: pytest.ExceptionInfo[SupportalError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


def record(
    version: str,
    build: str = "0001-20260101T000000Z",
    status: str = "supported",
    end: str | None = None,
) -> PublishedRelease:
    return PublishedRelease(
        version=version,
        title=f"Product {version}",
        status=status,
        end_of_support=end,
        build=BuildRecord(
            version=version,
            build=build,
            published="2026-01-01T00:00:00Z",
            title=f"Product {version}",
        ),
    )


# -- retention: in releases.yml, validated with lines -------------------------------------------


def test_no_retention_keeps_every_release(tmp_path: Path) -> None:
    assert policy_of(catalog_of(tmp_path, CATALOG)) == RetentionPolicy()


def test_retention_is_read_from_the_catalog(tmp_path: Path) -> None:
    catalog = catalog_of(
        tmp_path,
        CATALOG
        + dedent("""
        retention:
          keep: [lts]
          patches_per_minor: 2
          eol_grace_days: 90
          history: 1
    """),
    )
    assert policy_of(catalog) == RetentionPolicy(
        keep=("lts",),
        patches_per_minor=2,
        eol_grace_days=90,
        history=1,
    )


def test_retention_errors_are_located_and_all_reported(tmp_path: Path) -> None:
    # Reported when the catalog is loaded: by build and check too, not only by prune.
    with pytest.raises(SupportalError) as exc:
        catalog_of(
            tmp_path,
            CATALOG
            + dedent("""
            retention:
              keep: [supported, lts, old]
              patches_per_minr: 2
              eol_grace_days: -1
              history: yes
        """),
        )
    assert messages(exc) == [
        "releases.yml:24: unknown retention key 'patches_per_minr'. Expected one of: keep, "
        "patches_per_minor, eol_grace_days, history. Did you mean 'patches_per_minor'?",
        "releases.yml:23: unknown status 'old' in 'keep'. Expected one of: preview, supported, "
        "lts, eol. Did you mean 'eol'?",
        "releases.yml:25: 'eol_grace_days' must be a whole number of at least 0, not '-1'",
        "releases.yml:26: 'history' must be a whole number of at least 0, not 'yes'",
    ]


def test_retention_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(SupportalError) as exc:
        catalog_of(tmp_path, CATALOG + "retention: 3\n")
    assert messages(exc) == [
        "releases.yml:22: 'retention' must be a mapping of: keep, patches_per_minor, "
        "eol_grace_days, history",
    ]


def test_other_unknown_top_level_keys_are_still_refused(tmp_path: Path) -> None:
    with pytest.raises(SupportalError) as exc:
        catalog_of(tmp_path, CATALOG + "retension: {}\n")
    assert messages(exc) == [
        "releases.yml:22: unknown key 'retension'. Expected one of: releases, retention, sync. "
        "Did you mean 'retention'?",
    ]


# -- prune plans ------------------------------------------------------------------------------

PATCH_CATALOG = """\
releases:
  - {version: "2.2.1", title: "2.2.1", status: supported, default: true, aliases: [latest]}
  - {version: "2.2.0", title: "2.2.0", status: supported}
  - {version: "2.1.3", title: "2.1.3", status: supported}
  - {version: "2.1.2", title: "2.1.2", status: supported}
  - {version: "2.1.1", title: "2.1.1", status: supported, aliases: [pinned]}
  - {version: "2.1.0", title: "2.1.0", status: supported}
  - {version: "1.0", title: "1.0", status: eol, end_of_support: 2025-01-31}
  - {version: "0.9", title: "0.9", status: eol, end_of_support: 2024-01-31}
"""


def _prune_all(
    tmp_path: Path, catalog_text: str, policy: RetentionPolicy, today: dt.date
) -> PrunePlan:
    """The prune plan of a site holding one build of every release of `catalog_text`."""
    catalog = catalog_of(tmp_path, catalog_text)
    state = SiteState(releases=tuple(record(v) for v in catalog.versions))
    return plan_prune(state, site_catalog(catalog, state), {}, policy, today)


def test_prune_keeps_newest_patches_and_drops_old_eol(tmp_path: Path) -> None:
    policy = RetentionPolicy(keep=(), patches_per_minor=2, eol_grace_days=365)
    plan = _prune_all(tmp_path, PATCH_CATALOG, policy, dt.date(2026, 1, 15))
    assert plan.lines() == [
        "keep   release 2.2.1: the default release",
        "keep   release 2.2.0: no rule drops it",
        "keep   release 2.1.3: no rule drops it",
        "keep   release 2.1.2: no rule drops it",
        "keep   release 2.1.1: alias 'pinned' points to it",
        "delete release 2.1.0: older than the newest 2 final releases of 2.1.x",
        "keep   release 1.0: end of life since 2025-01-31, within 365 days",
        "delete release 0.9: end of life since 2024-01-31, more than 365 days ago",
    ]
    assert plan.deleted_versions == {"2.1.0", "0.9"}


def test_kept_statuses_still_lose_older_patches_but_never_the_default_or_an_alias(
    tmp_path: Path,
) -> None:
    policy = RetentionPolicy(keep=("supported", "eol"), patches_per_minor=1, eol_grace_days=0)
    plan = _prune_all(tmp_path, PATCH_CATALOG, policy, dt.date(2030, 1, 1))
    assert plan.lines() == [
        "keep   release 2.2.1: the default release",
        "delete release 2.2.0: older than the newest 1 final release of 2.2.x",
        "keep   release 2.1.3: status 'supported' is kept",
        "delete release 2.1.2: older than the newest 1 final release of 2.1.x",
        "keep   release 2.1.1: alias 'pinned' points to it",
        "delete release 2.1.0: older than the newest 1 final release of 2.1.x",
        "keep   release 1.0: status 'eol' is kept",  # and so spared the eol_grace_days rule
        "keep   release 0.9: status 'eol' is kept",
    ]


PRERELEASE_CATALOG = """\
releases:
  - {version: "2.6.0", title: "2.6.0", status: supported, default: true}
  - {version: "2.5.1rc1", title: "2.5.1rc1", status: preview}
  - {version: "2.5.0", title: "2.5.0", status: supported}
  - {version: "2.4.2", title: "2.4.2", status: supported}
  - {version: "2.4.2rc1", title: "2.4.2rc1", status: preview}
  - {version: "2.4.1", title: "2.4.1", status: supported}
  - {version: "2.4.1rc2", title: "2.4.1rc2", status: preview}
"""


def test_a_preview_never_costs_its_minor_line_its_final_release(tmp_path: Path) -> None:
    # Counted with the finals, 2.5.1rc1 pushed the supported 2.5.0 out: 2.5 was left an rc.
    policy = RetentionPolicy(patches_per_minor=1)
    plan = _prune_all(tmp_path, PRERELEASE_CATALOG, policy, dt.date(2026, 1, 15))
    assert plan.lines() == [
        "keep   release 2.6.0: the default release",
        "keep   release 2.5.1rc1: status 'preview' is kept",
        "keep   release 2.5.0: status 'supported' is kept",
        "keep   release 2.4.2: status 'supported' is kept",
        "delete release 2.4.2rc1: a pre-release superseded by final release 2.4.2",
        "delete release 2.4.1: older than the newest 1 final release of 2.4.x",
        "delete release 2.4.1rc2: a pre-release superseded by final release 2.4.1",
    ]


def test_prune_trims_kept_builds_to_the_history_size(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, PATCH_CATALOG)
    state = SiteState(releases=(record("2.2.1", "0004-x"), record("0.9", "0002-x", "eol")))
    kept = {
        "2.2.1": [BuildRecord("2.2.1", f"000{n}-x", "2026", "t") for n in (3, 2, 1)],
        "0.9": [BuildRecord("0.9", "0001-x", "2026", "t")],
    }
    policy = RetentionPolicy(keep=(), history=1, eol_grace_days=0)
    plan = plan_prune(state, site_catalog(catalog, state), kept, policy, dt.date(2030, 1, 1))
    assert [(b.version, b.build) for b in plan.builds] == [
        ("0.9", "0001-x"),
        ("2.2.1", "0002-x"),
        ("2.2.1", "0001-x"),
    ]


# -- aliases ----------------------------------------------------------------------------------


def test_site_catalog_moves_recorded_aliases_and_keeps_releases_gone_from_the_catalog(
    tmp_path: Path,
) -> None:
    catalog = catalog_of(tmp_path, CATALOG)
    state = SiteState(releases=(record("2.1"), record("0.5", status="eol", end="2020-01-01")))
    state = record_aliases(state, "2.0", ["latest", "stable"], reset=False)
    shown = site_catalog(catalog, state)
    assert shown.versions_json() == [
        {"version": "3.0", "title": "Product 3.0 preview", "aliases": ["next"]},
        {"version": "2.1", "title": "Product 2.1", "aliases": []},
        {"version": "2.0", "title": "Product 2.0", "aliases": ["latest", "stable"]},
        {"version": "1.0", "title": "Product 1.0", "aliases": []},
        {"version": "0.5", "title": "Product 0.5", "aliases": []},
    ]
    assert shown.default.version == "2.1"
    back = site_catalog(catalog, record_aliases(state, "2.1", [], reset=True))
    assert back.get("latest") == back.get("2.1")
    assert back.get("stable") is None


def test_alias_names_are_checked(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, CATALOG)
    state = SiteState(releases=(record("0.5"),))
    with pytest.raises(SupportalError) as exc:
        check_aliases(
            ["2.1", "0.5", "2.0.0", "Latest", "ok", "..", ".", "versions.json"], catalog, state
        )
    assert messages(exc) == [
        "--alias: '2.1' is a release version, not an alias name",
        "--alias: '0.5' is a release version, not an alias name",
        "--alias: '2.0.0' is a release version, not an alias name",
        "--alias: 'Latest' must be a lower-case name of letters, digits, '-', '_' or '.'",
        # An alias folder is deleted and rewritten: `..` would delete the folder above the site.
        "--alias: '..' must start with a letter or a digit",
        "--alias: '.' must start with a letter or a digit",
        "--alias: 'versions.json' is a file at the root of the site, not a name for an alias",
    ]


# -- state ------------------------------------------------------------------------------------


def test_state_round_trips_json() -> None:
    state = record_aliases(SiteState(releases=(record("2.1"), record("1.0"))), "2.1", ["x"], False)
    assert SiteState.from_json(state.to_json()) == state


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"releases": []}, "not a state file written by Supportal"),
        ({"generator": "supportal", "format": 9}, "state format 9; this Supportal reads format 1"),
        (
            {"generator": "supportal", "format": 1, "releases": [{"version": "1"}]},
            "invalid release record: 'title'",
        ),
    ],
)
def test_foreign_state_is_refused(data: dict, message: str) -> None:
    with pytest.raises(StateError, match="^" + message.replace("'", "'") + "$"):
        SiteState.from_json(data)


def test_a_release_recorded_twice_is_refused() -> None:
    with pytest.raises(StateError, match="recorded twice"):
        SiteState(releases=(record("1.0"), record("1.0")))


def test_the_site_catalog_keeps_the_catalogs_validated_policy(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, PATCH_CATALOG + "retention:\n  history: 1\n")
    state = SiteState(releases=tuple(record(v) for v in catalog.versions))
    assert policy_of(site_catalog(catalog, state)) == RetentionPolicy(history=1)
