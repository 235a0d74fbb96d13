"""Strict front-matter reader.

MkDocs' own reader (`mkdocs.utils.meta`) drops YAML errors silently and renders the broken
front matter as text. Supportal reads every page itself and reports the error at `path:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap

from .problems import Problem, SupportalError
from .yamlfile import key_line, parse_yaml

# The same delimiters MkDocs accepts, so both readers agree on where the front matter ends.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


@dataclass
class SourcePage:
    """A Markdown page split into front matter and body, with line numbers kept."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    """File line of the body's first line."""

    def line_of(self, key: str) -> int | None:
        """File line of a front-matter key (the opening `---` line when the key is absent)."""
        if isinstance(self.meta, CommentedMap):
            return key_line(self.meta, key, first_line=2)
        return 1


def read_front_matter(text: str, path: str) -> SourcePage:
    """Split `text` into front matter and body; bad YAML raises SupportalError at its line."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return SourcePage(path=path, meta=CommentedMap(), body=text, body_line=1)
    raw = match.group(1)
    data = parse_yaml(raw, path, first_line=2) if raw.strip() else CommentedMap()
    if data is None:
        data = CommentedMap()
    if not isinstance(data, dict):
        raise SupportalError(
            [Problem(path, 2, "front matter must be a mapping of keys to values")]
        )
    body = text[match.end() :].lstrip("\n")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SourcePage(path=path, meta=data, body=body, body_line=body_line)
