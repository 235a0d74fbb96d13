"""The prune plan that the retention policy (`retention:` in releases.yml, read and validated
with the catalog by `supportal.releases.retention`) gives.

A release is deleted only when a rule drops it and nothing protects it: the default release
and a release an alias points to are always kept. A status in `keep` protects from every rule
but `patches_per_minor`: a status describes an X.Y line (`releases sync` gives every patch tag
the same one), so with the default `keep`, which lists every status but `eol`, protecting older
patches by status would leave `patches_per_minor` nothing to drop.

`patches_per_minor` counts final releases only: were a pre-release counted, publishing the
preview 2.5.1rc1 with `patches_per_minor: 1` would delete the supported 2.5.0 and leave the
2.5 line nothing but a release candidate. A pre-release is dropped instead once a final release
of the same or a newer version of its X.Y is published (2.5.1rc1 once 2.5.1 or 2.5.2 is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from packaging.version import Version

from ..releases.model import ReleaseCatalog
from ..releases.retention import RetentionPolicy
from .state import BuildRecord, SiteState

__all__ = ["Decision", "PrunePlan", "RetentionPolicy", "plan_prune", "policy_of"]


def policy_of(catalog: ReleaseCatalog) -> RetentionPolicy:
    """The catalog's policy (defaults when it has no `retention:`), validated when the catalog
    was loaded: `build` and `check` report its mistakes too."""
    return catalog.retention_policy


@dataclass(frozen=True)
class Decision:
    """Keep or delete one published release, and why."""

    version: str
    delete: bool
    reason: str

    def __str__(self) -> str:
        return f"{'delete' if self.delete else 'keep':<6} release {self.version}: {self.reason}"


@dataclass(frozen=True)
class PrunePlan:
    """Everything a prune deletes, computed before anything is touched (shown by --dry-run)."""

    releases: tuple[Decision, ...]
    builds: tuple[BuildRecord, ...] = field(default_factory=tuple)

    @property
    def deleted_versions(self) -> set[str]:
        return {d.version for d in self.releases if d.delete}

    def lines(self) -> list[str]:
        out = [str(d) for d in self.releases]
        out += [
            f"delete build   {b.version}/{b.build} (published {b.published})" for b in self.builds
        ]
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "releases": [
                {"version": d.version, "delete": d.delete, "reason": d.reason}
                for d in self.releases
            ],
            "builds": [b.to_json() for b in self.builds],
        }


def plan_prune(
    state: SiteState,
    site: ReleaseCatalog,
    history: dict[str, list[BuildRecord]],
    policy: RetentionPolicy,
    today: dt.date,
) -> PrunePlan:
    """Decide, for every published release and kept build, whether the policy deletes it.

    `site` is the catalog the site index is written from (`aliases.site_catalog`): its aliases
    and default are the ones protected. `history` lists each release's kept builds, newest first.
    """
    alias_targets = {r.version: r.aliases[0] for r in site.releases if r.aliases}
    default = site.default.version
    published = sorted(state.releases, key=lambda r: Version(r.version), reverse=True)
    rank = _patch_ranks([r.version for r in published])

    decisions = []
    for record in published:
        release = site.get(record.version)
        status = release.status if release else record.status
        end = release.end_of_support if release else None
        decisions.append(
            _decide(
                record.version,
                status,
                end,
                rank[record.version],
                default,
                alias_targets,
                policy,
                today,
            )
        )
    deleted = {d.version for d in decisions if d.delete}
    builds: list[BuildRecord] = []
    for version, kept in sorted(history.items()):
        keep = 0 if version in deleted else policy.history
        builds += kept[keep:]
    return PrunePlan(releases=tuple(decisions), builds=tuple(builds))


def _patch_ranks(versions: list[str]) -> dict[str, int | str]:
    """`patches_per_minor`'s view of each release of `versions` (sorted newest first): a final
    release's rank among the final releases of its X.Y (1: the newest); a pre-release's, the
    oldest final release of its X.Y at least as new as it, which supersedes it, or 0 while
    there is none (no count drops it)."""
    parsed = {v: Version(v) for v in versions}
    ranks: dict[str, int | str] = {}
    seen: dict[tuple[int, ...], int] = {}
    for version in versions:
        minor = parsed[version].release[:2]
        if not parsed[version].is_prerelease:
            seen[minor] = seen.get(minor, 0) + 1
            ranks[version] = seen[minor]
            continue
        base = Version(parsed[version].base_version)
        superseding = [
            v
            for v in versions
            if parsed[v].release[:2] == minor and not parsed[v].is_prerelease and parsed[v] >= base
        ]
        ranks[version] = min(superseding, key=lambda v: parsed[v]) if superseding else 0
    return ranks


def _decide(
    version: str,
    status: str,
    end: dt.date | None,
    rank: int | str,
    default: str,
    alias_targets: dict[str, str],
    policy: RetentionPolicy,
    today: dt.date,
) -> Decision:
    if version == default:
        return Decision(version, False, "the default release")
    if version in alias_targets:
        return Decision(version, False, f"alias '{alias_targets[version]}' points to it")
    minor = ".".join(str(n) for n in Version(version).release[:2])
    if policy.patches_per_minor is not None:
        if isinstance(rank, str):
            return Decision(version, True, f"a pre-release superseded by final release {rank}")
        if rank > policy.patches_per_minor:
            finals = "final release" if policy.patches_per_minor == 1 else "final releases"
            return Decision(
                version,
                True,
                f"older than the newest {policy.patches_per_minor} {finals} of {minor}.x",
            )
    if status in policy.keep:
        return Decision(version, False, f"status '{status}' is kept")
    if status == "eol" and policy.eol_grace_days is not None and end is not None:
        if today > end + dt.timedelta(days=policy.eol_grace_days):
            return Decision(
                version,
                True,
                f"end of life since {end.isoformat()}, more than {policy.eol_grace_days} days ago",
            )
        return Decision(
            version,
            False,
            f"end of life since {end.isoformat()}, within {policy.eol_grace_days} days",
        )
    return Decision(version, False, "no rule drops it")
