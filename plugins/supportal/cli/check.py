"""`supportal check`: every authoring problem of every release, without writing a site."""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from ..core.problems import SupportalError
from ..releases.model import Release
from ..troubleshooting.registry import compare_only
from .host import load_release_config
from .multibuild import build_release


# The tail of an AuthoringError (`core.bridge.count_errors`): it repeats the count of the
# problems listed above it, so it is not a problem of its own.
_ERROR_COUNT = re.compile(r"^\d+ authoring errors?\b.* \(listed above\) stops? the build\.$")

# MkDocs' own content warnings name the page and the link but no line.
_DOC_FILE = re.compile(r"^Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link) '(?P<link>[^']*)'")


def locate_mkdocs_message(message: str, docs_dir: Path, prefix: str) -> str:
    """`Doc file 'a.md' contains a link 'b.md'...` → `docs/a.md:LINE: Doc file ...`."""
    match = _DOC_FILE.match(message)
    if not match:
        return message
    page = match["page"]
    line = None
    try:
        for number, text in enumerate((docs_dir / page).read_text(encoding="utf-8").splitlines(), 1):
            if f"]({match['link']}" in text or f"]: {match['link']}" in text:
                line = number
                break
    except OSError:
        pass
    where = f"{prefix}/{page}" if prefix != "." else page
    return f"{where}:{line}: {message}" if line else f"{where}: {message}"


def _docs_location(config_file: Path) -> tuple[Path, str]:
    config = load_release_config(config_file, None)
    docs_dir = Path(config.docs_dir)
    try:
        # Like every Supportal message (`display_path`): relative to the folder of mkdocs.yml.
        prefix = docs_dir.resolve().relative_to(config_file.resolve().parent).as_posix()
    except ValueError:
        prefix = docs_dir.name
    return docs_dir, prefix


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
    for release in releases:
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
        docs = _docs_location(config_file)
        found = [(r.getMessage(), r.levelname) for r in collector.records]
        for message, level in found + [(text, "ERROR") for text in refused]:
            if message.startswith("Aborted with") or _ERROR_COUNT.match(message):
                continue
            message = locate_mkdocs_message(message, *docs)
            finding = findings.setdefault(message, Finding(message, level))
            # One release can log the same message more than once (several mistakes on one
            # line): the problem is still one, and its release is named once.
            if release.version not in finding.releases:
                finding.releases.append(release.version)
    return list(findings.values())
