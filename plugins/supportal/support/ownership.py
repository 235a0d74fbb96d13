"""Content ownership: who owns a page and when it was last reviewed (front matter `owner`,
`last_reviewed`, optional `review_every`). Plain Python, no MkDocs import.

A page takes part once it declares an owner or a review date; pages that declare neither are
not tracked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.frontmatter import SourcePage
from ..core.problems import Problems

_INTERVAL = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


class IntervalError(ValueError):
    """An interval that is not written like `180d`, `26w`, `6m` or `1y`."""


def parse_interval(text: object) -> int:
    """Days in an interval such as `180d`, `26w`, `6m` (30 days each) or `1y` (365 days)."""
    match = _INTERVAL.match(str(text)) if isinstance(text, str | int) else None
    if match is None or int(match.group(1)) == 0:
        raise IntervalError(
            f"'{text}' is not a review interval: write a number of days, weeks, months or years, "
            "such as 180d, 26w, 6m or 1y"
        )
    return int(match.group(1)) * _UNIT_DAYS[match.group(2)]


@dataclass(frozen=True)
class Ownership:
    """The review record of one page."""

    path: str
    """How messages name the page (`content/manuals/backups.md`)."""
    src_uri: str
    title: str
    owner: str | None
    last_reviewed: dt.date | None
    review_days: int | None
    """The page's own `review_every`, in days, or None for the portal's interval."""
    line: int | None = None
    """The front matter line a reviewer updates: `last_reviewed`, else `owner`."""

    def due(self, default_days: int) -> dt.date | None:
        if self.last_reviewed is None:
            return None
        try:
            return self.last_reviewed + dt.timedelta(days=self.review_days or default_days)
        except OverflowError:
            return dt.date.max  # due after the last date Python knows: never in practice

    def is_stale(self, default_days: int, today: dt.date) -> bool:
        """Past its review date, or owned but never reviewed."""
        due = self.due(default_days)
        return due is None or due < today

    def describe(self, default_days: int, today: dt.date) -> str:
        """One line for `supportal check --stale`."""
        owner = self.owner or "no owner"
        days = self.review_days or default_days
        where = f"{self.path}:{self.line}" if self.line else self.path
        if self.last_reviewed is None:
            return f"{where}: never reviewed (owner: {owner})"
        age = (today - self.last_reviewed).days
        return (
            f"{where}: last reviewed {self.last_reviewed.isoformat()}, {age} days ago "
            f"(review every {days} days; owner: {owner})"
        )


def read_ownership(source: SourcePage, src_uri: str, problems: Problems) -> Ownership | None:
    """The page's review record; None when the page declares no owner and no review date."""
    meta = source.meta
    if not any(k in meta for k in ("owner", "last_reviewed", "review_every")):
        return None
    owner = meta.get("owner")
    if owner is not None and (not isinstance(owner, str) or not owner.strip()):
        problems.error(
            source.path,
            source.line_of("owner"),
            "'owner' must be a team or person, such as 'Backup docs team'",
        )
        owner = None
    reviewed = meta.get("last_reviewed")
    if isinstance(reviewed, dt.datetime):
        reviewed = reviewed.date()
    if reviewed is not None and not isinstance(reviewed, dt.date):
        try:
            reviewed = dt.date.fromisoformat(str(reviewed))
        except ValueError:
            problems.error(
                source.path,
                source.line_of("last_reviewed"),
                f"'last_reviewed' is not a date: '{reviewed}' (write YYYY-MM-DD)",
            )
            reviewed = None
    days = None
    if "review_every" in meta:
        try:
            days = parse_interval(meta["review_every"])
        except IntervalError as exc:
            problems.error(source.path, source.line_of("review_every"), str(exc))
    title = next((meta[k] for k in ("title", "question") if isinstance(meta.get(k), str)), None)
    if title is None:
        first = next((line for line in source.body.split("\n") if line.startswith("# ")), None)
        title = first[2:].strip() if first else src_uri
    return Ownership(
        path=source.path,
        src_uri=src_uri,
        title=title,
        owner=owner.strip() if isinstance(owner, str) else None,
        last_reviewed=reviewed,
        review_days=days,
        line=source.line_of("last_reviewed" if "last_reviewed" in meta else "owner"),
    )


def stale(records: Iterable[Ownership], default_days: int, today: dt.date) -> list[Ownership]:
    """Records past review, oldest review first, never-reviewed pages first of all."""
    found = [r for r in records if r.is_stale(default_days, today)]
    return sorted(found, key=lambda r: (r.last_reviewed or dt.date.min, r.path))
