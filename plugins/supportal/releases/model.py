"""The release catalog: which releases exist, their lifecycle, aliases and the default.

Plain Python, no MkDocs: parsed from `releases.yml`, validated with every problem located.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import Version
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from ..core.problems import Problems, SupportalError, expected
from ..core.versions import VersionRange, parse_version
from ..core.yamlfile import (
    item_line,
    key_line,
    kind_of,
    load_yaml_file,
    scalar_text,
    unknown_keys,
)
from .names import Claim, check_names
from .retention import RetentionPolicy, parse_retention
from .syncrule import SyncRule, parse_sync_rule

STATUSES = ("preview", "supported", "lts", "eol")
STATUS_LABELS = {
    "preview": "Preview",
    "supported": "Supported",
    "lts": "Long-term support",
    "eol": "End of life",
}
RELEASE_KEYS = (
    "version",
    "title",
    "date",
    "status",
    "end_of_support",
    "aliases",
    "default",
    "source",
    "notes",
)
# `retention:` is the publishing policy of `supportal prune` (retention.py); `sync:` the tags
# `supportal releases sync` adds (syncrule.py).
CATALOG_KEYS = ("releases", "retention", "sync")
_ALIAS_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.")
# What `write_site_index` (with supportal/reading) writes at the site root, beside alias folders.
_ROOT_FILES = ("index.html", "404.html", "versions.json", "releases.json", "sitemap.xml")


def alias_problem(name: object) -> str | None:
    """Why `name` cannot name an alias folder at the site root, or None when it can.

    An alias folder is deleted and rewritten on every build and publish: `..` or `.` would
    delete the folder above the site or the site itself.
    """
    if not isinstance(name, str) or not name or not set(name) <= _ALIAS_CHARS:
        return f"'{name}' must be a lower-case name of letters, digits, '-', '_' or '.'"
    if not name[0].isalnum():
        return f"'{name}' must start with a letter or a digit"
    if name in _ROOT_FILES:
        return f"'{name}' is a file at the root of the site, not a name for an alias"
    return None


@dataclass(frozen=True)
class Release:
    """One release of the documented product."""

    version: str
    title: str
    date: dt.date | None
    status: str
    end_of_support: dt.date | None = None
    aliases: tuple[str, ...] = ()
    default: bool = False
    source: str | None = None
    """Where the release's docs come from: None for the working tree, `git:REF` for a git ref."""
    notes: str | None = None
    line: int | None = None
    notes_line: int | None = None
    """Line of the first line of the `notes` text in the catalog."""

    @property
    def parsed(self) -> Version:
        return Version(self.version)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_context(self) -> dict[str, Any]:
        """What templates and pages see as `release`."""
        return {
            "version": self.version,
            "title": self.title,
            "date": self.date.isoformat() if self.date else "",
            "status": self.status,
            "status_label": self.status_label,
            "end_of_support": self.end_of_support.isoformat() if self.end_of_support else "",
            "aliases": list(self.aliases),
            "default": self.default,
        }


@dataclass(frozen=True)
class ReleaseCatalog:
    """All releases, newest first, with exactly one default."""

    releases: tuple[Release, ...]
    path: str = "releases.yml"
    _by_name: dict[str, Release] = field(default_factory=dict, compare=False, repr=False)
    retention: Any = field(default=None, compare=False, repr=False)
    """The raw `retention:` node (with line numbers), as `supportal.publish.retention` reads it."""
    retention_line: int | None = field(default=None, compare=False, repr=False)
    retention_policy: RetentionPolicy = field(
        default_factory=RetentionPolicy, compare=False, repr=False
    )
    """The validated `retention:` section (the default policy when there is none)."""
    sync: SyncRule | None = field(default=None, compare=False, repr=False)
    """The `sync:` rule of `supportal releases sync`, when the catalog has one."""

    def __post_init__(self) -> None:
        for release in self.releases:
            self._by_name[release.version] = release
            for alias in release.aliases:
                self._by_name[alias] = release

    @property
    def default(self) -> Release:
        return next(r for r in self.releases if r.default)

    @property
    def versions(self) -> list[str]:
        return [r.version for r in self.releases]

    def get(self, name: str) -> Release | None:
        """A release by version or alias; `2.0.0` finds `2.0`."""
        if name in self._by_name:
            return self._by_name[name]
        try:
            wanted = Version(name)
        except ValueError:
            return None
        return next((r for r in self.releases if r.parsed == wanted), None)

    def matching(self, versions: VersionRange) -> list[Release]:
        return [r for r in self.releases if r.version in versions]

    def versions_json(self) -> list[dict[str, Any]]:
        """The `versions.json` entries in the format mike writes (Material's selector reads it)."""
        return [
            {"version": r.version, "title": r.title, "aliases": list(r.aliases)}
            for r in self.releases
        ]


def load_catalog(file: Path, display_path: str) -> ReleaseCatalog:
    """Read and validate a catalog file; raises SupportalError listing every problem."""
    data = load_yaml_file(file, display_path)
    problems = Problems()
    catalog = parse_catalog(data, display_path, problems)
    if problems.errors or catalog is None:
        raise SupportalError(problems.errors)
    return catalog


