"""`{{ release.title }}` and friends in page Markdown, outside code.

A full Jinja pass over every page would break any page that shows `{{` in code; Supportal
replaces only the `release.*` names it knows and reports the others.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..core.codefences import FenceTracker
from ..core.problems import Problems, expected

_PLACEHOLDER = re.compile(r"\{\{\s*release\.(?P<name>\w+)\s*\}\}")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")


def substitute(
    markdown: str,
    release: Mapping[str, Any],
    path: str,
    problems: Problems,
    file_line: Any = None,
) -> str:
    """Replace `{{ release.NAME }}` with the release's value; unknown names are warnings."""
    if "{{" not in markdown:
        return markdown
    names = [k for k, v in release.items() if isinstance(v, str | int | bool)]
    lines = markdown.split("\n")
    fences = FenceTracker()
    for index, line in enumerate(lines):
        if fences.inside(line) or "{{" not in line:
            continue
        line_number = file_line(index + 1) if file_line else index + 1
        lines[index] = _substitute_line(line, release, names, path, line_number, problems)
    return "\n".join(lines)


def _substitute_line(
    line: str, release: Mapping[str, Any], names: list[str], path: str, number: int, problems: Problems
) -> str:
    # Split around inline code spans and replace only outside them.
    parts: list[str] = []
    last = 0
    for code in _INLINE_CODE.finditer(line):
        parts.append(_replace(line[last : code.start()], release, names, path, number, problems))
        parts.append(code.group(0))
        last = code.end()
    parts.append(_replace(line[last:], release, names, path, number, problems))
    return "".join(parts)


def _replace(
    text: str, release: Mapping[str, Any], names: list[str], path: str, number: int, problems: Problems
) -> str:
    def one(match: re.Match[str]) -> str:
        name = match["name"]
        if name in names:
            return str(release[name])
        problems.warning(path, number, f"unknown placeholder 'release.{name}'. {expected(name, names)}")
        return match.group(0)

    return _PLACEHOLDER.sub(one, text)
