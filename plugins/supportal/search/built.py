"""A release's built pages read back for the index, on both cores when there are many.

The indexer reads pages as MkDocs wrote them (`extract.py`). Reading them once the build is
done, rather than as each page is written, lets a forked child read the second half: reading
9,840 pages took 7.7 to 9.9 s of one core, and nothing else ran beside it.

The same reading notes where each page's related-pages marker is and the few kilobytes after
it (Material's footer and scripts), so the list is written in once the index exists without
reading the page again, and without holding its HTML (some 67 kB a page on a 1,000-page site
with a full navigation) while the index is built.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.sidetask import split_work
from .corpus import PageRecord
from .extract import extract_page
from .render import RELATED_MARKER

_MARKER = RELATED_MARKER.encode("utf-8")

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


@dataclass(frozen=True)
class RelatedSlot:
    """Where a written page's related-pages marker is: `start`, its byte offset in the file,
    and `tail`, the bytes after it. The rare page that writing the list in used to change
    elsewhere too keeps its whole `text` instead and is written whole, as before: one with a
    carriage return (read as text, it became a newline) or with the marker twice."""

    start: int
    tail: bytes
    text: str | None = None


@dataclass
class BuiltPages:
    """What reading a release's built pages gives: the index's `records`, in page order, and
    the `slots` of the pages that have a related-pages marker, by URL."""

    records: list[PageRecord] = field(default_factory=list)
    slots: dict[str, RelatedSlot] = field(default_factory=dict)


def read_built_pages(
    pages: Sequence[BuiltPage], *, fork: bool | None = None, scratch: Path | None = None
) -> BuiltPages:
    """Read `pages` once: the index's records of them, in their order, and their related-pages
    slots. A page without a content element is left out of the records, and a page whose
    file is not there (MkDocs writes no file for a page whose output is empty) out of both.
    `fork`, `scratch`: see `core.sidetask.split_work`."""
    sizes = [_size(page.path) for page in pages]
    parts = split_work(
        pages, _read, weights=sizes, threshold=SPLIT_BYTES, fork=fork, scratch=scratch
    )
    return BuiltPages(
        [record for part in parts for record in part.records],
        {url: slot for part in parts for url, slot in part.slots.items()},
    )


def fill_related(path: str, slot: RelatedSlot, html: str) -> None:
    """Write `html` in place of the related-pages marker of the page at `path`."""
    if slot.text is not None:
        Path(path).write_text(slot.text.replace(RELATED_MARKER, html), encoding="utf-8")
        return
    with open(path, "r+b") as page:
        page.seek(slot.start)
        page.write(html.encode("utf-8") + slot.tail)
        page.truncate()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _read(pages: Sequence[BuiltPage]) -> BuiltPages:
    read = BuiltPages()
    for page in pages:
        try:
            raw = Path(page.path).read_bytes()
        except FileNotFoundError:
            continue
        html = raw.decode("utf-8")
        returns = b"\r" in raw
        if returns:  # as reading it as text does (universal newlines)
            html = html.replace("\r\n", "\n").replace("\r", "\n")
        start = raw.find(_MARKER)
        if start >= 0:
            end = start + len(_MARKER)
            whole = returns or raw.find(_MARKER, end) >= 0
            read.slots[page.url] = (
                RelatedSlot(start, b"", html) if whole else RelatedSlot(start, raw[end:])
            )
        extracted = extract_page(html, page.title)
        if extracted is not None:
            read.records.append(
                PageRecord(
                    page.url,
                    extracted.title or page.title,
                    page.type,
                    extracted.sections,
                    page.phrasings,
                )
            )
    return read
