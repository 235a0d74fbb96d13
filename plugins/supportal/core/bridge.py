"""Where Supportal problems meet MkDocs: log every one, then stop the build on errors."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from .problems import Problem, Severity

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files


class AuthoringError(PluginError):
    """Printed by MkDocs without a traceback: the author's mistake, not our bug."""


def report(
    problems: Iterable[Problem], log: logging.Logger, *, stop_on_errors: bool = True
) -> None:
    """Log each problem (errors as ERROR, the rest as WARNING) and raise if any was an error."""
    errors = _log(problems, log)
    if errors and stop_on_errors:
        raise AuthoringError(count_errors(errors))


def count_errors(errors: int, where: str = "") -> str:
    """'1 authoring error (listed above) stops the build.' with the right plural."""
    noun = "error" if errors == 1 else "errors"
    verb = "stops" if errors == 1 else "stop"
    return f"{errors} authoring {noun}{where} (listed above) {verb} the build."


class DeferredStop:
    """Mixed into every Supportal plugin, so that one run shows every plugin's mistakes.

    MkDocs runs each plugin's `on_files` in turn: a plugin that raised there kept every plugin
    after it from reading its files, and the writer met their mistakes one build later. So
    until the last `on_files` has run, problems are logged and counted (`defer`), and
    `stop_after_files`, which every plugin adds to its `on_files`, stops the build once.

    A plugin whose own errors leave its data half-read is `stopped`: it generates nothing
    from that data, and a plugin reading that data (the FAQ catalog, the known issues, the
    support desk) first checks that it was read whole, so that one mistake is not reported
    again as the mistakes it would cause elsewhere. Its later hooks never run: the build
    stops before them.
    """

    authoring_errors = 0
    stopped = False

    def start_checks(self) -> None:
        """First thing in `on_config`, enabled or not: MkDocs keeps a plugin object that has
        an `on_startup` hook across the builds of one process (each rebuild of `serve`), and
        no count may carry over from one build to the next."""
        self.authoring_errors = 0
        self.stopped = False

    def defer(
        self, problems: Iterable[Problem], log: logging.Logger, *, stops: bool = True
    ) -> bool:
        """Log each problem and count its errors toward the stop after `on_files`.

        With errors, the plugin is stopped unless `stops` is False (its data is still whole).
        Returns whether the plugin is stopped."""
        errors = _log(problems, log)
        self.authoring_errors += errors
        if errors and stops:
            self.stopped = True
        return self.stopped

    def defer_error(self, message: str, log: logging.Logger) -> None:
        """An error whose message names its place itself (a page in the way of one this plugin
        generates): logged and counted like a problem; the plugin is stopped."""
        log.error(message)
        self.authoring_errors += 1
        self.stopped = True


# The lowest recommended priority: after every plugin's own `on_files`, and before MkDocs
# reads the navigation, which would warn about the pages a stopped plugin did not add.
@event_priority(-100)
def stop_after_files(plugin: Any, files: Files, *, config: MkDocsConfig) -> None:
    """Stop the build if any Supportal plugin found errors while reading its files.

    Every plugin's copy runs; the first one that finds errors stops the build, naming their
    total, whichever Supportal plugins the build has and in whatever order."""
    errors = counted_errors(config)
    if errors:
        raise AuthoringError(count_errors(errors))


def counted_errors(config: MkDocsConfig) -> int:
    """The errors every Supportal plugin of this build has counted so far."""
    return sum(p.authoring_errors for p in config.plugins.values() if isinstance(p, DeferredStop))


def _log(problems: Iterable[Problem], log: logging.Logger) -> int:
    errors = 0
    for problem in problems:
        if problem.severity is Severity.ERROR:
            errors += 1
            log.error(str(problem))
        else:
            log.warning(str(problem))
    return errors


def watch_file(config: MkDocsConfig, file: Path) -> None:
    """Have `serve` rebuild when `file`, a data file the build reads (support.yml,
    known_issues.yml, advisories.yml), changes; MkDocs itself watches only the docs and
    mkdocs.yml."""
    if file.exists() and str(file) not in config.watch:
        config.watch.append(str(file))
