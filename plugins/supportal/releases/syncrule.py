"""The catalog's `sync:` rule: which git tags `supportal releases sync` turns into releases.

```yaml
sync:
  tags: "v*"                      # shell pattern of the tags to add (required)
  status: supported               # status of the releases added (default: supported)
  title: "Keelvault {version}"    # title of the releases added (default: {version})
```

Plain Python, no MkDocs and no git: parsed and validated with the rest of the catalog, so a bad
rule is a located error for `build` and `check` too, not only for `releases sync`.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..core.problems import Problems, expected
from ..core.yamlfile import key_line, unknown_keys

SYNC_KEYS = ("tags", "status", "title")
# A release added from a tag has no end_of_support date, which an 'eol' release needs.
SYNC_STATUSES = ("preview", "supported", "lts")
TITLE_FIELDS = ("version", "tag")
DEFAULT_STATUS = "supported"
DEFAULT_TITLE = "{version}"


@dataclass(frozen=True)
class SyncRule:
    """What `releases sync` adds when run without `--tags`; flags override each field."""

    tags: str
    status: str = DEFAULT_STATUS
    title: str = DEFAULT_TITLE
    line: int | None = None


def title_problem(title: str) -> str | None:
    """Why `title` cannot be filled in with a tag's version and name, or None when it can."""
    try:
        fields = [
            (name, conversion, spec)
            for _, name, spec, conversion in string.Formatter().parse(title)
            if name is not None
        ]
    except ValueError as exc:  # a lone '{' or '}'
        return f"title '{title}' is not a valid template ({exc}); write '{{{{' for a literal '{{'"
    for name, conversion, spec in fields:
        shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
        shown += "}"
        if name not in TITLE_FIELDS:
            return f"title '{title}' uses {shown}: only {{version}} and {{tag}} are replaced"
        if conversion or spec:
            # Python's format mini-language would pad or quote the version ("Widget     '1.20'"):
            # a title is text for readers, not a format string.
            return (
                f"title '{title}' uses {shown}: write {{{name}}} alone, without a '!' conversion "
                "or a ':' format"
            )
    return None


def status_problem(status: object) -> str | None:
    """Why releases added from tags cannot have `status`, or None when they can."""
    if status in SYNC_STATUSES:
        return None
    if status == "eol":
        hint = ": an 'eol' release needs an 'end_of_support' date; add it by hand"
    else:
        hint = f". {expected(str(status), SYNC_STATUSES)}"
    return f"cannot add releases with status '{status}'{hint}"


def parse_sync_rule(node: Any, line: int | None, path: str, problems: Problems) -> SyncRule | None:
    """Validate the `sync:` node of a catalog (found at `line`); problems go to `problems`."""
    if not isinstance(node, CommentedMap):
        problems.error(
            path, line, "'sync' must be a mapping such as {tags: 'v*', status: supported}"
        )
        return None
    start = len(problems.errors)
    unknown_keys(node, SYNC_KEYS, path, problems, "sync key")
    tags = node.get("tags")
    if "tags" not in node:
        problems.error(path, line, "'sync' needs 'tags': a shell pattern of tag names such as 'v*'")
    elif not isinstance(tags, str) or not tags.strip():
        problems.error(
            path, key_line(node, "tags"),
            "sync 'tags' must be a shell pattern of tag names such as 'v*' (quote it)",
        )
    status = node.get("status", DEFAULT_STATUS)
    if status is None or isinstance(status, str) and not status.strip():
        # YAML reads a bare `status:` as null: "status 'None'" would name no value written.
        problems.error(
            path, key_line(node, "status"),
            f"sync: status is empty; expected one of: {', '.join(SYNC_STATUSES)}",
        )
    elif not isinstance(status, str):
        problems.error(
            path, key_line(node, "status"),
            f"sync: status must be one word, one of: {', '.join(SYNC_STATUSES)}",
        )
    elif (problem := status_problem(status)) is not None:
        problems.error(path, key_line(node, "status"), f"sync: {problem}")
    title = node.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip():
        problems.error(
            path, key_line(node, "title"),
            "sync 'title' must be text such as 'Keelvault {version}'",
        )
    elif (problem := title_problem(title)) is not None:
        problems.error(path, key_line(node, "title"), f"sync {problem}")
    if len(problems.errors) > start:
        return None
    return SyncRule(tags=str(tags).strip(), status=str(status), title=str(title), line=line)
