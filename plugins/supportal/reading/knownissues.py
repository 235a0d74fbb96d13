"""Known issues as data: `known_issues.yml` beside mkdocs.yml.

Plain Python, no MkDocs. Each issue has an id, a title, the releases it affects (a version
range), the release that fixes it and a workaround. Other plugins link issues by id through
`ReadingPlugin.known_issues`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..core.problems import Problems, SupportalError, expected
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import id_not_text, item_line, key_line, load_yaml_file, unknown_keys
from ..releases.model import Release, ReleaseCatalog

ISSUE_KEYS = ("id", "title", "affects", "fixed_in", "workaround", "details")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class KnownIssue:
    """One known problem of the product.

    `url` is filled in per build: the site-relative URL of the issue's anchor on the release's
    known-issues page (`known-issues/#kv-1042`).
    """

    id: str
    title: str
    affects: VersionRange
    fixed_in: str | None
    workaround: str
    details: str = ""
    line: int | None = None
    url: str = ""

    @property
    def anchor(self) -> str:
        return anchor_of(self.id)

    def affects_release(self, release: Release) -> bool:
        return release.version in self.affects


def anchor_of(issue_id: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", issue_id.lower()).strip("-")


def load_known_issues(
    file: Path, display_path: str, catalog: ReleaseCatalog, problems: Problems
) -> list[KnownIssue]:
    """Issues of `file` (none when it does not exist); problems are added, located."""
    if not file.is_file():
        return []
    try:
        data = load_yaml_file(file, display_path)
    except SupportalError as exc:
        problems.extend(exc.problems)
        return []
    return parse_known_issues(data, display_path, catalog, problems)


def parse_known_issues(
    data: Any, path: str, catalog: ReleaseCatalog, problems: Problems
) -> list[KnownIssue]:
    """Validate known-issues data as ruamel.yaml loaded it."""
    if data is None:
        return []
    if not isinstance(data, CommentedMap) or "issues" not in data:
        problems.error(path, 1, "a known-issues file needs a top-level 'issues:' list")
        return []
    unknown_keys(data, ("issues",), path, problems, "key")
    items = data["issues"]
    if items is None:
        return []
    if not isinstance(items, CommentedSeq):
        problems.error(path, key_line(data, "issues"), "'issues' must be a list")
        return []
    issues: list[KnownIssue] = []
    seen: dict[str, KnownIssue] = {}
    for index, item in enumerate(items):
        issue = _parse_issue(item, item_line(items, index), path, catalog, problems)
        if issue is None:
            continue
        if issue.id in seen:
            problems.error(
                path,
                issue.line,
                f"duplicate known issue id '{issue.id}' (already at line {seen[issue.id].line})",
            )
            continue
        seen[issue.id] = issue
        issues.append(issue)
    return issues


def _parse_issue(
    item: Any, line: int | None, path: str, catalog: ReleaseCatalog, problems: Problems
) -> KnownIssue | None:
    if not isinstance(item, CommentedMap):
        problems.error(path, line, "each known issue must be a mapping with id, title and affects")
        return None
    start = len(problems.errors)

    def at(key: str) -> int | None:
        return key_line(item, key)

    unknown_keys(item, ISSUE_KEYS, path, problems, "known-issue key")
    for key in ("id", "title", "affects"):
        if key not in item:
            problems.error(path, line, f"known issue without '{key}'")
    issue_id = str(item.get("id", "")).strip()
    if "id" in item and not isinstance(item["id"], str):
        # `id: 0042` is the number 42 to YAML: taken as text it would change the issue's id.
        problems.error(path, at("id"), id_not_text(item["id"], "known issue id", "KV-1042"))
    elif "id" in item and not _ID.match(issue_id):
        problems.error(
            path,
            at("id"),
            f"known issue id '{issue_id}' must be letters, digits, '.', '_' or '-', "
            "such as KV-1042",
        )
    affects = VersionRange.all()
    if "affects" in item:
        try:
            affects = VersionRange.parse(item["affects"])
        except RangeSyntaxError as exc:
            problems.error(path, at("affects"), str(exc))
        else:
            if not catalog.matching(affects):
                problems.warning(
                    path,
                    at("affects"),
                    f"affects '{affects}' matches no release in {catalog.path} "
                    f"({', '.join(catalog.versions)}): the issue is listed nowhere",
                )
    fixed_in = None
    if item.get("fixed_in") is not None:
        fixed_in = str(item["fixed_in"]).strip()
        release = catalog.get(fixed_in)
        if release is None:
            problems.error(
                path,
                at("fixed_in"),
                f"fixed_in '{fixed_in}' is not a release in {catalog.path}. "
                f"{expected(fixed_in, catalog.versions)}",
            )
        else:
            fixed_in = release.version
            if fixed_in in affects:
                problems.warning(
                    path,
                    at("fixed_in"),
                    f"known issue '{issue_id}' is fixed in {fixed_in} but its affects range "
                    f"'{affects}' "
                    f"includes {fixed_in}: end the range before the fix, such as '<{fixed_in}'",
                )
    workaround = item.get("workaround", "")
    details = item.get("details", "")
    for key, value in (
        ("title", item.get("title", "")),
        ("workaround", workaround),
        ("details", details),
    ):
        if not isinstance(value, str):
            problems.error(path, at(key), f"'{key}' must be text")
    if len(problems.errors) > start:
        return None
    return KnownIssue(
        id=issue_id,
        title=str(item["title"]).strip(),
        affects=affects,
        fixed_in=fixed_in,
        workaround=str(workaround).strip(),
        details=str(details).strip(),
        line=line,
    )
