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

# A first line '---' is also a Markdown horizontal rule, so a page without a closing line is
# legal: it is unclosed front matter only when the next line reads as a YAML key ('title: A').
# A rule followed directly by a 'Word: text' line is taken for front matter too; the message
# says how to keep the rule (a blank line after it), which is rarer than a forgotten '---'.
_UNCLOSED = re.compile(r"\A-{3}[ \t]*\n[A-Za-z_][\w.-]*[ \t]*:(?:[ \t]|\n|\Z)")
_CLOSING = re.compile(r"^(?:\.{3}|-{3})[ \t]*$", re.MULTILINE)


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
        if _UNCLOSED.match(text):
            raise SupportalError([_unclosed(text, path)])
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


def _unclosed(text: str, path: str) -> Problem:
    """Front matter MkDocs would render as page text: without this, the author sees their YAML
    on the page and no message at all."""
    closing = _CLOSING.search(text, text.index("\n") + 1)
    if closing is not None:
        # The only way a closing line exists yet did not match: it is the file's last line and
        # has no line break (MkDocs needs one too).
        line = text.count("\n", 0, closing.start()) + 1
        return Problem(
            path, line,
            f"front matter opened at line 1 ends at line {line} without a line break: "
            "end the file with a line break after it",
        )
    return Problem(
        path, 1,
        "front matter opened at line 1 is never closed: end it with a line '---' "
        "(for a horizontal rule at the top of the page, put a blank line after it)",
    )
