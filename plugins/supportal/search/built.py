"""A release's built pages read back for the index, on both cores when there are many.

The indexer reads pages as MkDocs wrote them (`extract.py`). Reading them once the build is
done, rather than as each page is written, lets a forked child read the second half: reading
9,840 pages took 7.7 to 9.9 s of one core, and nothing else ran beside it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.sidetask import split_work
from .corpus import PageRecord
from .extract import extract_page

SPLIT_BYTES = 16_000_000
"""Releases with more HTML than this are read in two halves side by side."""


@dataclass
class BuiltPage:
    """A written page the index reads: its URL, file, own title (used when its content has no
    h1), content type and FAQ phrasings."""

    url: str
    path: str
    title: str
    type: str
    phrasings: list[str] = field(default_factory=list)


def read_built_pages(
    pages: Sequence[BuiltPage], *, fork: bool | None = None, scratch: Path | None = None
) -> list[PageRecord]:
    """The index's records of `pages`, in their order. A page without a content element is
    left out, and so is one whose file is not there (MkDocs writes no file for a page whose
    output is empty). `fork`, `scratch`: see `core.sidetask.split_work`."""
    sizes = [_size(page.path) for page in pages]
    parts = split_work(
        pages, _read, weights=sizes, threshold=SPLIT_BYTES, fork=fork, scratch=scratch
    )
    return [record for part in parts for record in part]


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read(pages: Sequence[BuiltPage]) -> list[PageRecord]:
    records = []
    for page in pages:
        try:
            html = Path(page.path).read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        extracted = extract_page(html, page.title)
        if extracted is not None:
            records.append(
                PageRecord(
                    page.url,
                    extracted.title or page.title,
                    page.type,
                    extracted.sections,
                    page.phrasings,
                )
            )
    return records
