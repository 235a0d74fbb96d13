"""MkDocs' configuration messages, located in the file they are about.

MkDocs reports a mistake in mkdocs.yml as `Config value 'theme': …`, naming the key but
neither the file nor the line; our commands add both (`mkdocs.yml:7: Config value 'theme': …`),
as every other authoring message has them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.configplace import config_line

_MESSAGE = re.compile(r"Config value '(?P<key>[^']+)': (?P<detail>.*)", re.S)
# MkDocs names YAML values by their Python type (`Expected type: <class 'bool'>`).
_PYTHON_TYPE = re.compile(r"<class '(\w+)'>")
_YAML_WORDS = {
    "bool": "true or false", "str": "text", "int": "a whole number", "float": "a number",
    "list": "a list", "dict": "a mapping", "NoneType": "nothing",
}


_INHERIT = re.compile(r"^INHERIT\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def _where(file: Path, key: str, detail: str, shown: str = "", depth: int = 0) -> str:
    """`mkdocs.yml:7`: the file that writes `key` (this one, or one it INHERITs from, named as
    written there) and the line; the file alone when none writes it."""
    shown = shown or file.name
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return shown
    line = config_line(text, key, detail)
    if line:
        return f"{shown}:{line}"
    parent = _INHERIT.search(text)
    if parent and depth < 5:
        written = parent[1].strip()
        inherited = _where(file.parent / written, key, detail, written, depth + 1)
        if inherited != written:
            return inherited
    return shown


_RAISED = "supportal_raised"


def is_raised(record: logging.LogRecord) -> bool:
    """Whether the command also raises this configuration error as a problem (see
    `located_config_messages`): its live log record is then left out of the output."""
    return getattr(record, _RAISED, False)


class _Locate(logging.Filter):
    def __init__(self, file: Path, prefix: str, errors_raised: bool) -> None:
        super().__init__()
        self.file = file
        self.prefix = prefix
        self.errors_raised = errors_raised

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = _MESSAGE.match(message)
        if match:
            where = _where(self.file, match["key"], match["detail"])
            message = _PYTHON_TYPE.sub(lambda m: _YAML_WORDS.get(m[1], m[1]), message)
            record.msg, record.args = f"{self.prefix}{where}: {message}", ()
            if self.errors_raised and record.levelno >= logging.ERROR:
                # The command prints it once, with the others it stops on.
                setattr(record, _RAISED, True)
        return True


@contextmanager
def located_config_messages(
    file: Path, prefix: str = "", *, errors_raised: bool = False
) -> Iterator[None]:
    """While MkDocs loads `file`, its configuration messages start with `prefix` and the
    file's name and line. `errors_raised`: the caller raises the errors as problems, so the
    CLI's output (`SHOWN_ONCE`) leaves out their live copy."""
    logger = logging.getLogger("mkdocs.config")
    locate = _Locate(file, prefix, errors_raised)
    logger.addFilter(locate)
    try:
        yield
    finally:
        logger.removeFilter(locate)


class _ShownOnce(logging.Filter):
    def __init__(self) -> None:
        super().__init__()
        self.shown: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if is_raised(record):
            return False
        text = record.getMessage()
        if record.exc_info or (record.levelno < logging.WARNING and "Config value '" not in text):
            return True  # a traceback (serve's "500 Internal Server Error") is always shown
        if text in self.shown:
            return False
        self.shown.add(text)
        return True


SHOWN_ONCE = _ShownOnce()
"""Filter of the CLI's output: every release of a build loads the same mkdocs.yml and mostly
the same pages, so a configuration message, warning or error that several releases give is
shown once per command (`serve`: once per rebuild). MkDocs' own count of warnings for
`--strict` is not a handler of the CLI's, and still sees every one."""
