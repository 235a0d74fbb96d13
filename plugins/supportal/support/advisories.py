"""Security advisories as data (`advisories.yml`): which releases each one affects and which
release fixes it. Plain Python, no MkDocs import; every problem located at `path:line`.

Modelled like known issues: an affected `VersionRange` (PEP 440 specifiers, as page ranges) and
a `fixed_in` release that must exist in the release catalog.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import Version
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.problems import Problems, SupportalError, expected
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import item_line, key_line, load_yaml_file, unknown_keys

SEVERITIES = ("critical", "high", "medium", "low")
ADVISORY_KEYS = ("id", "title", "severity", "affected", "fixed_in", "cves", "published", "summary")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")
_CVE = re.compile(r"^CVE-\d{4}-\d{4,}$")


@dataclass(frozen=True)
class Advisory:
    """One security advisory."""

    id: str
    title: str
    severity: str
    affected: VersionRange
    published: dt.date
    fixed_in: str | None = None
    """A release version of the catalog; None while no release fixes it."""
    cves: tuple[str, ...] = ()
    summary: str = ""
    line: int | None = None

    def affects(self, version: Version | str) -> bool:
        return version in self.affected

    @property
    def anchor(self) -> str:
        return self.id.lower()


@dataclass(frozen=True)
class AdvisoryList:
    advisories: tuple[Advisory, ...]
    path: str

    def affecting(self, version: Version | str) -> list[Advisory]:
        """Advisories that affect a release, most severe first, then newest first."""
        found = [a for a in self.advisories if a.affects(version)]
        return sorted(found, key=lambda a: (SEVERITIES.index(a.severity), -a.published.toordinal()))

    def newest_first(self) -> list[Advisory]:
        return sorted(self.advisories, key=lambda a: (-a.published.toordinal(), a.id))


def load_advisories(
    file: Path, display_path: str, versions: Sequence[str]
) -> tuple[AdvisoryList, Problems]:
    """Read and validate an advisories file against the catalog's versions.

    Raises SupportalError (every problem) when any is an error; returns the warnings otherwise.
    """
    data = load_yaml_file(file, display_path)
    problems = Problems()
    advisories = parse_advisories(data, display_path, versions, problems)
    if problems.errors:
        raise SupportalError(problems.items)
    return advisories, problems


def parse_advisories(
    data: Any, path: str, versions: Sequence[str], problems: Problems
) -> AdvisoryList:
    if not isinstance(data, CommentedMap) or "advisories" not in data:
        problems.error(path, 1, "an advisories file needs a top-level 'advisories:' list")
        return AdvisoryList((), path)
    unknown_keys(data, ("advisories",), path, problems, "key")
    items = data["advisories"]
    if items is None:
        return AdvisoryList((), path)
    if not isinstance(items, CommentedSeq):
        problems.error(path, key_line(data, "advisories"), "'advisories' must be a list")
        return AdvisoryList((), path)
    found: list[Advisory] = []
    seen: dict[str, Advisory] = {}
    for index, item in enumerate(items):
        advisory = _parse(item, item_line(items, index), path, versions, problems)
        if advisory is None:
            continue
        first = seen.get(advisory.id)
        if first is not None:
            problems.error(
                path,
                advisory.line,
                f"duplicate advisory id '{advisory.id}' (already at line {first.line})",
            )
            continue
        seen[advisory.id] = advisory
        found.append(advisory)
    return AdvisoryList(tuple(found), path)


def _parse(
    item: Any, line: int | None, path: str, versions: Sequence[str], problems: Problems
) -> Advisory | None:
    if not isinstance(item, CommentedMap):
        problems.error(
            path,
            line,
            "each advisory must be a mapping with id, title, severity, affected and published",
        )
        return None
    start = len(problems.errors)

    def at(key: str) -> int | None:
        return key_line(item, key) if key in item else line

    unknown_keys(item, ADVISORY_KEYS, path, problems, "advisory key")

    advisory_id = item.get("id")
    if not isinstance(advisory_id, str) or not _ID.match(advisory_id):
        shown = "missing" if advisory_id is None else f"'{advisory_id}'"
        problems.error(
            path, at("id"), f"advisory id is {shown}: write an identifier such as 'KVSA-2026-01'"
        )
    name = advisory_id if isinstance(advisory_id, str) else "?"

    for key in ("title",):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.error(path, at(key), f"advisory {name} needs a '{key}' (a non-empty string)")

    severity = item.get("severity")
    if severity is None:
        problems.error(path, line, f"advisory {name} has no 'severity'. {expected('', SEVERITIES)}")
    elif severity not in SEVERITIES:
        problems.error(
            path,
            at("severity"),
            f"unknown severity '{severity}'. {expected(str(severity), SEVERITIES)}",
        )

    affected = None
    if "affected" not in item:
        problems.error(path, line, f"advisory {name} has no 'affected' range, such as '>=2.0,<2.4'")
    else:
        try:
            affected = VersionRange.parse(item["affected"])
        except RangeSyntaxError as exc:
            problems.error(path, at("affected"), str(exc))
        else:
            if affected.is_all:
                problems.error(
                    path,
                    at("affected"),
                    f"advisory {name}: 'affected' must name the affected releases, "
                    "such as '>=2.0,<2.4'",
                )
                affected = None
            elif not any(v in affected for v in versions):
                problems.warning(
                    path,
                    at("affected"),
                    f"advisory {name}: affected range '{affected}' matches no release of the "
                    "catalog "
                    f"({', '.join(versions)}); no release shows it",
                )

    fixed_in = item.get("fixed_in")
    if fixed_in is not None:
        fixed_in = str(fixed_in).strip()
        match = next((v for v in versions if _same(v, fixed_in)), None)
        if match is None:
            problems.error(
                path,
                at("fixed_in"),
                f"advisory {name}: fixed_in '{fixed_in}' is not a release of the catalog. "
                f"{expected(fixed_in, versions)}",
            )
        else:
            fixed_in = match
            if affected is not None and fixed_in in affected:
                problems.error(
                    path,
                    at("fixed_in"),
                    f"advisory {name}: fixed_in {fixed_in} is inside its own affected range "
                    f"'{affected}'",
                )

    cves = item.get("cves", [])
    if isinstance(cves, str):
        cves = [cves]
    if not isinstance(cves, list):
        problems.error(
            path, at("cves"), f"advisory {name}: 'cves' must be a list such as [CVE-2026-12345]"
        )
        cves = []
    for cve in cves:
        if not isinstance(cve, str) or not _CVE.match(cve):
            problems.error(
                path, at("cves"), f"advisory {name}: '{cve}' is not a CVE id (CVE-YYYY-NNNN)"
            )

    published = item.get("published")
    if isinstance(published, dt.datetime):
        published = published.date()
    if published is None:
        problems.error(path, line, f"advisory {name} has no 'published' date (YYYY-MM-DD)")
    elif not isinstance(published, dt.date):
        try:
            published = dt.date.fromisoformat(str(published))
        except ValueError:
            problems.error(
                path,
                at("published"),
                f"advisory {name}: 'published' is not a date: '{published}' (write YYYY-MM-DD)",
            )

    summary = item.get("summary", "")
    if not isinstance(summary, str):
        problems.error(path, at("summary"), f"advisory {name}: 'summary' must be text")

    if len(problems.errors) > start:
        return None
    assert affected is not None and isinstance(published, dt.date)
    return Advisory(
        id=str(advisory_id),
        title=" ".join(str(item["title"]).split()),
        severity=str(severity),
        affected=affected,
        published=published,
        fixed_in=fixed_in,
        cves=tuple(cves),
        summary=" ".join(summary.split()),
        line=line,
    )


def _same(version: str, other: str) -> bool:
    try:
        return Version(version) == Version(other)
    except ValueError:
        return version == other


def fixed_in_summary(advisories: Sequence[Advisory]) -> list[str]:
    """The distinct fix releases of some advisories, oldest first."""
    return sorted({a.fixed_in for a in advisories if a.fixed_in}, key=Version)
