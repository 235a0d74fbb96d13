"""Where Supportal problems meet MkDocs: log every one, then stop the build on errors."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from .problems import Problem, Severity

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class AuthoringError(PluginError):
    """Printed by MkDocs without a traceback: the author's mistake, not our bug."""


def report(problems: Iterable[Problem], log: logging.Logger, *, stop_on_errors: bool = True) -> None:
    """Log each problem (errors as ERROR, the rest as WARNING) and raise if any was an error."""
    errors = 0
    for problem in problems:
        if problem.severity is Severity.ERROR:
            errors += 1
            log.error(str(problem))
        else:
            log.warning(str(problem))
    if errors and stop_on_errors:
        raise AuthoringError(count_errors(errors))


def count_errors(errors: int, where: str = "") -> str:
    """'1 authoring error (listed above) stops the build.' with the right plural."""
    noun = "error" if errors == 1 else "errors"
    verb = "stops" if errors == 1 else "stop"
    return f"{errors} authoring {noun}{where} (listed above) {verb} the build."


def watch_file(config: MkDocsConfig, file: Path) -> None:
    """Have `serve` rebuild when `file`, a data file the build reads (support.yml,
    known_issues.yml, advisories.yml), changes; MkDocs itself watches only the docs and
    mkdocs.yml."""
    if file.exists() and str(file) not in config.watch:
        config.watch.append(str(file))
