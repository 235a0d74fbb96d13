"""Located authoring problems: every message a writer sees starts with `path:line:`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One authoring mistake, located in a source file (path relative to the project)."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Problems:
    """Collects problems so an author sees all of them in one run, not one per build."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Problem(path, line, message, Severity.ERROR))

    def warning(self, path: str, line: int | None, message: str) -> None:
        self.items.append(Problem(path, line, message, Severity.WARNING))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


class SupportalError(Exception):
    """Authoring errors that stop a build; carries every problem found, not only the first."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(value: str, choices: Iterable[str]) -> str:
    """' Did you mean 'x'?' when a close choice exists, else ''."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def expected(value: str, choices: Iterable[str]) -> str:
    """'Expected one of: a, b.' plus a suggestion: the tail of every 'unknown X' message."""
    choices = list(choices)
    return f"Expected one of: {', '.join(choices)}.{suggest(value, choices)}"
