"""MkDocs' link warnings, located: `Doc file 'a.md' contains a link 'b.md'…` names the page and
the link but not the line, nor, for a release built from a git ref, which tree it is in."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.sourcefiles import project_path

_DOC_FILE = re.compile(
    r"^Doc file '(?P<page>[^']+)' contains (?:a link|an absolute link|an unrecognized relative "
    r"link) '(?P<link>[^']*)'"
)


def locate_doc_message(message: str, docs_dir: Path, prefix: str) -> str:
    """`Doc file 'a.md' contains a link 'b.md'...` → `<prefix>/a.md:LINE: Doc file ...`;
    other messages as they are."""
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
    except (OSError, UnicodeDecodeError):
        pass
    where = f"{prefix}/{page}" if prefix != "." else page
    return f"{where}:{line}: {message}" if line else f"{where}: {message}"


class _Locate(logging.Filter):
    def __init__(self, docs_dir: Path, prefix: str, label: str) -> None:
        super().__init__()
        self.docs_dir, self.prefix, self.label = docs_dir, prefix, label

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        located = locate_doc_message(message, self.docs_dir, self.prefix)
        if located is not message:
            record.msg, record.args = f"{self.label}{located}", ()
            # The page cache replays a conversion's warnings in other releases, whose tree and
            # label differ: it keeps MkDocs' words and lets each release locate them.
            record.unlocated = message
        return True


@contextmanager
def located_link_warnings(docs_dir: Path, root: Path, label: str = "") -> Iterator[None]:
    """While a release builds, MkDocs' link warnings name the page's file and line, after
    `label` (a ref release: `release 1.1: git ref 'v1.1.0': `)."""
    logger = logging.getLogger("mkdocs.structure.pages")
    locate = _Locate(Path(docs_dir), project_path(Path(docs_dir), root), label)
    logger.addFilter(locate)
    try:
        yield
    finally:
        logger.removeFilter(locate)
