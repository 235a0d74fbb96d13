"""`{{ release.title }}` and friends in page Markdown, outside code.

A full Jinja pass over every page would break any page that shows `{{` in code; Supportal
replaces only the `release.*` names it knows and reports every other `{{ release... }}`, so a
placeholder never reaches readers as it was typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..core.codefences import FenceTracker
from ..core.problems import Problems, expected

PAGE_FIELDS = ("version", "title", "date", "status", "status_label", "end_of_support")
"""What `{{ release.NAME }}` may name in a page: the text values of the release."""
# A list of aliases and a true/false flag have no wording that fits a sentence; theme
# templates, which can loop and branch, still get them.
TEMPLATE_ONLY = ("aliases", "default")

# Any `{{ ... }}` whose expression starts with the name `release`; other `{{` are not ours.
_EXPRESSION = re.compile(r"\{\{(?P<expr>\s*release(?!\w).*?)\}\}")
_FIELD = re.compile(r"\s*release\.(?P<name>\w+)\s*")
_NAME = re.compile(r"\s*release\s*\.\s*(?P<name>\w+)")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
_RESOLVED = "supportal_placeholders_resolved"


def mark_resolved(file: Any) -> None:
    """Mark a generated page (an MkDocs File) whose generator filled in its placeholders and
    reported their mistakes at the data file's lines: the page's own pass would report them
    again, at a generated file that does not exist."""
    setattr(file, _RESOLVED, True)


def is_resolved(file: Any) -> bool:
    return bool(getattr(file, _RESOLVED, False))


def substitute(
    markdown: str,
    release: Mapping[str, Any],
    path: str,
    problems: Problems,
    file_line: Any = None,
) -> str:
    """Replace `{{ release.NAME }}` with the release's value; other `{{ release... }}` are
    warnings and stay as written."""
    if "{{" not in markdown:
        return markdown
    lines = markdown.split("\n")
    fences = FenceTracker()
    for index, line in enumerate(lines):
        if fences.inside(line) or "{{" not in line:
            continue
        line_number = file_line(index + 1) if file_line else index + 1
        lines[index] = _substitute_line(line, release, path, line_number, problems)
    return "\n".join(lines)


def _substitute_line(
    line: str, release: Mapping[str, Any], path: str, number: int, problems: Problems
) -> str:
    # Split around inline code spans and replace only outside them.
    parts: list[str] = []
    last = 0
    for code in _INLINE_CODE.finditer(line):
        parts.append(_replace(line[last : code.start()], release, path, number, problems))
        parts.append(code.group(0))
        last = code.end()
    parts.append(_replace(line[last:], release, path, number, problems))
    return "".join(parts)


def _replace(
    text: str, release: Mapping[str, Any], path: str, number: int, problems: Problems
) -> str:
    def one(match: re.Match[str]) -> str:
        field = _FIELD.fullmatch(match["expr"])
        if field is not None and field["name"] in PAGE_FIELDS:
            return str(release[field["name"]])
        problems.warning(path, number, _problem(match, field))
        return match.group(0)

    return _EXPRESSION.sub(one, text)


def _problem(match: re.Match[str], field: re.Match[str] | None) -> str:
    if field is None:
        # `{{ release }}`, `{{ release.title.upper }}`, `{{ release.title | upper }}`: Jinja
        # syntax that is never evaluated here.
        named = _NAME.match(match["expr"])
        hint = expected(named["name"] if named else "", PAGE_FIELDS)
        return (
            f"malformed placeholder '{match.group(0)}': write '{{{{ release.NAME }}}}' alone, "
            f"without filters, methods or indexing. {hint}"
        )
    name = field["name"]
    if name in TEMPLATE_ONLY:
        return (
            f"placeholder 'release.{name}' is only for theme templates, not pages. "
            f"{expected(name, PAGE_FIELDS)}"
        )
    return f"unknown placeholder 'release.{name}'. {expected(name, PAGE_FIELDS)}"
