"""The answer of each FAQ entry in one release: the manual section it points at (if any), then
its own body, with versions blocks, placeholders and relative links resolved for the category
page it lands on. Plain Python, no MkDocs import.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify
from packaging.version import Version

from ..core.frontmatter import SourcePage
from ..core.problems import Problems, expected
from ..releases.blocks import filter_blocks
from ..releases.placeholders import substitute
from .model import FaqEntry, is_entry
from .sections import Slugify, headings, rebase_links, section


@dataclass(frozen=True)
class SourceLink:
    """ "From *Backups › Retention* in the manuals": where a reused answer comes from."""

    title: str
    link: str


@dataclass(frozen=True)
class RenderedEntry:
    """What the category template needs to show one entry."""

    id: str
    question: str
    category: str
    phrasings: list[str]
    answer: str
    """Markdown: the manual section (if any), then the entry's own body."""
    source: SourceLink | None = None


@dataclass
class AnswerBuilder:
    """Builds answers for the release being built."""

    version: Version
    release: Mapping[str, Any]
    """The release as placeholders see it (`Release.as_context()`)."""
    release_label: str
    """How messages name the release (its version)."""
    sources: Mapping[str, SourcePage]
    """Front matter and body of every page, by path under docs_dir (all releases)."""
    present: set[str]
    """Pages that are part of this release."""
    unread: Collection[str] = frozenset()
    """Pages whose front matter has errors (reported by supportal/releases): not in `sources`."""
    folder: str = "faq"
    slugify: Slugify = field(default=toc_slugify)

    def build(self, entry: FaqEntry, page_uri: str, problems: Problems) -> RenderedEntry:
        """The entry as shown on `page_uri`; problems (dangling answer_from, ...) are added."""
        own = filter_blocks(
            entry.body, self.version, entry.path, problems, first_line=entry.body_line
        )
        body = substitute(own.text, self.release, entry.path, problems, own.file_line).strip()
        parts: list[str] = []
        source_link = None
        if entry.answer_from is not None:
            found = self._section(entry, page_uri, problems)
            if found is not None:
                parts.append(found[0])
                source_link = found[1]
        if body:
            parts.append(rebase_links(body, entry.src_uri, page_uri))
        if not parts and entry.answer_from is None:
            problems.error(
                entry.path,
                entry.line,
                f"FAQ entry '{entry.id}' has no answer in release {self.release_label}: write it "
                "below the front matter or point 'answer_from' at a manual section",
            )
        return RenderedEntry(
            id=entry.id,
            question=entry.question,
            category=entry.category,
            phrasings=list(entry.phrasings),
            answer="\n\n".join(parts),
            source=source_link,
        )

    def _section(
        self, entry: FaqEntry, page_uri: str, problems: Problems
    ) -> tuple[str, SourceLink] | None:
        source = entry.answer_from
        assert source is not None
        target = self.sources.get(source.page)
        reference = f"{source.page}#{source.anchor}"
        if target is None and source.page in self.unread:
            return None  # its sections are checked once its front matter reads
        if target is None:
            pages = [p for p in self.sources if not is_entry(p, self.folder)]
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': no page '{source.page}' in docs_dir. "
                f"{expected(source.page, pages)}",
            )
            return None
        if source.page not in self.present:
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': the page is not part of release {self.release_label} "
                "(its 'versions' leaves it out); narrow this entry's 'versions' or pick another "
                "section",
            )
            return None
        # The manual's own problems are reported when the manual page itself is built.
        resolved = filter_blocks(
            target.body, self.version, target.path, Problems(), first_line=target.body_line
        ).text
        all_headings = headings(resolved, self.slugify)
        heading = next((h for h in all_headings if h.anchor == source.anchor), None)
        found = section(resolved, source.anchor, self.slugify)
        if heading is None or found is None:
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': no section with anchor '#{source.anchor}' in "
                f"{target.path} (release {self.release_label}). "
                f"{expected(source.anchor, [h.anchor for h in all_headings])}",
            )
            return None
        text = substitute(found, self.release, target.path, Problems())
        title = target.meta.get("title") or next(
            (h.text for h in all_headings if h.level == 1), source.page
        )
        link = posixpath.relpath(source.page, posixpath.dirname(page_uri)) + f"#{source.anchor}"
        return rebase_links(text, source.page, page_uri), SourceLink(
            f"{title} › {heading.text}", link
        )
