"""Inline release ranges: `/// versions | >=2.1` ... `///` keeps its content only in matching releases.

The syntax follows pymdown-extensions' generic blocks, so other `/// name` blocks can sit around
or inside a versions block; closers pair with openers by fence length, as pymdownx does. Fenced
code is left alone, so documentation can show the syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.version import Version

from ..core.codefences import FenceTracker
from ..core.problems import Problems
from ..core.versions import RangeSyntaxError, VersionRange

BLOCK_NAME = "versions"
_OPENER = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>/{3,})[ \t]*(?P<name>[\w-]+)[ \t]*(?:\|(?P<args>.*))?$")
_CLOSER = re.compile(r"^[ \t]*(?P<fence>/{3,})[ \t]*$")


@dataclass
class RangeBlock:
    """A versions block as written: where it is and which releases keep it."""

    versions: VersionRange
    start_line: int
    end_line: int


@dataclass
class FilteredMarkdown:
    """Markdown with versions blocks resolved for one release.

    `source_lines[i]` is the file line of output line i+1, so later plugins can still report
    `path:line` after blocks were dropped.
    """

    text: str
    source_lines: list[int]
    blocks: list[RangeBlock] = field(default_factory=list)

    def file_line(self, output_line: int) -> int:
        if 1 <= output_line <= len(self.source_lines):
            return self.source_lines[output_line - 1]
        return self.source_lines[-1] if self.source_lines else output_line


@dataclass
class _Open:
    fence: str
    name: str
    line: int
    keep: bool = True
    block: RangeBlock | None = None


def filter_blocks(
    markdown: str, version: Version | str | None, path: str, problems: Problems, first_line: int = 1
) -> FilteredMarkdown:
    """Resolve versions blocks for `version` (None keeps every block, for whole-tree checks).

    Problems (nested versions blocks, unclosed blocks, bad ranges) are added to `problems`;
    a block with a bad range is kept so the page still renders.
    """
    out: list[str] = []
    lines_out: list[int] = []
    blocks: list[RangeBlock] = []
    stack: list[_Open] = []
    fences = FenceTracker()

    for offset, line in enumerate(markdown.split("\n")):
        number = first_line + offset
        keeping = all(o.keep for o in stack)

        in_code = fences.inside(line)
        if not in_code and (opener := _OPENER.match(line)):
            entry = _Open(fence=opener["fence"], name=opener["name"], line=number)
            stack.append(entry)
            if opener["name"] == BLOCK_NAME:
                _open_range(entry, opener["args"], version, stack, path, problems)
                if entry.block:
                    blocks.append(entry.block)
                continue
        elif not in_code and (closer := _CLOSER.match(line)):
            index = _matching_open(stack, closer["fence"])
            if index is not None:
                closed = stack[index]
                del stack[index:]
                if closed.name == BLOCK_NAME:
                    if closed.block:
                        closed.block.end_line = number
                    continue

        if keeping:
            out.append(line)
            lines_out.append(number)

    for entry in stack:
        if entry.name == BLOCK_NAME:
            problems.error(
                path, entry.line,
                f"unclosed '{entry.fence} {BLOCK_NAME}' block: end it with a line '{entry.fence}'",
            )
    return FilteredMarkdown(text="\n".join(out), source_lines=lines_out, blocks=blocks)


def _open_range(
    entry: _Open,
    args: str | None,
    version: Version | str | None,
    stack: list[_Open],
    path: str,
    problems: Problems,
) -> None:
    outer = next((o for o in stack[:-1] if o.name == BLOCK_NAME), None)
    if outer is not None:
        problems.error(
            path, entry.line,
            f"versions block inside the versions block of line {outer.line}: blocks do not nest; "
            "write one block with both ranges, such as '>=2.0,<3.0'",
        )
    text = (args or "").strip()
    if not text:
        problems.error(path, entry.line, f"versions block without a range: write '{entry.fence} {BLOCK_NAME} | >=2.1'")
        return
    try:
        versions = VersionRange.parse(text)
    except RangeSyntaxError as exc:
        problems.error(path, entry.line, str(exc))
        return
    entry.block = RangeBlock(versions=versions, start_line=entry.line, end_line=entry.line)
    entry.keep = version is None or version in versions


def _matching_open(stack: list[_Open], fence: str) -> int | None:
    for index in range(len(stack) - 1, -1, -1):
        if stack[index].fence == fence:
            return index
    return None
