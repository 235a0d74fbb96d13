"""`supportal check`: every authoring problem of every release, without writing a site."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from ..releases.model import Release
from .multibuild import build_release


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
    """
    findings: dict[str, Finding] = {}
    logger = logging.getLogger("mkdocs")
    for release in releases:
        collector = _Collector()
        logger.addHandler(collector)
        try:
            with tempfile.TemporaryDirectory(prefix="supportal-check-") as tmp:
                build_release(config_file, release, Path(tmp), strict=False)
        except MkDocsException:
            pass  # its cause was logged and collected
        finally:
            logger.removeHandler(collector)
        for record in collector.records:
            message = record.getMessage()
            if message.startswith("Aborted with"):
                continue
            finding = findings.setdefault(message, Finding(message, record.levelname))
            finding.releases.append(release.version)
    return list(findings.values())
