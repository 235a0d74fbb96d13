"""Publish, roll back, prune, list: each one change to a PublishedSite, under its lock.

The CLI builds releases with MkDocs and calls these; they never import MkDocs. The site index
(versions.json, alias folders, root redirect and whatever else `releases.site` writes) is
rewritten by `write_site_index` on every change, so it always matches the releases present.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from packaging.version import Version

from ..releases.model import Release, ReleaseCatalog
from ..releases.site import write_site_index
from .aliases import check_aliases, record_aliases, site_catalog
from .retention import PrunePlan, RetentionPolicy, plan_prune
from .site import Change, PublishedSite, PublishError, same_entry
from .state import BuildRecord, PublishedRelease, SiteState, now_utc
from .tree import link_clone, remove

IndexWriter = Callable[[Path, ReleaseCatalog], None]


@dataclass(frozen=True)
class Published:
    """What a publish or rollback did."""

    release: PublishedRelease
    replaced: BuildRecord | None
    swapped: list[str]
    unchanged: bool = False
    """The build was byte-identical to the live one: it stays live under its build id."""
    notes: tuple[str, ...] = ()
    """What else the change did that the user did not ask for by name, one sentence each."""


def publish_release(
    site: PublishedSite,
    release: Release,
    built: Path,
    catalog: ReleaseCatalog,
    policy: RetentionPolicy,
    *,
    aliases: Sequence[str] = (),
    reset_aliases: bool = False,
    commit: str | None = None,
    dirty: bool = False,
    keep_history: bool = True,
    index_writer: IndexWriter = write_site_index,
) -> Published:
    """Merge the built folder of `release` into the site, keeping the build it replaces.

    `built` must be on the site's file system (a folder inside `site.workspace()`): it is moved,
    not copied.
    """
    with site.locked():
        state = site.read_state()
        check_aliases(aliases, catalog, state)
        with site.preparing() as work:
            return _publish(
                site,
                release,
                built,
                catalog,
                policy,
                state,
                work,
                aliases,
                reset_aliases,
                commit,
                dirty,
                keep_history,
                index_writer,
            )


def _publish(
    site: PublishedSite,
    release: Release,
    built: Path,
    catalog: ReleaseCatalog,
    policy: RetentionPolicy,
    state: SiteState,
    work: Path,
    aliases: Sequence[str],
    reset_aliases: bool,
    commit: str | None,
    dirty: bool,
    keep_history: bool,
    index_writer: IndexWriter,
) -> Published:
    next_tree = site.clone_live(work, state.versions)
    target = next_tree / release.version
    remove(target)
    built.rename(target)
    previous = state.get(release.version)
    site.content_index().dedup(target)
    live = site.root / release.version
    if previous is not None and live.is_dir() and same_entry(live, target):
        # The same bytes as the live build: nothing to publish or keep, only aliases may move.
        entry = replace(previous, title=release.title, status=release.status)
        new_state = record_aliases(
            state.with_release(entry), release.version, aliases, reset_aliases
        )
        new_state = write_index(next_tree, catalog, new_state, index_writer)
        swapped = site.commit(Change(work, new_state))
        return Published(entry, None, swapped, unchanged=True)
    notes = _alias_taken_over(state, release.version)
    count = (previous.publishes + 1) if previous else 1
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    record = BuildRecord(
        version=release.version,
        build=f"{count:04d}-{stamp}",
        published=now_utc(),
        title=release.title,
        commit=commit,
        files=sum(1 for p in target.rglob("*") if p.is_file()),
        dirty=dirty,
    )
    entry = PublishedRelease(
        version=release.version,
        title=release.title,
        status=release.status,
        build=record,
        end_of_support=release.end_of_support.isoformat() if release.end_of_support else None,
        publishes=count,
    )
    new_state = record_aliases(state.with_release(entry), release.version, aliases, reset_aliases)
    new_state = write_index(next_tree, catalog, new_state, index_writer)
    keep_history = keep_history and policy.history > 0
    archive = {release.version: previous.build} if previous and keep_history else {}
    kept = site.history(release.version)
    limit = max(policy.history - len(archive), 0) if keep_history else 0
    forget = tuple(site.kept_build(r) for r in kept[limit:])
    swapped = site.commit(Change(work, new_state, archive, forget))
    return Published(entry, previous.build if previous else None, swapped, notes=notes)


def _alias_taken_over(state: SiteState, version: str) -> tuple[str, ...]:
    """Say so when the release's folder held an alias's redirect pages until now (an
    `--alias 2.4.1` given before release 2.4.1 existed): the release takes the folder back,
    which the user asked for only by publishing it."""
    moved = state.alias_overrides.get(version)
    target = moved or state.aliases.get(version)
    if target is None:
        return ()
    how = " (moved there by --alias)" if moved else ""
    return (
        f"{version} was an alias of {target}{how}: the release replaces its redirect pages, "
        "and the alias is dropped.",
    )


def write_index(
    next_tree: Path, catalog: ReleaseCatalog, state: SiteState, index_writer: IndexWriter
) -> SiteState:
    """Write the site index into the prepared tree; remove alias folders no longer in use.

    `write_site_index` removes the folders of the catalog's aliases whose release is absent;
    an alias that is nowhere any more (moved by `--alias`, then reset, or gone from the
    catalog) is only known from the state, which records the aliases written last.
    """
    shown = site_catalog(catalog, state)
    index_writer(next_tree, shown)
    live = {
        a: r.version
        for r in shown.releases
        for a in r.aliases
        if (next_tree / r.version / "index.html").is_file()
    }
    versions = {r.version for r in shown.releases}
    for alias in sorted(set(state.aliases) - set(live) - versions):
        remove(next_tree / alias)
    return replace(state, aliases=live)


def rollback_release(
    site: PublishedSite,
    version: str,
    catalog: ReleaseCatalog,
    *,
    build: str | None = None,
    index_writer: IndexWriter = write_site_index,
) -> Published:
    """Put a kept build of `version` back live; the live one is kept in its place."""
    site.require_published()  # before locking: never create .supportal/ in a stranger's folder
    with site.locked():
        state = site.require_published()
        live = state.get(version)
        if live is None:
            raise PublishError(not_published(site, version, state))
        if build == live.build.build:
            return Published(live, None, [], unchanged=True)
        kept = site.history(version)
        if build is None:
            older = [r for r in kept if r.build < live.build.build]
            if not older:
                raise PublishError(f"no earlier build of {version} is kept in {site}")
            chosen = older[0]
        else:
            found = [r for r in kept if r.build == build]
            if not found:
                ids = ", ".join(r.build for r in kept) or "none"
                raise PublishError(f"build '{build}' of {version} is not kept; kept: {ids}")
            chosen = found[0]
        entry = replace(live, title=chosen.title, build=chosen)
        new_state = state.with_release(entry)
        with site.preparing() as work:
            next_tree = site.clone_live(work, state.versions)
            remove(next_tree / version)
            link_clone(site.kept_build(chosen) / "site", next_tree / version)
            new_state = write_index(next_tree, catalog, new_state, index_writer)
            change = Change(work, new_state, {version: live.build}, (site.kept_build(chosen),))
            swapped = site.commit(change)
        return Published(entry, live.build, swapped)


def not_published(site: PublishedSite, version: str, state: SiteState) -> str:
    return (
        f"release {version} is not published in {site}; "
        f"published: {', '.join(state.versions) or 'none'}"
    )


def prune_site(
    site: PublishedSite,
    catalog: ReleaseCatalog,
    policy: RetentionPolicy,
    *,
    today: dt.date,
    dry_run: bool,
    index_writer: IndexWriter = write_site_index,
) -> PrunePlan:
    """Apply the retention policy; with `dry_run`, only say what it would delete."""
    site.require_published()  # before locking: never create .supportal/ in a stranger's folder
    with site.locked():
        state = site.require_published()
        plan = plan_prune(state, site_catalog(catalog, state), site.all_history(), policy, today)
        if dry_run or (not plan.deleted_versions and not plan.builds):
            return plan
        deleted = plan.deleted_versions
        new_state = state.without(deleted)
        forget = [site.kept_build(b) for b in plan.builds]
        forget += [site.history_dir / v for v in sorted(deleted) if (site.history_dir / v).exists()]
        with site.preparing() as work:
            next_tree = site.clone_live(work, state.versions)
            for version in deleted:
                remove(next_tree / version)
            new_state = write_index(next_tree, catalog, new_state, index_writer)
            site.commit(Change(work, new_state, {}, tuple(forget)))
        return plan


def site_listing(site: PublishedSite, catalog: ReleaseCatalog | None) -> list[dict[str, Any]]:
    """Published releases, newest first, with aliases, status and kept builds.

    Without the catalog, titles, statuses and aliases are those the site recorded when it was
    last changed, and `default` and `in_catalog` are None: unknown."""
    site.require_published()  # before locking: never create .supportal/ in a stranger's folder
    with site.locked(reading=True):
        state = site.require_published()
        if catalog is None:
            default = None
            releases = [
                replace(r.as_release(), aliases=_recorded_aliases(state, r.version))
                for r in sorted(state.releases, key=lambda r: Version(r.version), reverse=True)
            ]
        else:
            shown = site_catalog(catalog, state)
            default, releases = shown.default.version, list(shown.releases)
        rows = []
        for release in releases:
            record = state.get(release.version)
            if record is None:
                continue
            rows.append(
                {
                    "version": release.version,
                    "title": release.title,
                    "status": release.status,
                    "aliases": list(release.aliases),
                    "default": None if default is None else release.version == default,
                    # By version: a catalog alias may be spelled like a release dropped from it.
                    "in_catalog": None if catalog is None else release.version in catalog.versions,
                    "build": record.build.build,
                    "published": record.build.published,
                    "commit": record.build.commit,
                    "dirty": record.build.dirty,
                    "kept_builds": len(site.history(release.version)),
                }
            )
        return rows


def _recorded_aliases(state: SiteState, version: str) -> tuple[str, ...]:
    """The aliases whose folders the site's last change wrote for `version`."""
    return tuple(sorted(a for a, v in state.aliases.items() if v == version))


def release_history(site: PublishedSite, version: str) -> tuple[BuildRecord, list[BuildRecord]]:
    """The live build of `version` and the builds kept for rollback, newest first."""
    site.require_published()
    with site.locked(reading=True):
        state: SiteState = site.require_published()
        live = state.get(version)
        if live is None:
            raise PublishError(not_published(site, version, state))
        return live.build, site.history(version)
