""" "New in", "Changed in", "Removed in" and "Deprecated in" badges, derived from release ranges.

Plain Python, no MkDocs. A page or block whose range starts at release X (while an older release
of the catalog lacks it) is "New in X" in X and the next `window - 1` releases that have it;
while X is a preview the badge says "Upcoming in X". In the last release that has it, before a
newer release that drops it, it is "Removed in Y".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core.versions import VersionRange
from ..releases.blocks import RangeBlock
from ..releases.model import Release, ReleaseCatalog

LABELS = {
    "new": "New in {version}",
    "upcoming": "Upcoming in {version}",
    "changed": "Changed in {version}",
    "removed": "Removed in {version}",
    "deprecated": "Deprecated in {version}",
}


@dataclass(frozen=True)
class Badge:
    kind: str
    version: str

    @property
    def label(self) -> str:
        return LABELS[self.kind].format(version=self.version)


def _oldest_first(catalog: ReleaseCatalog) -> list[Release]:
    return list(reversed(catalog.releases))


def range_badges(
    versions: VersionRange, catalog: ReleaseCatalog, release: Release, window: int
) -> list[Badge]:
    """Badges of something present in `versions`, as seen in `release`."""
    order = _oldest_first(catalog)
    if release.version not in versions or release not in order:
        return []
    here = order.index(release)
    badges = []
    start = here
    while start > 0 and order[start - 1].version in versions:
        start -= 1
    if start > 0 and here - start < max(window, 0):
        first = order[start]
        badges.append(Badge("upcoming" if first.status == "preview" else "new", first.version))
    if here + 1 < len(order) and order[here + 1].version not in versions:
        badges.append(Badge("removed", order[here + 1].version))
    return badges


def block_badges(
    blocks: Sequence[RangeBlock], catalog: ReleaseCatalog, release: Release, window: int
) -> list[tuple[RangeBlock, Badge]]:
    """Badges for the versions blocks kept in `release`."""
    found = []
    for block in blocks:
        for badge in range_badges(block.versions, catalog, release, window):
            found.append((block, badge))
    return found


def page_badges(
    page_range: VersionRange,
    blocks: Sequence[RangeBlock],
    catalog: ReleaseCatalog,
    release: Release,
    window: int,
    deprecated_in: str | None = None,
) -> list[Badge]:
    """Badges at the top of a page: its own range, "Changed in" when its blocks changed
    recently, "Deprecated in" from front matter."""
    badges = range_badges(page_range, catalog, release, window)
    if not any(b.kind in ("new", "upcoming") for b in badges):
        changed = last_block_change(page_range, blocks, catalog, release)
        order = _oldest_first(catalog)
        if changed is not None and order.index(release) - order.index(changed) < max(window, 0):
            badges.insert(0, Badge("changed", changed.version))
    if deprecated_in is not None:
        deprecated = catalog.get(deprecated_in)
        if deprecated is not None and release.parsed >= deprecated.parsed:
            badges.append(Badge("deprecated", deprecated.version))
    return badges


def last_block_change(
    page_range: VersionRange,
    blocks: Sequence[RangeBlock],
    catalog: ReleaseCatalog,
    release: Release,
) -> Release | None:
    """The newest release up to `release` whose set of kept blocks differs from the release
    before it (both having the page)."""
    order = _oldest_first(catalog)
    here = order.index(release)

    def kept(r: Release) -> tuple[bool, ...]:
        return tuple(r.version in b.versions for b in blocks)

    for index in range(here, 0, -1):
        current, previous = order[index], order[index - 1]
        if previous.version not in page_range:
            return None
        if kept(current) != kept(previous):
            return current
    return None
