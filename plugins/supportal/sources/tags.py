"""`supportal releases sync`: catalog entries for the git tags that match a pattern.

The catalog is edited round-trip (comments, order and layout of existing entries stay as
written); entries that already exist, by version or by `source`, are left alone.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..core.atomicfile import write_text_atomic
from ..core.problems import Problem, Problems, SupportalError
from ..core.yamlfile import key_line, parse_yaml
from ..releases.model import parse_catalog
from ..releases.syncrule import (
    DEFAULT_STATUS,
    DEFAULT_TITLE,
    SyncRule,
    parse_sync_rule,
    status_problem,
    title_problem,
)
from .git import GitRepo, Tag
from .refs import GIT_PREFIX, portal_config_path

_LEADING = re.compile(r"^[^0-9]*")
PRERELEASE_STATUS = "preview"
_SHOWN_TAGS = 5  # enough to see how tags are named, short enough for one line


def version_from_tag(name: str) -> str | None:
    """The PEP 440 version a tag names (`v3.4.0` → `3.4.0`, `release-2.0` → `2.0`), or None."""
    rest = _LEADING.sub("", name, count=1)
    if not rest:
        return None
    try:
        return str(Version(rest))
    except InvalidVersion:
        return None


@dataclass
class AddedRelease:
    tag: Tag
    version: str
    status: str = DEFAULT_STATUS
    default: bool = False

    @property
    def prerelease(self) -> bool:
        return Version(self.version).is_prerelease


@dataclass
class SyncPlan:
    """What `releases sync` adds, what it leaves alone, and the catalog text before and after."""

    added: list[AddedRelease] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (tag, why it was not added)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (tag, why it cannot be added)
    unmatched: str | None = None  # why nothing matched, when no tag did: a typo must show
    before: str = ""
    after: str = ""

    def diff(self, display: str) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"{display} (now)", tofile=f"{display} (after sync)",
        ))


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)  # the mkdocs.yml style our catalogs use
    yaml.preserve_quotes = True
    yaml.width = 100
    return yaml


def plan_sync(
    catalog_file: Path,
    display: str,
    repo: GitRepo,
    pattern: str | None = None,
    *,
    status: str | None = None,
    title: str | None = None,
    config_name: str = "mkdocs.yml",
) -> SyncPlan:
    """Compute the catalog after adding one release per matching tag; raise SupportalError on
    a tag whose name gives no valid version (nothing is written then).

    `pattern`, `status` and `title` left as None come from the catalog's `sync:` rule, then
    from the defaults (status `supported`, title `{version}`); a pattern is needed from one or
    the other.
    """
    problems = Problems()
    before = catalog_file.read_text(encoding="utf-8") if catalog_file.is_file() else ""
    data: Any = None
    if before.strip():
        parse_yaml(before, display)  # a located error for invalid YAML
        data = _yaml().load(before)  # round-trip: quotes and comments as written
    if data is None:
        data = CommentedMap()
    loaded = isinstance(data, CommentedMap) and "releases" in data and bool(before.strip())
    line = key_line(data, "releases") if loaded else 1
    if isinstance(data, CommentedMap) and data.get("releases", None) is None:
        # No releases yet (a new catalog, or one holding only its `sync:` rule).
        data["releases"] = CommentedSeq()
    if not isinstance(data, CommentedMap) or not isinstance(data.get("releases"), CommentedSeq):
        raise SupportalError(
            [Problem(display, 1, "a release catalog needs a top-level 'releases:' list")]
        )
    items: CommentedSeq = data["releases"]
    rule = _sync_rule(data, display)
    if pattern is None:
        if rule is None:
            raise SupportalError([Problem(
                display, None,
                "no tags to sync: give --tags PATTERN, or add a rule to the catalog such as "
                "'sync: {tags: \"v*\"}'",
            )])
        pattern = rule.tags
        line = key_line(data["sync"], "tags") or line  # name the rule in tag problems
    status = status or (rule.status if rule else DEFAULT_STATUS)
    title = title or (rule.title if rule else DEFAULT_TITLE)
    if (problem := status_problem(status)) is not None:  # eol needs a date: not from a tag
        raise SupportalError([Problem(display, line, problem)])
    if (problem := title_problem(title)) is not None:
        raise SupportalError([Problem(display, None, f"new releases' {problem}")])

    existing_versions: dict[Version, str] = {}
    existing_refs: dict[str, str] = {}
    sources: dict[str, str] = {}  # version -> the ref of its `source: git:REF`
    for item in items:
        if not isinstance(item, CommentedMap):
            continue
        try:
            existing_versions[Version(str(item.get("version")))] = str(item.get("version"))
        except InvalidVersion:
            pass
        source = item.get("source")
        if isinstance(source, str) and source.strip().startswith(GIT_PREFIX):
            existing_refs[source.strip()[len(GIT_PREFIX):].strip()] = str(item.get("version"))
            sources[str(item.get("version"))] = source.strip()[len(GIT_PREFIX):].strip()
    listed_before = dict(existing_versions)
    built_from: dict[str, str] = {}  # commit -> what is built from it already
    for ref, listed_version in existing_refs.items():
        if (commit := repo.resolve(ref)) is not None:
            built_from.setdefault(commit, f"release {listed_version} ({GIT_PREFIX}{ref})")

    plan = SyncPlan(before=before)
    tags = repo.tags()
    matching = sorted(
        (t for t in tags if fnmatch.fnmatchcase(t.name, pattern)), key=_version_order
    )  # of two tags on one commit, the older version is added: the same one on every run
    if not matching:
        plan.unmatched = _no_match(pattern, tags)
    for tag in matching:
        version = version_from_tag(tag.name)
        if version is None:
            problems.error(
                display, line,
                f"git tag '{tag.name}' (matched by '{pattern}') gives no valid version: a tag "
                "name must end in a PEP 440 version such as v3.4.0 or release-2.1; "
                "narrow the pattern or add that release by hand",
            )
            continue
        if tag.name in existing_refs:
            plan.kept.append((tag.name, f"already the source of release {existing_refs[tag.name]}"))
            continue
        if Version(version) in existing_versions:
            listed = existing_versions[Version(version)]
            plan.kept.append((tag.name, f"release {listed} already listed"))
            continue
        if (owner := _covering(Version(version), listed_before)) is not None:
            why = f"belongs to release {owner}: the catalog lists {owner}, not its patches or "
            why += "pre-releases"
            if owner in sources:
                why += f"; its source is {GIT_PREFIX}{sources[owner]}: set it to {GIT_PREFIX}"
                why += f"{tag.name} to publish this tag"
            plan.kept.append((tag.name, why))
            continue
        if tag.commit in built_from:
            why = f"same commit ({tag.commit[:10]}) as {built_from[tag.commit]}: a commit holds "
            plan.skipped.append((tag.name, why + "the docs of one release"))
            continue
        config_path = portal_config_path(repo, config_name)
        if not repo.has_path(tag.commit, config_path):
            # Added, it would fail every build: a tag from before the docs were written, or of
            # another part of the repository.
            why = f"no {config_path} at this tag (commit {tag.commit[:10]}): no docs to build"
            plan.skipped.append((tag.name, why))
            continue
        existing_versions[Version(version)] = version
        built_from[tag.commit] = f"tag {tag.name}, added as release {version}"
        plan.added.append(AddedRelease(tag, version))
    if problems.errors:
        raise SupportalError(problems.errors)
    if not plan.added:  # nothing to check: a catalog not yet started is not an invalid one
        plan.after = before
        return plan

    newest_first = sorted(plan.added, key=lambda a: Version(a.version), reverse=True)
    for added in newest_first:
        # A release candidate is not what readers of a supported release should land on.
        added.status = PRERELEASE_STATUS if added.prerelease else status
    if not any(isinstance(i, CommentedMap) and i.get("default") is True for i in items):
        finals = [a for a in newest_first if not a.prerelease]
        (finals or newest_first)[0].default = True
    original = list(items)
    placed: list[tuple[int, CommentedMap]] = []  # (index among the original entries, entry)
    for added in newest_first:
        entry = CommentedMap()
        entry["version"] = DoubleQuotedScalarString(added.version)
        entry["title"] = title.format(version=added.version, tag=added.tag.name)
        if added.tag.date:
            entry["date"] = dt.date.fromisoformat(added.tag.date)
        entry["status"] = added.status
        entry["source"] = f"{GIT_PREFIX}{added.tag.name}"
        if added.default:
            entry["default"] = True
        placed.append((_position(original, Version(added.version)), entry))
        items.insert(_position(items, Version(added.version)), entry)

    spliced = _spliced(before, original if loaded else None, placed)
    # The text edit must mean exactly the edited data; an unusual layout is dumped instead.
    if spliced is not None and _loads_as(spliced, data):
        plan.after = spliced
    else:
        out = io.StringIO()
        _yaml().dump(data, out)
        plan.after = out.getvalue()
    # The result must be a valid catalog, or nothing is written.
    check = Problems()
    parse_catalog(parse_yaml(plan.after, display), display, check)
    if check.errors:
        raise SupportalError(check.errors)
    return plan


def _version_order(tag: Tag) -> tuple[Version, str]:
    version = version_from_tag(tag.name)
    return (Version(version) if version else Version("0"), tag.name)


def _no_match(pattern: str, tags: list[Tag]) -> str:
    """What to say when `pattern` matches no tag: the tags there are, and a case slip."""
    if not tags:
        return f"No git tag matches '{pattern}': the repository has no tags."
    newest = sorted(tags, key=lambda t: (t.date, t.name), reverse=True)
    shown = ", ".join(t.name for t in newest[:_SHOWN_TAGS])
    more = len(tags) - _SHOWN_TAGS
    listing = f"{shown} and {more} more" if more > 0 else shown
    text = f"No git tag matches '{pattern}' (a shell pattern, matched case-sensitively)"
    text += f"; the repository has {len(tags)} tag{'s' if len(tags) > 1 else ''}: {listing}."
    # The usual slips: the case of a prefix, and a regular expression for a shell pattern.
    for other in (pattern.lower(), pattern.upper(), pattern.replace(".*", "*")):
        if other != pattern and any(fnmatch.fnmatchcase(t.name, other) for t in tags):
            return f"{text} Did you mean '{other}'?"
    return text


def _sync_rule(data: CommentedMap, display: str) -> SyncRule | None:
    if "sync" not in data:
        return None
    problems = Problems()
    rule = parse_sync_rule(data["sync"], key_line(data, "sync"), display, problems)
    if problems.errors:
        raise SupportalError(problems.errors)
    return rule


def write_catalog(catalog_file: Path, text: str) -> None:
    """Replace the catalog in one step (a reader never sees a half-written file), keeping
    its line endings: `text` was read with universal newlines."""
    crlf = catalog_file.is_file() and b"\r\n" in catalog_file.read_bytes()
    write_text_atomic(catalog_file, text, newline="\r\n" if crlf else "\n")


def _spliced(
    before: str, items: list[Any] | None, placed: list[tuple[int, CommentedMap]]
) -> str | None:
    """`before` with each new entry written in as text before the existing entry at its index
    (after the last one for an index past the end), every other line as it was; None when the
    list is not a block list of block mappings.

    Dumping the whole file instead would leave a comment above an entry to whichever entry ends
    up before it, and lose the blank lines between entries.
    """
    text = before if not before or before.endswith("\n") else before + "\n"
    if items is None:  # no `releases:` yet: the list goes at the end, spaced as in our docs
        return text + "releases:\n" + "\n".join(_entry_text(e, 2, 4) for _, e in placed)
    if not all(isinstance(i, CommentedMap) and not i.fa.flow_style() for i in items) or not items:
        return None  # `releases: []`, or entries written as {version: ...}
    lines = text.splitlines(keepends=True)
    key_col = items[0].lc.col
    dash = lines[items[0].lc.line][:key_col].rstrip()
    if not dash.endswith("-") or dash[:-1].strip() or any(i.lc.col != key_col for i in items):
        return None
    dash_col = len(dash) - 1
    starts = [_label_start(lines, item.lc.line, dash_col) for item in items]
    blank_gaps = [not lines[start - 1].strip() for start in starts[1:]]
    sep = "\n" if sum(blank_gaps) * 2 >= len(blank_gaps) else ""
    end = _item_end(lines, items[-1].lc.line, dash_col)
    inserts: dict[int, list[str]] = {}  # line number -> the entries written before that line
    for index, entry in placed:
        body = _entry_text(entry, dash_col, key_col)
        if index < len(items):
            inserts.setdefault(starts[index], []).append(body + sep)
        else:
            inserts.setdefault(end + 1, []).append(sep + body)
    out: list[str] = []
    for number, line in enumerate([*lines, ""]):
        out.extend(inserts.get(number, []))
        out.append(line)
    return "".join(out)


def _loads_as(text: str, data: Any) -> bool:
    try:
        return bool(_yaml().load(text) == data)
    except YAMLError:
        return False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _label_start(lines: list[str], line: int, dash_col: int) -> int:
    """First line of an entry with the comments right above it: they label that entry.

    Comments indented deeper than the dash belong to the entry above, as its keys do."""
    start = line
    while start > 0 and lines[start - 1].lstrip().startswith("#") and (
        _indent(lines[start - 1]) <= dash_col
    ):
        start -= 1
    return start


def _item_end(lines: list[str], line: int, dash_col: int) -> int:
    """Last non-blank line of the entry starting at `line`: what follows it is not indented
    deeper than its dash."""
    end = line
    for number in range(line + 1, len(lines)):
        if not lines[number].strip():
            continue
        if _indent(lines[number]) <= dash_col:
            break
        end = number
    return end


def _entry_text(entry: CommentedMap, dash_col: int, key_col: int) -> str:
    yaml = _yaml()
    yaml.width = 4096  # one line per key: the lines are indented below
    out = io.StringIO()
    yaml.dump(entry, out)
    first, *rest = out.getvalue().splitlines(keepends=True)
    head = " " * dash_col + "-" + " " * (key_col - dash_col - 1)
    return head + first + "".join(" " * key_col + line for line in rest)


def _covering(version: Version, listed: dict[Version, str]) -> str | None:
    """The listed release that `version` is a patch or pre-release of, to as many numbers as
    the catalog writes that release with (2.4.1, 2.4.0rc1 and 2.4rc1 of 2.4): a tag v2.4.1
    publishes release 2.4 of a catalog that lists minor versions. None when there is none."""
    for known, name in listed.items():
        plain = not (known.pre or known.post or known.dev or known.local)
        size = len(known.release)
        # By value, as PEP 440 compares them: 2.4rc1 is 2.4.0rc1.
        padded = version.release + (0,) * (size - len(version.release))
        if plain and version != known and padded[:size] == known.release:
            return name
    return None


def _position(items: list[Any], version: Version) -> int:
    """Before the first listed release older than `version` (catalogs list newest first)."""
    for index, item in enumerate(items):
        try:
            if isinstance(item, CommentedMap) and Version(str(item.get("version"))) < version:
                return index
        except InvalidVersion:
            continue
    return len(items)
