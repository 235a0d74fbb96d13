"""`supportal check`: every authoring problem of every release, without writing a site."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from ..core.problems import SupportalError
from ..releases.model import Release
from ..troubleshooting.registry import compare_only
from .multibuild import build_release

# The tail of an AuthoringError (`core.bridge.count_errors`): it repeats the count of the
# problems listed above it, so it is not a problem of its own.
_ERROR_COUNT = re.compile(r"^\d+ authoring errors?\b.* \(listed above\) stops? the build\.$")


@dataclass
class Finding:
    message: str
    level: str
    releases: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def check_releases(config_file: Path, releases: Sequence[Release]) -> list[Finding]:
    """Build each release into a throw-away folder and collect its warnings and errors.

    Running the real pipeline means every plugin's validation runs, including MkDocs' own link
    checks; a problem found in several releases is reported once, naming those releases.
    Nothing is published, so the tree node registry is compared against but never written.
    """
    findings: dict[str, Finding] = {}
    logger = logging.getLogger("mkdocs")
    with _build_log_muted():
        for release in releases:
            _check_release(config_file, release, logger, findings)
    return list(findings.values())


@contextmanager
def _build_log_muted() -> Iterator[None]:
    """Check lists each problem once, in its summary: the builds' own lines (MkDocs' INFO
    lines, each warning as it happens) would print every problem a second time."""
    shown = [h for h in logging.getLogger("mkdocs").handlers if h.name == "supportal"]
    levels = [h.level for h in shown]
    for handler in shown:
        handler.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for handler, level in zip(shown, levels, strict=True):
            handler.setLevel(level)


def _check_release(
    config_file: Path, release: Release, logger: logging.Logger, findings: dict[str, Finding]
) -> None:
    collector = _Collector()
    logger.addHandler(collector)
    refused: list[str] = []
    try:
        with compare_only(), tempfile.TemporaryDirectory(prefix="supportal-check-") as tmp:
            build_release(config_file, release, Path(tmp), strict=False)
    except MkDocsException:
        pass  # its cause was logged and collected
    except SupportalError as exc:
        # A release whose git ref cannot be prepared: the other releases are still checked.
        refused = [str(problem) for problem in exc.problems]
    finally:
        logger.removeHandler(collector)
    found = [(r.getMessage(), r.levelname) for r in collector.records]
    for message, level in found + [(text, "ERROR") for text in refused]:
        if message.startswith("Aborted with") or _ERROR_COUNT.match(message):
            continue
        finding = findings.setdefault(message, Finding(message, level))
        # One release can log the same message more than once (several mistakes on one
        # line): the problem is still one, and its release is named once.
        if release.version not in finding.releases:
            finding.releases.append(release.version)
