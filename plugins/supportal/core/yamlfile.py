"""Strict YAML reading with line numbers (ruamel.yaml keeps them on every mapping and list)."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarfloat import ScalarFloat

from .problems import Problem, Problems, SupportalError, expected
from .sourcefiles import read_text


class _Constructor(RoundTripConstructor):
    """Keeps an impossible date (2024-13-01) as its text instead of crashing, so validators
    can report it at its line; valid dates still load as `datetime.date`."""

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


# The parser's words, then what a writer does about them.
_HINTS = (
    ("mapping values are not allowed here", "a ': ' inside a value: quote the value"),
    ("expected <block end>", "this line is indented differently from the lines above it"),
    ("found character '\\t'", "a tab: indent with spaces"),
    ("that cannot start any token", "quote a value that starts with this character"),
    ("found undefined alias", "'*' starts an alias in YAML: quote the value"),
    ("could not find expected ':'", "a line that is neither 'key: value' nor '- item'"),
    ("did not find expected key", "check the indentation of this line"),
    ("chomping or indentation indicators", "'>' and '|' start a block of text: quote the value"),
    ("found unexpected end of stream", "a quote that is never closed"),
    ("expected ',' or ']'", "a '[' list that is never closed"),
    ("expected ',' or '}'", "a '{' mapping that is never closed"),
)


def parse_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error becomes a SupportalError at `path:line`.

    `first_line` is the file line of the text's first line (front matter starts on line 2).
    Line numbers of the returned nodes stay relative to the text: use `key_line`/`item_line`
    with the same `first_line`.
    """
    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "stream end" in (exc.problem or ""):
            # "expected ']' but got <stream end>": the line that opened it is the useful one.
            mark = exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        reason = exc.problem or exc.context or "invalid YAML"
        hint = next((h for words, h in _HINTS if words in reason), None)
        if hint:
            reason = f"{reason} ({hint})"
        raise SupportalError([Problem(path, line, f"invalid YAML: {reason}")]) from None
    except YAMLError as exc:
        raise SupportalError([Problem(path, first_line, f"invalid YAML: {exc}")]) from None


def load_yaml_file(file: Path, display_path: str) -> Any:
    """Read and parse a YAML file; unreadable files are located errors too."""
    return parse_yaml(read_text(file, display_path), display_path)


def scalar_text(value: Any) -> str:
    """A scalar as the author wrote it: an unquoted `2.10` loads as the float 2.1, whose
    `str()` would lose the trailing zero (and sort 2.10 below 2.9)."""
    if isinstance(value, ScalarFloat):
        out = io.StringIO()
        _yaml().dump(value, out)
        return out.getvalue().split("\n", 1)[0].strip()
    return str(value).strip()


def kind_of(value: Any) -> str:
    """What a YAML value is, in an author's words: messages say 'not a list', never the Python
    class ruamel.yaml loaded it as (CommentedSeq, NoneType)."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.date):  # datetime too
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "a value of another kind"


def unknown_keys(
    data: Any,
    allowed: tuple[str, ...],
    path: str,
    problems: Problems,
    what: str,
    *,
    where: str = "",
) -> None:
    """`unknown <what> 'k'<where>. Expected one of: …` at the line of every key of `data` not
    in `allowed` (`where`: " in a module", or empty)."""
    for key in data:
        if key not in allowed:
            problems.error(
                path,
                key_line(data, key),
                f"unknown {what} '{key}'{where}. {expected(str(key), allowed)}",
            )


def id_not_text(value: Any, what: str, example: str) -> str:
    """`id: 42` is a number to YAML, not a wrong id: say so. Not turned into text: YAML has
    already rewritten `0042` as 42, and an id (a permalink, saved progress) must stay as
    written."""
    kind = kind_of(value)
    if isinstance(value, bool | int | float | dt.date):
        # Quote it as the author wrote it (`0042`, `2.10`), not as YAML read it (42, 2.1).
        out = io.StringIO()
        _yaml().dump(value, out)
        written = out.getvalue().split("\n", 1)[0].strip()
        return f"{what} must be text, not {kind}: put it in quotes ('{written}')"
    return f"{what} must be text such as '{example}', not {kind}"


def id_like(text: str, example: str) -> str:
    """An id in lower-case words joined by '-' made from `text` ('How Long' -> 'how-long'):
    the suggestion of a message about an id written with spaces or capitals, valid for every
    kind of id (page, FAQ, known issue). `example` when nothing of `text` is left."""
    # Accents come off first ('Über' -> 'uber'), rather than whole letters.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words) or example


def key_line(node: Any, key: str, first_line: int = 1) -> int | None:
    """File line of `key` in a mapping node, or of the mapping itself when the key is absent."""
    if isinstance(node, CommentedMap):
        if key in node:
            return node.lc.key(key)[0] + first_line
        return node.lc.line + first_line
    return None


def item_line(node: Any, index: int, first_line: int = 1) -> int | None:
    """File line of item `index` of a list node."""
    if isinstance(node, CommentedSeq):
        return node.lc.item(index)[0] + first_line
    return None


def node_line(node: Any, first_line: int = 1) -> int | None:
    """File line where a mapping or list node starts."""
    if isinstance(node, CommentedMap | CommentedSeq):
        return node.lc.line + first_line
    return None
