"""The catalog's `retention:` section: what `supportal prune` keeps (docs/pages/publishing.md).

```yaml
retention:
  keep: [preview, supported, lts]   # statuses only patches_per_minor prunes
  patches_per_minor: 3              # newest N final releases of each X.Y
  eol_grace_days: 180               # drop EOL releases this long after end_of_support
  history: 3                        # earlier builds kept per release for rollback
```

Validated with the rest of the catalog, like the `sync:` rule: a mistake is a located error for
`build` and `check` too, not only once a prune is run. What the policy deletes is decided in
supportal.publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..core.problems import Problems, expected
from ..core.yamlfile import key_line, kind_of, scalar_text, unknown_keys

RETENTION_KEYS = ("keep", "patches_per_minor", "eol_grace_days", "history")
_MINIMUMS = (("patches_per_minor", 1), ("eol_grace_days", 0), ("history", 0))


@dataclass(frozen=True)
class RetentionPolicy:
    """What `supportal prune` keeps. The defaults delete no release, only old builds."""

    keep: tuple[str, ...] = ("preview", "supported", "lts")
    patches_per_minor: int | None = None
    eol_grace_days: int | None = None
    history: int = 3


def parse_retention(
    node: Any, line: int | None, path: str, statuses: tuple[str, ...], problems: Problems
) -> RetentionPolicy | None:
    """Validate the `retention:` node of a catalog (found at `line`); problems go to
    `problems`. `retention:` left empty is the default policy."""
    if node is None:
        return RetentionPolicy()
    if not isinstance(node, CommentedMap):
        problems.error(path, line, "'retention' must be a mapping of: " + ", ".join(RETENTION_KEYS))
        return None
    start = len(problems.errors)
    unknown_keys(node, RETENTION_KEYS, path, problems, "retention key")
    keep = _keep(node, path, statuses, problems)
    numbers: dict[str, int | None] = {}
    for key, low in _MINIMUMS:
        value = node.get(key)
        numbers[key] = None
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            problems.error(
                path, key_line(node, key),
                f"'{key}' must be a whole number of at least {low}, not {_shown(value)}",
            )
        else:
            numbers[key] = value
    if len(problems.errors) > start:
        return None
    history = numbers["history"]
    return RetentionPolicy(
        keep=keep,
        patches_per_minor=numbers["patches_per_minor"],
        eol_grace_days=numbers["eol_grace_days"],
        history=RetentionPolicy.history if history is None else history,
    )


def _keep(
    node: CommentedMap, path: str, statuses: tuple[str, ...], problems: Problems
) -> tuple[str, ...]:
    if "keep" not in node:
        return RetentionPolicy.keep
    keep = node["keep"]
    if isinstance(keep, str):
        # `keep: eol` reads like a list of one, but a typo such as `keep: supported, lts` would
        # be one unknown status: only the list form says which statuses are meant.
        problems.error(
            path, key_line(node, "keep"),
            f"'keep' must be a list of statuses, not text: write 'keep: [{keep}]'",
        )
        return ()
    if not isinstance(keep, list):
        problems.error(
            path, key_line(node, "keep"), f"'keep' must be a list of statuses, not {kind_of(keep)}"
        )
        return ()
    for status in keep:
        if status not in statuses:
            problems.error(
                path, key_line(node, "keep"),
                f"unknown status '{status}' in 'keep'. {expected(str(status), statuses)}",
            )
    return tuple(str(s) for s in keep)


def _shown(value: Any) -> str:
    """A wrong value as the author wrote it ('-1', 'yes'), or its kind when it is no scalar."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return f"'{scalar_text(value)}'"
    return kind_of(value)
