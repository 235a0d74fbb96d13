"""What a published site remembers about itself: `.supportal/published.json` and build records.

Model objects check their invariants when built and round-trip JSON (as mike's do).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..releases.model import Release

STATE_FORMAT = 1


class StateError(Exception):
    """The site's state file is not one this version of Supportal wrote."""


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class BuildRecord:
    """One build of one release: the live one or one kept for rollback."""

    version: str
    build: str
    """`0003-20261127T173000Z`: publish counter of the release, then UTC time; sorts by age."""
    published: str
    title: str
    commit: str | None = None
    """The git commit the build was made from, when known: the commit a `source: git:REF`
    release's ref named, else the portal's HEAD."""
    files: int = 0
    dirty: bool = False
    """A working-tree build with uncommitted or untracked changes in the portal folder: `commit`
    alone would not reproduce it. Absent from records written before it existed: False."""

    def __post_init__(self) -> None:
        if not self.version or not self.build:
            raise StateError("a build record needs a version and a build id")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuildRecord:
        try:
            return cls(**{k: data[k] for k in data if k in cls.__dataclass_fields__})
        except TypeError as exc:
            raise StateError(f"invalid build record: {exc}") from None


@dataclass(frozen=True)
class PublishedRelease:
    """A release present in the published site, as it was when last published."""

    version: str
    title: str
    status: str
    build: BuildRecord
    end_of_support: str | None = None
    publishes: int = 1
    """How many times this release was published (the counter in build ids)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "title": self.title,
            "status": self.status,
            "end_of_support": self.end_of_support,
            "publishes": self.publishes,
            "build": self.build.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PublishedRelease:
        try:
            return cls(
                version=str(data["version"]),
                title=str(data["title"]),
                status=str(data["status"]),
                end_of_support=data.get("end_of_support"),
                publishes=int(data.get("publishes", 1)),
                build=BuildRecord.from_json(data["build"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise StateError(f"invalid release record: {exc}") from None

    def as_release(self) -> Release:
        """A catalog Release for a version the catalog no longer lists (kept in versions.json)."""
        end = dt.date.fromisoformat(self.end_of_support) if self.end_of_support else None
        return Release(
            version=self.version,
            title=self.title,
            date=None,
            status=self.status,
            end_of_support=end,
        )


@dataclass(frozen=True)
class SiteState:
    """Releases present in a published site and the aliases moved there with `--alias`."""

    releases: tuple[PublishedRelease, ...] = ()
    alias_overrides: dict[str, str] = field(default_factory=dict)
    """alias → version, set by `publish --alias`; wins over the catalog's aliases."""
    aliases: dict[str, str] = field(default_factory=dict)
    """alias → version of the alias folders written last: a folder no longer in use is removed."""

    def __post_init__(self) -> None:
        versions = [r.version for r in self.releases]
        if len(set(versions)) != len(versions):
            raise StateError(f"a release is recorded twice: {versions}")

    def get(self, version: str) -> PublishedRelease | None:
        return next((r for r in self.releases if r.version == version), None)

    @property
    def versions(self) -> list[str]:
        return [r.version for r in self.releases]

    def with_release(self, record: PublishedRelease) -> SiteState:
        # A release keeps its place: moving it changed published.json, and so made a commit
        # on a git target, when an unchanged build was published again.
        if any(r.version == record.version for r in self.releases):
            kept = tuple(record if r.version == record.version else r for r in self.releases)
            return replace(self, releases=kept)
        return replace(self, releases=(*self.releases, record))

    def without(self, versions: set[str]) -> SiteState:
        return SiteState(
            releases=tuple(r for r in self.releases if r.version not in versions),
            alias_overrides={a: v for a, v in self.alias_overrides.items() if v not in versions},
            aliases=dict(self.aliases),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STATE_FORMAT,
            "generator": "supportal",
            "releases": [r.to_json() for r in self.releases],
            "alias_overrides": dict(sorted(self.alias_overrides.items())),
            "aliases": dict(sorted(self.aliases.items())),
        }

    @classmethod
    def from_json(cls, data: Any) -> SiteState:
        if not isinstance(data, dict) or data.get("generator") != "supportal":
            raise StateError("not a state file written by Supportal")
        if data.get("format") != STATE_FORMAT:
            raise StateError(
                f"state format {data.get('format')!r}; this Supportal reads format {STATE_FORMAT}"
            )
        overrides = data.get("alias_overrides", {})
        aliases = data.get("aliases", {})
        if not isinstance(overrides, dict) or not isinstance(aliases, dict):
            raise StateError("'alias_overrides' and 'aliases' must be mappings")
        return cls(
            releases=tuple(PublishedRelease.from_json(r) for r in data.get("releases", [])),
            alias_overrides={str(k): str(v) for k, v in overrides.items()},
            aliases={str(k): str(v) for k, v in aliases.items()},
        )
