"""Course structure from `course.yml`: modules → lessons (pages) → knowledge checks, final."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problems
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import item_line, key_line, unknown_keys
from .policy import Assessment, AssessmentPolicy, parse_assessment, parse_policy
from .questions import as_written, is_number

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
COURSE_KEYS = (
    "id",
    "title",
    "summary",
    "duration",
    "versions",
    "completion",
    "checks",
    "modules",
    "final",
)


@dataclass
class Lesson:
    """A Markdown page of the course folder; `id` (default: the file stem) keys progress."""

    id: str
    page: str
    """Path relative to the course folder, e.g. `install.md`."""
    line: int | None
    check: list[str] = field(default_factory=list)
    """Bank questions shown at the end of the lesson, after its inline questions."""
    check_lines: list[int | None] = field(default_factory=list)
    module: str = ""
    src_uri: str = ""
    title: str = ""
    inline: list[str] = field(default_factory=list)
    """Ids of the `question` blocks written in the lesson page, in page order."""

    @property
    def check_questions(self) -> list[str]:
        return self.inline + self.check


@dataclass
class Module:
    id: str
    title: str
    line: int | None
    requires: list[str] = field(default_factory=list)
    requires_line: int | None = None
    lessons: list[Lesson] = field(default_factory=list)


@dataclass
class Completion:
    """When a course is complete: lessons visited, every check ≥ `checks` %, final passed."""

    lessons: bool = True
    checks: float = 70.0
    final: bool = True


@dataclass
class Course:
    """A course folder `content/courses/<folder>/` with its course.yml."""

    id: str
    title: str
    folder: str
    """Folder relative to docs_dir, e.g. `courses/keelvault-admin`."""
    path: str
    """How messages name course.yml."""
    summary: str = ""
    duration: str = ""
    versions: VersionRange | None = None
    completion: Completion = field(default_factory=Completion)
    check_policy: AssessmentPolicy = field(
        default_factory=lambda: AssessmentPolicy(review="immediately")
    )
    modules: list[Module] = field(default_factory=list)
    final: Assessment | None = None

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]

    def lesson_of(self, src_uri: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.src_uri == src_uri), None)


def parse_course(data: Any, folder: str, path: str, problems: Problems) -> Course | None:
    """Read course.yml; structural mistakes become problems. Cross-references are checked later."""
    if not isinstance(data, dict):
        problems.error(path, 1, "course.yml must be a mapping with id, title and modules")
        return None
    unknown_keys(data, COURSE_KEYS, path, problems, "key")
    cid = data.get("id")
    if not isinstance(cid, str) or not ID_PATTERN.match(cid):
        problems.error(
            path,
            key_line(data, "id"),
            f"course id '{cid}' is invalid: use lower-case letters, digits, '-' and '_' "
            "(it keys the learners' saved progress, so keep it stable)",
        )
        return None
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problems.error(path, key_line(data, "title"), "the course needs a 'title'")
        title = cid
    course = Course(id=cid, title=title.strip(), folder=folder, path=path)
    for key in ("summary", "duration"):
        value = data.get(key, "")
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            problems.error(path, key_line(data, key), f"{key} must be a text")
        else:
            setattr(course, key, str(value).strip())
    if "versions" in data:
        try:
            course.versions = VersionRange.parse(str(data["versions"]))
        except RangeSyntaxError as exc:
            problems.error(path, key_line(data, "versions"), str(exc))
    _read_completion(course, data.get("completion"), data, problems)
    checks = data.get("checks")
    if checks is not None:
        if not isinstance(checks, dict):
            problems.error(
                path, key_line(data, "checks"), "checks must be a mapping of policy keys"
            )
        else:
            allowed = ("review", "partial", "penalty", "shuffle")
            unknown_keys(checks, allowed, path, problems, "key", where=" in checks")
            course.check_policy = parse_policy(checks, path, problems, course.check_policy)
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules:
        problems.error(
            path,
            key_line(data, "modules"),
            "the course needs 'modules': a list of modules with lessons",
        )
        modules = []
    for index, node in enumerate(modules):
        module = _read_module(node, item_line(modules, index), folder, path, problems)
        if module is not None:
            course.modules.append(module)
    if "final" in data:
        course.final = parse_assessment(data["final"], path, problems, key_line(data, "final"))
        if course.final is not None and course.final.line is None:
            course.final.line = key_line(data, "final")
    return course


def _read_completion(course: Course, node: Any, data: Any, problems: Problems) -> None:
    if node is None:
        return
    path = course.path
    if not isinstance(node, dict):
        problems.error(
            path,
            key_line(data, "completion"),
            "completion must be a mapping (lessons, checks, final)",
        )
        return
    unknown_keys(
        node, ("lessons", "checks", "final"), path, problems, "key", where=" in completion"
    )
    for key in ("lessons", "final"):
        if key in node:
            if not isinstance(node[key], bool):
                problems.error(path, key_line(node, key), f"completion {key} must be true or false")
            else:
                setattr(course.completion, key, node[key])
    if "checks" in node:
        value = node["checks"]
        if not is_number(value) or not 0 <= value <= 100:
            problems.error(
                path,
                key_line(node, "checks"),
                f"completion checks {value} is outside 0-100 (the pass mark of the knowledge "
                "checks, a percentage)",
            )
        else:
            course.completion.checks = float(value)


def _read_module(
    node: Any, line: int | None, folder: str, path: str, problems: Problems
) -> Module | None:
    if not isinstance(node, dict):
        problems.error(path, line, "a module must be a mapping with id, title and lessons")
        return None
    unknown_keys(
        node, ("id", "title", "requires", "lessons"), path, problems, "key", where=" in a module"
    )
    mid = node.get("id")
    if not isinstance(mid, str) or not ID_PATTERN.match(mid):
        problems.error(
            path,
            key_line(node, "id"),
            f"module id '{mid}' is invalid: use lower-case letters, digits, '-' and '_'",
        )
        return None
    title = node.get("title")
    module = Module(id=mid, title=str(title).strip() if title else mid, line=key_line(node, "id"))
    requires = node.get("requires", [])
    if isinstance(requires, str):
        requires = [requires]
    if not isinstance(requires, list) or not all(isinstance(r, str) for r in requires):
        problems.error(
            path, key_line(node, "requires"), f"module '{mid}': requires must list module ids"
        )
    else:
        module.requires = list(requires)
        module.requires_line = key_line(node, "requires")
    lessons = node.get("lessons")
    if not isinstance(lessons, list) or not lessons:
        problems.error(path, key_line(node, "lessons"), f"module '{mid}' has no lessons")
        return module
    for index, item in enumerate(lessons):
        item_at = item_line(lessons, index)
        if isinstance(item, str):
            item = {"page": item}
        if not isinstance(item, dict) or not isinstance(item.get("page"), str):
            problems.error(
                path,
                item_at,
                f"module '{mid}': a lesson is a page path or a mapping with 'page' "
                f"(and 'id', 'check'), not {as_written(lessons[index])}",
            )
            continue
        unknown_keys(item, ("page", "id", "check"), path, problems, "key", where=" in a lesson")
        page = item["page"]
        lid = item.get("id") or posixpath.splitext(posixpath.basename(page))[0]
        if not isinstance(lid, str) or not ID_PATTERN.match(lid):
            problems.error(
                path,
                item_at,
                f"lesson id '{lid}' is invalid: use lower-case letters, digits, '-' and '_'",
            )
            continue
        lesson = Lesson(
            id=lid,
            page=page,
            line=item_at,
            module=mid,
            src_uri=posixpath.normpath(posixpath.join(folder, page)),
        )
        check = item.get("check", [])
        if isinstance(check, str):
            check = [check]
        if not isinstance(check, list) or not all(isinstance(c, str) for c in check):
            problems.error(path, item_at, f"lesson '{lid}': check must list question ids")
        else:
            lesson.check = list(check)
            lesson.check_lines = (
                [item_line(check, i) or item_at for i in range(len(check))]
                if hasattr(check, "lc")
                else [item_at] * len(check)
            )
        module.lessons.append(lesson)
    return module
