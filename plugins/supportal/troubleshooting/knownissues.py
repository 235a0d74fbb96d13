"""How trees see known issues: a small interface, so trees build without the reading plugin.

The release-aware reading plugin (`supportal/reading`) owns known issues; when it is enabled it
exposes `known_issues: dict[str, KnownIssue]`. Trees only need the fields below.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol


class KnownIssueInfo(Protocol):
    """What a known-issue node shows (duck-typed: reading's `KnownIssue` fits)."""

    id: str
    title: str
    url: str
    """Site-relative URL of the issue's anchor, e.g. `known-issues/#kv-1042`."""
    affects: Any
    """A VersionRange (anything supporting `version in affects`)."""
    fixed_in: str | None
    workaround: str


class KnownIssueSource(Protocol):
    """Looks known issues up by id."""

    def get(self, issue_id: str) -> KnownIssueInfo | None: ...

    def ids(self) -> Iterable[str]: ...


class MappingKnownIssues:
    """A KnownIssueSource over a `{id: issue}` mapping (the reading plugin's attribute)."""

    def __init__(self, issues: Mapping[str, Any]) -> None:
        self._issues = issues

    def get(self, issue_id: str) -> KnownIssueInfo | None:
        return self._issues.get(issue_id)

    def ids(self) -> Iterable[str]:
        return list(self._issues)
