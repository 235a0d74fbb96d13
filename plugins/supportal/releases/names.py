"""Names that must each mean one release of the catalog: versions, aliases and the default.

They are checked on what every entry claims, even an entry with other mistakes, so one run
reports every clash: an alias claimed twice is not hidden until a bad alias next to it is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version

from ..core.problems import Problems


@dataclass(frozen=True)
class Claim:
    """The names one release entry claims, and the lines that claim them."""

    version: str | None
    """As written; None when the entry has no version."""
    line: int | None
    aliases: tuple[str, ...] = ()
    """The well-formed aliases: a malformed one is reported by itself, not as a clash."""
    aliases_line: int | None = None
    default: bool = False

    @property
    def parsed(self) -> Version | None:
        try:
            return Version(self.version) if self.version is not None else None
        except InvalidVersion:
            return None

    @property
    def label(self) -> str:
        return self.version if self.version is not None else f"the release at line {self.line}"


def check_names(
    claims: Sequence[Claim], path: str, problems: Problems, list_line: int | None
) -> None:
    """Report duplicate versions, aliases that clash, and a default missing or doubled."""
    versions: dict[Version, Claim] = {}
    for claim in claims:
        parsed = claim.parsed
        if parsed is None:
            continue
        if parsed in versions:
            first = versions[parsed].line
            problems.error(
                path, claim.line,
                f"duplicate version {claim.version} (already listed at line {first})",
            )
        else:
            versions[parsed] = claim
    _check_aliases(claims, versions, path, problems)

    defaults = [c for c in claims if c.default]
    if not defaults and claims:
        problems.error(path, list_line, "no default release: mark one release with 'default: true'")
    for extra in defaults[1:]:
        problems.error(
            path, extra.line,
            f"two default releases: {defaults[0].label} and {extra.label}; "
            "keep one 'default: true'",
        )


def _check_aliases(
    claims: Sequence[Claim], versions: dict[Version, Claim], path: str, problems: Problems
) -> None:
    written = {c.version for c in claims if c.version is not None}
    owners: dict[str, Claim] = {}
    for claim in claims:
        listed: set[str] = set()
        for alias in claim.aliases:
            if alias in listed:
                problems.error(path, claim.aliases_line, f"alias '{alias}' is listed twice")
                continue
            listed.add(alias)
            if alias in written or _parses_as(alias, versions):
                problems.error(
                    path, claim.aliases_line, f"alias '{alias}' is also a release version"
                )
                continue
            first = owners.setdefault(alias, claim)
            if first is not claim:
                problems.error(
                    path, claim.aliases_line,
                    f"alias '{alias}' is claimed by {first.label} (line {first.aliases_line}) "
                    f"and {claim.label}",
                )


def _parses_as(alias: str, versions: dict[Version, Claim]) -> bool:
    # `2.0.0` names release 2.0 (`ReleaseCatalog.get`): as an alias it would be ambiguous.
    try:
        return Version(alias) in versions
    except InvalidVersion:
        return False