def parse_catalog(data: Any, path: str, problems: Problems) -> ReleaseCatalog | None:
    """Validate catalog data (as ruamel.yaml loaded it) and build the catalog."""
    if not isinstance(data, CommentedMap) or "releases" not in data:
        problems.error(path, 1, "a release catalog needs a top-level 'releases:' list")
        return None
    unknown_keys(data, CATALOG_KEYS, path, problems, "key")
    items = data["releases"]
    if not isinstance(items, CommentedSeq) or not items:
        problems.error(path, key_line(data, "releases"), "'releases' must be a non-empty list")
        return None

    releases: list[Release] = []
    claims: list[Claim] = []
    for index, item in enumerate(items):
        release, claim = _parse_release(item, item_line(items, index), path, problems)
        if release is not None:
            releases.append(release)
        if claim is not None:
            claims.append(claim)
    check_names(claims, path, problems, key_line(data, "releases"))
    sync = None
    if "sync" in data:
        sync = parse_sync_rule(data["sync"], key_line(data, "sync"), path, problems)
    retention_line = key_line(data, "retention") if "retention" in data else None
    policy = parse_retention(data.get("retention"), retention_line, path, STATUSES, problems)
    if problems.errors or policy is None:
        return None
    releases.sort(key=lambda r: r.parsed, reverse=True)
    return ReleaseCatalog(
        releases=tuple(releases), path=path, retention=data.get("retention"),
        retention_line=retention_line, retention_policy=policy, sync=sync,
    )


def _parse_release(
    item: Any, line: int | None, path: str, problems: Problems
) -> tuple[Release | None, Claim | None]:
    """The release (None when the entry has mistakes) and the names it claims (None when it
    is not a mapping): names are checked across entries even when one entry is wrong."""
    if not isinstance(item, CommentedMap):
        problems.error(path, line, "each release must be a mapping with at least 'version' and 'status'")
        return None, None
    start = len(problems.errors)

    def at(key: str) -> int | None:
        return key_line(item, key)

    unknown_keys(item, RELEASE_KEYS, path, problems, "release key")

    version = None
    if "version" not in item:
        problems.error(path, line, "release without 'version'")
    else:
        try:
            # Keep the author's spelling ("2.0", not "2.0.0"; "2.10" even unquoted): it names
            # the output folder.
            version = scalar_text(item["version"])
            parse_version(version)
        except ValueError as exc:
            problems.error(path, at("version"), str(exc))

    status = item.get("status")
    if status is None:
        problems.error(path, line, f"release {version or '?'} has no 'status'. {expected('', STATUSES)}")
    elif not isinstance(status, str):
        problems.error(
            path, at("status"), f"'status' must be one word, not {kind_of(status)}. "
            f"{expected('', STATUSES)}"
        )
    elif status not in STATUSES:
        problems.error(path, at("status"), f"unknown status '{status}'. {expected(status, STATUSES)}")

    date = _date(item, "date", path, problems)
    end = _date(item, "end_of_support", path, problems)
    if status == "eol" and end is None and "end_of_support" not in item:
        problems.error(path, line, f"release {version} is 'eol' but has no 'end_of_support' date")
    if date and end and end < date:
        problems.error(path, at("end_of_support"), "'end_of_support' is before the release 'date'")

    aliases = item.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list):
        problems.error(path, at("aliases"), "'aliases' must be a list of names such as [latest, stable]")
        aliases = []
    named: list[str] = []
    for alias in aliases:
        if (problem := alias_problem(alias)) is not None:
            problems.error(path, at("aliases"), f"alias {problem}")
        else:
            named.append(alias)

    default = item.get("default", False)
    if not isinstance(default, bool):
        problems.error(path, at("default"), "'default' must be true or false")

    title = item.get("title")
    if title is None:  # absent, or `title:` left empty
        title = version
    elif isinstance(title, bool) or not isinstance(title, str | int | float):
        # A number is a fine title (`title: 2024`); a list or mapping would be shown as Python.
        problems.error(
            path, at("title"), f"'title' must be text such as 'Product 2.4', not {kind_of(title)}"
        )
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        problems.error(path, at("source"), "'source' must be a string such as 'git:v2.0.0'")

    claim = Claim(
        version=version, line=line, aliases=tuple(named),
        aliases_line=at("aliases"), default=default is True,
    )
    if len(problems.errors) > start or version is None:
        return None, claim
    return Release(
        version=version,
        title=str(title),
        date=date,
        status=str(status),
        end_of_support=end,
        aliases=tuple(named),
        default=bool(default),
        source=source,
        notes=item.get("notes"),
        line=line,
        notes_line=_text_line(item, "notes"),
    ), claim


def _text_line(item: CommentedMap, key: str) -> int | None:
    """Where the text of `key` starts: below the key for a `|` or `>` block."""
    line = key_line(item, key)
    if line is None:
        return None
    block = isinstance(item.get(key), (LiteralScalarString, FoldedScalarString))
    return line + 1 if block else line


def _date(item: CommentedMap, key: str, path: str, problems: Problems) -> dt.date | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.error(path, key_line(item, key), f"'{key}' is not a date: '{value}' (write YYYY-MM-DD)")
        return None
